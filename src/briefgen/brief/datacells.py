"""Select a figure's number from a data file already read: a cell, a row and column, or a row as a series.

Pure: takes a `DataFile` and a `DataFrom`, returns what was read and where, or the problems, each tied
to the key of `from` it concerns.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from briefgen.brief.datafiles import CSV_SHEET, DataFile
from briefgen.brief.datafrom import DataFrom, column_letters, parse_cell
from briefgen.brief.fields import PERIOD, period_kind, period_order
from briefgen.brief.formulacells import formula_without_value
from briefgen.brief.limits import number_problem
from briefgen.brief.structure import did_you_mean
from briefgen.errors import shown

_CSV_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
SHORTHANDS = {
    "[c]": "suppressed",
    "[x]": "not available",
    "[z]": "not applicable",
    "[low]": "too small to show",
    "..": "not available",
    ":": "not available",
    "-": "nil or not available",
}


@dataclass(frozen=True)
class Origin:
    """Where a figure's number was read: the file (as written and its hash), the sheet and cell or row and column."""

    file: str
    digest: str
    sheet: str | None = None
    cell: str | None = None
    row: str | None = None
    column: str | None = None

    @property
    def place(self) -> str:
        """The sheet and cell or row and column, for identity across briefs."""
        return f"{self.sheet or ''}!{self.cell or ''}|{self.row or ''}|{self.column or ''}"


@dataclass
class Reading:
    """What a `from` read (a value or a series, and an as_of from a period header), or its problems."""

    value: Decimal | None = None
    series: dict[str, Decimal] | None = None
    as_of: str | None = None
    origin: Origin | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)  # (key of `from`, message)


def select(data: DataFile | None, spec: DataFrom) -> Reading:
    """Read the number or series that `spec` names from a data file."""
    out = Reading()
    if data is None:
        out.problems.append(("file", f"data file '{shown(spec.name)}' was not read"))
        return out
    if data.fault is not None:
        out.problems.append(("file", data.fault))
        return out
    sheet = _sheet(data, spec, out)
    if sheet is None:
        return out
    rows = data.sheets.get(sheet, [])
    where = _Where(data, sheet)
    if spec.cell is not None:
        row, col = parse_cell(str(spec.cell))
        out.value = _number(rows, row, col, where, f"cell {column_letters(col)}{row}", out)
        out.origin = Origin(data.name, data.digest, where.sheet, f"{column_letters(col)}{row}")
        return out
    _by_labels(rows, spec, where, out)
    return out


@dataclass(frozen=True)
class _Where:
    """The file and sheet, as messages name them."""

    data: DataFile
    name: str

    @property
    def sheet(self) -> str | None:
        """The sheet's name, or None for a CSV file."""
        return None if self.name == CSV_SHEET and self.data.kind == "csv" else self.name

    def at(self, place: str) -> str:
        """'data/x.xlsx: sheet 'T', row 7 ...'."""
        sheet = f"sheet '{shown(self.name)}', " if self.sheet is not None else ""
        return f"{self.data.name}: {sheet}{place}"


def _sheet(data: DataFile, spec: DataFrom, out: Reading) -> str | None:
    """The sheet to read: a CSV's one table, the named sheet, or a workbook's first sheet."""
    if data.kind == "csv":
        return CSV_SHEET
    if spec.sheet is None:
        if not data.sheet_names:
            out.problems.append(("file", f"data file '{shown(data.name)}' has no sheets"))
            return None
        return data.sheet_names[0]
    name = str(spec.sheet).strip()
    matches = [s for s in data.sheet_names if s.strip() == name]
    if not matches:
        hint = did_you_mean(name, [s.strip() for s in data.sheet_names]) or _listed(data.sheet_names)
        out.problems.append(("sheet", f"data file '{shown(data.name)}' has no sheet '{shown(name)}'{hint}"))
        return None
    return matches[0]


def _listed(names: list[str]) -> str:
    """' (its sheets: 'A', 'B')', at most five."""
    shown_names = ", ".join(f"'{shown(n)}'" for n in names[:5]) + (", …" if len(names) > 5 else "")
    return f" (its sheets: {shown_names})" if names else ""


