"""Issue 17: the figure core's gaps, each as a behaviour a user sees (a checked brief, a printed figure)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from babel.localedata import locale_identifiers
from babel.numbers import get_decimal_symbol

from briefgen.brief.formatting import bcp47, format_axis, format_value
from briefgen.brief.formula import FormulaError, evaluate, parse_check, parse_formula
from helpers import MINIMAL, run, write

NBSP = "\xa0"
FIG = "  london_population: {label: Population of London, value: 8630000, unit: people, source: ons}\n"
HINT = "use + - * / ( ) and min, max, sum, round, latest"


def brief(figures: str = "", locale: str | None = None) -> str:
    """MINIMAL with more figures (YAML lines under `figures:`) and, maybe, a locale."""
    text = MINIMAL.replace(FIG, FIG + figures)
    return text + (f"locale: {locale}\n" if locale else "")


def problems(workdir: Path, text: str) -> list[str]:
    """`briefgen check` on a brief: its problem lines (after checking the exit status agrees)."""
    result = run("check", write(workdir, "b.yaml", text))
    lines = result.stderr.splitlines()
    assert result.exit_code == (1 if any(": error: " in line for line in lines) else 0), result.output
    assert "Traceback" not in result.output
    return lines[:-1] if result.exit_code else lines


def printed(workdir: Path, text: str) -> dict[str, str]:
    """`briefgen figures --format json` on a valid brief: each figure id and its value as printed."""
    result = run("figures", "--format", "json", write(workdir, "b.yaml", text))
    assert result.exit_code == 0, result.output
    return {row["id"]: row["value"] for row in json.loads(result.stdout)}


# 1. Checks at, just above and just below their boundary: every operator the format admits.

CHECKED = "  x:\n    label: X\n    value: {value}\n    source: ons\n    check: '{check}'\n"
AT = "b.yaml:13:12: error: check '{check}' fails: x is {shown}"
# value -> operator -> None when `op 14` holds, else the value the failure message shows: to 6 places,
# or in full when those 6 places would seem to satisfy the check (`<= 14` fails: x is 14.0000001).
OUTCOMES: dict[str, dict[str, str | None]] = {
    "14": {"<": "14", "<=": None, ">": "14", ">=": None, "==": None, "!=": "14", "~": None},
    "14.0000001": {"<": "14", "<=": "14.0000001", ">": None, ">=": None, "==": "14.0000001", "!=": None, "~": None},
    "13.9999999": {"<": None, "<=": None, ">": "14", ">=": "13.9999999", "==": "13.9999999", "!=": None, "~": None},
    "15": {"<": "15", "<=": "15", ">": None, ">=": None, "==": "15", "!=": None, "~": "15"},
    "13": {"<": None, "<=": None, ">": "13", ">=": "13", "==": "13", "!=": None, "~": "13"},
}
CASES = [(value, op, shown) for value, ops in OUTCOMES.items() for op, shown in ops.items()]


@pytest.mark.parametrize(("value", "op", "shown"), CASES)
def test_a_check_at_and_beside_its_boundary(workdir: Path, value: str, op: str, shown: str | None) -> None:
    """`< 14` fails at exactly 14, `<= 14` holds there, and so on for every operator, just above and below."""
    check = f"{op} 14"
    found = problems(workdir, brief(CHECKED.format(value=value, check=check)))
    assert found == ([] if shown is None else [AT.format(check=check, shown=shown)])


@pytest.mark.parametrize(
    ("value", "holds"),
    [("14.544", True), ("14.5440001", False), ("14.256", True), ("14.2559999", False), ("14.4", True)],
)
def test_about_holds_within_one_percent_inclusive(workdir: Path, value: str, holds: bool) -> None:
    """`~ 14.4` holds from 14.256 to 14.544 inclusive and fails just outside."""
    found = problems(workdir, brief(CHECKED.format(value=value, check="~ 14.4")))
    assert found == ([] if holds else [AT.format(check="~ 14.4", shown=value)])


@pytest.mark.parametrize(
    ("check", "value", "holds"),
    [
        ("~ -2", "-2.02", True),
        ("~ -2", "-2.0200001", False),
        ("~ -2", "-1.98", True),
        ("~ -2", "-1.9799999", False),
        ("~ 0", "0", True),
        ("~ 0", "0.000000000000001", False),
        ("~ 0", "-0.000000000000001", False),
        ("> -1", "-1", False),
        (">= -1", "-1", True),
        ("< -1", "-1.000000000000001", True),
    ],
)
def test_about_and_negative_targets(check: str, value: str, holds: bool) -> None:
    """The 1 % of `~` is of the target's size, so it works below zero; `~ 0` means exactly zero."""
    assert parse_check(check).holds(Decimal(value)) is holds


