"""Plan one brief's build: which version to read, its git stamp, dates, changes box and cache key."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.errors import Problem

if TYPE_CHECKING:
    from briefgen.build.engine import Options
    from briefgen.render.outputs import RenderSettings


@dataclass(frozen=True)
class Task:
    """Everything a worker needs to render one brief; plain data, so it crosses process boundaries."""

    source: Path
    display: str
    out_stem: Path
    out: Path
    formats: tuple[str, ...]
    style: str
    variant: str
    strict: bool
    key: str
    stamp: str | None = None
    epoch: int | None = None
    dirty: bool = False
    changes: str | None = None
    cache_folder: Path | None = None

    def settings(self) -> RenderSettings:
        """Render settings for this task."""
        from briefgen.render.outputs import RenderSettings
        from briefgen.render.styles import find_style

        return RenderSettings(self.formats, find_style(self.style), self.variant, self.stamp, self.dirty,
                              self.epoch, self.changes)


@dataclass
class Planned:
    """A task ready to render, or None with the problems that stop it."""

    task: Task | None
    problems: list[Problem] = field(default_factory=list)
    checked: Any = None  # the checked brief, when it was checked now rather than recalled


def plan_task(source: Path, out_stem: Path, options: Options, scratch: Path, root: Path | None = None) -> Planned:
    """Check a brief (at --rev when asked), find its stamp, and compute its cache key; links out of `root` are refused."""
    from briefgen.build.engine import display_path
    from briefgen.gitinfo import GitError

    display = display_path(source)
    try:
        where, stamp = _version(source, options.rev, scratch)
    except GitError as exc:
        return Planned(None, [Problem(display, 1, 1, exc.message)])
    outcome = _checked(where, display, options, root if options.rev is None else None)
    if outcome.failed:
        return Planned(None, outcome.problems)
    if stamp is None and options.rev is None:
        stamp = _stamp(source, outcome.images)
    problems = outcome.problems + _shallow_warning(stamp, display)
    changes = _changes(source, options.changes, outcome.checked, display, problems) if options.changes else None
    epoch = _epoch(stamp, outcome.brief_epoch)
    task = Task(where, display, out_stem, options.out, options.formats, options.style, options.variant,
                options.strict, "", stamp.label() if stamp else None, epoch, bool(stamp and stamp.dirty), changes,
                _cache_folder(options))
    key = _key(task, options, where, outcome.images)
    return Planned(Task(**{**task.__dict__, "key": key}), problems, outcome.checked)


@dataclass
class CheckOutcome:
    """What planning needs from checking a brief: problems, the images it uses and its date."""

    problems: list[Problem]
    failed: bool
    images: list[Path] = field(default_factory=list)
    brief_epoch: int = 0
    checked: Any = None


def _checked(where: Path, display: str, options: Options, root: Path | None = None) -> CheckOutcome:
    """Check a brief, or replay the check remembered for exactly these bytes, images and software."""
    from briefgen.build.engine import check_brief, used_images
    from briefgen.build.cache import Cache
    from briefgen.errors import BriefError
    from briefgen.brief.load import read_brief
    from briefgen.render.outputs import brief_epoch

    cache = Cache(enabled=options.cache and not options.changes)
    try:
        raw = read_brief(where, display, root)
    except BriefError as exc:
        return CheckOutcome(exc.problems, True)
    memo_key = cache.check_key(raw, display, options.strict)
    remembered = cache.recall_check(memo_key, where.parent)
    if remembered is not None:
        problems, images, epoch = remembered
        return CheckOutcome(problems, False, images, epoch)
    checked, problems, failed = check_brief(where, options.strict, display, root)
    if failed or checked is None:
        return CheckOutcome(problems, True)
    outcome = CheckOutcome(problems, False, used_images(checked), brief_epoch(checked), checked)
    cache.remember_check(memo_key, where.parent, outcome.problems, outcome.images, outcome.brief_epoch)
    return outcome


def _version(source: Path, rev: str | None, scratch: Path) -> tuple[Path, Any]:
    """Where to read the brief: the work tree, or its folder exported as of `rev`, with that stamp."""
    if rev is None:
        return source, None
    from briefgen.gitinfo import export_folder_at, stamp_at

    stamp = stamp_at(source, rev)
    return export_folder_at(source, rev, scratch), stamp


def _stamp(source: Path, images: list[Path]) -> Any:
    """The work tree's stamp for a brief and the images it uses (None outside git)."""
    from briefgen.gitinfo import stamp_for

    return stamp_for(source, images)


def _shallow_warning(stamp: Any, display: str) -> list[Problem]:
    """A warning when the clone is shallow, so dates and tags may be wrong."""
    from briefgen.gitinfo import SHALLOW_HINT

    if stamp is None or not stamp.shallow:
        return []
    return [Problem(display, 1, 1, f"shallow git clone: the version stamp may be wrong; {SHALLOW_HINT}", "warning")]


def _changes(source: Path, rev: str, checked: Any, display: str, problems: list[Problem]) -> str | None:
    """The 'Changes since REV' box, in Markdown, from the semantic diff."""
    from briefgen.diff.compare import diff_briefs
    from briefgen.cli.diff_command import load_at
    from briefgen.diff.report import to_markdown
    from briefgen.gitinfo import GitError, revision

    try:
        revision(source, rev)
    except GitError as exc:
        problems.append(Problem(display, 1, 1, f"--changes: {exc.message}"))
        return None
    old = load_at(source, rev)
    result = diff_briefs(old.checked, checked, old_label=rev, new_label="this version")
    result.notes.extend(old.notes)
    from briefgen.render.labels import labels_for

    body = [line for line in to_markdown(result, display).splitlines()[1:] if " errors · " not in line]
    title = f"# {labels_for(str(checked.brief.locale))['changes_since']} {rev}"
    return "\n".join([title, *body])


def _epoch(stamp: Any, brief_epoch: int) -> int:
    """The moment that stands for 'now': SOURCE_DATE_EPOCH, else the commit's date, else the brief's date."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    if stamp is not None and stamp.commit and not stamp.dirty:
        return stamp.epoch()
    return brief_epoch


def _cache_folder(options: Options) -> Path | None:
    """The cache folder when caching is on."""
    from briefgen.build.cache import default_folder

    return default_folder() if options.cache else None


def _key(task: Task, options: Options, where: Path, images: list[Path]) -> str:
    """The cache key: options, stamps, the brief's and images' bytes, the style and the software."""
    from briefgen.build.cache import build_key, folder_fingerprint
    from briefgen.brief.images import read_image
    from briefgen.render.styles import find_style

    style = find_style(options.style)
    parts = {"formats": task.formats, "variant": task.variant, "strict": task.strict, "stamp": task.stamp,
             "epoch": task.epoch, "dirty": task.dirty, "changes": task.changes, "rev": options.rev,
             "out": task.out_stem.relative_to(task.out).as_posix() if task.out_stem.is_relative_to(task.out) else str(task.out_stem),
             "style": folder_fingerprint(style.folder), "env_epoch": os.environ.get("SOURCE_DATE_EPOCH")}
    base = where.parent
    files = [("brief", where.read_bytes())] + [(_relative(p, base), read_image(p)) for p in images]
    return build_key(parts, files)


def _relative(path: Path, base: Path) -> str:
    """An input's path from the brief's folder (posix), or as it is when outside it."""
    root = base.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def iso_date(epoch: int) -> str:
    """An epoch as an ISO 8601 UTC timestamp."""
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
