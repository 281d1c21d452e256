"""Checks of the ids a brief gives and names: unique within their kind, and every id named exists."""

from __future__ import annotations

from typing import Any

from briefgen.brief.chart_checks import check_chart_periods
from briefgen.brief.model import Draft
from briefgen.brief.structure import Report, did_you_mean
from briefgen.errors import shown


def check_unique_ids(brief: Draft, report: Report) -> None:
    """Ids of criteria, options and charts are unique within their kind."""
    for kind in ("criteria", "options", "charts", "boxes"):
        seen: dict[str, Any] = {}
        for i, item in enumerate(getattr(brief, kind) or []):
            if item.id is None:
                continue
            if item.id in seen:
                first = seen[item.id]
                line = first.node.line if hasattr(first, "node") else "?"
                report.value_at(
                    item.id, (kind, i, "id"), f"duplicate id '{shown(item.id)}' in {kind} (first used at line {line})"
                )
            else:
                seen[item.id] = item.id


def _unknown(
    report: Report, value: Any, loc: tuple[Any, ...], kind: str, known: set[str] | dict[str, Any], offset: int = 0
) -> None:
    """Report a reference to an id that does not exist."""
    report.value_at(value, loc, f"unknown {kind} '{shown(value)}'{did_you_mean(str(value), set(known))}", offset=offset)


def check_references(brief: Draft, report: Report, broken: dict[str, set[str]]) -> None:
    """Every id a brief names must exist (items that failed validation count as existing)."""
    figures = set(brief.figures or {}) | broken.get("figures", set())
    sources = set(brief.sources or {}) | broken.get("sources", set())
    criteria = {c.id for c in brief.criteria or [] if c.id is not None} | broken.get("criteria", set())
    options = {o.id for o in brief.options or [] if o.id is not None} | broken.get("options", set())
    for fid, figure in (brief.figures or {}).items():
        if figure.source is not None and figure.source not in sources:
            _unknown(report, figure.source, ("figures", fid, "source"), "source", sources)
    for i, option in enumerate(brief.options or []):
        if option.cost is not None and option.cost not in figures:
            _unknown(report, option.cost, ("options", i, "cost"), "figure", figures)
        _check_ratings(i, option, criteria, brief, report)
    if brief.recommendation is not None:
        for j, oid in enumerate(brief.recommendation.options or []):
            if oid not in options:
                _unknown(report, oid, ("recommendation", "options", j), "option", options)
    for i, chart in enumerate(brief.charts or []):
        _check_chart(i, chart, brief, figures - broken.get("figures", set()), figures, report)


def _check_ratings(index: int, option: Any, criteria: set[str], brief: Draft, report: Report) -> None:
    """Ratings name criteria; an option rating some but not all gets a warning."""
    for cid in option.ratings:
        if cid not in criteria:
            key = report.doc.root.find(("options", index, "ratings")).key_node(cid)
            hint = did_you_mean(cid, criteria)
            report.add(key, f"rating of unknown criterion '{shown(cid)}'{hint}")
    rated = set(option.ratings)
    missing = list(dict.fromkeys(c.id for c in brief.criteria or [] if c.id is not None and c.id not in rated))
    if rated and missing and option.id is not None:
        report.at(
            ("options", index, "ratings"),
            f"option '{shown(option.id)}' does not rate {shown(', '.join(missing), 120)}",
            "warning",
        )


def _check_chart(index: int, chart: Any, brief: Draft, valid: set[str], figures: set[str], report: Report) -> None:
    """Chart figures exist, share one unit and suit the chart's kind (figures that failed validation aside)."""
    units = set()
    for j, fid in enumerate(chart.figures or []):
        figure = brief.figures.get(fid) if fid in valid else None
        if figure is None or chart.kind is None:
            if fid not in figures:
                _unknown(report, fid, ("charts", index, "figures", j), "figure", figures)
            continue
        units.add(str(figure.unit))
        wanted = "series" if chart.kind == "line" else "scalar"
        actual = "series" if figure.kind == "series" else "scalar"
        if wanted != actual:
            what = (
                "a line chart draws series figures"
                if chart.kind == "line"
                else "a bar chart compares single-value figures"
            )
            report.value_at(fid, ("charts", index, "figures", j), f"figure '{shown(fid)}' is a {actual} figure; {what}")
    if len(units) > 1:
        report.at(("charts", index, "figures"), f"chart figures must share one unit, found {', '.join(sorted(units))}")
    if chart.kind == "line":
        check_chart_periods(index, chart, brief, report)
