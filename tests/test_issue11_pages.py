"""Issue 11, measured from the PDFs: the measure, empty bands, running furniture, page 1, smart punctuation.

The examples are built once per style (default and parliamentary here; the committee style and the
stress gallery in the slow tests) and each PDF is measured once.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import EVERY_KEY, EXAMPLE, ROOT, run, stress_gallery
from pagemeasure import body_lines, empty_bands, margin_texts, page_texts, percentile, read

STYLES = {"default": "default", "parliamentary": "parliamentary", "committee": str(ROOT / "styles" / "committee")}
EXAMPLES = ("london-violent-crime", "every-key")


@dataclass(frozen=True)
class Measured:
    """What the tests read from one PDF."""

    p90: int
    body_line_count: int
    bands: list[float]
    margins: list[tuple[str, str]]
    pages: list[str]  # each page's text, lines joined by spaces


def measure(pdf: Path) -> Measured:
    """Measure a PDF once."""
    pages = read(pdf)
    lengths = [len(line.text) for line in body_lines(pages)]
    return Measured(
        percentile(lengths, 0.9) if lengths else 0,
        len(lengths),
        empty_bands(pages),
        margin_texts(pages),
        page_texts(pages),
    )


def build(folder: Path, briefs: list[Path], styles: list[str]) -> dict[tuple[str, str], Measured]:
    """Build the briefs in each style and measure every PDF, keyed by (style, brief name)."""
    measured = {}
    for name in styles:
        out = folder / name
        result = run("build", *briefs, "-o", out, "--style", STYLES[name], "--to", "pdf", "--no-cache", "-q")
        assert result.exit_code == 0, result.output
        measured.update({(name, brief.stem): measure(out / f"{brief.stem}.pdf") for brief in briefs})
    return measured


def example_briefs(folder: Path) -> list[Path]:
    """The two examples copied into a folder, with the image one of them shows."""
    shutil.copytree(EVERY_KEY.parent / "images", folder / "images")
    return [Path(shutil.copy(EXAMPLE, folder)), Path(shutil.copy(EVERY_KEY, folder))]


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Measured]:
    """The two examples built and measured once in each packaged style."""
    folder = tmp_path_factory.mktemp("examples")
    return build(folder / "out", example_briefs(folder), ["default", "parliamentary"])


def check_pages(measured: Measured, where: tuple[str, str], band: float = 0.15) -> None:
    """The measure, the empty bands and the running furniture of one PDF."""
    assert measured.body_line_count > 10 or where[1] == "stress-bare", where
    assert measured.p90 <= 85, where
    assert [round(b, 2) for b in measured.bands[:-1] if b > band] == [], where
    for top, bottom in measured.margins:
        assert "\n" not in top.strip() and "\n" not in bottom.strip(), where  # each on one line
        assert top.startswith("DRAFT") and "Page" in bottom, where


@pytest.mark.parametrize("style", ["default", "parliamentary"])
@pytest.mark.parametrize("brief", EXAMPLES)
def test_measure_bands_and_furniture(examples: dict[tuple[str, str], Measured], style: str, brief: str) -> None:
    check_pages(examples[style, brief], (style, brief))


@pytest.mark.parametrize("style", ["default", "parliamentary"])
def test_marking_at_the_top_and_bottom_of_every_page(examples: dict[tuple[str, str], Measured], style: str) -> None:
    margins = examples[style, "every-key"].margins  # marked OFFICIAL, a draft
    assert len(margins) >= 2
    assert all("OFFICIAL" in top and "OFFICIAL" in bottom for top, bottom in margins)
    assert "LONGER OPENING HOURS FOR BRANCH LIBRARIES" in margins[1][0]  # the running title (in capitals) after page 1


@pytest.mark.parametrize("style", ["default", "parliamentary"])
def test_the_recommendation_is_on_page_1(examples: dict[tuple[str, str], Measured], style: str) -> None:
    london = examples[style, "london-violent-crime"].pages
    assert "Recommended: Option C: Borough-led violence plans; Option D: Restore local police" in london[0]
    assert "The article recommends that the Mayor let boroughs create their own plans" in london[0]
    assert "KEY FIGURES" in london[0].upper() and "8.63m people" in london[0]
    every = examples[style, "every-key"].pages
    assert "Recommended: Option B: Open every branch on Sundays" in every[0]
    assert "Open every branch on Sundays from April, and review after a year." in every[0]
    assert sum(page.count("Recommended: Option B") for page in every) == 2  # the full recommendation stays later


def test_curly_quotes_and_en_dashes_in_the_examples(examples: dict[tuple[str, str], Measured]) -> None:
    london = " ".join(examples["default", "london-violent-crime"].pages)
    every = " ".join(examples["default", "every-key"].pages)
    assert "the ‘Glasgow Model’" in london and "“the main issue”" in london and "author’s" in london
    assert "'" not in london and '"' not in london
    assert "Figure 1: Library visits a year, 2022–2024" in every and "Residents’ survey" in every


def test_figures_are_numbered_with_source_lines(examples: dict[tuple[str, str], Measured]) -> None:
    every = " ".join(examples["parliamentary", "every-key"].pages)
    assert "Figure 1: Library visits a year, 2022–2024" in every
    assert "Figure 2: Yearly cost of the two ways to open" in every
    assert "Source: Libraries annual report 2024" in every


@pytest.mark.slow
@pytest.mark.parametrize("style", list(STYLES))
def test_the_stress_gallery_and_the_committee_style(tmp_path: Path, style: str) -> None:
    """The stress briefs in each style (one test a style, so workers share them); the examples in committee too."""
    gallery = stress_gallery()
    briefs = [p for p in gallery.write_briefs(tmp_path / "briefs") if p.stem.startswith("stress-")]
    if style == "committee":  # the other styles' examples are measured by the tests above
        briefs += example_briefs(tmp_path)
    measured = build(tmp_path / "out", briefs, [style])
    for (name, brief), result in measured.items():
        check_pages(result, (name, brief))
    assert all(len(m.margins) == 1 for (_, brief), m in measured.items() if brief == "stress-bare")
