"""Finish WeasyPrint's tagged PDF with pikepdf so that its structure says what the document means.

What WeasyPrint leaves, and what is done here (see docs in README, "Accessibility"):
- running heads, feet and page numbers are drawn as tagged content hung on no element: they become
  /Artifact /Pagination (/Header or /Footer) marked content;
- each page holds its own fragment of every element split across pages (one Part per page, one Table
  per page, a repeated table head): fragments of one HTML element are joined, a repeated head is an artifact;
- anonymous boxes (a list laid out as a table: L > L > L > L) are folded into their element;
- footnotes hang under the document: each becomes a Note with an ID, placed right after its call,
  which becomes a Reference; calls made again are a Reference around a Link to the note;
- header cells get /Scope from `scope` (or from where they sit), elements in another language /Lang;
- elements left empty are dropped, and every paint outside marked content becomes an artifact.
The structure tree and its parent tree are then written anew. Same input, same bytes.
"""

from __future__ import annotations

import io
from typing import Any

from briefgen.render.pdf_content import rewrite_page
from briefgen.render.pdf_hints import Hint
from briefgen.render.pdf_tree import Content, Node, read_tree, write_tree

_DROPPABLE = frozenset({"Span", "NonStruct", "Div", "Part", "Sect", "P"})
_SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def finish(data: bytes, hints: dict[int, Hint], note_label: str = "Note") -> bytes:
    """The PDF with its structure tree mended; a PDF without one comes back unchanged."""
    import pikepdf  # noqa: PLC0415  pikepdf (qpdf), only for PDFs

    pdf = pikepdf.open(io.BytesIO(data))
    if "/StructTreeRoot" not in pdf.Root:
        return data
    tree = read_tree(pdf, hints)
    _fold_anonymous(tree.root)
    _place_notes(pdf, tree.root)
    _drop_empty(tree.root)
    _join_fragments(tree.root)
    for table in _find(tree.root, "Table"):
        _mend_table(table)
    _drop_empty(tree.root)
    _languages(tree.root, str(pdf.Root.get("/Lang", "")))
    kept = {(c.page, c.mcid) for c in tree.root.contents()}
    artifacts = {key: _pagination(hint) for key, hint in tree.marked.items() if key not in kept}
    marks = {}
    for index, page in enumerate(pdf.pages):
        marks[index] = rewrite_page(pdf, page, {m: k for (p, m), k in artifacts.items() if p == index})
    write_tree(pdf, tree, marks)
    _label_note_links(pdf, note_label)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        fix_metadata_version=False,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return out.getvalue()


def _pagination(hint: Hint | None) -> str | None:
    """The artifact subtype of marked content left out of the tree: /Header or /Footer by its margin box."""
    margin = hint.margin if hint is not None else None
    return "/Header" if margin and "top" in margin else "/Footer" if margin and "bottom" in margin else None


def _find(node: Node, role: str) -> list[Node]:
    """Every element with a role, in document order."""
    found = [node] if node.role == role else []
    for kid in node.nodes():
        found.extend(_find(kid, role))
    return found


def _same(a: Node, b: Node) -> bool:
    """True when two elements are fragments of one HTML element."""
    return a.hint is not None and b.hint is not None and a.hint.element == b.hint.element >= 0 and a.role == b.role


def _fold_anonymous(node: Node) -> None:
    """Splice a child that is only an anonymous box of its parent (same element, same role) into the parent."""
    kids: list[Node | Content] = []
    for kid in node.kids:
        if isinstance(kid, Node):
            _fold_anonymous(kid)
            if _same(kid, node):
                kids.extend(kid.kids)
                continue
        kids.append(kid)
    node.kids = kids


def _join_fragments(node: Node) -> None:
    """Join neighbouring fragments of one element (an element split across pages), at every depth."""
    kids: list[Node | Content] = []
    for kid in node.kids:
        last = kids[-1] if kids else None
        if isinstance(kid, Node) and isinstance(last, Node) and _same(last, kid):
            last.kids.extend(kid.kids)
        else:
            kids.append(kid)
    node.kids = kids
    for kid in node.nodes():
        _join_fragments(kid)


def _drop_empty(node: Node) -> bool:
    """Remove grouping and inline elements that hold nothing (a table's empty cell stays); True if node is one."""
    node.kids = [k for k in node.kids if not (isinstance(k, Node) and _drop_empty(k))]
    return not node.kids and node.role in _DROPPABLE


def _is_note(node: Node) -> bool:
    """A footnote's body, floated to the page foot."""
    return node.hint is not None and node.hint.tag == "span" and "footnote" in node.hint.classes


def _tag_is(node: Node, suffix: str) -> bool:
    """True when the element's HTML tag ends with suffix (a pseudo-element such as ::footnote-call)."""
    return node.hint is not None and node.hint.tag.endswith(suffix)


def _place_notes(pdf: Any, root: Node) -> None:
    """Footnotes become Notes with IDs, right after their calls, which become References."""
    notes = _notes(pdf, root)
    calls = {
        kid.hint.source: (parent, kid) for parent, kid in _pairs(root) if kid.hint and _tag_is(kid, "::footnote-call")
    }
    placed: set[int] = set()
    for source, note in notes.items():
        if source in calls:
            parent, call = calls[source]
            call.role = "Reference"
            parent.kids.insert(parent.kids.index(call) + 1, note)
            placed.add(id(note))
    by_id = {str(note.obj.ID): note for note in notes.values()}
    for parent, link in [(p, k) for p, k in _pairs(root) if k.role == "Link" and _note_href(k)]:
        reference = Node.new(pdf, "Reference", link.hint, [link])
        parent.kids[parent.kids.index(link)] = reference
        target = by_id.get(_note_href(link))
        if target is not None and id(target) not in placed:
            parent.kids.insert(parent.kids.index(reference) + 1, target)
            placed.add(id(target))
    root.kids.extend(note for note in notes.values() if id(note) not in placed)


