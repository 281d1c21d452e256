"""HTML output: tokens rendered by markdown-it, notes as print footnotes and screen endnotes."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markupsafe import Markup, escape

from briefgen.brief.images import find_image, mime_type, read_image
from briefgen.brief.prose import parser
from briefgen.render.resolve import paragraph

_CALL_ID = re.compile(r' id="call-\d+"')


class HtmlTarget:
    """Renders resolved tokens as HTML fragments."""

    def __init__(self, charts: dict[str, str], brief_dir: Path, embed_images: bool, links_to_notes: bool = True):
        self.charts = charts
        self.links_to_notes = links_to_notes  # False for the PDF, whose notes sit at the page foot
        self.brief_dir = brief_dir
        self.embed_images = embed_images
        self.renderer = RendererHTML(parser())

    def blocks(self, tokens: list[Token]) -> Markup:
        """Render block tokens."""
        return Markup(self.renderer.render(tokens, parser().options, {}).strip("\n"))

    def inline(self, children: list[Token]) -> Markup:
        """Render inline tokens without a paragraph."""
        html = self.renderer.render(paragraph(children), parser().options, {}).strip()
        return Markup(html.removeprefix("<p>").removesuffix("</p>"))

    def note_ref(self, number: int, note: str | None, anchor: bool) -> Token:
        """A note call: a link for the screen; the first call carries the note, floated to the page foot in print.

        A repeated call, or a call inside another note, shows the note's number in print too.
        """
        anchor_id = f' id="call-{number}"' if anchor and self.links_to_notes else ""
        if note is not None:
            return _raw(
                f'<a class="fn-call" href="#note-{number}"{anchor_id} role="doc-noteref">{number}</a>'
                f'<span class="footnote"{self._note_id(number)}>{_CALL_ID.sub("", str(note))}</span>'
            )
        return _raw(f'<a class="fn-call fn-again" href="#note-{number}"{anchor_id} role="doc-noteref">{number}</a>')

    def note_float(self, number: int, note: str) -> list[Token]:
        """The note alone, floated to the foot of the page in print; its call is in the note that calls it."""
        return [_raw(f'<span class="footnote fn-nested"{self._note_id(number)}>{_CALL_ID.sub("", str(note))}</span>')]

    def _note_id(self, number: int) -> str:
        """The footnote's id in the PDF, where calls link to it (on screen the endnote has that id)."""
        return "" if self.links_to_notes else f' id="note-{number}"'

    def chart(self, view: dict[str, Any]) -> list[Token]:
        """A figure holding the chart's SVG, its title and caption."""
        svg = self.charts.get(view["id"], "")
        body = Markup(svg) if svg else Markup('<p class="chart-missing">{}</p>').format(view["alt"])
        notes = Markup("")
        if view.get("caption"):
            notes += Markup('<span class="chart-caption">{}</span>').format(Markup(view["caption"]))
        if view.get("sources"):
            notes += Markup('<span class="chart-source">{}</span>').format(view["sources"])
        html = Markup(
            '<figure class="chart chart-{}" id="chart-{}"><figcaption><span class="figure-label">{}{}</span> {}'
            "</figcaption>{}"
            '<p class="chart-notes">{}</p></figure>'
        ).format(view["kind"], view["id"], view["label"], view["colon"], view["title"], body, notes)
        token = Token("html_block", "", 0)
        token.content = str(html) + "\n"
        return [token]

    def box(self, view: dict[str, Any], tokens: list[Token]) -> list[Token]:
        """A box: an aside numbered "Box 1: title" holding its rendered body."""
        html = Markup(
            '<aside class="box" id="box-{0}" aria-labelledby="box-{0}-title">'
            '<p class="box-title" id="box-{0}-title"><span class="box-label">{1}{4}</span> {2}</p>\n{3}\n</aside>'
        ).format(view["id"], view["label"], view["title"], self.blocks(tokens), view["colon"])
        token = Token("html_block", "", 0)
        token.content = str(html) + "\n"
        return [token]

    def image(self, token: Token) -> None:
        """Embed an image as a data: URL in standalone HTML; keep it relative for the PDF."""
        if not self.embed_images:
            return
        found = find_image(self.brief_dir, str(token.attrGet("src") or ""))
        if found is not None:
            body = read_image(found)
            token.attrSet("src", f"data:{mime_type(body)};base64,{base64.b64encode(body).decode('ascii')}")


def _raw(html: str) -> Token:
    """An inline token of trusted HTML made by briefgen itself."""
    token = Token("html_inline", "", 0)
    token.content = html
    return token


__all__ = ["HtmlTarget", "escape"]
