"""Measuring a built PDF's pages: line lengths of body text, empty bands, what sits in the margins.

A PDF is read once (`read`) into the letters and shapes of each page; the measures work on that.
The watermark's letters, set at an angle, and page-sized backgrounds are left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber

MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class Line:
    """One printed line of one column: its text, font size, top (points from the page top) and left edge."""

    page: int
    text: str
    size: float
    top: float
    x0: float = 0.0


@dataclass
class Page:
    """What is printed on one page."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    spans: list[tuple[float, float]] = field(default_factory=list)  # top and bottom of every mark


def read(path: Path) -> list[Page]:
    """Every page's lines and the vertical extent of everything printed on it."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            width, height = float(page.width), float(page.height)
            chars = [c for c in page.chars if not _slanted(c)]
            found = Page(number, width, height, _lines(number, chars))
            shapes = [*page.rects, *page.lines, *page.curves, *page.images]
            for obj in [*(c for c in chars if c["text"].strip()), *shapes]:
                top, bottom = float(obj["top"]), float(obj["bottom"])
                if bottom - top <= 0.5 * height:  # not a page-sized background
                    found.spans.append((top, bottom))
            pages.append(found)
    return pages


def _slanted(char: dict[str, Any]) -> bool:
    """True for a letter set at an angle: the watermark's."""
    return abs(float(char["matrix"][1])) > 1e-6


def _lines(number: int, chars: list[dict[str, Any]]) -> list[Line]:
    """Letters grouped into lines by their baseline, and split into columns at wide gaps."""
    rows: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: (round(float(c["bottom"])), c["x0"])):
        if rows and abs(float(rows[-1][0]["bottom"]) - float(char["bottom"])) < 2.5:
            rows[-1].append(char)
        else:
            rows.append([char])
    out = []
    for row in rows:
        for part in _columns(row):
            sizes = Counter(round(float(c["size"]), 1) for c in part if c["text"].strip())
            if sizes:
                size = sizes.most_common(1)[0][0]
                out.append(Line(number, _text(part), size, float(part[0]["top"]), float(part[0]["x0"])))
    return out


def _columns(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A row's letters split where a gap wider than 4 mm separates side-by-side columns."""
    parts: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: c["x0"]):
        if parts and parts[-1][-1]["x0"] == char["x0"] and parts[-1][-1]["text"] == char["text"]:
            continue  # a letter drawn twice
        if not parts or char["x0"] - parts[-1][-1]["x1"] > 4 * MM:
            parts.append([])
        parts[-1].append(char)
    return parts


def _text(chars: list[dict[str, Any]]) -> str:
    """The text of a run of letters, a space wherever the gap between two is a space's width."""
    out = ""
    for before, char in zip([None, *chars], chars, strict=False):
        if before is not None and char["x0"] - before["x1"] > 0.15 * float(char["size"]) and not out.endswith(" "):
            out += " "
        out += char["text"]
    return " ".join(out.split())


def page_texts(pages: list[Page]) -> list[str]:
    """Each page's text, the main column first and the side column after it."""
    return [
        " ".join(ln.text for ln in sorted(page.lines, key=lambda ln: (ln.x0 > 0.62 * page.width, ln.top, ln.x0)))
        for page in pages
    ]


def body_lines(pages: list[Page]) -> list[Line]:
    """Lines in the body's font size (that of most letters in long lines), inside the page body, not its margins."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text) if len(line.text) >= 40 else 0  # running text, not table cells
    body = sizes.most_common(1)[0][0]
    return [
        line
        for page in pages
        for line in page.lines
        if abs(line.size - body) < 0.05 and 15 * MM < line.top < page.height - 17 * MM and len(line.text) > 1
    ]


def percentile(values: list[int], share: float) -> int:
    """The value below which `share` of the values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def empty_bands(pages: list[Page], top_mm: float = 16, bottom_mm: float = 18) -> list[float]:
    """For each page, the tallest band with nothing printed in the page body, as a share of the page's height.

    The body runs from `top_mm` below the top edge to `bottom_mm` above the bottom edge, so the
    running furniture in the margins is left out.
    """
    shares = []
    for page in pages:
        low, high = top_mm * MM, page.height - bottom_mm * MM
        tallest, reached = 0.0, low
        for top, bottom in sorted(s for s in page.spans if s[1] >= low and s[0] <= high):
            tallest = max(tallest, max(top, low) - reached)
            reached = max(reached, min(bottom, high))
        shares.append(max(tallest, high - reached) / page.height)
    return shares


def margin_texts(pages: list[Page]) -> list[tuple[str, str]]:
    """For each page, the lines printed in its top margin and in its bottom margin, one per line."""
    out = []
    for page in pages:
        top = [ln for ln in page.lines if ln.top < 14 * MM]
        bottom = [ln for ln in page.lines if ln.top > page.height - 16 * MM]
        out.append((_joined(top), _joined(bottom)))
    return out


def _joined(found: list[Line]) -> str:
    """Lines' texts, a line break between lines at different heights, a space between columns."""
    rows: dict[int, list[Line]] = {}
    for line in found:
        rows.setdefault(round((line.top + 0.8 * line.size) / 4), []).append(line)  # by baseline
    return "\n".join(" ".join(ln.text for ln in sorted(row, key=lambda ln: ln.x0)) for _, row in sorted(rows.items()))
