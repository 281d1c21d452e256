"""DOCX and ODT output, first half: resolved prose tokens as pandoc JSON fragments.

A fragment is text (as every target's output is): JSON `{"b": blocks}` or `{"i": inlines}`, read
back with `blocks_of` and `inlines_of` by the document builder (render/office.py).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from briefgen.brief.images import find_image, mime_type, read_image
from briefgen.render import pandoc_ast as ast
from briefgen.render.pandoc_ast import Element

_WRAPS = {"em": "Emph", "strong": "Strong", "s": "Strikeout"}


def blocks_of(fragment: Any) -> list[Element]:
    """The blocks of a fragment (inlines become one paragraph); nothing for an empty one."""
    if not fragment:
        return []
    data = json.loads(str(fragment))
    return data["b"] if "b" in data else ([ast.para(data["i"])] if data["i"] else [])


def inlines_of(fragment: Any) -> list[Element]:
    """The inlines of a fragment (blocks run together)."""
    if not fragment:
        return []
    data = json.loads(str(fragment))
    return data["i"] if "i" in data else ast.to_inlines(data["b"])


def _fragment(kind: str, elements: list[Element]) -> str:
    """A fragment's text."""
    return json.dumps({kind: elements}, ensure_ascii=False, separators=(",", ":"))


def raw_inlines(elements: list[Element]) -> Token:
    """An inline token carrying pandoc inlines made by briefgen."""
    token = Token("pandoc_inlines", "", 0)
    token.meta = {"ast": elements}
    return token


def raw_blocks(elements: list[Element]) -> Token:
    """A block token carrying pandoc blocks made by briefgen."""
    token = Token("pandoc_blocks", "", 0)
    token.meta = {"ast": elements}
    return token


class PandocTarget:
    """Renders resolved tokens as pandoc JSON fragments: real footnotes, embedded images, charts as figures."""

    def __init__(self, charts: dict[str, bytes], brief_dir: Path, labels: Any):
        self.charts = charts  # PNG bytes by chart id
        self.brief_dir = brief_dir
        self.labels = labels
        self.figure_count = 0

    def blocks(self, tokens: list[Token]) -> str:
        """Render block tokens."""
        return _fragment("b", _Blocks(tokens).read())

    def inline(self, children: list[Token]) -> str:
        """Render inline tokens."""
        return _fragment("i", convert_inlines(children))

    def note_ref(self, number: int, note: str | None, anchor: bool) -> Token:
        """The first call of a note carries the note itself; a repeated or nested call prints its number."""
        if note is None:
            return raw_inlines([ast.wrap("Superscript", ast.words(str(number)))])
        return raw_inlines([ast.note(blocks_of(note))])

    def note_float(self, number: int, note: str) -> list[Token]:
        """A note first called inside another note: a footnote of its own, just after that note's call."""
        return [raw_inlines([ast.note(blocks_of(note))])]

    def chart(self, view: dict[str, Any]) -> list[Token]:
        """A numbered figure holding the chart as a PNG with its alt text, then its caption and source."""
        self.figure_count += 1
        number = view.get("number", self.figure_count)
        png = self.charts.get(view["id"])
        if png is not None:
            body = [ast.plain([ast.image(_data_url(png), view["alt"])])]
        else:
            body = [ast.para([ast.wrap("Emph", ast.words(view["alt"]))])]
        label = numbered(self.labels, "figure_numbered", "Figure {number}", number)
        caption = ast.words(f"{label}{view['colon']} {view['title']}")
        out = [ast.figure(body, caption, f"chart-{view['id']}")]
        if view.get("caption"):
            out.append(ast.div("Figure note", blocks_of(view["caption"])))
        if view.get("sources"):
            out.append(ast.styled_para("Figure source", ast.words(view["sources"])))
        return [raw_blocks(out)]

    def box(self, view: dict[str, Any], tokens: list[Token]) -> list[Token]:
        """A box: its title 'Box n: …' in the Box title style, its body in the Box style."""
        title = ast.styled_para("Box title", ast.words(f"{view['label']}{view['colon']} {view['title']}"))
        return [raw_blocks([title, ast.div("Box", blocks_of(self.blocks(tokens)))])]

    def image(self, token: Token) -> None:
        """Embed an image found in the brief's folder; any other (a web address, a missing file) prints its alt text."""
        found = find_image(self.brief_dir, str(token.attrGet("src") or ""))
        if found is None:
            token.meta = {**(token.meta or {}), "missing": True}
            return
        token.attrSet("src", _data_url(read_image(found)))


def numbered(labels: Any, key: str, english: str, number: Any) -> str:
    """A numbered label in the brief's language: 'Figure 1', 'Box 2'."""
    return str(labels.get(key, english)).replace("{number}", str(number))


def _data_url(data: bytes) -> str:
    """Bytes as a data: URL, which pandoc reads without touching the file system."""
    return f"data:{mime_type(data)};base64,{base64.b64encode(data).decode('ascii')}"


