"""Issue 9, prose: chart placement, notes, reproducible order, metadata, headings, every problem at once, anchors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from helpers import MINIMAL, run, write

BASE = """\
briefgen: 1
title: Hardening
authors: [A. Author]
date: 2025-01-31
figures:
  a: {label: Alpha, value: 1, source: ons}
  b: {label: Beta, value: 2, source: ons}
sources:
  ons: {title: Mid-year population estimates, publisher: Office for National Statistics}
  ifs: {title: "Living standards: a review", publisher: IFS}
charts:
  - {id: c1, title: First chart, kind: bar, figures: [a, b], alt: Bars of alpha and beta}
  - {id: c2, title: Second chart, kind: bar, figures: [a, b], alt: More bars}
"""

OPTIONS = """\
options:
  - id: x
    title: Ex
    summary: S.
"""


def brief(body: str, options: str = OPTIONS) -> str:
    """BASE with the given fields and options."""
    return BASE + body + options


def build(workdir: Path, text: str, formats: str = "md,html") -> tuple[str, str]:
    """Build a brief; return its Markdown and HTML."""
    write(workdir, "b.yaml", text)
    result = run("build", "b.yaml", "--to", formats)
    assert result.exit_code == 0, result.output
    out = workdir / "build"
    md = (out / "b.md").read_text() if "md" in formats else ""
    html = (out / "b.html").read_text() if "html" in formats else ""
    return md, html


def problems(workdir: Path, text: str) -> list[str]:
    """The problem lines of `briefgen check` on a brief."""
    write(workdir, "b.yaml", text)
    result = run("check", "b.yaml")
    lines = [line for line in result.output.splitlines() if ": error: " in line or ": warning: " in line]
    return [line for line in lines if "'ifs' is never cited" not in line]  # BASE's spare source


# 11. A chart placed in any block field is printed there once, never again after the background.

PLACES = {
    "summary": "summary: |\n  S.\n\n  {chart:c1}\nproblem: P.\n",
    "problem": "summary: S.\nproblem: |\n  P.\n\n  {chart:c1}\n",
    "option detail": "summary: S.\nproblem: P.\n",
    "recommendation": "summary: S.\nproblem: P.\nrecommendation:\n  options: [x]\n  text: |\n    Do it.\n\n    {chart:c1}\n",
    "annex": "summary: S.\nproblem: P.\nannex: |\n  More.\n\n  {chart:c1}\n",
}


@pytest.mark.parametrize("place", list(PLACES))
def test_a_chart_placed_in_a_block_field_is_printed_once(workdir: Path, place: str) -> None:
    options = OPTIONS + ("    detail: |\n      More.\n\n      {chart:c1}\n" if place == "option detail" else "")
    md, html = build(workdir, brief(PLACES[place], options))
    assert md.count("First chart**") == 1
    assert md.count("Second chart**") == 1
    assert html.count('id="chart-c1"') == 1
    assert html.count('id="chart-c2"') == 1
    assert md.index("Second chart**") < md.index("## Options")  # the unplaced one: after the background


def test_a_chart_placed_late_is_not_repeated_and_the_unplaced_one_follows_the_background(workdir: Path) -> None:
    body = "summary: S.\nproblem: P.\nbackground: Before.\nannex: |\n  {chart:c2}\n"
    md, _ = build(workdir, brief(body))
    assert md.index("Before.") < md.index("First chart**") < md.index("## Options") < md.index("Second chart**")
    assert md.count("Second chart**") == 1


CHART_ERRORS = {
    "figure note": (
        "summary: S.\nproblem: P.\n",
        "  a: {label: Alpha, value: 1, source: ons}\n",
        "  a: {label: Alpha, value: 1, source: ons, note: '{chart:c1}'}\n",
        "b.yaml:6:50: error: {chart:c1} cannot place a chart here; a chart is placed by a paragraph of its "
        "own in a block Markdown field (summary, problem, background, an option's summary or detail, "
        "the recommendation or the annex)",
    ),
    "key point": (
        "summary: S.\nproblem: P.\nkey_points: ['{chart:c1}']\n",
        "",
        "",
        "b.yaml:16:14: error: {chart:c1} cannot place a chart here; a chart is placed by a paragraph of its "
        "own in a block Markdown field (summary, problem, background, an option's summary or detail, "
        "the recommendation or the annex)",
    ),
    "heading": (
        "summary: S.\nproblem: |\n  # {chart:c1}\n",
        "",
        "",
        "b.yaml:16:5: error: {chart:c1} must stand on a paragraph of its own in a block Markdown field",
    ),
    "footnote": (
        "summary: S.\nproblem: |\n  P[^n].\n\n  [^n]: {chart:c1}\n",
        "",
        "",
        "b.yaml:18:9: error: {chart:c1} must stand on a paragraph of its own in a block Markdown field",
    ),
    "list item": (
        "summary: S.\nproblem: |\n  - {chart:c1}\n",
        "",
        "",
        "b.yaml:16:5: error: {chart:c1} must stand on a paragraph of its own in a block Markdown field",
    ),
    "placed twice": (
        "summary: |\n  {chart:c1}\nproblem: |\n  P.\n\n  {chart:c1}\n",
        "",
        "",
        "b.yaml:19:3: error: chart 'c1' is placed twice; a chart is placed at most once",
    ),
}


@pytest.mark.parametrize("case", list(CHART_ERRORS))
def test_a_chart_in_a_place_that_cannot_hold_it_is_an_error(workdir: Path, case: str) -> None:
    body, old, new, message = CHART_ERRORS[case]
    text = brief(body).replace(old, new) if old else brief(body)
    assert problems(workdir, text) == [message]
    assert not (workdir / "build").exists()


# 12. Notes: reading order, one note per label, nested calls, citations inside notes, alt text.

NOTES = """\
summary: |
  Cites [@ons] and has a note[^a]. Then [@ifs].

  [^a]: The note cites [@ons, p. 3] and [@ifs].
