"""Parse the brief's Markdown fields: references, citations, footnotes, links and images."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

ALLOWED_SCHEMES = ("http:", "https:", "mailto:")
FIGURE_REFERENCE = re.compile(r"\{([a-z][a-z0-9_]*)\}")  # {figure_id} in prose
_FIGURE = FIGURE_REFERENCE
_PREFIXED = re.compile(r"\{(option|chart|box):([^{}\s]*)\}")
_CITE_ITEM = re.compile(r"\s*(?:[^@;\[\]]*?\s)?-?@([A-Za-z0-9_][A-Za-z0-9_:.\-]*)\s*(?:,\s*(.*?))?\s*")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


@dataclass
class Ref:
    """A reference found in prose: a figure, option, chart, citation, image or link."""

    kind: str  # figure, option, chart, cite, image, link
    name: str
    offset: int
    token: Token | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Prose:
    """One parsed Markdown field with the references it makes."""

    text: str
    tokens: list[Token]
    refs: list[Ref]
    block: bool
    node: Any = None

    def position(self, offset: int) -> tuple[int, int]:
        """Source (line, col) of a character offset in the field's text."""
        if self.node is None:
            return 1, 1
        line, col = self.node.position(offset)
        return int(line), int(col)


def _brace_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule for {figure}, {option:id}, {chart:id}, {box:id}, {{ and }}."""
    src, pos = state.src, state.pos
    char = src[pos]
    if char not in "{}":
        return False
    if src.startswith(char * 2, pos):
        if not silent:
            state.push("text", "", 0).content = char
        state.pos += 2
        return True
    if char == "}":
        return False
    match = _FIGURE.match(src, pos) or _PREFIXED.match(src, pos)
    if not match:
        return False
    if not silent:
        if match.re is _FIGURE:
            token = state.push("brief_figure", "", 0)
            token.meta = {"name": match.group(1)}
        else:
            token = state.push(f"brief_{match.group(1)}", "", 0)
            token.meta = {"name": match.group(2)}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule for pandoc citations: [@a], [@a; @b], [@a, p. 12]."""
    src, pos = state.src, state.pos
    if not src.startswith("[", pos):
        return False
    end = src.find("]", pos)
    if end < 0 or "[" in src[pos + 1 : end] or "@" not in src[pos:end] or src.startswith(("(", "["), end + 1):
        return False
    items = cite_items(src[pos : end + 1])
    if items is None:
        return False
    if not silent:
        token = state.push("brief_cite", "", 0)
        token.meta = {"items": items}
        token.content = src[pos : end + 1]
    state.pos = end + 1
    return True


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The Markdown parser: CommonMark, GFM tables and strikethrough, footnotes, no raw HTML."""
    import mdformat.plugins  # noqa: PLC0415  mdformat, only to write Markdown
    from mdformat.renderer import MDRenderer  # noqa: PLC0415  mdformat, only to write Markdown

    md = MarkdownIt("commonmark", {"html": False}, renderer_cls=MDRenderer)  # type: ignore[arg-type]  # mdformat's renderer, as mdformat builds it
    md.options["mdformat"] = {}
    # no store_labels: reference links render inline, so each field is self-contained
    md.options["parser_extension"] = []
    for name in ("gfm", "footnote"):
        plugin = mdformat.plugins.PARSER_EXTENSIONS[name]
        md.options["parser_extension"].append(plugin)
        plugin.update_mdit(md)
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # schemes are judged in _judge_links
    md.inline.ruler.before("link", "brief_cite", _citation_rule)
    md.inline.ruler.before("escape", "brief_brace", _brace_rule)
    return md


def parse(text: str, block: bool = True) -> Prose:
    """Parse one Markdown field and collect its references with their offsets."""
    tokens = parser().parse(str(text))
    prose = Prose(str(text), tokens, [], block, getattr(text, "node", None))
    _collect(prose)
    return prose


def _collect(prose: Prose) -> None:
    """Find every reference token and the offset of its source text."""
    line_starts = _line_starts(prose.text)
    for block in prose.tokens:
        if block.type != "inline" or not block.children:
            continue
        cursor = line_starts[min(block.map[0], len(line_starts) - 1)] if block.map else 0
        for token in _walk(block.children):
            if token.type == "text":
                prose.refs.extend(_undefined_notes(prose.text, token, cursor))
            ref, cursor = _ref_of(prose.text, token, cursor)
            if ref is not None:
                prose.refs.append(ref)


_NOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")


def _undefined_notes(text: str, token: Token, cursor: int) -> list[Ref]:
    """Calls '[^label]' left as text because no footnote of that label is defined (escaped ones aside)."""
    refs = []
    for match in _NOTE_CALL.finditer(token.content):
        offset = text.find(match.group(0), cursor)
        if offset < 0 or (offset and text[offset - 1] == "\\"):
            continue
        refs.append(Ref("undefined_note", match.group(1), offset, token))
        cursor = offset + len(match.group(0))
    return refs


def _walk(tokens: list[Token]) -> list[Token]:
    """Flatten inline tokens (image alt text included)."""
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        if token.children:
            out.extend(_walk(token.children))
    return out


def _ref_of(text: str, token: Token, cursor: int) -> tuple[Ref | None, int]:
    """Turn a reference token into a Ref, locating its text from `cursor` on."""
    if token.type.startswith("brief_"):
        kind = token.type[6:]
        offset = _find(text, token.content, cursor)
        name = token.meta.get("name", "")
        return Ref(kind, name, offset, token, dict(token.meta)), offset + len(token.content)
    if token.type in ("link_open", "image"):
        target = str(token.attrGet("href" if token.type == "link_open" else "src") or "")
        offset = _find(text, target, cursor) if target else cursor
        if target and offset == cursor and not text.startswith(target, cursor):  # written with spaces or accents
            offset = _find(text, unquote(target), cursor)
        kind = "link" if token.type == "link_open" else "image"
        return Ref(kind, str(target), offset, token), offset + len(target)
    return None, cursor


def _find(text: str, needle: str, cursor: int) -> int:
    """Offset of `needle` at or after `cursor`, else `cursor`."""
    found = text.find(needle, cursor)
    return found if found >= 0 else cursor


def _line_starts(text: str) -> list[int]:
    """Offsets where each line of `text` begins."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def link_allowed(url: str) -> bool:
    """True for http:, https:, mailto: and relative links."""
    scheme = _SCHEME.match(url.strip())
    return scheme is None or scheme.group(0).lower() in ALLOWED_SCHEMES