def _notes(pdf: Any, root: Node) -> dict[int, Node]:
    """Take each footnote's body (its fragments, if it runs on to the next page) out of the tree as a Note."""
    bodies: dict[int, list[Node]] = {}
    for parent, kid in _pairs(root):
        if kid.hint is not None and _is_note(kid):
            parent.kids.remove(kid)
            bodies.setdefault(kid.hint.source, []).append(kid)
    notes = {}
    for number, (source, parts) in enumerate(bodies.items(), start=1):
        note = Node.new(pdf, "Note", parts[0].hint, [k for part in parts for k in part.kids])
        note.obj.ID = _string((parts[0].hint.get("id") if parts[0].hint else None) or f"note-{number}")
        for marker in note.nodes():
            if _tag_is(marker, "::footnote-marker"):
                marker.role = "Lbl"
        notes[source] = note
    return notes


def _note_href(node: Node) -> str:
    """The note a link leads to ('note-3'), or ''."""
    href = node.hint.get("href") if node.hint else None
    return href[1:] if href and href.startswith("#note-") else ""


def _pairs(node: Node) -> list[tuple[Node, Node]]:
    """(parent, child) for every element under node, in document order."""
    out = []
    for kid in node.nodes():
        out.append((node, kid))
        out.extend(_pairs(kid))
    return out


def _walk(node: Node) -> list[Node]:
    """Node and every element under it."""
    return [node, *(n for kid in node.nodes() for n in _walk(kid))]


def _mend_table(table: Node) -> None:
    """One table: a head repeated on a later page is left out (an artifact); header cells get /Scope."""
    seen: dict[int, Node] = {}
    kids: list[Node | Content] = []
    renamed: dict[str, str] = {}
    for kid in table.kids:
        if isinstance(kid, Node) and kid.role in ("THead", "TFoot") and kid.hint and kid.hint.element in seen:
            _match_ids(seen[kid.hint.element], kid, renamed)
            continue
        if isinstance(kid, Node) and kid.hint:
            seen.setdefault(kid.hint.element, kid)
        kids.append(kid)
    table.kids = kids
    _join_fragments(table)
    for cell in _walk(table):
        if cell.role == "TH":
            _scope(cell, table)
        elif cell.role == "TD" and "/A" in cell.obj and "/Headers" in cell.obj.A:
            headers = [renamed.get(str(h), str(h)) for h in cell.obj.A.Headers]
            cell.obj.A.Headers = [_string(h) for h in dict.fromkeys(headers)]


def _match_ids(first: Node, again: Node, renamed: dict[str, str]) -> None:
    """Map the IDs of a repeated head's cells to those of the first head's cells."""
    ids = {c.hint.element: c.obj.get("/ID") for c in _walk(first) if c.role == "TH" and c.hint}
    for cell in _walk(again):
        if cell.role == "TH" and cell.hint and "/ID" in cell.obj and ids.get(cell.hint.element) is not None:
            renamed[str(cell.obj.ID)] = str(ids[cell.hint.element])


def _scope(cell: Node, table: Node) -> None:
    """/Scope from the cell's `scope`; else Column in a head, Row for a row's first cell."""
    import pikepdf  # noqa: PLC0415  pikepdf, only for PDFs

    scope = _SCOPES.get((cell.hint.get("scope") or "").lower()) if cell.hint else None
    if scope is None:
        row = next((r for r in _walk(table) if cell in r.kids), None)
        in_head = any(cell in _walk(h) for h in table.nodes() if h.role == "THead")
        scope = "/Column" if in_head or row is None or row.kids.index(cell) > 0 else "/Row"
    attributes = cell.obj.get("/A")
    if not isinstance(attributes, pikepdf.Dictionary):
        attributes = cell.obj.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
    attributes.Scope = pikepdf.Name(scope)


def _string(text: str) -> Any:
    """A PDF string."""
    import pikepdf  # noqa: PLC0415  pikepdf, only for PDFs

    return pikepdf.String(text)


def _languages(node: Node, document: str) -> None:
    """/Lang on each element whose HTML names a language other than its surroundings'."""
    lang = node.hint.get("lang") if node.hint else None
    if lang and lang != document:
        node.obj.Lang = _string(lang)
        document = lang
    for kid in node.nodes():
        _languages(kid, document)


def _label_note_links(pdf: Any, label: str) -> None:
    """Links print as they show, and a link to a note is described as 'Note 3', not by its target's name."""
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            annot.F = (int(annot.get("/F", 0)) | 4) & ~0b100010  # Print on; Hidden and NoView off
            dest = str(annot.get("/Dest", ""))
            if annot.get("/Subtype") == "/Link" and dest.startswith("note-") and dest[5:].isdigit():
                annot.Contents = _string(f"{label} {dest[5:]}")
            elif annot.get("/Subtype") == "/Link" and dest.startswith("matrix-note-") and dest[12:].isalpha():
                annot.Contents = _string(f"{label} {dest[12:]}")  # a table note of the appraisal matrix: 'Note a'
