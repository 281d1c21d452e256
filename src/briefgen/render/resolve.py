"""Turn a parsed Markdown field into output: references filled, notes numbered, headings demoted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from markdown_it.token import Token

from briefgen.brief.prose import Prose, link_allowed


class Target(Protocol):
    """What differs between Markdown and HTML output."""

    def blocks(self, tokens: list[Token]) -> str:
        """Render block tokens."""

    def inline(self, children: list[Token]) -> str:
        """Render inline tokens."""

    def note_ref(self, number: int, note: str | None, anchor: bool) -> Token:
        """A call of note `number`: its first call in the text carries the body `note`; `anchor` marks a first call."""

    def note_float(self, number: int, note: str) -> list[Token]:
        """Tokens that hold a note first called inside another note, after that note's call."""

    def chart(self, view: dict[str, Any]) -> list[Token]:
        """Block tokens that place a chart, from its view (title, alt, caption, file)."""

    def box(self, view: dict[str, Any], tokens: list[Token]) -> list[Token]:
        """Block tokens that place a box: its number and title (in `view`) over its resolved body tokens."""

    def image(self, token: Token) -> None:
        """Adjust an image token for this output."""


def text(content: str) -> Token:
    """A plain text token."""
    token = Token("text", "", 0)
    token.content = content
    return token


def emphasis(children: list[Token]) -> list[Token]:
    """Wrap inline tokens in emphasis."""
    return [Token("em_open", "em", 1, markup="*"), *children, Token("em_close", "em", -1, markup="*")]


def paragraph(children: list[Token]) -> list[Token]:
    """Block tokens for one paragraph of inline tokens."""
    inline = Token("inline", "", 0, children=children, content="")
    return [Token("paragraph_open", "p", 1), inline, Token("paragraph_close", "p", -1)]


def clone(tokens: list[Token]) -> list[Token]:
    """Deep-copy a token list so a parse can be rendered more than once."""
    out = []
    for token in tokens:
        copy = token.copy()
        if token.children:
            copy.children = clone(token.children)
        copy.meta = dict(token.meta) if token.meta else {}
        copy.attrs = dict(token.attrs)
        out.append(copy)
    return out


@dataclass
class Hooks:
    """What the resolver asks of the document: values, letters, citation notes."""

    figure: Callable[[str], str]
    option: Callable[[str], str]
    citation: Callable[[list[tuple[str, str]], int], list[Token]]
    chart: Callable[[str], list[Token]]
    short_citation: Callable[[list[tuple[str, str]]], str]
    box: Callable[[str], list[Token]] | None = None
    styled: Callable[[str, int | None, int | None], list[Token]] | None = None  # CSL: (written, in note, own note)
    styled_notes: bool = True  # a CSL note style: each citation outside a note becomes one


@dataclass
class Notes:
    """Notes numbered in reading order: citations and authors' footnotes together."""

    items: list[str] = field(default_factory=list)

    def reserve(self) -> int:
        """Number the next note before its body is rendered."""
        self.items.append("")
        return len(self.items)

    def set(self, number: int, body: str) -> None:
        """Store the rendered body of a numbered note."""
        self.items[number - 1] = body


