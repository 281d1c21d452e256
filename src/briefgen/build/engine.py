"""The one call the command line makes: check briefs, restore unchanged outputs, render the rest in workers."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from briefgen.brief.check import Checked
from briefgen.brief.images import find_image, image_name, read_image
from briefgen.brief.result import check_file
from briefgen.build.cache import Cache
from briefgen.build.discover import Job
from briefgen.build.plan import Task, plan_task
from briefgen.errors import BriefError, Problem
from briefgen.fsutil import display_path, write_atomic
from briefgen.render.outputs import render_outputs
from briefgen.render.settings import Settings

TASKS_PER_WORKER = 25
Status = Literal["built", "unchanged", "failed"]


@dataclass
class Result:
    """What happened to one brief: built, unchanged or failed, with its problems and outputs."""

    job: Job
    problems: list[Problem] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    status: Status = "built"

    @property
    def failed(self) -> bool:
        """True when the brief was not built because of errors."""
        return self.status == "failed"


def build_all(
    jobs: list[Job], settings: Settings, on_result: Callable[[Result], None] = lambda r: None
) -> list[Result]:
    """Build every job: check all, restore unchanged outputs from the cache, render the rest in workers."""
    cache = Cache(enabled=settings.cache)
    results: list[Result] = []
    pending: list[tuple[Job, Task, list[Problem]]] = []
    checked: dict[Path, Checked] = {}
    with tempfile.TemporaryDirectory(prefix="briefgen-rev-") as scratch:
        for n, job in enumerate(jobs):
            try:
                planned = plan_task(job.source, job.out_stem, settings, Path(scratch) / str(n), job.root)
            except Exception as exc:  # a bug, not a fault in the brief
                failure = Result(job, [internal_error(display_path(job.source), exc)], status="failed")
                results.append(_report(failure, on_result))
                continue
            if planned.task is None:
                results.append(_report(Result(job, planned.problems, status="failed"), on_result))
                continue
            restored = None if settings.force else cache.restore(planned.task.key, settings.out)
            if restored is not None:
                results.append(_report(Result(job, planned.problems, documents(restored), "unchanged"), on_result))
            else:
                pending.append((job, planned.task, planned.problems))
                if planned.checked is not None and len(jobs) == 1:
                    checked[planned.task.out_stem] = planned.checked
        for job, problems, rendered in _render_all(pending, settings, checked):
            rendered.job = job
            rendered.problems[:0] = problems
            results.append(_report(rendered, on_result))
    return results


def _report(result: Result, on_result: Callable[[Result], None]) -> Result:
    """Hand a result to the caller as soon as it is known."""
    on_result(result)
    return result


def _render_all(
    pending: list[tuple[Job, Task, list[Problem]]], settings: Settings, checked: dict[Path, Checked]
) -> Iterator[tuple[Job, list[Problem], Result]]:
    """Render one task in this process; more in a pool of forked workers, recycled so memory stays flat."""
    workers = max(1, min(settings.jobs or os.cpu_count() or 1, len(pending)))
    if len(pending) <= 1:
        for job, task, problems in pending:
            yield job, problems, render_task(task, checked.get(task.out_stem))
        return
    if "pdf" in settings.formats:
        from briefgen.render import pdf  # noqa: F401, PLC0415  WeasyPrint loaded once, shared by the forked workers
    context = multiprocessing.get_context("fork")
    by_output = {task.out_stem: (job, problems) for job, task, problems in pending}
    with context.Pool(workers, maxtasksperchild=TASKS_PER_WORKER) as pool:
        for result in pool.imap_unordered(render_task, [task for _, task, _ in pending]):
            job, problems = by_output[result.job.out_stem]
            yield job, problems, result


def render_task(task: Task, checked: Checked | None = None) -> Result:
    """Render one brief; a failure inside briefgen fails this brief only, with a message, not a traceback."""
    try:
        return _render_task(task, checked)
    except Exception as exc:  # a bug, not a fault in the brief: report it and go on with the others
        return Result(Job(task.source, task.out_stem), [internal_error(task.display, exc)], status="failed")


def internal_error(display: str, exc: Exception) -> Problem:
    """A problem that reports a failure inside briefgen itself."""
    return Problem(display, 1, 1, f"internal error: {type(exc).__name__}: {exc} (please report this with the brief)")


def _render_task(task: Task, checked: Checked | None = None) -> Result:
    """Render one brief (checking it first unless given), write its outputs and remember them in the cache."""
    job = Job(task.source, task.out_stem)
    settings = task.settings
    if checked is None:
        result = check_file(task.source, settings.strict, task.display, style_folder=settings.style.folder)
        if result.failed or result.checked is None:
            return Result(job, result.problems, status="failed")
        checked = result.checked
    cache = Cache(task.cache_folder, task.cache_folder is not None)
    try:
        files, warnings = render_outputs(checked, task.out_stem, settings, task.edition, cache)
    except BriefError as exc:
        return Result(job, exc.problems, status="failed")
    if "md" in settings.formats:
        files.update(_images(checked, task.out_stem))
    for path, data in files.items():
        write_atomic(path, data)
    cache.store(task.key, settings.out, files)
    return Result(job, [Problem(task.display, 1, 1, w, "warning") for w in warnings], documents(files))


def documents(paths: Iterable[Path]) -> list[Path]:
    """The Markdown, HTML, PDF, Word and OpenDocument files among outputs."""
    return [p for p in paths if p.suffix in (".md", ".html", ".pdf", ".docx", ".odt")]


def _images(checked: Checked, out_stem: Path) -> dict[Path, bytes]:
    """Images the prose uses, copied beside the Markdown at the same relative (decoded) paths."""
    base = checked.doc.path.parent
    files: dict[Path, bytes] = {}
    for prose in checked.prose.values():
        for ref in prose.refs:
            found = find_image(base, ref.name) if ref.kind == "image" else None
            if found is not None:
                files[out_stem.parent / os.path.normpath(image_name(ref.name))] = read_image(found)
    return files
