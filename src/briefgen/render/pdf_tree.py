"""The PDF structure tree as plain Python nodes: read from a PDF with pikepdf, changed, then written back whole."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from briefgen.render.pdf_hints import Hint

PageMarks = dict[int, int]  # a page's marked-content IDs: old -> new


@dataclass(frozen=True)
class Content:
    """Marked content on a page (mcid), or an annotation (annot) hung on an element."""

    page: int
    mcid: int | None
    annot: Any = None


@dataclass(eq=False)
class Node:
    """One structure element: its PDF object, role, the HTML behind it, and its kids in order."""

    obj: Any
    role: str
    hint: Hint | None
    kids: list[Node | Content] = field(default_factory=list)

    @classmethod
    def new(cls, pdf: Any, role: str, hint: Hint | None, kids: list[Node | Content]) -> Node:
        """A new element, its object made in pdf."""
        import pikepdf  # noqa: PLC0415  pikepdf, only for PDFs

        obj = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + role)))
        return cls(obj, role, hint, kids)

    def nodes(self) -> list[Node]:
        """The kids that are elements."""
        return [k for k in self.kids if isinstance(k, Node)]

    def contents(self) -> Iterator[Content]:
        """Every piece of content under this element, in order."""
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.contents()
            else:
                yield kid


@dataclass
class Tree:
    """The document element, and every marked content the old parent tree knew with the margin box it sat in."""

    root: Node
    marked: dict[tuple[int, int], Hint | None]


def read_tree(pdf: Any, hints: dict[int, Hint]) -> Tree:
    """The structure tree below StructTreeRoot (one Document element) as nodes."""
    import pikepdf  # noqa: PLC0415  pikepdf, only for PDFs

    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    seen: set[tuple[int, int]] = set()

    def page_of(ref: Any, default: int) -> int:
        return pages.get(ref.objgen, default) if isinstance(ref, pikepdf.Dictionary) else default

    def node(obj: Any, page: int) -> Node:
        seen.add(obj.objgen)
        page = page_of(obj.get("/Pg"), page)
        made = Node(obj, str(obj.S)[1:], hints.get(obj.objgen[0]))
        kids = obj.get("/K")
        for kid in list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
            if isinstance(kid, int) or (
                isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer
            ):
                made.kids.append(Content(page, int(kid)))
            elif not isinstance(kid, pikepdf.Dictionary) or (kid.objgen in seen and kid.objgen != (0, 0)):
                continue
            elif kid.get("/Type") == "/MCR":
                made.kids.append(Content(page_of(kid.get("/Pg"), page), int(kid.MCID)))
            elif kid.get("/Type") == "/OBJR":
                made.kids.append(Content(page_of(kid.get("/Pg"), page), None, kid.Obj))
            elif "/S" in kid:
                made.kids.append(node(kid, page))
        return made

    top = pdf.Root.StructTreeRoot.K
    top = top[0] if isinstance(top, pikepdf.Array) else top
    root = node(top, 0)
    return Tree(root, _marked(pdf, hints, pages))


def _marked(pdf: Any, hints: dict[int, Hint], pages: dict[tuple[int, int], int]) -> dict[tuple[int, int], Hint | None]:
    """(page, mcid) of every marked content in the parent tree, with the margin box hint above its element."""
    keys = {int(page.obj.StructParents): i for i, page in enumerate(pdf.pages) if "/StructParents" in page.obj}
    nums = list(pdf.Root.StructTreeRoot.ParentTree.get("/Nums", []))
    marked: dict[tuple[int, int], Hint | None] = {}
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if int(key) not in keys:
            continue
        for mcid, element in enumerate(value):
            marked[(keys[int(key)], mcid)] = _margin_hint(element, hints)
    return marked


def _margin_hint(element: Any, hints: dict[int, Hint]) -> Hint | None:
    """The first hint naming a margin box on the way up from an element, or None."""
    for _ in range(64):
        if element is None or not hasattr(element, "objgen"):
            return None
        hint = hints.get(element.objgen[0])
        if hint is not None and hint.margin:
            return hint
        element = element.get("/P")
    return None


def write_tree(pdf: Any, tree: Tree, marks: dict[int, PageMarks]) -> None:
    """Write the nodes back as the structure tree, with a new parent tree and ID tree."""
    import pikepdf  # noqa: PLC0415  pikepdf, only for PDFs

    page_objs = [page.obj for page in pdf.pages]
    parents: dict[int, dict[int, Any]] = {i: {} for i in range(len(page_objs))}
    annots: list[tuple[Any, Any]] = []
    ids: dict[str, Any] = {}

    def write(node: Node, parent: Any) -> None:
        node.obj.S = pikepdf.Name("/" + node.role)
        node.obj.P = parent
        first = next(node.contents(), None)
        if first is not None:
            node.obj.Pg = page_objs[first.page]
        home = first.page if first is not None else -1
        kids: list[Any] = []
        for kid in node.kids:
            if isinstance(kid, Node):
                write(kid, node.obj)
                kids.append(kid.obj)
            elif kid.annot is not None:
                kids.append(pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=kid.annot, Pg=page_objs[kid.page]))
                annots.append((kid.annot, node.obj))
            elif kid.mcid is not None and kid.mcid in marks.get(kid.page, {}):
                mcid = marks[kid.page][kid.mcid]
                parents[kid.page][mcid] = node.obj
                same = kid.page == home
                kids.append(
                    mcid if same else pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page_objs[kid.page], MCID=mcid)
                )
        node.obj.K = kids[0] if len(kids) == 1 else pikepdf.Array(kids)
        if "/ID" in node.obj:
            ids.setdefault(str(node.obj.ID), node.obj)

    root = pdf.Root.StructTreeRoot
    write(tree.root, root)
    root.K = tree.root.obj
    nums: list[Any] = []
    for i, page in enumerate(page_objs):
        page.StructParents = i
        table = parents[i]
        nums += [i, pikepdf.Array([table[m] for m in range(len(table))])]
    for key, (annot, element) in enumerate(annots, start=len(page_objs)):
        annot.StructParent = key
        nums += [key, element]
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    root.ParentTreeNextKey = len(page_objs) + len(annots)
    if ids:
        names = [x for name in sorted(ids) for x in (pikepdf.String(name), ids[name])]
        root.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(names)))
