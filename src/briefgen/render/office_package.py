"""Finish the packages pandoc writes: page header and footer, document properties, fixed zip timestamps.

Pandoc copies the reference document's page set-up but knows nothing of a brief's marking, its
draft status or 'Page n of N'; and it stamps some zip entries with the time of the run. Here the
zip is rewritten with the standard library: same entries in the same order, every timestamp and
every date in the properties taken from the build's epoch, so the same sources give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from briefgen.render.timestamps import iso_date

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


@dataclass(frozen=True)
class Furniture:
    """What the page header, footer and the document properties say."""

    title: str
    authors: tuple[str, ...]
    subject: str
    keywords: tuple[str, ...]
    lang: str
    marking: str | None
    status_line: str | None  # 'DRAFT', 'For review', 'uncommitted changes', or None when final
    footer: str
    page: str
    of: str
    epoch: int


def rezip(data: bytes, replace: dict[str, bytes], epoch: int) -> bytes:
    """The package with some entries replaced or added, entries in their order, every timestamp fixed."""
    moment = max(_ZIP_EPOCH, datetime.fromtimestamp(epoch, tz=UTC).timetuple()[:6])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = [info.filename for info in source.infolist()]
        for name in [*names, *(n for n in replace if n not in names)]:
            info = zipfile.ZipInfo(name, date_time=moment)
            stored = name == "mimetype"  # ODF: the first entry, uncompressed
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, replace[name] if name in replace else source.read(name))
    return out.getvalue()


def read(data: bytes, name: str) -> str:
    """One entry of a package as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


# ---- Word ----------------------------------------------------------------------------------------

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
    replace["word/document.xml"] = _section(_image_descriptions(document)).encode("utf-8")
    replace["word/_rels/document.xml.rels"] = _relationships(read(data, "word/_rels/document.xml.rels")).encode("utf-8")
    replace["[Content_Types].xml"] = _content_types(read(data, "[Content_Types].xml")).encode("utf-8")
    replace["docProps/core.xml"] = _core(furniture).encode("utf-8")
    return rezip(data, replace, furniture.epoch)


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


# ---- OpenDocument ----------------------------------------------------------------------------------

_ODF_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def finish_odt(
    data: bytes, furniture: Furniture, styles_needed: list[tuple[str, str]], alts: list[str], lists: list[str]
) -> bytes:
    """Add the header and footer, any named style the template lacks, images' alt text, list styles, metadata."""
    styles = read(data, "styles.xml")
    styles = _add_missing_styles(styles, styles_needed)
    content = _frame_descriptions(_table_cells(read(data, "content.xml"), styles), alts)
    content = _common_parents(_list_paragraphs(content, lists))
    styles = _master_page(styles, furniture)
    replace = {"styles.xml": styles.encode("utf-8"), "meta.xml": _meta(furniture).encode("utf-8")}
    replace["content.xml"] = content.encode("utf-8")
    return rezip(data, replace, furniture.epoch)


_FRAME_IMAGE = re.compile(r"(<draw:frame\b[^>]*>\s*<draw:image\b[^>]*?(?:/>|>.*?</draw:image>))", re.S)


def _frame_descriptions(content: str, alts: list[str]) -> str:
    """Each image's alt text as its frame's description (svg:desc), which pandoc's ODT writer leaves out.

    Pandoc writes one frame per image in document order, so the n-th frame holds the n-th image.
    """
    frames = _FRAME_IMAGE.findall(content)
    if len(frames) != len(alts):
        return content
    texts = iter(alts)

    def describe(match: re.Match[str]) -> str:
        return f"{match.group(1)}<svg:desc>{escape(next(texts))}</svg:desc>"

    return _FRAME_IMAGE.sub(describe, content)


_AUTOMATIC = re.compile(r'<style:style style:name="([^"]+)" style:family="paragraph" style:parent-style-name="([^"]+)"')


def _common_parents(content: str) -> str:
    """An automatic style based on another automatic style is based on that one's parent instead.

    Pandoc bases aligned table cells' styles on its own automatic styles; ODF allows only a named
    style as a parent, so LibreOffice dropped the Table Heading / Table Contents look from those cells.
    """
    parents = dict(_AUTOMATIC.findall(content))

    def common(name: str) -> str:
        seen = set()
        while name in parents and name not in seen:
            seen.add(name)
            name = parents[name]
        return name

    def fix(match: re.Match[str]) -> str:
        return match.group(0).replace(
            f'parent-style-name="{match.group(2)}"', f'parent-style-name="{common(match.group(2))}"'
        )

    return _AUTOMATIC.sub(fix, content)


_LIST_TAG = re.compile(r"<text:list(?=[\s>])[^>]*>|</text:list>")


def _list_paragraphs(content: str, names: list[str]) -> str:
    """The items of a list in a named style (key points, points for and against, references) take that style.

    Pandoc's ODT writer gives each top-level list's paragraphs an automatic style based on Text body,
    dropping the Div's custom style; `names` holds, in document order, each top-level list's style or ''.
    """
    firsts: list[str] = []
    depth = 0
    for tag in _LIST_TAG.finditer(content):
        if tag.group(0).startswith("</"):
            depth -= 1
            continue
        if depth == 0:
            item = re.search(r'<text:p text:style-name="([^"]+)"', content[tag.end() :])
            firsts.append(item.group(1) if item else "")
        depth += 1
    if len(firsts) != len(names):
        return content
    for automatic, named in zip(firsts, names, strict=True):
        if automatic and named:
            head = rf'(<style:style style:name="{automatic}" style:family="paragraph" style:parent-style-name=")'
            content = re.sub(head + '[^"]*"', rf'\g<1>{named}"', content, count=1)
    return content