@dataclass
class Resolver:
    """Renders Markdown fields for one target, numbering notes across the whole document."""

    target: Target
    hooks: Hooks
    notes: Notes = field(default_factory=Notes)
    in_note: int | None = None  # the note whose body is being rendered
    pending: list[tuple[Definitions, int, int]] = field(default_factory=list)  # notes first called in a note
    polish: Callable[[list[Token]], None] | None = None  # smart punctuation, applied to a field's own text

    def _tokens(self, prose: Prose) -> list[Token]:
        """A fresh copy of a field's tokens, its punctuation polished."""
        tokens = clone(prose.tokens)
        if self.polish is not None:
            self.polish(tokens)
        return tokens

    def field(self, prose: Prose | None, level: int) -> str:
        """Render a block field whose headings sit below a section of `level`."""
        if prose is None:
            return ""
        tokens = self._tokens(prose)
        definitions = _take_footnotes(tokens)
        return self.target.blocks(self._blocks(tokens, definitions, level))

    def field_tokens(self, prose: Prose | None, level: int) -> list[Token]:
        """A block field's resolved tokens, for a target to wrap (a box)."""
        if prose is None:
            return []
        tokens = self._tokens(prose)
        definitions = _take_footnotes(tokens)
        return self._blocks(tokens, definitions, level)

    def inline_field(self, prose: Prose | None) -> str:
        """Render a short field (a bullet, a table cell) without its paragraph."""
        if prose is None:
            return ""
        tokens = self._tokens(prose)
        definitions = _take_footnotes(tokens)
        blocks = self._blocks(tokens, definitions, 6)
        inlines = [t for t in blocks if t.type == "inline"]
        if len(inlines) == 1 and len(blocks) == 3 and blocks[0].type == "paragraph_open":  # one paragraph only
            return self.target.inline(inlines[0].children or [])
        return self.target.blocks(blocks)

    def _blocks(self, tokens: list[Token], definitions: Definitions, level: int) -> list[Token]:
        """Resolve block tokens: chart paragraphs, headings and inline content."""
        out: list[Token] = []
        renumber_headings(tokens, level)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            placed = _placing_paragraph(tokens, i)
            if placed is not None:
                kind, name = placed
                if kind == "chart":
                    out.extend(self.hooks.chart(name))
                elif self.hooks.box is not None:
                    out.extend(self.hooks.box(name))
                i += 3
                continue
            if token.type == "inline" and token.children is not None:
                token.children = self._inline(token.children, definitions)
            out.append(token)
            i += 1
        return out

    def _inline(self, children: list[Token], definitions: Definitions) -> list[Token]:
        """Resolve inline tokens: references, citations, footnotes and unsafe links."""
        out: list[Token] = []
        dropped: list[bool] = []
        calls: list[tuple[int, int]] = []  # where each note call's tokens start and end
        for token in children:
            kind = token.type
            if kind == "brief_figure":
                out.append(text(self.hooks.figure(token.meta["name"])))
            elif kind == "brief_option":
                out.append(text(self.hooks.option(token.meta["name"])))
            elif kind == "brief_cite":
                call = self._citation(token.meta["items"], out, token.content)
                if self.in_note is None and (self.hooks.styled is None or self.hooks.styled_notes):
                    calls.append((len(out), len(out) + len(call)))  # a note call (inline citations are not)
                out.extend(call)
            elif kind == "footnote_ref":
                _trim_space_before(out)
                call = self._footnote(token, definitions)
                calls.append((len(out), len(out) + len(call)))
                out.extend(call)
            elif kind == "link_open":
                dropped.append(not link_allowed(str(token.attrGet("href") or "")))
                if not dropped[-1]:
                    out.append(token)
            elif kind == "link_close":
                if not (dropped and dropped.pop()):
                    out.append(token)
            elif kind == "image":
                token.children = self._alt(token.children or [])
                self.target.image(token)
                out.append(token)
            elif kind not in ("brief_chart", "brief_box"):
                out.append(token)
        return _calls_after_punctuation(out, calls)

    def _alt(self, children: list[Token]) -> list[Token]:
        """Resolve an image's alt text as plain text: a citation prints short, in brackets."""
        out: list[Token] = []
        for token in children:
            if token.type == "brief_figure":
                out.append(text(self.hooks.figure(token.meta["name"])))
            elif token.type == "brief_option":
                out.append(text(self.hooks.option(token.meta["name"])))
            elif token.type == "brief_cite":
                out.append(text(self.hooks.short_citation(token.meta["items"])))
            elif token.children:
                out.extend(self._alt(token.children))
            elif token.type in ("text", "code_inline", "softbreak"):
                out.append(text(" " if token.type == "softbreak" else token.content))
        return out

    def _citation(self, items: list[tuple[str, str]], before: list[Token], written: str = "") -> list[Token]:
        """A citation: a note of its own in the text, printed inline inside a note."""
        if self.hooks.styled is not None:
            return self._styled(written, before)
        if self.in_note is not None:
            return self.hooks.citation(items, self.in_note)
        number = self.notes.reserve()
        note = self.target.inline([*self.hooks.citation(items, number), text(".")])
        self.notes.set(number, note)
        _trim_space_before(before)
        return [self.target.note_ref(number, note, True)]

    def _styled(self, written: str, before: list[Token]) -> list[Token]:
        """A citation formatted by a CSL style: in the text, or a note of its own in a note style."""
        assert self.hooks.styled is not None
        if self.in_note is not None or not self.hooks.styled_notes:
            return self.hooks.styled(written, self.in_note, None)
        number = self.notes.reserve()
        note = self.target.inline(self.hooks.styled(written, None, number))
        self.notes.set(number, note)
        _trim_space_before(before)
        return [self.target.note_ref(number, note, True)]

    def _footnote(self, token: Token, definitions: Definitions) -> list[Token]:
        """A call of an author's footnote, numbered in reading order; a repeated call refers to the same note."""
        key = token.meta["id"]
        if key in definitions.numbers:
            return [self.target.note_ref(definitions.numbers[key], None, False)]
        number = definitions.numbers[key] = self.notes.reserve()
        if self.in_note is not None:
            self.pending.append((definitions, key, number))
            return [self.target.note_ref(number, None, True)]
        out = [self.target.note_ref(number, self._note_body(definitions, key, number), True)]
        while self.pending:
            nested = self.pending.pop(0)
            out.extend(self.target.note_float(nested[2], self._note_body(*nested)))
        return out

    def _note_body(self, definitions: Definitions, key: int, number: int) -> str:
        """Render a footnote definition as note `number`; citations inside it print inline."""
        outer, self.in_note = self.in_note, number
        try:
            resolved = self._blocks(clone(definitions.get(key, [])), definitions, 6)
        finally:
            self.in_note = outer
        inlines = [t for t in resolved if t.type == "inline"]
        if len(inlines) == 1 and len(resolved) == 3:  # one paragraph; a code block or list must not be lost
            body = self.target.inline(inlines[0].children or [])
        else:
            body = self.target.blocks(resolved)  # already trimmed; str.strip() would lose its rendered type
        self.notes.set(number, body)
        return body