problem: |
  Outer[^y] then plain[^p], outer again[^y], and [@ons].

  [^y]: Note Y calls [^z] and [^w].

  [^z]: Note Z calls back [^y] and [^v].

  [^w]: Note W.

  [^v]: Note V.

  [^p]: Note P.
"""

EXPECTED_NOTES = [
    "[^1]: *Mid-year population estimates*.",
    "[^2]: The note cites *Mid-year population estimates*, n 1, p. 3 and *Living standards: a review*.",
    "[^3]: *Living standards*, n 2.",
    "[^4]: Note Y calls[^5] and.[^6]",
    "[^5]: Note Z calls back[^4] and.[^7]",
    "[^6]: Note W.",
    "[^7]: Note V.",
    "[^8]: Note P.",
    "[^9]: *Mid-year population estimates*, n 1.",
]


def test_notes_are_numbered_in_reading_order_in_markdown(workdir: Path) -> None:
    md, _ = build(workdir, brief(NOTES))
    assert "Cites[^1] and has a note.[^2] Then.[^3]" in md
    assert "Outer[^4] then plain,[^8] outer again,[^4] and.[^9]" in md
    assert [line for line in md.splitlines() if line.startswith("[^")] == EXPECTED_NOTES


def test_notes_in_html_one_per_number_and_unique_ids(workdir: Path) -> None:
    _, html = build(workdir, brief(NOTES))
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    endnotes = re.findall(r'<li id="note-(\d+)">', html)
    assert endnotes == [str(n) for n in range(1, 10)]
    assert html.count('class="footnote') == 9  # one printed footnote per note, however often it is called
    first_calls = re.findall(r'<a class="fn-call" href="#note-(\d+)"', html)
    assert first_calls == ["1", "2", "3", "4", "8", "9"]  # 5, 6, 7 are first called inside note 4 and 5


def test_notes_in_the_pdf_match_the_markdown(workdir: Path) -> None:
    build(workdir, brief(NOTES), "pdf")
    with pdfplumber.open(workdir / "build" / "b.pdf") as pdf:
        text = pdf.pages[0].extract_text(y_tolerance=6)  # a note's number, raised, on its line
    assert "Outer4 then plain,8 outer again,4 and.9" in text
    expected = [line.split(": ", 1)[1].replace("*", "") for line in EXPECTED_NOTES]
    expected = [re.sub(r"\[\^(\d+)\]", r"\1", e) for e in expected]
    footnotes = [line for line in text.splitlines() if re.match(r"\d\. ", line)][-len(expected) :]
    assert footnotes == [f"{n}. {e}" for n, e in enumerate(expected, 1)]


def test_an_undefined_footnote_is_an_error_at_its_call(workdir: Path) -> None:
    body = "summary: |\n  A call[^nope] and an escaped \\[^lit] and `[^code]`.\nproblem: P *em [^b]*.\n"
    assert problems(workdir, brief(body)) == [
        "b.yaml:15:9: error: footnote '[^nope]' is not defined in this field; add a line '[^nope]: text' to it",
        "b.yaml:16:16: error: footnote '[^b]' is not defined in this field; add a line '[^b]: text' to it",
    ]


def test_footnote_labels_belong_to_their_field(workdir: Path) -> None:
    body = "summary: |\n  A[^n].\n\n  [^n]: Defined here.\nproblem: B[^n].\n"
    assert problems(workdir, brief(body)) == [
        "b.yaml:18:11: error: footnote '[^n]' is not defined in this field; add a line '[^n]: text' to it"
    ]


def test_a_citation_in_alt_text_prints_short_and_counts_as_used(workdir: Path) -> None:
    text = brief("summary: S.\nproblem: P.\n").replace("alt: More bars", "alt: 'Bars {a} [@ifs, p. 2] for {option:x}'")
    md, html = build(workdir, text)
    assert "More bars" not in md
    assert "Bars 1 (Living standards, p. 2) for Option A: Ex" in md
    assert '<title id="chart-c2-title">Bars 1 (Living standards, p. 2) for Option A: Ex</title>' in html
    assert "2. *Living standards: a review*. IFS." in md


def test_alt_text_with_an_unknown_source_or_a_footnote_is_an_error(workdir: Path) -> None:
    text = brief("summary: S.\nproblem: P.\n").replace("alt: More bars", "alt: 'Bars [@nosuch] [^n]'")
    assert problems(workdir, text) == [
        "b.yaml:13:75: error: unknown source 'nosuch' in citation",
        "b.yaml:13:84: error: alt text is plain text and cannot call footnote '[^n]'",
    ]


# 13. Same sources, same bytes, whatever the hash seed.

SEEDED = """\
briefgen: 1
title: Seeds
authors: [A. Author]
date: 2025-01-31
summary: Total {total}, ratio {ratio}, other {other}.
problem: P.
figures:
  pop: {label: P, value: 10, source: s1}
  pop_a: {label: PA, value: 3, source: s2}
  pop_b: {label: PB, value: 4, source: s3}
  pop_c: {label: PC, value: 5, source: s4}
  total: {label: T, formula: "pop_c + pop_b + pop_a + pop"}
  ratio: {label: R, formula: "pop_b / pop"}
  other: {label: O, formula: "max(pop_a, pop_c, pop) - min(pop_b, pop)"}
