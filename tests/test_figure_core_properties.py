"""Issue 17: property tests of the figure core.

Printed figures read back, with Babel's own locale data, to the value rounded as the format says, in
every locale Babel knows; checks agree with their definition at, just above and just below the boundary.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from babel import Locale
from babel.localedata import locale_identifiers
from babel.numbers import get_currency_symbol, get_decimal_symbol, get_minus_sign_symbol, parse_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.brief.formatting import format_value
from briefgen.brief.formula import parse_check
from helpers import examples

LOCALES = sorted(locale_identifiers())
ENGLISH = [tag for tag in LOCALES if tag == "en" or tag.startswith("en_")]
BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))  # direction marks around signs in RTL locales
ENGLISH_SUFFIX = {"k": 3, "m": 6, "bn": 9}
CURRENCIES = ["EUR", "USD", "GBP", "JPY", "CHF", "INR"]


def _unquote(affix: str) -> str:
    """A CLDR pattern affix as printed: 'x' is x, '' is an apostrophe."""
    return re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", affix)


def _compact_affixes(tag: str, currency: bool) -> list[tuple[str, str, int]]:
    """Babel's short compact forms of a locale: (prefix, suffix, power of ten), longest affixes first."""
    loc = Locale.parse(tag)
    forms = set()
    for table in (
        (loc.compact_currency_formats, loc.compact_decimal_formats) if currency else (loc.compact_decimal_formats,)
    ):
        for by_size in table.get("short", {}).values():
            for size, pattern in by_size.items():
                power = len(size) - 1 - (pattern.int_prec[0] - 1)
                prefix, suffix = (_unquote(affix[0]).translate(BIDI) for affix in (pattern.prefix, pattern.suffix))
                forms.add((prefix, suffix, power))
    return sorted(forms, key=lambda f: -len(f[0] + f[1]))


def read_back(text: str, tag: str, unit: str = "count", scaled: bool = False) -> tuple[Decimal, int]:
    """Read a printed figure with Babel's data: its value and the power of ten of its last printed digit."""
    text = text.translate(BIDI)
    minus = get_minus_sign_symbol(tag).translate(BIDI)
    negative = text.startswith(minus)
    text = text.removeprefix(minus) if negative else text
    if unit == "percent":
        text = text.replace("%", "")
    elif unit in CURRENCIES:
        text = text.replace(get_currency_symbol(unit, tag), "¤")
    elif unit != "count":
        text = text.removesuffix(" " + unit)
    power = 0
    if scaled and tag in ENGLISH:
        match = re.fullmatch(r"(.*?)(k|m|bn)", text.replace("¤", "").strip())
        text, power = (match[1], ENGLISH_SUFFIX[match[2]]) if match else (text, 0)
    elif scaled:
        for prefix, suffix, exp in _compact_affixes(tag, unit in CURRENCIES):
            bare = (prefix + "0" + suffix).replace("¤", "").strip().split("0")
            core = text.replace("¤", "").strip()
            if (bare[0] or bare[1]) and core.startswith(bare[0].strip()) and core.endswith(bare[1].strip()):
                text, power = core[len(bare[0].strip()) : len(core) - len(bare[1].strip())], exp
                break
    digits = text.replace("¤", "").strip()
    strict = "'" not in digits  # Babel re-formats without grouping where the group is an apostrophe (de-CH)
    number = parse_decimal(digits, locale=tag, strict=strict)
    places = len(digits.partition(get_decimal_symbol(tag))[2])
    return (-number if negative else number).scaleb(power), power - places


def half_up(value: Decimal, exponent: int) -> Decimal:
    """Round to a multiple of 10**exponent, halves away from zero (an oracle independent of the formatter)."""
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False)
locales = st.sampled_from(LOCALES)
places = st.none() | st.integers(min_value=0, max_value=4)


# Every locale, deterministically: a handful of values in each unit.

VALUES = [Decimal("-1234567.125"), Decimal("98765.4321")]  # grouping of 7 and 5 digits; a tie away from zero


def test_every_babel_locale_reads_back_in_every_unit() -> None:
    """In all of Babel's locales (over a thousand), counts, percentages and currencies read back rounded."""
    wrong = []
    for tag in LOCALES:
        for value in VALUES:
            for unit, exponent in (("count", -2), ("percent", -2), ("EUR", -2)):
                text = format_value(value, unit=unit, scale="none", decimals=-exponent, locale=tag)
                back, last = read_back(text, tag, unit)
                if (back, last) != (half_up(value, exponent), exponent):
                    wrong.append((tag, unit, str(value), text, str(back)))
    assert wrong == []


def test_every_babel_locale_reads_back_its_millions() -> None:
    """In all of Babel's locales, 12.3 million reads back as itself from the locale's short form, or in full."""
    wrong = []
    for tag in LOCALES:
        for unit in ("count", "EUR"):
            text = format_value(Decimal(12300000), unit=unit, locale=tag)
            back, _ = read_back(text, tag, unit, scaled=True)
            if back != 12300000:
                wrong.append((tag, unit, text, str(back)))
    assert wrong == []


