"""Behaviours of the formula evaluator and checks that `make mutate` found untested: exact messages and offsets
of formula faults, rounding, arithmetic limits and check operators at their boundary."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest

from briefgen.brief.formula import FormulaError, evaluate, parse_check, parse_formula

HINT = "use + - * / ( ) and min, max, sum, round, latest"
PLACES = "the second argument of round must be a whole number from -100 to 100, like 2"
ROUND_ARGS = "`round` takes a number and the places to round to, like round(x, 2)"
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
        ("a + 1_000_000_000_000_000", f"the number `1000000000000000` {TOO_LARGE}", 4),  # its value, no underscores
        (
            "a + 0x1234567890abcdef1234",
            "`0x1234567890abcdef12` is not a decimal number; write numbers like 8630000 or 12.5",
            4,
        ),
        ("a # b # c", f"`#` is not allowed in a formula; {HINT}", 2),  # the first `#`
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
