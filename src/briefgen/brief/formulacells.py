"""Tell a formula cell with no stored result from an empty cell (calamine reads both as empty).

Only asked when a figure's cell reads empty, so a plain message can say what is wrong. Reads the
workbook's XML from its zip bytes with expat, refusing DOCTYPEs, and stops at the cell.
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import zipfile
from typing import Any
from xml.parsers import expat

from briefgen.brief.datafrom import column_letters

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


class _Stop(Exception):
    """Stop parsing: the answer is known, or the XML is refused."""


def formula_without_value(raw: bytes, kind: str, sheet: str, row: int, col: int) -> bool:
    """Whether the cell (row and column from 1) of a sheet holds a formula but no stored result."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if kind == "xlsx":
                return _xlsx(archive, sheet, f"{column_letters(col)}{row}")
            return _ods(archive.read("content.xml"), sheet, row, col)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, NotImplementedError, expat.ExpatError):
        return False


def _refuse(*args: object) -> None:
    """A DOCTYPE in a workbook's XML: stop reading."""
    raise _Stop


def _parse(data: bytes, start: Any, end: Any = None, text: Any = None) -> None:
    """Run expat over data with namespace-qualified names ('ns name'), refusing DOCTYPEs."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    with contextlib.suppress(_Stop):
        parser.Parse(data, True)


def _xlsx(archive: zipfile.ZipFile, sheet: str, ref: str) -> bool:
    """Find the sheet's part through workbook.xml and its relationships, then the cell's <f> and <v>."""
    ids: dict[str, str] = {}
    _parse(
        archive.read("xl/workbook.xml"),
        lambda tag, attrs: (
            ids.setdefault(attrs.get("name", ""), attrs.get(f"{_RELS} id", "")) if tag == f"{_MAIN} sheet" else None
        ),
    )
    targets: dict[str, str] = {}
    _parse(
        archive.read("xl/_rels/workbook.xml.rels"),
        lambda tag, attrs: targets.setdefault(attrs.get("Id", ""), attrs.get("Target", "")),
    )
    target = targets.get(ids.get(sheet, ""), "")
    if not target:
        return False
    part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    state = {"in": False, "in_v": False, "formula": False, "value": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{_MAIN} c":
            if state["in"]:
                raise _Stop
            state["in"] = attrs.get("r") == ref
        elif state["in"] and tag == f"{_MAIN} f":
            state["formula"] = True
        elif state["in"] and tag == f"{_MAIN} v":
            state["in_v"] = True

    def end(tag: str) -> None:
        if state["in"] and tag == f"{_MAIN} c":
            raise _Stop
        state["in_v"] = False

    def text(data: str) -> None:
        if state["in_v"] and data.strip():
            state["value"] = True

    _parse(archive.read(part), start, end, text)
    return bool(state["formula"]) and not state["value"]


def _ods(content: bytes, sheet: str, row: int, col: int) -> bool:
    """Walk the sheet's rows and cells (with their repeat counts) to the cell; a formula with no value type."""
    state = {"table": False, "row": 0, "col": 0, "found": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{_TABLE} table":
            if state["table"]:
                raise _Stop
            state["table"] = attrs.get(f"{_TABLE} name") == sheet
        elif not state["table"]:
            return
        elif tag == f"{_TABLE} table-row":
            state["row"] = int(state["row"]) + 1
            state["col"] = 0
            repeat = int(attrs.get(f"{_TABLE} number-rows-repeated", "1") or 1)
            if int(state["row"]) <= row < int(state["row"]) + repeat:
                state["row"] = row
            elif int(state["row"]) > row:
                raise _Stop
            else:
                state["row"] = int(state["row"]) + repeat - 1
        elif tag in (f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell") and state["row"] == row:
            first = int(state["col"]) + 1
            state["col"] = int(state["col"]) + int(attrs.get(f"{_TABLE} number-columns-repeated", "1") or 1)
            if first <= col <= int(state["col"]):
                has_value = f"{_OFFICE} value-type" in attrs
                state["found"] = f"{_TABLE} formula" in attrs and not has_value
                raise _Stop

    _parse(content, start)
    return bool(state["found"])
