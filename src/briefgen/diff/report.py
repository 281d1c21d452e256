"""Render a semantic diff of two briefs for a terminal, a pull-request comment or other tools."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from briefgen.brief.mdtext import escape
from briefgen.diff.compare import (
    SHORT,
    BriefDiff,
    FigureChange,
    OptionChange,
    RatingChange,
    RecommendationChange,
    inline_diff,
)
from briefgen.diff.model_keys import Change, ItemChange
from briefgen.diff.model_keys import norm as _norm


def to_json(diff: BriefDiff) -> str:
    """The diff as JSON with sorted keys; numbers are decimal strings."""
    data = asdict(diff)
    data["empty"] = diff.empty
    for change in data["texts"]:
        change["diff"] = inline_diff(change["old"], change["new"])
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)


PLAIN = ("[-", "-]", "{+", "+}")
COLOUR = ("\x1b[31m[-", "-]\x1b[0m", "\x1b[32m{+", "+}\x1b[0m")
MARKDOWN = ("~~", "~~", "**", "**")
_SIGN = {"added": "+", "removed": "-", "changed": "~", "retitled": "~"}
ITEM_SECTIONS = {"source": "Sources", "criterion": "Criteria", "chart": "Charts", "box": "Boxes"}


def _md(text: str) -> str:
    """Text on one line made safe for Markdown: special characters escaped, so nothing renders as markup or HTML."""
    return escape(" ".join(str(text).split()))


def _pair(old: str | None, new: str | None, marks: tuple[str, str, str, str] = PLAIN, escape: Any = str) -> str:
    """Short values as "old" → "new"; long ones as a word diff."""
    if all(v is None or (len(v.strip()) <= SHORT and "\n" not in v.strip()) for v in (old, new)):
        return " → ".join("(none)" if v is None else f'"{escape(v.strip())}"' for v in (old, new))
    return inline_diff(old, new, marks, escape)


def _errors(label: str, count: int | None) -> str:
    """How many errors one side has, or that it has no brief."""
    if count is None:
        return f"{label}: no brief"
    return f"{label}: {count} error{'' if count == 1 else 's'}"


def _raw_note(old: Any, new: Any) -> str:
    """The unrounded values behind a figure whose printed value did not change."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
        return "; ".join(f"{k}: {old.get(k, '(none)')} → {new.get(k, '(none)')}" for k in keys)
    return f"{old} → {new}" if isinstance(old, str) and isinstance(new, str) and old != new else ""


def _value(change: FigureChange) -> str:
    """A figure's printed value, old → new when it changed."""
    if change.status != "changed":
        return str(change.new if change.status == "added" else change.old)
    shown = change.new if change.old == change.new else f"{change.old} → {change.new}"
    note = _raw_note(change.old_value, change.new_value) if change.old == change.new else ""
    return f"{shown} ({note})" if note else str(shown)


def _rating(change: RatingChange) -> str:
    """A rating as old → new, or the unchanged rating."""
    if change.old == change.new:
        return f"{change.new} (unchanged)"
    return f"{change.old or '(none)'} → {change.new or '(none)'}"


def _text_rating(change: RatingChange, marks: tuple[str, str, str, str]) -> str:
    """A rating's line: old → new, and its note when that changed."""
    note = _note(change, marks)
    return f"{change.option} / {change.criterion}: {_rating(change)}" + (f"; note: {note}" if note else "")


def _note(change: RatingChange, marks: tuple[str, str, str, str], escape: Any = str) -> str:
    """A rating's note as old → new, or "" when it did not change."""
    if _norm(change.old_note) == _norm(change.new_note):
        return ""
    return _pair(change.old_note, change.new_note, marks, escape)


def _options_text(options: tuple[str, ...] | None) -> str:
    """Recommended option ids, comma-separated."""
    return ", ".join(options) if options else "(none)"


def _recommendation_lines(change: RecommendationChange | None, marks: Any, escape: Any = str) -> list[str]:
    """Lines describing a changed recommendation."""
    if change is None:
        return []
    lines = []
    if change.old_options != change.new_options:
        old, new = (escape(_options_text(o)) for o in (change.old_options, change.new_options))
        lines.append(f"options: {old} → {new}")
    if _norm(change.old_text) != _norm(change.new_text):
        lines.append(f"text: {inline_diff(change.old_text, change.new_text, marks, escape)}")
    return lines


