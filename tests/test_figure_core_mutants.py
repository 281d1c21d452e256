"""Behaviours of the figure core that `make mutate` found untested: exact messages and offsets of formula faults,
rounding, figures computed from a brief, printed numbers in more locales, and periods on a time axis."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import pytest

from briefgen.brief.figures import FailedCheck
from briefgen.brief.formatting import bcp47, format_axis, format_value
from briefgen.brief.formula import FormulaError, evaluate, parse_check, parse_formula
from briefgen.brief.result import check_file
from briefgen.brief.timeaxis import chronological, mixes_years, period_kind, period_label, position
from helpers import MINIMAL, run, write

HINT = "use + - * / ( ) and min, max, sum, round, latest"
PLACES = "the second argument of round must be a whole number from -100 to 100, like 2"
ROUND_ARGS = "`round` takes a number and the places to round to, like round(x, 2)"
NBSP = "\xa0"
TOO_LARGE = "is too large; numbers must be smaller than 1,000,000,000,000,000 (10^15) in size"

VALUES: dict[str, object] = {
    "a": Decimal(5),
    "b": Decimal(2),
    "visits": {"2022": Decimal(1), "2023": Decimal(2), "2024": Decimal(3)},
    "empty": {},
    "nan": Decimal("NaN"),
    "flag": True,
    "broken": {"2023": Decimal(1), "2024": Decimal("NaN")},
}


def outcome(text: str, values: Mapping[str, object] = VALUES) -> Decimal | tuple[str, int]:
    """A formula's value (its figures looked up in values), or its fault's exact message and offset."""
    try:
        return evaluate(parse_formula(text), lambda name: values[name])
    except FormulaError as error:
        return error.message, error.offset


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("a + a.b", "`a.b`: attributes are not allowed", 4),
        ("a + a.b.c", "`a.b.c`: attributes are not allowed", 4),
        ("a + " + "x" * 20 + "." + "y" * 30, "`" + "x" * 20 + "." + "y" * 19 + "`: attributes are not allowed", 4),
        ("(a / # per head / person\n (b - 2))", f"`#` is not allowed in a formula; {HINT}", 5),
        ("a + ~a", f"`~` is not allowed in a formula; {HINT}", 4),
        ("a + a[0]", "`a[0]`: indexing with [ ] is not allowed", 4),
        ("a + (a < b)", f"comparisons are not allowed in a formula; {HINT}", 5),
        ("a + (a if b else a)", f"`if … else` is not allowed in a formula; {HINT}", 5),
        ("a + [a]", f"lists are not allowed in a formula; {HINT}", 4),
        ("a + [x for x in a]", f"`[x for x in a]` is not allowed in a formula; {HINT}", 4),
        ("a + 'x'", f"text in quotes is not allowed in a formula; {HINT}", 4),
        ("a + True", "`True` is not allowed in a formula; use numbers and figure ids", 4),
        ("a + 2j", "complex numbers are not allowed in a formula", 4),
        ("a + a.b()", "only min, max, sum, round and latest can be called", 4),
        ("a + foo(1)", "`foo` is not a formula function; use min, max, sum, round or latest", 4),
        ("a + max(a, key=b)", "keyword arguments are not allowed", 11),
        ("a + max(*a)", "`*` arguments are not allowed", 8),
        ("a + latest(a, b)", "`latest` takes one series name, like latest(visits)", 4),
        ("a + round(a, 1, 2)", ROUND_ARGS, 4),
        ("a + round()", ROUND_ARGS, 4),
        ("a + round(a, b)", PLACES, 13),
        ("a + round(a, 101)", PLACES, 13),
        ("a + round(a, -101)", PLACES, 13),
        ("a + round(a, True)", PLACES, 13),
        ("a + min", "`min` is a function; call it like min(…)", 4),
        ("a b", "formula is not valid arithmetic: invalid syntax", 2),
        ("(a b)", "formula is not valid arithmetic: invalid syntax", 1),  # no "Perhaps you forgot a comma?"
        ("a = 1", "formula is not valid arithmetic: invalid syntax", 2),  # nor "Maybe you meant '=='…"
        ("a b\n + 1", "formula is not valid arithmetic: invalid syntax", 2),
        ("a // b // c", f"`//` is not allowed in a formula; {HINT}", 7),
        ("a / b / (b - 2)", "division by zero", 6),
        ("a + latest(broken)", "`broken` is not a finite number", 11),
        ("  a +", "formula is not valid arithmetic: invalid syntax", 5),
        ("", "formula is empty", 0),
        (
            "a + \ud800",
            "formula is not valid arithmetic: 'utf-8' codec can't encode character '\\ud800' in position 4: "
            "surrogates not allowed",
            0,
        ),
        ("a" + " " * 2000, "formula is longer than 2,000 characters", 2000),
        ("a + 12345678901234567890", f"the number `12345678901234567890` {TOO_LARGE}", 4),
        ("a + 123456789012345678901", f"the number `12345678901234567890…` {TOO_LARGE}", 4),
        (
            "a + 0.0000000000000001",
            "the number `0.0000000000000001` has too many decimal places; write at most 15 digits after the point",
            4,
        ),
        ("a + visits", "`visits` is a series; use latest(visits)", 4),
        ("a + latest(empty)", "`empty` has no values", 11),
        ("a + nan", "`nan` is not a finite number", 4),
        ("a + flag", "`flag` is not a finite number", 4),
        (
            "a * 100000000000000 * 100000000000000",
            "the result is too large; " + TOO_LARGE.removeprefix("is too large; "),
            0,
        ),
    ],
)
def test_formula_faults_have_exact_messages_and_offsets(text: str, message: str, offset: int) -> None:
    """A fault anywhere in a formula is named in exact words at the character where it starts."""
    assert outcome(text) == (message, offset)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("(a +\n b ** 2)", 8),
        ("(a +\r\n b ** 2)", 9),
        ("(a +\r b ** 2)", 8),
        ("(a +\n\n b ** 2)", 9),
        ("(a +\n é ** 2)", 8),
        ("a+b**2", 3),
        ("(a ** 2 +\n b)", 3),
        ("(1 +\n 2 +\n 3 + ~4)", 15),
    ],
)
def test_offsets_count_characters_across_lines(text: str, offset: int) -> None:
    """In a formula over several lines, a fault's offset counts every character and line break before it."""
    fault = outcome(text)
    assert isinstance(fault, tuple) and fault[1] == offset
    assert text[offset] in "*~"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a" + " " * 1999, "5"),
        ("round(a, 100)", "5"),
        ("round(123.456, +1)", "123.5"),
        ("round(a / b)", "3"),
        ("round(-a / b)", "-3"),
        ("round(2.45, 1)", "2.5"),
        ("round(1234, -100)", "0"),
        ("1_000.5 + 1", "1001.5"),
        ("latest(visits)", "3"),
        ("sum(a, b, 3)", "10"),
        ("min(3, a, b)", "2"),
        ("max(b, 3, a)", "5"),
        ("a - b - 1", "2"),
        ("a / b / 2", "1.25"),
        ("sum(0.000000000000001, 1)", "1.000000000000001"),
        (
            "round(123456789012345 * 100000000000000 * 10000 + 99, -2) - 123456789012345 * 100000000000000 * 10000",
            "100",
        ),
        ("round(123456789012345 * 100000000000000 + 0.125, 2) - 123456789012345 * 100000000000000", "0.13"),
        ("round(1234 * 1e14 * 1e14 * 1e3, -32) / 1e14 / 1e14 / 1e4", "123"),
    ],
)
def test_formula_values(text: str, expected: str) -> None:
    """Formulas compute what they say: the latest of a series is its last period, round to any place."""
    value = outcome(text)
    assert isinstance(value, Decimal) and value == Decimal(expected)


