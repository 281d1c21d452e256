"""Measuring a built PDF's pages: line lengths of body text, empty bands, what sits in the margins."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class Line:
    """One printed line: its text, font size, and top (in points from the page top)."""

    page: int
    text: str
    size: float
    top: float


def lines(path: Path) -> list[Line]:
    """Every line of text on every page, with its most common font size."""
    out = []
    with pdfplumber.open(path) as pdf:
        for number, whole in enumerate(pdf.pages, 1):
            page = whole.dedupe_chars().filter(lambda obj: not _slanted(obj))
            for row in page.extract_text_lines(return_chars=True):
                for chars in _columns(row["chars"]):
                    sizes = Counter(round(c["size"], 1) for c in chars if c["text"].strip())
                    if sizes:
                        out.append(Line(number, _text(chars), sizes.most_common(1)[0][0], row["top"]))
    return out


def _slanted(obj: dict) -> bool:
    """True for a letter set at an angle: the watermark's."""
    return obj.get("object_type") == "char" and abs(float(obj["matrix"][1])) > 1e-6


def _columns(chars: list[dict]) -> list[list[dict]]:
    """A row's characters split where a gap wider than 4 mm separates side-by-side columns."""
    parts: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: c["x0"]):
        if parts and parts[-1][-1]["x0"] == char["x0"] and parts[-1][-1]["text"] == char["text"]:
            continue  # a ligature listed twice
        if not parts or char["x0"] - parts[-1][-1]["x1"] > 4 * MM:
            parts.append([])
        parts[-1].append(char)
    return parts


def _text(chars: list[dict]) -> str:
    """The text of a run of characters, a space wherever the gap between two is a space's width."""
    out = ""
    for before, char in zip([None, *chars], chars, strict=False):
        if before is not None and char["x0"] - before["x1"] > 0.15 * char["size"] and not out.endswith(" "):
            out += " "
        out += char["text"]
    return out.strip()


def body_lines(path: Path) -> list[Line]:
    """Lines set in the body's font size (the most common size of all), in the page body, not the margins."""
    every = lines(path)
    sizes: Counter[float] = Counter()
    for line in every:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0]
    with pdfplumber.open(path) as pdf:
        height = float(pdf.pages[0].height)
    return [
        line
        for line in every
        if abs(line.size - body) < 0.05 and 15 * MM < line.top < height - 17 * MM and len(line.text) > 1
    ]


def percentile(values: list[int], share: float) -> int:
    """The value below which `share` of the values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def empty_bands(path: Path, top_mm: float = 16, bottom_mm: float = 18) -> list[float]:
    """For each page, the tallest band with nothing printed in the page body, as a share of the page's height.

    The body runs from `top_mm` below the top edge to `bottom_mm` above the bottom edge; page-sized
    backgrounds (the watermark) and the running furniture in the margins are left out.
    """
    shares = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            height = float(page.height)
            low, high = top_mm * MM, height - bottom_mm * MM
            spans = []
            for obj in [*page.chars, *page.rects, *page.lines, *page.curves, *page.images]:
                top, bottom = float(obj["top"]), float(obj["bottom"])
                if bottom - top > 0.5 * height or bottom < low or top > high:
                    continue
                if obj.get("text", "x").strip() and not _slanted(obj):
                    spans.append((max(top, low), min(bottom, high)))
            spans.sort()
            tallest, reached = 0.0, low
            for top, bottom in spans:
                tallest = max(tallest, top - reached)
                reached = max(reached, bottom)
            tallest = max(tallest, high - reached)
            shares.append(tallest / height)
    return shares


def margin_texts(path: Path) -> list[tuple[str, str]]:
    """For each page, the text printed in its top margin and in its bottom margin."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            height = float(page.height)
            top = page.crop((0, 0, float(page.width), 14 * MM)).extract_text() or ""
            bottom = page.crop((0, height - 16 * MM, float(page.width), height)).extract_text() or ""
            out.append((top, bottom))
    return out
