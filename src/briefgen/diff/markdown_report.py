"""A semantic diff in Markdown: a pull-request comment for the author, or the "Changes since" box for readers."""

from __future__ import annotations

from typing import Any

from briefgen.brief.mdtext import escape
from briefgen.diff.changes import BriefDiff, FigureChange
from briefgen.diff.model_keys import Change
from briefgen.diff.phrasing import ITEM_SECTIONS, errors_summary, old_new, rating_note, raw_note, recommendation_lines
from briefgen.diff.word_diff import inline_diff
from briefgen.diff.words import ENGLISH_WORDS, Words, field_name

MARKDOWN = ("~~", "~~", "**", "**")


def _md(text: str) -> str:
    """Text on one line made safe for Markdown: special characters escaped, so nothing renders as markup or HTML."""
    return escape(" ".join(str(text).split()))


def to_markdown(diff: BriefDiff, name: str) -> str:
    """The diff as Markdown for a pull-request comment: headings, and tables for figures and ratings."""
    old, new = _md(diff.old_label), _md(diff.new_label)
    head = [
        f"### Changes to {_md(name)}: {old} → {new}",
        "",
        f"{errors_summary(old, diff.old_errors)} · {errors_summary(new, diff.new_errors)}",
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

    @property
    def colon(self) -> str:
        """The colon after a name, with any space the language puts before it ("\u00a0:" in French)."""
        return self.words["colon"]

    def field(self, name: str) -> str:
        """A changed field's name, escaped."""
        return _md(field_name(name, self.words) if self.reader else name)

    def pair(self, old: str | None, new: str | None) -> str:
        """Old → new in Markdown (a data file's new digest marked changed in the box's words)."""
        if self.reader and new and new.startswith("sha256 ") and new.endswith(" (changed)"):
            new = new.removesuffix(" (changed)") + f" ({self['changes_changed']})"
        return old_new(old, new, MARKDOWN, _md, self.words)

    def fields(self, fields: tuple[Change, ...]) -> str:
        """Changed fields on one Markdown line, or ''."""
        return "".join(
            f"{self.words['semicolon']} {self.field(c.field)}{self.colon} {self.pair(c.old, c.new)}" for c in fields
        )

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
        return f"{self['changes_now_' + change.status]}{self.colon} `{change.figure}`{self.colon} {check}"

    def notes(self, notes: list[str]) -> list[str]:
        """The notes on the comparison, as quotes."""
        return [f"\n> **{self['changes_note']}{self.colon}** {_md(note)}" for note in notes]


def _markdown_body(diff: BriefDiff, say: _Say) -> list[str]:
    """Lines of the notes and the sections of a diff in Markdown."""
    lines = say.notes(diff.notes)
    if diff.empty:
        return [*lines, "", say["changes_nothing"]]
    if diff.details:
        lines += _md_section(
            say["changes_details"], [f"{say.field(c.field)}{say.colon} {say.pair(c.old, c.new)}" for c in diff.details]
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
            f"{say.status(o.status)} `{o.id}`{say.colon} "
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
            f"| {rating_note(r, MARKDOWN, _md, say.words)} |"
            for r in diff.ratings
        ]
    recommendation = recommendation_lines(diff.recommendation, MARKDOWN, _md, say.words)
    lines += _md_section(say["changes_recommendation"], recommendation)
    lines += _md_section(
        say["changes_text"],
        [
            f"**{say.field(c.field)}**{say.colon} {inline_diff(c.old, c.new, MARKDOWN, _md, say.words)}"
            for c in diff.texts
        ],
    )
    for kind, title in ITEM_SECTIONS.items():
        items = [
            f"{say.status(i.status)} `{i.id}`{say.colon} {_md(i.name)}{say.fields(i.fields)}"
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
    note = raw_note(change.old_value, change.new_value, say.words) if change.old == change.new else ""
    also = [f"{say.field(c.field)}{say.colon} {say.pair(c.old, c.new)}" for c in change.fields]
    also += [f"{say['changes_unrounded']}{say.colon} {_md(note)}"] if note and change.status == "changed" else []
    cells = [
        say.status(change.status),
        f"`{change.id}` {_md(change.label)}",
        _md(change.old or ""),
        _md(change.new or ""),
        f"{say['semicolon']} ".join(also),
    ]
    return "| " + " | ".join(cells) + " |"
