"""Locale-aware formatting of figures, dates and periods, with Babel."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.dates import format_skeleton
from babel.numbers import (
    NumberPattern,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
)
from babel.numbers import is_currency as _babel_is_currency

from briefgen.errors import shown

SCALES = ("auto", "none", "thousand", "million", "billion")
MAX_DECIMALS = 20
_MAX_EXPONENT = 60  # a guard: the brief's checks keep numbers far below 10**15
_TIER_EXP = {"thousand": 3, "million": 6, "billion": 9}
_ENGLISH_AFFIX = {"thousand": "k", "million": "m", "billion": "bn"}
_MILLION = Decimal(10) ** 6
_BILLION = Decimal(10) ** 9
_SIGNIFICANT = 3
_MAX_WRITTEN = 2
_CURRENCY_SIGN = "¤"
_CURRENCY_GAP = "\xa0"
_QUOTED = re.compile(r"'([^']*)'")
_YEAR = re.compile(r"[0-9]{4}")
_FINANCIAL_YEAR = re.compile(r"[0-9]{4}/[0-9]{2}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# Exact enough for any rounding we do: only quantize, scaleb and normalize run in it.
_EXACT = Context(prec=MAX_PREC, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN)


@dataclass(frozen=True)
class _Symbols:
    """Number symbols and affixes of one locale, read from Babel once."""

    english: bool
    decimal: str
    group: str
    minus: str
    grouping: tuple[int, int]
    percent: tuple[str, str]
    currency: tuple[str, str]


@dataclass(frozen=True)
class _Short:
    """A short form: divide by 10**exp, then wrap in prefix and suffix (which may hold ¤)."""

    exp: int
    prefix: str
    suffix: str
    has_currency: bool


def bcp47(tag: str) -> str:
    """The BCP 47 form of a locale Babel knows: en_GB and en-gb become en-GB; ValueError if unknown."""
    loc = parse_locale(tag)
    return "-".join(part for part in (loc.language, loc.script, loc.territory, loc.variant) if part)


@lru_cache(maxsize=128)
def parse_locale(tag: str) -> Locale:
    """Return Babel's Locale for a BCP 47 tag like en-GB; ValueError if unknown."""
    try:
        return Locale.parse(tag.replace("_", "-"), sep="-")
    except (ValueError, TypeError, AttributeError, UnknownLocaleError):
        raise ValueError(f"unknown locale '{shown(tag)}'") from None


@lru_cache(maxsize=512)
def is_currency(unit: str) -> bool:
    """Tell whether a unit is a three-letter upper-case ISO currency code Babel knows."""
    return len(unit) == 3 and unit.isascii() and unit.isalpha() and unit.isupper() and _babel_is_currency(unit)


def _unquote(affix: str) -> str:
    """Remove CLDR pattern quoting: 'x' is literal x and '' is an apostrophe."""
    return _QUOTED.sub(lambda m: m.group(1) or "'", affix)


def _affixes(pattern: NumberPattern) -> tuple[str, str]:
    """Return the positive prefix and suffix of a number pattern, unquoted."""
    return _unquote(pattern.prefix[0]), _unquote(pattern.suffix[0])


@lru_cache(maxsize=128)
def _symbols(tag: str) -> _Symbols:
    """Read and cache the symbols and standard affixes of a locale."""
    loc = parse_locale(tag)
    return _Symbols(
        english=loc.language == "en",
        decimal=get_decimal_symbol(loc),
        group=get_group_symbol(loc),
        minus=get_minus_sign_symbol(loc),
        grouping=loc.decimal_formats[None].grouping,
        percent=_affixes(loc.percent_formats[None]),
        currency=_affixes(loc.currency_formats["standard"]),
    )


def _compact(loc: Locale, table: str, exp: int) -> _Short | None:
    """Read the locale's short compact pattern for 10**exp (plural other); None if it has none."""
    try:
        pattern = getattr(loc, table)["short"]["other"][str(10**exp)]
    except (KeyError, AttributeError):
        return None
    prefix, suffix = _affixes(pattern)
    if not (prefix + suffix).replace(_CURRENCY_SIGN, "").strip():
        return None
    digits = pattern.int_prec[0]
    return _Short(exp - (digits - 1), prefix, suffix, _CURRENCY_SIGN in prefix + suffix)


