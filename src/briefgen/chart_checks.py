"""Checks of a chart that go beyond the schema: periods a time axis can hold, values a chart can draw."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from .figures import Figures
from .model import Brief
from .schema import Report
from .timeaxis import mixes_years, period_kind

LARGEST = Decimal("1e300")  # beyond this, a chart's arithmetic in floating point overflows


def check_chart_periods(index: int, chart: Any, brief: Brief, report: Report) -> None:
    """A line chart's series are all over financial years or all over calendar periods."""
    words = {True: "financial years", False: "calendar periods"}
    first: dict[bool, tuple[str, str]] = {}  # financial or not -> (figure id, its first period)
    for j, fid in enumerate(chart.figures):
        figure = brief.figures.get(fid)
        if figure is None or figure.kind != "series":
            continue
        periods = [str(p) for p in figure.series]
        mixed = mixes_years(periods)
        financial = period_kind(periods[0]) == "financial_year"
        other = first.get(not financial)
        first.setdefault(financial, (str(fid), periods[0]))
        if mixed is not None:
            problem = f"figure '{fid}' mixes financial years ({mixed[0]}) and calendar periods ({mixed[1]})"
        elif other is not None:
            problem = (f"figure '{fid}' is over {words[financial]} ({periods[0]}) but figure '{other[0]}' "
                       f"is over {words[not financial]} ({other[1]})")
        else:
            continue
        report.value_at(fid, ("charts", index, "figures", j),
                        f"{problem}; a line chart cannot mix financial and calendar years")
        return


def check_chart_values(brief: Brief, figures: Figures, report: Report) -> None:
    """Every value a chart draws is small enough to draw."""
    for index, chart in enumerate(brief.charts or []):
        for j, fid in enumerate(chart.figures):
            value = figures.values.get(fid)
            values = list(value.values()) if isinstance(value, dict) else [value] if value is not None else []
            if any(v.copy_abs() >= LARGEST for v in values):
                report.value_at(fid, ("charts", index, "figures", j),
                                f"figure '{fid}' is too large to draw in a chart (1e300 or more in size)")
