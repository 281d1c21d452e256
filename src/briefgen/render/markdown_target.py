"""Markdown output: tokens written back with mdformat, text escaped, footnotes as [^n]."""

from __future__ import annotations

from typing import Any

from markdown_it.token import Token

from briefgen.brief.mdtext import MarkdownText
from briefgen.brief.prose import parser
from briefgen.render.resolve import paragraph, text


class MarkdownTarget:
    """Renders resolved tokens as GitHub-flavoured Markdown."""

    def __init__(self, chart_files: dict[str, str] | None = None):
        self.chart_files = chart_files or {}

    def blocks(self, tokens: list[Token]) -> MarkdownText:
        """Render block tokens with mdformat's renderer."""
        md = parser()
        return MarkdownText(md.renderer.render(tokens, md.options, {}).strip("\n"))

    def inline(self, children: list[Token]) -> MarkdownText:
        """Render inline tokens as one paragraph's text."""
        return self.blocks(paragraph(children))

    def note_ref(self, number: int, note: str | None, anchor: bool) -> Token:
        """A [^n] footnote call."""
        token = Token("footnote_ref", "", 0)
        token.meta = {"id": number - 1, "label": str(number)}
        return token

    def note_float(self, number: int, note: str) -> list[Token]:
        """Nothing: every note is listed at the end."""
        return []

    def chart(self, view: dict[str, Any]) -> list[Token]:
        """A chart as a bold title line, an SVG image with its alt text, and a caption."""
        title = _strong(f"{view['label']}{view['colon']} {view['title']}")
        path = self.chart_files.get(view["id"])
        if path:
            image = Token(
                "image", "img", 0, attrs={"src": path, "alt": ""}, children=[text(view["alt"])], content=view["alt"]
            )
            body = [image]
        else:
            body = [Token("em_open", "em", 1, markup="*"), text(view["alt"]), Token("em_close", "em", -1, markup="*")]
        tokens = paragraph(title) + paragraph(body)
        if view.get("caption"):
            tokens += paragraph([_raw(view["caption"])])
        if view.get("sources"):
            tokens += paragraph([text(view["sources"])])
        return tokens

    def box(self, view: dict[str, Any], tokens: list[Token]) -> list[Token]:
        """A box as a block quote: its bold number and title, then its body."""
        body = paragraph(_strong(f"{view['label']}{view['colon']} {view['title']}")) + tokens
        for token in body:
            token.level += 1
        return [
            Token("blockquote_open", "blockquote", 1, markup=">"),
            *body,
            Token("blockquote_close", "blockquote", -1),
        ]

    def image(self, token: Token) -> None:
        """Images keep their relative paths; the build copies the files beside the output."""


def _strong(content: str) -> list[Token]:
    """Inline tokens for bold text."""
    return [
        Token("strong_open", "strong", 1, markup="**"),
        text(content),
        Token("strong_close", "strong", -1, markup="**"),
    ]


def _raw(markdown: str) -> Token:
    """An inline token holding Markdown that is already rendered."""
    token = Token("html_inline", "", 0)
    token.content = markdown
    return token