@lru_cache(maxsize=512)
def _short_form(tag: str, tier: str, currency: bool) -> _Short | None:
    """Return the short form of a tier in a locale: k/m/bn in English, CLDR's elsewhere."""
    exp = _TIER_EXP[tier]
    if _symbols(tag).english:
        return _Short(exp, "", _ENGLISH_AFFIX[tier], False)
    loc = parse_locale(tag)
    if currency:
        short = _compact(loc, "compact_currency_formats", exp)
        if short is not None and short.has_currency:
            return short
    short = _compact(loc, "compact_decimal_formats", exp)
    return short if short is None or not short.has_currency else None


@lru_cache(maxsize=64)
def _quantum(places: int) -> Decimal:
    """Return 10**-places as a Decimal, for quantize."""
    return Decimal((0, (1,), -places))


def _quantize(value: Decimal, places: int) -> Decimal:
    """Round to a number of places after the point, half away from zero."""
    return value.quantize(_quantum(places), context=_EXACT)


def _trim(value: Decimal) -> Decimal:
    """Drop trailing zeros after the point, keeping whole numbers whole."""
    if value == value.to_integral_value(context=_EXACT):
        return value.quantize(_quantum(0), context=_EXACT)
    return value.normalize(_EXACT)


def _round_scaled(scaled: Decimal, decimals: int | None) -> Decimal:
    """Round a scaled number: exact decimals, or at most three significant digits."""
    if decimals is not None:
        return _quantize(scaled, decimals)
    return _trim(_quantize(scaled, max(0, _SIGNIFICANT - 1 - scaled.adjusted())))


def _round_plain(value: Decimal, currency: bool, decimals: int | None, written: int | None) -> Decimal:
    """Round an unscaled number by the decimals rules of the format."""
    if decimals is not None:
        return _quantize(value, decimals)
    if currency:
        return _quantize(value, 0 if value == value.to_integral_value(context=_EXACT) else 2)
    if written is not None:
        return _quantize(value, min(max(written, 0), _MAX_WRITTEN))
    return _trim(_quantize(value, _MAX_WRITTEN))


def _tier(value: Decimal, scale: str) -> str | None:
    """Pick the scale tier for a value: None for unscaled; zero is never scaled."""
    if scale == "none" or not value:
        return None
    if scale != "auto":
        return scale
    size = value.copy_abs()
    return "billion" if size >= _BILLION else "million" if size >= _MILLION else None


def _rounded(
    value: Decimal, scale: str, tag: str, currency: bool, decimals: int | None, written: int | None
) -> tuple[Decimal, _Short | None]:
    """Scale and round a value; under auto, millions that round to 1000m become billions."""
    tier = _tier(value, scale)
    short = _short_form(tag, tier, currency) if tier else None
    if short is None:
        return _round_plain(value, currency, decimals, written), None
    rounded = _round_scaled(value.scaleb(-short.exp, _EXACT), decimals)
    if scale == "auto" and tier == "million" and rounded.copy_abs().scaleb(short.exp, _EXACT) >= _BILLION:
        return _rounded(value, "billion", tag, currency, decimals, written)
    return rounded, short


def _group(whole: str, symbol: str, grouping: tuple[int, int]) -> str:
    """Insert group separators into a string of digits, Babel's way."""
    size, parts = grouping[0], []
    while len(whole) > size:
        parts.append(whole[-size:])
        whole, size = whole[:-size], grouping[1]
    return symbol.join([whole, *reversed(parts)])


def _digits(number: Decimal, sym: _Symbols) -> str:
    """Write a non-negative rounded number with the locale's separators."""
    whole, _, frac = format(number, "f").partition(".")
    grouped = _group(whole, sym.group, sym.grouping)
    return f"{grouped}{sym.decimal}{frac}" if frac else grouped


def _is_symbolic(char: str) -> bool:
    """Tell whether a character is a symbol or space (no currency spacing needed beside it)."""
    return unicodedata.category(char)[0] in "SZ"


