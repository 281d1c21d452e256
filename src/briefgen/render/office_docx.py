"""Finish a .docx from pandoc: briefgen's page header and footer, core properties, continuous footnotes."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from briefgen.render.office_package import Furniture, read, rezip
from briefgen.render.timestamps import iso_date

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_HEADER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_FOOTER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_PART_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"
_PARTS = (
    ("briefgenHeader", "header", "default"),
    ("briefgenFirst", "header", "first"),
    ("briefgenFooter", "footer", "default"),
    ("briefgenFirstFooter", "footer", "first"),
)


def finish_docx(data: bytes, furniture: Furniture) -> bytes:
    """Add briefgen's page header and footer, write the core properties, fix every timestamp."""
    document = read(data, "word/document.xml")
    width = _text_width(document)
    parts = {
        "word/briefgenHeader.xml": _header(furniture, width, with_title=True),
        "word/briefgenFirst.xml": _header(furniture, width, with_title=False),
        "word/briefgenFooter.xml": _footer(furniture, width),
        "word/briefgenFirstFooter.xml": _footer(furniture, width),
    }
    replace = {name: body.encode("utf-8") for name, body in parts.items()}
    replace["word/document.xml"] = _section(_unsplit_rows(_image_descriptions(document))).encode("utf-8")
    replace["word/_rels/document.xml.rels"] = _relationships(read(data, "word/_rels/document.xml.rels")).encode("utf-8")
    replace["[Content_Types].xml"] = _content_types(read(data, "[Content_Types].xml")).encode("utf-8")
    replace["docProps/core.xml"] = _core(furniture).encode("utf-8")
    return rezip(data, replace, furniture.epoch)


def _unsplit_rows(document: str) -> str:
    """Every table row kept on one page, as the PDF keeps them (`tr { break-inside: avoid }`)."""
    document = document.replace("<w:trPr>", "<w:trPr><w:cantSplit />")
    return re.sub(r"<w:tr>(?!<w:trPr>)", "<w:tr><w:trPr><w:cantSplit /></w:trPr>", document)


_DRAWING = re.compile(r"<w:drawing>.*?</w:drawing>", re.S)
_DESCR = re.compile(r'(<wp:docPr\b[^>]*?\bdescr=)("[^"]*")')


def _image_descriptions(document: str) -> str:
    """Each picture's own description is its alt text too (pandoc puts the image's file name, here a data: URL)."""

    def fix(drawing: re.Match[str]) -> str:
        text = drawing.group(0)
        alt = _DESCR.search(text)
        value = alt.group(2) if alt else '""'
        return re.sub(r'(<pic:cNvPr\b[^>]*?\bdescr=)"[^"]*"', lambda m: m.group(1) + value, text)

    return _DRAWING.sub(fix, document)


def _text_width(document: str) -> int:
    """The width between the margins, in twentieths of a point, from the last section's page set-up."""
    size = re.findall(r'<w:pgSz[^>]*w:w="(\d+)"', document)
    left = re.findall(r'<w:pgMar[^>]*w:left="(\d+)"', document)
    right = re.findall(r'<w:pgMar[^>]*w:right="(\d+)"', document)
    if size and left and right:
        return max(1440, int(size[-1]) - int(left[-1]) - int(right[-1]))
    return 9026  # A4 with 2.54 cm margins


