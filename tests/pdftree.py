"""Reading a tagged PDF with pikepdf: the structure tree, marked content per page, and paint left unmarked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

PAINT = {"Tj", "TJ", "'", '"', "Do", "sh", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "INLINE IMAGE"}


@dataclass
class Elem:
    """A structure element: role, attributes and kids (elements, or (page, mcid) of marked content)."""

    obj: Any
    role: str
    kids: list[Any] = field(default_factory=list)
    pdf: Any = field(default=None, repr=False)  # keeps the file open while its elements are read

    def walk(self) -> Iterator[Elem]:
        """This element and every one under it, in order."""
        yield self
        for kid in self.kids:
            if isinstance(kid, Elem):
                yield from kid.walk()

    def elems(self) -> list[Elem]:
        """The kids that are elements."""
        return [k for k in self.kids if isinstance(k, Elem)]

    def roles(self) -> list[str]:
        """The roles of the kids that are elements."""
        return [k.role for k in self.elems()]

    def marks(self) -> list[tuple[int, int]]:
        """(page, mcid) of every marked content under this element."""
        return [k for e in self.walk() for k in e.kids if isinstance(k, tuple)]


def tree(pdf: pikepdf.Pdf) -> Elem:
    """The structure tree from StructTreeRoot down."""
    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}

    def build(obj: Any, page: int) -> Elem:
        page = pages.get(obj.Pg.objgen, page) if "/Pg" in obj else page
        elem = Elem(obj, str(obj.S)[1:], pdf=pdf)
        kids = obj.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
            if isinstance(kid, int):
                elem.kids.append((page, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                elem.kids.append((pages[kid.Pg.objgen], int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                elem.kids.append(build(kid, page))
        return elem

    return build(pdf.Root.StructTreeRoot.K, 0)


@dataclass
class PageContent:
    """What a page's content stream marks: tagged MCIDs, artifact kinds, and paint outside any marked content."""

    mcids: list[int] = field(default_factory=list)
    artifacts: list[tuple[str, str]] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)


def page_content(page: pikepdf.Page) -> PageContent:
    """Scan one page's content stream (forms drawn with tagged content included)."""
    found = PageContent()
    _scan(pikepdf.parse_content_stream(page), page.obj.get("/Resources"), 0, found)
    return found


def _scan(ops: Any, resources: Any, depth: int, found: PageContent) -> None:
    for operands, operator in ops:
        name = str(operator)
        if name in ("BDC", "BMC"):
            depth += 1
            props = operands[1] if len(operands) > 1 else None
            if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                found.mcids.append(int(props.MCID))
            if str(operands[0]) == "/Artifact":
                kind = props if isinstance(props, pikepdf.Dictionary) else {}
                found.artifacts.append((str(kind.get("/Type", "")), str(kind.get("/Subtype", ""))))
        elif name == "EMC":
            depth -= 1
        elif name == "Do":
            form = resources.XObject.get(operands[0]) if resources is not None and "/XObject" in resources else None
            if form is not None and b"/MCID" in form.read_bytes():
                _scan(pikepdf.parse_content_stream(form), form.get("/Resources") or resources, depth, found)
            elif depth == 0:
                found.unmarked.append(name)
        elif depth == 0 and name in PAINT:
            found.unmarked.append(name)


def parent_tree(pdf: pikepdf.Pdf) -> dict[tuple[int, int], Any]:
    """(page, mcid) -> the element the parent tree names for it."""
    nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    keys = {int(p.obj.StructParents): i for i, p in enumerate(pdf.pages)}
    out = {}
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if int(key) in keys:
            for mcid, elem in enumerate(value):
                out[(keys[int(key)], mcid)] = elem
    return out


def open_pdf(path: Path | bytes) -> pikepdf.Pdf:
    """Open a PDF file or bytes."""
    import io

    return pikepdf.open(io.BytesIO(path) if isinstance(path, bytes) else path)
