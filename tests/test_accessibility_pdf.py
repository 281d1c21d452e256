"""The examples' PDFs in every packaged style, judged by outside checkers (outloud, pdfua) and read with pikepdf."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pdftree import open_pdf, page_content, tree

STYLES = ("default", "parliamentary")
BIN = Path(sys.executable).parent


@pytest.fixture
def pdfs(examples_built: Path) -> list[Path]:
    """The example and every-key.yaml as PDFs in each packaged style (conftest's examples_built)."""
    return [
        examples_built / style / f"{name}.pdf" for style in STYLES for name in ("london-violent-crime", "every-key")
    ]


@pytest.mark.slow
def test_outloud_finds_no_errors_and_no_running_furniture_tagged_as_content(pdfs: list[Path], tmp_path: Path) -> None:
    report = tmp_path / "outloud.json"
    subprocess.run([BIN / "outloud", *pdfs, "--json", report, "--quiet", "--fail-on", "never"], check=True, timeout=300)
    results = json.loads(report.read_text(encoding="utf-8"))["results"]
    assert len(results) == len(pdfs)
    for result in results:
        errors = [(f["rule"], f["message"]) for f in result["findings"] if f["severity"] == "error"]
        assert (result["path"], result["error"], errors) == (result["path"], None, [])
        assert "PAG-001" not in {f["rule"] for f in result["findings"]}, result["path"]


def test_pdfua_finds_nothing(pdfs: list[Path]) -> None:
    done = subprocess.run(
        [BIN / "pdfua", "check", "--format", "json", *pdfs], capture_output=True, text=True, timeout=300
    )
    reports, text = [], done.stdout.strip()
    while text:
        report, end = json.JSONDecoder().raw_decode(text)
        reports.append(report)
        text = text[end:].strip()
    assert len(reports) == len(pdfs)
    for report in reports:
        assert (report["file"], report["summary"]["errors"], report["summary"]["warnings"]) == (report["file"], 0, 0)


@pytest.mark.parametrize("index", range(4))
def test_structure_notes_artifacts_tables_and_scope(pdfs: list[Path], index: int) -> None:
    path = pdfs[index]
    pdf = open_pdf(path)
    root = tree(pdf)
    notes = [e for e in root.walk() if e.role == "Note"]
    expected = 4 if path.stem == "every-key" else 5  # as many as the HTML's endnotes
    assert [str(n.obj.ID) for n in notes] == [f"note-{i}" for i in range(1, expected + 1)]
    for note in notes:
        parent = next(e for e in root.walk() if note in e.kids)
        assert parent.roles()[parent.roles().index("Note") - 1] == "Reference"
    for page in pdf.pages:
        content = page_content(page)
        assert content.unmarked == []
        assert ("/Pagination", "/Footer") in content.artifacts
    tables = [e for e in root.walk() if e.role == "Table"]
    assert len(tables) == (3 if path.stem == "every-key" else 2)  # one Table per HTML table
    for table in tables:
        assert table.roles()[0] == "THead" and table.roles().count("THead") == 1
    cells = [e for e in root.walk() if e.role == "TH"]
    assert cells and all(str(c.obj.A.Scope) in ("/Column", "/Row") for c in cells)
    assert [e.role for e in root.walk()].count("Part") == 1  # main is one element, not one per page


def test_masthead_is_paragraphs_and_key_figures_one_flat_list(pdfs: list[Path]) -> None:
    root = tree(open_pdf(pdfs[0]))
    masthead = root.elems()[0]
    assert "L" not in {e.role for e in masthead.walk()}
    assert [e.role for e in masthead.walk()].count("P") >= 5
    lists = [e for e in root.walk() if e.role == "L"]
    assert all(set(lst.roles()) == {"LI"} for lst in lists)  # no list nested straight in a list
    unbulleted = [lst for lst in lists if all(item.roles() == ["LBody"] for item in lst.elems())]
    assert [len(lst.kids) for lst in unbulleted] == [4]  # the four key figures, one flat list


def test_description_is_the_summary_in_whole_sentences(pdfs: list[Path]) -> None:
    pdf = open_pdf(pdfs[0])
    subject = str(pdf.docinfo.Subject)
    assert subject == (
        "This brief sets out the argument of a single opinion article by Susan Hall, a Member of the London "
        "Assembly. It is the author's case, not an independent appraisal."
    )
    assert str(open_pdf(pdfs[1]).docinfo.Subject) == (
        "Opening on Sundays would add 150,000 visits a year for £1.2m (£8.00 a visit)."
    )
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
