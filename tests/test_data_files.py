"""Issue 14: figures read from CSV, .xlsx and .ods files beside the brief (`from`).

Workbooks are written with the standard library (tests/workbooks.py: a minimal .xlsx and .ods zip);
one test also reads an .xlsx written by openpyxl, as a real library writes it.
"""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest

from briefgen.brief import datafiles, workbook
from gitrepo import commit, git, init
from helpers import ROOT, run, write
from workbooks import Formula, ods_bytes, write_book, xlsx_bytes

HEAD = """\
briefgen: 1
title: Libraries
authors: [A. Author]
date: 2025-01-31
summary: Visits changed.
problem: Closed on Sundays.
sources:
  lib: {title: Library statistics}
options:
  - {id: stay, title: Stay closed, summary: No change.}
figures:
"""

TABLE = [
    ["Visits to libraries (example)"],
    ["Notes: [c] suppressed"],
    ["Library", "2021/22", "2022/23", "2023/24", "Notes"],
    ["All libraries", 1200, 1350.5, 398.0, "x"],
    ["  Mobile library ", 12, "[c]", "..", None],
    ["Branch", 0.30000000000000004, None, "[x]", None],
]
CSV = """\
\ufeffVisits to libraries (example),,,,
"Notes: [c] suppressed",,,,
Library,2021/22,2022/23,2023/24,Notes
All libraries,"1,200",1350.5,398,x
  Mobile library ,12,[c],..,
Branch,0.3,,[x],
"""


def brief(folder: Path, figures: str, name: str = "b.yaml") -> Path:
    """A brief whose figures block is `figures` (each line indented two spaces)."""
    lines = "".join(f"  {line}\n" for line in figures.strip("\n").splitlines())
    return write(folder, name, HEAD + lines)


def data(folder: Path, kind: str, rows: list[list[Any]] | None = None, name: str = "data/t") -> str:
    """Write the example table as a CSV, .xlsx or .ods file; return its name relative to the brief."""
    path = folder / f"{name}.{kind}"
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "csv":
        path.write_text(CSV, encoding="utf-8")
    else:
        write_book(path, {"Cover": [["About"]], "Table 2": rows or TABLE})
    return f"{name}.{kind}"


