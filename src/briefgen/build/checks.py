"""Check many briefs for a report, in worker processes when there are many; renders nothing."""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path

from briefgen.brief.consistency import FigureFacts, figure_facts
from briefgen.brief.result import check_file
from briefgen.build.discover import Job
from briefgen.errors import Problem
from briefgen.render.labels import missing_catalog
from briefgen.render.styles import LABELS

CHECKS_PER_TASK = 25
PARALLEL_CHECK_FROM = 200


@dataclass(frozen=True)
class Report:
    """What a check of one brief tells a report: its problems, whether it failed, and its figures in short."""

    problems: list[Problem]
    failed: bool
    facts: list[FigureFacts]


def check_all(paths: list[Job], strict: bool = False, jobs: int | None = None) -> list[Report]:
    """Check many briefs found by discover, in order; in worker processes when there are many."""
    workers = min(jobs or os.cpu_count() or 1, max(1, len(paths) // CHECKS_PER_TASK))
    tasks = [(job.source, strict, job.root) for job in paths]
    if len(paths) < PARALLEL_CHECK_FROM or workers <= 1:
        return [_check_for_report(task) for task in tasks]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(_check_for_report, tasks, chunksize=CHECKS_PER_TASK)


def _check_for_report(task: tuple[Path, bool, Path | None]) -> Report:
    """Check one brief and keep only what a report needs."""
    source, strict, root = task
    result = check_file(source, strict, root=root)
    problems = result.problems
    if result.checked is not None and not result.failed:  # the repository's labels/*.po count as catalogs
        own = [path.stem.replace("-", "_") for path in Path(LABELS).glob("*.po")]
        problems = problems + missing_catalog(result.checked, own, strict)
    return Report(problems, result.failed, figure_facts(result.checked) if result.checked else [])
