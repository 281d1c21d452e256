"""Periods on a real time axis: their kind, their place in time and their short labels."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable

from babel.dates import format_skeleton

from briefgen.brief.formatting import parse_locale

_FINANCIAL_YEAR = re.compile(r"([0-9]{4})/[0-9]{2}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_FINANCIAL_START_MONTH = 4  # a UK financial year runs from 1 April to 31 March
_SKELETONS = {"month": "yMMM", "day": "yMMMd"}


def period_kind(period: str) -> str:
    """Tell a period's kind: year, financial_year, month or day."""
    if _FINANCIAL_YEAR.fullmatch(period):
        return "financial_year"
    if _DAY.fullmatch(period):
        return "day"
    return "month" if _MONTH.fullmatch(period) else "year"


def _year_length(year: int) -> int:
    """Days in a year of the proleptic Gregorian calendar."""
    return 366 if calendar.isleap(year) else 365


def _days_before(year: int, month: int) -> int:
    """Days of a year before the first of a month."""
    return (dt.date(year, month, 1) - dt.date(year, 1, 1)).days


def position(period: str) -> float:
    """The middle of a period in fractional years: 2019 is 2019.5, 2015/16 sits in October 2015."""
    year = int(period[:4])
    kind = period_kind(period)
    if kind == "year":
        return year + 0.5
    if kind == "financial_year":
        middle = _days_before(year, _FINANCIAL_START_MONTH) + _year_length(year + 1) / 2  # 1 April to 31 March
        return year + middle / _year_length(year)
    month = int(period[5:7])
    if kind == "month":
        length = calendar.monthrange(year, month)[1]
        return year + (_days_before(year, month) + length / 2) / _year_length(year)
    return year + (_days_before(year, month) + int(period[8:10]) - 0.5) / _year_length(year)


def chronological(periods: Iterable[str]) -> list[str]:
    """Distinct periods in time order (ties, such as 2019 and 2019-07-02, in text order)."""
    return sorted(set(periods), key=lambda p: (position(p), p))


def period_label(period: str, locale: str) -> str:
    """A short axis label: 2019, 2015/16, Oct 2021 or 3 Oct 2021 in the brief's locale."""

    kind = period_kind(period)
    if kind not in _SKELETONS:
        return period
    day = int(period[8:10]) if kind == "day" else 1
    try:
        date = dt.date(int(period[:4]), int(period[5:7]), day)
    except ValueError:
        return period
    return format_skeleton(_SKELETONS[kind], date, locale=parse_locale(locale))


def mixes_years(periods: Iterable[str]) -> tuple[str, str] | None:
    """A financial year and a calendar period found together, or None when the periods agree."""
    financial = calendar_period = None
    for period in periods:
        if period_kind(period) == "financial_year":
            financial = financial or period
        else:
            calendar_period = calendar_period or period
    return (financial, calendar_period) if financial and calendar_period else None
