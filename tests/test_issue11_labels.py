"""Issue 11: chart labels without the words they share with the chart's title, one rule for bars and lines.

The chart labels are read from the SVG file the build writes beside the Markdown (`--to md`); the alt
text and the figures table keep the full labels.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from helpers import MINIMAL, run, stress_gallery, write

BRANCHES = ["East branch visits", "West branch visits"]
COSTS = ["Yearly cost of Sunday opening", "Yearly cost of volunteer-led opening"]
SHORTENED = [  # a title, its chart's labels, and the labels drawn
    ("Library visits a year, 2022-2024", BRANCHES, ["East branch", "West branch"]),  # a shared last word
    ("Yearly cost of the two ways to open", COSTS, ["Sunday opening", "Volunteer-led opening"]),  # first words
]
WHOLE = [  # labels drawn as they are, because what would remain does not tell the series apart
    ("Library visits", ["Library visits", "Library visits in the East"]),  # the first would be left empty
    ("Spending, 2024", ["Spending per branch", "Spending per head"]),  # one shared first word: "Per branch"
    ("Visits by branch", ["East Branch visits", "East branch visits"]),  # the two would no longer differ
    ("Library visits a year", ["Visits in the East", "Loans in the East"]),  # nothing shared with the title
]
CASES = [(title, labels) for title, labels, _ in SHORTENED] + WHOLE


def _brief(kind: str) -> str:
    """MINIMAL with a chart of a kind for each case, placed by no field (they follow the background)."""
    figures, charts = [], ["charts:"]
    for n, (title, labels) in enumerate(CASES):
        for i, label in enumerate(labels):
            value = f"series: {{'2022': {100 + i}, '2023': {110 + i}}}" if kind == "line" else f"value: {100 + 10 * i}"
            figures.append(f"  f{n}_{i}: {{label: {label}, {value}, unit: visits, source: ons}}")
        charts += [
            f"  - id: chart{n}",
            f'    title: "{title}"',
            f"    kind: {kind}",
            f"    figures: [{', '.join(f'f{n}_{i}' for i in range(len(labels)))}]",
            f'    alt: "{labels[0]} and {labels[-1]} are drawn."',
        ]
    brief = MINIMAL.replace("figures:\n", "figures:\n" + "\n".join(figures) + "\n", 1)
    return brief.replace("options:", "\n".join(charts) + "\noptions:", 1)


@pytest.fixture(scope="module", params=["line", "bar"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The brief of every case in one kind of chart, built to Markdown with its chart files."""
    folder = tmp_path_factory.mktemp(request.param)
    path = write(folder, "brief.yaml", _brief(request.param))
    result = run("build", path, "-o", folder / "out", "--to", "md", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    return folder / "out", request.param


def _chart(out: Path, n: int) -> tuple[list[str], str]:
    """The texts chart n draws, in the order drawn, and its SVG <title> (the alt text)."""
    svg = (out / f"brief.chart{n}.svg").read_text(encoding="utf-8")
    alt = unescape(re.search(r"<title[^>]*>([^<]*)</title>", svg)[1])  # type: ignore[index]
    shown = re.sub(r"<(title|style)[\s>].*?</\1>", "", svg, flags=re.DOTALL)
    return [unescape(t).strip() for t in re.findall(r"<text\b[^>]*>([^<]+)</text>", shown)], alt


def test_labels_drop_the_words_they_share_with_the_title_in_both_kinds_of_chart(built: tuple[Path, str]) -> None:
    out, kind = built
    markdown = (out / "brief.md").read_text(encoding="utf-8")
    for n, (_, labels, drawn) in enumerate(SHORTENED):
        texts, alt = _chart(out, n)
        assert sorted(t for t in texts if t in drawn) == drawn, (kind, texts)
        assert not [t for t in texts if t in labels], (kind, texts)  # no label repeats the title's words
        assert alt == f"{labels[0]} and {labels[-1]} are drawn."  # the alt text keeps the full labels
        for label in labels:  # and so does the figures table
            assert re.search(rf"^\| {re.escape(label)} \|", markdown, flags=re.MULTILINE), label


def test_labels_stay_whole_when_what_remains_would_not_tell_the_series_apart(built: tuple[Path, str]) -> None:
    out, kind = built
    for n, (_, labels) in enumerate(WHOLE, len(SHORTENED)):
        texts, _ = _chart(out, n)
        assert sorted(t for t in texts if t in labels) == sorted(labels), (kind, texts)


def test_a_four_series_line_chart_of_the_stress_gallery_names_its_branches(tmp_path: Path) -> None:
    gallery = stress_gallery()
    path = next(p for p in gallery.write_briefs(tmp_path / "briefs") if p.stem == "stress-line-chart")
    result = run("build", path, "-o", tmp_path / "out", "--to", "md", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "out" / "stress-line-chart.months.svg").read_text(encoding="utf-8")
    texts = re.findall(r"<text\b[^>]*>([^<]+)</text>", svg)
    assert sorted(t.strip() for t in texts if "branch" in t) == [
        "Central branch",
        "East branch",
        "North branch",
        "South branch",
    ]