def _by_labels(rows: list[list[Any]], spec: DataFrom, where: _Where, out: Reading) -> None:
    """Find the row by its first column and the column by its header; read one value or the period columns."""
    header_row = spec.header_row or 1
    if header_row > len(rows):
        out.problems.append(
            ("header_row", f"{where.at(f'header_row {header_row}')} is past the last row ({len(rows)})")
        )
        return
    headers = [label(c) for c in rows[header_row - 1]]
    row_number = _find_row(rows, header_row, str(spec.row).strip(), where, out)
    columns = _find_column(headers, header_row, spec, where, out) if spec.column is not None else None
    if row_number is None or (spec.column is not None and columns is None):
        return
    row_text = f"row {row_number} '{shown(str(spec.row).strip())}'"
    if columns is not None:
        header = headers[columns - 1]
        place = f"{row_text}, column '{shown(header)}'"
        out.value = _number(rows, row_number, columns, where, place, out)
        out.as_of = header if is_period(header) else None
        out.origin = Origin(where.data.name, where.data.digest, where.sheet, row=str(spec.row).strip(), column=header)
        return
    out.series = _series(rows, row_number, headers, header_row, row_text, where, out)
    out.origin = Origin(where.data.name, where.data.digest, where.sheet, row=str(spec.row).strip())


def _find_row(rows: list[list[Any]], header_row: int, wanted: str, where: _Where, out: Reading) -> int | None:
    """The number (from 1) of the one row below the headers whose first cell is `wanted`."""
    index = _row_index(rows, header_row, where)
    found = index.get(wanted, [])
    if len(found) > 1:
        out.problems.append(
            ("row", f"{where.at(f'row {shown(wanted)!r}')} occurs twice (rows {found[0]} and {found[1]})")
        )
        return None
    if not found:
        labels = [text for text in index if text]
        hint = did_you_mean(wanted, labels[:10_000])
        out.problems.append(("row", f"{where.at(f'no row {shown(wanted)!r}')} below the header row {header_row}{hint}"))
        return None
    return found[0]


def _row_index(rows: list[list[Any]], header_row: int, where: _Where) -> dict[str, list[int]]:
    """Row numbers by first-column label below the header row, made once per sheet however many figures ask."""
    key = (where.name, header_row)
    index = where.data.row_labels.get(key)
    if index is None:
        index = {}
        for n in range(header_row + 1, len(rows) + 1):
            if rows[n - 1]:
                index.setdefault(label(rows[n - 1][0]), []).append(n)
        where.data.row_labels[key] = index
    return index


def _find_column(headers: list[str], header_row: int, spec: DataFrom, where: _Where, out: Reading) -> int | None:
    """The number (from 1) of the one column whose header is `spec.column`."""
    wanted = str(spec.column).strip()
    found = [n for n, h in enumerate(headers, 1) if h == wanted]
    if len(found) > 1:
        letters = f"{column_letters(found[0])} and {column_letters(found[1])}"
        out.problems.append(("column", f"{where.at(f'column {shown(wanted)!r}')} occurs twice (columns {letters})"))
        return None
    if not found:
        hint = did_you_mean(wanted, [h for h in headers if h])
        message = f"{where.at(f'no column {shown(wanted)!r}')} in the header row {header_row}{hint}"
        out.problems.append(("column", message))
        return None
    return found[0]


