"""DOCX and ODT output, second half: the view model laid out as one pandoc document in named styles.

The document follows the PDF's reading order (render/layout.py builds the view model in that order,
numbering notes as it goes), so Word's and LibreOffice's own footnote numbers match the PDF's.
Every element carries a named style (STYLES) that a house reference.docx or reference.odt restyles.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefgen.brief.check import Checked
from briefgen.render import pandoc_ast as ast
from briefgen.render.layout import layout
from briefgen.render.pandoc_ast import Element
from briefgen.render.pandoc_target import PandocTarget, blocks_of, inlines_of
from briefgen.render.templates import changes_view

# Named styles briefgen applies, beyond the writers' own (Title, Subtitle, Heading 1-6, Body Text,
# Footnote Text, Image Caption, Header, Footer...): (name, kind, what it marks).
STYLES: tuple[tuple[str, str, str], ...] = (
    ("Organisation", "paragraph", "the organisation above the title"),
    ("Masthead", "paragraph", "the lines under the title: authors, date, reference, status, audience, version"),
    ("Masthead label", "character", "'By', 'Date'… at the start of a masthead line"),
    ("Unnumbered heading", "paragraph", "the Summary and Key figures headings (outline level 1, never numbered)"),
    ("Summary", "paragraph", "the summary's paragraphs"),
    ("Key point", "paragraph", "each key point"),
    ("Key figure", "paragraph", "each key figure's line"),
    ("Key figure value", "character", "a key figure's value"),
    ("Changes", "paragraph", "the 'Changes since' box"),
    ("Option heading", "paragraph", "an option's heading (outline level 2)"),
    ("Option letter", "character", "'Option A' in an option's heading"),
    ("Recommended", "character", "the '(Recommended)' mark on an option and in the matrix"),
    ("Point for", "paragraph", "each point for an option"),
    ("Point against", "paragraph", "each point against an option"),
    ("Cost", "paragraph", "an option's cost line"),
    ("Rating symbol", "character", "the symbol of a rating in the appraisal matrix"),
    ("Table note", "paragraph", "a rating's note in the matrix, a figure's note in the figures table"),
    ("Formula", "character", "a figure's formula, in words, in the figures table"),
    ("Recommendation", "paragraph", "the recommendation's paragraphs"),
    ("Figure note", "paragraph", "a chart's caption text under the figure"),
    ("Figure source", "paragraph", "a chart's source line"),
    ("Box", "paragraph", "the text of a box"),
    ("Box title", "paragraph", "'Box 1: …', a box's title"),
    ("Reference", "paragraph", "each entry under References"),
    ("Status line", "paragraph", "the draft or review status in the page header"),
)


def build_document(
    checked: Checked,
    charts: dict[str, bytes],
    api_version: list[int],
    labels: Any,
    *,
    stamp: str | None = None,
    changes: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The whole brief as a pandoc document, metadata included, and the view model it was built from."""
    brief = checked.brief
    target = PandocTarget(charts, Path(checked.doc.path).parent, labels)
    view = layout(checked, target, labels)
    view["changes"] = changes_view(changes, view["labels"], target.blocks)
    view["stamp"] = stamp
    parts = (masthead, summary, key_figures, changes_box, problem, background, boxes, options, matrix)
    blocks = [block for part in parts for block in part(view)]
    blocks += [block for part in (recommendation, annex, figures_table, references) for block in part(view)]
    # Only the language: pandoc would print a title block of its own from a title or authors; the
    # document properties are written after pandoc from the same view (render/office_package.py).
    meta = {"lang": ast.meta_text(str(brief.locale))}
    return ast.document(api_version, meta, blocks), view


def _items(fragment: Any) -> list[Element]:
    """A list item's blocks, as paragraphs so the list's named style applies (not pandoc's Compact)."""
    return blocks_of(fragment)


def _label(text: str, colon: str) -> list[Element]:
    """'By:' in the masthead label style."""
    return [ast.span("Masthead label", ast.words(f"{text}{colon}")), {"t": "Space"}]


