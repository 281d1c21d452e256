"""Finish an .odt from pandoc: header and footer, named styles, alt text, list and cell styles, meta.xml."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from briefgen.render.office_package import Furniture, read, rezip
from briefgen.render.timestamps import iso_date

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
    content = _frame_descriptions(
        _unsplit_rows(_row_heads(_table_cells(read(data, "content.xml"), styles), styles)), alts
    )
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


_ROW_HEAD = re.compile(
    r'(<table:table-cell table:style-name="TableRowCell"[^>]*>\s*<text:p text:style-name=")Table_20_Heading"'
)


def _row_heads(content: str, styles: str) -> str:
    """A row's head cell (the matrix's option or criterion) takes 'Table Row Heading', not 'Table Heading'.

    Pandoc gives both the header row and the row heads 'Table Heading', whose white text suits only the
    header row's shaded cells: on a row's white cell the option's name was invisible.
    """
    if 'style:name="Table_20_Row_20_Heading"' not in styles:
        return content
    return _ROW_HEAD.sub(r'\1Table_20_Row_20_Heading"', content)


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


_ROW_STYLE = (
    '<style:style style:name="briefgenRow" style:family="table-row">'
    '<style:table-row-properties fo:keep-together="always"/></style:style>'
)


def _unsplit_rows(content: str) -> str:
    """Every table row kept on one page, as the PDF keeps them (`tr { break-inside: avoid }`)."""
    if "<table:table-row>" not in content:
        return content
    content = content.replace("</office:automatic-styles>", f"{_ROW_STYLE}</office:automatic-styles>", 1)
    return content.replace("<table:table-row>", '<table:table-row table:style-name="briefgenRow">')


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
        f"<style:footer>{foot}</style:footer><style:footer-first>{foot}</style:footer-first>"
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
