"""Read the data files a brief's figures name (load side: the one place that opens them).

`read_data_files` finds every `from: {file: ...}` in a loaded document, reads each file once from
inside the brief's folder (within the asset size cap), and returns `DataFile`s: plain data that the
check stage selects numbers from. A workbook is parsed once per process for the same bytes, however
many figures and briefs read it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.brief.datafrom import data_kind
from briefgen.brief.nodes import Document
from briefgen.brief.structure import did_you_mean
from briefgen.brief.workbook import Rows, container_fault, read_sheets
from briefgen.errors import shown
from briefgen.fsutil import MAX_ASSET_BYTES, AssetTooLarge, read_capped, resolve_asset

CACHED_BOOKS = 8
CSV_SHEET = ""  # a CSV file's one table is kept under this name


@dataclass
class DataFile:
    """One data file as read: its sheets' cells (a CSV has one, named ''), or why it cannot be used."""

    name: str
    kind: str
    path: Path | None = None
    digest: str = ""
    fault: str | None = None
    sheet_names: list[str] = field(default_factory=list)
    sheets: dict[str, Rows] = field(default_factory=dict)
    raw: bytes = b""  # a workbook's bytes, to tell a formula with no stored result from an empty cell
    row_labels: dict[tuple[str, int], dict[str, list[int]]] = field(default_factory=dict, repr=False, compare=False)


DataFiles = dict[str, DataFile]


@dataclass
class _Book:
    """A parsed workbook, kept for the process: sheet names, the sheets read so far, or a fault."""

    fault: str | None = None
    sheet_names: list[str] = field(default_factory=list)
    sheets: dict[str, Rows] = field(default_factory=dict)


_BOOKS: OrderedDict[tuple[str, str], _Book] = OrderedDict()


def wanted_files(doc: Document) -> dict[str, list[str | None]]:
    """Each data file the document's figures name, with the sheets they ask for (None: the first)."""
    figures = doc.data.get("figures") if isinstance(doc.data, dict) else None
    wanted: dict[str, list[str | None]] = {}
    for figure in figures.values() if isinstance(figures, dict) else []:
        spec = figure.get("from") if isinstance(figure, dict) else None
        name = spec.get("file") if isinstance(spec, dict) else None
        if not isinstance(name, str) or data_kind(name.strip()) is None:
            continue
        sheet = spec.get("sheet") if isinstance(spec, dict) else None
        sheets = wanted.setdefault(name.strip(), [])
        sheets.append(str(sheet) if isinstance(sheet, str) else None)
    return wanted


def read_data_files(doc: Document) -> DataFiles:
    """Read every data file a brief names, from inside the brief's folder."""
    base = Path(doc.path).parent
    return {name: read_data_file(base, name, sheets) for name, sheets in wanted_files(doc).items()}


def read_data_file(base: Path, name: str, sheets: list[str | None]) -> DataFile:
    """Read one data file named relative to `base`, with the wanted sheets of a workbook."""
    kind = data_kind(name) or "csv"
    out = DataFile(name, kind)
    path = _find(base, name, out)
    if path is None:
        return out
    try:
        raw = read_capped(path, MAX_ASSET_BYTES)
    except AssetTooLarge:
        out.fault = f"data file '{shown(name)}' is larger than {MAX_ASSET_BYTES // 1024 // 1024} MiB"
        return out
    except OSError as exc:
        out.fault = f"data file '{shown(name)}' cannot be read: {exc.strerror or exc}"
        return out
    out.path, out.digest = path, hashlib.sha256(raw).hexdigest()
    if kind == "csv":
        _read_csv(raw, out)
    else:
        _read_book(raw, out, sheets)
    return out


def _find(base: Path, name: str, out: DataFile) -> Path | None:
    """The data file inside `base`, or None with the reason recorded."""
    path = resolve_asset(base, name)
    if path is not None:
        return path
    try:
        outside = not (base / name).resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError, ValueError):
        outside = True
    if Path(name).is_absolute() or outside:
        out.fault = (
            f"data file '{shown(name)}' is outside the brief's folder; "
            "a data file must be in the brief's folder or below it"
        )
    else:
        out.fault = f"data file '{shown(name)}' not found inside the brief's folder{_near(base, name)}"
    return None


def _near(base: Path, name: str) -> str:
    """A 'did you mean' among the data files in the folder the name points into."""
    folder = (base / name).parent
    try:
        inside = folder.resolve().is_relative_to(base.resolve())
        found = [p.name for p in folder.iterdir() if data_kind(p.name) and p.is_file()] if inside else []
    except OSError:
        return ""
    prefix = name[: len(name) - len(Path(name).name)]
    hint = did_you_mean(Path(name).name, found[:1000])
    return hint.replace(" (did you mean '", f" (did you mean '{prefix}") if hint else ""


def _read_csv(raw: bytes, out: DataFile) -> None:
    """Parse UTF-8 CSV (a BOM is allowed) into rows of text; a binary or mis-encoded file is a fault."""
    if raw.startswith(b"PK\x03\x04"):
        out.fault = f"data file '{shown(out.name)}' is a zip file (a spreadsheet?), not CSV text; name it .xlsx or .ods"
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        out.fault = (
            f"data file '{shown(out.name)}' is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); "
            "save it as CSV UTF-8"
        )
        return
    if "\x00" in text:
        out.fault = f"data file '{shown(out.name)}' contains NUL characters, so it is not CSV text"
        return
    try:
        out.sheets[CSV_SHEET] = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        out.fault = f"data file '{shown(out.name)}' is not valid CSV: {exc}"
        out.sheets.clear()


def _read_book(raw: bytes, out: DataFile, sheets: list[str | None]) -> None:
    """Read a workbook's wanted sheets through the per-process cache."""
    key = (os.fspath(out.path or ""), out.digest)
    book = _BOOKS.get(key)
    if book is None:
        fault = container_fault(raw, out.kind)
        book = _Book(fault=f"data file '{shown(out.name)}' {fault}" if fault else None)
        _remember(key, book)
    else:
        _BOOKS.move_to_end(key)
    missing = [s for s in dict.fromkeys(sheets) if book.fault is None and _needs(book, s)]
    if missing:
        result = read_sheets(raw, missing)
        if isinstance(result, str):
            book.fault = f"data file '{shown(out.name)}' {result}"
        else:
            book.sheet_names, read = result
            book.sheets.update(read)
    out.fault, out.sheet_names, out.sheets, out.raw = book.fault, book.sheet_names, book.sheets, raw


def _needs(book: _Book, sheet: str | None) -> bool:
    """Whether a sheet still has to be read: never read, or named but not yet loaded."""
    if not book.sheet_names:
        return True
    actual = book.sheet_names[0] if sheet is None else sheet
    return actual in book.sheet_names and actual not in book.sheets


def _remember(key: tuple[str, str], book: _Book) -> None:
    """Keep a workbook for the process, dropping the least recently used past the bound."""
    _BOOKS[key] = book
    while len(_BOOKS) > CACHED_BOOKS:
        _BOOKS.popitem(last=False)


def books_opened() -> int:
    """How many distinct workbooks this process holds (for tests and the benchmark)."""
    return len(_BOOKS)


def forget_books() -> None:
    """Drop every remembered workbook."""
    _BOOKS.clear()