def _run(text: str, bold: bool = False) -> str:
    """A run of text, keeping its spaces."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _field(instruction: str, shown: str) -> str:
    """A simple field (PAGE, NUMPAGES) with the value shown until the application updates it."""
    return f'<w:fldSimple w:instr=" {instruction} "><w:r><w:t>{shown}</w:t></w:r></w:fldSimple>'


def _paragraph(style: str, width: int, body: str) -> str:
    """A paragraph in a header or footer with a centre and a right tab stop."""
    tabs = f'<w:tabs><w:tab w:val="center" w:pos="{width // 2}"/><w:tab w:val="right" w:pos="{width}"/></w:tabs>'
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{tabs}</w:pPr>{body}</w:p>'


def _part(kind: str, paragraphs: list[str]) -> str:
    """A header or footer part."""
    tag = "hdr" if kind == "header" else "ftr"
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return f'{head}<w:{tag} xmlns:w="{W}" xmlns:r="{R}">{"".join(paragraphs)}</w:{tag}>'


def _header(f: Furniture, width: int, with_title: bool) -> str:
    """The marking centred, the title on the right (after the first page); the status on its own line."""
    tab = "<w:r><w:tab/></w:r>"
    line = tab + (_run(f.marking, bold=True) if f.marking else "") + (tab + _run(f.title) if with_title else "")
    paragraphs = [_paragraph("Header", width, line)]
    if f.status_line:
        paragraphs.append(_paragraph("Statusline", width, _run(f.status_line.upper())))
    return _part("header", paragraphs)


def _footer(f: Furniture, width: int) -> str:
    """The reference, organisation and version on the left; 'Page n of N' on the right."""
    tab = "<w:r><w:tab/></w:r>"
    pages = _run(f"{f.page} ") + _field("PAGE", "1") + _run(f" {f.of} ") + _field("NUMPAGES", "1")
    paragraphs = [_paragraph("Footer", width, _run(f.footer) + tab + tab + pages)]
    if f.marking:
        paragraphs.append(_paragraph("Footer", width, tab + _run(f.marking, bold=True)))
    return _part("footer", paragraphs)


def _section(document: str) -> str:
    """The body's last section refers to briefgen's header and footer, with a first-page header of its own."""
    start = document.rfind("<w:sectPr")
    end = document.find("</w:sectPr>", start)
    if start < 0 or end < 0:
        return document
    head_end = document.index(">", start) + 1
    inner = document[head_end:end]
    inner = re.sub(r"<w:(header|footer)Reference\b[^>]*/>", "", inner)
    inner = re.sub(r"<w:titlePg\b[^>]*/>", "", inner)
    inner = re.sub(r"<w:footnotePr>.*?</w:footnotePr>", "", inner, flags=re.S)
    refs = "".join(f'<w:{kind}Reference w:type="{use}" r:id="{rid}"/>' for rid, kind, use in _PARTS)
    later = re.search(r"<w:(textDirection|bidi|rtlGutter|docGrid|printerSettings|sectPrChange)\b", inner)
    cut = later.start() if later else len(inner)
    notes = '<w:footnotePr><w:numRestart w:val="continuous"/></w:footnotePr>'  # else LibreOffice restarts per chapter
    inner = refs + notes + inner[:cut] + "<w:titlePg/>" + inner[cut:]
    opening = document[start:head_end]
    if "xmlns:r=" not in document[: document.find(">", document.find("<w:document")) + 1]:
        opening = opening.replace("<w:sectPr", f'<w:sectPr xmlns:r="{R}"', 1)
    return document[:start] + opening + inner + document[end:]


def _relationships(rels: str) -> str:
    """Relationships to briefgen's header and footer parts."""
    rels = re.sub(r'<Relationship Id="briefgen\w+"[^>]*/>', "", rels)
    added = "".join(
        f'<Relationship Id="{rid}" Type="{_HEADER_TYPE if kind == "header" else _FOOTER_TYPE}" Target="{rid}.xml"/>'
        for rid, kind, _ in _PARTS
    )
    return rels.replace("</Relationships>", added + "</Relationships>")


def _content_types(types: str) -> str:
    """Content types for briefgen's header and footer parts."""
    added = "".join(
        f'<Override PartName="/word/{rid}.xml" ContentType="{_PART_TYPE.format(kind)}"/>'
        for rid, kind, _ in _PARTS
        if f"/word/{rid}.xml" not in types
    )
    return types.replace("</Types>", added + "</Types>")


def _core(f: Furniture) -> str:
    """docProps/core.xml: title, author, subject, keywords, language, dates from the epoch."""
    when = iso_date(f.epoch)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(f.title)}</dc:title><dc:subject>{escape(f.subject)}</dc:subject>"
        f"<dc:creator>{escape('; '.join(f.authors))}</dc:creator>"
        f"<cp:keywords>{escape(', '.join(f.keywords))}</cp:keywords>"
        f"<dc:description>{escape(f.subject)}</dc:description><dc:language>{escape(f.lang)}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )
