"""The one call the command line makes: find briefs, check them, write their outputs."""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefError, Problem
from .load import load_brief, resolve_asset
from .validate import Checked, check

FORMATS = ("md", "html", "pdf")


@dataclass(frozen=True)
class Job:
    """One brief to build: its source and where its outputs go, without extension."""

    source: Path
    out_stem: Path


@dataclass
class Options:
    """How to build."""

    out: Path = Path("build")
    formats: tuple[str, ...] = FORMATS
    strict: bool = False
    style: str = "default"
    variant: str = "pdf/ua-1"


@dataclass
class Result:
    """What happened to one brief."""

    job: Job
    problems: list[Problem] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    failed: bool = False


def discover(paths: list[Path], out: Path = Path("build")) -> list[Job]:
    """Every brief named, or below a folder named, with the output it maps to."""
    jobs: list[Job] = []
    for path in paths:
        if path.is_dir():
            for source in sorted(_briefs_below(path)):
                rel = source.relative_to(path)
                jobs.append(Job(source, out / rel.with_suffix("")))
        else:
            jobs.append(Job(path, out / path.stem))
    return jobs


def _briefs_below(folder: Path) -> list[Path]:
    """The .yaml files below a folder, leaving out names that start with _ or ."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        found.extend(Path(root) / f for f in files
                     if f.endswith((".yaml", ".yml")) and not f.startswith(("_", ".")))
    return found


def collisions(jobs: list[Job]) -> list[str]:
    """Messages for briefs whose outputs would overwrite each other."""
    seen: dict[Path, Path] = {}
    clashes = []
    for job in jobs:
        if job.out_stem in seen:
            clashes.append(f"{job.source} and {seen[job.out_stem]} would both write {job.out_stem}.*")
        seen[job.out_stem] = job.source
    return clashes


def check_brief(source: Path, strict: bool = False) -> tuple[Checked | None, list[Problem], bool]:
    """Load and check one brief: (checked, problems, failed)."""
    try:
        checked = check(load_brief(source, display=_display(source)))
    except BriefError as exc:
        return None, exc.problems, True
    problems = checked.problems
    if strict:
        problems = [Problem(p.file, p.line, p.col, p.message, "error") for p in problems]
    return checked, problems, any(p.severity == "error" for p in problems)


def _display(path: Path) -> str:
    """A path as the user would write it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def build_one(job: Job, options: Options) -> Result:
    """Check one brief and, when it has no errors, write its outputs."""
    checked, problems, failed = check_brief(job.source, options.strict)
    result = Result(job, problems, failed=failed)
    if failed or checked is None:
        return result
    try:
        result.outputs = _write_outputs(checked, job, options, result)
    except BriefError as exc:
        result.problems.extend(exc.problems)
        result.failed = True
    return result


def _write_outputs(checked: Checked, job: Job, options: Options, result: Result) -> list[Path]:
    """Render every requested format, then write them all."""
    from .outputs import RenderSettings, render_outputs
    from .styles import find_style

    settings = RenderSettings(options.formats, find_style(options.style), options.variant)
    rendered, warnings = render_outputs(checked, job.out_stem, settings)
    result.problems.extend(Problem(checked.doc.source.path, 1, 1, w, "warning") for w in warnings)
    if "md" in options.formats:
        rendered.update(_images(checked, job))
    for path, data in rendered.items():
        write_atomic(path, data)
    return [p for p in rendered if p.suffix in (".md", ".html", ".pdf")]


def _images(checked: Checked, job: Job) -> dict[Path, bytes]:
    """Images the prose uses, copied beside the Markdown at the same relative paths."""
    base = checked.doc.path.parent
    files: dict[Path, bytes] = {}
    for prose in checked.prose.values():
        for ref in prose.refs:
            if ref.kind != "image":
                continue
            found = resolve_asset(base, ref.name)
            if found is not None:
                files[job.out_stem.parent / os.path.normpath(ref.name)] = found.read_bytes()
    return files


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's file-creation mask."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def copy_file(source: Path, target: Path) -> None:
    """Copy a file atomically."""
    write_atomic(target, source.read_bytes())


__all__ = ["FORMATS", "Job", "Options", "Result", "build_one", "check_brief",
           "collisions", "copy_file", "discover", "shutil", "write_atomic"]
