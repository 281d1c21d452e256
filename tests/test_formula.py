"""Tests for the safe formula evaluator and figure checks."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.brief.formula import FUNCTIONS, Check, Formula, FormulaError, evaluate, parse_check, parse_formula
from helpers import examples

HINT = "use + - * / ( ) and min, max, sum, round, latest"
FIGURES: dict[str, Decimal | Mapping[str, Decimal]] = {
    "visits": {"2022": Decimal(1810000), "2024": Decimal(2040000)},
    "empty": {},
    "london": Decimal(8630000),
    "glasgow": Decimal(600000),
    "a": Decimal(5),
    "b": Decimal(2),
    "zero": Decimal(0),
    "big": Decimal("1e6000"),
}


def lookup(name: str) -> Decimal | Mapping[str, Decimal]:
    """Look a figure up in FIGURES; KeyError if unknown."""
    return FIGURES[name]


def run(text: str) -> Decimal:
    """Parse and evaluate a formula against FIGURES."""
    return evaluate(parse_formula(text), lookup)


def fault(text: str) -> FormulaError:
    """Return the FormulaError that parsing or evaluating a formula raises."""
    with pytest.raises(FormulaError) as info:
        run(text)
    return info.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(latest(visits) - 1810000) / 1810000 * 100", "12.70718232044198895027624309392265"),
        ("london / glasgow", "14.38333333333333333333333333333333"),
        ("0.1 + 0.2", "0.3"),
        ("1_810_000 + 1", "1810001"),
        ("a - b * 3", "-1"),
        ("(a - b) * 3", "9"),
        ("-a + +b", "-3"),
        ("--a", "5"),
        ("a / b", "2.5"),
        ("min(a, b, 3)", "2"),
        ("max(a, b, 7.5)", "7.5"),
        ("sum(a, b, 0.5)", "7.5"),
        ("min(a)", "5"),
        ("round(1.925, 2)", "1.93"),
        ("round(-1.925, 2)", "-1.93"),
        ("round(2.5, 0)", "3"),
        ("round(a / b)", "3"),
        ("round(1234.5, -2)", "1200"),
        ("round(1250, -2)", "1300"),
        ("round(-1250, -2)", "-1300"),
        ("round(a, 2)", "5"),
        ("latest(visits)", "2040000"),
        ("max(latest(visits), london)", "8630000"),
        ("1e3 + 2.50", "1002.50"),
        ("  a * b  ", "10"),
        ("(a\n + b)", "7"),
    ],
)
def test_evaluates_exactly(text: str, expected: str) -> None:
    """Each allowed construct gives an exact Decimal."""
    result = run(text)
    assert isinstance(result, Decimal)
    assert result == Decimal(expected)
    assert str(result) == expected


def test_names_and_series_names() -> None:
    """A formula knows the figure ids it uses, and which of them are series."""
    formula = parse_formula("(latest(visits) - london) / max(a, b) + round(glasgow, -2)")
    assert formula == Formula(
        "(latest(visits) - london) / max(a, b) + round(glasgow, -2)",
        frozenset({"visits", "london", "a", "b", "glasgow"}),
        frozenset({"visits"}),
    )
    assert frozenset({"min", "max", "sum", "round", "latest"}) == FUNCTIONS


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("__import__('os')", "`__import__` is not a formula function; use min, max, sum, round or latest", 0),
        ("a.b", "`a.b`: attributes are not allowed", 0),
        ("a[0]", "`a[0]`: indexing with [ ] is not allowed", 0),
        ("a ** 2", f"`**` is not allowed in a formula; {HINT}", 2),
        ("a // 2", f"`//` is not allowed in a formula; {HINT}", 2),
        ("a % 2", f"`%` is not allowed in a formula; {HINT}", 2),
        ("a @ b", f"`@` is not allowed in a formula; {HINT}", 2),
        ("a | b", f"`|` is not allowed in a formula; {HINT}", 2),
        ("~a", f"`~` is not allowed in a formula; {HINT}", 0),
        ("not a", f"`not` is not allowed in a formula; {HINT}", 0),
        ("a if b else a", f"`if … else` is not allowed in a formula; {HINT}", 0),
        ("lambda: 1", f"`lambda` is not allowed in a formula; {HINT}", 0),
        ("a < b", f"comparisons are not allowed in a formula; {HINT}", 0),
        ("a and b", f"`and` and `or` are not allowed in a formula; {HINT}", 0),
        ("'text'", f"text in quotes is not allowed in a formula; {HINT}", 0),
        ("b'x'", f"text in quotes is not allowed in a formula; {HINT}", 0),
        ("f'{a}'", f"text in quotes is not allowed in a formula; {HINT}", 0),
        ("True", "`True` is not allowed in a formula; use numbers and figure ids", 0),
        ("None + 1", "`None` is not allowed in a formula; use numbers and figure ids", 0),
        ("2j", "complex numbers are not allowed in a formula", 0),
        ("[a, b]", f"lists are not allowed in a formula; {HINT}", 0),
        ("a, b", f"commas outside a function call are not allowed in a formula; {HINT}", 0),
        ("(x := 1)", f"`:=` is not allowed in a formula; {HINT}", 1),
        ("round(a, b)", "the second argument of round must be a whole number from -100 to 100, like 2", 9),
        ("round(a, 1.5)", "the second argument of round must be a whole number from -100 to 100, like 2", 9),
        ("round(a, 1, 2)", "`round` takes a number and the places to round to, like round(x, 2)", 0),
        ("min()", "`min` needs at least one argument", 0),
        ("a + sum()", "`sum` needs at least one argument", 4),
        ("max(a, key=b)", "keyword arguments are not allowed", 7),
        ("max(*a)", "`*` arguments are not allowed", 4),
        ("latest(a, b)", "`latest` takes one series name, like latest(visits)", 0),
        ("latest(visits + 1)", "`latest` takes one series name, like latest(visits)", 0),
        ("a.b()", "only min, max, sum, round and latest can be called", 0),
        ("foo(1)", "`foo` is not a formula function; use min, max, sum, round or latest", 0),
        ("min + 1", "`min` is a function; call it like min(…)", 0),
        ("a +", "formula is not valid arithmetic: invalid syntax", 3),
        ("a b", "formula is not valid arithmetic: invalid syntax", 2),
        ("(a + b", "formula is not valid arithmetic: '(' was never closed", 0),
        ("a = 1", "formula is not valid arithmetic: invalid syntax", 2),
        ("import os", "formula is not valid arithmetic: invalid syntax", 0),
        ("", "formula is empty", 0),
        ("   ", "formula is empty", 0),
        ("  a ** 2", f"`**` is not allowed in a formula; {HINT}", 4),
        ("é + a ** 2", f"`**` is not allowed in a formula; {HINT}", 6),
        ("x" * 2001, "formula is longer than 2,000 characters", 2000),
        ("(" * 5000 + "1" + ")" * 5000, "formula is longer than 2,000 characters", 2000),
        ("(" * 300 + "1" + ")" * 300, "formula is not valid arithmetic: too many nested parentheses", 200),
    ],
)
def test_rejects(text: str, message: str, offset: int) -> None:
    """Everything but the admitted constructs is a FormulaError in plain words, with its offset."""
    error = fault(text)
    assert error.message == message
    assert str(error) == error.message
    assert error.offset == offset
    assert "Traceback" not in error.message


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("a / zero", "division by zero", 2),
        ("zero / zero", "division by zero", 5),
        ("a / (b - 2)", "division by zero", 2),
        ("big * big", "the result is not a finite number", 4),
        (
            "1e99999",
            "the number `1e99999` is too large; numbers must be smaller than 1,000,000,000,000,000 (10^15) in size",
            0,
        ),
        ("visits * 2", "`visits` is a series; use latest(visits)", 0),
        ("latest(a)", "`a` is not a series; latest() needs a series", 7),
        ("latest(empty)", "`empty` has no values", 7),
        ("a + nobody", "unknown figure `nobody`", 4),
        ("latest(nobody)", "unknown figure `nobody`", 7),
    ],
)
def test_evaluation_faults(text: str, message: str, offset: int) -> None:
    """Faults found while evaluating are FormulaErrors too."""
    error = fault(text)
    assert error.message == message
    assert error.offset == offset


def test_long_but_flat_formulas_work() -> None:
    """Long chains and deep unary minus within the length limit evaluate without recursion trouble."""
    assert run(" + ".join(["a"] * 400)) == Decimal(2000)
    assert run("-" * 1999 + "1") == Decimal(-1)
    assert run("(" * 150 + "a" + ")" * 150) == Decimal(5)


@pytest.mark.parametrize(
    ("text", "value", "holds"),
    [
        ("> 14", Decimal("14.38"), True),
        (">14", Decimal(14), False),
        (">= 66", Decimal(66), True),
        ("== 66", Decimal("66.0"), True),
        ("< 0.5", Decimal("0.4999"), True),
        ("<= 3", Decimal("3.01"), False),
        ("!= 0", Decimal(0), False),
        ("~ 14.4", Decimal("14.3833"), True),
        ("~ 14.4", Decimal("14.544"), True),
        ("~ 14.4", Decimal("14.545"), False),
        ("~ 12.7", Decimal("12.70718232044198895027624309392265"), True),
        ("~ -2", Decimal("-2.02"), True),
        ("  >=   -1.5 ", Decimal("-1.5"), True),
        ("< .5", Decimal("0.4"), True),
        ("> 1_000_000", Decimal(1000001), True),
    ],
)
def test_checks(text: str, value: Decimal, holds: bool) -> None:
    """Checks parse and test the unrounded value; ~ allows 1 %."""
    check = parse_check(text)
    assert isinstance(check, Check) and check.text == text
    assert check.holds(value) is holds


def test_check_parts() -> None:
    """A parsed check keeps its operator and target."""
    assert parse_check(">= -0.25") == Check(">=", Decimal("-0.25"), ">= -0.25")


@pytest.mark.parametrize("text", ["", "14", "> ", "=> 3", "= 3", "> x", "> 1e3", "> 14 %", ">> 1", "~", "≥ 3", "> 1 2"])
def test_bad_checks(text: str) -> None:
    """Anything but an operator and a plain number is a FormulaError."""
    with pytest.raises(FormulaError) as info:
        parse_check(text)
    assert (info.value.message, info.value.offset) == (
        "check must be an operator and a number, like `> 14`, `>= 66` or `~ 14.4`",
        0,
    )


TOKENS = [
    "a",
    "b",
    "zero",
    "visits",
    "nobody",
    "latest(",
    "min(",
    "max(",
    "sum(",
    "round(",
    "(",
    ")",
    ",",
    "+",
    "-",
    "*",
    "/",
    "**",
    "1",
    "0",
    "0.5",
    "-2",
    "1e9999",
    "1e400",
    " ",
    ".",
    "[",
    "]",
    "'",
    "=",
    "<",
    "_",
    "\n",
]


def _survives(text: str) -> None:
    """Parse and evaluate text; only FormulaError may escape."""
    try:
        result = evaluate(parse_formula(text), lookup)
    except FormulaError as error:
        assert isinstance(error.message, str) and isinstance(error.offset, int)
        assert 0 <= error.offset <= max(len(text), 0)
    else:
        assert isinstance(result, Decimal) and result.is_finite()


@settings(max_examples=examples(500))
@given(st.text(max_size=80))
def test_arbitrary_text_only_raises_formula_error(text: str) -> None:
    """Any text gives a Decimal or a FormulaError, nothing else."""
    _survives(text)


@settings(max_examples=examples(1000))
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_formula_like_text_only_raises_formula_error(text: str) -> None:
    """Text built from formula tokens gives a Decimal or a FormulaError, nothing else."""
    _survives(text)


@settings(max_examples=examples(300))
@given(st.decimals(min_value=-(10**12), max_value=10**12, places=6), st.integers(-6, 6))
def test_round_is_half_away_from_zero(value: Decimal, places: int) -> None:
    """round(x, n) agrees with rounding done by hand in exact fractions: halves go away from zero."""
    result = evaluate(parse_formula(f"round(x, {places})"), lambda name: value)
    assert Fraction(result) == half_away_from_zero(Fraction(value), places)


def half_away_from_zero(value: Fraction, places: int) -> Fraction:
    """An independent oracle: scale, add a half to the magnitude, cut to a whole number, scale back."""
    scale = Fraction(10) ** places
    magnitude = math.floor(abs(value) * scale + Fraction(1, 2))
    return Fraction(magnitude if value >= 0 else -magnitude) / scale


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("round(1.925, 2)", "1.93"),
        ("round(-1.925, 2)", "-1.93"),
        ("round(2.5, 0)", "3"),
        ("round(-2.5, 0)", "-3"),
        ("round(1250, -2)", "1300"),
        ("round(-1250, -2)", "-1300"),
        ("round(1.924999, 2)", "1.92"),
    ],
)
def test_round_ties_and_near_ties(formula: str, expected: str) -> None:
    """Ties go away from zero, in both directions and at negative places; a near tie goes to the nearer."""
    assert evaluate(parse_formula(formula), lambda name: Decimal(0)) == Decimal(expected)
