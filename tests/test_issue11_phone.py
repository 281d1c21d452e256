"""Issue 11: the standalone page on a phone (390 px wide) in Chromium, in every packaged style.

Tables keep every word whole (no "Optio n"), scrolling sideways in a wrapper that keyboard users can focus and
scroll, while the page itself never scrolls sideways; chart text stays as large as a table's. Needs Debian's
Chromium and the playwright package, as tests/test_issue11b_browser.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from browserhelp import chromium, open_page
from helpers import EVERY_KEY, EXAMPLE, run, stress_gallery

pytestmark = pytest.mark.slow
browser = pytest.fixture(chromium, scope="module", name="browser")

STYLES = ("default", "parliamentary")
PHONE = 390

# Words of a table's text split across two lines: a word (split at spaces and after hyphens) whose characters
# lie in more than one line box.
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const table of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const re = /[^\\s\\u00a0-]+-?/g;
      let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""

# Each scrolling wrapper: its role, focus order, name and whether it overflows.
WRAPPERS = """() => Array.from(document.querySelectorAll(".scroll-x")).map(w => ({
  kind: w.classList.contains("chart-scroll") ? "chart" : "table",
  role: w.getAttribute("role"),
  tabindex: w.getAttribute("tabindex"),
  name: (w.getAttribute("aria-labelledby") || "").split(" ").map(id => document.getElementById(id))
          .map(e => e ? e.textContent.trim() : "").join(" "),
  overflows: w.scrollWidth > w.clientWidth,
}))"""

# The size on screen of chart text and of table text, in CSS pixels.
TEXT_SIZES = """() => {
  const sized = (e) => parseFloat(getComputedStyle(e).fontSize) * (e.getScreenCTM ? e.getScreenCTM().a : 1);
  const chart = Array.from(document.querySelectorAll("figure.chart svg text")).map(sized);
  const table = Array.from(document.querySelectorAll("table td")).map(sized);
  return {chart: Math.min(...chart), table: Math.min(...table)};
}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """The example, every-key.yaml and the gallery's 8 options on 9 criteria as standalone HTML, in each style."""
    out = tmp_path_factory.mktemp("issue11-phone")
    gallery = stress_gallery()
    stress = out / "stress-8-options.yaml"
    stress.write_text(yaml.safe_dump(gallery.many_options(), sort_keys=False), encoding="utf-8")
    for style in STYLES:
        result = run("build", EXAMPLE, EVERY_KEY, stress, "-o", out / style, "--style", style, "--to", "html")
        assert result.exit_code == 0, result.output
    names = ("london-violent-crime", "every-key", "stress-8-options")
    return {style: [out / style / f"{name}.html" for name in names] for style in STYLES}


def _open(browser: Any, page_file: Path, width: int = PHONE) -> Any:
    """A page loaded at a viewport width (a phone's unless given), its fonts ready."""
    return open_page(browser, page_file, width)


@pytest.mark.parametrize("style", STYLES)
def test_on_a_phone_no_word_in_a_table_is_broken_and_the_page_never_scrolls_sideways(
    browser: Any, pages: dict[str, list[Path]], style: str
) -> None:
    for page_file in pages[style]:
        page = _open(browser, page_file)
        assert page.evaluate("() => document.querySelectorAll('table.matrix').length") == 1
        broken = page.evaluate(BROKEN_WORDS, "table.matrix, table.figures-table")
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        page.close()
        assert broken == [], page_file.name
        assert scroll_width <= PHONE, (page_file.name, scroll_width)


@pytest.mark.parametrize("style", STYLES)
def test_each_table_and_chart_scrolls_in_a_named_group_that_the_keyboard_can_reach(
    browser: Any, pages: dict[str, list[Path]], style: str
) -> None:
    page = _open(browser, pages[style][1])  # every-key: a table in the prose, a line and a bar chart, the matrix,
    wrappers = page.evaluate(WRAPPERS)  # the figures table
    page.close()
    assert [w["kind"] for w in wrappers] == ["table", "chart", "chart", "table", "table"]
    assert {(w["role"], w["tabindex"]) for w in wrappers} == {("group", "0")}
    assert [w["name"] for w in wrappers] == [
        "The problem",
        "Figure 1: Library visits a year, 2022–2024",
        "Figure 2: Yearly cost of the two ways to open",
        "Appraisal of the options",
        "Figures and sources",
    ]
    assert [w["kind"] for w in wrappers if w["overflows"]] == ["chart", "chart"]  # the tables fit this brief


def test_the_keyboard_scrolls_a_matrix_wider_than_the_phone(browser: Any, pages: dict[str, list[Path]]) -> None:
    page = _open(browser, pages["default"][2])  # 8 options: the turned matrix is wider than the screen
    matrix = page.locator(".table-scroll", has=page.locator("table.matrix"))
    assert page.evaluate("(w) => w.scrollWidth > w.clientWidth", matrix.element_handle())
    for _ in range(20):  # Tab reaches the wrapper
        page.keyboard.press("Tab")
        if page.evaluate("(w) => document.activeElement === w", matrix.element_handle()):
            break
    before = page.evaluate("(w) => w.scrollLeft", matrix.element_handle())
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(w) => w.scrollLeft > 0", arg=matrix.element_handle())
    page.close()
    assert before == 0


@pytest.mark.parametrize("style", STYLES)
def test_chart_text_on_a_phone_is_as_large_as_table_text_and_unchanged_on_a_wide_screen(
    browser: Any, pages: dict[str, list[Path]], style: str
) -> None:
    sizes = {}
    for width in (PHONE, 1280):
        page = _open(browser, pages[style][1], width)
        sizes[width] = page.evaluate(TEXT_SIZES)
        page.close()
    assert sizes[PHONE]["chart"] >= 0.8 * sizes[PHONE]["table"], sizes  # bar value labels are 8 of 9.5 units
    assert sizes[PHONE]["chart"] >= 9, sizes
    assert sizes[1280]["chart"] >= sizes[PHONE]["chart"], sizes