def test_sum_is_the_written_addition() -> None:
    """sum(x, y, z) is x + y + z, added left to right in the same 34 significant digits."""
    big = "10000000000000 * 10000000000000 * 100000000"
    assert outcome(f"sum({big}, 1, -{big})") == outcome(f"{big} + 1 + -{big}")
    assert outcome(f"sum(-{big}, 1, {big})") == outcome(f"-{big} + 1 + {big}") == Decimal(1)


def test_formula_arithmetic_stays_within_decimal128() -> None:
    """Inside a formula, numbers live in decimal128's range (docs: limits.py): a step beyond 10**6144 is a
    fault at its operator, one below 10**-6176 becomes zero."""
    values = {"m": Decimal(10**14), "t": Decimal("1e-15")}
    huge = "*".join(["m"] * 438)  # 10**6132
    assert outcome(huge + "*10000000000000", values) == ("the result is not a finite number", 875)
    assert outcome(huge + "*1000000000000", values) == ("the result " + TOO_LARGE, 0)
    tiny = "*".join(["t"] * 411)  # 10**-6165
    back = "*".join(["m"] * 441)  # 10**6174
    assert outcome(f"{tiny}*0.000000000001*{back}", values) == Decimal(0)
    assert outcome(f"{tiny}*0.00000000001*{back}", values) == Decimal("0.01")


