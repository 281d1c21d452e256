"""Issue 11: Word's and OpenDocument's figures table as the PDF's and HTML's, and key figures with a small unit."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from helpers import EVERY_KEY, run

W_SPAN = qn("w:gridSpan")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """every-key.yaml built once to .docx and .odt; the folder holding them."""
    out = tmp_path_factory.mktemp("issue11b-office")
    result = run("build", EVERY_KEY, "-o", out, "--to", "docx,odt")
    assert result.exit_code == 0, result.output
    return out


def _figures_table(document: docx.document.Document) -> docx.table.Table:
    """The table under the 'Figures and sources' heading."""
    return next(t for t in document.tables if t.rows[0].cells[0].text == "Figure")


def _span(tc: Any) -> int:
    """How many columns a Word table cell spans."""
    span = tc.find(f"{qn('w:tcPr')}/{W_SPAN}")
    return int(span.get(qn("w:val"))) if span is not None else 1


def _text(tc: Any) -> str:
    """A Word table cell's paragraphs, one a line."""
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.findall(qn("w:p")))


def test_docx_figures_table_has_number_unit_and_period_columns_grouped_by_source(built: Path) -> None:
    document = docx.Document(str(built / "every-key.docx"))
    table = _figures_table(document)
    rows = [
        ([_span(tc) for tc in row._tr.findall(qn("w:tc"))], [_text(tc) for tc in row._tr.findall(qn("w:tc"))])
        for row in table.rows
    ]
    assert rows[0] == ([1, 1, 1, 1], ["Figure", "Value", "Unit", "Period"])
    groups = [texts[0] for spans, texts in rows if spans == [4]]
    assert groups == [
        "Source: Libraries annual report 2024",
        "Source: Residents’ survey, autumn 2024",
        "Source: Libraries annual report 2024; Residents’ survey, autumn 2024",
    ]
    by_label = {texts[0].split("\n")[0]: texts for spans, texts in rows if len(texts) == 4}
    assert by_label["Library visits a year"] == ["Library visits a year", "2.04m", "visits", "December 2024"]
    assert by_label["Cost per extra visit"] == [
        "Cost per extra visit\n= Yearly cost of Sunday opening ÷ Extra visits a year from Sunday opening",
        "£8.00",
        "",
        "",
    ]
    assert by_label["Extra visits a year from Sunday opening"][0].endswith("\nEstimated from the autumn survey.")
    formula = next(
        run
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.text.startswith("= Yearly")
    )
    assert formula.style.name == "Formula" and formula.font.name is None  # a named style, not code
    alignments = {p.alignment for row in table.rows[1:] for p in row.cells[1].paragraphs if p.text[:1].isdigit()}
    assert [a.name for a in alignments] == ["RIGHT"]
    assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_odt_figures_table_spans_its_source_rows_and_keeps_rows_whole(built: Path) -> None:
    with zipfile.ZipFile(built / "every-key.odt") as odt:
        content = odt.read("content.xml").decode("utf-8")
    table = content[content.index(">Figures and sources<") :]
    assert (
        len(re.findall(r'table:number-columns-spanned="4"[^>]*>\s*<text:p[^>]*><text:span[^>]*>Source: ', table)) == 3
    )
    assert 'fo:keep-together="always"' in content
    assert "<table:table-row>" not in content  # every row takes the keep-together style
    assert "= Yearly cost of Sunday opening ÷ Extra visits a year from Sunday opening" in table


def test_key_figures_set_a_large_number_a_small_unit_and_the_label_below(built: Path) -> None:
    document = docx.Document(str(built / "every-key.docx"))
    line = next(p for p in document.paragraphs if p.style.name == "Key figure")
    assert [(r.style.name, r.text) for r in line.runs if r.text.strip()] == [
        ("Key figure value", "2.04m"),
        ("Default Paragraph Font", "visits"),
        ("Default Paragraph Font", "Library visits a year (December 2024)"),
    ]
    assert line.text == "2.04m visits\nLibrary visits a year (December 2024)"
