"""The git helpers, on throwaway repositories: stamps, files and folders at a revision."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from briefgen.gitinfo import SHALLOW_HINT, GitError, Stamp, _extract, export_folder_at, read_at, revision, stamp_for
from helpers import write

DATE = "2025-02-14T10:00:00+01:00"


class Repo:
    """A throwaway git repository with fixed names and dates."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("-c", "init.defaultBranch=main", "init", "-q")

    def git(self, *args: str, date: str = DATE) -> str:
        """Run git in the repository and return its output."""
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        done = subprocess.run(["git", "-C", str(self.root), *args], env=env, check=True, capture_output=True, text=True)
        return done.stdout.strip()

    def write(self, name: str, text: str | bytes) -> Path:
        """Write a file in the work tree."""
        return write(self.root, name, text)

    def commit(self, message: str, date: str = DATE) -> str:
        """Commit everything and return the short hash."""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)
        return self.git("rev-parse", "--short", "HEAD")


@pytest.fixture(autouse=True)
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep git away from the user's configuration and from folders above the test's own."""
    for name, value in {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A repository with one brief and an image, committed and tagged v1.2."""
    made = Repo(tmp_path / "repo")
    made.write("briefs/b.yaml", "title: one\n")
    made.write("briefs/images/x.png", b"\x89PNG one")
    made.write("README", "read me\n")
    made.commit("first")
    made.git("tag", "v1.2")
    return made


def test_stamp_of_a_committed_brief(repo: Repo) -> None:
    stamp = stamp_for(repo.root / "briefs" / "b.yaml")
    assert stamp == Stamp(
        repo.git("rev-parse", "--short", "HEAD"),
        "v1.2",
        datetime(2025, 2, 14, 10, tzinfo=timezone(timedelta(hours=1))),
        False,
        False,
    )
    assert stamp.date.utcoffset() == timedelta(hours=1)
    assert stamp.label() == f"{stamp.commit} (v1.2) 2025-02-14"
    assert stamp.epoch() == 1739523600


def test_stamp_is_the_last_commit_touching_the_file(repo: Repo) -> None:
    first = repo.git("rev-parse", "--short", "HEAD")
    repo.write("README", "changed\n")
    repo.commit("other file", date="2025-03-01T09:00:00+00:00")
    stamp = stamp_for(repo.root / "briefs" / "b.yaml")
    assert (stamp.commit, stamp.tag, stamp.date.date().isoformat(), stamp.dirty) == (first, "v1.2", "2025-02-14", False)


def test_highest_of_several_tags_and_annotated_tags(repo: Repo) -> None:
    repo.git("tag", "-a", "v1.10", "-m", "annotated")
    repo.git("tag", "v1.9")
    assert stamp_for(repo.root / "briefs" / "b.yaml").tag == "v1.10"


def test_untagged_commit(repo: Repo) -> None:
    repo.write("briefs/b.yaml", "title: two\n")
    commit = repo.commit("second")
    stamp = stamp_for(repo.root / "briefs" / "b.yaml")
    assert (stamp.commit, stamp.tag) == (commit, None)
    assert stamp.label() == f"{commit} 2025-02-14"


def test_dirty_when_changed_staged_or_an_extra_path_changed(repo: Repo) -> None:
    brief = repo.root / "briefs" / "b.yaml"
    image = repo.root / "briefs" / "images" / "x.png"
    assert not stamp_for(brief, [image]).dirty
    image.write_bytes(b"\x89PNG two")
    assert not stamp_for(brief).dirty
    assert stamp_for(brief, [image, repo.root.parent / "elsewhere.png"]).dirty
    brief.write_text("title: changed\n")
    stamp = stamp_for(brief)
    assert stamp.dirty and stamp.label().endswith("2025-02-14, uncommitted changes")
    repo.git("add", "briefs/b.yaml")
    assert stamp_for(brief).dirty


def test_new_uncommitted_file(repo: Repo) -> None:
    brief = repo.write("briefs/new.yaml", "title: new\n")
    os.utime(brief, (1739523600, 1739523600))
    stamp = stamp_for(brief)
    assert (stamp.commit, stamp.tag, stamp.dirty, stamp.epoch()) == ("", None, True, 1739523600)
    assert stamp.date.tzinfo is not None
    assert stamp.label() == "uncommitted changes"
    assert stamp_for(repo.root / "briefs" / "missing.yaml") is None


def test_repository_without_commits(tmp_path: Path) -> None:
    empty = Repo(tmp_path / "empty")
    brief = empty.write("b.yaml", "title: x\n")
    assert stamp_for(brief).commit == ""


def test_outside_git_or_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo: Repo) -> None:
    plain = write(tmp_path / "plain", "b.yaml", "title: x\n")
    assert stamp_for(plain) is None
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert stamp_for(repo.root / "briefs" / "b.yaml") is None
    with pytest.raises(GitError, match="git is not installed"):
        read_at(repo.root / "briefs" / "b.yaml", "HEAD")


