"""A semantic diff for a terminal (plain text, coloured on request) and for other tools (JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict

from briefgen.diff.changes import BriefDiff, FigureChange, OptionChange, RatingChange
from briefgen.diff.model_keys import Change, ItemChange
from briefgen.diff.phrasing import (
    ITEM_SECTIONS,
    PLAIN,
    SIGN,
    errors_summary,
    old_new,
    rating_note,
    raw_note,
    recommendation_lines,
)
from briefgen.diff.word_diff import inline_diff

COLOUR = ("\x1b[31m[-", "-]\x1b[0m", "\x1b[32m{+", "+}\x1b[0m")


def to_json(diff: BriefDiff) -> str:
    """The diff as JSON with sorted keys; numbers are decimal strings."""
    data = asdict(diff)
    data["empty"] = diff.empty
    for change in data["texts"]:
        change["diff"] = inline_diff(change["old"], change["new"])
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)


def to_text(diff: BriefDiff, name: str, color: bool = False) -> str:
    """The diff for a terminal: plain text, with ANSI colours only when `color` is true."""
    marks = COLOUR if color else PLAIN
    lines = [
        f"{name}: {diff.old_label} → {diff.new_label}",
        f"{errors_summary(diff.old_label, diff.old_errors)}; {errors_summary(diff.new_label, diff.new_errors)}",
    ]
    lines += [f"note: {note}" for note in diff.notes]
    if diff.empty:
        return "\n".join([*lines, "No changes in substance"])
    sections = {
        "Brief": [f"{c.field}: {old_new(c.old, c.new, marks)}" for c in diff.details],
        "Figures": [line for f in diff.figures for line in _text_figure(f, marks)],
        "Checks": [
            f"now fails: {c.message}" if c.status == "fails" else f"now passes: {c.figure}: check '{c.check}'"
            for c in diff.checks
        ],
        "Options": [line for o in diff.options for line in _text_option(o, marks)],
        "Ratings": [_text_rating(r, marks) for r in diff.ratings],
        "Recommendation": recommendation_lines(diff.recommendation, marks),
        "Text": [f"{c.field}: {inline_diff(c.old, c.new, marks)}" for c in diff.texts],
        **{
            title: [line for i in diff.items if i.kind == kind for line in _text_item(i, marks)]
            for kind, title in ITEM_SECTIONS.items()
        },
    }
    for title, items in sections.items():
        if items:
            lines += ["", title, *(f"  {item}" for item in items)]
    return "\n".join(lines)


def _text_figure(change: FigureChange, marks: tuple[str, str, str, str]) -> list[str]:
    """A figure's line, then one indented line per changed field."""
    head = f"{SIGN[change.status]} {change.id} ({change.label}): {_value(change)}"
    return [head, *_text_fields(change.fields, marks)]


def _text_fields(fields: tuple[Change, ...], marks: tuple[str, str, str, str]) -> list[str]:
    """One indented line per changed field."""
    return [f"    {c.field}: {old_new(c.old, c.new, marks)}" for c in fields]


def _text_option(change: OptionChange, marks: tuple[str, str, str, str]) -> list[str]:
    """An option's line, then its other changed fields."""
    if change.status == "retitled":
        head = f"~ {change.id}: {old_new(change.old_title, change.new_title, marks)}"
    else:
        head = f'{SIGN[change.status]} {change.id}: "{change.new_title or change.old_title}"'
    return [head, *_text_fields(change.fields, marks)]


def _text_item(change: ItemChange, marks: tuple[str, str, str, str]) -> list[str]:
    """A source's, criterion's or chart's line, then its changed fields."""
    return [f'{SIGN[change.status]} {change.id}: "{change.name}"', *_text_fields(change.fields, marks)]


def _value(change: FigureChange) -> str:
    """A figure's printed value, old → new when it changed."""
    if change.status != "changed":
        return str(change.new if change.status == "added" else change.old)
    shown = change.new if change.old == change.new else f"{change.old} → {change.new}"
    note = raw_note(change.old_value, change.new_value) if change.old == change.new else ""
    return f"{shown} ({note})" if note else str(shown)


def _rating(change: RatingChange) -> str:
    """A rating as old → new, or the unchanged rating."""
    if change.old == change.new:
        return f"{change.new} (unchanged)"
    return f"{change.old or '(none)'} → {change.new or '(none)'}"


def _text_rating(change: RatingChange, marks: tuple[str, str, str, str]) -> str:
    """A rating's line: old → new, and its note when that changed."""
    note = rating_note(change, marks)
    return f"{change.option} / {change.criterion}: {_rating(change)}" + (f"; note: {note}" if note else "")