def image_problem(src: str) -> str | None:
    """Why an image path may not be used, or None when it may."""
    if _SCHEME.match(src) or src.startswith("//"):
        return (
            f"image '{src}' must be a file inside the brief's folder; "
            "nothing is fetched from the network or from data: URLs"
        )
    if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", src):
        return f"image '{src}' must be a relative path inside the brief's folder"
    parts = [p for p in re.split(r"[\\/]", src) if p not in ("", ".")]
    depth = 0
    for part in parts:
        depth += -1 if part == ".." else 1
        if depth < 0:
            return f"image '{src}' points outside the brief's folder"
    return None if parts else f"image '{src}' is not a file path"


def chart_alone(prose: Prose, ref: Ref) -> bool:
    """True when a {chart:id} stands alone on a top-level paragraph of a block field."""
    for i, block in enumerate(prose.tokens):
        if block.type == "inline" and block.children and any(t is ref.token for t in block.children):
            others = [
                t
                for t in block.children
                if t is not ref.token and not (t.type == "text" and not t.content.strip()) and t.type != "softbreak"
            ]
            opener = prose.tokens[i - 1] if i else None
            top = opener is not None and opener.type == "paragraph_open" and opener.level == 0
            return not others and top and prose.block
    return False


_PLAIN = re.compile(
    r"\{\{|\}\}|\{([a-z][a-z0-9_]*)\}|\{(option|chart|box):([^{}\s]*)\}|(\[@[^\[\]]*\])|\[\^([^\]\s]+)\]"
)


def plain_refs(text: str) -> list[tuple[str, Any, int]]:
    """References in plain text (chart alt text): (kind, name or citation items, offset)."""
    refs: list[tuple[str, Any, int]] = []
    for match in _PLAIN.finditer(text):
        if match.group(1):
            refs.append(("figure", match.group(1), match.start()))
        elif match.group(2):
            refs.append((match.group(2), match.group(3), match.start()))
        elif match.group(4):
            refs.append(("cite", cite_items(match.group(4)), match.start()))
        elif match.group(5):
            refs.append(("footnote", match.group(5), match.start()))
    return refs


def cite_items(written: str) -> list[tuple[str, str]] | None:
    """The (source id, locator) items of a citation written '[@a; see @b, p. 3]', or None if it is not one.

    As in pandoc, an item may have a prefix before its '@' ('see @b') and '-@a' leaves out the author.
    """
    items = []
    for part in written[1:-1].split(";"):
        match = _CITE_ITEM.fullmatch(part)
        if not match:
            return None
        items.append((match.group(1), match.group(2) or ""))
    return items


def fill_plain(
    text: str,
    figure: Callable[[str], str],
    option: Callable[[str], str],
    citation: Callable[[list[tuple[str, str]]], str] | None = None,
) -> str:
    """Replace references in plain text with their printed values; {{ and }} become braces."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return figure(match.group(1))
        if match.group(2) == "option":
            return option(match.group(3))
        if match.group(2):
            return ""
        items = cite_items(match.group(4)) if match.group(4) else None
        if items is not None and citation is not None:
            return citation(items)
        if match.group(4) or match.group(5):
            return match.group(0)
        return match.group(0)[0]

    return _PLAIN.sub(replace, text)