_CELL_STYLES = {"TableHeaderRowCell": "Table_20_Header_20_Cell", "TableRowCell": "Table_20_Cell"}


def _table_cells(content: str, styles: str) -> str:
    """Table cells take the borders and shading of the template's 'Table Header Cell' and 'Table Cell' styles.

    Pandoc writes its own cell styles without borders; a cell cannot name a template's style directly.
    """
    for automatic, named in _CELL_STYLES.items():
        found = re.search(
            rf'<style:style [^>]*style:name="{named}"[^>]*>\s*(<style:table-cell-properties[^>]*/>)', styles
        )
        if found is None:
            continue
        pattern = (
            rf'(<style:style style:name="{automatic}" style:family="table-cell">\s*)<style:table-cell-properties[^>]*/>'
        )
        properties = found.group(1)

        def copy(match: re.Match[str], properties: str = properties) -> str:
            return match.group(1) + properties

        content = re.sub(pattern, copy, content, count=1)
    return content


def odf_name(name: str) -> str:
    """A style's display name as an ODF style name: 'Key point' -> 'Key_20_point'."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-.") else f"_{ord(c):x}_" for c in name)


def _add_missing_styles(styles: str, needed: list[tuple[str, str]]) -> str:
    """Define any named style the reference.odt lacks, as plain body text, so every element stays named."""
    added = []
    for name, kind in needed:
        if f'style:name="{odf_name(name)}"' in styles:
            continue
        family, parent = ("paragraph", "Text_20_body") if kind == "paragraph" else ("text", "")
        parent_attr = f' style:parent-style-name="{parent}"' if parent else ""
        added.append(
            f'<style:style style:name="{odf_name(name)}" style:display-name={quoteattr(name)} '
            f'style:family="{family}"{parent_attr}/>'
        )
    return styles.replace("</office:styles>", "".join(added) + "</office:styles>", 1)


def _odf_line(style: str, body: str) -> str:
    """One paragraph of a header or footer."""
    return f'<text:p text:style-name="{style}">{body}</text:p>'


def _master_page(styles: str, f: Furniture) -> str:
    """The Standard master page with briefgen's header (first page without the title) and footer."""
    tab = "<text:tab/>"
    marking = f'<text:span text:style-name="Strong_20_Emphasis">{escape(f.marking)}</text:span>' if f.marking else ""
    status = [_odf_line("Status_20_line", escape(f.status_line.upper()))] if f.status_line else []
    head = "".join([_odf_line("Header", tab + marking + tab + escape(f.title)), *status])
    first = "".join([_odf_line("Header", tab + marking), *status])
    pages = f'{escape(f.page)} <text:page-number text:select-page="current">1</text:page-number> {escape(f.of)} '
    pages += "<text:page-count>1</text:page-count>"
    foot = _odf_line("Footer", escape(f.footer) + tab + tab + pages)
    foot += _odf_line("Footer", tab + marking) if f.marking else ""
    furniture = (
        f"<style:header>{head}</style:header><style:header-first>{first}</style:header-first>"
        f"<style:footer>{foot}</style:footer>"
    )
    match = re.search(r'<style:master-page [^>]*style:name="Standard"[^>]*?(/>|>)', styles)
    if match is None:
        return styles
    if match.group(1) == "/>":
        opening = match.group(0)[:-2] + ">"
        return styles[: match.start()] + opening + furniture + "</style:master-page>" + styles[match.end() :]
    end = styles.index("</style:master-page>", match.end())
    inner = re.sub(
        r"<style:(header|header-first|footer|header-left|footer-left|footer-first)\b.*?</style:\1>",
        "",
        styles[match.end() : end],
        flags=re.S,
    )
    return styles[: match.end()] + furniture + inner + styles[end:]


def _meta(f: Furniture) -> str:
    """meta.xml: title, subject, keywords, creator, language, dates from the epoch."""
    when = iso_date(f.epoch)
    keywords = "".join(f"<meta:keyword>{escape(k)}</meta:keyword>" for k in f.keywords)
    names = " ".join(f'xmlns:{k}="{v}"' for k, v in _ODF_NS.items())
    creator = escape("; ".join(f.authors))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {names} office:version="1.3"><office:meta>'
        f"<meta:generator>briefgen</meta:generator><dc:title>{escape(f.title)}</dc:title>"
        f"<dc:subject>{escape(f.subject)}</dc:subject><dc:description>{escape(f.subject)}</dc:description>"
        f"{keywords}<meta:initial-creator>{creator}</meta:initial-creator><dc:creator>{creator}</dc:creator>"
        f"<dc:language>{escape(f.lang)}</dc:language>"
        f"<meta:creation-date>{when}</meta:creation-date><dc:date>{when}</dc:date>"
        "</office:meta></office:document-meta>"
    )
