"""A small builder for pandoc's JSON document tree (pandoc-types), the input of the DOCX and ODT writers.

Each function returns one element as plain JSON data: a dict `{"t": kind, "c": contents}`.
Only the elements briefgen prints are here; pandoc's own JSON reader checks the rest.
"""

from __future__ import annotations

import re
from typing import Any

Element = dict[str, Any]
Attr = list[Any]

NO_ATTR: Attr = ["", [], []]
_WORDS = re.compile(r"([^\S\u00a0\u2007\u202f]+)")  # a no-break space joins, as in "Coût\u00a0:"


def attr(ident: str = "", classes: tuple[str, ...] = (), **pairs: str) -> Attr:
    """An element's attributes: identifier, classes and key-value pairs (custom_style -> custom-style)."""
    return [ident, list(classes), [[k.replace("_", "-"), v] for k, v in pairs.items()]]


def styled(name: str) -> Attr:
    """Attributes naming a custom paragraph or character style."""
    return attr(custom_style=name)


def words(text: str) -> list[Element]:
    """Plain text as Str and Space inlines (a line break inside the text is a soft break)."""
    out: list[Element] = []
    for part in _WORDS.split(text):
        if not part:
            continue
        if part.isspace():
            out.append({"t": "SoftBreak"} if "\n" in part else {"t": "Space"})
        else:
            out.append({"t": "Str", "c": part})
    return out


def span(style: str, inlines: list[Element]) -> Element:
    """Inlines in a named character style."""
    return {"t": "Span", "c": [styled(style), inlines]}


def wrap(kind: str, inlines: list[Element]) -> Element:
    """Emph, Strong, Strikeout, Superscript or Subscript around inlines."""
    return {"t": kind, "c": inlines}


def code(text: str) -> Element:
    """Inline code."""
    return {"t": "Code", "c": [NO_ATTR, text]}


def link(inlines: list[Element], url: str, title: str = "") -> Element:
    """A hyperlink."""
    return {"t": "Link", "c": [NO_ATTR, inlines, [url, title]]}


def image(src: str, alt: str, title: str = "") -> Element:
    """An image whose alt text (the document's `descr`) is `alt`."""
    return {"t": "Image", "c": [NO_ATTR, words(alt), [src, title]]}


def note(blocks: list[Element]) -> Element:
    """A footnote."""
    return {"t": "Note", "c": blocks}


def para(inlines: list[Element]) -> Element:
    """A paragraph."""
    return {"t": "Para", "c": inlines}


def plain(inlines: list[Element]) -> Element:
    """Inlines as a block without paragraph spacing (list items, table cells)."""
    return {"t": "Plain", "c": inlines}


def header(level: int, inlines: list[Element], ident: str = "") -> Element:
    """A heading (Heading 1 to 6)."""
    return {"t": "Header", "c": [max(1, min(6, level)), attr(ident), inlines]}


def div(style: str, blocks: list[Element]) -> Element:
    """Blocks whose paragraphs take a named paragraph style."""
    return {"t": "Div", "c": [styled(style), blocks]}


def styled_para(style: str, inlines: list[Element]) -> Element:
    """One paragraph in a named paragraph style."""
    return div(style, [para(inlines)])


def bullet_list(items: list[list[Element]]) -> Element:
    """A bulleted list; each item a list of blocks."""
    return {"t": "BulletList", "c": items}


def ordered_list(items: list[list[Element]], start: int = 1) -> Element:
    """A numbered list starting at `start`."""
    return {"t": "OrderedList", "c": [[start, {"t": "Decimal"}, {"t": "Period"}], items]}


def block_quote(blocks: list[Element]) -> Element:
    """A block quotation."""
    return {"t": "BlockQuote", "c": blocks}


def code_block(text: str, language: str = "") -> Element:
    """A block of code."""
    return {"t": "CodeBlock", "c": [attr(classes=(language,) if language else ()), text]}


def rule() -> Element:
    """A horizontal rule."""
    return {"t": "HorizontalRule"}


def figure(blocks: list[Element], caption: list[Element], ident: str = "") -> Element:
    """A figure with its caption (pandoc writes the caption in the Image Caption style)."""
    return {"t": "Figure", "c": [attr(ident), [None, [plain(caption)] if caption else []], blocks]}


_ALIGN = {"left": "AlignLeft", "right": "AlignRight", "center": "AlignCenter", "": "AlignDefault"}


def cell(blocks: list[Element], align: str = "", span: int = 1) -> list[Any]:
    """A table cell of blocks, across `span` columns."""
    return [NO_ATTR, {"t": _ALIGN.get(align, "AlignDefault")}, 1, span, blocks]


def table(
    head: list[list[Any]],
    rows: list[list[list[Any]]],
    widths: list[float] | None = None,
    aligns: list[str] | None = None,
    row_heads: int = 0,
    caption: list[Element] | None = None,
) -> Element:
    """A table with one header row (repeated on each page) and body rows; `row_heads` columns head their rows."""
    count = len(head)
    aligns = aligns or [""] * count
    specs = [
        [
            {"t": _ALIGN.get(aligns[i], "AlignDefault")},
            {"t": "ColWidth", "c": widths[i]} if widths else {"t": "ColWidthDefault"},
        ]
        for i in range(count)
    ]
    header_rows = [[NO_ATTR, head]]
    body = [NO_ATTR, row_heads, [], [[NO_ATTR, row] for row in rows]]
    table_caption = [None, [plain(caption)] if caption else []]
    return {"t": "Table", "c": [NO_ATTR, table_caption, specs, [NO_ATTR, header_rows], [body], [NO_ATTR, []]]}


def meta_text(text: str) -> Element:
    """A metadata string."""
    return {"t": "MetaString", "c": text}


def meta_list(items: list[str]) -> Element:
    """A metadata list of strings."""
    return {"t": "MetaList", "c": [meta_text(i) for i in items]}


def document(api_version: list[int], meta: dict[str, Element], blocks: list[Element]) -> dict[str, Any]:
    """A whole pandoc document."""
    return {"pandoc-api-version": api_version, "meta": meta, "blocks": blocks}


def to_inlines(blocks: list[Element]) -> list[Element]:
    """The inlines of blocks run together (for a note or cell that must stay one paragraph)."""
    out: list[Element] = []
    for block in blocks:
        if block["t"] in ("Para", "Plain"):
            if out:
                out.append({"t": "Space"})
            out.extend(block["c"])
        elif block["t"] == "Div":
            out.extend(to_inlines(block["c"][1]))
    return out
