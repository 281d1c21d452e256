"""Prose as a reader of the brief sees it: each {figure} reference printed as its figure, not its id."""

from __future__ import annotations

import re
from typing import Any

from briefgen.brief.check import Checked
from briefgen.brief.prose import FIGURE_REFERENCE

_CITATION = re.compile(r"\s*\[[^\[\]]*?-?@[A-Za-z0-9_][^\[\]]*\]")  # [@id], [see @id, p. 4; @other]


def as_printed(checked: Checked | None, value: Any) -> Any:
    """A text, or list of texts, with known figure references printed as their figures and citations left out."""
    if checked is None or value is None:
        return value
    if isinstance(value, list):
        return [as_printed(checked, item) for item in value]
    figures = checked.figures
    known = set(figures.values) & set(checked.draft.figures or {})

    def printed(match: Any) -> str:
        """The figure as printed, or the reference unchanged when it names no computed figure."""
        return figures.display(match[1]) if match[1] in known else str(match[0])

    return FIGURE_REFERENCE.sub(printed, _CITATION.sub("", str(value)))
