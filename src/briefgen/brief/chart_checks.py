"""Checks of a chart that go beyond the schema: the periods one time axis can hold."""

from __future__ import annotations

from typing import Any

from briefgen.brief.model import Draft
from briefgen.brief.structure import Report
from briefgen.brief.timeaxis import mixes_years, period_kind


def check_chart_periods(index: int, chart: Any, brief: Draft, report: Report) -> None:
    """A line chart's series are all over financial years or all over calendar periods."""
    words = {True: "financial years", False: "calendar periods"}
    first: dict[bool, tuple[str, str]] = {}  # financial or not -> (figure id, its first period)
    for j, fid in enumerate(chart.figures or []):  # a salvaged chart may have lost its figures
        figure = brief.figures.get(fid)
        if figure is None or figure.series is None:
            continue
        periods = [str(p) for p in figure.series]
        mixed = mixes_years(periods)
        financial = period_kind(periods[0]) == "financial_year"
        other = first.get(not financial)
        first.setdefault(financial, (str(fid), periods[0]))
        if mixed is not None:
            problem = f"figure '{fid}' mixes financial years ({mixed[0]}) and calendar periods ({mixed[1]})"
        elif other is not None:
            problem = (
                f"figure '{fid}' is over {words[financial]} ({periods[0]}) but figure '{other[0]}' "
                f"is over {words[not financial]} ({other[1]})"
            )
        else:
            continue
        report.value_at(
            fid, ("charts", index, "figures", j), f"{problem}; a line chart cannot mix financial and calendar years"
        )
        return
