"""Issue 11: the chart SVG files written beside the Markdown carry the font they name.

Each file embeds its style's chart face, subset to the characters of the chart's own text, so that it looks
the same wherever it is opened on its own (a Markdown viewer, a browser, a repository's file view); the
family keeps a generic fallback for renderers that read no @font-face (librsvg). Same sources, same bytes.
"""

from __future__ import annotations

import base64
import io
import re
from html import unescape
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from helpers import EVERY_KEY, run

FONT_FACE = re.compile(r'@font-face \{ font-family: "([^"]+)"; [^}]*src: url\("data:font/(woff2?);base64,([^"]+)"\)')


def _build(out: Path, style: str) -> dict[str, bytes]:
    """every-key.yaml's Markdown in a style, without the build cache: its chart files by name."""
    result = run("build", EVERY_KEY, "-o", out, "--style", style, "--to", "md", "--no-cache")
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.svg"))}


def _shown_text(svg: str) -> str:
    """The characters a chart shows: its text elements, not its title or style sheet."""
    shown = re.sub(r"<(title|style)[\s>].*?</\1>", "", svg, flags=re.DOTALL)
    return unescape("".join(re.findall(r">([^<]+)<", shown))).replace("\n", "")


@pytest.mark.parametrize("style", ["default", "parliamentary"])
def test_each_chart_file_embeds_a_subset_of_the_face_it_names_covering_its_text(tmp_path: Path, style: str) -> None:
    files = _build(tmp_path / "a", style)
    assert sorted(files) == ["every-key.option_costs.svg", "every-key.visits_trend.svg"]
    for name, data in files.items():
        svg = data.decode("utf-8")
        faces = FONT_FACE.findall(svg)
        assert [(family, flavor) for family, flavor, _ in faces] == [("Linux Biolinum O", "woff2")], name
        assert set(re.findall(r'font-family="([^"]+)"', svg)) == {"'Linux Biolinum O', sans-serif"}
        font = TTFont(io.BytesIO(base64.b64decode(faces[0][2])))
        covered = {chr(code) for code in font.getBestCmap()}
        text = _shown_text(svg)
        assert "£" in text or "visits" in text
        assert set(text) - covered == set(), name
        assert len(covered) < 80, name  # the chart's own characters, not the whole font
        assert font["name"].getDebugName(1) == "LinBiolinum_R subset"  # renamed, as the OFL asks
        assert len(data) < 24_000, (name, len(data))


def test_chart_files_are_the_same_bytes_from_the_same_sources(tmp_path: Path) -> None:
    assert _build(tmp_path / "a", "default") == _build(tmp_path / "b", "default")
