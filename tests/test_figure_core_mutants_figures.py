"""Figures computed from a brief (`briefgen figures` and `briefgen check`) in the ways `make mutate` found
untested: values, sources, check results, cycles, unknown names and faults at their place."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from briefgen.brief.figures import FailedCheck
from briefgen.brief.result import check_file
from figurebriefs import brief, figure_rows, problems
from helpers import write

NBSP = "\xa0"


FIGURES = """\
  twice: {label: Twice, formula: per_head * 2, unit: count, check: "> 4"}
  per_head: {label: Per head, formula: glasgow + london_population / 1000000, unit: count, check: "< 14"}
  glasgow: {label: Glasgow, value: 6.00, unit: count, source: nrs}
  third: {label: Third, formula: 10 / 3, unit: count, check: "> 4"}
  hundred: {label: Hundred, formula: glasgow * 1000 / 60, unit: count, check: "< 99.5"}
  half: {label: Half, formula: 5 / 2, unit: count, check: "> 2.6"}
  visits: {label: Visits, series: {2019: 1.50, 2021: 2.25, 2020: 3}, unit: count, source: nrs, check: "> 2.3"}
  mixed: {label: Mixed, series: {2019: 1, 2019-04: 2, 2019-05-01: 3}, unit: count, source: nrs}
  fy: {label: FY, series: {2016/17: 1, 2015/16: 2}, unit: percent, source: nrs}
  months: {label: Months, series: {2019-12: 1, 2019-02: 2}, unit: count, source: nrs}
  loop: {label: Loop, formula: loop2 + 1}
  loop2: {label: Loop2, formula: loop3 + 1}
  loop3: {label: Loop3, formula: loop + 1}
  self: {label: Self, formula: self + 1}
  typo: {label: Typo, formula: pop2 + pop + london_populaton}
  pop2: {label: Pop2, value: 1, source: ons}
  after: {label: After, formula: typo + 1}
"""


def test_every_figure_problem_of_a_brief_at_its_place(workdir: Path) -> None:
    """Failing checks print the unrounded value plainly; cycles, unknown names and mixed periods are placed."""
    assert problems(workdir, FIGURES) == [
        "b.yaml:10:99: error: check '< 14' fails: per_head is 14.63",
        "b.yaml:12:62: error: check '> 4' fails: third is 3.333333",
        "b.yaml:13:79: error: check '< 99.5' fails: hundred is 100",
        "b.yaml:14:59: error: check '> 2.6' fails: half is 2.5",
        "b.yaml:15:103: error: check '> 2.3' fails: visits is 2.25",
        "b.yaml:16:43: error: period '2019-04' is a month, but this series began with a year; a series uses one kind of period",
        "b.yaml:19:32: error: formula cycle: loop -> loop2 -> loop3 -> loop",
        "b.yaml:20:34: error: formula cycle: loop -> loop2 -> loop3 -> loop",
        "b.yaml:21:34: error: formula cycle: loop -> loop2 -> loop3 -> loop",
        "b.yaml:22:32: error: formula cycle: self -> self",
        "b.yaml:23:39: error: unknown figure 'pop' in formula (did you mean 'pop2'?)",
        "b.yaml:23:45: error: unknown figure 'london_populaton' in formula (did you mean 'london_population'?)",
        "1 of 1 brief failed",
    ]


def test_figures_table_values_sources_and_results(workdir: Path) -> None:
    """Formulas are computed whatever their order, take their inputs' sources in the order the formula names
    them, print as written or rounded, and a series prints its latest period's value."""
    rows = figure_rows(workdir, FIGURES)
    shown = {fid: (row["value"], row["sources"], row["result"]) for fid, row in rows.items()}
    assert shown == {
        "london_population": ("8.63m people", "ons", ""),
        "twice": ("29.26", "nrs, ons", "holds"),
        "per_head": ("14.63", "nrs, ons", "FAILS"),
        "glasgow": ("6.00", "nrs", ""),
        "third": ("3.33", "", "FAILS"),
        "hundred": ("100", "nrs", "FAILS"),
        "half": ("2.5", "", "FAILS"),
        "visits": ("2.25 (2021)", "nrs", "FAILS"),
        "mixed": ("1 (2019)", "nrs", ""),
        "fy": ("1% (2016/17)", "nrs", ""),
        "months": ("1 (December 2019)", "nrs", ""),
        "loop": ("?", "", ""),
        "loop2": ("?", "", ""),
        "loop3": ("?", "", ""),
        "self": ("?", "", ""),
        "typo": ("?", "", ""),
        "pop2": ("1", "ons", ""),
        "after": ("?", "", ""),
    }


def test_sources_follow_the_formula_and_appear_once(workdir: Path) -> None:
    """A formula's sources are its inputs' sources in the order it names the inputs, each once."""
    rows = figure_rows(
        workdir,
        "  g: {label: G, value: 2, source: nrs}\n"
        "  r: {label: R, formula: g + london_population * g / london_population, check: '~ 4'}\n"
        "  q: {label: Q, formula: london_population + g}\n",
    )
    assert [(rows[f]["sources"], rows[f]["result"]) for f in ("r", "q")] == [("nrs, ons", "holds"), ("ons, nrs", "")]


