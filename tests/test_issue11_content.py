"""Issue 11 in the Markdown, HTML and chart SVG: smart punctuation, notes, boxes, numbering, tables, charts."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from briefgen.render.furniture import furniture
from briefgen.render.typography import smart_text
from helpers import MINIMAL, ROOT, run, write


def build(workdir: Path, text: str, formats: str = "md,html", style: str = "default") -> dict[str, str]:
    """Build b.yaml; return each output's text by suffix, and the chart SVGs joined under 'svg'."""
    write(workdir, "b.yaml", text)
    result = run("build", "b.yaml", "--to", formats, "--style", style)
    assert result.exit_code == 0, result.output
    out = workdir / "build"
    found = {suffix: (out / f"b.{suffix}").read_text() for suffix in formats.split(",")}
    found["svg"] = "".join(p.read_text() for p in sorted(out.glob("b.*.svg")))
    return found


def with_fields(extra: str, **replace: str) -> str:
    """MINIMAL with fields replaced and YAML appended."""
    text = MINIMAL
    for key, value in replace.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    return text + extra


# --- smart punctuation ----------------------------------------------------------------------------


def test_smart_quotes_dashes_and_ranges_outside_code_and_urls(workdir: Path) -> None:
    problem = """|
  The 'Glasgow Model' is "the main issue", the author's case, 2022-2024 and pp. 12-15... A -- B.
  `code 'x' 1-2` and <https://example.org/a--b'c> stay; so does the date 2019-04-30.
"""
    out = build(workdir, with_fields("", problem=problem))
    md, html = out["md"], out["html"]
    expected = "The ‘Glasgow Model’ is “the main issue”, the author’s case, 2022–2024 and pp. 12–15… A – B."
    assert expected in md and expected in html
    assert "`code 'x' 1-2`" in md and "<code>code 'x' 1-2</code>" in html
    assert "<https://example.org/a--b'c>" in md and 'href="https://example.org/a--b\'c"' in html
    assert "2019-04-30" in md
    assert MarkdownIt("commonmark").parse(md)  # still Markdown that parses


def test_quotes_follow_the_locale() -> None:
    assert smart_text("'a' \"b\"", "en-GB") == "‘a’ “b”"
    assert smart_text("'a' \"b\"", "de-DE") == "‚a‘ „b“"
    assert smart_text('"b"', "fr-FR") == "«\u202fb\u202f»"
    assert smart_text("Covid-19, v1.2-3, 2019-04", "en-GB") == "Covid-19, v1.2-3, 2019-04"


def test_figure_references_are_not_touched(workdir: Path) -> None:
    extra = "  span: {label: Years, value: 3, unit: years-long, source: ons}\n"
    text = with_fields("", summary="London has {london_population} [@ons]; it took {span} 1-2 times.")
    text = text.replace("figures:\n", "figures:\n" + extra)
    md = build(workdir, text, "md")["md"]
    assert "3 years-long 1–2 times" in md


# --- notes after punctuation, no repeated years ----------------------------------------------------


def test_note_calls_follow_punctuation_in_every_output(workdir: Path) -> None:
    text = with_fields("", problem="It is large [@ons]; it grew[^a], slowly[@ons, p. 2].\n\n  [^a]: A note.")
    text = text.replace("problem: It is large", "problem: |\n  It is large")
    out = build(workdir, text)
    assert "It is large;[^2] it grew,[^3] slowly.[^4]" in out["md"]
    assert re.search(r"large;<a class=\"fn-call\"[^>]*>2</a>", out["html"])


def test_a_title_ending_in_its_year_does_not_print_the_year_twice(workdir: Path) -> None:
    text = MINIMAL.replace(
        "ons: {title: Mid-year population estimates, publisher: Office for National Statistics}",
        "ons: {title: Residents' survey autumn 2024, publisher: Office for National Statistics, date: 2024}",
    )
    md = build(workdir, text, "md")["md"]
    assert "1. *Residents’ survey autumn 2024*. Office for National Statistics.\n" in md
    assert "[^1]: *Residents’ survey autumn 2024*.\n" in md


