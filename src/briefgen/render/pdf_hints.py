"""What each PDF structure element came from: noted while WeasyPrint tags a document, for pdf_tags to use.

WeasyPrint builds the structure tree from its boxes and keeps nothing of the HTML behind an element:
not the element a page-split fragment continues, not `scope`, `lang`, `id` or `class`, nor which
page-margin box it was drawn in. While a PDF is written, WeasyPrint's tree builder is wrapped so that
each element it makes is noted, by object number, with those facts; nothing extra goes into the file.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

_ATTRIBUTES = ("id", "class", "scope", "lang", "href")


@dataclass(frozen=True)
class Hint:
    """The HTML behind one structure element: two numbers for it, its tag, attributes and margin box.

    `element` numbers the element or pseudo-element (fragments of one share it); `source` numbers the HTML
    element alone, so that a footnote's ::footnote-call shares it with the footnote.
    """

    element: int
    source: int
    tag: str
    attributes: tuple[tuple[str, str], ...] = ()
    margin: str | None = None

    def get(self, name: str) -> str | None:
        """An HTML attribute's value, or None."""
        return dict(self.attributes).get(name)

    @property
    def classes(self) -> tuple[str, ...]:
        """The element's classes."""
        return tuple((self.get("class") or "").split())


class _Notes(threading.local):
    """The hints of the render in progress on this thread."""

    def __init__(self) -> None:
        self.hints: dict[int, Hint] | None = None
        self.numbers: dict[tuple[int, str], int] = {}
        self.sources: dict[int, int] = {}
        self.margins: list[str] = []


_notes = _Notes()


@contextmanager
def noting() -> Iterator[dict[int, Hint]]:
    """Collect the hints of the PDF written inside the block: object number -> Hint."""
    _install()
    _notes.hints, _notes.numbers, _notes.sources, _notes.margins = {}, {}, {}, []
    try:
        yield _notes.hints
    finally:
        _notes.hints, _notes.numbers, _notes.sources, _notes.margins = None, {}, {}, []


def _install() -> None:
    """Wrap WeasyPrint's structure-tree builder once (it calls itself through the module, so children pass too)."""
    from weasyprint.formatting_structure import boxes  # noqa: PLC0415  WeasyPrint, only for PDFs
    from weasyprint.pdf import tags  # noqa: PLC0415  WeasyPrint, only for PDFs

    original = tags._build_box_tree
    if getattr(original, "briefgen_hints", False):
        return

    def build(box: Any, *args: Any) -> Iterator[Any]:
        margin = isinstance(box, boxes.MarginBox)
        if margin:
            _notes.margins.append(str(box.at_keyword))
        try:
            for element in original(box, *args):
                _note(element, box)
                yield element
        finally:
            if margin:
                _notes.margins.pop()

    build.briefgen_hints = True  # type: ignore[attr-defined]
    tags._build_box_tree = build


def _note(element: Any, box: Any) -> None:
    """Record the HTML behind one element WeasyPrint made."""
    hints = _notes.hints
    number = getattr(element, "number", None)
    if hints is None or number is None or number in hints:
        return  # an element passes up through its ancestors' calls too: its own box noted it first
    source = getattr(box, "_box", box)  # an absolutely placed box stands in for its own
    html = getattr(source, "element", None)
    tag = str(getattr(source, "element_tag", "") or "") if html is not None else ""
    attributes: tuple[tuple[str, str], ...] = ()
    serial = source = -1
    if html is not None:
        serial = _notes.numbers.setdefault((id(html), tag), len(_notes.numbers))
        source = _notes.sources.setdefault(id(html), len(_notes.sources))
        attributes = tuple((name, str(html.get(name))) for name in _ATTRIBUTES if html.get(name) is not None)
    margin = _notes.margins[-1] if _notes.margins else None
    hints[number] = Hint(serial, source, tag, attributes, margin)
