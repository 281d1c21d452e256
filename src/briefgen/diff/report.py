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
from briefgen.diff.words import ENGLISH_WORDS, Words, field_name


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


def _pair(
    old: str | None,
    new: str | None,
    marks: tuple[str, str, str, str] = PLAIN,
    escape: Any = str,
    words: Words = ENGLISH_WORDS,
) -> str:
    """Short values as "old" → "new"; long ones as a word diff."""
    if all(v is None or (len(v.strip()) <= SHORT and "\n" not in v.strip()) for v in (old, new)):
        return " → ".join(words["changes_none"] if v is None else f'"{escape(v.strip())}"' for v in (old, new))
    return inline_diff(old, new, marks, escape, words)


def _errors(label: str, count: int | None) -> str:
    """How many errors one side has, or that it has no brief."""
    if count is None:
        return f"{label}: no brief"
    return f"{label}: {count} error{'' if count == 1 else 's'}"


def _raw_note(old: Any, new: Any, words: Words = ENGLISH_WORDS) -> str:
    """The unrounded values behind a figure whose printed value did not change."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
        none = words["changes_none"]
        return "; ".join(f"{k}: {old.get(k, none)} → {new.get(k, none)}" for k in keys)
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


def _note(
    change: RatingChange, marks: tuple[str, str, str, str], escape: Any = str, words: Words = ENGLISH_WORDS
) -> str:
    """A rating's note as old → new, or "" when it did not change."""
    if _norm(change.old_note) == _norm(change.new_note):
        return ""
    return _pair(change.old_note, change.new_note, marks, escape, words)


def _options_text(options: tuple[str, ...] | None, words: Words = ENGLISH_WORDS) -> str:
    """Recommended option ids, comma-separated."""
    return ", ".join(options) if options else words["changes_none"]


def _recommendation_lines(
    change: RecommendationChange | None, marks: Any, escape: Any = str, words: Words = ENGLISH_WORDS
) -> list[str]:
    """Lines describing a changed recommendation."""
    if change is None:
        return []
    lines = []
    if change.old_options != change.new_options:
        old, new = (escape(_options_text(o, words)) for o in (change.old_options, change.new_options))
        lines.append(f"{words['changes_recommended']}: {old} → {new}")
    if _norm(change.old_text) != _norm(change.new_text):
        text = inline_diff(change.old_text, change.new_text, marks, escape, words)
        lines.append(f"{words['changes_wording']}: {text}")
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
    return "\n".join([*head, *_markdown_body(diff, _Say(ENGLISH_WORDS, reader=False)), ""])


def markdown_body(diff: BriefDiff, words: Words = ENGLISH_WORDS) -> str:
    """The diff's notes and sections in Markdown, in `words`, with no heading or error counts: a changes box."""
    return "\n".join(_markdown_body(diff, _Say(words, reader=True))).strip("\n")


class _Say:
    """How a Markdown diff words things: for a reader (a brief's changes box) or for the author (a PR comment).

    The author's report names fields by their keys and quotes a failing check's message, as the
    terminal does; the reader's box names fields in words and shows a check by its formula.
    """

    def __init__(self, words: Words, reader: bool):
        self.words = words
        self.reader = reader

    def __getitem__(self, key: str) -> str:
        """A wording by key."""
        return self.words[key]

    def field(self, name: str) -> str:
        """A changed field's name, escaped."""
        return _md(field_name(name, self.words) if self.reader else name)

    def pair(self, old: str | None, new: str | None) -> str:
        """Old → new in Markdown (a data file's new digest marked changed in the box's words)."""
        if self.reader and new and new.startswith("sha256 ") and new.endswith(" (changed)"):
            new = new.removesuffix(" (changed)") + f" ({self['changes_changed']})"
        return _pair(old, new, MARKDOWN, _md, self.words)

    def fields(self, fields: tuple[Change, ...]) -> str:
        """Changed fields on one Markdown line, or ''."""
        return "".join(f"; {self.field(c.field)}: {self.pair(c.old, c.new)}" for c in fields)

    def status(self, status: str) -> str:
        """added, removed, changed or retitled."""
        return self.words[f"changes_{status}"]

    def rating(self, rating: str | None) -> str:
        """A rating word, or '' for none."""
        return self.words.texts.get(f"changes_rating_{rating}", rating) if self.reader and rating else rating or ""

    def check(self, change: Any) -> str:
        """A check that fails or passes now."""
        check = f"{self['changes_check']} '{_md(change.check)}'"
        if change.status == "fails" and not self.reader:
            return f"now fails: {_md(change.message)}"
        return f"{self['changes_now_' + change.status]}: `{change.figure}`: {check}"

    def notes(self, notes: list[str]) -> list[str]:
        """The notes on the comparison, as quotes."""
        return [f"\n> **{self['changes_note']}:** {_md(note)}" for note in notes]


