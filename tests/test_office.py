"""Word and OpenDocument output (issue 13), read back: python-docx for .docx, the ODF XML for .odt."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest

from briefgen.render.office import STYLES
from helpers import EXAMPLE, MINIMAL, run, write

STEMS = ("london-violent-crime", "every-key")
ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}


@pytest.fixture
def built(examples_built: Path) -> Path:
    """Both example briefs in both packaged styles, in every format (conftest's examples_built)."""
    return examples_built


def part(path: Path, name: str) -> str:
    """One part of a zip package as text."""
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


def pdf_note_numbers(path: Path) -> list[int]:
    """The numbers of the footnotes printed at the feet of the PDF's pages ('1. …' in small type at the margin)."""
    numbers = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["size"])
            margin = min(w["x0"] for w in words)
            numbers += [
                int(w["text"][:-1])
                for w in words
                if re.fullmatch(r"\d+\.", w["text"]) and w["size"] < 8 and w["x0"] < margin + 2
            ]
    return numbers


@pytest.mark.parametrize("style", ["default", "parliamentary"])
@pytest.mark.parametrize("stem", STEMS)
def test_docx_properties_headings_tables_and_named_styles(built: Path, style: str, stem: str) -> None:
    document = docx.Document(str(built / style / f"{stem}.docx"))
    core = document.core_properties
    title = {
        "london-violent-crime": "Tackling violent crime in London",
        "every-key": "Longer opening hours for branch libraries",
    }
    assert core.title == title[stem]
    assert core.language == "en-GB" and core.keywords.startswith("policy brief")
    assert core.author and core.subject
    meta = part(built / style / f"{stem}.odt", "meta.xml")  # both stamped with the build's epoch
    assert f"<meta:creation-date>{core.created.strftime('%Y-%m-%dT%H:%M:%SZ')}</meta:creation-date>" in meta
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["The problem", "Background"] and "Options" in headings and headings[-1] == "References"
    assert all(p.style.base_style.name == "Heading 2" for p in document.paragraphs if p.style.name == "Option heading")
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [title[stem]]
    for table in document.tables:
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader"), "the header row repeats on every page"
    names = {s.name for s in document.styles}
    assert {name for name, _, _ in STYLES} <= names


def test_docx_matrix_words_symbols_and_recommended_option(built: Path) -> None:
    document = docx.Document(str(built / "default" / "london-violent-crime.docx"))
    matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "Option")
    rows = [[c.text for c in row.cells] for row in matrix.rows]
    assert rows[0][0] == "Option" and len(rows) == 5
    assert any(row[0].endswith("★") for row in rows[1:])  # a star and the key, as in the PDF
    assert "Key: ●\u00a0Good · ◐\u00a0Fair · ○\u00a0Poor · ★\u00a0recommended option" in [
        p.text for p in document.paragraphs
    ]
    assert all(re.match(r"^[●◐○–] (Good|Fair|Poor|Not rated)", cell) for row in rows[1:] for cell in row[1:])
    text = "\n".join(p.text for p in document.paragraphs)
    assert "£10.5m" in text and "8.63m people" in text


@pytest.mark.parametrize("stem", STEMS)
def test_footnotes_match_the_pdf_and_images_carry_alt_text(built: Path, stem: str) -> None:
    folder = built / "default"
    numbers = pdf_note_numbers(folder / f"{stem}.pdf")
    assert numbers == list(range(1, len(numbers) + 1)) and numbers
    notes = re.findall(r'<w:footnote w:id="\d+">', part(folder / f"{stem}.docx", "word/footnotes.xml"))
    assert len(notes) == len(numbers)
    content = part(folder / f"{stem}.odt", "content.xml")
    assert content.count("<text:note ") == len(numbers)
    document = part(folder / f"{stem}.docx", "word/document.xml")
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', document)
    assert descriptions and all(descriptions)
    frames = re.findall(r"<draw:frame\b.*?</draw:frame>", content, re.S)
    assert len(frames) == len(descriptions)
    assert all(re.search(r"<svg:desc>[^<]+</svg:desc>", f) for f in frames)
    captions = [
        p.text for p in docx.Document(str(folder / f"{stem}.docx")).paragraphs if p.style.name == "Image Caption"
    ]
    assert captions and all(c.startswith(f"Figure {n}: ") for n, c in enumerate(captions, start=1))


