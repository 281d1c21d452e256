"""Write each packaged style's reference.docx and reference.odt: pandoc's defaults with the house look.

Run `make reference-docs` (or `python tools/reference_docs.py`) after changing a theme below; the
results are committed under src/briefgen/styles/NAME/. The same pandoc gives the same bytes: the
styles are edited as text with the standard library and the zip is written with fixed timestamps.

Word and LibreOffice do not carry the PDF's bundled Linux Libertine and Biolinum, so the templates
name fonts every office machine has (Georgia, Arial); a house can change them in Word or here.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefgen.brief.pandoc_run import pandoc_path  # noqa: E402
from briefgen.render.office import STYLES  # noqa: E402  the package is imported from the source tree
from briefgen.render.office_odt import odf_name  # noqa: E402
from briefgen.render.office_package import rezip  # noqa: E402


@dataclass(frozen=True)
class Theme:
    """A house look: fonts, sizes in points, colours as hex without '#', numbered headings or not."""

    body: str
    heading: str
    size: float
    ink: str
    muted: str
    accent: str
    soft: str
    warn: str
    rule: str
    numbered: bool
    title_size: float
    margins_mm: tuple[int, int, int, int]  # top, right, bottom, left


THEMES = {
    "default": Theme(
        "Georgia", "Arial", 10, "1D2330", "5A6270", "1F4E79", "EAF1F8", "A33A2A", "C9D2DE", False, 22, (18, 18, 20, 18)
    ),
    "parliamentary": Theme(
        "Arial", "Arial", 9.5, "111111", "4D4D4D", "006548", "EEF5F1", "9B1C1C", "B9C7BF", True, 24, (16, 19, 18, 19)
    ),
}


@dataclass(frozen=True)
class Look:
    """One style's look in terms both writers understand."""

    font: str = ""
    size: float = 0
    bold: bool = False
    italic: bool = False
    colour: str = ""
    caps: bool = False
    before: float = -1
    after: float = -1
    keep_next: bool = False
    fill: str = ""
    border_left: str = ""
    border_top: str = ""
    border_all: str = ""
    centre: bool = False
    indent: float = 0
    hang: float = 0  # a hanging indent (footnotes)
    tabs: bool = False  # centre and right tab stops across the text width (page header and footer)


def looks(t: Theme) -> dict[str, tuple[str, str, Look]]:
    """Each style by display name: (kind, parent, look)."""
    h, small = t.heading, t.size - 1.5
    return {
        "Title": ("paragraph", "", Look(h, t.title_size, True, colour=t.accent, after=4)),
        "Subtitle": ("paragraph", "", Look(h, 12.5, italic=True, colour=t.muted, after=6)),
        "Heading 1": ("paragraph", "", Look(h, 13.5, True, colour=t.accent, before=14, after=5, keep_next=True)),
        "Heading 2": ("paragraph", "", Look(h, 11.5, True, colour=t.ink, before=10, after=3, keep_next=True)),
        "Heading 3": ("paragraph", "", Look(h, t.size, True, colour=t.ink, before=8, after=2, keep_next=True)),
        "Marking": ("paragraph", "", Look(h, 9, True, colour=t.warn, caps=True, after=2)),
        "Status banner": ("paragraph", "", Look(h, 9, True, colour=t.warn, caps=True, after=4)),
        "Organisation": ("paragraph", "", Look(h, 9, True, colour=t.muted, caps=True, after=3)),
        "Masthead": ("paragraph", "", Look(h, 8.5, colour=t.muted, after=1)),
        "Masthead label": ("character", "", Look(bold=True, colour=t.ink)),
        "Unnumbered heading": ("paragraph", "Heading 1", Look()),
        "Summary": ("paragraph", "", Look(size=t.size + 1, fill=t.soft, border_left=t.accent, after=4, indent=4)),
        "Key point": ("paragraph", "", Look(fill=t.soft, after=2)),
        "Key figure": ("paragraph", "", Look(h, small + 0.5, after=3)),
        "Key figure value": ("character", "", Look(h, 15, True, colour=t.accent)),
        "Changes": ("paragraph", "", Look(size=small, border_all="8A6D00", after=2, indent=2)),
        "Option heading": ("paragraph", "Heading 2", Look()),
        "Option letter": ("character", "", Look(colour=t.accent)),
        "Recommended": ("character", "", Look(bold=True, colour=t.accent)),
        "Point for": ("paragraph", "", Look(after=2)),
        "Point against": ("paragraph", "", Look(after=2)),
        "Cost": ("paragraph", "", Look(after=6)),
        "Rating symbol": ("character", "", Look(colour=t.accent)),
        "Table note": ("paragraph", "", Look(h, small - 0.5, colour=t.muted, after=0)),  # the table's own font
        "Formula": ("character", "", Look(h, small - 1, italic=True, colour=t.muted)),
        "Recommendation": ("paragraph", "", Look(fill=t.soft, border_top=t.accent, after=3, indent=4, keep_next=True)),
        "Figure note": ("paragraph", "", Look(size=small, colour=t.muted, after=1)),
        "Figure source": ("paragraph", "", Look(size=small, italic=True, colour=t.muted, after=8)),
        "Box": ("paragraph", "", Look(size=small + 0.5, fill=t.soft, border_all=t.rule, after=0, indent=4)),
        "Box title": (
            "paragraph",
            "",
            Look(h, t.size, True, fill=t.soft, border_all=t.rule, keep_next=True, after=0, indent=4),
        ),
        "Reference": ("paragraph", "", Look(size=small, after=2)),
        "Status line": ("paragraph", "", Look(h, 8, True, colour=t.warn, caps=True, centre=True)),
        "Header": ("paragraph", "", Look(h, 8, colour=t.muted, tabs=True)),
        "Footer": ("paragraph", "", Look(h, 8, colour=t.muted, tabs=True)),
        "Image Caption": ("paragraph", "", Look(h, small, True, colour=t.ink, after=2)),
        "Footnote Text": ("paragraph", "", Look(size=small - 1, after=0, hang=10)),
    }


def pandoc_default(name: str) -> bytes:
    """One of pandoc's default data files."""
    return subprocess.run([pandoc_path(), "--print-default-data-file", name], capture_output=True, check=True).stdout


# ---- Word ------------------------------------------------------------------------------------------


def _half_points(pt: float) -> int:
    """A size in half-points, as Word writes font sizes."""
    return round(pt * 2)


def _twips(pt: float) -> int:
    """A length in twentieths of a point."""
    return round(pt * 20)