def test_a_formula_at_the_boundary_is_checked_unrounded(workdir: Path) -> None:
    """A formula whose result prints as 14 but is just below it fails `>= 14`, and the message says why."""
    text = brief("  x: {label: X, formula: london_population / 616428.58, check: '>= 14', decimals: 0}\n")
    assert problems(workdir, text) == [
        "b.yaml:9:64: error: check '>= 14' fails: x is 13.99999980533024604407537366291485"
    ]


# 2. The English k/m/bn rule in every English locale, not only en-GB.

ENGLISH = [
    ("en-US", "USD", "$10.5m", "-$1.23bn", "$350k"),
    ("en-AU", "AUD", "$10.5m", "-$1.23bn", "$350k"),
    ("en-IE", "EUR", "€10.5m", "-€1.23bn", "€350k"),
    ("en-CA", "CAD", "$10.5m", "-$1.23bn", "$350k"),
    ("en-NZ", "NZD", "$10.5m", "-$1.23bn", "$350k"),
    ("en-IN", "INR", "₹10.5m", "-₹1.23bn", "₹350k"),
    ("en-ZA", "ZAR", f"R{NBSP}10,5m", f"-R{NBSP}1,23bn", f"R{NBSP}350k"),
    ("en-001", "USD", "US$10.5m", "-US$1.23bn", "US$350k"),
    ("en", "USD", "$10.5m", "-$1.23bn", "$350k"),
]


@pytest.mark.parametrize(("locale", "code", "millions", "billions", "thousands"), ENGLISH)
def test_english_locales_print_k_m_bn(locale: str, code: str, millions: str, billions: str, thousands: str) -> None:
    """UK press style in every English locale: `$10.5m`, `-$1.23bn`, `$350k`, `8.63m people`."""
    assert format_value(Decimal(10500000), unit=code, locale=locale) == millions
    assert format_value(Decimal(-1234567890), unit=code, locale=locale) == billions
    assert format_value(Decimal(350000), unit=code, scale="thousand", locale=locale) == thousands
    decimal = get_decimal_symbol(locale.replace("-", "_"))
    assert format_value(Decimal(8630000), unit="people", locale=locale) == f"8{decimal}63m people"


def test_every_english_locale_babel_knows_prints_m() -> None:
    """All of Babel's English locales (about a hundred) shorten millions to `m`, never to CLDR's `M`."""
    english = [tag for tag in locale_identifiers() if tag == "en" or tag.startswith("en_")]
    assert len(english) > 90
    wrong = {}
    for tag in english:
        got = format_value(Decimal(10500000), locale=tag)
        if got != f"10{get_decimal_symbol(tag)}5m":
            wrong[tag] = got
    assert wrong == {}


def test_an_american_brief_prints_m_and_bn(workdir: Path) -> None:
    """A brief in en-US prints its figures in the UK press style too."""
    text = brief("  budget: {label: Budget, value: 2500000000, unit: USD, source: ons}\n", locale="en-US")
    assert printed(workdir, text) == {"london_population": "8.63m people", "budget": "$2.5bn"}


# 3. Indian digit grouping: lakh and crore.


@pytest.mark.parametrize("locale", ["en-IN", "hi-IN", "hi", "bn-IN", "mr", "ta", "te", "gu", "ml", "pa", "ne"])
def test_indian_grouping(locale: str) -> None:
    """South Asian locales group the first three digits, then by twos: 1,23,45,678."""
    assert format_value(Decimal(12345678), scale="none", locale=locale) == "1,23,45,678"
    assert format_value(Decimal(-123456), scale="none", locale=locale) == "-1,23,456"
    assert format_value(Decimal("12345.5"), scale="none", locale=locale) == "12,345.5"
    assert format_value(Decimal(1234), scale="none", locale=locale) == "1,234"
    assert format_value(Decimal(123), scale="none", locale=locale) == "123"