def _plain_text(children: list[Token]) -> str:
    """The text of inline tokens (an image's alt text)."""
    return "".join(t.content if t.type != "softbreak" else " " for t in children)


def convert_inlines(children: list[Token]) -> list[Element]:
    """markdown-it inline tokens as pandoc inlines."""
    stack: list[tuple[Token, list[Element]]] = []
    out: list[Element] = []
    for token in children:
        kind = token.type
        if kind.endswith("_open") and token.tag in (*_WRAPS, "a"):
            stack.append((token, out))
            out = []
        elif kind.endswith("_close") and stack and token.tag in (*_WRAPS, "a"):
            opener, parent = stack.pop()
            made = (
                ast.link(out, str(opener.attrGet("href") or ""), str(opener.attrGet("title") or ""))
                if token.tag == "a"
                else None
            )
            parent.append(made or ast.wrap(_WRAPS[token.tag], out))
            out = parent
        else:
            out.extend(_inline(token))
    while stack:  # an unclosed opener keeps its content
        _, parent = stack.pop()
        parent.extend(out)
        out = parent
    return out


def _inline(token: Token) -> list[Element]:
    """One leaf inline token."""
    kind = token.type
    if kind == "text":
        return ast.words(token.content)
    if kind == "softbreak":
        return [{"t": "SoftBreak"}]
    if kind == "hardbreak":
        return [{"t": "LineBreak"}]
    if kind == "code_inline":
        return [ast.code(token.content)]
    if kind == "pandoc_inlines":
        return list(token.meta["ast"])
    if kind == "image":
        alt = _plain_text(token.children or [])
        if (token.meta or {}).get("missing"):
            return [ast.wrap("Emph", ast.words(alt))]
        return [ast.image(str(token.attrGet("src") or ""), alt, str(token.attrGet("title") or ""))]
    return ast.words(token.content) if token.content else []


class _Blocks:
    """Reads a flat list of block tokens into nested pandoc blocks."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.i = 0

    def read(self, until: str | None = None) -> list[Element]:
        """Blocks up to the closing token `until` (consumed), or to the end."""
        out: list[Element] = []
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            self.i += 1
            if until is not None and token.type == until:
                return out
            out.extend(self.block(token))
        return out

    def block(self, token: Token) -> list[Element]:
        """One block starting at `token`."""
        kind = token.type
        if kind == "paragraph_open":
            inlines = self.inline_until("paragraph_close")
            return [ast.plain(inlines) if token.hidden else ast.para(inlines)]
        if kind == "heading_open":
            return [ast.header(int(token.tag[1]) - 1, self.inline_until("heading_close"))]
        if kind in ("bullet_list_open", "ordered_list_open"):
            items = self.items(kind.replace("_open", "_close"))
            if kind == "bullet_list_open":
                return [ast.bullet_list(items)]
            return [ast.ordered_list(items, int(token.attrGet("start") or 1))]
        if kind == "blockquote_open":
            return [ast.block_quote(self.read("blockquote_close"))]
        if kind in ("fence", "code_block"):
            return [ast.code_block(token.content.rstrip("\n"), token.info.split(" ")[0] if token.info else "")]
        if kind == "hr":
            return [ast.rule()]
        if kind == "table_open":
            return [self.table()]
        if kind == "pandoc_blocks":
            return list(token.meta["ast"])
        if kind == "inline":
            return [ast.plain(convert_inlines(token.children or []))]
        return []

    def inline_until(self, closing: str) -> list[Element]:
        """The inline content of a paragraph or heading."""
        inlines: list[Element] = []
        while self.i < len(self.tokens) and self.tokens[self.i].type != closing:
            if self.tokens[self.i].type == "inline":
                inlines.extend(convert_inlines(self.tokens[self.i].children or []))
            self.i += 1
        self.i += 1
        return inlines

    def items(self, closing: str) -> list[list[Element]]:
        """The items of a list."""
        items: list[list[Element]] = []
        while self.i < len(self.tokens) and self.tokens[self.i].type != closing:
            if self.tokens[self.i].type == "list_item_open":
                self.i += 1
                items.append(self.read("list_item_close"))
            else:
                self.i += 1
        self.i += 1
        return items

    def table(self) -> Element:
        """A GFM table: its first row heads it."""
        rows: list[list[list[Any]]] = []
        aligns: list[str] = []
        while self.i < len(self.tokens) and self.tokens[self.i].type != "table_close":
            token = self.tokens[self.i]
            self.i += 1
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                style = str(token.attrGet("style") or "")
                align = style.split(":", 1)[1].strip() if style.startswith("text-align:") else ""
                if len(rows) == 1:
                    aligns.append(align)
                rows[-1].append(ast.cell([ast.plain(self.inline_until(token.type.replace("_open", "_close")))], align))
        self.i += 1
        head, body = (rows[0], rows[1:]) if rows else ([], [])
        return ast.table(head, body, aligns=aligns)
