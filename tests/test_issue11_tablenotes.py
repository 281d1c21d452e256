"""Issue 11: the appraisal matrix's notes lettered under the table, bar labels without the title's words,
and the float pass (an option split inside its For/Against, a chart no field places moved past text).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest

from helpers import EVERY_KEY, EXAMPLE, run, stress_gallery
from pagemeasure import empty_bands, page_texts, read


def test_rating_notes_are_lettered_table_notes_in_markdown_and_html(workdir: Path) -> None:
    shutil.copy(EXAMPLE, workdir)
    result = run("build", EXAMPLE.name, "--to", "md,html")
    assert result.exit_code == 0, result.output
    markdown = (workdir / "build" / f"{EXAMPLE.stem}.md").read_text(encoding="utf-8")
    assert "| A: Carry on as now | ◐ Fair | ○ Poor (a) | ◐ Fair (b) | ○ Poor (c) | ○ Poor (d) |" in markdown
    assert "| C: Borough-led violence plans ★ | ● Good | ● Good | ◐ Fair (g) | ◐ Fair (h) | ◐ Fair (j) |" in markdown
    key = markdown.index("Key: ● Good")
    notes = markdown[key:].split("\n\n")[1].splitlines()  # the notes follow the key, once each
    assert notes[0] == "- (a) Local policing cut in favour of central roles, the author argues."
    assert notes[6] == "- (g) The article gives no cost."  # B and C share it: one letter
    assert notes[-1] == "- (m) One chief constable’s view." and len(notes) == 13
    html = (workdir / "build" / f"{EXAMPLE.stem}.html").read_text(encoding="utf-8")
    assert (
        '<span class="word">Poor</span><a class="table-note-call" href="#matrix-note-a" aria-label="Note a">a</a>'
        in html
    )
    assert '<ol class="table-notes" type="a">' in html
    assert '<li id="matrix-note-g">The article gives no cost.</li>' in html
    assert "rating-note" not in html


def test_rating_notes_in_the_pdf_word_and_odt(workdir: Path) -> None:
    shutil.copytree(EVERY_KEY.parent / "images", workdir / "images")
    shutil.copy(EVERY_KEY, workdir)
    result = run("build", EVERY_KEY.name, "--to", "pdf,docx,odt", "--no-cache")
    assert result.exit_code == 0, result.output
    out = workdir / "build"
    text = " ".join(page_texts(read(out / "every-key.pdf")))
    assert "○ Poor a" in text and "Poor: £1.2m" not in text  # the cell keeps its letter, not the note
    assert "★ recommended option a. £1.2m a year Recommendation" in text  # the note under the matrix, after its key
    with pikepdf.open(out / "every-key.pdf") as pdf:
        links = [str(a.get("/Contents")) for page in pdf.pages for a in page.get("/Annots", [])]
    assert "Note a" in links  # the marker's link is read as 'Note a'
    document = docx.Document(str(out / "every-key.docx"))
    matrix = next(t for t in document.tables if t.rows[0].cells[1].text == "Cost")
    cell = matrix.rows[2].cells[1].paragraphs[0]
    assert cell.text == "○ Poor a" and cell.runs[-1].font.superscript
    note = next(p for p in document.paragraphs if p.text == "a £1.2m a year")
    assert note.style.name == "Table note" and note.runs[0].font.superscript
    with zipfile.ZipFile(out / "every-key.odt") as odt:
        content = odt.read("content.xml").decode("utf-8")
    after_matrix = content[content.index("Delivery risk") : content.index("Recommendation</text:h>")]
    assert "£1.2m a year" in after_matrix and "Not rated" in after_matrix


def test_bar_labels_leave_out_the_words_of_the_title(workdir: Path) -> None:
    shutil.copytree(EVERY_KEY.parent / "images", workdir / "images")
    shutil.copy(EVERY_KEY, workdir)
    result = run("build", EVERY_KEY.name, "--to", "html")
    assert result.exit_code == 0, result.output
    html = (workdir / "build" / "every-key.html").read_text(encoding="utf-8")
    chart = html[html.index('id="chart-option_costs"') :]
    chart = chart[: chart.index("</figure>")]
    assert "Yearly cost of the two ways to open" in chart  # the title, once
    assert ">Sunday opening<" in chart and ">A volunteer-led Sunday<" in chart
    assert "Yearly cost of Sunday" not in chart and "Yearly cost of volunteer" not in chart


@pytest.mark.slow
def test_an_option_splits_and_an_unplaced_chart_moves_to_fill_a_band(tmp_path: Path) -> None:
    gallery = stress_gallery()
    briefs = [
        p for p in gallery.write_briefs(tmp_path) if p.stem in ("stress-8-options-9-criteria", "stress-40-figures")
    ]
    result = run("build", *briefs, "-o", tmp_path / "out", "--to", "pdf", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    options = read(tmp_path / "out" / "stress-8-options-9-criteria.pdf")
    assert max(empty_bands(options)[:-1]) <= 0.15
    texts = page_texts(options)
    assert "Option B Option title number 2" in texts[0] and "Reaches more people." in texts[0].rsplit("Option B", 1)[1]
    assert "Option C" not in texts[0] and "Needs new rotas." in texts[1].split("Option C")[0]  # the rest follows
    figures = read(tmp_path / "out" / "stress-40-figures.pdf")
    assert max(empty_bands(figures)[:-1]) <= 0.15
    texts = page_texts(figures)
    assert "Option A Carry on" in texts[0]  # the options moved up past the chart that follows the background
    assert "Figure 1" not in texts[0] and "DRAFT Figure 1: Visits to each branch, 2024" in texts[1]  # heads page 2
    assert "Branch number 6" in texts[1] and "Visits to branch number 6" not in texts[1].split("Figures and sources")[0]
