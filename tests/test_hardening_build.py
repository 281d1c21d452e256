"""Hardening of the outputs: every Markdown construct builds, tables hold, images are checked, options are usage errors."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefgen.load import load_bytes
from briefgen.prose import parser
from briefgen.render import render_html, render_markdown
from briefgen.styles import find_style
from briefgen.validate import check
from conftest import ROOT, dedent, run, write

CASES = ROOT / "tests" / "data" / "commonmark-cases.txt"
CASE_IMAGES = ("img/a.png", "img/my chart.png", "img/a b.png", "img/moon.jpg", "img/café.png")


def png(width: int = 4, height: int = 3) -> bytes:
    """A small, real PNG image."""
    import io

    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(stream, "PNG")
    return stream.getvalue()


PNG = png()


def commonmark_cases() -> list[tuple[str, str]]:
    """The representative CommonMark and GFM cases, as (name, Markdown)."""
    text = CASES.read_text(encoding="utf-8")
    parts = re.split(r"^%%%%% (.*)\n", text, flags=re.M)[1:]
    return list(zip(parts[0::2], parts[1::2]))


def brief_with_prose(markdown: str) -> bytes:
    """A brief that holds `markdown` in a block field, a bullet, a rating note and a figure note."""
    field = json.dumps(markdown, ensure_ascii=False)
    return dedent(f"""
        briefgen: 1
        title: Every construct
        authors: [A. Author]
        date: 2025-01-31
        summary: A summary.
        key_points: [{field}]
        problem: {field}
        figures:
          people: {{label: People, value: 5, source: ons, note: {field}}}
        sources:
          ons: {{title: Population estimates}}
          x: {{title: Another source}}
        criteria: [{{id: cost, label: Cost}}]
        options:
          - id: a
            title: Option a
            summary: {field}
            ratings: {{cost: {{rating: good, note: {field}}}}}
        """).encode("utf-8")


@pytest.mark.parametrize(("name", "markdown"), commonmark_cases(), ids=[n for n, _ in commonmark_cases()])
def test_every_commonmark_construct_builds_markdown_and_html(name: str, markdown: str, tmp_path: Path) -> None:
    """No Markdown construct, in any kind of field, crashes the Markdown or HTML output."""
    for name in CASE_IMAGES:
        write(tmp_path, name, PNG)
    checked = check(load_bytes(brief_with_prose(markdown), "cases.yaml", tmp_path / "cases.yaml"))
    assert not checked.errors, checked.errors
    output = render_markdown(checked)
    html = render_html(checked, find_style("default"), {})
    assert output.endswith("\n") and "</html>" in html
    assert "<script>" not in html
    rows = [line for line in output.splitlines() if line.startswith("| A: Option a |")]
    assert len(rows) == 1 and len(_cells(rows[0])) == 2, rows  # the appraisal matrix keeps one row of two cells


def _cells(row: str) -> list[str]:
    """Split a GFM table row on its unescaped pipes, as markdown-it does."""
    cells, current, escaped = [], "", False
    line = row.strip().removeprefix("|")
    for char in line[:-1] if line.endswith("|") and not line.endswith("\\|") else line:
        if char == "|" and not escaped:
            cells.append(current)
            current = ""
        else:
            current += char
        escaped = char == "\\"  # markdown-it: a pipe right after a backslash is escaped
    return [*cells, current]
