"""Semantic diff of two versions of a brief: figures, checks, options, ratings, recommendation and text."""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any

from briefgen.brief.check import Checked
from briefgen.brief.figures import plain
from briefgen.diff.changes import BriefDiff, CheckChange, FigureChange, OptionChange, RatingChange, RecommendationChange
from briefgen.diff.model_keys import (
    FIGURE_FIELDS,
    ITEM_KINDS,
    META,
    OPTION_FIELDS,
    Change,
    field_changes,
    item_changes,
)
from briefgen.diff.model_keys import change as _change
from briefgen.diff.model_keys import norm as _norm
from briefgen.diff.model_keys import text as _text
from briefgen.diff.reader_text import as_printed

TEXTS = ("summary", "problem", "background", "annex")


def diff_briefs(
    old: Checked | None,
    new: Checked | None,
    *,
    old_label: str = "old",
    new_label: str = "new",
    for_readers: bool = False,
) -> BriefDiff:
    """Compare two checked versions of a brief (None: no brief); partial briefs are compared as far as they go.

    `for_readers` compares prose as printed ({figure} references as their figures), for the box in the brief.
    """
    return BriefDiff(
        old_label,
        new_label,
        _error_count(old),
        _error_count(new),
        details=[c for name in META if (c := _change(name, _get(old, name), _get(new, name)))],
        figures=_figures(old, new),
        checks=_checks(old, new),
        options=_options(old, new),
        ratings=_ratings(old, new),
        recommendation=_recommendation(old, new),
        texts=_texts(old, new, for_readers),
        items=[c for name in ITEM_KINDS for c in item_changes(name, _get(old, name), _get(new, name))],
    )


def _error_count(checked: Checked | None) -> int | None:
    """How many errors one side has."""
    return None if checked is None else len(checked.errors)


def _get(checked: Checked | None, name: str) -> Any:
    """A top-level field of a (possibly partial) brief, or None."""
    return None if checked is None else getattr(checked.draft, name, None)


def _raw(checked: Checked | None, fid: str) -> Any:
    """A figure's computed value as plain text (a series as a map of period to text)."""
    value = None if checked is None else checked.figures.values.get(fid)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return plain(value) if isinstance(value, Decimal) else None


def _figures(old: Checked | None, new: Checked | None) -> list[FigureChange]:
    """Figures added, removed or changed, by id."""
    a, b = _get(old, "figures") or {}, _get(new, "figures") or {}
    changes = []
    for fid in [*b, *(f for f in a if f not in b)]:
        fa, fb = a.get(fid), b.get(fid)
        shown_a = old.figures.display(fid) if fa is not None and old else None
        shown_b = new.figures.display(fid) if fb is not None and new else None
        raw_a, raw_b = (_raw(old, fid) if fa else None), (_raw(new, fid) if fb else None)
        fields = (*field_changes(fa, fb, FIGURE_FIELDS), *_data_change(old, new, fid)) if fa and fb else ()
        status = "added" if fa is None else "removed" if fb is None else "changed"
        if status != "changed" or fields or raw_a != raw_b or shown_a != shown_b:
            label = str(fb.label if fb is not None else fa.label if fa is not None else fid)
            changes.append(FigureChange(str(fid), status, label, shown_a, shown_b, raw_a, raw_b, fields))
    return changes


def _data_change(old: Checked | None, new: Checked | None, fid: str) -> tuple[Change, ...]:
    """A figure read from the same data file on both sides, whose bytes changed: say that the file changed."""
    a = old.origins.get(fid) if old else None
    b = new.origins.get(fid) if new else None
    if a is None or b is None or a.file != b.file or a.digest == b.digest:
        return ()
    return (Change(f"data file {b.file}", f"sha256 {a.digest[:12]}", f"sha256 {b.digest[:12]} (changed)"),)


def _failing(checked: Checked | None) -> dict[tuple[str, str], str]:
    """Failing checks by (figure, check), with their messages."""
    return {(f.figure, f.check): f.message for f in checked.figures.failed} if checked else {}


def _checks(old: Checked | None, new: Checked | None) -> list[CheckChange]:
    """Checks that fail now and did not before, then checks that pass now (on figures still present)."""
    a, b = _failing(old), _failing(new)
    now = set(_get(new, "figures") or {})
    changes = [CheckChange(fid, check, "fails", msg) for (fid, check), msg in b.items() if (fid, check) not in a]
    changes += [
        CheckChange(fid, check, "passes", msg)
        for (fid, check), msg in a.items()
        if (fid, check) not in b and fid in now
    ]
    return changes


