"""Commands for authors: `new` starts a brief from a starter, `figures` lists a brief's figures."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import click

from briefgen.brief.bibliography import entry_date
from briefgen.brief.check import Checked
from briefgen.brief.editor_schema import brief_schema
from briefgen.brief.formula import FormulaError, parse_check
from briefgen.brief.result import check_file
from briefgen.build.discover import discover
from briefgen.cli.options import paths_argument
from briefgen.cli.reports import TABLE_FORMATS, finish, format_rows, require_briefs
from briefgen.fsutil import display_path

STARTERS = ("full", "note")
SCHEMA_NAME = "briefgen.schema.json"
COLUMNS = ("brief", "id", "label", "value", "unit", "as_of", "sources", "data", "formula", "check", "result")
_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_AGE_YEARS = 1000
_AGE = re.compile(r"\s*([0-9]+)\s*(y|yrs?|years?|m|mo|months?|w|wks?|weeks?|d|days?)\s*", re.I)
_DATE_LINE = re.compile(r"^(date:[ \t]*)[0-9]{4}-[0-9]{2}-[0-9]{2}", re.M)


def starter_text(name: str) -> str:
    """The text of a packaged starter brief."""
    return files("briefgen").joinpath("starters", f"{name}.yaml").read_text(encoding="utf-8")


def safe_stem(name: str) -> str:
    """NAME as a file stem (a trailing .yaml or .yml is dropped); ValueError when it is not safe."""
    stem = re.sub(r"\.ya?ml$", "", name.strip())
    if not _STEM.fullmatch(stem) or stem.endswith(".") or stem.split(".")[0].lower() in _RESERVED:
        raise ValueError(
            f"{name!r} is not a safe file name: use letters, digits, '-', '_' and '.', "
            "starting with a letter or digit, at most 100 characters"
        )
    return stem


def _stem_callback(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Check NAME for `new`."""
    try:
        return safe_stem(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _write_new(path: Path, text: str) -> None:
    """Create a file that must not exist yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise click.ClickException(f"{path} already exists; choose another name or delete it first") from None


def _write_schema(folder: Path) -> Path | None:
    """Write briefgen.schema.json in the parent of the briefs folder when it is missing."""

    path = folder.resolve().parent / SCHEMA_NAME
    if path.exists():
        return None
    path.write_text(json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@click.command()
@click.argument("name", callback=_stem_callback)
@click.option(
    "--from",
    "starter",
    type=click.Choice(STARTERS),
    default="full",
    show_default=True,
    help="full: an options brief with every section; note: a short two-page note.",
)
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("briefs"),
    show_default=True,
    help="Folder to write the brief into.",
)
@click.option(
    "--date",
    "date",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The brief's date, YYYY-MM-DD.  [default: today]",
)
def new(name: str, starter: str, folder: Path, date: dt.datetime | None) -> None:
    """Start a brief at DIR/NAME.yaml from a starter that builds as it is."""
    day = (date.date() if date else dt.date.today()).isoformat()
    text = _DATE_LINE.sub(lambda m: m.group(1) + day, starter_text(starter), count=1)
    path = folder / f"{name}.yaml"
    _write_new(path, text)
    click.echo(f"wrote {display_path(path)}", err=True)
    schema = _write_schema(folder)
    if schema is not None:
        click.echo(f"wrote {display_path(schema)}", err=True)
    click.echo(f"next: edit it, then run  briefgen check --strict {display_path(path)}", err=True)


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