def masthead(view: dict[str, Any]) -> list[Element]:
    """Organisation, title, subtitle and the lines about the brief (the marking and status are in the page header)."""
    labels = view["labels"]
    out: list[Element] = []
    if view["organisation"]:
        out.append(ast.styled_para("Organisation", ast.words(view["organisation"])))
    out.append(ast.styled_para("Title", ast.words(view["title"])))
    if view["subtitle"]:
        out.append(ast.styled_para("Subtitle", ast.words(view["subtitle"])))
    names = f"{labels['semicolon']} ".join(
        a["name"] + "".join(f", {v}" for v in (a["role"], a["organisation"]) if v) for a in view["authors"]
    )
    lines = [("by", names), ("date", view["date"]), ("reference", view["reference"])]
    lines += [("status", view["status_label"]), ("audience", view["audience"]), ("version", view["stamp"])]
    for key, value in lines:
        if value:
            out.append(ast.styled_para("Masthead", [*_label(labels[key], labels["colon"]), *ast.words(value)]))
    return out


def unnumbered(text: str) -> Element:
    """A heading at outline level 1 that a numbered house style leaves unnumbered."""
    return ast.styled_para("Unnumbered heading", ast.words(text))


def summary(view: dict[str, Any]) -> list[Element]:
    """The summary and the key points."""
    out = [unnumbered(view["labels"]["summary"]), ast.div("Summary", blocks_of(view["summary"]))]
    if view["key_points"]:
        out.append(ast.div("Key point", [ast.bullet_list([_items(p) for p in view["key_points"]])]))
    return out


def key_figures(view: dict[str, Any]) -> list[Element]:
    """Each key figure as the PDF and HTML show it: a large number, a small unit, its label and period below."""
    if not view["key_figures"]:
        return []
    out = [unnumbered(view["labels"]["key_figures"])]
    for f in view["key_figures"]:
        label = f"{f['label']} ({f['as_of']})" if f["as_of"] else f["label"]
        line = [ast.span("Key figure value", ast.words(f["number"]))]
        line += [{"t": "Space"}, *ast.words(f["unit"])] if f["unit"] else []
        out.append(ast.styled_para("Key figure", [*line, {"t": "LineBreak"}, *ast.words(label)]))
    return out


def changes_box(view: dict[str, Any]) -> list[Element]:
    """The 'Changes since' box, when the build asked for one."""
    changes = view["changes"]
    return (
        [ast.header(1, ast.words(changes["title"])), ast.div("Changes", blocks_of(changes["body"]))] if changes else []
    )


def problem(view: dict[str, Any]) -> list[Element]:
    """The problem."""
    return [ast.header(1, ast.words(view["labels"]["problem"])), *blocks_of(view["problem"])]


def background(view: dict[str, Any]) -> list[Element]:
    """The background and the charts no field placed."""
    out = [ast.header(1, ast.words(view["labels"]["background"])), *blocks_of(view["background"])]
    out = out if view["background"] else []
    return out + [b for chart in view["charts_after_background"] for b in blocks_of(chart)]


def boxes(view: dict[str, Any]) -> list[Element]:
    """Boxes no field placed, after the background, each titled 'Box n: …' (PandocTarget.box made them)."""
    return [b for box in view.get("boxes_after_background", []) for b in blocks_of(box)]


def options(view: dict[str, Any]) -> list[Element]:
    """Each option: its heading, prose, points for and against, and cost."""
    labels = view["labels"]
    out = [ast.header(1, ast.words(labels["options"]))]
    for o in view["options"]:
        heading = [ast.span("Option letter", ast.words(f"{labels['option']} {o['letter']}")), {"t": "Space"}]
        heading += ast.words(o["title"])
        if o["recommended"]:
            heading += [{"t": "Space"}, ast.span("Recommended", ast.words(f"({labels['recommended']})"))]
        out += [ast.styled_para("Option heading", heading), *blocks_of(o["summary"]), *blocks_of(o["detail"])]
        for kind, style in (("pros", "Point for"), ("cons", "Point against")):
            if o[kind]:
                out.append(ast.header(3, ast.words(labels[kind])))
                out.append(ast.div(style, [ast.bullet_list([_items(p) for p in o[kind]])]))
        if o["cost"]:
            cost = [
                ast.wrap("Strong", ast.words(f"{labels['cost']}{labels['colon']}")),
                {"t": "Space"},
                *ast.words(o["cost"]),
            ]
            out.append(ast.styled_para("Cost", cost))
    return out