def _by_id(checked: Checked | None) -> dict[str, Any]:
    """A brief's options by id."""
    return {str(o.id): o for o in _get(checked, "options") or []}


def _options(old: Checked | None, new: Checked | None) -> list[OptionChange]:
    """Options added, retitled, otherwise changed (other than in prose and ratings) or removed."""
    a, b = _by_id(old), _by_id(new)
    changes = []
    for oid, option in b.items():
        if oid not in a:
            changes.append(OptionChange(oid, "added", None, str(option.title)))
            continue
        fields = field_changes(a[oid], option, OPTION_FIELDS)
        if _norm(a[oid].title) != _norm(option.title):
            changes.append(OptionChange(oid, "retitled", str(a[oid].title), str(option.title), fields))
        elif fields:
            changes.append(OptionChange(oid, "changed", str(a[oid].title), str(option.title), fields))
    changes += [OptionChange(oid, "removed", str(o.title), None) for oid, o in a.items() if oid not in b]
    return changes


def _ratings(old: Checked | None, new: Checked | None) -> list[RatingChange]:
    """Ratings (or their notes) changed, for options in both versions."""
    a, b = _by_id(old), _by_id(new)
    changes = []
    for oid in (o for o in b if o in a):
        ra, rb = a[oid].ratings, b[oid].ratings
        for cid in [*rb, *(c for c in ra if c not in rb)]:
            x, y = ra.get(cid), rb.get(cid)
            pair = [_text(x and x.rating), _text(y and y.rating), _text(x and x.note), _text(y and y.note)]
            if pair[0] != pair[1] or _norm(pair[2]) != _norm(pair[3]):
                changes.append(RatingChange(oid, str(cid), *pair))
    return changes


def _recommendation(old: Checked | None, new: Checked | None) -> RecommendationChange | None:
    """The recommendation's options and text, when either changed."""
    a, b = _get(old, "recommendation"), _get(new, "recommendation")
    options = [tuple(str(o) for o in r.options) if r else None for r in (a, b)]
    texts = [_text(r.text) if r else None for r in (a, b)]
    if options[0] == options[1] and _norm(texts[0]) == _norm(texts[1]):
        return None
    return RecommendationChange(options[0], options[1], texts[0], texts[1])


def _texts(old: Checked | None, new: Checked | None, for_readers: bool = False) -> list[Change]:
    """Changed prose: summary, key points, problem, background, annex, and options' texts, pros and cons."""

    def seen(checked: Checked | None, value: Any) -> Any:
        """The text as compared: as written, or as a reader sees it printed."""
        return as_printed(checked, value) if for_readers else value

    def field(name: str) -> tuple[Any, Any]:
        """A top-level text of both versions."""
        return seen(old, _get(old, name)), seen(new, _get(new, name))

    changes = [c for name in TEXTS[:1] if (c := _change(name, *field(name)))]
    points = field("key_points")
    changes += _list_texts("key point", points[0] or [], points[1] or [])
    changes += [c for name in TEXTS[1:] if (c := _change(name, *field(name)))]
    a, b = _by_id(old), _by_id(new)
    for oid in (o for o in b if o in a):
        for part in ("summary", "detail"):
            texts = seen(old, getattr(a[oid], part)), seen(new, getattr(b[oid], part))
            if change := _change(f"option {oid} {part}", *texts):
                changes.append(change)
        for part in ("pros", "cons"):
            pair = seen(old, getattr(a[oid], part)), seen(new, getattr(b[oid], part))
            changes += _list_texts(f"option {oid} {part[:-1]}", pair[0] or [], pair[1] or [])
    return changes


def _list_texts(name: str, old: list[Any], new: list[Any]) -> list[Change]:
    """Items of a list of texts added, removed or changed, numbered from 1."""
    matcher = difflib.SequenceMatcher(None, [_norm(x) for x in old], [_norm(x) for x in new], autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(max(i2 - i1, j2 - j1) if tag != "equal" else 0):
            x = old[i1 + k] if i1 + k < i2 else None
            y = new[j1 + k] if j1 + k < j2 else None
            changes.append(Change(f"{name} {(j1 if y is not None else i1) + k + 1}", _text(x), _text(y)))
    return changes
