"""Phrases shared by the diff's reports: old → new pairs, error counts, ratings' notes and the recommendation."""

from __future__ import annotations

from typing import Any

from briefgen.diff.changes import RatingChange, RecommendationChange
from briefgen.diff.model_keys import norm as _norm
from briefgen.diff.word_diff import inline_diff
from briefgen.diff.words import ENGLISH_WORDS, Words

SHORT = 48  # field values up to this length are shown whole, old → new
PLAIN = ("[-", "-]", "{+", "+}")
SIGN = {"added": "+", "removed": "-", "changed": "~", "retitled": "~"}
ITEM_SECTIONS = {"source": "Sources", "criterion": "Criteria", "chart": "Charts", "box": "Boxes"}


def old_new(
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


def errors_summary(label: str, count: int | None) -> str:
    """How many errors one side has, or that it has no brief."""
    if count is None:
        return f"{label}: no brief"
    return f"{label}: {count} error{'' if count == 1 else 's'}"


def raw_note(old: Any, new: Any, words: Words = ENGLISH_WORDS) -> str:
    """The unrounded values behind a figure whose printed value did not change."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
        none = words["changes_none"]
        return f"{words['semicolon']} ".join(
            f"{k}{words['colon']} {old.get(k, none)} → {new.get(k, none)}" for k in keys
        )
    return f"{old} → {new}" if isinstance(old, str) and isinstance(new, str) and old != new else ""


def rating_note(
    change: RatingChange, marks: tuple[str, str, str, str], escape: Any = str, words: Words = ENGLISH_WORDS
) -> str:
    """A rating's note as old → new, or "" when it did not change."""
    if _norm(change.old_note) == _norm(change.new_note):
        return ""
    return old_new(change.old_note, change.new_note, marks, escape, words)


def _options_text(options: tuple[str, ...] | None, words: Words = ENGLISH_WORDS) -> str:
    """Recommended option ids, comma-separated."""
    return ", ".join(options) if options else words["changes_none"]


def recommendation_lines(
    change: RecommendationChange | None, marks: Any, escape: Any = str, words: Words = ENGLISH_WORDS
) -> list[str]:
    """Lines describing a changed recommendation."""
    if change is None:
        return []
    lines = []
    if change.old_options != change.new_options:
        old, new = (escape(_options_text(o, words)) for o in (change.old_options, change.new_options))
        lines.append(f"{words['changes_recommended']}{words['colon']} {old} → {new}")
    if _norm(change.old_text) != _norm(change.new_text):
        text = inline_diff(change.old_text, change.new_text, marks, escape, words)
        lines.append(f"{words['changes_wording']}{words['colon']} {text}")
    return lines