def test_marking_page_numbers_and_draft_line_in_header_and_footer(built: Path) -> None:
    path = built / "default" / "every-key.docx"
    section = docx.Document(str(path)).sections[0]
    assert section.different_first_page_header_footer
    header = "\n".join(p.text for p in section.header.paragraphs)
    assert header == "\tOFFICIAL\tLonger opening hours for branch libraries\nDRAFT"
    assert "\n".join(p.text for p in section.first_page_header.paragraphs) == "\tOFFICIAL\nDRAFT"
    footer = part(path, "word/briefgenFooter.xml")
    assert (
        'w:instr=" PAGE "' in footer
        and 'w:instr=" NUMPAGES "' in footer
        and "EPU-2025-03 · Example Policy Unit" in footer
    )
    styles = part(built / "default" / "every-key.odt", "styles.xml")
    master = re.search(r'<style:master-page style:name="Standard".*?</style:master-page>', styles, re.S)
    assert master and "OFFICIAL" in master.group(0) and "DRAFT" in master.group(0)
    assert "<text:page-number" in master.group(0) and "<text:page-count" in master.group(0)
    assert "<style:header-first>" in master.group(0) and "<style:footer-first>" in master.group(0)


@pytest.mark.parametrize("style", ["default", "parliamentary"])
def test_odt_metadata_headings_tables_and_named_styles(built: Path, style: str) -> None:
    path = built / style / "london-violent-crime.odt"
    meta = part(path, "meta.xml")
    assert "<dc:title>Tackling violent crime in London</dc:title>" in meta
    assert "<dc:language>en-GB</dc:language>" in meta and "<meta:keyword>policy brief</meta:keyword>" in meta
    content = part(path, "content.xml")
    assert re.search(r'<text:h text:style-name="Heading_20_1" text:outline-level="1">The problem</text:h>', content)
    assert content.count("<table:table ") == content.count("<table:table-header-rows>") > 0
    assert "£10.5m" in content and 'style:parent-style-name="Key_20_point"' in content
    assert 'style:parent-style-name="Reference"' in content
    header_cell = re.search(r'<style:style style:name="TableHeaderRowCell".*?</style:style>', content, re.S)
    assert header_cell and "fo:background-color=" in header_cell.group(0)  # the template's Table Header Cell
    styles = part(path, "styles.xml")
    assert all(f'style:display-name="{name}"' in styles for name, _, _ in STYLES)
    if style == "parliamentary":  # numbered sections come from the template's outline style
        assert re.search(r'<text:outline-level-style (?=[^>]*text:level="1")(?=[^>]*style:num-format="1")', styles)


def test_same_sources_give_the_same_bytes(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL.replace("date: 2025-01-31\n", "date: 2025-01-31\nmarking: OFFICIAL\n"))
    assert run("build", "b.yaml", "--to", "docx,odt", "-o", "one").exit_code == 0
    assert run("build", "b.yaml", "--to", "docx,odt", "-o", "two", "--no-cache").exit_code == 0
    for suffix in ("docx", "odt"):
        first, second = (workdir / "one" / f"b.{suffix}").read_bytes(), (workdir / "two" / f"b.{suffix}").read_bytes()
        assert first == second
        with zipfile.ZipFile(workdir / "one" / f"b.{suffix}") as package:
            assert {info.date_time for info in package.infolist()} == {(2025, 1, 31, 0, 0, 0)}  # the brief's date
    assert (
        docx.Document(str(workdir / "one" / "b.docx")).core_properties.created.isoformat()
        == "2025-01-31T00:00:00+00:00"
    )
    with zipfile.ZipFile(workdir / "one" / "b.odt") as package:
        first = package.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED


def test_a_workspace_reference_docx_changes_the_output(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL)
    style = workdir / "styles" / "house"
    write(style, "style.css", '@import url("/styles/default/style.css");\n')
    packaged = Path(__file__).resolve().parent.parent / "src" / "briefgen" / "styles" / "default" / "reference.docx"
    with zipfile.ZipFile(packaged) as source, zipfile.ZipFile(style / "reference.docx", "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/styles.xml":
                data = data.replace(b'w:styleId="Summary">', b'w:styleId="Summary"><w:aliases w:val="House summary"/>')
                data = data.replace(b"Georgia", b"House Serif")
            target.writestr(info, data)
    assert run("build", "b.yaml", "--to", "docx", "--style", "house", "-o", "house").exit_code == 0
    assert run("build", "b.yaml", "--to", "docx", "-o", "plain").exit_code == 0
    house, plain = (part(workdir / out / "b.docx", "word/styles.xml") for out in ("house", "plain"))
    assert "House Serif" in house and "House summary" in house
    assert "House Serif" not in plain and "Georgia" in plain
    assert docx.Document(str(workdir / "house" / "b.docx")).styles["Summary"].element.xpath("./w:aliases")


def test_final_brief_has_no_status_line_and_notes_nested_in_notes_stay_in_order(workdir: Path) -> None:
    brief = MINIMAL.replace("date: 2025-01-31\n", "date: 2025-01-31\nstatus: final\n").replace(
        "problem: It is large.\n",
        'problem: "It is large.[^a] And old.[^b]\\n\\n[^a]: A note that cites [@ons] and calls another.[^c]\\n\\n'
        '[^b]: Second.\\n\\n[^c]: Nested."\n',
    )
    write(workdir, "b.yaml", brief)
    result = run("build", "b.yaml", "--to", "docx")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(workdir / "build" / "b.docx"))
    assert "DRAFT" not in part(workdir / "build" / "b.docx", "word/briefgenHeader.xml")
    notes = re.findall(
        r'<w:footnote w:id="\d+">(.*?)</w:footnote>', part(workdir / "build" / "b.docx", "word/footnotes.xml"), re.S
    )
    texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", n)).strip() for n in notes]
    assert texts == [
        "Mid-year population estimates.",
        "A note that cites Mid-year population estimates, n 1 and calls another.3",
        "Nested.",
        "Second.",
    ]
    assert document.paragraphs