def _markdown_body(diff: BriefDiff, say: _Say) -> list[str]:
    """Lines of the notes and the sections of a diff in Markdown."""
    lines = say.notes(diff.notes)
    if diff.empty:
        return [*lines, "", say["changes_nothing"]]
    if diff.details:
        lines += _md_section(
            say["changes_details"], [f"{say.field(c.field)}: {say.pair(c.old, c.new)}" for c in diff.details]
        )
    if diff.figures:
        heads = " | ".join(
            say[k] for k in ("changes_change", "changes_figure", "changes_old", "changes_new", "changes_also")
        )
        lines += ["", f"#### {say['changes_figures']}", "", f"| {heads} |", "|---|---|---|---|---|"]
        lines += [_md_figure(f, say) for f in diff.figures]
    lines += _md_section(say["changes_checks"], [say.check(c) for c in diff.checks])
    lines += _md_section(
        say["changes_options"],
        [
            f"{say.status(o.status)} `{o.id}`: "
            + (say.pair(o.old_title, o.new_title) if o.status == "retitled" else _md(str(o.new_title or o.old_title)))
            + say.fields(o.fields)
            for o in diff.options
        ],
    )
    if diff.ratings:
        heads = " | ".join(
            say[k] for k in ("changes_option", "changes_criterion", "changes_old", "changes_new", "changes_note")
        )
        lines += ["", f"#### {say['changes_ratings']}", "", f"| {heads} |", "|---|---|---|---|---|"]
        lines += [
            f"| `{r.option}` | `{r.criterion}` | {say.rating(r.old)} | {say.rating(r.new)} "
            f"| {_note(r, MARKDOWN, _md, say.words)} |"
            for r in diff.ratings
        ]
    recommendation = _recommendation_lines(diff.recommendation, MARKDOWN, _md, say.words)
    lines += _md_section(say["changes_recommendation"], recommendation)
    lines += _md_section(
        say["changes_text"],
        [f"**{say.field(c.field)}**: {inline_diff(c.old, c.new, MARKDOWN, _md, say.words)}" for c in diff.texts],
    )
    for kind, title in ITEM_SECTIONS.items():
        items = [
            f"{say.status(i.status)} `{i.id}`: {_md(i.name)}{say.fields(i.fields)}"
            for i in diff.items
            if i.kind == kind
        ]
        lines += _md_section(say[f"changes_{title.lower()}"], items)
    return lines


def _md_section(title: str, items: list[str]) -> list[str]:
    """A heading and a bullet list, or nothing when there are no items."""
    return ["", f"#### {title}", "", *(f"- {item}" for item in items)] if items else []


def _md_figure(change: FigureChange, say: _Say) -> str:
    """One row of the figures table."""
    note = _raw_note(change.old_value, change.new_value, say.words) if change.old == change.new else ""
    also = [f"{say.field(c.field)}: {say.pair(c.old, c.new)}" for c in change.fields]
    also += [f"{say['changes_unrounded']}: {_md(note)}"] if note and change.status == "changed" else []
    cells = [
        say.status(change.status),
        f"`{change.id}` {_md(change.label)}",
        _md(change.old or ""),
        _md(change.new or ""),
        "; ".join(also),
    ]
    return "| " + " | ".join(cells) + " |"
