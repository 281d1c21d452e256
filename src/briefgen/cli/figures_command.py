"""`briefgen figures`: list each brief's figures (value, unit, as-of, sources, formula, check), or the stale ones."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path
from typing import Any

import click

from briefgen.brief.bibliography import entry_date
from briefgen.brief.check import Checked
from briefgen.brief.formula import FormulaError, parse_check
from briefgen.brief.result import check_file
from briefgen.build.discover import discover
from briefgen.cli.options import paths_argument
from briefgen.cli.reports import TABLE_FORMATS, finish, format_rows, require_briefs

COLUMNS = ("brief", "id", "label", "value", "unit", "as_of", "sources", "data", "formula", "check", "result")
MAX_AGE_YEARS = 1000
_AGE = re.compile(r"\s*([0-9]+)\s*(y|yrs?|years?|m|mo|months?|w|wks?|weeks?|d|days?)\s*", re.I)


def parse_age(text: str) -> tuple[int, int]:
    """An age like 2y, 18m, 6w or 30d as (months, days); ValueError otherwise."""
    match = _AGE.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not an age; write 2y, 18m, 6w or 30d")
    count, unit = int(match.group(1)[:12]), match.group(2).lower()
    days = count * {"y": 366, "m": 31, "w": 7, "d": 1}[unit[0]]
    if len(match.group(1)) > 12 or days > MAX_AGE_YEARS * 366:
        raise ValueError(f"{text!r} is too long an age; at most {MAX_AGE_YEARS} years")
    if unit.startswith("y"):
        return 12 * count, 0
    if unit.startswith("m"):
        return count, 0
    return 0, count * (7 if unit.startswith("w") else 1)


def _age_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    """Check --stale."""
    try:
        return None if value is None else parse_age(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_end(period: str) -> dt.date:
    """The last day of a period: 2019, 2019-04, 2019-04-30 or the financial year 2015/16 (to 31 March)."""
    if re.fullmatch(r"[0-9]{4}/[0-9]{2}", period):
        return dt.date(int(period[:4]) + 1, 3, 31)
    if re.fullmatch(r"[0-9]{4}", period):
        return dt.date(int(period), 12, 31)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}", period):
        year, month = int(period[:4]), int(period[5:])
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date.fromisoformat(period)


def check_result(checked: Checked, fid: str) -> str:
    """holds, FAILS, or '' when there is no check ('?' when it cannot be tested)."""
    figure = checked.draft.figures[fid]
    if figure.check is None:
        return ""
    value = checked.figures.scalar(fid)
    try:
        claim = parse_check(str(figure.check))
    except FormulaError:
        return "?"
    if value is None:
        return "?"
    return "holds" if claim.holds(value) else "FAILS"


def figure_rows(checked: Checked, brief: str) -> list[dict[str, str]]:
    """One row of strings per figure, in the brief's order."""
    rows = []
    for fid, figure in checked.draft.figures.items():
        sources = checked.figures.sources.get(fid) or ([str(figure.source)] if figure.source else [])
        rows.append(
            {
                "brief": brief,
                "id": fid,
                "label": str(figure.label),
                "value": checked.figures.display(fid),
                "unit": str(figure.unit),
                "as_of": _text(figure.as_of),
                "sources": ", ".join(sources),
                "data": data_origin(checked, fid),
                "formula": " ".join(_text(figure.formula).split()),
                "check": _text(figure.check),
                "result": check_result(checked, fid),
            }
        )
    return rows


def data_origin(checked: Checked, fid: str) -> str:
    """Where a figure read from a data file was read: 'data/x.csv row R column C', or ''."""
    origin = checked.origins.get(fid)
    if origin is None:
        return ""
    parts = [origin.file]
    for key, value in (("sheet", origin.sheet), ("cell", origin.cell), ("row", origin.row), ("column", origin.column)):
        if value is not None:
            parts.append(f"{key} {value}")
    return ", ".join(parts)


def _text(value: Any) -> str:
    """A field's text, or '' when it is not given."""
    return "" if value is None else str(value)


def stale_cutoff(age: tuple[int, int], today: dt.date) -> dt.date:
    """Today less the age; ValueError when that is before the year 1."""
    try:
        return months_before(today, age[0]) - dt.timedelta(days=age[1])
    except (ValueError, OverflowError):
        raise ValueError(f"the age reaches back before the year 1 from {today.isoformat()}") from None