def test_renamed_brief(repo: Repo) -> None:
    repo.git("mv", "briefs/b.yaml", "briefs/c.yaml")
    commit = repo.commit("rename", date="2025-04-01T12:00:00+00:00")
    stamp = stamp_for(repo.root / "briefs" / "c.yaml")
    assert (stamp.commit, stamp.tag, stamp.date.date().isoformat()) == (commit, None, "2025-04-01")
    assert read_at(repo.root / "briefs" / "c.yaml", "HEAD") == b"title: one\n"
    assert read_at(repo.root / "briefs" / "b.yaml", "v1.2") == b"title: one\n"
    with pytest.raises(GitError, match=r"^briefs/c.yaml does not exist at v1.2$"):
        read_at(repo.root / "briefs" / "c.yaml", "v1.2")


def test_read_at(repo: Repo) -> None:
    brief = repo.root / "briefs" / "b.yaml"
    repo.write("briefs/b.yaml", "title: two\n")
    repo.commit("second")
    brief.write_text("title: work tree\n")
    assert read_at(brief, "HEAD") == b"title: two\n"
    assert read_at(brief, "HEAD~1") == read_at(brief, "v1.2") == b"title: one\n"
    assert revision(brief, "v1.2") == repo.git("rev-parse", "v1.2^{commit}")
    with pytest.raises(GitError, match=r"^unknown revision 'nope'$"):
        read_at(brief, "nope")
    with pytest.raises(GitError, match="unknown revision '--help'"):
        read_at(brief, "--help")
    with pytest.raises(GitError, match="is not inside a git work tree"):
        read_at(repo.root.parent / "b.yaml", "HEAD")


def test_read_at_from_a_subfolder_and_a_deleted_folder(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo.root / "briefs")
    assert read_at(Path("b.yaml"), "HEAD") == b"title: one\n"
    assert read_at(Path("gone/deeper/../../b.yaml"), "HEAD") == b"title: one\n"


def test_shallow_clone(repo: Repo, tmp_path: Path) -> None:
    repo.write("briefs/b.yaml", "title: two\n")
    repo.commit("second")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    brief = clone / "briefs" / "b.yaml"
    stamp = stamp_for(brief)
    assert stamp.shallow and not stamp.dirty and stamp.commit == repo.git("rev-parse", "--short", "HEAD")
    assert not stamp_for(repo.root / "briefs" / "b.yaml").shallow
    with pytest.raises(GitError) as caught:
        read_at(brief, "HEAD~1")
    assert caught.value.message == f"unknown revision 'HEAD~1'; {SHALLOW_HINT}"
    assert "git fetch --unshallow" in SHALLOW_HINT and "fetch-depth: 0" in SHALLOW_HINT


def test_export_folder_at(repo: Repo, tmp_path: Path) -> None:
    brief = repo.root / "briefs" / "b.yaml"
    repo.write("briefs/images/x.png", b"\x89PNG two")
    repo.write("briefs/images/y.png", b"new")
    repo.commit("second")
    out = export_folder_at(brief, "v1.2", tmp_path / "out")
    assert out == tmp_path / "out" / "briefs" / "b.yaml"
    assert out.read_bytes() == b"title: one\n"
    assert (out.parent / "images" / "x.png").read_bytes() == b"\x89PNG one"
    assert not (out.parent / "images" / "y.png").exists()
    assert not (tmp_path / "out" / "README").exists()
    with pytest.raises(GitError, match="unknown revision"):
        export_folder_at(brief, "nope", tmp_path / "out2")


def test_export_at_top_and_missing_folder(repo: Repo, tmp_path: Path) -> None:
    out = export_folder_at(repo.root / "README", "HEAD", tmp_path / "top")
    assert out.read_text() == "read me\n" and (out.parent / "briefs" / "b.yaml").exists()
    with pytest.raises(GitError, match=r"^later does not exist at HEAD$"):
        export_folder_at(repo.root / "later" / "b.yaml", "HEAD", tmp_path / "none")


def test_export_skips_symlinks(repo: Repo, tmp_path: Path) -> None:
    (repo.root / "briefs" / "link").symlink_to("/etc/passwd")
    repo.commit("a link")
    out = export_folder_at(repo.root / "briefs" / "b.yaml", "HEAD", tmp_path / "out")
    assert out.exists() and not os.path.lexists(out.parent / "link")


@pytest.mark.parametrize("name", ["../evil", "/abs/evil", "a/../../evil"])
def test_extract_refuses_escaping_members(tmp_path: Path, name: str) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo(name)
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    with pytest.raises(GitError, match="refusing archive member"):
        _extract(buffer.getvalue(), tmp_path / "dest")
    assert not (tmp_path / "evil").exists()
