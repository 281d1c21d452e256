"""Tests for locale-aware figure formatting."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.brief.formatting import SCALES, format_date, format_period, format_value, is_currency, parse_locale
from helpers import examples

GROWTH = (Decimal(2040000) - Decimal(1810000)) / Decimal(1810000) * 100
NBSP = "\xa0"

# value, unit, scale, decimals, written_decimals, expected (en-GB)
EN_GB = [
    (Decimal(10500000), "GBP", "auto", None, 0, "£10.5m"),
    (Decimal(8630000), "people", "auto", None, 0, "8.63m people"),
    (Decimal("12.5"), "percent", "auto", None, 1, "12.5%"),
    (Decimal(2000), "count", "auto", None, 0, "2,000"),
    (Decimal(150000), "visits", "auto", None, 0, "150,000 visits"),
    (Decimal(1200000), "GBP", "auto", None, 0, "£1.2m"),
    (Decimal(8), "GBP", "auto", 2, None, "£8.00"),
    (GROWTH, "percent", "auto", None, None, "12.71%"),
    (Decimal(398500), "GBP", "none", None, 0, "£398,500"),
    (Decimal(350000), "GBP", "none", None, 0, "£350,000"),
    (Decimal(350000), "GBP", "thousand", None, 0, "£350k"),
    (Decimal(2040000), "visits", "auto", None, 0, "2.04m visits"),
    (Decimal("14.3833"), "times", "auto", 1, None, "14.4 times"),
    (Decimal("31.0"), "µg/m³", "auto", None, 1, "31.0 µg/m³"),
    (Decimal(1234567890), "count", "auto", None, 0, "1.23bn"),
    (Decimal(999999999), "count", "auto", None, 0, "1bn"),
    (Decimal(130400000), "count", "auto", None, 0, "130m"),
    (Decimal(10000000), "count", "auto", None, 0, "10m"),
    (Decimal("12.5"), "GBP", "auto", None, 1, "£12.50"),
    (Decimal("1.925"), "count", "auto", None, None, "1.93"),
    (Decimal(-10500000), "GBP", "auto", None, 0, "-£10.5m"),
    # further rules of the format page
    (Decimal(30000000), "GBP", "auto", None, 0, "£30m"),
    (Decimal(-2000), "count", "auto", None, 0, "-2,000"),
    (Decimal(0), "count", "auto", None, None, "0"),
    (Decimal("-0.001"), "count", "auto", None, None, "0"),
    (Decimal("61.5"), "percent", "auto", None, 1, "61.5%"),
    (Decimal(39), "percent", "auto", None, 0, "39%"),
    (Decimal("12.345"), "count", "auto", None, 3, "12.35"),
    (Decimal("8.5"), "count", "auto", None, None, "8.5"),
    (Decimal("12.70"), "ratio", "auto", None, None, "12.7"),
    (Decimal(8), "GBP", "auto", None, None, "£8"),
    (Decimal("7.5"), "GBP", "auto", None, None, "£7.50"),
    (Decimal(10500000), "USD", "auto", None, 0, "US$10.5m"),
    (Decimal(10500000), "GBP", "auto", 2, 0, "£10.50m"),
    (Decimal(350000), "GBP", "million", None, 0, "£0.35m"),
    (Decimal(2500000000), "count", "million", None, 0, "2,500m"),
    (Decimal(999999999), "count", "million", None, 0, "1,000m"),
    (Decimal(250000000), "count", "billion", None, 0, "0.25bn"),
    (Decimal(12345678), "count", "none", None, 0, "12,345,678"),
    (Decimal(999999), "count", "auto", None, 0, "999,999"),
    (Decimal(1000000), "count", "auto", None, 0, "1m"),
    (Decimal(9996000), "count", "auto", None, 0, "10m"),
    (Decimal(99960000), "count", "auto", None, 0, "100m"),
    (Decimal("-1.005"), "count", "auto", None, None, "-1.01"),
    (Decimal("2.5"), "count", "auto", 0, None, "3"),
    (Decimal("-2.5"), "count", "auto", 0, None, "-3"),
    (Decimal("1.1"), "count", "auto", 3, 1, "1.100"),
]


@pytest.mark.parametrize(("value", "unit", "scale", "decimals", "written", "expected"), EN_GB)
def test_en_gb(value: Decimal, unit: str, scale: str, decimals: int | None, written: int | None, expected: str) -> None:
    """en-GB prints each figure exactly as the format page says."""
    got = format_value(value, unit=unit, scale=scale, decimals=decimals, written_decimals=written, locale="en-GB")
    assert got == expected


def test_currency_code_that_is_letters_gets_a_space() -> None:
    """A currency symbol made of letters is spaced from the digits, as CLDR does."""
    assert format_value(Decimal("12.5"), unit="CHF", written_decimals=1) == f"CHF{NBSP}12.50"


def test_german_structure() -> None:
    """German groups with dots, uses a decimal comma and its own short forms after the number."""
    assert format_value(Decimal(2000), locale="de") == "2.000"
    assert format_value(Decimal("12.5"), unit="percent", written_decimals=1, locale="de") == f"12,5{NBSP}%"
    assert format_value(Decimal(10500000), unit="EUR", locale="de") == f"10,5{NBSP}Mio.{NBSP}€"
    assert format_value(Decimal(1234567890), locale="de") == f"1,23{NBSP}Mrd."
    assert format_value(Decimal(-10500000), unit="EUR", locale="de") == f"-10,5{NBSP}Mio.{NBSP}€"
    assert format_value(Decimal(8630000), unit="people", locale="de") == f"8,63{NBSP}Mio. people"


def test_german_without_a_thousand_form_prints_in_full() -> None:
    """CLDR has no German short form for thousands, so the full number is printed."""
    assert format_value(Decimal(350000), unit="EUR", scale="thousand", locale="de") == f"350.000{NBSP}€"


def test_french_structure() -> None:
    """French groups with a narrow space and puts the currency after the short form."""
    assert format_value(Decimal(2000), locale="fr") == "2\u202f000"
    assert format_value(Decimal(10500000), unit="EUR", locale="fr") == f"10,5{NBSP}M{NBSP}€"
    assert format_value(Decimal(350000), unit="EUR", scale="thousand", locale="fr-CA") == f"350{NBSP}k{NBSP}€"


def test_japanese_uses_ten_thousands() -> None:
    """Japanese short forms count in 万 (10^4) and 億 (10^8)."""
    assert format_value(Decimal(1050000), locale="ja") == "105万"
    assert format_value(Decimal(999999999), locale="ja") == "10億"


def test_parse_locale() -> None:
    """BCP 47 tags parse, are cached, and unknown ones give a short message."""
    assert parse_locale("en-GB").territory == "GB"
    assert parse_locale("fr-CA") is parse_locale("fr-CA")
    with pytest.raises(ValueError) as info:
        parse_locale("xx-YY")
    assert str(info.value) == "unknown locale 'xx-YY'"
    with pytest.raises(ValueError) as info:
        format_value(Decimal(1), locale="not a locale")
    assert str(info.value) == "unknown locale 'not a locale'"


def test_is_currency() -> None:
    """Only upper-case ISO codes Babel knows are currencies."""
    assert is_currency("GBP") and is_currency("EUR") and is_currency("USD")
    assert not any(is_currency(u) for u in ("gbp", "people", "count", "percent", "ABC", "GB", "GBPS"))


def test_unknown_scale() -> None:
    """An unknown scale is a ValueError."""
    with pytest.raises(ValueError) as info:
        format_value(Decimal(1), scale="lots")
    assert str(info.value) == "unknown scale 'lots'"


def test_dates_and_periods() -> None:
    """Dates print long; periods print by their kind, with month names per locale."""
    assert format_date(dt.date(2025, 2, 14)) == "14 February 2025"
    assert format_date(dt.date(2025, 2, 14), "de") == "14. Februar 2025"
    assert format_period("2019") == "2019"
    assert format_period("2019-04") == "April 2019"
    assert format_period("2019-04-30") == "30 April 2019"
    assert format_period("2015/16") == "2015/16"
    assert format_period("2019-04", "fr") == "avril 2019"
    for bad in ("2019-13", "2019-02-30", "April", "19"):
        with pytest.raises(ValueError) as info:
            format_period(bad)
        assert str(info.value) == f"'{bad}' is not a period; write 2019, 2019-04, 2019-04-30 or 2015/16"


def _parse_en(text: str) -> Decimal:
    """Read back an en-GB count: digits with commas, maybe m or bn."""
    match = re.fullmatch(r"(-?)([0-9,]+(?:\.[0-9]+)?)(m|bn|k)?", text)
    assert match, text
    number = Decimal(match[2].replace(",", ""))
    number = number.scaleb({"m": 6, "bn": 9, "k": 3, None: 0}[match[3]])
    return -number if match[1] else number


finite = st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, allow_infinity=False)
wide = finite | st.builds(lambda m, e: Decimal(m).scaleb(e), st.integers(-(10**9), 10**9), st.integers(-40, 40))
units = st.sampled_from(["count", "ratio", "percent", "GBP", "USD", "EUR", "CHF", "JPY", "people", "µg/m³"])
locales = st.sampled_from(["en-GB", "en-US", "en-IN", "de", "de-CH", "fr", "fr-CA", "ja", "hi", "ar", "es", "nl", "sv"])
places = st.none() | st.integers(min_value=0, max_value=6)


@settings(max_examples=examples(400))
@given(wide, units, st.sampled_from(SCALES), places, places, locales)
def test_never_raises(
    value: Decimal, unit: str, scale: str, decimals: int | None, written: int | None, loc: str
) -> None:
    """Formatting any finite number with any options gives text."""
    text = format_value(value, unit=unit, scale=scale, decimals=decimals, written_decimals=written, locale=loc)
    assert text and "E" not in text.replace("EUR", "")


@settings(max_examples=examples(400))
@given(wide, st.sampled_from(SCALES), places)
def test_count_reads_back(value: Decimal, scale: str, written: int | None) -> None:
    """An en-GB count reads back to within its rounding."""
    text = format_value(value, scale=scale, written_decimals=written)
    back = _parse_en(text)
    slack = max(abs(value) * Decimal("0.005"), Decimal("0.5"))
    assert abs(back - value) <= slack, (value, text)


@settings(max_examples=examples(200))
@given(finite, st.integers(min_value=0, max_value=6))
def test_decimals_are_exact(value: Decimal, decimals: int) -> None:
    """With decimals given, exactly that many digits follow the point."""
    text = format_value(value, scale="none", decimals=decimals)
    assert len(text.partition(".")[2]) == decimals