class Definitions(dict[int, list[Token]]):
    """A field's footnote definitions by id, and the note numbers given to them."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: dict[int, int] = {}


_CLOSING = ".,;:!?"


def _calls_after_punctuation(out: list[Token], calls: list[tuple[int, int]]) -> list[Token]:
    """Move the punctuation just after a note call before it: 'as shown.¹', not 'as shown¹.' (MHRA, OSCOLA)."""
    for start, end in reversed(calls):
        after = out[end] if end < len(out) else None
        if after is None or after.type != "text" or not after.content[:1] or after.content[0] not in _CLOSING:
            continue
        marks = after.content[: len(after.content) - len(after.content.lstrip(_CLOSING))]
        after.content = after.content[len(marks) :]
        before = out[start - 1] if start else None
        if before is not None and before.type == "text":
            before.content += marks
        else:
            out.insert(start, text(marks))
    return out


def _trim_space_before(out: list[Token]) -> None:
    """Drop the space or line break before a note call, as pandoc does."""
    while out and out[-1].type == "softbreak":
        out.pop()
    if out and out[-1].type == "text":
        out[-1].content = out[-1].content.rstrip(" ")


def _take_footnotes(tokens: list[Token]) -> Definitions:
    """Remove the footnote block from a field; return each definition's tokens by id."""
    definitions = Definitions()
    start = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), None)
    if start is None:
        return definitions
    end = next(i for i in range(len(tokens) - 1, -1, -1) if tokens[i].type == "footnote_block_close")
    current: list[Token] | None = None
    for token in tokens[start + 1 : end]:
        if token.type == "footnote_open":
            current = definitions.setdefault(token.meta["id"], [])
        elif token.type == "footnote_close":
            current = None
        elif current is not None and token.type != "footnote_anchor":  # block-level after a list or code
            if token.children:
                token.children = [c for c in token.children if c.type != "footnote_anchor"]
            current.append(token)
    del tokens[start : end + 1]
    return definitions


def renumber_headings(tokens: list[Token], level: int) -> None:
    """Renumber headings so the first sits just below `level` and none skips a level (h6 at most)."""
    stack: list[tuple[int, int]] = []  # (level as written, level printed)
    opened: list[int] = []
    for token in tokens:
        if token.type == "heading_open":
            written = int(token.tag[1])
            while stack and stack[-1][0] >= written:
                stack.pop()
            printed = min(6, stack[-1][1] + 1 if stack else level + 1)
            stack.append((written, printed))
            opened.append(printed)
            _set_level(token, printed)
        elif token.type == "heading_close" and opened:
            _set_level(token, opened.pop())


def _set_level(token: Token, printed: int) -> None:
    """Give a heading token its printed level."""
    token.tag = f"h{printed}"
    token.markup = "#" * printed


def _placing_paragraph(tokens: list[Token], i: int) -> tuple[str, str] | None:
    """('chart', id) or ('box', id) when tokens[i:i+3] is a paragraph holding only {chart:id} or {box:id}."""
    if tokens[i].type != "paragraph_open" or tokens[i].level != 0 or i + 2 >= len(tokens):
        return None
    children = [c for c in tokens[i + 1].children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type in ("brief_chart", "brief_box"):
        return children[0].type[6:], str(children[0].meta["name"])
    return None


def citation_tokens(items: list[tuple[str, str]], describe: Callable[[str], list[Token]]) -> list[Token]:
    """Inline tokens for one citation note: each source, its locator, joined by '; '."""
    out: list[Token] = []
    for n, (sid, locator) in enumerate(items):
        if n:
            out.append(text("; "))
        out.extend(describe(sid))
        if locator:
            out.append(text(f", {locator}"))
    return out
