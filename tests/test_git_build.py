"""Building inside git: version stamps, --rev, --changes, reproducible bytes from a commit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from gitrepo import commit, git, init
from helpers import EVERY_KEY, MINIMAL, run, write
from pdfutil import page_texts, watermarked

FINAL = MINIMAL.replace("briefgen: 1", "briefgen: 1\nstatus: final")


@pytest.fixture
def repo(workdir: Path) -> Path:
    """A repository holding one final brief with an image, committed and tagged."""
    folder = init(workdir / "repo")
    write(folder, "briefs/b.yaml", FINAL.replace("problem: It is large.", "problem: |\n  ![A map](images/map.png)"))
    shutil.copy(EVERY_KEY.parent / "images" / "branches.png", folder / "briefs" / "map.png")
    (folder / "briefs" / "images").mkdir()
    shutil.move(folder / "briefs" / "map.png", folder / "briefs" / "images" / "map.png")
    commit(folder, "First version", "2025-02-14T10:00:00+00:00")
    git(folder, "tag", "v1")
    return folder


def test_outputs_carry_the_commit_stamp(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    short = git(repo, "rev-parse", "--short", "HEAD")
    assert run("build", "briefs/b.yaml").exit_code == 0
    stamp = f"{short} (v1) 2025-02-14"
    assert (repo / "build" / "b.md").read_text().startswith(f"<!-- {stamp} -->\n")
    assert stamp in (repo / "build" / "b.html").read_text()
    reader = PdfReader(repo / "build" / "b.pdf")
    assert reader.metadata["/version"] == stamp
    assert all(stamp in text for text in page_texts(repo / "build" / "b.pdf"))
    assert watermarked(repo / "build" / "b.pdf") == [False]


def test_uncommitted_changes_are_stamped_and_watermarked(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    brief = repo / "briefs" / "b.yaml"
    brief.write_text(brief.read_text().replace("A minimal brief", "A changed brief"))
    assert run("build", "briefs/b.yaml", "--to", "md,pdf").exit_code == 0
    assert "uncommitted changes" in (repo / "build" / "b.md").read_text().splitlines()[0]
    assert watermarked(repo / "build" / "b.pdf") == [True]


def test_outside_git_nothing_is_stamped(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL)
    assert run("build", "b.yaml", "--to", "md").exit_code == 0
    assert (workdir / "build" / "b.md").read_text().startswith("# A minimal brief")


def test_build_at_a_revision_reads_git_not_the_work_tree(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    brief = repo / "briefs" / "b.yaml"
    brief.write_text(brief.read_text().replace("value: 8630000", "value: 9000000"))
    commit(repo, "Second version", "2025-03-01T10:00:00+00:00")
    (repo / "briefs" / "images" / "map.png").unlink()
    brief.write_text("not: even a brief\n")
    result = run("build", "briefs/b.yaml", "--rev", "v1", "-o", "old")
    assert result.exit_code == 0, result.output
    text = (repo / "old" / "b.md").read_text()
    assert "8.63m people" in text and "(v1) 2025-02-14" in text.splitlines()[0]
    assert (repo / "old" / "images" / "map.png").exists()
    assert brief.read_text() == "not: even a brief\n"


def test_unknown_revision_is_an_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    result = run("build", "briefs/b.yaml", "--rev", "v9")
    assert result.exit_code == 2  # a usage error, found before anything is built
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for '--rev': unknown revision 'v9'"


def test_changes_box_lists_what_changed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    brief = repo / "briefs" / "b.yaml"
    brief.write_text(
        brief.read_text().replace("value: 8630000", "value: 9000000").replace("title: Carry on", "title: Keep going")
    )
    commit(repo, "Second version", "2025-03-01T10:00:00+00:00")
    assert run("build", "briefs/b.yaml", "--changes", "v1", "--to", "md,html").exit_code == 0
    md = (repo / "build" / "b.md").read_text()
    assert "## Changes since v1" in md
    assert "8.63m people" in md and "9m people" in md and "Keep going" in md
    assert "Changes since v1" in (repo / "build" / "b.html").read_text()


def test_changes_box_prints_figures_in_changed_prose_as_readers_see_them(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    brief = repo / "briefs" / "b.yaml"
    text = brief.read_text().replace("value: 8630000", "value: 9000000")
    brief.write_text(
        text.replace("summary: London has {london_population}", "summary: London now has {london_population}")
    )
    commit(repo, "Second version", "2025-03-01T10:00:00+00:00")
    assert run("build", "briefs/b.yaml", "--changes", "v1", "--to", "md").exit_code == 0
    box = (repo / "build" / "b.md").read_text().split("## Changes since v1")[1]
    assert "{london_population}" not in box
    assert "- **summary**: London **now** has ~~8.63m~~ **9m** people.\n" in box  # the citation left out
    author_view = run("diff", "briefs/b.yaml", "v1").output
    assert "{london_population}" in author_view  # the author's diff shows the source as written


def test_two_clones_of_one_commit_give_identical_pdfs(
    repo: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdfs = []
    for name in ("clone-a", "clone-b"):
        git(workdir, "clone", "-q", str(repo), name)
        monkeypatch.chdir(workdir / name)
        assert run("build", "briefs/b.yaml", "--no-cache").exit_code == 0
        pdfs.append((workdir / name / "build" / "b.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]


def test_shallow_clone_gets_a_warning_with_the_fix(repo: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(workdir, "clone", "-q", "--depth", "1", f"file://{repo}", "shallow")
    monkeypatch.chdir(workdir / "shallow")
    result = run("build", "briefs/b.yaml", "--to", "md")
    assert result.exit_code == 0
    assert "briefs/b.yaml:1:1: warning: shallow git clone" in result.stderr
    assert "git fetch --unshallow" in result.stderr


def test_check_warns_about_the_same_figure_differing_between_briefs(workdir: Path) -> None:
    write(workdir, "briefs/a.yaml", MINIMAL)
    write(workdir, "briefs/b.yaml", MINIMAL.replace("value: 8630000", "value: 8600000"))
    result = run("check", "briefs")
    assert result.exit_code == 0
    assert result.stderr == (
        "briefs/b.yaml:8:3: warning: figure 'london_population' differs from the one at briefs/a.yaml:8:3 in value\n"
    )
    assert run("check", "--strict", "briefs").exit_code == 1