# --- boxes and figure numbers ----------------------------------------------------------------------

BOXES = """\
background: |
  Before the box.

  {box:vru}

  After the box.
boxes:
  - id: vru
    title: What is a 'VRU'?
    text: |
      A unit of {london_population} [@ons].
  - id: other
    title: An unplaced box
    text: It goes after the background.
"""


def test_boxes_are_numbered_in_reading_order_in_every_output(workdir: Path) -> None:
    out = build(workdir, MINIMAL + BOXES)
    md, html = out["md"], out["html"]
    assert "Before the box.\n\n> **Box 1: What is a ‘VRU’?**\n>\n> A unit of 8.63m people.[^2]\n\nAfter the box." in md
    assert "> **Box 2: An unplaced box**\n>\n> It goes after the background." in md
    assert '<aside class="box" id="box-vru" aria-labelledby="box-vru-title">' in html
    assert '<span class="box-label">Box 1:</span> What is a ‘VRU’?</p>' in html
    assert html.index("box-vru") < html.index("After the box.") < html.index("box-other")


def test_box_errors_are_reported_at_the_reference(workdir: Path) -> None:
    text = MINIMAL.replace("problem: It is large.", "problem: It is large {box:nope} and {box:vru}.") + BOXES.replace(
        "  After the box.", "  After the box.\n\n  {box:vru}"
    ).replace("  - id: other", "  - id: vru")
    write(workdir, "b.yaml", text)
    result = run("check", "b.yaml")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    assert lines == [
        "b.yaml:6:22: error: unknown box 'nope'",
        "b.yaml:6:37: error: {box:vru} must stand on a paragraph of its own in a block Markdown field",
        "b.yaml:22:3: error: box 'vru' is placed twice; a box is placed at most once",
        "b.yaml:28:9: error: duplicate id 'vru' in boxes (first used at line 24)",
    ]
    assert not (workdir / "build").exists()


def test_a_box_in_a_key_point_is_refused(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL + "key_points: ['{box:vru}']\n" + BOXES.split("boxes:")[1].join(["boxes:", ""]))
    result = run("check", "b.yaml")
    assert result.exit_code == 1
    assert (
        "b.yaml:15:14: error: {box:vru} cannot place a box here; a box is placed by a paragraph of its own in a "
        "block Markdown field (summary, problem, background, an option's summary or detail, the recommendation "
        "or the annex)" in result.output
    )


def test_charts_are_numbered_figures_with_source_lines(workdir: Path) -> None:
    chart = """\
charts:
  - {id: size, title: Population, kind: bar, figures: [london_population], alt: London is big.}
"""
    out = build(workdir, MINIMAL + chart)
    assert "**Figure 1: Population**" in out["md"] and "Source: Mid-year population estimates" in out["md"]
    assert '<span class="figure-label">Figure 1:</span> Population</figcaption>' in out["html"]


# --- page 1, key figures, tables ---------------------------------------------------------------------

OPTIONS = """\
criteria:
{criteria}
options:
  - id: a
    title: Carry on
    summary: No change.
    ratings: {{{ratings}}}
  - id: b
    title: Change
    summary: A change.
recommendation:
  options: [b]
  text: |
    Change, at once, as the {{london_population}} demand [@ons].

    The second paragraph stays in the full recommendation.
"""


def options(criteria: int) -> str:
    """MINIMAL with its option replaced by two, rated on `criteria` criteria, the second recommended."""
    listed = "\n".join(f"  - {{id: c{i}, label: Criterion {i}}}" for i in range(criteria))
    ratings = ", ".join(f"c{i}: good" for i in range(criteria))
    return MINIMAL.split("options:")[0] + OPTIONS.format(criteria=listed, ratings=ratings)


def test_page_1_states_the_recommendation_and_the_full_one_stays_later(workdir: Path) -> None:
    out = build(workdir, options(2))
    md, html = out["md"], out["html"]
    bottom = (
        "### The recommendation\n\n**Recommended:** Option B: Change\n\nChange, at once, as the 8.63m people demand.\n"
    )
    assert bottom in md
    assert md.index(bottom) < md.index("## The problem") < md.index("## Recommendation")
    assert md.count("The second paragraph stays") == 1
    assert '<a class="more" href="#recommendation">Recommendation ›</a>' in html


