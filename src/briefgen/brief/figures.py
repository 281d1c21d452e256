"""Compute every figure: evaluate formulas in dependency order, test checks, format values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from briefgen.brief.fields import period_kind
from briefgen.brief.formatting import format_period, format_value
from briefgen.brief.formula import Check, Formula, FormulaError, evaluate, parse_check, parse_formula
from briefgen.brief.model import Draft, Figure
from briefgen.brief.structure import Report, did_you_mean
from briefgen.errors import shown

Value = Decimal | dict[str, Decimal]


@dataclass(frozen=True)
class FailedCheck:
    """A figure's check that does not hold, kept as data (the diff compares them), with its message."""

    figure: str
    check: str
    value: Decimal
    message: str


@dataclass
class Figures:
    """The computed values of a brief's figures, the sources behind each, and the checks that fail."""

    brief: Draft
    values: dict[str, Value] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=dict)
    failed: list[FailedCheck] = field(default_factory=list)

    def scalar(self, fid: str) -> Decimal | None:
        """A figure's single value: a series gives its latest value."""
        value = self.values.get(fid)
        if isinstance(value, dict):
            return list(value.values())[-1]
        return value

    def display(self, fid: str, with_period: bool = True) -> str:
        """A figure formatted for print; a series prints its last value and period."""

        figure = self.brief.figures[fid]
        value = self.scalar(fid)
        if value is None:
            return "?"
        written = None
        if figure.value is not None:
            written = _written_decimals(figure.value)
        elif figure.series is not None:
            written = _written_decimals(value)
        text = format_value(
            value,
            unit=str(figure.unit),
            scale=str(figure.scale),
            decimals=figure.decimals,
            written_decimals=written,
            locale=str(self.brief.locale),
        )
        if figure.series is not None and with_period:
            text += f" ({format_period(str(list(figure.series)[-1]), str(self.brief.locale))})"
        return text


def _written_decimals(value: Decimal) -> int:
    """Digits after the point as the number was written."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def compute(brief: Draft, report: Report, broken: set[str]) -> Figures:
    """Evaluate formulas in dependency order and test every check, reporting problems."""
    result = Figures(brief)
    formulas = _parse_formulas(brief, report, broken)
    for fid in _order(brief, formulas, report):
        figure = brief.figures[fid]
        if figure.kind == "formula":
            _evaluate(fid, figure, formulas[fid], result, report)
        else:
            if figure.kind == "series" and figure.from_ is None:  # a series read from data is checked there
                _check_period_kinds(fid, figure, report)
            if figure.value is not None:
                result.values[fid] = figure.value
            elif figure.series is not None:
                result.values[fid] = dict(figure.series)
            result.sources[fid] = [str(figure.source)]
    for fid, figure in brief.figures.items():
        if figure.check is not None and fid in result.values:
            _test_check(fid, figure, result, report)
    return result


def _check_period_kinds(fid: str, figure: Figure, report: Report) -> None:
    """A series' periods are all of one kind, so that time order is well defined."""
    written = report.doc.root.find(("figures", fid, "series"))
    keys = [k for k, _ in written.pairs] if written.kind == "map" else []
    if not keys:
        return
    first = period_kind(str(keys[0].text))
    for key in keys[1:]:
        kind = period_kind(str(key.text))
        if kind != first:
            report.add(
                key,
                f"period '{shown(key.text)}' is a {kind}, but this series began with a {first}; "
                "a series uses one kind of period",
            )
            return


def _parse_formulas(brief: Draft, report: Report, broken: set[str]) -> dict[str, Formula]:
    """Parse each formula and check the names it uses."""
    parsed = {}
    for fid, figure in brief.figures.items():
        formula = checked_formula(fid, figure, set(brief.figures), broken, report)
        if formula is not None and not formula.names - set(brief.figures) and not formula.names & broken:
            parsed[fid] = formula
    return parsed


def checked_formula(fid: str, figure: Figure, known: set[str], broken: set[str], report: Report) -> Formula | None:
    """A figure's formula, parsed, with every name it uses that no figure has reported; None if it has none."""
    if figure.formula is None:
        return None
    try:
        formula = parse_formula(str(figure.formula))
    except FormulaError as exc:
        report.value_at(figure.formula, ("figures", fid, "formula"), exc.message, offset=exc.offset)
        return None
    for name in sorted(n for n in formula.names if n not in known and n not in broken):
        report.value_at(
            figure.formula,
            ("figures", fid, "formula"),
            f"unknown figure '{shown(name)}' in formula{did_you_mean(name, known)}",
            offset=name_offset(str(figure.formula), name),
        )
    return formula


def name_offset(text: str, name: str) -> int:
    """Offset of a whole-word name in a formula."""

    match = re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text)
    return match.start() if match else 0


def _order(brief: Draft, formulas: dict[str, Formula], report: Report) -> list[str]:
    """Figures in an order where inputs come before formulas; cycles are reported and left out."""
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(fid: str, path: list[str]) -> bool:
        if state.get(fid) == "done":
            return True
        if state.get(fid) == "active":
            cycle = [*path[path.index(fid) :], fid]
            for member in cycle[:-1]:
                report.value_at(
                    brief.figures[member].formula,
                    ("figures", member, "formula"),
                    f"formula cycle: {' -> '.join(cycle)}",
                )
            return False
        figure = brief.figures.get(fid)
        if figure is None or (figure.kind == "formula" and fid not in formulas):
            return False
        state[fid] = "active"
        ok = all(visit(n, [*path, fid]) for n in sorted(formulas[fid].names)) if figure.kind == "formula" else True
        state[fid] = "done"
        if ok:
            order.append(fid)
        return ok

    for fid in brief.figures:
        visit(fid, [])
    return order


def _evaluate(fid: str, figure: Figure, formula: Formula, result: Figures, report: Report) -> None:
    """Evaluate one formula whose inputs are all computed."""
    try:
        result.values[fid] = evaluate(formula, lambda name: result.values[name])
    except FormulaError as exc:
        report.value_at(figure.formula, ("figures", fid, "formula"), exc.message, offset=exc.offset)
        return
    sources: list[str] = []
    text = str(figure.formula)
    for name in sorted(formula.names, key=lambda n: (name_offset(text, n), n)):
        sources.extend(s for s in result.sources.get(name, []) if s not in sources)
    result.sources[fid] = sources


def _test_check(fid: str, figure: Figure, result: Figures, report: Report) -> None:
    """Test a figure's check on its unrounded value."""
    loc = ("figures", fid, "check")
    try:
        check = parse_check(str(figure.check))
    except FormulaError as exc:
        report.value_at(figure.check, loc, exc.message, offset=exc.offset)
        return
    value = result.scalar(fid)
    if value is not None and not check.holds(value):
        failure = FailedCheck(
            fid,
            shown(check.text),
            value,
            f"check '{shown(check.text)}' fails: {shown(fid)} is {_failing(check, value)}",
        )
        result.failed.append(failure)
        report.value_at(figure.check, loc, failure.message)


def _failing(check: Check, value: Decimal) -> str:
    """A failed check's value: to 6 places, or in full when that rounding would hide why it fails (14.0000001)."""
    text = plain(value)
    return format(value, "f") if check.holds(Decimal(text)) else text


def plain(value: Any) -> str:
    """An unrounded number written plainly, to at most 6 decimal places."""
    if not isinstance(value, Decimal):
        return str(value)
    exponent = value.as_tuple().exponent
    rounded = value.quantize(Decimal("0.000001")) if isinstance(exponent, int) and exponent < -6 else value
    text = format(rounded.normalize(), "f")
    return text
