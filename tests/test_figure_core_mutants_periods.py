"""Periods of series and of a chart's time axis in the ways `make mutate` found untested: real periods, the
latest period of a series, positions, order and labels on a time axis."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.brief.timeaxis import chronological, mixes_years, period_kind, period_label, position
from figurebriefs import figure_rows, problems


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