def test_the_matrix_marks_recommended_options_and_has_a_key(workdir: Path) -> None:
    md = build(workdir, options(2), "md")["md"]
    assert "| B: Change ★ | – Not rated | – Not rated |" in md
    assert "Key: ● Good · ◐ Fair · ○ Poor · ★ recommended option" in md


def test_the_matrix_is_turned_round_past_six_criteria(workdir: Path) -> None:
    out = build(workdir, options(7))
    assert "| Criterion | Option A | Option B ★ |" in out["md"]
    assert "| Criterion 6 | ● Good | – Not rated |" in out["md"]
    assert '<table class="matrix matrix-transposed">' in out["html"]
    assert (
        '<span class="rating-pair"><span class="symbol">●</span>&nbsp;<span class="word">Good</span></span>'
        in (out["html"])
    )


def test_key_figures_set_the_unit_small_and_the_figures_table_in_columns(workdir: Path) -> None:
    text = MINIMAL.replace("source: ons}", "source: ons, key: true, as_of: 2018}")
    text = text.replace(
        "figures:\n",
        "figures:\n  twice: {label: Twice London, formula: london_population * 2, unit: people}\n",
    )
    out = build(workdir, text)
    assert '<span class="kf-value">8.63m<span class="kf-unit"> people</span></span>' in out["html"]
    assert (
        "| Twice London (= Population of London × 2) | 17.3m | people |  | Mid-year population estimates |\n"
        "| Population of London | 8.63m | people | 2018 |  |\n"  # the source is said once for its group
    ) in out["md"]
    assert '<tr class="source-group"><td colspan="4">Source: Mid-year population estimates' in (out["html"])


# --- charts ------------------------------------------------------------------------------------------

SERIES = """\
  s{n}: {{label: Series {n}, series: {{2019: {a}, 2020: {b}, 2021: {c}}}, unit: visits, source: ons}}
"""


def test_a_single_series_bar_chart_has_one_colour_and_line_charts_start_at_zero(workdir: Path) -> None:
    figures = "".join(SERIES.format(n=n, a=900 + n, b=950 + n, c=1000 + 10 * n) for n in range(4))
    charts = """\
charts:
  - {id: bars, title: Two bars, kind: bar, figures: [london_population, glasgow], alt: Bars.}
  - {id: lines, title: Four lines, kind: line, figures: [s0, s1, s2, s3], alt: Lines.}
"""
    text = (
        MINIMAL.replace(
            "figures:\n",
            "figures:\n" + figures + "  glasgow: {label: Glasgow, value: 600000, unit: people, source: ons}\n",
        )
        + charts
    )
    out = build(workdir, text, "md", style=str(ROOT / "styles" / "committee"))
    bars, lines = out["svg"].split("<svg", 2)[1:]
    assert set(re.findall(r'fill="(#[0-9a-f]{6})"', bars)) & {"#5b2a6e"}  # the committee's purple, not the default
    assert "#c55a11" not in bars and "#b35900" not in bars  # one series: one colour
    assert "legend" not in lines
    assert all(f"Series {n}" in lines for n in range(4))  # labelled at the ends of the lines
    assert "stroke-dasharray" in lines  # dashes, not colour alone
    assert ">0<" in lines or "> 0<" in lines or re.search(r">\s*0\s*</text>", lines)  # a zero baseline
    assert ">visits<" in lines  # the unit, horizontal, at the top of the axis


def test_running_furniture_fits_one_line() -> None:
    long = furniture("Draft", "OFFICIAL-SENSITIVE: not for circulation beyond the committee", "A" * 60, "REF " * 20)
    assert long.marking_small and long.top_left == "Draft"
    assert len(long.top_right) <= 20 and long.top_right.endswith("…")
    short = furniture(None, None, "Title", "PB-1 · Unit")
    assert (short.top_left, short.top_right, short.bottom_left, short.marking) == ("", "Title", "PB-1 · Unit", "")
