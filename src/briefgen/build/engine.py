"""The one call the command line makes: find briefs, check them, render what changed, in parallel."""
from __future__ import annotations

import multiprocessing
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from briefgen.errors import BriefError, Problem
from briefgen.fsutil import write_atomic
from briefgen.brief.load import load_brief
from briefgen.build.plan import Task, plan_task
from briefgen.brief.check import Checked, check

FORMATS = ("md", "html", "pdf")
TASKS_PER_WORKER = 25


@dataclass(frozen=True)
class Job:
    """One brief to build: its source and where its outputs go, without extension."""

    source: Path
    out_stem: Path
    root: Path | None = None  # the folder a walk found it in: links out of it are refused


@dataclass(frozen=True)
class Options:
    """How to build."""

    out: Path = Path("build")
    formats: tuple[str, ...] = FORMATS
    strict: bool = False
    style: str = "default"
    variant: str = "pdf/ua-1"
    jobs: int | None = None
    force: bool = False
    rev: str | None = None
    changes: str | None = None
    cache: bool = True


@dataclass
class Result:
    """What happened to one brief: built, unchanged or failed, with its problems and outputs."""

    job: Job
    problems: list[Problem] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    status: str = "built"

    @property
    def failed(self) -> bool:
        """True when the brief was not built because of errors."""
        return self.status == "failed"


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
    found = []
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


def display_path(path: Path) -> str:
    """A path as the user would write it: relative to the working folder when inside it (links are not followed)."""
    for here, there in ((Path(os.path.abspath(path)), Path(os.path.abspath(os.getcwd()))),
                        (Path(os.path.abspath(path)).parent.resolve() / path.name, Path.cwd().resolve())):
        try:
            return str(here.relative_to(there))
        except ValueError:
            continue
    return str(path)


def check_brief(source: Path, strict: bool = False, display: str | None = None,
                root: Path | None = None) -> tuple[Checked | None, list[Problem], bool]:
    """Load and check one brief (refusing links out of `root`): (checked, problems, failed); strict makes warnings errors."""
    try:
        checked = check(load_brief(source, display=display or display_path(source), root=root))
    except BriefError as exc:
        return None, exc.problems, True
    problems = checked.problems
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    return checked, problems, any(p.severity == "error" for p in problems)


CHECKS_PER_TASK = 25
PARALLEL_CHECK_FROM = 200


def check_all(paths: list[Path | Job], strict: bool = False, jobs: int | None = None) -> list[tuple[list[Problem], bool, list]]:
    """Check many briefs (paths, or jobs from discover): (problems, failed, figure facts) for each, in order."""
    workers = min(jobs or os.cpu_count() or 1, max(1, len(paths) // CHECKS_PER_TASK))
    tasks = [(p.source, strict, p.root) if isinstance(p, Job) else (p, strict, None) for p in paths]
    if len(paths) < PARALLEL_CHECK_FROM or workers <= 1:
        return [_check_for_report(task) for task in tasks]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(_check_for_report, tasks, chunksize=CHECKS_PER_TASK)


def _check_for_report(task: tuple[Path, bool, Path | None]) -> tuple[list[Problem], bool, list]:
    """Check one brief and keep only what a report needs."""
    from briefgen.brief.consistency import figure_facts

    source, strict, root = task
    checked, problems, failed = check_brief(source, strict, root=root)
    return problems, failed, figure_facts(checked) if checked is not None else []


def build_all(jobs: list[Job], options: Options, on_result: Callable[[Result], None] = lambda r: None) -> list[Result]:
    """Build every job: check all, restore unchanged outputs from the cache, render the rest in workers."""
    from briefgen.build.cache import Cache

    cache = Cache(enabled=options.cache)
    results: list[Result] = []
    pending: list[tuple[Job, Task, list[Problem]]] = []
    checked: dict[Path, Checked] = {}
    with tempfile.TemporaryDirectory(prefix="briefgen-rev-") as scratch:
        for n, job in enumerate(jobs):
            try:
                planned = plan_task(job.source, job.out_stem, options, Path(scratch) / str(n), job.root)
            except Exception as exc:  # a bug, not a fault in the brief
                results.append(_report(Result(job, [internal_error(display_path(job.source), exc)], status="failed"),
                                       on_result))
                continue
            if planned.task is None:
                results.append(_report(Result(job, planned.problems, status="failed"), on_result))
                continue
            restored = None if options.force else cache.restore(planned.task.key, options.out)
            if restored is not None:
                results.append(_report(Result(job, planned.problems, documents(restored), "unchanged"), on_result))
            else:
                pending.append((job, planned.task, planned.problems))
                if planned.checked is not None and len(jobs) == 1:
                    checked[planned.task.out_stem] = planned.checked
        for job, problems, rendered in _render_all(pending, options, checked):
            rendered.job = job
            rendered.problems[:0] = problems
            results.append(_report(rendered, on_result))
    return results


def _report(result: Result, on_result: Callable[[Result], None]) -> Result:
    """Hand a result to the caller as soon as it is known."""
    on_result(result)
    return result


def _render_all(pending: list[tuple[Job, Task, list[Problem]]], options: Options,
                checked: dict[Path, Checked]) -> Iterator[tuple[Job, list[Problem], Result]]:
    """Render one task in this process; more in a pool of forked workers, recycled so memory stays flat."""
    workers = max(1, min(options.jobs or os.cpu_count() or 1, len(pending)))
    if len(pending) <= 1:
        for job, task, problems in pending:
            yield job, problems, render_task(task, checked.get(task.out_stem))
        return
    if "pdf" in options.formats:
        from briefgen.render import pdf  # noqa: F401  WeasyPrint loaded once here, shared by the forked workers
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
    from briefgen.build.cache import Cache
    from briefgen.render.outputs import render_outputs

    job = Job(task.source, task.out_stem)
    if checked is None:
        checked, problems, failed = check_brief(task.source, task.strict, task.display)
        if failed or checked is None:
            return Result(job, problems, status="failed")
    cache = Cache(task.cache_folder, task.cache_folder is not None)
    try:
        files, warnings = render_outputs(checked, task.out_stem, task.settings(), cache)
    except BriefError as exc:
        return Result(job, exc.problems, status="failed")
    if "md" in task.formats:
        files.update(_images(checked, task.out_stem))
    for path, data in files.items():
        write_atomic(path, data)
    cache.store(task.key, task.out, files)
    return Result(job, [Problem(task.display, 1, 1, w, "warning") for w in warnings], documents(files))


def documents(paths: Iterable[Path]) -> list[Path]:
    """The Markdown, HTML and PDF files among outputs."""
    return [p for p in paths if p.suffix in (".md", ".html", ".pdf")]


def _images(checked: Checked, out_stem: Path) -> dict[Path, bytes]:
    """Images the prose uses, copied beside the Markdown at the same relative (decoded) paths."""
    from briefgen.brief.images import find_image, image_name, read_image

    base = checked.doc.path.parent
    files: dict[Path, bytes] = {}
    for prose in checked.prose.values():
        for ref in prose.refs:
            found = find_image(base, ref.name) if ref.kind == "image" else None
            if found is not None:
                files[out_stem.parent / os.path.normpath(image_name(ref.name))] = read_image(found)
    return files


def used_images(checked: Checked) -> list[Path]:
    """The image files a brief's prose uses."""
    from briefgen.brief.images import find_image

    base = checked.doc.path.parent
    found = (find_image(base, ref.name) for prose in checked.prose.values() for ref in prose.refs if ref.kind == "image")
    return sorted({p for p in found if p is not None})
