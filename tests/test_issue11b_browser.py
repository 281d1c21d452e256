"""Issue 11: the standalone HTML in Chromium at 1280 px and at a phone's 390 px, in every packaged style.

Key figures never overlap or spill out of their boxes (at most four a row), prose keeps a readable measure on a
wide screen, the page never scrolls sideways, and the embedded fonts are the ones in use. Needs Debian's Chromium
and the playwright package, as tests/test_serve_browser.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browserhelp import chromium, open_page
from helpers import EVERY_KEY, EXAMPLE, MINIMAL, run, write

pytestmark = pytest.mark.slow
browser = pytest.fixture(chromium, scope="module", name="browser")

STYLES = {"default": "Linux Libertine O", "parliamentary": "Linux Biolinum O"}  # each style's body font
WIDTHS = (1280, 390)

# Characters on each line of the long paragraphs of running text: a new line starts where the next character
# sits left of the one before. The last line of a paragraph is left out (it is as short as it happens to be).
LINE_LENGTHS = """() => {
  const lengths = [];
  for (const p of document.querySelectorAll("main p, main li")) {
    if (p.closest("table, figure, nav, .key-figures, .pros-cons") || p.textContent.length < 250) continue;
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const lines = [];
    let count = 0, left = -1, node;
    while ((node = walker.nextNode())) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect || rect.width === 0) continue;
        if (rect.left < left - 1) { lines.push(count); count = 0; }
        count += 1;
        left = rect.left;
      }
    }
    lengths.push(...lines);
  }
  return lengths;
}"""

KEY_FIGURES = """() => Array.from(document.querySelectorAll(".key-figures li")).map(li => {
  const box = li.getBoundingClientRect();
  const parts = Array.from(li.querySelectorAll(".kf-value, .kf-unit, .kf-label")).map(e => e.getBoundingClientRect());
  return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          contentRight: Math.max(...parts.map(r => r.right)), contentBottom: Math.max(...parts.map(r => r.bottom))};
})"""


# Five key figures with long numbers and long unit words: two rows, nothing spilling into a neighbour.
STRESS = (
    MINIMAL.replace("problem: It is large.", "problem: It is large; {a}, {b}, {c}, {d}.")
    .replace(
        "figures:\n",
        "figures:\n"
        + "".join(
            f"  {k}: {{label: A figure with a long label about {k}, value: {v}, unit: {u}, source: ons, key: true}}\n"
            for k, v, u in (
                ("a", 12345678, "representatives"),
                ("b", 987654321, "households"),
                ("c", 66, "representatives"),
                ("d", 4444444, "organisations"),
            )
        ),
    )
    .replace("unit: people, source: ons}", "unit: people, source: ons, key: true}")
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """The example and every-key.yaml as standalone HTML in each packaged style, built once."""
    out = tmp_path_factory.mktemp("issue11b-html")
    stress = write(out, "stress.yaml", STRESS)
    for style in STYLES:
        result = run("build", EXAMPLE, EVERY_KEY, stress, "-o", out / style, "--style", style, "--to", "html")
        assert result.exit_code == 0, result.output
    names = ("london-violent-crime", "every-key", "stress")
    return {style: [out / style / f"{name}.html" for name in names] for style in STYLES}


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    """Whether two boxes share any area (touching edges do not count)."""
    return min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5 and (
        min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
    )


@pytest.mark.parametrize("style", STYLES)
def test_key_figures_neither_overlap_nor_spill_and_sit_at_most_four_a_row(
    browser: Any, pages: dict[str, list[Path]], style: str
) -> None:
    for page_file in pages[style]:
        for width in WIDTHS:
            page = open_page(browser, page_file, width)
            boxes = page.evaluate(KEY_FIGURES)
            page.close()
            assert boxes, page_file
            where = (page_file.name, width)
            assert not [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes[i + 1 :]) if _overlap(a, b)]
            assert all(b["contentRight"] <= b["right"] + 0.5 for b in boxes), where  # no unit runs into the next
            rows: dict[int, int] = {}
            for b in boxes:
                rows[round(b["top"])] = rows.get(round(b["top"]), 0) + 1
            assert max(rows.values()) <= 4, where
            if width == 1280:
                assert max(rows.values()) == min(len(boxes), 4), where  # a wide screen fills the row


@pytest.mark.parametrize("style", STYLES)
def test_prose_keeps_a_readable_measure_on_a_wide_screen(
    browser: Any, pages: dict[str, list[Path]], style: str
) -> None:
    page = open_page(browser, pages[style][0], 1280)
    lengths = sorted(page.evaluate(LINE_LENGTHS))
    page.close()
    assert len(lengths) > 30
    median, p90 = lengths[len(lengths) // 2], lengths[len(lengths) * 9 // 10]
    assert 60 <= median <= 80 and p90 <= 85, (median, p90)


@pytest.mark.parametrize("style", STYLES)
def test_pages_never_scroll_sideways_and_use_the_embedded_fonts(
    browser: Any, pages: dict[str, list[Path]], style: str
) -> None:
    for page_file in pages[style]:
        for width in WIDTHS:
            page = open_page(browser, page_file, width)
            scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
            faces = page.evaluate("() => Array.from(document.fonts).map(f => [f.family, f.status])")
            uses = page.evaluate(f"() => document.fonts.check('12px \"{STYLES[style]}\"', 'Aa')")
            page.close()
            assert scroll_width <= width, (page_file.name, width, scroll_width)
            assert faces and not [face for face in faces if face[1] == "error"], faces  # unused faces stay unloaded
            assert uses
