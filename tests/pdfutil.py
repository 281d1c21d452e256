"""Reading what a built PDF says: text per page, metadata, the tag tree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def page_texts(path: Path) -> list[str]:
    """The text of each page."""
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def watermarked(path: Path) -> list[bool]:
    """For each page, whether a page-sized background (the @page watermark) is drawn on it.

    WeasyPrint draws an @page background image as a page-sized form, or as a pattern when it repeats it.
    """
    marks = []
    for page in PdfReader(path).pages:
        resources = _resolve(page.get("/Resources")) or {}
        patterns = _resolve(resources.get("/Pattern")) or {}
        forms = [_resolve(x) for x in (_resolve(resources.get("/XObject")) or {}).values()]
        page_sized = [f for f in forms if f.get("/Subtype") == "/Form" and _page_sized(f.get("/BBox"))]
        marks.append(bool(patterns) or bool(page_sized))
    return marks


def _page_sized(box: Any) -> bool:
    """True for an A4 page box in CSS pixels."""
    return box is not None and abs(float(box[2]) - 793.7) < 1 and abs(float(box[3]) - 1122.5) < 1


def _resolve(obj: Any) -> Any:
    """Follow an indirect reference."""
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def struct_elements(path: Path) -> Iterator[DictionaryObject]:
    """Every element of the PDF's structure tree."""
    root = _resolve(PdfReader(path).trailer["/Root"])
    stack = [_resolve(root["/StructTreeRoot"])]
    seen: set[int] = set()
    while stack:
        node = _resolve(stack.pop())
        if not isinstance(node, DictionaryObject) or id(node) in seen:
            continue
        seen.add(id(node))
        if "/S" in node:
            yield node
        kids = _resolve(node.get("/K"))
        if isinstance(kids, ArrayObject):
            stack.extend(kids)
        elif kids is not None:
            stack.append(kids)


def catalog(path: Path) -> DictionaryObject:
    """The document catalog."""
    return _resolve(PdfReader(path).trailer["/Root"])