def test_an_indian_brief_groups_in_lakhs_and_crores(workdir: Path) -> None:
    """An en-IN brief prints rupees and unscaled counts with Indian grouping."""
    text = brief(
        "  fund: {label: Fund, value: 123456789.5, unit: INR, scale: none, source: ons}\n"
        "  people: {label: People, value: 12345678, scale: none, unit: people, source: ons}\n",
        locale="en-IN",
    )
    assert printed(workdir, text) == {
        "london_population": "8.63m people",
        "fund": "₹12,34,56,789.50",
        "people": "1,23,45,678 people",
    }


# 4. Compact currency: the locale's own placement of the symbol around the short form.


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("de-AT", f"10,5{NBSP}Mio.{NBSP}€"),
        ("de-DE", f"10,5{NBSP}Mio.{NBSP}€"),
        ("de", f"10,5{NBSP}Mio.{NBSP}€"),
        ("fr-FR", f"10,5{NBSP}M{NBSP}€"),
        ("it-IT", f"10,5{NBSP}Mln{NBSP}€"),
        ("es-ES", f"10,5{NBSP}M{NBSP}€"),
        ("nl-NL", f"€{NBSP}10,5{NBSP}mln."),
    ],
)
def test_compact_currency_placement(locale: str, expected: str) -> None:
    """de-AT writes `10,5 Mio. €` (its compact currency pattern), not `€ 10,5 Mio.` (its standard one)."""
    assert format_value(Decimal(10500000), unit="EUR", locale=locale) == expected
    assert format_value(Decimal(-10500000), unit="EUR", locale=locale) == "-" + expected


def test_an_austrian_brief_prints_euros_after_the_short_form(workdir: Path) -> None:
    """A de_AT brief (Austrian German) prints millions of euros as `10,5 Mio. €`, and small sums with `€` first."""
    text = brief(
        "  budget: {label: Budget, value: 10500000, unit: EUR, source: ons}\n"
        "  fee: {label: Fee, value: 8.5, unit: EUR, source: ons}\n",
        locale="de_AT",
    )
    assert printed(workdir, text) == {
        "london_population": f"8,63{NBSP}Mio. people",
        "budget": f"10,5{NBSP}Mio.{NBSP}€",
        "fee": f"€{NBSP}8,50",
    }


# 5. Currency spacing (CLDR): a letter symbol is spaced from the digits, before or after them.


@pytest.mark.parametrize(
    ("value", "code", "locale", "expected"),
    [
        ("8.5", "CHF", "en-GB", f"CHF{NBSP}8.50"),
        ("8", "CHF", "en-GB", f"CHF{NBSP}8"),
        ("-8.5", "CHF", "en-GB", f"-CHF{NBSP}8.50"),
        ("8.5", "CHF", "de-CH", f"CHF{NBSP}8.50"),
        ("8", "USD", "en-GB", "US$8"),
        ("8", "GBP", "en-GB", "£8"),
        # the symbol follows the digits (pattern #,##0.00¤): letters get a space, a sign does not
        ("8", "USD", "bn", f"8{NBSP}US$"),
        ("8.5", "CHF", "km", f"8.50{NBSP}CHF"),
        ("8", "EUR", "bn", "8€"),
        ("8.5", "USD", "km", "8.50$"),
        ("8.5", "USD", "rn", f"8,50{NBSP}US$"),
        ("10500000", "USD", "lg", f"US${NBSP}10.5M"),
    ],
)
def test_currency_spacing(value: str, code: str, locale: str, expected: str) -> None:
    """`CHF 8.50` and `8.50 US$`, never `CHF8.50` or `8US$`; `£8` and `8€` stay tight."""
    assert format_value(Decimal(value), unit=code, locale=locale) == expected


# 6. round(): its arguments and its ties, as a brief's author meets them.

ROUND = "  x:\n    label: X\n    formula: {formula}\n"


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("round()", "b.yaml:11:14: error: `round` takes a number and the places to round to, like round(x, 2)"),
        (
            "round(london_population, 1, 2)",
            "b.yaml:11:14: error: `round` takes a number and the places to round to, like round(x, 2)",
        ),
        (
            "round(london_population, 101)",
            "b.yaml:11:39: error: the second argument of round must be a whole number from -100 to 100, like 2",
        ),
        (
            "round(london_population, -101)",
            "b.yaml:11:39: error: the second argument of round must be a whole number from -100 to 100, like 2",
        ),
        (
            "round(london_population, 2.0)",
            "b.yaml:11:39: error: the second argument of round must be a whole number from -100 to 100, like 2",
        ),
        ("1 + round", "b.yaml:11:18: error: `round` is a function; call it like round(…)"),
    ],
)
def test_round_misused_is_an_error_at_its_position(workdir: Path, formula: str, expected: str) -> None:
    """round with no or too many arguments, or places beyond ±100, is a formula error at its position."""
    assert problems(workdir, brief(ROUND.format(formula=formula))) == [expected]


