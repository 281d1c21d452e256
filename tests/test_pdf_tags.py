"""render/pdf_tags.py on hand-made HTML: running furniture as artifacts, Notes, one Table across pages, /Scope, /Lang."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.render.pdf import PdfJob, render_pdf
from briefgen.render.styles import FONTS, find_style
from pdftree import open_pdf, page_content, parent_tree, tree

ROWS = "".join(f'<tr><th scope="row">Row {i}</th><td>{i}</td></tr>' for i in range(90))
HTML = f"""<!DOCTYPE html>
<html lang="en-GB"><head><title>A test</title><meta name="description" content="A test.">
<style>@page {{ @top-center {{ content: "OFFICIAL" }} @bottom-right {{ content: "Page " counter(page) }} }}</style>
</head><body>
<header><p>Masthead</p></header>
<main>
<section><h2>One</h2>
<p>Text<a class="fn-call" href="#note-1">1</a><span class="footnote" id="note-1">The <em>first</em> note.</span> goes on.</p>
<p>Said again<a class="fn-call fn-again" href="#note-1">1</a>.</p>
<p lang="cy">Bore da.</p>
<table><thead><tr><th scope="col">Name</th><th>Value</th></tr></thead><tbody>{ROWS}</tbody></table>
<p>After the table.</p>
</section>
</main></body></html>"""


def _render(tmp: Path, html: str = HTML) -> bytes:
    """The PDF of some HTML in the default style."""
    style = find_style("default")
    job = PdfJob(html, [style.base_css, style.own_css], tmp, style.folder, FONTS, "test.yaml", note_label="Note")
    data, warnings = render_pdf(job)
    assert warnings == []
    return data


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The test document's PDF, made once."""
    return _render(tmp_path_factory.mktemp("tags"))


def test_a_table_split_across_pages_is_one_table_with_one_head(made: bytes) -> None:
    pdf = open_pdf(made)
    assert len(pdf.pages) >= 3
    root = tree(pdf)
    tables = [e for e in root.walk() if e.role == "Table"]
    assert len(tables) == 1
    assert tables[0].roles() == ["THead", "TBody"]
    rows = [e for e in tables[0].walk() if e.role == "TR"]
    assert len(rows) == 91
    pages = {page for page, _ in tables[0].marks()}
    assert len(pages) >= 2  # the table's content sits on several pages, in one element


def test_header_cells_carry_scope(made: bytes) -> None:
    cells = [e for e in tree(open_pdf(made)).walk() if e.role == "TH"]
    scopes = [str(c.obj.A.Scope) for c in cells]
    assert scopes[:2] == ["/Column", "/Column"]  # the second from where it sits: the table's head
    assert scopes[2:] == ["/Row"] * 90


def test_running_heads_and_feet_are_pagination_artifacts_on_every_page(made: bytes) -> None:
    pdf = open_pdf(made)
    for page in pdf.pages:
        content = page_content(page)
        assert ("/Pagination", "/Header") in content.artifacts
        assert ("/Pagination", "/Footer") in content.artifacts
    texts = [e for e in tree(pdf).walk() if e.role in ("Span", "P")]
    assert texts  # content is still tagged


def test_every_marked_content_hangs_on_an_element_reachable_from_the_root(made: bytes) -> None:
    pdf = open_pdf(made)
    root = tree(pdf)
    reachable = {e.obj.objgen for e in root.walk()}
    parents = parent_tree(pdf)
    assert set(root.marks()) == set(parents)
    assert all(elem.objgen in reachable for elem in parents.values())
    for index, page in enumerate(pdf.pages):
        content = page_content(page)
        assert content.unmarked == []
        assert sorted(content.mcids) == list(range(len(content.mcids)))
        assert {(index, m) for m in content.mcids} == {k for k in parents if k[0] == index}


def test_footnote_is_a_note_with_an_id_right_after_its_call(made: bytes) -> None:
    pdf = open_pdf(made)
    root = tree(pdf)
    notes = [e for e in root.walk() if e.role == "Note"]
    assert [str(n.obj.ID) for n in notes] == ["note-1"]
    paragraph = next(e for e in root.walk() if notes[0] in e.kids)
    assert paragraph.role == "P"
    roles = paragraph.roles()
    assert roles[roles.index("Note") - 1] == "Reference"
    assert "note-1" in [str(name) for name in pdf.Root.StructTreeRoot.IDTree.Names[::2]]


def test_a_repeated_call_is_a_reference_around_a_link_described_by_the_note(made: bytes) -> None:
    pdf = open_pdf(made)
    references = [e for e in tree(pdf).walk() if e.role == "Reference"]
    assert [r.roles() for r in references] == [["Span"], ["Link"]]
    links = [a for page in pdf.pages for a in page.get("/Annots", []) if a.get("/Dest") == "note-1"]
    assert [str(a.Contents) for a in links] == ["Note 1"]
    assert all(int(a.F) & 4 for a in links)


def test_language_of_a_passage_and_document_metadata(made: bytes) -> None:
    pdf = open_pdf(made)
    welsh = [e for e in tree(pdf).walk() if "/Lang" in e.obj]
    assert [(e.role, str(e.obj.Lang)) for e in welsh] == [("P", "cy")]
    assert str(pdf.Root.Lang) == "en-GB"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


def test_no_empty_elements_and_no_nested_anonymous_lists(tmp_path: Path) -> None:
    html = HTML.replace(
        "<p>After the table.</p>",
        '<ul style="display: table; width: 100%; list-style: none"><li style="display: table-cell">a</li>'
        '<li style="display: table-cell">b</li></ul><p><span></span>x</p>',
    )
    root = tree(open_pdf(_render(tmp_path, html)))
    lists = [e for e in root.walk() if e.role == "L"]
    assert [lst.roles() for lst in lists] == [["LI", "LI"]]
    assert all(e.kids for e in root.walk() if e.role not in ("TD", "TH"))


def test_same_html_gives_the_same_bytes(made: bytes, tmp_path: Path) -> None:
    assert _render(tmp_path) == made
