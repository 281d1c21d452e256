"""Issue 11, what looking at every page of the stress gallery found, measured from the PDFs.

every-key and the eight-option stress brief are built once in the default style, the eight-option
brief once more in the parliamentary style; each PDF is read once.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml

from helpers import EVERY_KEY, run, stress_gallery
from pagemeasure import MM, Page, empty_bands, page_texts, read

pytestmark = pytest.mark.slow  # PDFs: four builds in two runs of the command line

EIGHT = "stress-8-options-9-criteria"


@dataclass(frozen=True)
class Built:
    """One PDF: its measured pages and every word with its position, page by page."""

    pages: list[Page]
    texts: list[str]
    words: list[list[dict[str, Any]]]
    rects: list[list[dict[str, Any]]]


def _read(pdf: Path) -> Built:
    """Read a PDF once."""
    pages = read(pdf)
    with pdfplumber.open(pdf) as doc:
        words = [page.extract_words() for page in doc.pages]
        rects = [list(page.rects) for page in doc.pages]
    return Built(pages, page_texts(pages), words, rects)


def _eight_options(folder: Path) -> Path:
    """The gallery's eight options on nine criteria, written as a brief."""
    gallery = stress_gallery()
    path = folder / f"{EIGHT}.yaml"
    path.write_text(yaml.safe_dump(gallery.many_options(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Built]:
    """every-key and the eight-option brief in the default style, the eight-option brief in the parliamentary one."""
    folder = tmp_path_factory.mktemp("look")
    shutil.copytree(EVERY_KEY.parent / "images", folder / "images")
    every, eight = Path(shutil.copy(EVERY_KEY, folder)), _eight_options(folder)
    out = {}
    for style, briefs in (("default", [every, eight]), ("parliamentary", [eight])):
        result = run("build", *briefs, "-o", folder / style, "--style", style, "--to", "pdf", "--no-cache", "-q")
        assert result.exit_code == 0, result.output
        out.update({(style, b.stem): _read(folder / style / f"{b.stem}.pdf") for b in briefs})
    return out


def _word(built: Built, page: int, text: str) -> dict[str, Any]:
    """The first word on a page (counted from 0) with this text."""
    return next(w for w in built.words[page] if w["text"] == text)


def test_two_charts_in_a_row_move_together_to_fill_page_1(built: dict[tuple[str, str], Built]) -> None:
    every = built["default", "every-key"]
    assert empty_bands(every.pages)[0] < 0.10  # 14.8% when the float pass stopped at the second chart
    assert "Stay closed on Sundays" in every.texts[0]  # Option A came up to fill it
    body = every.texts[1].split("BRANCH LIBRARIES", 1)[1]  # after the running header
    assert body.startswith(" Figure 1: Library visits a year")  # the charts head page 2, in order
    assert every.texts[1].index("Figure 1:") < every.texts[1].index("Figure 2:") < every.texts[1].index("Option B")


def test_the_matrix_key_and_its_lettered_notes_stay_with_the_table(built: dict[tuple[str, str], Built]) -> None:
    every = built["default", "every-key"]
    [page] = [n for n, text in enumerate(every.texts) if "Key: ● Good" in text]
    assert "a. £1.2m a year" in every.texts[page]
    assert "C: Volunteer-led Sundays at" in every.texts[page]  # at least a row of the table with them
    assert every.texts[page].index("C: Volunteer-led") < every.texts[page].index("Key: ● Good")


def test_charts_notes_sit_close_under_the_chart(built: dict[tuple[str, str], Built]) -> None:
    every = built["default", "every-key"]
    tick, note = _word(every, 1, "2023"), _word(every, 1, "From")  # the line chart's middle year, its caption
    assert 0 < note["top"] - tick["bottom"] < 5 * MM  # 9 mm of empty chart margin and line gap before


def test_the_summary_panel_ends_where_the_side_column_begins(built: dict[tuple[str, str], Built]) -> None:
    every = built["default", "every-key"]
    heading = _word(every, 0, "Summary")
    panel = max(
        (r for r in every.rects[0] if r["x0"] <= heading["x0"] and r["top"] <= heading["top"] <= r["bottom"]),
        key=lambda r: r["width"],
    )
    side = _word(every, 0, "KEY")  # the key figures' heading, in the side column
    assert panel["x1"] <= side["x0"] + 0.5  # the panel overhung the column by 5 mm


def test_no_last_page_holds_a_single_reference(built: dict[tuple[str, str], Built]) -> None:
    last = built["default", EIGHT].texts[-1]
    assert "References" in last and "Figures and sources" in last
    assert [round(b, 2) for b in empty_bands(built["default", EIGHT].pages)[:-1] if b > 0.15] == []


def test_recommended_columns_of_the_turned_matrix_keep_their_headings_in_line(
    built: dict[tuple[str, str], Built],
) -> None:
    eight = built["parliamentary", EIGHT]
    [page] = [n for n, text in enumerate(eight.texts) if "Criterion number 1" in text]
    header = _word(eight, page, "Criterion")["top"]  # the first heading of the row of option headings
    level = [w for w in eight.words[page] if w["text"] == "Option" and abs(w["top"] - header) < 0.5]
    assert len(level) == 8  # the recommended ones sat 2.5 pt lower, under a rule of the heading's own colour
