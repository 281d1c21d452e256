"""Word-level diffs of two texts, shortened to the changes and a few words of context around them."""

from __future__ import annotations

import difflib
from typing import Any

from briefgen.diff.words import ENGLISH_WORDS, Words

CONTEXT = 3  # words of unchanged text shown either side of a change
MAX_RUN = 12  # words shown of one removed or added run
MAX_HUNKS = 4  # changes shown per text before "(n more changes)"


def word_diff(old: str | None, new: str | None, words: Words = ENGLISH_WORDS) -> list[tuple[str, str]]:
    """A brief word-level diff as segments ('=' kept, '-' removed, '+' added), with a few words of context."""
    a, b = (old or "").split(), (new or "").split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    changed = [n for n, op in enumerate(ops) if op[0] != "equal"]
    more = len(changed) - MAX_HUNKS
    if more > 0:
        ops = ops[: changed[MAX_HUNKS]]
    segments = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            segments.append(("=", _context(a[i1:i2], n == 0, n == len(ops) - 1)))
            continue
        if i2 > i1:
            segments.append(("-", _clip(a[i1:i2], words)))
        if j2 > j1:
            segments.append(("+", _clip(b[j1:j2], words)))
    if more > 0:
        segments.append(("=", words.plural("changes_more", more)))
    return segments


def _context(words: list[str], first: bool, last: bool) -> str:
    """Unchanged words around changes, shortened with … to a few either side."""
    if first and len(words) > CONTEXT:
        return "… " + " ".join(words[-CONTEXT:])
    if last and len(words) > CONTEXT:
        return " ".join(words[:CONTEXT]) + " …"
    if not (first or last) and len(words) > 2 * CONTEXT + 1:
        return " ".join(words[:CONTEXT]) + " … " + " ".join(words[-CONTEXT:])
    return " ".join(words)


def _clip(run: list[str], words: Words) -> str:
    """A removed or added run of words, shortened when long."""
    if len(run) <= MAX_RUN:
        return " ".join(run)
    return " ".join(run[:MAX_RUN]) + " … " + words.plural("changes_more_words", len(run) - MAX_RUN)


def inline_diff(
    old: str | None,
    new: str | None,
    marks: tuple[str, str, str, str] = ("[-", "-]", "{+", "+}"),
    escape: Any = str,
    words: Words = ENGLISH_WORDS,
) -> str:
    """A word diff on one line, each change wrapped in `marks` (removed open/close, added open/close)."""
    out = []
    for kind, text in word_diff(old, new, words):
        if kind == "-":
            out.append(f"{marks[0]}{escape(text)}{marks[1]}")
        elif kind == "+":
            out.append(f"{marks[2]}{escape(text)}{marks[3]}")
        else:
            out.append(escape(text))
    return " ".join(out)