def test_round_ties_go_away_from_zero_in_a_brief(workdir: Path) -> None:
    """round(1.925, 2) is 1.93 (decimal, not binary floating point: 2.675 gives 2.68); ties leave zero."""
    text = brief(
        "  a: {label: A, formula: 'round(1.925, 2)', check: '== 1.93'}\n"
        "  b: {label: B, formula: 'round(2.675, 2)', check: '== 2.68'}\n"
        "  c: {label: C, formula: 'round(-1.925, 2)', check: '== -1.93'}\n"
        "  d: {label: D, formula: 'round(1.924999, 2)', check: '== 1.92'}\n"
        "  e: {label: E, formula: 'round(london_population, -6)', check: '== 9000000'}\n"
        "  f: {label: F, formula: 'round(london_population, 100)', check: '== 8630000'}\n"
        "  g: {label: G, formula: 'round(london_population, -100)', check: '== 0'}\n"
    )
    assert problems(workdir, text) == []
    assert printed(workdir, text) == {
        "london_population": "8.63m people",
        "a": "1.93",
        "b": "2.68",
        "c": "-1.93",
        "d": "1.92",
        "e": "9m",
        "f": "8.63m",
        "g": "0",
    }


# 7. Formulas over several lines (YAML block scalars): the position of a fault is exact.

BLOCK = "  x:\n    label: X\n    formula: {style}\n{lines}"
MULTI_LINE = [
    ("|", "      london_population\n        / zero\n", "b.yaml:14:9: error: division by zero"),
    (">", "      london_population\n        / zero\n", "b.yaml:14:9: error: division by zero"),
    ("|2", "        london_population\n       / zero\n", "b.yaml:14:8: error: division by zero"),
    ("|+", "\n      london_population / zero\n\n", "b.yaml:14:25: error: division by zero"),
    ("|", "      london_population\n        + nobody\n", "b.yaml:14:11: error: unknown figure 'nobody' in formula"),
    ("|", "      (london_population\n        +\n        * 2)\n", "b.yaml:15:9: error: formula is not valid arithmetic: invalid syntax"),
    ("|", "      london_population\n        + (zero\n", "b.yaml:14:11: error: formula is not valid arithmetic: '(' was never closed"),
    ("|", "      london_population +\n        round()\n", "b.yaml:14:9: error: `round` takes a number and the places to round to, like round(x, 2)"),
    ("|", "      round(london_population,\n            101)\n", "b.yaml:14:13: error: the second argument of round must be a whole number from -100 to 100, like 2"),
    ("|", "      sum(zero,\n        zéro ** 2)\n", f"b.yaml:14:14: error: `**` is not allowed in a formula; {HINT}"),
    ("|", "      zero +\n        london_population\n        .real\n", "b.yaml:14:9: error: `london_population .real`: attributes are not allowed"),
    ("|", "      london_population  # people\n        + zero\n", f"b.yaml:13:26: error: `#` is not allowed in a formula; {HINT}"),
]  # fmt: skip


@pytest.mark.parametrize(("style", "lines", "expected"), MULTI_LINE)
def test_a_fault_in_a_formula_over_several_lines_is_placed_exactly(
    workdir: Path, style: str, lines: str, expected: str
) -> None:
    """Line breaks in a formula are spaces; a fault on its second or third line is reported there."""
    text = brief("  zero: {label: Zero, value: 0, source: ons}\n" + BLOCK.format(style=style, lines=lines))
    assert problems(workdir, text) == [expected]


def test_a_formula_over_several_lines_evaluates(workdir: Path) -> None:
    """A long formula may be written over several lines of a `|` or `>` block, without parentheses around it."""
    text = brief(
        "  per:\n    label: Per\n    formula: |\n      london_population\n        / 1000\n        - 30\n"
        "  folded:\n    label: Folded\n    formula: >-\n      round(london_population\n        / 7, -3)\n"
    )
    assert printed(workdir, text) == {"london_population": "8.63m people", "per": "8,600", "folded": "1.23m"}


