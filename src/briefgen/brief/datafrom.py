"""The `from` key of a figure: which data file, sheet and cell or row and column a number is read from.

Its scalar kinds (a cell in A1 notation, a row number) live here rather than in fields.py because only
`from` uses them.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema, model_validator

from briefgen.brief.fields import Text, check_text, describe, fail
from briefgen.brief.nodes import Scalar

DATA_KINDS = {".csv": "csv", ".xlsx": "xlsx", ".ods": "ods"}
MAX_ROWS = 1_048_576  # a spreadsheet's last row, and so the last a `cell` or `header_row` may name
MAX_COLUMNS = 16_384  # column XFD
_CELL = re.compile(r"([A-Za-z]{1,3})([1-9][0-9]{0,6})")


def column_number(letters: str) -> int:
    """A column's number from its letters: A is 1, Z 26, AA 27."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    """A column's letters from its number (1 is A)."""
    letters = ""
    while number:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def parse_cell(text: str) -> tuple[int, int]:
    """The (row, column) numbers, from 1, of a checked A1 reference."""
    match = _CELL.fullmatch(text.strip())
    assert match is not None
    return int(match.group(2)), column_number(match.group(1))


def data_kind(name: str) -> str | None:
    """csv, xlsx or ods from a data file's extension (any case), or None."""
    dot = name.rfind(".")
    return DATA_KINDS.get(name[dot:].lower()) if dot >= 0 else None


def check_data_file(value: Any) -> Scalar:
    """A data file's path: a .csv, .xlsx or .ods file named relative to the brief."""
    item = check_text(value)
    if data_kind(str(item).strip()) is None:
        raise fail("data_file", f"data file {describe(item)} must be a .csv, .xlsx or .ods file")
    return item


def check_cell(value: Any) -> Scalar:
    """A single cell in A1 notation, within a spreadsheet's bounds."""
    item = check_text(value)
    match = _CELL.fullmatch(str(item).strip())
    if match is None:
        raise fail("cell", f"expected a cell in A1 notation such as C7, got {describe(item)}")
    row, column = int(match.group(2)), column_number(match.group(1))
    if row > MAX_ROWS or column > MAX_COLUMNS:
        raise fail("cell", f"cell {describe(item)} is beyond a spreadsheet's last cell, XFD{MAX_ROWS}")
    return item


def check_row_number(value: Any) -> int:
    """A row number from 1, as a plain YAML integer."""
    item = value if isinstance(value, Scalar) else None
    if item is None or item.node.tag != "int" or not str(item).isdigit() or not 1 <= int(str(item)) <= MAX_ROWS:
        raise fail("row_number", f"expected a row number from 1 to {MAX_ROWS:,}, got {describe(value)}")
    return int(str(item))


def _json(kind: str, description: str, **extra: Any) -> WithJsonSchema:
    """JSON Schema for a leaf type of `from`."""
    return WithJsonSchema({"type": kind, "description": description, **extra})


DataFile = Annotated[
    str,
    PlainValidator(check_data_file),
    _json(
        "string",
        "A .csv, .xlsx or .ods file inside the brief's folder.",
        pattern=r"\.([cC][sS][vV]|[xX][lL][sS][xX]|[oO][dD][sS])\s*$",
    ),
]
Cell = Annotated[
    str,
    PlainValidator(check_cell),
    _json("string", "A cell in A1 notation, e.g. C7.", pattern=r"^\s*[A-Za-z]{1,3}[1-9][0-9]{0,6}\s*$"),
]
RowNumber = Annotated[
    int, PlainValidator(check_row_number), _json("integer", "A row number from 1.", minimum=1, maximum=MAX_ROWS)
]


class DataFrom(BaseModel):
    """Where in a data file a figure's number is kept."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, defer_build=True)

    file: DataFile = Field(description="A .csv, .xlsx or .ods file inside the brief's folder or below it.")
    sheet: Text | None = Field(None, description="The sheet's name (.xlsx and .ods); default the first sheet.")
    cell: Cell | None = Field(None, description="A single cell in A1 notation, e.g. C7.")
    header_row: RowNumber | None = Field(None, description="The row (from 1) holding the column headers; default 1.")
    row: Text | None = Field(None, description="The text in the first column of the row to read.")
    column: Text | None = Field(
        None, description="The text of the column's header; without it, `row` reads the period columns as a series."
    )

    @model_validator(mode="after")
    def _one_place(self) -> DataFrom:
        """Either a cell, or a row (with or without a column); a CSV has no sheets."""
        if self.cell is not None and (self.row is not None or self.column is not None):
            raise fail("data_from", "give either 'cell' or 'row' (with 'column'), not both")
        if self.cell is not None and self.header_row is not None:
            raise fail("data_from", "'header_row' has no meaning with 'cell'; leave it out")
        if self.cell is None and self.row is None:
            which = "'row' with it" if self.column is not None else "'cell', or 'row' (with 'column' for one value)"
            raise fail("data_from", f"'from' needs {which}")
        if self.sheet is not None and data_kind(str(self.file).strip()) == "csv":
            raise fail("data_from", "a CSV file has no sheets; leave 'sheet' out")
        return self

    @property
    def name(self) -> str:
        """The data file's name as written, without surrounding spaces."""
        return str(self.file).strip()

    @property
    def kind(self) -> str:
        """csv, xlsx or ods."""
        return data_kind(self.name) or "csv"