def figures_json(path: Path) -> dict[str, dict[str, str]]:
    """`briefgen figures --format json`, by figure id."""
    result = run("figures", path, "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.stdout)}


def sheet(kind: str) -> str:
    """The `sheet:` part for a workbook."""
    return "" if kind == "csv" else ", sheet: Table 2"


KINDS = ["csv", "xlsx", "ods"]


@pytest.mark.parametrize("kind", KINDS)
def test_each_selector_reads_each_kind_of_file(workdir: Path, kind: str) -> None:
    name = data(workdir, kind)
    at = f"file: {name}{sheet(kind)}"
    path = brief(
        workdir,
        f"""
visits: {{label: Visits, source: lib, from: {{{at}, header_row: 3, row: All libraries, column: 2023/24}}}}
first: {{label: First, source: lib, from: {{{at}, header_row: 3, row: All libraries, column: 2021/22}}}}
half: {{label: Half, source: lib, from: {{{at}, cell: C4}}}}
mobile: {{label: Mobile, source: lib, from: {{{at}, header_row: 3, row: Mobile library, column: 2021/22}}}}
series: {{label: Series, source: lib, from: {{{at}, header_row: 3, row: All libraries}}}}
branch: {{label: Branch, source: lib, from: {{{at}, cell: b6}}}}
""",
    )
    rows = figures_json(path)
    assert {k: (r["value"], r["as_of"]) for k, r in rows.items()} == {
        "visits": ("398", "2023/24"),
        "first": ("1,200", "2021/22"),
        "half": ("1,350.5", ""),
        "mobile": ("12", "2021/22"),
        "series": ("398 (2023/24)", ""),
        "branch": ("0.3", ""),
    }
    where = "" if kind == "csv" else ", sheet Table 2"
    assert rows["visits"]["data"] == f"{name}{where}, row All libraries, column 2023/24"
    assert rows["half"]["data"] == f"{name}{where}, cell C4"
    assert rows["series"]["data"] == f"{name}{where}, row All libraries"


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_the_first_sheet_is_the_default(workdir: Path, kind: str) -> None:
    path = workdir / f"data/one.{kind}"
    write_book(path, {"First": [["Area", "2024"], ["All", 7]], "Second": [["Area", "2024"], ["All", 9]]})
    b = brief(
        workdir, f"visits: {{label: Visits, source: lib, from: {{file: data/one.{kind}, row: All, column: 2024}}}}"
    )
    assert figures_json(b)["visits"]["value"] == "7"


def test_a_series_from_a_row_is_in_time_order_and_charts(workdir: Path) -> None:
    write(workdir, "data/rev.csv", "Area,2024,2023,Note,2022\nAll,3,2,n,1\n")
    b = brief(workdir, "s: {label: S, source: lib, from: {file: data/rev.csv, row: All}}")
    assert run("build", b, "--to", "md").exit_code == 0
    assert "| S | 3 |  | 2024 |" in (workdir / "build" / "b.md").read_text()


def test_the_figures_table_names_the_file_and_place(workdir: Path) -> None:
    name = data(workdir, "xlsx")
    b = brief(
        workdir,
        f"visits: {{label: Visits, source: lib, from: {{file: {name}, sheet: Table 2, header_row: 3, row: All libraries, column: 2023/24}}}}",
    )
    assert run("build", b, "--to", "md,html").exit_code == 0
    md = (workdir / "build" / "b.md").read_text()
    assert (
        "| Visits | 398 |  | 2023/24 | Library statistics (data/t.xlsx, sheet Table 2, row All libraries, column 2023/24) |"
        in md
    )
    html = (workdir / "build" / "b.html").read_text()
    assert '<span class="figure-data">(data/t.xlsx, sheet Table 2, row All libraries, column 2023/24)</span>' in html


def test_stale_uses_the_as_of_from_a_period_header(workdir: Path) -> None:
    name = data(workdir, "csv")
    b = brief(
        workdir,
        f"visits: {{label: Visits, source: lib, from: {{file: {name}, header_row: 3, row: All libraries, column: 2021/22}}}}",
    )
    result = run("figures", b, "--stale", "1y", "--today", "2025-06-01", "--format", "json")
    assert result.exit_code == 0
    (row,) = json.loads(result.stdout)
    assert (row["id"], row["as_of"], row["stale"]) == ("visits", "2021/22", "yes")


def test_a_bom_and_thousands_separators_are_read(workdir: Path) -> None:
    write(workdir, "data/bom.csv", '\ufeff2024,Area\n1,All\n"-1,234,567.50",x\n'.encode())
    b = brief(
        workdir,
        """
first: {label: First, source: lib, from: {file: data/bom.csv, row: '1', column: '2024'}}
negative: {label: Negative, source: lib, scale: none, from: {file: data/bom.csv, cell: A3}}
""",
    )
    rows = figures_json(b)
    assert rows["first"]["value"] == "1"
    assert rows["negative"]["value"].replace("\u2212", "-") == "-1,234,567.50"


def problems(folder: Path, figures: str) -> list[str]:
    """`briefgen check` of a brief: its lines, after asserting exit 1 and that a build writes nothing."""
    b = brief(folder, figures)
    result = run("check", b)
    assert result.exit_code == 1
    built = run("build", b, "--to", "md", "-o", "out")
    assert built.exit_code == 1 and not (folder / "out" / "b.md").exists()
    return [line for line in result.output.splitlines() if ": error: " in line or ": warning: " in line]


def test_shorthands_empty_cells_and_text_are_errors_at_the_from_line(workdir: Path) -> None:
    name = data(workdir, "csv")
    at = f"file: {name}, header_row: 3"
    assert problems(
        workdir,
        f"""
a: {{label: A, source: lib, from: {{{at}, row: Mobile library, column: 2022/23}}}}
b: {{label: B, source: lib, from: {{{at}, row: Mobile library, column: 2023/24}}}}
c: {{label: C, source: lib, from: {{{at}, row: Branch, column: 2023/24}}}}
d: {{label: D, source: lib, from: {{{at}, row: Branch, column: 2022/23}}}}
e: {{label: E, source: lib, from: {{{at}, row: All libraries, column: Notes}}}}
f: {{label: F, source: lib, from: {{file: {name}, cell: Z99}}}}
""",
    ) == [
        "b.yaml:12:30: error: data/t.csv: row 5 'Mobile library', column '2022/23' is '[c]' (suppressed), not a number",
        "b.yaml:13:30: error: data/t.csv: row 5 'Mobile library', column '2023/24' is '..' (not available), not a number",
        "b.yaml:14:30: error: data/t.csv: row 6 'Branch', column '2023/24' is '[x]' (not available), not a number",
        "b.yaml:15:30: error: data/t.csv: row 6 'Branch', column '2022/23' is empty, not a number",
        "b.yaml:16:30: error: data/t.csv: row 4 'All libraries', column 'Notes' is 'x', not a number; a CSV cell holds a plain decimal such as 1234.5 or 1,234.5",
        "b.yaml:17:30: error: data/t.csv: cell Z99 is empty, not a number",
    ]


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_workbook_cells_that_are_not_numbers(workdir: Path, kind: str) -> None:
    rows = [
        ["Area", "2023", "2024"],
        ["All", Formula("1+1"), Formula("2+2", 4.0)],
        ["Text", "12", True],
        ["Big", 1e20, 1.5],
    ]
    write_book(workdir / f"data/w.{kind}", {"S": rows})
    at = f"file: data/w.{kind}"
    assert problems(
        workdir,
        f"""
a: {{label: A, source: lib, from: {{{at}, row: All, column: 2023}}}}
b: {{label: B, source: lib, from: {{{at}, row: Text, column: 2023}}}}
c: {{label: C, source: lib, from: {{{at}, cell: C3}}}}
d: {{label: D, source: lib, from: {{{at}, row: Big, column: 2023}}}}
ok: {{label: OK, source: lib, from: {{{at}, row: All, column: 2024}}}}
""",
    ) == [
        f"b.yaml:12:30: error: data/w.{kind}: sheet 'S', row 2 'All', column '2023' is a formula with no stored result, not a number; open and save the file in a spreadsheet program so it stores one",
        f"b.yaml:13:30: error: data/w.{kind}: sheet 'S', row 3 'Text', column '2023' is '12', not a number (the cell holds text)",
        f"b.yaml:14:30: error: data/w.{kind}: sheet 'S', cell C3 is the logical value TRUE, not a number",
        f"b.yaml:15:30: error: data/w.{kind}: sheet 'S', row 4 'Big', column '2023' (1e+20) is too large; numbers must be smaller than 1,000,000,000,000,000 (10^15) in size",
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_missing_and_doubled_names_with_did_you_mean(workdir: Path, kind: str) -> None:
    rows = [["Area", "2023", "2023", "2024"], ["All", 1, 2, 3], ["All", 4, 5, 6], ["Other", 7, 8, 9]]
    if kind == "csv":
        write(workdir, "data/d.csv", "Area,2023,2023,2024\nAll,1,2,3\nAll,4,5,6\nOther,7,8,9\n")
    else:
        write_book(workdir / f"data/d.{kind}", {"Table 1": rows})
    at = f"file: data/d.{kind}"
    where = "" if kind == "csv" else "sheet 'Table 1', "
    lines = problems(
        workdir,
        f"""
a: {{label: A, source: lib, from: {{{at}, row: All, column: 2024}}}}
b: {{label: B, source: lib, from: {{{at}, row: Other, column: 2023}}}}
c: {{label: C, source: lib, from: {{{at}, row: Othr, column: 2042}}}}
d: {{label: D, source: lib, from: {{{at}, row: Other}}}}
e: {{label: E, source: lib, from: {{{at}, header_row: 9, row: Other}}}}
""",
    )
    col = 55 + len(kind)  # `row:` inside `from`, after the file name
    assert lines == [
        f"b.yaml:12:{col + 2}: error: data/d.{kind}: {where}row 'All' occurs twice (rows 2 and 3)",
        f"b.yaml:13:{col + 17}: error: data/d.{kind}: {where}column '2023' occurs twice (columns B and C)",
        f"b.yaml:14:{col + 2}: error: data/d.{kind}: {where}no row 'Othr' below the header row 1 (did you mean 'Other'?)",
        f"b.yaml:14:{col + 16}: error: data/d.{kind}: {where}no column '2042' in the header row 1 (did you mean '2024'?)",
        f"b.yaml:15:{col + 2}: error: data/d.{kind}: {where}column '2023' occurs twice in the header row 1 (B and C)",
        f"b.yaml:16:30: error: data/d.{kind}: {where}header_row 9 is past the last row (4)",
    ]


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_a_missing_sheet_has_a_did_you_mean_or_a_list(workdir: Path, kind: str) -> None:
    name = data(workdir, kind)
    assert problems(
        workdir,
        f"""
a: {{label: A, source: lib, from: {{file: {name}, sheet: Tabel 2, cell: B4}}}}
b: {{label: B, source: lib, from: {{file: {name}, sheet: Annex, cell: B4}}}}
""",
    ) == [
        f"b.yaml:12:{59 + len(kind)}: error: data file '{name}' has no sheet 'Tabel 2' (did you mean 'Table 2'?)",
        f"b.yaml:13:{59 + len(kind)}: error: data file '{name}' has no sheet 'Annex' (its sheets: 'Cover', 'Table 2')",
    ]


def test_from_itself_is_checked_as_the_model_says(workdir: Path) -> None:
    name = data(workdir, "csv")
    assert problems(
        workdir,
        f"""
a: {{label: A, source: lib, from: {{file: {name}, cell: B4, row: All}}}}
b: {{label: B, source: lib, from: {{file: {name}, sheet: S, cell: B4}}}}
c: {{label: C, source: lib, from: {{file: data/t.xls, cell: 4B}}}}
d: {{label: D, source: lib, value: 3, from: {{file: {name}, cell: B4}}}}
e: {{label: E, from: {{file: {name}, cell: B4}}}}
f: {{label: F, source: lib, from: {{file: {name}, column: '2024'}}}}
""",
    ) == [
        "b.yaml:12:36: error: give either 'cell' or 'row' (with 'column'), not both",
        "b.yaml:13:36: error: a CSV file has no sheets; leave 'sheet' out",
        "b.yaml:14:43: error: data file 'data/t.xls' must be a .csv, .xlsx or .ods file",
        "b.yaml:14:61: error: expected a cell in A1 notation such as C7, got '4B'",
        "b.yaml:15:6: error: a figure needs exactly one of value, series, formula or from (found value, from)",
        "b.yaml:16:6: error: missing required key 'source': a from figure must name its source",
        "b.yaml:17:36: error: 'from' needs 'row' with it",
    ]


def test_files_outside_the_folder_missing_or_too_large_are_refused(workdir: Path, tmp_path_factory: Any) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "x.csv").write_text("Area,2024\nAll,1\n")
    folder = workdir / "briefs"
    data(folder, "csv")
    (folder / "data" / "link.csv").symlink_to(outside / "x.csv")
    with open(folder / "data" / "big.csv", "wb") as handle:
        handle.truncate(9 * 1024 * 1024)
    assert problems(
        folder,
        f"""
a: {{label: A, source: lib, from: {{file: ../x.csv, cell: B2}}}}
b: {{label: B, source: lib, from: {{file: data/link.csv, cell: B2}}}}
c: {{label: C, source: lib, from: {{file: {outside / "x.csv"}, cell: B2}}}}
d: {{label: D, source: lib, from: {{file: data/tt.csv, cell: B2}}}}
e: {{label: E, source: lib, from: {{file: data/big.csv, cell: B2}}}}
""",
    ) == [
        "briefs/b.yaml:12:43: error: data file '../x.csv' is outside the brief's folder; a data file must be in the brief's folder or below it",
        "briefs/b.yaml:13:43: error: data file 'data/link.csv' is outside the brief's folder; a data file must be in the brief's folder or below it",
        f"briefs/b.yaml:14:43: error: data file '{str(outside / 'x.csv')[:39]}…' is outside the brief's folder; a data file must be in the brief's folder or below it",
        "briefs/b.yaml:15:43: error: data file 'data/tt.csv' not found inside the brief's folder (did you mean 'data/t.csv'?)",
        "briefs/b.yaml:16:43: error: data file 'data/big.csv' is larger than 8 MiB",
    ]


def test_a_file_that_is_not_what_its_extension_says(workdir: Path) -> None:
    write(workdir, "data/csv.xlsx", "Area,2024\nAll,1\n")
    (workdir / "data" / "book.ods").write_bytes(xlsx_bytes({"S": [["a"]]}))
    (workdir / "data" / "book.xlsx").write_bytes(ods_bytes({"S": [["a"]]}))
    (workdir / "data" / "book.csv").write_bytes(xlsx_bytes({"S": [["a"]]}))
    (workdir / "data" / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    (workdir / "data" / "latin.csv").write_bytes("Area,2024\nCaf\xe9,1\n".encode("latin-1"))
    assert problems(
        workdir,
        """
a: {label: A, source: lib, from: {file: data/csv.xlsx, cell: B2}}
b: {label: B, source: lib, from: {file: data/book.ods, cell: B2}}
c: {label: C, source: lib, from: {file: data/book.xlsx, cell: B2}}
d: {label: D, source: lib, from: {file: data/book.csv, cell: B2}}
e: {label: E, source: lib, from: {file: data/old.xlsx, cell: B2}}
f: {label: F, source: lib, from: {file: data/latin.csv, cell: B2}}
""",
    ) == [
        "b.yaml:12:43: error: data file 'data/csv.xlsx' is not an .xlsx workbook: it is not a zip file (it looks like text: is it a CSV file? name it .csv)",
        "b.yaml:13:43: error: data file 'data/book.ods' is an .xlsx workbook, not an .ods spreadsheet; rename it .xlsx",
        "b.yaml:14:43: error: data file 'data/book.xlsx' is an .ods spreadsheet, not an .xlsx workbook; rename it .ods",
        "b.yaml:15:43: error: data file 'data/book.csv' is a zip file (a spreadsheet?), not CSV text; name it .xlsx or .ods",
        "b.yaml:16:43: error: data file 'data/old.xlsx' is an old binary Office file (.xls?), not an .xlsx workbook; save it as .xlsx or .ods",
        "b.yaml:17:43: error: data file 'data/latin.csv' is not UTF-8 text (byte 0xe9 on line 2); save it as CSV UTF-8",
    ]


def garbled(kind: str, rng: random.Random) -> bytes:
    """A real workbook zip whose members' contents are random bytes or cut-off XML."""
    good = zipfile.ZipFile(
        io.BytesIO(xlsx_bytes({"S": [["a", 1]]}) if kind == "xlsx" else ods_bytes({"S": [["a", 1]]}))
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in good.infolist():
            body = good.read(info)
            if info.filename not in ("mimetype", "[Content_Types].xml"):
                cut = rng.randrange(len(body))
                body = body[:cut] + bytes(rng.randrange(256) for _ in range(rng.randrange(40)))
            archive.writestr(info, body)
    return out.getvalue()


def test_random_bytes_and_a_sheet_that_asks_for_too_much_memory_give_clean_errors(workdir: Path) -> None:
    rng = random.Random(14)
    figures = []
    (workdir / "data").mkdir()
    for n in range(30):
        kind = KINDS[n % 3]
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
        if n % 2:
            raw = b"PK\x03\x04" + raw
        if n % 5 == 4 and kind != "csv":
            raw = garbled(kind, rng)
        (workdir / "data" / f"f{n}.{kind}").write_bytes(raw)
        figures.append(f"f{n}: {{label: F, source: lib, from: {{file: data/f{n}.{kind}, cell: B2}}}}")
    sheet_xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
        "</sheetData></worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes({"S": [["a"]]})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, sheet_xml.encode() if info.filename.endswith("sheet1.xml") else source.read(info))
    (workdir / "data" / "bomb.xlsx").write_bytes(out.getvalue())
    figures.append("bomb: {label: F, source: lib, from: {file: data/bomb.xlsx, cell: B2}}")
    lines = problems(workdir, "\n".join(figures))
    assert len(lines) == 31
    assert all(": error: data" in line for line in lines)
    assert any("cannot be read: " in line for line in lines[:-1])  # garbled members reach calamine, which refuses them
    assert lines[-1].endswith(
        "data file 'data/bomb.xlsx' cannot be read: it needs more memory than briefgen allows (is it damaged, or unusually large?)"
    )


def test_every_problem_of_a_brief_in_one_run(workdir: Path) -> None:
    name = data(workdir, "xlsx")
    lines = problems(
        workdir,
        f"""
a: {{label: A, source: lib, from: {{file: {name}, sheet: Table 2, header_row: 3, row: Mobile library, column: 2022/23}}}}
b: {{label: B, source: nope, from: {{file: {name}, sheet: Table 3, cell: B4}}}}
c: {{label: C, formula: a + b + zz}}
""",
    )
    assert [line.split(": error: ")[1] for line in lines] == [
        "data/t.xlsx: sheet 'Table 2', row 5 'Mobile library', column '2022/23' is '[c]' (suppressed), not a number",
        "unknown source 'nope'",
        "data file 'data/t.xlsx' has no sheet 'Table 3' (did you mean 'Table 2'?)",
        "unknown figure 'zz' in formula",
    ]


def test_a_workbook_is_read_once_for_many_figures_and_briefs(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = data(workdir, "xlsx")
    calls = []
    real = workbook.read_sheets
    monkeypatch.setattr(datafiles, "read_sheets", lambda raw, wanted: calls.append(wanted) or real(raw, wanted))
    datafiles.forget_books()
    body = "\n".join(
        f"f{n}: {{label: F, source: lib, from: {{file: {name}, sheet: Table 2, cell: B4}}}}" for n in range(30)
    )
    brief(workdir, body, "one.yaml")
    brief(workdir, body, "two.yaml")
    result = run("check", workdir / "one.yaml", workdir / "two.yaml")
    assert result.exit_code == 0, result.output
    assert calls == [["Table 2"]] and datafiles.books_opened() == 1


def test_an_xlsx_written_by_openpyxl(workdir: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet_ = book.active
    sheet_.title = "Data"
    for row in [["Area", 2023, 2024], ["All", 398.0, 0.1], ["Sum", "=B2+C2", 1]]:
        sheet_.append(row)
    book.save(workdir / "o.xlsx")
    lines = problems(
        workdir,
        """
a: {label: A, source: lib, from: {file: o.xlsx, row: All, column: '2023'}}
b: {label: B, source: lib, from: {file: o.xlsx, row: Sum, column: '2023'}}
""",
    )
    assert lines == [
        "b.yaml:13:30: error: o.xlsx: sheet 'Data', row 3 'Sum', column '2023' is a formula with no stored result, not a number; open and save the file in a spreadsheet program so it stores one"
    ]


def test_cross_brief_check_compares_figures_read_from_the_same_cell(workdir: Path) -> None:
    name = data(workdir, "csv")
    write(workdir, "b.yaml", "")
    brief(workdir, f"one: {{label: One, source: lib, as_of: 2023, from: {{file: {name}, cell: B4}}}}", "a.yaml")
    brief(workdir, f"two: {{label: Two, source: lib, from: {{file: {name}, cell: B4}}}}", "b.yaml")
    result = run("check", workdir / "a.yaml", workdir / "b.yaml")
    assert (
        "b.yaml:12:3: warning: figure 'two' reads the same data (data/t.csv, cell B4) as figure 'one' at a.yaml:12:3 but differs in as_of"
        in result.output
    )


def test_the_schema_knows_from(workdir: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(run("schema").stdout)
    base = {
        "briefgen": 1,
        "title": "T",
        "authors": ["A"],
        "date": "2025-01-01",
        "summary": "S",
        "problem": "P",
        "options": [{"id": "a", "title": "A", "summary": "S"}],
        "sources": {"s": {"title": "S"}},
    }
    good = {"label": "V", "source": "s", "from": {"file": "d.csv", "row": "All", "column": "2024"}}
    bad = [
        {"label": "V", "source": "s", "from": {"file": "d.csv", "row": "All", "cell": "B2"}},
        {"label": "V", "source": "s", "from": {"file": "d.csv", "sheet": "S", "cell": "B2"}},
        {"label": "V", "source": "s", "from": {"file": "d.xls", "cell": "B2"}},
        {"label": "V", "source": "s", "value": 1, "from": {"file": "d.csv", "cell": "B2"}},
    ]
    jsonschema.validate({**base, "figures": {"v": good}}, schema)
    for figure in bad:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**base, "figures": {"v": figure}}, schema)


# --- git and the cache ---------------------------------------------------------------------------------


def test_the_cache_is_invalidated_by_a_change_to_the_data(workdir: Path) -> None:
    name = data(workdir, "xlsx")
    b = brief(workdir, f"visits: {{label: Visits, source: lib, from: {{file: {name}, sheet: Table 2, cell: B4}}}}")
    assert run("build", b, "--to", "md").exit_code == 0
    again = run("build", b, "--to", "md")
    assert "1 unchanged" in again.output
    rows = [list(r) for r in TABLE]
    rows[3][1] = 1500
    write_book(workdir / name, {"Cover": [["About"]], "Table 2": rows})
    rebuilt = run("build", b, "--to", "md")
    assert "1 built" in rebuilt.output
    assert "| Visits | 1,500 |" in (workdir / "build" / "b.md").read_text()


@pytest.fixture
def repo(workdir: Path) -> Path:
    """A repository with a brief reading a CSV and an .ods file, committed."""
    folder = init(workdir / "repo")
    write(folder, "briefs/data/t.csv", CSV)
    write_book(folder / "briefs" / "data" / "t.ods", {"Table 2": TABLE})
    brief(
        folder / "briefs",
        """
visits: {label: Visits, source: lib, from: {file: data/t.csv, header_row: 3, row: All libraries, column: 2023/24}}
mobile: {label: Mobile, source: lib, from: {file: data/t.ods, header_row: 3, row: Mobile library, column: 2021/22}}
""",
    )
    commit(folder, "First version", "2025-02-14T10:00:00+00:00")
    return folder


def change_data(repo: Path) -> None:
    """Change one number in each data file in the work tree."""
    (repo / "briefs/data/t.csv").write_text(CSV.replace(",398,", ",420,"), encoding="utf-8")
    rows = [list(r) for r in TABLE]
    rows[4][1] = 15
    write_book(repo / "briefs" / "data" / "t.ods", {"Table 2": rows})


def test_rev_reads_the_data_as_committed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    change_data(repo)
    assert run("build", "briefs/b.yaml", "--to", "md", "--rev", "HEAD", "-o", "old").exit_code == 0
    assert run("build", "briefs/b.yaml", "--to", "md", "-o", "new").exit_code == 0
    old, new = (repo / "old" / "b.md").read_text(), (repo / "new" / "b.md").read_text()
    assert "| Visits | 398 |" in old and "| Mobile | 12 |" in old
    assert "| Visits | 420 |" in new and "| Mobile | 15 |" in new
    assert "uncommitted changes" in new.splitlines()[0] and "uncommitted" not in old.splitlines()[0]


def test_diff_shows_figures_changed_by_their_data(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    change_data(repo)
    text = run("diff", "briefs/b.yaml").output
    assert "\n".join(text.splitlines()[2:]) == (
        "\nFigures\n"
        "  ~ visits (Visits): 398 → 420\n"
        f'      data file data/t.csv: "sha256 {digest(CSV)}" → "sha256 {digest_file(repo / "briefs/data/t.csv")} (changed)"\n'
        "  ~ mobile (Mobile): 12 → 15\n"
        f'      data file data/t.ods: "sha256 {digest_bytes(ods_bytes({"Table 2": TABLE}))}" → "sha256 {digest_file(repo / "briefs/data/t.ods")} (changed)"'
    )
    md = run("diff", "briefs/b.yaml", "--format", "md").output
    assert (
        f'| changed | `visits` Visits | 398 | 420 | data file data/t.csv: "sha256 {digest(CSV)}" → "sha256 {digest_file(repo / "briefs/data/t.csv")} (changed)" |'
        in md
    )
    changes = json.loads(run("diff", "briefs/b.yaml", "--format", "json").output)["figures"]
    assert [(c["id"], c["old_value"], c["new_value"], c["fields"][0]["field"]) for c in changes] == [
        ("visits", "398", "420", "data file data/t.csv"),
        ("mobile", "12", "15", "data file data/t.ods"),
    ]
    git(repo, "add", "-A")
    commit(repo, "New data", "2025-03-01T10:00:00+00:00")
    assert "No changes in substance" in run("diff", "briefs/b.yaml").output


def digest(text: str) -> str:
    """The short hash the diff shows for text written as UTF-8."""
    return digest_bytes(text.encode("utf-8"))


def digest_bytes(raw: bytes) -> str:
    """The short hash the diff shows."""
    import hashlib

    return hashlib.sha256(raw).hexdigest()[:12]


def digest_file(path: Path) -> str:
    """The short hash of a file."""
    return digest_bytes(path.read_bytes())


def test_the_example_workbook_is_made_by_its_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = ROOT / "briefs" / "data" / "make_library_workbook.py"
    namespace: dict[str, Any] = {"__name__": "example", "__file__": str(script)}
    exec(compile(script.read_text(encoding="utf-8"), str(script), "exec"), namespace)
    assert xlsx_bytes(namespace["SHEETS"]) == (ROOT / "briefs" / "data" / "library-costs.xlsx").read_bytes()
    assert os.path.getsize(ROOT / "briefs" / "data" / "library-costs.xlsx") < 4096