def test_checks_at_the_boundary() -> None:
    """A check's operator is the one written, tested exactly at its target and either side of it."""
    at, above, below = Decimal(14), Decimal("14.000001"), Decimal("13.999999")
    table = {
        "> 14": (False, True, False),
        ">= 14": (True, True, False),
        "< 14": (False, False, True),
        "<= 14": (True, False, True),
        "== 14": (True, False, False),
        "!= 14": (False, True, True),
    }
    for text, expected in table.items():
        check = parse_check(text)
        assert (check.holds(at), check.holds(above), check.holds(below)) == expected, text


def test_check_faults_have_exact_messages() -> None:
    """A malformed check and an out-of-range number in a check are named exactly."""
    with pytest.raises(FormulaError) as info:
        parse_check("> x")
    assert (info.value.message, info.value.offset) == (
        "check must be an operator and a number, like `> 14`, `>= 66` or `~ 14.4`",
        0,
    )
    with pytest.raises(FormulaError) as info:
        parse_check(">=  1_000_000_000_000_000")
    assert (info.value.message, info.value.offset) == (f"the number in the check {TOO_LARGE}", 4)
    assert parse_check("> 1_000").target == Decimal(1000)


# --- figures computed from a brief: `briefgen figures` and `briefgen check` ---


def brief(figures: str, locale: str = "en-GB") -> str:
    """MINIMAL with more figures (flow mappings, one a line) and a locale."""
    text = MINIMAL.replace("figures:\n", f"locale: {locale}\nfigures:\n") if locale != "en-GB" else MINIMAL
    sources = "sources:\n" + ("  nrs: {title: National Records of Scotland}\n" if "source: nrs" in figures else "")
    return text.replace("sources:\n", figures.rstrip("\n") + "\n" + sources)


def figure_rows(workdir: Path, figures: str, locale: str = "en-GB") -> dict[str, dict[str, str]]:
    """`briefgen figures --format json` of a brief with the given figures, by id."""
    result = run("figures", "--format", "json", write(workdir, "b.yaml", brief(figures, locale)))
    return {row["id"]: row for row in json.loads(result.stdout)}


def problems(workdir: Path, figures: str) -> list[str]:
    """The lines `briefgen check` prints for a brief with the given figures."""
    result = run("check", write(workdir, "b.yaml", brief(figures)))
    return result.output.splitlines()


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


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        ("2019-13: 1", "b.yaml:9:26: error: '2019-13' is not a real month"),
        ("2019-00: 1", "b.yaml:9:26: error: '2019-00' is not a real month"),
        ("2015/17: 1", "b.yaml:9:26: error: '2015/17' is not a financial year; write 2015/16"),
        ("9999/00: 1", "b.yaml:9:26: error: '9999/00' is not a financial year; the last is 9998/99"),
        ("2019-02-30: 1", "b.yaml:9:26: error: '2019-02-30' is not a real date"),
        ("0000: 1", "b.yaml:9:26: error: '0000' has no year 0000; years run from 0001 to 9999"),
        ("2019-1: 1", "b.yaml:9:26: error: expected a period (2019, 2019-04, 2019-04-30 or 2015/16), got '2019-1'"),
    ],
)
def test_periods_that_are_not_real(workdir: Path, periods: str, message: str) -> None:
    """A series period must be a real year, month, day or UK financial year."""
    figures = f"  s: {{label: S, series: {{{periods}}}, unit: count, source: ons}}\n"
    assert problems(workdir, figures) == [message, "1 of 1 brief failed"]


@pytest.mark.parametrize(
    ("periods", "latest"),
    [
        ("0001: 3, 9998/99: 4", None),
        ("9998/99: 4, 2015/16: 1", "4 (9998/99)"),
        ("2019-12-31: 1, 2019-02-01: 2", "1 (31 December 2019)"),
        ("2019-12: 5, 2019-02: 6, 2019-11: 7", "5 (December 2019)"),
        ("2020: 2, 0999: 1", "2 (2020)"),
    ],
)
def test_series_print_their_latest_period(workdir: Path, periods: str, latest: str | None) -> None:
    """A series' latest value is that of its latest period, whatever order the periods were written in."""
    figures = f"  s: {{label: S, series: {{{periods}}}, unit: count, source: ons}}\n"
    if latest is None:
        lines = problems(workdir, figures)
        assert lines[0] == (
            "b.yaml:9:35: error: period '9998/99' is a financial year, but this series began with a year; "
            "a series uses one kind of period"
        )
    else:
        assert figure_rows(workdir, figures)["s"]["value"] == latest


