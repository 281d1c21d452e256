"""The standalone page's wide blocks: each table and chart in a wrapper that scrolls sideways on a narrow screen.

On a phone a table squeezed to the screen's width breaks words mid-word ("Optio n") and a chart scaled down
to it has text too small to read. In the page, each table and each chart's drawing sits in a wrapper that
scrolls sideways instead (the style sheet's `@media screen` rules give tables their words whole and charts a
minimum width). The wrapper takes the keyboard focus, so that keyboard users can scroll it too (axe-core's
scrollable-region-focusable rule), and is a group named by the section's heading or the chart's caption: not
a region landmark, which would repeat the landmark of the section it sits in, under the same name. The PDF's
HTML never passes through here. All the markup matched is briefgen's own: a brief's text reaches the page
escaped, so it holds no `<table`.
"""

from __future__ import annotations

import re

_HEADING_ID = re.compile(r'<h[1-6][^>]*\sid="([^"]+)"')
_TABLE = re.compile(r"<table[\s>].*?</table>", re.DOTALL)
_CHART = re.compile(
    r'(<figure class="chart[^"]*" id="([^"]+)"><figcaption)(>.*?</figcaption>)(<svg\s.*?</svg>)', re.DOTALL
)


def scrollable(html: str) -> str:
    """The page with its tables and chart drawings each in a focusable region that scrolls sideways."""
    return _wrap_tables(_wrap_charts(html))


def _wrap_charts(html: str) -> str:
    """Each chart's SVG in a region named by the chart's caption (which gets an id for it)."""

    def wrap(match: re.Match[str]) -> str:
        head, figure_id, caption, svg = match.groups()
        caption_id = f"{figure_id}-caption"
        return (
            f'{head} id="{caption_id}"{caption}'
            f'<div class="scroll-x chart-scroll" role="group" aria-labelledby="{caption_id}" tabindex="0">'
            f"{svg}</div>"
        )

    return _CHART.sub(wrap, html)


def _wrap_tables(html: str) -> str:
    """Each table in a region named by the heading before it (a section's heading: every section has one)."""
    out, at, name = [], 0, ""
    for match in _TABLE.finditer(html):
        headings = _HEADING_ID.findall(html, at, match.start())
        name = f' aria-labelledby="{headings[-1]}"' if headings else name
        out.append(html[at : match.start()])
        out.append(f'<div class="scroll-x table-scroll" role="group"{name} tabindex="0">{match.group(0)}</div>')
        at = match.end()
    out.append(html[at:])
    return "".join(out)