def docx_rpr(look: Look) -> str:
    """Run properties."""
    parts = []
    if look.font:
        f = quoteattr(look.font)
        parts.append(f"<w:rFonts w:ascii={f} w:hAnsi={f} w:cs={f} w:eastAsia={f}/>")
    parts += ["<w:b/><w:bCs/>"] if look.bold else []
    parts += ["<w:i/><w:iCs/>"] if look.italic else []
    parts += ["<w:caps/>"] if look.caps else []
    parts += [f'<w:color w:val="{look.colour}"/>'] if look.colour else []
    if look.size:
        parts.append(f'<w:sz w:val="{_half_points(look.size)}"/><w:szCs w:val="{_half_points(look.size)}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def docx_ppr(look: Look, outline: int | None = None, numbering: str = "") -> str:
    """Paragraph properties, in the order the schema wants."""
    parts = ["<w:keepNext/>"] if look.keep_next else []
    parts.append(numbering)
    borders = ""
    line = '<w:{side} w:val="single" w:sz="{size}" w:space="4" w:color="{colour}"/>'
    if look.border_all:
        borders = "".join(
            line.format(side=s, size=6, colour=look.border_all) for s in ("top", "left", "bottom", "right")
        )
    elif look.border_top or look.border_left:
        borders = line.format(side="top", size=18, colour=look.border_top) if look.border_top else ""
        borders += line.format(side="left", size=18, colour=look.border_left) if look.border_left else ""
    parts += [f"<w:pBdr>{borders}</w:pBdr>"] if borders else []
    parts += [f'<w:shd w:val="clear" w:color="auto" w:fill="{look.fill}"/>'] if look.fill else []
    if look.before >= 0 or look.after >= 0:
        before = f' w:before="{_twips(look.before)}"' if look.before >= 0 else ""
        after = f' w:after="{_twips(look.after)}"' if look.after >= 0 else ""
        parts.append(f"<w:spacing{before}{after}/>")
    if look.indent:
        parts.append(f'<w:ind w:left="{_twips(look.indent)}" w:right="{_twips(look.indent)}"/>')
    parts += ['<w:jc w:val="center"/>'] if look.centre else []
    parts += [f'<w:outlineLvl w:val="{outline}"/>'] if outline is not None else []
    body = "".join(parts)
    return f"<w:pPr>{body}</w:pPr>" if body else ""


def docx_id(name: str) -> str:
    """Word's style id for a display name (spaces dropped), as pandoc and Word make them."""
    return name.replace(" ", "")


OUTLINE = {"Heading 1": 0, "Heading 2": 1, "Heading 3": 2, "Unnumbered heading": 0, "Option heading": 1}


def docx_style(name: str, kind: str, parent: str, look: Look, theme: Theme) -> str:
    """One <w:style>."""
    sid = docx_id(name)
    based = parent or ("Normal" if kind == "paragraph" else "DefaultParagraphFont")
    if name == "Normal":
        based = ""
    numbering = ""
    if theme.numbered and name == "Heading 1":
        numbering = '<w:numPr><w:numId w:val="700"/></w:numPr>'
    elif theme.numbered and name == "Unnumbered heading":
        numbering = '<w:numPr><w:numId w:val="0"/></w:numPr>'
    ppr = docx_ppr(look, OUTLINE.get(name), numbering) if kind == "paragraph" else ""
    custom = (
        ""
        if name.startswith(("Heading", "Title", "Subtitle", "Header", "Footer", "Footnote"))
        else ' w:customStyle="1"'
    )
    based_xml = f'<w:basedOn w:val="{docx_id(based)}"/>' if based else ""
    return (
        f'<w:style w:type="{kind}"{custom} w:styleId="{sid}"><w:name w:val="{name}"/>{based_xml}'
        f"<w:qFormat/>{ppr}{docx_rpr(look)}</w:style>"
    )


def table_style(t: Theme) -> str:
    """The 'Table' style pandoc gives every table: ruled cells, a shaded header row."""
    line = f'w:val="single" w:sz="4" w:space="0" w:color="{t.rule}"'
    borders = "".join(f"<w:{s} {line}/>" for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (
        '<w:style w:type="table" w:default="1" w:styleId="Table"><w:name w:val="Table"/>'
        '<w:basedOn w:val="TableNormal"/>'
        f'<w:rPr><w:rFonts w:ascii="{t.heading}" w:hAnsi="{t.heading}" w:cs="{t.heading}"/>'
        f'<w:sz w:val="{_half_points(t.size - 1.5)}"/></w:rPr>'
        f'<w:tblPr><w:tblBorders>{borders}</w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/>'
        '<w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{t.accent}"/></w:tcPr></w:tblStylePr></w:style>'
    )


def docx_styles(xml: str, t: Theme) -> str:
    """pandoc's styles.xml with the house's defaults and every named style."""
    f = quoteattr(t.body)
    xml = re.sub(r"<w:rFonts [^>]*/>", f"<w:rFonts w:ascii={f} w:hAnsi={f} w:cs={f} w:eastAsia={f}/>", xml, count=1)
    xml = re.sub(
        r'(<w:rPrDefault>.*?<w:sz w:val=")\d+(" />\s*<w:szCs w:val=")\d+',
        rf"\g<1>{_half_points(t.size)}\g<2>{_half_points(t.size)}",
        xml,
        count=1,
        flags=re.S,
    )
    # w:color sits between the fonts and the size in a run's properties (the schema's order)
    xml = re.sub(r"(<w:rPrDefault>.*?)(<w:sz )", rf'\g<1><w:color w:val="{t.ink}"/>\g<2>', xml, count=1, flags=re.S)
    named = looks(t)
    named.update({name: (kind, "", Look()) for name, kind, _ in STYLES if name not in named})
    for name in named:
        xml = re.sub(rf'<w:style [^>]*w:styleId="{docx_id(name)}">.*?</w:style>', "", xml, flags=re.S)
    xml = re.sub(r'<w:style [^>]*w:styleId="Table">.*?</w:style>', "", xml, flags=re.S)
    added = "".join(docx_style(name, kind, parent, look, t) for name, (kind, parent, look) in named.items())
    return xml.replace("</w:styles>", added + table_style(t) + "</w:styles>")


def docx_numbering(xml: str) -> str:
    """A decimal outline '1.' for Heading 1 (parliamentary): section numbers carried by the style."""
    level = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl>'
    )
    abstract = f'<w:abstractNum w:abstractNumId="700"><w:multiLevelType w:val="singleLevel"/>{level}</w:abstractNum>'
    xml = re.sub(r"(<w:numbering[^>]*>)", lambda m: m.group(1) + abstract, xml, count=1)
    return xml.replace("</w:numbering>", '<w:num w:numId="700"><w:abstractNumId w:val="700"/></w:num></w:numbering>')


def docx_page(xml: str, t: Theme) -> str:
    """A4 with the house's margins."""
    top, right, bottom, left = (round(mm * 56.7) for mm in t.margins_mm)
    xml = re.sub(r"<w:pgSz [^>]*/>", '<w:pgSz w:w="11906" w:h="16838"/>', xml)
    margins = f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
    margins += 'w:header="454" w:footer="454" w:gutter="0"/>'
    return re.sub(r"<w:pgMar [^>]*/>", margins, xml)


def reference_docx(t: Theme) -> bytes:
    """The house's reference.docx."""
    base = pandoc_default("reference.docx")
    with zipfile.ZipFile(BytesIO(base)) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        numbering = z.read("word/numbering.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
    replace = {"word/styles.xml": docx_styles(styles, t), "word/document.xml": docx_page(document, t)}
    if t.numbered:
        replace["word/numbering.xml"] = docx_numbering(numbering)
    return rezip(base, {k: v.encode("utf-8") for k, v in replace.items()}, 0)


# ---- OpenDocument ---------------------------------------------------------------------------------------


def odt_props(look: Look, t: Theme) -> str:
    """Paragraph and text properties."""
    para = []
    if look.before >= 0:
        para.append(f'fo:margin-top="{look.before}pt"')
    if look.after >= 0:
        para.append(f'fo:margin-bottom="{look.after}pt"')
    if look.keep_next:
        para.append('fo:keep-with-next="always"')
    if look.fill:
        para.append(f'fo:background-color="#{look.fill}"')
    if look.border_all:
        para.append(f'fo:border="0.5pt solid #{look.border_all}" fo:padding="3pt"')
    if look.border_left:
        para.append(f'fo:border-left="1.5pt solid #{look.border_left}" fo:padding="3pt"')
    if look.border_top:
        para.append(f'fo:border-top="1.5pt solid #{look.border_top}" fo:padding="3pt"')
    if look.indent:
        para.append(f'fo:margin-left="{look.indent}pt" fo:margin-right="{look.indent}pt"')
    if look.centre:
        para.append('fo:text-align="center"')
    if look.hang:
        para.append(f'fo:margin-left="{look.hang}pt" fo:text-indent="-{look.hang}pt"')
    text = []
    if look.font:
        text.append(f"style:font-name={quoteattr(look.font)}")
    if look.size:
        text.append(f'fo:font-size="{look.size}pt"')
    text += ['fo:font-weight="bold"'] if look.bold else []
    text += ['fo:font-style="italic"'] if look.italic else []
    text += ['fo:text-transform="uppercase"'] if look.caps else []
    text += [f'fo:color="#{look.colour}"'] if look.colour else []
    out = f"<style:paragraph-properties {' '.join(para)}/>" if para else ""
    if look.tabs:
        width = 210 - t.margins_mm[1] - t.margins_mm[3]
        stops = f'<style:tab-stop style:position="{width / 2}mm" style:type="center"/>'
        stops += f'<style:tab-stop style:position="{width}mm" style:type="right"/>'
        inner = f"<style:tab-stops>{stops}</style:tab-stops>"
        out = f"<style:paragraph-properties {' '.join(para)}>{inner}</style:paragraph-properties>"
    return out + (f"<style:text-properties {' '.join(text)}/>" if text else "")


ODT_PARENTS = {"paragraph": "Standard", "character": ""}
ODT_NAMES = {"Image Caption": "FigureCaption", "Footnote Text": "Footnote"}  # pandoc's names in OpenDocument


def odt_name(name: str) -> str:
    """The ODF style name pandoc's ODT writer uses for a display name."""
    return ODT_NAMES.get(name, odf_name(name))


def odt_style(name: str, kind: str, parent: str, look: Look, t: Theme) -> str:
    """One <style:style> in office:styles."""
    family = "paragraph" if kind == "paragraph" else "text"
    parent_name = odf_name(parent) if parent else ODT_PARENTS[kind]
    if name.startswith("Heading"):
        parent_name = "Heading"
    attrs = f' style:parent-style-name="{parent_name}"' if parent_name else ""
    level = OUTLINE.get(name)
    if level is not None and not name.startswith("Heading"):
        attrs += f' style:default-outline-level="{level + 1}"'
    if name.startswith("Heading"):
        attrs += f' style:default-outline-level="{name[-1]}" style:next-style-name="Text_20_body"'
    return (
        f'<style:style style:name="{odt_name(name)}" style:display-name={quoteattr(name)} '
        f'style:family="{family}"{attrs}>{odt_props(look, t)}</style:style>'
    )


def odt_table_styles(t: Theme) -> str:
    """Cell styles briefgen copies into pandoc's table cells, and the cells' paragraph styles."""
    line = f"0.5pt solid #{t.rule}"
    small = t.size - 1.5
    return (
        '<style:style style:name="Table_20_Header_20_Cell" style:display-name="Table Header Cell" '
        f'style:family="table-cell"><style:table-cell-properties fo:background-color="#{t.accent}" '
        f'fo:border="0.5pt solid #{t.accent}" fo:padding="1.5mm"/></style:style>'
        '<style:style style:name="Table_20_Cell" style:display-name="Table Cell" style:family="table-cell">'
        f'<style:table-cell-properties fo:border="{line}" fo:padding="1.5mm"/></style:style>'
        '<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" '
        f'style:parent-style-name="Standard"><style:text-properties style:font-name={quoteattr(t.heading)} '
        f'fo:font-size="{small}pt"/></style:style>'
        '<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" '
        f'style:parent-style-name="Table_20_Contents"><style:text-properties fo:font-weight="bold" fo:color="#FFFFFF"/>'
        "</style:style>"
        '<style:style style:name="Table_20_Row_20_Heading" style:display-name="Table Row Heading" '
        'style:family="paragraph" style:parent-style-name="Table_20_Contents">'
        '<style:text-properties fo:font-weight="bold"/></style:style>'
    )


def odt_styles(xml: str, t: Theme) -> str:
    """pandoc's styles.xml with the house's fonts, named styles, outline numbering and an A4 page."""
    for name in ("Table_20_Contents", "Table_20_Heading", "Table_20_Row_20_Heading"):
        xml = re.sub(rf'<style:style style:name="{name}"[^>]*?(/>|>.*?</style:style>)', "", xml, flags=re.S)
    named = looks(t)
    named.update({name: (kind, "", Look()) for name, kind, _ in STYLES if name not in named})
    for name in named:
        xml = re.sub(rf'<style:style style:name="{odt_name(name)}"[^>]*?(/>|>.*?</style:style>)', "", xml, flags=re.S)
    fonts = "".join(
        f"<style:font-face style:name={quoteattr(f)} svg:font-family={quoteattr(f)}/>" for f in (t.body, t.heading)
    )
    xml = xml.replace("<office:font-face-decls>", "<office:font-face-decls>" + fonts, 1)
    base = (
        '<style:style style:name="Standard" style:family="paragraph" style:class="text"><style:text-properties '
        f'style:font-name={quoteattr(t.body)} fo:font-size="{t.size}pt" fo:color="#{t.ink}"/></style:style>'
    )
    xml = re.sub(
        r'<style:style style:name="Standard" style:family="paragraph".*?</style:style>', base, xml, count=1, flags=re.S
    )
    heading = (
        '<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" '
        'style:next-style-name="Text_20_body" style:class="text">'
        f"<style:text-properties style:font-name={quoteattr(t.heading)}/></style:style>"
    )
    xml = re.sub(
        r'<style:style style:name="Heading" style:family="paragraph".*?</style:style>',
        heading,
        xml,
        count=1,
        flags=re.S,
    )
    added = "".join(odt_style(name, kind, parent, look, t) for name, (kind, parent, look) in named.items())
    xml = xml.replace("</office:styles>", added + odt_table_styles(t) + "</office:styles>", 1)
    if t.numbered:
        xml = xml.replace(
            '<text:outline-level-style text:level="1" style:num-format="">',
            '<text:outline-level-style text:level="1" style:num-format="1" style:num-suffix=". ">',
            1,
        )
    return odt_page(xml, t)


def odt_page(xml: str, t: Theme) -> str:
    """A4 with the house's margins, room for a header and a footer."""
    top, right, bottom, left = t.margins_mm
    layout = (
        '<style:page-layout style:name="Mpm1"><style:page-layout-properties fo:page-width="210mm" '
        f'fo:page-height="297mm" style:num-format="1" style:print-orientation="portrait" fo:margin-top="{top - 8}mm" '
        f'fo:margin-bottom="{bottom - 8}mm" fo:margin-left="{left}mm" fo:margin-right="{right}mm" '
        'style:writing-mode="lr-tb"/><style:header-style><style:header-footer-properties fo:min-height="0mm" '
        'fo:margin-bottom="4mm"/></style:header-style><style:footer-style><style:header-footer-properties '
        'fo:min-height="0mm" fo:margin-top="4mm"/></style:footer-style></style:page-layout>'
    )
    return re.sub(r'<style:page-layout style:name="Mpm1">.*?</style:page-layout>', layout, xml, count=1, flags=re.S)


def reference_odt(t: Theme) -> bytes:
    """The house's reference.odt."""
    base = pandoc_default("reference.odt")
    with zipfile.ZipFile(BytesIO(base)) as z:
        styles = z.read("styles.xml").decode("utf-8")
    return rezip(base, {"styles.xml": odt_styles(styles, t).encode("utf-8")}, 0)


def main() -> None:
    """Write both reference documents for every packaged style."""
    for name, theme in THEMES.items():
        folder = ROOT / "src" / "briefgen" / "styles" / name
        (folder / "reference.docx").write_bytes(reference_docx(theme))
        (folder / "reference.odt").write_bytes(reference_odt(theme))
        print(f"wrote {folder / 'reference.docx'} and reference.odt")


if __name__ == "__main__":
    main()