def _series(
    rows: list[list[Any]], row: int, headers: list[str], header_row: int, row_text: str, where: _Where, out: Reading
) -> dict[str, Decimal] | None:
    """Every column headed by a period, in time order, as a series."""
    periods = [(n, h) for n, h in enumerate(headers, 1) if is_period(h)]
    seen: dict[str, int] = {}
    for n, h in periods:
        if h in seen:
            where_text = where.at(f"column {h!r}")
            letters = f"{column_letters(seen[h])} and {column_letters(n)}"
            out.problems.append(("row", f"{where_text} occurs twice in the header row {header_row} ({letters})"))
            return None
        seen[h] = n
    if not periods:
        message = (
            f"{where.at(f'header row {header_row}')} has no period headers (2019, 2019/20, 2019-04…) "
            f"to read {row_text} as a series"
        )
        out.problems.append(("row", message))
        return None
    kinds = sorted({period_kind(h) for _, h in periods})
    if len(kinds) > 1:
        message = (
            f"{where.at(f'header row {header_row}')} mixes kinds of period ({', '.join(kinds)}); a series uses one"
        )
        out.problems.append(("row", message))
        return None
    values = {h: _number(rows, row, n, where, f"{row_text}, column '{shown(h)}'", out) for n, h in periods}
    if any(v is None for v in values.values()):
        return None
    return {h: v for h, v in sorted(values.items(), key=lambda item: period_order(item[0])) if v is not None}


def label(cell: Any) -> str:
    """A row label or header as text: stripped; a whole number without '.0'; a date as YYYY-MM-DD."""
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return " ".join(str(cell).split()) if isinstance(cell, str) else str(cell)


def is_period(text: str) -> bool:
    """Whether a header is a real period: 2019, 2019-04, 2019-04-30 or 2019/20."""
    if not PERIOD.fullmatch(text) or int(text[:4]) < 1:
        return False
    if "/" in text:
        return (int(text[:4]) + 1) % 100 == int(text[5:]) and int(text[:4]) < 9999
    if text.count("-") == 2:
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return False
    return not (text.count("-") == 1 and not 1 <= int(text[5:]) <= 12)


def _number(rows: list[list[Any]], row: int, col: int, where: _Where, place: str, out: Reading) -> Decimal | None:
    """The number in a cell (row and column from 1), or None with the problem recorded."""
    cell = rows[row - 1][col - 1] if row <= len(rows) and col <= len(rows[row - 1]) else ""
    number, fault = to_decimal(cell, where.data.kind)
    if (
        fault == "empty"
        and where.data.kind != "csv"
        and formula_without_value(where.data.raw, where.data.kind, where.name, row, col)
    ):
        fault = (
            "is a formula with no stored result, not a number; "
            "open and save the file in a spreadsheet program so it stores one"
        )
    if fault is None and number is not None:
        fault = number_problem(number)
        if fault:
            fault = f"({shown(cell)}) {fault}"
    if fault is not None:
        out.problems.append(("from", f"{where.at(place)} {'is empty, not a number' if fault == 'empty' else fault}"))
        return None
    return number


def to_decimal(cell: Any, kind: str) -> tuple[Decimal | None, str | None]:
    """A cell as an exact Decimal, or why it is not a number ('empty' for an empty cell)."""
    if isinstance(cell, bool):
        return None, f"is the logical value {str(cell).upper()}, not a number"
    if isinstance(cell, int):
        return Decimal(cell), None
    if isinstance(cell, float):
        return _from_float(cell), None
    if isinstance(cell, (dt.date, dt.time, dt.timedelta)):
        return None, f"is a date or time ({shown(label(cell))}), not a number"
    text = str(cell).strip()
    if not text:
        return None, "empty"
    if kind == "csv" and _CSV_NUMBER.fullmatch(text):
        return Decimal(text.replace(",", "")), None
    meaning = SHORTHANDS.get(text.lower())
    if meaning:
        return None, f"is '{shown(text)}' ({meaning}), not a number"
    hint = "; a CSV cell holds a plain decimal such as 1234.5 or 1,234.5" if kind == "csv" else " (the cell holds text)"
    return None, f"is '{shown(text, 40)}', not a number{hint}"


def _from_float(number: float) -> Decimal:
    """A spreadsheet number as the shortest decimal that gives it back, to 15 significant digits as spreadsheets show.

    Whole numbers stay whole (398.0 is 398); 0.1 + 0.2 stored as 0.30000000000000004 is 0.3.
    """
    if number.is_integer():
        return Decimal(int(number))
    try:
        return Decimal(f"{number:.15g}")
    except InvalidOperation:  # pragma: no cover - .15g of a float is always a decimal, inf or nan
        return Decimal("NaN")
