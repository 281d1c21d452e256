"""Write small .xlsx and .ods files with the standard library, for tests, the benchmark and the example.

A cell is a number (int or float), text, None (empty), or Formula(text, value) where value None means
a formula with no stored result. Rows are lists from column A; sheets are written in order.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

Sheets = dict[str, list[list[Any]]]
_FIXED = (2025, 1, 1, 0, 0, 0)  # one timestamp for every member: the same cells give the same bytes


@dataclass(frozen=True)
class Formula:
    """A formula cell, with its stored result or None."""

    text: str
    value: float | None = None


def _letters(number: int) -> str:
    """Column letters for a column number from 1."""
    out = ""
    while number:
        number, rem = divmod(number - 1, 26)
        out = chr(65 + rem) + out
    return out


def _zip(members: list[tuple[str, str]], stored_first: bool = False) -> bytes:
    """A zip of text members; an ODS's mimetype goes first and uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n, (name, text) in enumerate(members):
            info = zipfile.ZipInfo(name, _FIXED)
            info.compress_type = zipfile.ZIP_STORED if stored_first and n == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def xlsx_bytes(sheets: Sheets) -> bytes:
    """A minimal .xlsx workbook (inline strings, no styles)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    names = list(sheets)
    book = "".join(f'<sheet name={quoteattr(n)} sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    members = [
        (
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        ),
        (
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        ),
        (
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{book}</sheets></workbook>',
        ),
        (
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>",
        ),
    ]
    for i, name in enumerate(names, 1):
        members.append((f"xl/worksheets/sheet{i}.xml", _xlsx_sheet(sheets[name], main)))
    return _zip(members)


def _xlsx_sheet(rows: list[list[Any]], main: str) -> str:
    """One worksheet's XML."""
    out = [f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>']
    for r, row in enumerate(rows, 1):
        out.append(f'<row r="{r}">')
        for c, cell in enumerate(row, 1):
            ref = f"{_letters(c)}{r}"
            if cell is None:
                continue
            if isinstance(cell, Formula):
                value = "" if cell.value is None else f"<v>{cell.value!r}</v>"
                out.append(f'<c r="{ref}"><f>{escape(cell.text)}</f>{value}</c>')
            elif isinstance(cell, bool):
                out.append(f'<c r="{ref}" t="b"><v>{int(cell)}</v></c>')
            elif isinstance(cell, (int, float)):
                out.append(f'<c r="{ref}"><v>{cell!r}</v></c>')
            else:
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(cell))}</t></is></c>')
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def ods_bytes(sheets: Sheets) -> bytes:
    """A minimal .ods spreadsheet."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"'
    )
    tables = "".join(_ods_table(name, rows) for name, rows in sheets.items())
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return _zip(
        [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", content),
            ("META-INF/manifest.xml", manifest),
        ],
        stored_first=True,
    )


def _ods_table(name: str, rows: list[list[Any]]) -> str:
    """One table's XML."""
    out = [f"<table:table table:name={quoteattr(name)}>"]
    for row in rows:
        out.append("<table:table-row>")
        for cell in row:
            if cell is None:
                out.append("<table:table-cell/>")
            elif isinstance(cell, Formula):
                value = "" if cell.value is None else f' office:value-type="float" office:value="{cell.value!r}"'
                out.append(f"<table:table-cell table:formula={quoteattr('of:=' + cell.text)}{value}/>")
            elif isinstance(cell, bool):
                out.append(
                    f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(cell).lower()}"/>'
                )
            elif isinstance(cell, (int, float)):
                out.append(f'<table:table-cell office:value-type="float" office:value="{cell!r}"/>')
            else:
                out.append(
                    f'<table:table-cell office:value-type="string"><text:p>{escape(str(cell))}</text:p></table:table-cell>'
                )
        out.append("</table:table-row>")
    out.append("</table:table>")
    return "".join(out)


def write_book(path: Path, sheets: Sheets) -> Path:
    """Write an .xlsx or .ods file by its extension."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx_bytes(sheets) if path.suffix == ".xlsx" else ods_bytes(sheets))
    return path