def test_serve_offers_word_and_opendocument_downloads(workdir: Path) -> None:
    from briefgen.cli.serve_pages import route
    from briefgen.cli.serve_site import Site
    from briefgen.render.styles import find_style

    write(workdir, "a.yaml", MINIMAL)
    site = Site(workdir, find_style("default"))
    index = route(site, "/")
    assert not isinstance(index, str) and b'<a href="/brief/a.docx">Word</a>' in index.body
    for suffix, kind in (
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("odt", "application/vnd.oasis.opendocument.text"),
    ):
        page = route(site, f"/brief/a.{suffix}")
        assert not isinstance(page, str) and page.status == 200 and page.content_type == kind
        assert zipfile.is_zipfile(__import__("io").BytesIO(page.body))


def test_unknown_format_names_the_new_ones(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL)
    result = run("build", "b.yaml", "--to", "doc")
    assert result.exit_code == 2
    assert "choose from md, html, pdf, docx, odt (got 'doc')" in result.output
    assert not (workdir / "build").exists()


def test_pandoc_is_found_in_the_wheel() -> None:
    from briefgen.brief.pandoc_run import pandoc_path
    from briefgen.render.office_writer import api_version

    assert Path(pandoc_path()).is_file() and shutil.which(pandoc_path())
    assert api_version()[:2] >= [1, 23]


def test_prose_of_every_kind_reaches_both_files(workdir: Path) -> None:
    problem = (
        "problem: |\n  Some *emphasis*, ~~struck~~, `code`, a [link](https://example.org) and a [bad link](javascript:alert(1)).\n\n"
        "  > A quotation.[^q]\n\n  1. first\n  2. second\n\n  ```\n  x < y & z\n  ```\n\n"
        "  | a | b |\n  |:--|--:|\n  | one | two |\n\n  [^q]: A note with a list:\n\n      - item\n"
    )
    write(
        workdir,
        "b.yaml",
        MINIMAL.replace("title: A minimal brief", 'title: "Less <than> & more"').replace(
            "problem: It is large.\n", problem
        ),
    )
    assert run("build", "b.yaml", "--to", "docx,odt").exit_code == 0
    document = docx.Document(str(workdir / "build" / "b.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Less <than> & more" in text and "x < y & z" in text and "a link and a bad link." in text
    rels = part(workdir / "build" / "b.docx", "word/_rels/document.xml.rels")
    assert "https://example.org" in rels and "javascript" not in rels
    assert [c.text for c in document.tables[0].rows[1].cells] == ["one", "two"]
    content = part(workdir / "build" / "b.odt", "content.xml")
    automatic = set(re.findall(r'<style:style style:name="([^"]+)" style:family="paragraph"', content))
    parents = re.findall(r'style:family="paragraph" style:parent-style-name="([^"]+)"', content)
    assert parents and not automatic & set(parents)  # ODF: a parent is always a named style
    assert "x &lt; y &amp; z" in content and "javascript" not in content


def test_a_csl_author_date_style_prints_its_citations_and_bibliography(tmp_path: Path) -> None:
    brief = EXAMPLE.parent / "glasgow-model-harvard.yaml"
    assert run("build", brief, "--to", "docx", "-o", tmp_path, "--no-cache").exit_code == 0
    document = docx.Document(str(tmp_path / "glasgow-model-harvard.docx"))
    references = [p.text for p in document.paragraphs if p.style.name == "Reference"]
    assert references and references[0].startswith("Hall, S. (no date)")
    assert "(Hall, no date" in "\n".join(p.text for p in document.paragraphs)
    assert not re.findall(
        r'<w:footnote w:id="\d+">', part(tmp_path / "glasgow-model-harvard.docx", "word/footnotes.xml")
    )