def test_a_comment_cannot_hide_the_rest_of_a_formula() -> None:
    """`#` is refused: in a formula made one line, a comment would silently drop everything after it."""
    with pytest.raises(FormulaError) as info:
        parse_formula("a # share\n + b")
    assert (info.value.message, info.value.offset) == (f"`#` is not allowed in a formula; {HINT}", 2)


# 8. Decimal literals with underscores, as YAML's number fields take them (8_630_000).


@pytest.mark.parametrize(
    ("formula", "expected"),
    [("1_000.5 + 1", "1001.5"), ("1_000.000_5 * 2", "2000.0010"), ("1_810_000 / 1_000", "1810")],
)
def test_underscores_group_digits_in_formula_numbers(formula: str, expected: str) -> None:
    """`1_000.5` is 1000.5 exactly, as `8_630_000` is in a `value`."""
    result = evaluate(parse_formula(formula), lambda name: Decimal(0))
    assert str(result) == expected


def test_underscores_in_a_brief(workdir: Path) -> None:
    """A brief's formula and check may group digits with underscores."""
    text = brief("  x: {label: X, formula: 1_000.5 + 1, check: '> 1_001.4'}\n")
    assert printed(workdir, text) == {"london_population": "8.63m people", "x": "1,001.5"}


@pytest.mark.parametrize(
    ("formula", "message", "offset"),
    [
        ("1__000 + 1", "formula is not valid arithmetic: invalid decimal literal", 1),
        ("1000_ + 1", "formula is not valid arithmetic: invalid decimal literal", 4),
        ("1_.5", "formula is not valid arithmetic: invalid decimal literal", 1),
        ("0x1F + 1", "`0x1F` is not a decimal number; write numbers like 8630000 or 12.5", 0),
        ("2 * 0b11", "`0b11` is not a decimal number; write numbers like 8630000 or 12.5", 4),
        ("0o17", "`0o17` is not a decimal number; write numbers like 8630000 or 12.5", 0),
    ],
)
def test_misplaced_underscores_and_other_bases_are_refused(formula: str, message: str, offset: int) -> None:
    """Underscores go between digits; hexadecimal, octal and binary numbers are not a brief's numbers."""
    with pytest.raises(FormulaError) as info:
        parse_formula(formula)
    assert (info.value.message, info.value.offset) == (message, offset)


# 9. Locale tags: POSIX spellings become BCP 47.


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en_GB", "en-GB"),
        ("en-gb", "en-GB"),
        ("EN_gb", "en-GB"),
        ("de_AT", "de-AT"),
        ("zh_Hant_TW", "zh-Hant-TW"),
        ("sr_Latn_RS", "sr-Latn-RS"),
        ("fr", "fr"),
    ],
)
def test_locale_tags_become_bcp_47(tag: str, expected: str) -> None:
    """en_GB, en-gb and EN_gb are all en-GB; scripts keep their title case."""
    assert bcp47(tag) == expected


def test_a_posix_locale_formats_like_its_bcp_47_twin(workdir: Path) -> None:
    """`locale: en_GB` prints every figure as `locale: en-GB` does."""
    figures = "  cost: {label: Cost, value: 10500000, unit: GBP, source: ons}\n"
    assert printed(workdir, brief(figures, "en_GB")) == printed(workdir, brief(figures, "en-GB"))
    assert printed(workdir, brief(figures, "en_GB"))["cost"] == "£10.5m"


# 10. NaN and infinity never print as "nan" or "inf".


@pytest.mark.parametrize("value", ["NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "1E+61"])
def test_the_formatter_refuses_what_is_not_a_finite_number(value: str) -> None:
    """A value that is not a finite number of sane size is a clear ValueError, in figures and on chart axes."""
    message = f"only finite numbers of sane size can be formatted, not {Decimal(value)}"
    with pytest.raises(ValueError) as info:
        format_value(Decimal(value))
    assert str(info.value) == message
    with pytest.raises(ValueError) as info:
        format_axis([Decimal(1), Decimal(value)])
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", "0"), ("-0", "0"), ("-1E-60", "0"), ("1E+60", "1" + ",000" * 20), ("-1E+60", "-1" + ",000" * 20)],
)
def test_the_edges_of_the_formatters_range_print_digits(value: str, expected: str) -> None:
    """Zero of either sign, a tiny and the largest sane number print as digits, never `-0` or `1E+60`."""
    assert format_value(Decimal(value), scale="none") == expected