# Hypothesis: any value, any locale.


@settings(max_examples=examples(300))
@given(amounts, locales, places)
def test_a_count_reads_back_as_its_rounded_value(value: Decimal, tag: str, decimals: int | None) -> None:
    """Unscaled, a count prints `decimals` places (else at most two), rounded half away from zero."""
    text = format_value(value, scale="none", decimals=decimals, locale=tag)
    back, last = read_back(text, tag)
    assert back == half_up(value, -(2 if decimals is None else decimals)), text
    if decimals is not None:
        assert last == -decimals, text


@settings(max_examples=examples(200))
@given(amounts, locales, st.integers(min_value=0, max_value=3))
def test_a_percentage_reads_back_as_its_rounded_value(value: Decimal, tag: str, written: int) -> None:
    """A percentage keeps the decimals it was written with (at most two)."""
    text = format_value(value, unit="percent", scale="none", written_decimals=written, locale=tag)
    back, last = read_back(text, tag, "percent")
    assert (back, last) == (half_up(value, -min(written, 2)), -min(written, 2)), text


@settings(max_examples=examples(200))
@given(amounts, locales, st.sampled_from(CURRENCIES))
def test_a_sum_of_money_reads_back_whole_or_to_the_cent(value: Decimal, tag: str, code: str) -> None:
    """Unscaled money prints whole when it is whole, else with two decimals."""
    text = format_value(value, unit=code, scale="none", locale=tag)
    back, last = read_back(text, tag, code)
    exponent = 0 if value == value.to_integral_value() else -2
    assert (back, last) == (half_up(value, exponent), exponent), text


sizes = st.builds(lambda m, e: Decimal(m).scaleb(e), st.integers(-999_999, 999_999), st.integers(0, 9))


@settings(max_examples=examples(300))
@given(
    sizes,
    locales,
    st.sampled_from(["count", "people", *CURRENCIES]),
    st.sampled_from(["auto", "thousand", "million", "billion"]),
)
def test_a_scaled_figure_reads_back_as_its_rounded_value(value: Decimal, tag: str, unit: str, scale: str) -> None:
    """A short form (k/m/bn in English, CLDR's elsewhere) reads back to the value rounded at its last digit."""
    text = format_value(value, unit=unit, scale=scale, locale=tag)
    back, last = read_back(text, tag, unit, scaled=True)
    assert back == half_up(value, last), text


@settings(max_examples=examples(200))
@given(sizes, st.sampled_from(ENGLISH))
def test_english_scaled_figures_keep_three_significant_digits(value: Decimal, tag: str) -> None:
    """In English, `auto` prints millions and billions with k/m/bn and at most three significant digits."""
    text = format_value(value, locale=tag)
    back, last = read_back(text, tag, scaled=True)
    assert back == half_up(value, last), text
    if abs(value) >= 10**6:
        assert text[-1] in "mn", text
        digits = text.translate(str.maketrans("", "", "-−,.\u00a0 'mbn"))
        assert len(digits.strip("0") or "0") <= 3 or abs(back) >= 10**12, text


# Checks against their definition, at, just above and just below the boundary.

DEFINITION: dict[str, Callable[[Fraction, Fraction], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "~": lambda v, t: abs(v - t) <= abs(t) / 100,
}
targets = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=6, allow_nan=False)
steps = st.sampled_from(
    [Decimal(0), Decimal("1e-15"), Decimal("-1e-15"), Decimal("1e-6"), Decimal("-1e-6"), Decimal(1)]
)


@settings(max_examples=examples(500))
@given(st.sampled_from(sorted(DEFINITION)), targets, steps, st.booleans())
def test_a_check_agrees_with_its_definition_near_its_boundary(
    op: str, target: Decimal, step: Decimal, edge: bool
) -> None:
    """`op t` holds for v exactly when the operator's definition says so, in exact arithmetic.

    For `~` the boundary is t ± 1 %; elsewhere it is t. Values sit on it, or just above or below.
    """
    boundary = target + abs(target) / 100 if op == "~" and edge else target
    value = boundary + step
    check = parse_check(f"{op} {target}")
    assert check.holds(value) is DEFINITION[op](Fraction(value), Fraction(target))


@pytest.mark.parametrize("op", sorted(DEFINITION))
def test_every_operator_on_its_boundary(op: str) -> None:
    """At the boundary itself: <, > and != fail, the others hold (~ at exactly 1 % too)."""
    holds = {"<": False, "<=": True, ">": False, ">=": True, "==": True, "!=": False, "~": True}[op]
    assert parse_check(f"{op} 14").holds(Decimal(14)) is holds
    assert parse_check(f"{op} -2.5").holds(Decimal("-2.5")) is holds
    if op == "~":
        assert parse_check("~ 14").holds(Decimal("14.14")) and parse_check("~ -2.5").holds(Decimal("-2.525"))
