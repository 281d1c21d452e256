"""Plan one brief's build: which version to read, its git stamp, dates, changes box and cache key."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.brief.check import Checked
from briefgen.brief.images import read_image
from briefgen.brief.load import read_brief
from briefgen.brief.result import check_file, used_inputs
from briefgen.build.cache import Cache, build_key, default_folder, folder_fingerprint
from briefgen.diff.compare import diff_briefs
from briefgen.diff.markdown_report import markdown_body
from briefgen.diff.revisions import load_at
from briefgen.diff.words import ENGLISH as BOX_ENGLISH
from briefgen.diff.words import PLURALS as BOX_PLURALS
from briefgen.diff.words import Words
from briefgen.errors import BriefError, Problem
from briefgen.fsutil import display_path
from briefgen.gitinfo import SHALLOW_HINT, GitError, Stamp, export_folder_at, revision, stamp_at, stamp_for
from briefgen.render.catalogs import Catalog
from briefgen.render.labels import labels_for, missing_catalog
from briefgen.render.settings import Edition, Settings
from briefgen.render.timestamps import brief_epoch


@dataclass(frozen=True)
class Task:
    """Everything a worker needs to render one brief; plain data, so it crosses process boundaries."""

    source: Path
    display: str
    out_stem: Path
    settings: Settings
    edition: Edition
    key: str = ""
    cache_folder: Path | None = None


@dataclass
class Planned:
    """A task ready to render, or None with the problems that stop it."""

    task: Task | None
    problems: list[Problem] = field(default_factory=list)
    checked: Checked | None = None  # the checked brief, when it was checked now rather than recalled


def plan_task(source: Path, out_stem: Path, settings: Settings, scratch: Path, root: Path | None = None) -> Planned:
    """Check a brief (at --rev when asked), find its stamp and cache key; links out of `root` are refused."""
    display = display_path(source)
    try:
        where, stamp = _version(source, settings.rev, scratch)
    except GitError as exc:
        return Planned(None, [Problem(display, 1, 1, exc.message)])
    outcome = _checked(where, display, settings, root if settings.rev is None else None)
    if outcome.failed:
        return Planned(None, outcome.problems)
    if stamp is None and settings.rev is None:
        stamp = stamp_for(source, outcome.images)
    problems = outcome.problems + _shallow_warning(stamp, display)
    changes = _changes(source, settings, outcome.checked, display, problems) if settings.changes else None
    edition = Edition(
        stamp.label() if stamp else None, bool(stamp and stamp.dirty), _epoch(stamp, outcome.brief_epoch), changes
    )
    task = Task(where, display, out_stem, settings, edition, cache_folder=default_folder() if settings.cache else None)
    return Planned(
        Task(where, display, out_stem, settings, edition, _key(task, where, outcome.images), task.cache_folder),
        problems,
        outcome.checked,
    )


@dataclass
class CheckOutcome:
    """What planning needs from checking a brief: problems, the images and data files it uses and its date."""

    problems: list[Problem]
    failed: bool
    images: list[Path] = field(default_factory=list)
    brief_epoch: int = 0
    checked: Checked | None = None


def _checked(where: Path, display: str, settings: Settings, root: Path | None = None) -> CheckOutcome:
    """Check a brief, or replay the check remembered for exactly these bytes, images and software."""
    cache = Cache(enabled=settings.cache and not settings.changes)
    try:
        raw = read_brief(where, display, root)
    except BriefError as exc:
        return CheckOutcome(exc.problems, True)
    own_labels = sorted({entry[0] for entry in settings.style.labels})
    memo_key = cache.check_key(
        raw, f"{display}\0{settings.style.folder}", settings.strict, own_labels
    )  # a .csl may be there
    remembered = cache.recall_check(memo_key, where.parent)
    if remembered is not None:
        problems, images, epoch = remembered
        return CheckOutcome(problems, False, images, epoch)
    result = check_file(where, settings.strict, display, root, settings.style.folder)
    if result.failed or result.checked is None:
        return CheckOutcome(result.problems, True)
    checked = result.checked
    problems = result.problems + missing_catalog(checked, own_labels, settings.strict)
    if any(p.severity == "error" for p in problems):  # --strict: the missing catalog is an error
        return CheckOutcome(problems, True)
    outcome = CheckOutcome(problems, False, used_inputs(checked), brief_epoch(checked), checked)
    cache.remember_check(memo_key, where.parent, outcome.problems, outcome.images, outcome.brief_epoch)
    return outcome


def _version(source: Path, rev: str | None, scratch: Path) -> tuple[Path, Stamp | None]:
    """Where to read the brief: the work tree, or its folder exported as of `rev`, with that stamp."""
    if rev is None:
        return source, None
    stamp = stamp_at(source, rev)
    return export_folder_at(source, rev, scratch), stamp


def _shallow_warning(stamp: Stamp | None, display: str) -> list[Problem]:
    """A warning when the clone is shallow, so dates and tags may be wrong."""
    if stamp is None or not stamp.shallow:
        return []
    return [Problem(display, 1, 1, f"shallow git clone: the version stamp may be wrong; {SHALLOW_HINT}", "warning")]


def _changes(
    source: Path, settings: Settings, checked: Checked | None, display: str, problems: list[Problem]
) -> str | None:
    """The 'Changes since REV' box, in Markdown, from the semantic diff."""
    rev = str(settings.changes)
    try:
        revision(source, rev)
    except GitError as exc:
        problems.append(Problem(display, 1, 1, f"--changes: {exc.message}"))
        return None
    old = load_at(source, rev)
    result = diff_briefs(old.checked, checked, old_label=rev, new_label="this version", for_readers=True)
    locale = checked.draft.locale if checked is not None else "en-GB"
    labels = labels_for(locale, settings.style.labels)
    words = box_words(labels.catalog)
    if old.checked is None:  # the author's notes (old.notes) name paths; the reader's say what it means
        result.notes.append(words.fill("changes_absent" if old.errors is None else "changes_unreadable", rev=rev))
    return f"# {labels['changes_since']} {rev}\n\n{markdown_body(result, words)}"


def box_words(catalog: Catalog) -> Words:
    """The changes box's wordings (diff/words.py) in a brief's language, from its label catalog."""

    def plural(key: str, number: int) -> str:
        one, many = BOX_PLURALS[key]
        return catalog.plural(key, one, many, number).replace("{n}", str(number))

    return Words({key: catalog.text(key, english) for key, english in BOX_ENGLISH.items()}, plural)


def _epoch(stamp: Stamp | None, brief_epoch: int) -> int:
    """The moment that stands for 'now': SOURCE_DATE_EPOCH, else the commit's date, else the brief's date."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    if stamp is not None and stamp.commit and not stamp.dirty:
        return stamp.epoch()
    return brief_epoch


def _key(task: Task, where: Path, images: list[Path]) -> str:
    """The cache key: settings, stamps, the bytes of the brief, its images and data files, the style, the software."""
    settings, edition = task.settings, task.edition
    out = settings.out
    parts = {
        "formats": settings.formats,
        "variant": settings.variant,
        "strict": settings.strict,
        "stamp": edition.stamp,
        "epoch": edition.epoch,
        "dirty": edition.dirty,
        "changes": edition.changes,
        "rev": settings.rev,
        "out": task.out_stem.relative_to(out).as_posix() if task.out_stem.is_relative_to(out) else str(task.out_stem),
        "style": folder_fingerprint(settings.style.folder),
        "labels": settings.style.labels,  # a style's and the repository's own wordings (labels/*.po)
        "env_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
    }
    base = where.parent.resolve()
    files = [("brief", where.read_bytes())]
    files += [(p.relative_to(base).as_posix() if p.is_relative_to(base) else str(p), read_image(p)) for p in images]
    return build_key(parts, files)