def stale_rows(rows: list[dict[str, str]], age: tuple[int, int], today: dt.date) -> list[dict[str, str]]:
    """Figures whose as_of ends before today less the age (stale: yes), then those with no as_of."""
    cutoff = stale_cutoff(age, today)
    stale = [dict(r, stale="yes") for r in rows if r["as_of"] and period_end(r["as_of"]) < cutoff]
    return stale + [dict(r, stale="no as_of") for r in rows if not r["as_of"]]


def stale_sources(checked: Checked, age: tuple[int, int], today: dt.date) -> list[dict[str, str]]:
    """Sources (and cited bibliography entries) dated before today less the age."""
    cutoff = stale_cutoff(age, today)
    dated = [(sid, str(s.date) if s.date else "", str(s.title)) for sid, s in checked.draft.sources.items()]
    cited = set(checked.cited)
    entries = checked.bibliography.entries
    dated += [
        (sid, entry_date(entries[sid]), str(entries[sid].get("title", ""))) for sid in sorted(cited) if sid in entries
    ]
    return [
        {"id": sid, "date": date, "title": title} for sid, date, title in dated if date and period_end(date) < cutoff
    ]


@click.command()
@paths_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(TABLE_FORMATS),
    default="table",
    show_default=True,
    help="table for a terminal, csv with a header row, or json (a list of objects).",
)
@click.option(
    "--stale",
    "age",
    callback=_age_callback,
    metavar="AGE",
    help="List only figures whose as_of ended more than AGE (2y, 18m, 6w, 30d) before --today, "
    "and those with no as_of.",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Reference date for --stale, YYYY-MM-DD.  [default: today]",
)
def figures(paths: tuple[Path, ...], fmt: str, age: tuple[int, int] | None, today: dt.datetime | None) -> None:
    """List every figure of each brief: value, unit, as-of, sources, formula and check."""
    jobs = discover(list(paths))
    require_briefs(len(jobs))
    reference = today.date() if today else dt.date.today()
    if age is not None:
        try:
            stale_cutoff(age, reference)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="'--stale'") from None
    briefs, failed = [], 0
    old_sources: dict[str, list[dict[str, str]]] = {}
    for job in jobs:
        result = check_file(job.source, root=job.root)
        for problem in result.problems:
            click.echo(str(problem), err=True)
        failed += result.failed
        checked = result.checked
        if checked is not None:
            rows = figure_rows(checked, checked.doc.source.path)
            briefs.append((checked.doc.source.path, rows if age is None else stale_rows(rows, age, reference)))
            if age is not None:
                old_sources[checked.doc.source.path] = stale_sources(checked, age, reference)
    click.echo(_render(briefs, fmt, age is not None, old_sources))
    finish(len(jobs), failed)


def _render(
    briefs: list[tuple[str, list[dict[str, str]]]], fmt: str, stale: bool, old: dict[str, list[dict[str, str]]]
) -> str:
    """All briefs' rows in one format; a table gets one section per brief when there are several."""
    if fmt != "table":
        columns = (*COLUMNS, "stale") if stale else COLUMNS
        return format_rows([row for _, rows in briefs for row in rows], columns, fmt)
    sections = [_table_section(rows, stale) + _old_sources(old.get(name, [])) for name, rows in briefs]
    if len(briefs) == 1:
        return sections[0]
    return "\n\n".join(f"{name}\n{section}" for (name, _), section in zip(briefs, sections, strict=True))


def _old_sources(rows: list[dict[str, str]]) -> str:
    """With --stale, the sources dated before the limit, after the figures."""
    return f"\nstale sources:\n{format_rows(rows, ('id', 'date', 'title'), 'table')}" if rows else ""


def _table_section(rows: list[dict[str, str]], stale: bool) -> str:
    """One brief's figures as a table; with --stale the figures with no as_of are named after it."""
    columns = COLUMNS[1:]
    if not stale:
        return format_rows(rows, columns, "table") if rows else "no figures"
    old = [r for r in rows if r["stale"] == "yes"]
    undated = [r["id"] for r in rows if r["stale"] == "no as_of"]
    text = format_rows(old, columns, "table") if old else "no stale figures"
    return text + (f"\nno as_of: {', '.join(undated)}" if undated else "")