def to_text(diff: BriefDiff, name: str, color: bool = False) -> str:
    """The diff for a terminal: plain text, with ANSI colours only when `color` is true."""
    marks = COLOUR if color else PLAIN
    lines = [
        f"{name}: {diff.old_label} → {diff.new_label}",
        f"{_errors(diff.old_label, diff.old_errors)}; {_errors(diff.new_label, diff.new_errors)}",
    ]
    lines += [f"note: {note}" for note in diff.notes]
    if diff.empty:
        return "\n".join([*lines, "No changes in substance"])
    sections = {
        "Brief": [f"{c.field}: {_pair(c.old, c.new, marks)}" for c in diff.details],
        "Figures": [line for f in diff.figures for line in _text_figure(f, marks)],
        "Checks": [
            f"now fails: {c.message}" if c.status == "fails" else f"now passes: {c.figure}: check '{c.check}'"
            for c in diff.checks
        ],
        "Options": [line for o in diff.options for line in _text_option(o, marks)],
        "Ratings": [_text_rating(r, marks) for r in diff.ratings],
        "Recommendation": _recommendation_lines(diff.recommendation, marks),
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
    head = f"{_SIGN[change.status]} {change.id} ({change.label}): {_value(change)}"
    return [head, *_text_fields(change.fields, marks)]


def _text_fields(fields: tuple[Change, ...], marks: tuple[str, str, str, str]) -> list[str]:
    """One indented line per changed field."""
    return [f"    {c.field}: {_pair(c.old, c.new, marks)}" for c in fields]


def _text_option(change: OptionChange, marks: tuple[str, str, str, str]) -> list[str]:
    """An option's line, then its other changed fields."""
    if change.status == "retitled":
        head = f"~ {change.id}: {_pair(change.old_title, change.new_title, marks)}"
    else:
        head = f'{_SIGN[change.status]} {change.id}: "{change.new_title or change.old_title}"'
    return [head, *_text_fields(change.fields, marks)]


def _text_item(change: ItemChange, marks: tuple[str, str, str, str]) -> list[str]:
    """A source's, criterion's or chart's line, then its changed fields."""
    return [f'{_SIGN[change.status]} {change.id}: "{change.name}"', *_text_fields(change.fields, marks)]


def _md_fields(fields: tuple[Change, ...]) -> str:
    """Changed fields on one Markdown line, or ''."""
    return "".join(f"; {_md(c.field)}: {_pair(c.old, c.new, MARKDOWN, _md)}" for c in fields)


def to_markdown(diff: BriefDiff, name: str) -> str:
    """The diff as Markdown for a pull-request comment: headings, and tables for figures and ratings."""
    old, new = _md(diff.old_label), _md(diff.new_label)
    head = [
        f"### Changes to {_md(name)}: {old} → {new}",
        "",
        f"{_errors(old, diff.old_errors)} · {_errors(new, diff.new_errors)}",
    ]
    return "\n".join([*head, *_markdown_body(diff), ""])


def markdown_body(diff: BriefDiff) -> str:
    """The diff's notes and sections in Markdown, with no heading or error counts: the body of a changes box."""
    return "\n".join(_markdown_body(diff)).strip("\n")


def _markdown_body(diff: BriefDiff) -> list[str]:
    """Lines of the notes and the sections of a diff in Markdown."""
    lines = [f"\n> **Note:** {_md(note)}" for note in diff.notes]
    if diff.empty:
        return [*lines, "", "No changes in substance"]
    if diff.details:
        lines += _md_section("Brief", [f"{c.field}: {_pair(c.old, c.new, MARKDOWN, _md)}" for c in diff.details])
    if diff.figures:
        lines += ["", "#### Figures", "", "| Change | Figure | Old | New | Also changed |", "|---|---|---|---|---|"]
        lines += [_md_figure(f) for f in diff.figures]
    lines += _md_section(
        "Checks",
        [
            f"now fails: {_md(c.message)}"
            if c.status == "fails"
            else f"now passes: `{c.figure}`: check '{_md(c.check)}'"
            for c in diff.checks
        ],
    )
    lines += _md_section(
        "Options",
        [
            f"{o.status} `{o.id}`: "
            + (
                _pair(o.old_title, o.new_title, MARKDOWN, _md)
                if o.status == "retitled"
                else _md(str(o.new_title or o.old_title))
            )
            + _md_fields(o.fields)
            for o in diff.options
        ],
    )
    if diff.ratings:
        lines += ["", "#### Ratings", "", "| Option | Criterion | Old | New | Note |", "|---|---|---|---|---|"]
        lines += [
            f"| `{r.option}` | `{r.criterion}` | {r.old or ''} | {r.new or ''} | {_note(r, MARKDOWN, _md)} |"
            for r in diff.ratings
        ]
    lines += _md_section("Recommendation", _recommendation_lines(diff.recommendation, MARKDOWN, _md))
    lines += _md_section(
        "Text", [f"**{_md(c.field)}**: {inline_diff(c.old, c.new, MARKDOWN, _md)}" for c in diff.texts]
    )
    for kind, title in ITEM_SECTIONS.items():
        lines += _md_section(
            title, [f"{i.status} `{i.id}`: {_md(i.name)}{_md_fields(i.fields)}" for i in diff.items if i.kind == kind]
        )
    return lines


def _md_section(title: str, items: list[str]) -> list[str]:
    """A heading and a bullet list, or nothing when there are no items."""
    return ["", f"#### {title}", "", *(f"- {item}" for item in items)] if items else []


def _md_figure(change: FigureChange) -> str:
    """One row of the figures table."""
    note = _raw_note(change.old_value, change.new_value) if change.old == change.new else ""
    also = [f"{c.field}: {_pair(c.old, c.new, MARKDOWN, _md)}" for c in change.fields]
    also += [f"unrounded: {_md(note)}"] if note and change.status == "changed" else []
    cells = [
        change.status,
        f"`{change.id}` {_md(change.label)}",
        _md(change.old or ""),
        _md(change.new or ""),
        "; ".join(also),
    ]
    return "| " + " | ".join(cells) + " |"
