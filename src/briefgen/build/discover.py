"""Find the briefs to build: files named, or the .yaml files below folders named, and where each goes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Job:
    """One brief to build: its source and where its outputs go, without extension."""

    source: Path
    out_stem: Path
    root: Path | None = None  # the folder a walk found it in: links out of it are refused


def discover(paths: list[Path], out: Path = Path("build")) -> list[Job]:
    """Every brief named, or below a folder named, with the output it maps to."""
    jobs: list[Job] = []
    for path in paths:
        if path.is_dir():
            for source in sorted(_briefs_below(path)):
                jobs.append(Job(source, out / source.relative_to(path).with_suffix(""), path))
        else:
            jobs.append(Job(path, out / path.stem))
    return jobs


def _briefs_below(folder: Path) -> list[Path]:
    """The .yaml files below a folder, leaving out names that start with _ or . (links are checked on reading)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        found.extend(Path(root) / f for f in files if f.endswith((".yaml", ".yml")) and not f.startswith(("_", ".")))
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