def _cell_text(text: str, *extra: Element) -> list[Any]:
    """A table cell of one line of text and any blocks after it."""
    return ast.cell([ast.plain(ast.words(text)), *extra])


def matrix(view: dict[str, Any]) -> list[Element]:
    """The appraisal matrix (turned round past six criteria, as in the PDF), its key and its lettered notes."""
    if not view["matrix"]:
        return []
    labels = view["labels"]
    names = []
    for row in view["matrix"]:
        name = ast.words(f"{row['letter']}{labels['colon']} {row['title']}")
        if row["recommended"]:  # a star, as in the PDF: "(Recommended)" broke mid-word in a turned matrix's heads
            name += [{"t": "Space"}, ast.span("Recommended", ast.words("★"))]
        names.append(name)
    criteria = [ast.words(c["label"]) for c in view["criteria"]]
    if view["matrix_transposed"]:
        head = [_cell_text(labels["criterion"]), *(ast.cell([ast.plain(n)]) for n in names)]
        lines = [(criteria[i], crit["cells"]) for i, crit in enumerate(view["matrix_transposed"])]
    else:
        head = [_cell_text(labels["option"]), *(ast.cell([ast.plain(c)]) for c in criteria)]
        lines = [(names[i], row["cells"]) for i, row in enumerate(view["matrix"])]
    rows = [
        [ast.cell([ast.plain(first)]), *(ast.cell([ast.plain(_rating(c))]) for c in cells)] for first, cells in lines
    ]
    share = 0.7 / max(1, len(head) - 1)
    table = ast.table(head, rows, [0.3] + [share] * (len(head) - 1), row_heads=1)
    notes = [
        ast.styled_para("Table note", [_mark(n["mark"]), {"t": "Space"}, *ast.to_inlines(blocks_of(n["text"]))])
        for n in view["matrix_notes"]
    ]
    return [ast.header(1, ast.words(labels["appraisal"])), table, _matrix_key(view), *notes]


def _matrix_key(view: dict[str, Any]) -> Element:
    """The key under the matrix, as in the PDF: each rating's symbol and word, and the star."""
    labels, symbols = view["labels"], view["rating_symbols"]
    entries = [(symbols[r], labels[f"rating_{r}"]) for r in ("good", "fair", "poor")]
    entries += [("★", labels["recommended_key"])] if view["matrix_has_recommended"] else []
    key: list[Element] = [ast.wrap("Strong", ast.words(f"{labels['key']}{labels['colon']}"))]
    for n, (symbol, word) in enumerate(entries):
        first, _, rest = word.partition(" ")
        key += [{"t": "Space"}, *([{"t": "Str", "c": "·"}, {"t": "Space"}] if n else [])]
        key += [{"t": "Str", "c": f"{symbol}\u00a0{first}"}, *ast.words(f" {rest}" if rest else "")]  # one line
    return ast.styled_para("Table note", key)


def _rating(cell: dict[str, Any]) -> list[Element]:
    """A rating's symbol and word, and its note's letter when it has a note."""
    inlines = [ast.span("Rating symbol", ast.words(cell["symbol"])), {"t": "Space"}, *ast.words(cell["word"])]
    return [*inlines, {"t": "Space"}, _mark(cell["mark"])] if cell["mark"] else inlines  # read 'Poor a', not 'Poora'


def _mark(letter: str) -> Element:
    """A table note's letter, raised: the same letter in the cell and before the note under the table."""
    return ast.wrap("Superscript", ast.words(letter))