def test_a_series_value_prints_with_the_places_it_was_written_with(workdir: Path) -> None:
    """The latest value of a series prints with the decimals written for it."""
    rows = figure_rows(workdir, "  s: {label: S, series: {2019: 1, 2020: 2.50}, unit: count, source: ons}\n")
    assert rows["s"]["value"] == "2.50 (2020)"


def test_a_figure_with_a_check_that_cannot_be_read(workdir: Path) -> None:
    """A check that is not an operator and a number is an error at the check, and the figure shows '?'."""
    lines = problems(workdir, "  r: {label: R, formula: london_population / 2, check: 'about 14'}\n")
    assert lines == [
        "b.yaml:9:56: error: check must be an operator and a number, like `> 14`, `>= 66` or `~ 14.4`",
        "1 of 1 brief failed",
    ]


def test_an_evaluation_fault_is_placed_in_the_formula(workdir: Path) -> None:
    """A fault found while evaluating points at its place in the formula text."""
    lines = problems(workdir, "  r: {label: R, formula: 'london_population / (1 - 1)'}\n")
    assert lines == ["b.yaml:9:45: error: division by zero", "1 of 1 brief failed"]


MORE_FIGURES = """\
  a: {label: A, formula: london_population ** 2}
  b: {label: B, formula: 1.2345675 + 0, check: "> 2"}
  c: {label: C, formula: london_population / 1000000, decimals: 1, unit: times, check: ">= 1_000_000_000_000_000"}
  d: {label: D, formula: london_population + \ufb01ve}
  e: {label: E, series: {2019-04: 1, 2019-04-01: 2}, unit: count, source: ons}
  f: {label: F, series: {~: 1}, unit: count, source: ons}
  g: {label: G, series: {0000-01: 1}, unit: count, source: ons}
  h: {label: H, series: {2019-01: 1, 2019-02: 2}, unit: count, source: ons}
"""


def test_formula_check_and_period_faults_at_their_place(workdir: Path) -> None:
    """A formula's fault is placed within it; a failing value with 7 places prints rounded to 6; a check's
    number out of range, a name in a ligature, a day after a month, a null or year-0 period are each named."""
    assert problems(workdir, MORE_FIGURES) == [
        "b.yaml:9:44: error: `**` is not allowed in a formula; use + - * / ( ) and min, max, sum, round, latest",
        "b.yaml:10:48: error: check '> 2' fails: b is 1.234568",
        "b.yaml:11:92: error: the number in the check is too large; numbers must be smaller than "
        "1,000,000,000,000,000 (10^15) in size",
        "b.yaml:12:26: error: unknown figure 'five' in formula",
        "b.yaml:13:38: error: period '2019-04-01' is a day, but this series began with a month; "
        "a series uses one kind of period",
        "b.yaml:14:26: error: expected a period, got nothing",
        "b.yaml:15:26: error: '0000-01' has no year 0000; years run from 0001 to 9999",
        "1 of 1 brief failed",
    ]
    rows = figure_rows(workdir, MORE_FIGURES)
    assert [rows[f]["value"] for f in ("b", "c", "h")] == ["1.23", "8.6 times", "2 (February 2019)"]


def test_failed_checks_are_kept_as_data(workdir: Path) -> None:
    """The checks that fail are data for `briefgen diff`: figure, check, unrounded value and message."""
    result = check_file(write(workdir, "b.yaml", brief(FIGURES)))
    assert result.checked is not None
    assert result.checked.figures.failed[:2] == [
        FailedCheck("per_head", "< 14", Decimal("14.63"), "check '< 14' fails: per_head is 14.63"),
        FailedCheck("third", "> 4", Decimal("3." + "3" * 33), "check '> 4' fails: third is 3.333333"),
    ]


def test_a_series_period_prints_in_the_brief_locale(workdir: Path) -> None:
    """The latest period of a series prints in the brief's language."""
    figures = "  h: {label: H, series: {2019-01: 1, 2019-12: 2}, unit: count, source: ons}\n"
    rows = figure_rows(workdir, figures, locale="de-DE")
    assert [rows[f]["value"] for f in ("london_population", "h")] == [f"8,63{NBSP}Mio. people", "2 (Dezember 2019)"]


def test_a_figure_printed_in_full(workdir: Path) -> None:
    """A figure with scale none prints every digit."""
    figures = "  full: {label: Full, value: 8630000, scale: none, unit: people, source: ons}\n"
    assert figure_rows(workdir, figures)["full"]["value"] == "8,630,000 people"


def test_a_failing_value_too_small_for_six_places_prints_in_plain_digits(workdir: Path) -> None:
    """A value that fails its check only beyond 6 places prints every digit, never in E notation (1E-7)."""
    lines = problems(workdir, "  tiny: {label: Tiny, formula: 1 / 10000000, unit: count, check: '<= 0'}\n")
    assert lines == ["b.yaml:9:66: error: check '<= 0' fails: tiny is 0.0000001", "1 of 1 brief failed"]
