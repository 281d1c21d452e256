"""Printed numbers in the ways `make mutate` found untested: currency spacing, chart axes, short forms in
more locales, numbers that cannot be printed and locale tags."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from briefgen.brief.formatting import bcp47, format_axis, format_value

NBSP = "\xa0"

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