def recommendation(view: dict[str, Any]) -> list[Element]:
    """The recommended options and the reasoning."""
    rec = view["recommendation"]
    if not rec:
        return []
    labels = view["labels"]
    line = [ast.wrap("Strong", ast.words(f"{labels['recommended']}{labels['colon']}")), {"t": "Space"}]
    line += ast.words(f"{labels['semicolon']} ".join(rec["options"]))
    body = [ast.para(line), *blocks_of(rec["text"])]
    return [ast.header(1, ast.words(labels["recommendation"])), ast.div("Recommendation", body)]


def annex(view: dict[str, Any]) -> list[Element]:
    """The annex."""
    return [ast.header(1, ast.words(view["labels"]["annex"])), *blocks_of(view["annex"])] if view["annex"] else []


def figures_table(view: dict[str, Any]) -> list[Element]:
    """Every figure as the PDF and HTML show it: number, unit and period in columns of their own, a formula
    in words, a note; the rows grouped under their sources (the view model's groups, render/layout.py)."""
    if not view["figures"]:
        return []
    labels, period = view["labels"], view["figures_period"]
    head = [_cell_text(labels["figure"]), ast.cell([ast.plain(ast.words(labels["value"]))], "right")]
    head += [_cell_text(labels["unit"])] + ([_cell_text(labels["period"])] if period else [])
    rows = []
    for f in view["figures"]:
        if f["group_start"]:
            rows.append([_source_group(f, labels, len(head))])
        rows.append(_figure_row(f, period))
    widths = [0.53, 0.14, 0.17, 0.16] if period else [0.62, 0.16, 0.22]
    aligns = ["", "right", "", ""] if period else ["", "right", ""]
    table = ast.table(head, rows, widths, aligns)
    return [ast.header(1, ast.words(labels["figures_and_sources"])), table]


def _source_group(f: dict[str, Any], labels: Any, columns: int) -> list[Any]:
    """The row that opens a group of figures: 'Source: …' across the table."""
    source = f"{labels['semicolon']} ".join(f["sources"]) if f["sources"] else labels["computed_from"]
    return ast.cell(
        [ast.plain([ast.wrap("Strong", ast.words(f"{labels['source']}{labels['colon']} {source}"))])], span=columns
    )


def _figure_row(f: dict[str, Any], period: bool) -> list[list[Any]]:
    """One figure: its label (where a data file gave it, its formula in words, its note), number, unit, period."""
    label: list[Element] = [ast.plain(ast.words(f"{f['label']} ({f['data']})" if f["data"] else f["label"]))]
    if f["formula_words"]:
        label.append(ast.plain([ast.span("Formula", ast.words(f"= {f['formula_words']}"))]))
    if f["note"]:
        label.append(ast.div("Table note", blocks_of(f["note"])))
    row = [ast.cell(label), ast.cell([ast.plain(ast.words(f["number"]))], "right"), _cell_text(f["unit"])]
    return row + ([_cell_text(f["period"])] if period else [])


def _reference(s: dict[str, Any], labels: Any) -> list[Element]:
    """One reference: author. *Title*. Publisher. Date. URL (accessed …). Note."""
    out: list[Element] = ast.words(f"{s['author']}. ") if s["author"] else []
    out += [ast.wrap("Emph", ast.words(s["title"])), *ast.words(".")]
    for key in ("publisher", "date"):
        out += ast.words(f" {s[key]}.") if s[key] else []
    if s["url"]:
        out += [{"t": "Space"}, ast.link(ast.words(s["url"]), s["url"])]
        out += ast.words(f" ({labels['accessed']} {s['accessed']}).") if s["accessed"] else ast.words(".")
    if s["note"]:
        note = s["note"].rstrip()
        out += ast.words(" " + (note if note[-1:] in ".!?" else note + "."))
    return out


def references(view: dict[str, Any]) -> list[Element]:
    """The numbered list of references."""
    if not view["references"]:
        return []
    heading = ast.header(1, ast.words(view["labels"]["references"]))
    if view.get("csl_references"):  # a CSL style's bibliography: its own order and form, not numbered
        return [heading, ast.div("Reference", [ast.para(inlines_of(s["text"])) for s in view["references"]])]
    items = [[ast.para(_reference(s, view["labels"]))] for s in view["references"]]
    return [heading, ast.div("Reference", [ast.ordered_list(items)])]