sources:
  s1: {title: Source one}
  s2: {title: Source two}
  s3: {title: Source three}
  s4: {title: Source four}
options:
  - {id: x, title: X, summary: S}
"""


def test_outputs_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    write(tmp_path, "b.yaml", SEEDED)
    outputs = []
    for seed in ("1", "3", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "BRIEFGEN_CACHE": str(tmp_path / f"cache{seed}")}
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from briefgen.cli.main import main; main()",
                "build",
                "b.yaml",
                "-o",
                f"out{seed}",
                "--to",
                "md,html",
            ],
            cwd=tmp_path,
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
        )
        outputs.append(tuple((tmp_path / f"out{seed}" / f"b.{ext}").read_bytes() for ext in ("md", "html")))
    assert outputs[0] == outputs[1] == outputs[2]
    md = outputs[0][0].decode()
    refs = md[md.index("## References") :].splitlines()[2:6]
    assert refs == ["1. *Source four*.", "2. *Source three*.", "3. *Source two*.", "4. *Source one*."]


# 14. The description: the summary's plain text, no notes, escaped once, cut at a word.


def test_description_is_the_plain_summary_escaped_once(workdir: Path) -> None:
    body = (
        "summary: |\n  A&E waits at {a} are long [@ons]. See <b>this</b> and {option:x}[^n].\n\n"
        "  [^n]: A note & more.\nproblem: P.\n"
    )
    _, html = build(workdir, brief(body))
    plain = "A&amp;E waits at 1 are long. See &lt;b&gt;this&lt;/b&gt; and Option A: Ex."
    assert f'<meta name="description" content="{plain}">' in html
    build(workdir, brief(body), "pdf")
    info = PdfReader(workdir / "build" / "b.pdf").metadata
    assert info["/Subject"] == "A&E waits at 1 are long. See <b>this</b> and Option A: Ex."


def test_a_long_description_is_cut_after_a_whole_sentence_ending_in_one_full_stop(workdir: Path) -> None:
    words = " ".join(f"word{i}." for i in range(80))
    _, html = build(workdir, brief(f"summary: {words}\nproblem: P.\n"))
    content = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert 290 <= len(content) <= 300 and content.endswith(".") and not content.endswith("..")
    assert content == words[: len(content)] and words[len(content)] == " "  # the cut falls after a sentence


# 16. Heading levels follow their section with no gap.


def test_headings_are_renumbered_without_gaps(workdir: Path) -> None:
    body = (
        "summary: S.\nproblem: |\n  # Top\n\n  ### Deep\n\n  ## Middle\n\n  ###### Six\n"
        "background: |\n  ### Only three\n"
    )
    options = OPTIONS + "    detail: |\n      # One\n\n      ### Three\n"
    md, html = build(workdir, brief(body, options))
    heads = [line for line in md.splitlines() if line.startswith("#")]
    assert heads[heads.index("## The problem") : heads.index("## Figures and sources")] == [
        "## The problem",
        "### Top",
        "#### Deep",
        "#### Middle",
        "##### Six",
        "## Background",
        "### Only three",
        "## Options",
        "### Option A: Ex",
        "#### One",
        "##### Three",
    ]
    assert "<h3>Top</h3>" in html and "<h4>Deep</h4>" in html and "<h5>Six</h5>" in html


def test_the_changes_box_does_not_skip_a_level(workdir: Path) -> None:
    from briefgen.brief.check import check
    from briefgen.brief.load import load_brief
    from briefgen.render.templates import render_markdown

    path = write(workdir, "b.yaml", MINIMAL)
    changes = "### Changes to b.yaml: abc → def\n\n#### Figures\n\n- one\n\n##### Detail\n\nText.\n"
    md = render_markdown(check(load_brief(path)), changes=changes)
    heads = [line for line in md.splitlines() if line.startswith("#")]
    assert heads[heads.index("## Changes to b.yaml: abc → def") :][:3] == [
        "## Changes to b.yaml: abc → def",
        "### Figures",
        "#### Detail",
    ]


# 20. Every problem of a brief in one run.

EVERY_FAULT = """\
briefgen: 2
title: Errors
title: Again
authors: [A. Author]
date: 2025-02-31
summary: Text [@nosuch] and [^undef].
problem: Text {nofig} [bad](#nowhere).
bogus_key: 1
figures:
  a: {label: A, value: 1, source: nosrc, scale: huge}
  b: {label: B, value: true, source: ons, note: "See {nofig2}"}
  c: {label: C, formula: "a + zz", unit: people, decimals: x}
sources:
  ons: {title: ONS}
criteria:
  - {id: cost, label: Cost}
  - {id: cost, labl: Cost again}
options:
  - id: x
    title: X
    summary: S {option:y}
    ratings: {costt: good}
  - id: x
    summary: Missing title, cites [@nosuch2]
    cost: nofig3
    ratings: {cosst: bad, cost: good}
recommendation:
  options: [x, nooption]
charts:
  - {id: c1, title: C1, kind: pie, figures: [a, nofig4], alt: "Alt {nofig5}"}
"""

EVERY_PROBLEM = [
    "b.yaml:1:11: error: unsupported format version '2'; this briefgen reads version 1",
    "b.yaml:3:1: error: duplicate key 'title' (first given at line 2)",
    "b.yaml:5:7: error: '2025-02-31' is not a real date",
    "b.yaml:6:16: error: unknown source 'nosuch' in citation",
    "b.yaml:6:29: error: footnote '[^undef]' is not defined in this field; add a line '[^undef]: text' to it",
    "b.yaml:7:15: error: unknown figure 'nofig'",
    "b.yaml:7:29: warning: link to '#nowhere' leads nowhere: the brief has no anchor 'nowhere'",
    "b.yaml:8:1: error: unknown key 'bogus_key'",
    "b.yaml:10:35: error: unknown source 'nosrc'",
    "b.yaml:10:49: error: expected one of auto, none, thousand, million, billion, got 'huge'",
    "b.yaml:11:24: error: expected a number, got the boolean 'true'",
    "b.yaml:11:54: error: unknown figure 'nofig2'",
    "b.yaml:12:31: error: unknown figure 'zz' in formula",
    "b.yaml:12:60: error: expected a number, got text 'x'",
    "b.yaml:17:5: error: missing required key 'label'",
    "b.yaml:17:10: error: duplicate id 'cost' in criteria (first used at line 16)",
    "b.yaml:17:16: error: unknown key 'labl' (did you mean 'label'?)",
    "b.yaml:21:16: error: unknown option 'y'",
    "b.yaml:22:14: warning: option 'x' does not rate cost",
    "b.yaml:22:15: error: rating of unknown criterion 'costt' (did you mean 'cost'?)",
    "b.yaml:23:5: error: missing required key 'title'",
    "b.yaml:23:9: error: duplicate id 'x' in options (first used at line 19)",
    "b.yaml:24:36: error: unknown source 'nosuch2' in citation",
    "b.yaml:25:11: error: unknown figure 'nofig3'",
    "b.yaml:26:15: error: rating of unknown criterion 'cosst' (did you mean 'cost'?)",
    "b.yaml:26:22: error: expected one of good, fair, poor, got 'bad'",
    "b.yaml:28:3: error: missing required key 'text'",
    "b.yaml:28:16: error: unknown option 'nooption'",
    "b.yaml:30:31: error: expected one of bar, line, got 'pie'",
    "b.yaml:30:49: error: unknown figure 'nofig4'",
    "b.yaml:30:68: error: unknown figure 'nofig5'",
]


def test_every_problem_of_a_brief_is_reported_in_one_run(workdir: Path) -> None:
    write(workdir, "b.yaml", EVERY_FAULT)
    result = run("build", "b.yaml")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith("b.yaml:")] == EVERY_PROBLEM
    assert not (workdir / "build").exists() or not any((workdir / "build").iterdir())


def test_an_invalid_item_earlier_in_a_list_does_not_move_later_positions(workdir: Path) -> None:
    text = (
        MINIMAL.split("options:\n")[0]
        + "criteria:\n  - {id: cost, label: Cost}\noptions:\n"
        + "  - {id: status_quo, title: [not, text], summary: No change.}\n"
        + "  - {id: other, title: Other, summary: S., ratings: {cots: good}}\n"
    )
    found = problems(workdir, text)
    assert "b.yaml:15:54: error: rating of unknown criterion 'cots' (did you mean 'cost'?)" in found


def test_duplicate_keys_anywhere_do_not_hide_other_problems(workdir: Path) -> None:
    text = MINIMAL.replace("value: 8630000,", "value: 8630000, value: 1,") + "sumary: typo\n"
    assert problems(workdir, text) == [
        "b.yaml:8:68: error: duplicate key 'value' (first given at line 8)",
        "b.yaml:15:1: error: unknown key 'sumary' (did you mean 'summary'?)",
    ]


# 24. A link to a missing #anchor: a warning at the link, and the PDF still builds.


def test_a_link_to_a_missing_anchor_warns_at_the_link_and_builds(workdir: Path) -> None:
    body = (
        "summary: |\n  See [the options](#options), [x](#option-x), [c](#chart-c1) and [gone](#nowhere).\n"
        "problem: '[Also](#optionz) and [file](other.html#x).'\n"
    )
    write(workdir, "b.yaml", brief(body))
    result = run("build", "b.yaml")
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if "warning" in line and "'ifs'" not in line] == [
        "b.yaml:15:74: warning: link to '#nowhere' leads nowhere: the brief has no anchor 'nowhere'",
        "b.yaml:16:18: warning: link to '#optionz' leads nowhere: the brief has no anchor 'optionz' "
        "(did you mean 'options'?)",
    ]
    assert (workdir / "build" / "b.pdf").stat().st_size > 0
    assert run("build", "b.yaml", "--strict", "-o", "strict").exit_code == 1
