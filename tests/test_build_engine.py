"""Whole-folder builds: failures isolated, the cache and everything that invalidates it, safe writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import briefgen
from briefgen.build import cache as cache_module
from helpers import MINIMAL, run, write

BRIEFGEN = str(Path(sys.executable).parent / "briefgen")


def summary(result: object) -> str:
    """The last line a build printed."""
    return result.stderr.splitlines()[-1]  # type: ignore[attr-defined]


def folder(workdir: Path, count: int = 3) -> Path:
    """A folder of small briefs."""
    for i in range(count):
        write(workdir, f"briefs/b{i}.yaml", MINIMAL.replace("A minimal brief", f"Brief number {i}"))
    return workdir / "briefs"


def test_one_broken_brief_does_not_stop_the_others(workdir: Path) -> None:
    folder(workdir, 2)
    write(workdir, "briefs/broken.yaml", MINIMAL.replace("date: 2025-01-31", "date: 2025-02-30"))
    result = run("build", "briefs", "--to", "md")
    assert result.exit_code == 1
    assert "briefs/broken.yaml:4:7: error: '2025-02-30' is not a real date" in result.stderr
    assert summary(result) == "2 built, 1 failed"
    assert sorted(p.name for p in (workdir / "build").glob("*.md")) == ["b0.md", "b1.md"]


def test_unchanged_folder_is_not_rebuilt_and_force_rebuilds(workdir: Path) -> None:
    folder(workdir)
    assert summary(run("build", "briefs", "--to", "md,html")) == "3 built"
    assert summary(run("build", "briefs", "--to", "md,html")) == "0 built, 3 unchanged"
    assert summary(run("build", "briefs", "--to", "md,html", "--force")) == "3 built"


def test_deleted_output_is_restored_from_the_cache(workdir: Path) -> None:
    folder(workdir, 1)
    run("build", "briefs", "--to", "md")
    original = (workdir / "build" / "b0.md").read_bytes()
    (workdir / "build" / "b0.md").unlink()
    assert summary(run("build", "briefs", "--to", "md")) == "0 built, 1 unchanged"
    assert (workdir / "build" / "b0.md").read_bytes() == original


def tiny_png(colour: tuple[int, int, int]) -> bytes:
    """A real 2 x 2 PNG of one colour (images are checked to be images)."""
    import io

    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (2, 2), colour).save(stream, "PNG")
    return stream.getvalue()


def edit_brief(workdir: Path) -> None:
    path = workdir / "briefs" / "b0.yaml"
    path.write_text(path.read_text().replace("No change.", "No change at all."))


def edit_image(workdir: Path) -> None:
    (workdir / "briefs" / "images" / "x.png").write_bytes(tiny_png((0, 0, 255)))


def edit_style(workdir: Path) -> None:
    (workdir / "styles" / "house" / "style.css").write_text("body { color: navy }")


def edit_template(workdir: Path) -> None:
    (workdir / "styles" / "house" / "templates").mkdir(exist_ok=True)
    (workdir / "styles" / "house" / "templates" / "brief.md.j2").write_text("# {{ title }}\n")


@pytest.mark.parametrize(
    "change, extra",
    [
        (edit_brief, []),
        (edit_image, []),
        (edit_style, []),
        (edit_template, []),
        (None, ["--to", "md,html"]),
        (None, ["--style", "parliamentary"]),
        (None, ["--strict"]),
    ],
)
def test_each_input_invalidates_the_cache(workdir: Path, change: object, extra: list[str]) -> None:
    folder(workdir, 2)
    write(
        workdir,
        "briefs/b0.yaml",
        (workdir / "briefs" / "b0.yaml")
        .read_text()
        .replace("problem: It is large.", "problem: |\n  ![An image](images/x.png)"),
    )
    (workdir / "briefs" / "images").mkdir()
    (workdir / "briefs" / "images" / "x.png").write_bytes(tiny_png((255, 0, 0)))
    (workdir / "styles" / "house").mkdir(parents=True)
    (workdir / "styles" / "house" / "style.css").write_text("body { color: black }")
    base = ["build", "briefs", "--to", "md", "--style", "house"]
    assert summary(run(*base)) == "2 built"
    if callable(change):
        change(workdir)
    args = base + extra if "--style" not in extra else ["build", "briefs", "--to", "md", *extra]
    expected = "1 built, 1 unchanged" if change in (edit_brief, edit_image) else "2 built"
    assert summary(run(*args)) == expected


def test_source_date_epoch_and_software_version_invalidate(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder(workdir, 1)
    run("build", "briefs", "--to", "md")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert summary(run("build", "briefs", "--to", "md")) == "1 built"
    monkeypatch.setattr(briefgen, "__version__", "99.0")
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    cache_module.software_fingerprint.cache_clear()
    try:
        assert summary(run("build", "briefs", "--to", "md")) == "1 built"
    finally:
        cache_module.software_fingerprint.cache_clear()


def test_corrupt_cache_entries_are_ignored_and_rebuilt(workdir: Path) -> None:
    folder(workdir, 1)
    run("build", "briefs", "--to", "md")
    cache = Path(os.environ["BRIEFGEN_CACHE"])
    for manifest in (cache / "builds").glob("*.json"):
        manifest.write_text("{not json")
    (workdir / "build" / "b0.md").write_text("tampered")
    assert summary(run("build", "briefs", "--to", "md")) == "1 built"
    assert (workdir / "build" / "b0.md").read_text().startswith("# Brief number 0")
    for manifest in (cache / "builds").glob("*.json"):
        files = json.loads(manifest.read_text())["files"]
        for digest in files.values():
            (cache / "blobs" / digest[:2] / digest).write_bytes(b"rotten")
    (workdir / "build" / "b0.md").unlink()
    assert summary(run("build", "briefs", "--to", "md")) == "1 built"


def run_briefgen(cwd: Path, *args: str) -> subprocess.Popen[bytes]:
    """Start briefgen in a separate process."""
    env = {**os.environ, "BRIEFGEN_CACHE": str(cwd / ".cache")}
    return subprocess.Popen([BRIEFGEN, *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def complete_pdf(path: Path) -> bool:
    """A PDF that was written whole."""
    data = path.read_bytes()
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_killed_build_leaves_old_outputs_intact_and_the_next_build_repairs(workdir: Path) -> None:
    folder(workdir, 6)
    assert run_briefgen(workdir, "build", "briefs", "--to", "pdf", "-j", "2").wait(120) == 0
    old = {p.name: p.read_bytes() for p in (workdir / "build").glob("*.pdf")}
    for path in (workdir / "briefs").glob("*.yaml"):
        path.write_text(path.read_text().replace("No change.", "Changed."))
    process = run_briefgen(workdir, "build", "briefs", "--to", "pdf", "-j", "2")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and all((workdir / "build" / n).read_bytes() == d for n, d in old.items()):
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    for path in (workdir / "build").glob("*.pdf"):
        assert complete_pdf(path), path
    repair = run_briefgen(workdir, "build", "briefs", "--to", "pdf", "-j", "2")
    assert repair.wait(120) == 0
    assert all(complete_pdf(p) and p.read_bytes() != old[p.name] for p in (workdir / "build").glob("*.pdf"))


def test_two_builds_at_once_into_one_folder(workdir: Path) -> None:
    folder(workdir, 4)
    first = run_briefgen(workdir, "build", "briefs", "--to", "md,pdf", "-j", "1", "--no-cache")
    second = run_briefgen(workdir, "build", "briefs", "--to", "md,pdf", "-j", "1", "--no-cache")
    assert first.wait(120) == 0 and second.wait(120) == 0
    pdfs = sorted((workdir / "build").glob("*.pdf"))
    assert len(pdfs) == 4 and all(complete_pdf(p) for p in pdfs)


def imported_after(cwd: Path, *args: str) -> set[str]:
    """Heavy modules imported by one run of the command line, in a fresh interpreter."""
    code = (
        "import sys; from briefgen.cli.main import main\n"
        f"try:\n main({list(args)!r}, standalone_mode=False)\nexcept SystemExit: pass\n"
        "print('MODULES:' + ','.join(m for m in ('weasyprint', 'matplotlib') if m in sys.modules))"
    )
    env = {**os.environ, "BRIEFGEN_CACHE": str(cwd / ".cache")}
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("MODULES:"))
    return set(filter(None, line[len("MODULES:") :].split(",")))


def test_lazy_start(workdir: Path) -> None:
    chart = "charts:\n  - {id: c, title: C, kind: bar, figures: [london_population], alt: Bars}\n"
    write(workdir, "b.yaml", MINIMAL + chart)
    assert imported_after(workdir, "--help") == set()
    assert imported_after(workdir, "check", "b.yaml") == set()
    assert imported_after(workdir, "build", "b.yaml", "--to", "md") == {"matplotlib"}
    (workdir / "b.yaml").write_text((workdir / "b.yaml").read_text().replace("Carry on", "Carry on regardless"))
    assert imported_after(workdir, "build", "b.yaml", "--to", "md") == set()


def test_warnings_are_repeated_when_nothing_changed(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL.replace("It is large.", "It is 42 times larger."))
    first = run("build", "b.yaml", "--to", "md")
    second = run("build", "b.yaml", "--to", "md")
    warning = "b.yaml:6:16: warning: number '42' typed into prose; make it a figure and write {figure_id}"
    assert first.stderr.splitlines()[0] == second.stderr.splitlines()[0] == warning
    assert summary(second) == "0 built, 1 unchanged"


def test_a_failure_inside_briefgen_is_reported_not_raised(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.build import engine

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(engine, "render_outputs", broken)
    write(workdir, "b.yaml", MINIMAL)
    result = run("build", "b.yaml", "--to", "md")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "b.yaml:1:1: error: internal error: RuntimeError: renderer exploded (please report this with the brief)",
        "0 built, 1 failed",
    ]