def _place_currency(text: str, symbol: str) -> str:
    """Put the currency symbol in place of ¤, with CLDR currency spacing before digits."""
    at = text.find(_CURRENCY_SIGN)
    if at < 0 or not symbol:
        return text
    after, before = text[at + 1 : at + 2], text[at - 1 : at] if at else ""
    if after.isdigit() and not _is_symbolic(symbol[-1]):
        symbol += _CURRENCY_GAP
    if before.isdigit() and not _is_symbolic(symbol[0]):
        symbol = _CURRENCY_GAP + symbol
    return text[:at] + symbol + text[at + 1 :]


@lru_cache(maxsize=512)
def _currency_symbol(code: str, tag: str) -> str:
    """Return the locale's symbol for a currency code."""
    return get_currency_symbol(code, locale=parse_locale(tag))


def _with_unit(number: str, short: _Short | None, unit: str, currency: bool, tag: str) -> str:
    """Wrap the digits in the short-form affix and the unit, per the locale."""
    sym = _symbols(tag)
    text = f"{short.prefix}{number}{short.suffix}" if short else number
    if currency:
        if not (short and short.has_currency):
            text = f"{sym.currency[0]}{text}{sym.currency[1]}"
        return _place_currency(text, _currency_symbol(unit, tag))
    if unit == "percent":
        return f"{sym.percent[0]}{text}{sym.percent[1]}"
    if unit in ("count", "ratio"):
        return text
    return f"{text} {unit}"


def _check_sane(value: Decimal) -> None:
    """Refuse NaN, infinities and absurd sizes, which no figure can hold, before any rounding."""
    if not value.is_finite() or (value and value.adjusted() > _MAX_EXPONENT):
        raise ValueError(f"only finite numbers of sane size can be formatted, not {shown(value)}")


def format_value(
    value: Decimal,
    *,
    unit: str = "count",
    scale: str = "auto",
    decimals: int | None = None,
    written_decimals: int | None = None,
    locale: str = "en-GB",
) -> str:
    """Format a figure's value by the brief format's unit, scale and decimals rules."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale '{scale}'")
    _check_sane(value)
    sym = _symbols(locale)
    if decimals is not None:
        decimals = min(max(decimals, 0), MAX_DECIMALS)
    currency = is_currency(unit)
    rounded, short = _rounded(value, scale, locale, currency, decimals, written_decimals)
    negative = rounded < 0
    text = _with_unit(_digits(rounded.copy_abs(), sym), short, unit, currency, locale)
    return sym.minus + text if negative else text


def format_axis(values: list[Decimal], *, unit: str = "count", scale: str = "auto", locale: str = "en-GB") -> list[str]:
    """Format a chart axis's tick values alike: one scale and one number of decimals for all."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale '{scale}'")
    for value in values:
        _check_sane(value)
    currency, sym = is_currency(unit), _symbols(locale)
    tier = _tier(max((v.copy_abs() for v in values), default=Decimal(0)), scale)
    short = _short_form(locale, tier, currency) if tier else None
    scaled = [v.scaleb(-short.exp, _EXACT) if short else v for v in values]
    places = next((d for d in range(MAX_DECIMALS) if all(_quantize(v, d) == v for v in scaled)), MAX_DECIMALS)
    texts = []
    for value in (_quantize(v, places) for v in scaled):
        text = _with_unit(_digits(value.copy_abs(), sym), short, unit, currency, locale)
        texts.append(sym.minus + text if value < 0 else text)
    return texts


def format_date(d: dt.date, locale: str = "en-GB") -> str:
    """Format a date in the locale's long style, e.g. 14 February 2025."""
    return _babel_format_date(d, format="long", locale=parse_locale(locale))


@lru_cache(maxsize=1024)
def format_period(period: str, locale: str = "en-GB") -> str:
    """Format a period: a year or financial year as is, a month or day with its month name."""
    loc = parse_locale(locale)
    if _YEAR.fullmatch(period) or _FINANCIAL_YEAR.fullmatch(period):
        return period
    try:
        if month := _MONTH.fullmatch(period):
            return format_skeleton("yMMMM", dt.date(int(month[1]), int(month[2]), 1), locale=loc)
        if day := _DAY.fullmatch(period):
            return format_date(dt.date(int(day[1]), int(day[2]), int(day[3])), locale)
    except ValueError:
        pass
    raise ValueError(f"'{shown(period)}' is not a period; write 2019, 2019-04, 2019-04-30 or 2015/16")