# --- periods on a chart's time axis (render/charts.py relies on these) ---


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2019", 2019 + 0.5),
        ("2015/16", 2015 + (90 + 366 / 2) / 365),  # 1 April 2015 to 31 March 2016 (a leap year)
        ("2016/17", 2016 + (91 + 365 / 2) / 366),
        ("2020-02", 2020 + (31 + 29 / 2) / 366),
        ("2020-12", 2020 + (335 + 31 / 2) / 366),
        ("2019-03-01", 2019 + (59 + 0.5) / 365),
        ("2019-12-31", 2019 + (364 + 0.5) / 365),
    ],
)
def test_a_period_sits_at_its_middle_in_time(period: str, expected: float) -> None:
    """A period's place on a time axis is its middle, counted in days of its own calendar year."""
    assert position(period) == pytest.approx(expected, abs=1e-12)


def test_periods_in_time_order() -> None:
    """Mixed periods sort by time, once each; a tie (2019 and 2 July 2019) sorts by text."""
    periods = ["2020", "2019-07-02", "2019", "2015/16", "2019-06", "2019", "2016-01", "2015-12-31"]
    assert chronological(periods) == ["2015/16", "2015-12-31", "2016-01", "2019-06", "2019", "2019-07-02", "2020"]


@pytest.mark.parametrize(
    ("period", "locale", "label"),
    [
        ("2021-10", "en-GB", "Oct 2021"),
        ("2021-10-03", "en-GB", "3 Oct 2021"),
        ("2021-10", "de-DE", "Okt. 2021"),
        ("2021-10-03", "de-DE", "3. Okt. 2021"),
        ("2021-10-13", "en-GB", "13 Oct 2021"),
        ("2019", "en-GB", "2019"),
        ("2015/16", "en-GB", "2015/16"),
        ("2021-13", "en-GB", "2021-13"),
        ("2021-02-30", "en-GB", "2021-02-30"),
    ],
)
def test_axis_labels(period: str, locale: str, label: str) -> None:
    """Axis labels are short and in the brief's locale; years, financial years and non-dates print as written."""
    assert period_label(period, locale) == label


def test_financial_and_calendar_periods_together() -> None:
    """A chart that mixes financial and calendar periods names the first of each; one kind alone is fine."""
    assert mixes_years(["2019", "2015/16", "2016/17", "2020"]) == ("2015/16", "2019")
    assert mixes_years(["2015/16", "2019-04"]) == ("2015/16", "2019-04")
    assert mixes_years(["2019", "2020"]) is None
    assert mixes_years(["2015/16", "2016/17"]) is None
    assert [period_kind(p) for p in ("2019", "2015/16", "2019-04", "2019-04-30")] == [
        "year",
        "financial_year",
        "month",
        "day",
    ]


# --- printed numbers: currency spacing, chart axes, locale tags ---


@pytest.mark.parametrize(
    ("unit", "locale", "expected"),
    [
        ("USD", "bn", f"8.50{NBSP}US$"),  # a letter symbol after the digits is set apart
        ("CHF", "bn", f"8.50{NBSP}CHF"),
        ("GBP", "bn", "8.50£"),  # a sign is not
        ("EUR", "agq-CM", "8,50€"),
        ("CHF", "agq-CM", f"8,50{NBSP}CHF"),
        ("CHF", "en-GB", f"CHF{NBSP}8.50"),  # before the digits, likewise
        ("USD", "en-GB", "US$8.50"),
        ("USD", "de-CH", f"${NBSP}8.50"),
    ],
)
def test_currency_symbol_spacing(unit: str, locale: str, expected: str) -> None:
    """CLDR currency spacing: a symbol that ends (or starts) with a letter is kept apart from the digits."""
    assert format_value(Decimal("8.5"), unit=unit, locale=locale) == expected
    whole = format_value(Decimal(8), unit=unit, locale=locale)  # one digit: 8 US$, CHF 8
    assert whole == expected.replace("8.50", "8").replace("8,50", "8")


