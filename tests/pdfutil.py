"""Reading what a built PDF says: text per page, metadata, the tag tree."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pdfplumber
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def page_texts(path: Path) -> list[str]:
    """The text of each page."""
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def background_patterns(path: Path) -> list[int]:
    """How many pattern fills each page uses: the @page watermark is drawn as one."""
    counts = []
    for page in PdfReader(path).pages:
        resources = _resolve(page.get("/Resources")) or {}
        counts.append(len(_resolve(resources.get("/Pattern")) or {}))
    return counts


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