@pytest.mark.parametrize(
    ("values", "options", "expected"),
    [
        (["0", "500000", "1000000", "1500000"], {}, ["0.0m", "0.5m", "1.0m", "1.5m"]),
        (["-2000", "0", "2500.5"], {"unit": "GBP"}, ["-£2,000.0", "£0.0", "£2,500.5"]),
        (
            ["0", "5000000", "10000000"],
            {"unit": "EUR", "locale": "de-DE"},
            [f"0{NBSP}Mio.{NBSP}€", f"5{NBSP}Mio.{NBSP}€", f"10{NBSP}Mio.{NBSP}€"],
        ),
        (["0.25", "0.5"], {"unit": "percent", "scale": "none"}, ["0.25%", "0.50%"]),
        (["0", "5000000"], {"scale": "thousand"}, ["0k", "5,000k"]),
        (["-1", "1"], {"unit": "people"}, ["-1 people", "1 people"]),
        (["0.000000000000000000001"], {}, ["0.00000000000000000000"]),
        (["1000000000.0000000000049999995", "0"], {}, ["1.00000000000000000000bn", "0.00000000000000000000bn"]),
        (["2000000"], {"unit": "EUR", "locale": "de-AT"}, [f"2{NBSP}Mio.{NBSP}€"]),
        (["0", "1500000000"], {}, ["0.0bn", "1.5bn"]),  # billions from 10**9 on, never 1,500m
        (["1000000000"], {}, ["1bn"]),
        ([], {}, []),
    ],
)
def test_axis_ticks_share_one_scale_and_one_number_of_places(
    values: list[str], options: dict[str, str], expected: list[str]
) -> None:
    """A chart axis prints every tick alike: the largest tick picks the scale, the finest picks the places."""
    assert format_axis([Decimal(v) for v in values], **options) == expected


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        ("10500000", {"unit": "EUR", "locale": "de-AT"}, f"10,5{NBSP}Mio.{NBSP}€"),  # compact currency: € after
        ("10500000", {"unit": "EUR", "locale": "fr-FR"}, f"10,5{NBSP}M{NBSP}€"),
        ("8.5", {"unit": "EUR", "locale": "fy"}, f"€{NBSP}8,50"),  # the positive pattern, not the negative's
        ("-8.5", {"unit": "EUR", "locale": "fy"}, f"-€{NBSP}8,50"),
        ("10500000", {"unit": "CNY", "locale": "zh-Hans-CN"}, "¥1,050万"),
        ("10500", {"unit": "EUR", "locale": "de-LU", "scale": "thousand"}, f"10.500{NBSP}€"),  # no short form
        ("1234567890123456789012345678901.5", {"scale": "none"}, "1,234,567,890,123,456,789,012,345,678,901.5"),
        ("999999999", {"unit": "EUR", "locale": "de-AT"}, f"1{NBSP}Mrd.{NBSP}€"),  # 1000 Mio. € becomes 1 Mrd. €
        ("999999999", {"decimals": 2}, "1.00bn"),
        ("12345678", {"scale": "none", "locale": "en-IN"}, "1,23,45,678"),
        ("1000000000.0000000000049999995", {"decimals": 20}, "1.00000000000000000000bn"),
        ("1e60", {}, "1,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000bn"),
        (
            "1234567890123456789012345678901.25",
            {"unit": "GBP", "scale": "none"},
            "£1,234,567,890,123,456,789,012,345,678,901.25",
        ),
    ],
)
def test_printed_figures_in_more_locales(value: str, options: dict[str, str], expected: str) -> None:
    """Figures print with each locale's own short forms and currency patterns, every digit kept."""
    assert format_value(Decimal(value), **options) == expected


def test_axis_with_an_unknown_scale() -> None:
    """An axis with a scale the format does not know is refused in words."""
    with pytest.raises(ValueError, match=r"^unknown scale 'lots'$"):
        format_axis([Decimal(1)], scale="lots")


@pytest.mark.parametrize("value", ["1E+61", "NaN", "Infinity", "-Infinity"])
def test_numbers_that_cannot_be_printed(value: str) -> None:
    """Formatting refuses in words a number that is not finite or beyond 10**60, naming it."""
    with pytest.raises(
        ValueError, match=f"^only finite numbers of sane size can be formatted, not {re.escape(value)}$"
    ):
        format_value(Decimal(value))
    with pytest.raises(ValueError, match=r"^unknown scale 'lots'$"):
        format_value(Decimal(1), scale="lots")


def test_locale_tags_are_written_the_bcp47_way() -> None:
    """A locale written with underscores or in lower case is printed in its BCP 47 form."""
    assert [bcp47(t) for t in ("en_gb", "zh_Hant_TW", "sr-Latn", "de")] == ["en-GB", "zh-Hant-TW", "sr-Latn", "de"]
