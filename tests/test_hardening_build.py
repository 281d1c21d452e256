"""Hardening of the outputs: every Markdown construct builds, tables hold, images are checked, options are usage errors."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from briefgen.brief.check import check
from briefgen.brief.load import load_bytes
from briefgen.brief.prose import parser
from briefgen.render.styles import find_style
from briefgen.render.templates import render_html, render_markdown
from helpers import ROOT, dedent, run, write

CASES = ROOT / "tests" / "data" / "commonmark-cases.txt"
CASE_IMAGES = ("img/a.png", "img/my chart.png", "img/a b.png", "img/moon.jpg", "img/café.png")


def png(width: int = 4, height: int = 3) -> bytes:
    """A small, real PNG image."""
    import io

    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(stream, "PNG")
    return stream.getvalue()


PNG = png()


def commonmark_cases() -> list[tuple[str, str]]:
    """The representative CommonMark and GFM cases, as (name, Markdown)."""
    text = CASES.read_text(encoding="utf-8")
    parts = re.split(r"^%%%%% (.*)\n", text, flags=re.M)[1:]
    return list(zip(parts[0::2], parts[1::2], strict=False))


def brief_with_prose(markdown: str) -> bytes:
    """A brief that holds `markdown` in a block field, a bullet, a rating note and a figure note."""
    field = json.dumps(markdown, ensure_ascii=False)
    return dedent(f"""
        briefgen: 1
        title: Every construct
        authors: [A. Author]
        date: 2025-01-31
        summary: A summary.
        key_points: [{field}]
        problem: {field}
        figures:
          people: {{label: People, value: 5, source: ons, note: {field}}}
        sources:
          ons: {{title: Population estimates}}
          x: {{title: Another source}}
        criteria: [{{id: cost, label: Cost}}]
        options:
          - id: a
            title: Option a
            summary: {field}
            ratings: {{cost: {{rating: good, note: {field}}}}}
        """).encode("utf-8")


@pytest.mark.parametrize(("name", "markdown"), commonmark_cases(), ids=[n for n, _ in commonmark_cases()])
def test_every_commonmark_construct_builds_markdown_and_html(name: str, markdown: str, tmp_path: Path) -> None:
    """No Markdown construct, in any kind of field, crashes the Markdown or HTML output."""
    for name in CASE_IMAGES:
        write(tmp_path, name, PNG)
    checked = check(load_bytes(brief_with_prose(markdown), "cases.yaml", tmp_path / "cases.yaml"))
    assert not checked.errors, checked.errors
    output = render_markdown(checked)
    unfonted = dataclasses.replace(find_style("default"), faces=())  # fonts: the one page of every case below
    html = render_html(checked, unfonted, {})
    assert output.endswith("\n") and "</html>" in html
    assert "<script>" not in html
    rows = [line for line in output.splitlines() if line.startswith("| A: Option a |")]
    assert len(rows) == 1 and len(_cells(rows[0])) == 2, rows  # the appraisal matrix keeps one row of two cells


def test_a_page_of_every_commonmark_construct_embeds_its_fonts(tmp_path: Path) -> None:
    """The standalone page's font subsets cover every construct's characters (one page, so subsets are made once)."""
    for name in CASE_IMAGES:
        write(tmp_path, name, PNG)
    every = "\n\n".join(markdown for _, markdown in commonmark_cases() if "]:" not in markdown and "[^" not in markdown)
    checked = check(load_bytes(brief_with_prose(every), "cases.yaml", tmp_path / "cases.yaml"))
    assert not checked.errors, checked.errors
    html = render_html(checked, find_style("default"), {})
    assert html.count("@font-face") == 6 and "data:font/woff2;base64," in html and "</html>" in html


def _cells(row: str) -> list[str]:
    """Split a GFM table row on its unescaped pipes, as markdown-it does."""
    cells, current, escaped = [], "", False
    line = row.strip().removeprefix("|")
    for char in line[:-1] if line.endswith("|") and not line.endswith("\\|") else line:
        if char == "|" and not escaped:
            cells.append(current)
            current = ""
        else:
            current += char
        escaped = char == "\\"  # markdown-it: a pipe right after a backslash is escaped
    return [*cells, current]


def image_brief(folder: Path, line: str, name: str = "b.yaml") -> Path:
    """A brief whose problem field is `line`, on line 7 from column 3."""
    return write(
        folder,
        name,
        f"""
        briefgen: 1
        title: Images
        authors: [A. Author]
        date: 2025-01-31
        summary: A summary.
        problem: |
          {line}
        options:
          - {{id: a, title: Option a, summary: No change.}}
        """,
    )


def nothing_written(folder: Path) -> bool:
    """No output folder and no file beside the brief besides the inputs."""
    return not (folder / "out").exists()


# Item 5: one size cap for every format, checked by check.


@pytest.mark.parametrize("formats", ["md", "html", "md,html", "pdf"])
def test_an_image_over_the_cap_fails_check_and_every_format(workdir: Path, formats: str) -> None:
    image_brief(workdir, "![A big chart](images/big.png)")
    (workdir / "images").mkdir()
    with open(workdir / "images" / "big.png", "wb") as stream:  # sparse: nothing like 600 MB is written
        stream.write(PNG)
        stream.truncate(600 * 1024 * 1024)
    expected = "b.yaml:7:18: error: image 'images/big.png' is larger than 8 MiB"
    checked = run("check", "b.yaml")
    assert (checked.exit_code, checked.stderr.splitlines()[0]) == (1, expected)
    built = run("build", "b.yaml", "--to", formats, "-o", "out")
    assert (built.exit_code, built.stderr.splitlines()[0]) == (1, expected)
    assert nothing_written(workdir)


def test_an_image_that_grows_after_check_is_still_refused(workdir: Path) -> None:
    image_brief(workdir, "![A chart](chart.png)")
    write(workdir, "chart.png", PNG)
    assert run("build", "b.yaml", "--to", "md", "-o", "out").exit_code == 0
    with open(workdir / "chart.png", "r+b") as stream:
        stream.truncate(600 * 1024 * 1024)
    result = run("build", "b.yaml", "--to", "md,html", "-o", "out")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1,
        "b.yaml:7:14: error: image 'chart.png' is larger than 8 MiB",
    )


# Item 22: an image is checked to be an image, at its position, by check and by every build.


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG file whose header claims a huge image (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
LAUGHS = (
    SVG_OPEN
    + '<rect id="l0" width="1" height="1"/>'
    + "".join(f'<g id="l{n}">' + f'<use href="#l{n - 1}"/>' * 10 + "</g>" for n in range(1, 9))
    + "</svg>"
)
BAD_IMAGES = [
    ("text.png", b"this is not an image\n", "image 'text.png' is not a PNG, JPEG, GIF, WebP or SVG image"),
    ("empty.png", b"", "image 'empty.png' is not a PNG, JPEG, GIF, WebP or SVG image"),
    ("page.svg", b"<html><body>hi</body></html>", "image 'page.svg' is not a PNG, JPEG, GIF, WebP or SVG image"),
    ("bomb.png", png_claiming(30000, 30000), "image 'bomb.png' has 900,000,000 pixels; at most 25,000,000 are allowed"),
    ("wide.png", png_claiming(100000, 300), "image 'wide.png' has 30,000,000 pixels; at most 25,000,000 are allowed"),
    ("cut.png", PNG[:50], "image 'cut.png' is damaged: image file is truncated"),
    ("tiff.tif", b"II*\x00\x08\x00\x00\x00\x00\x00", "image 'tiff.tif' is not a PNG, JPEG, GIF, WebP or SVG image"),
    (
        "href.svg",
        (SVG_OPEN + '<image href="secret.png" width="5" height="5"/></svg>').encode(),
        "SVG image 'href.svg' refers to 'secret.png'; an SVG image may not refer to other files or URLs",
    ),
    (
        "xlink.svg",
        (SVG_OPEN + '<image xlink:href="file:///etc/passwd"/></svg>').encode(),
        "SVG image 'xlink.svg' refers to 'file:///etc/passwd'; an SVG image may not refer to other files or URLs",
    ),
    (
        "net.svg",
        (SVG_OPEN + '<rect fill="url(https://evil.example/x#p)" width="1" height="1"/></svg>').encode(),
        "SVG image 'net.svg' refers to 'https://evil.example/x#p'; an SVG image may not refer to other files or URLs",
    ),
    (
        "style.svg",
        (SVG_OPEN + "<style>rect { fill: url('../x.svg#p') }</style></svg>").encode(),
        "SVG image 'style.svg' refers to '../x.svg#p'; an SVG image may not refer to other files or URLs",
    ),
    (
        "import.svg",
        (SVG_OPEN + '<style>@import "other.css";</style></svg>').encode(),
        "SVG image 'import.svg' refers to '@import'; an SVG image may not refer to other files or URLs",
    ),
    (
        "sheet.svg",
        ('<?xml-stylesheet href="s.css"?>' + SVG_OPEN + "</svg>").encode(),
        "SVG image 'sheet.svg' refers to 'href=\"s.css\"'; an SVG image may not refer to other files or URLs",
    ),
    (
        "doctype.svg",
        ('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>' + SVG_OPEN + "&a;</svg>").encode(),
        "SVG image 'doctype.svg' has a DOCTYPE; it is not allowed",
    ),
    (
        "laughs.svg",
        LAUGHS.encode(),
        "SVG image 'laughs.svg' is too complex: over 100,000 elements once <use> is expanded",
    ),
    (
        "loop.svg",
        (SVG_OPEN + '<g id="a"><use href="#a"/></g></svg>').encode(),
        "SVG image 'loop.svg' has a <use> element that refers to itself",
    ),
    ("broken.svg", (SVG_OPEN + "<g></svg>").encode(), "SVG image 'broken.svg' is not well-formed XML: mismatched tag"),
    (
        "deep.svg",
        (SVG_OPEN + "<g>" * 300 + "</g>" * 300 + "</svg>").encode(),
        "SVG image 'deep.svg' is too large or too deeply nested",
    ),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_IMAGES, ids=[b[0] for b in BAD_IMAGES])
def test_a_bad_image_is_an_error_at_its_position_in_check_and_build(
    workdir: Path, name: str, data: bytes, message: str
) -> None:
    image_brief(workdir, f"Before. ![What it shows](images/{name}) after.")
    write(workdir, f"images/{name}", data)
    expected = f"b.yaml:7:28: error: {message.replace(repr(name), repr('images/' + name))}"
    for args in (["check", "b.yaml"], ["build", "b.yaml", "--to", "md,html", "-o", "out"]):
        result = run(*args)
        assert (result.exit_code, result.stderr.splitlines()[0]) == (1, expected)
    assert nothing_written(workdir)


def test_good_images_of_every_kind_build_in_every_format(workdir: Path) -> None:
    import io

    from PIL import Image

    images = {"a.png": PNG}
    for name, kind in (("b.jpg", "JPEG"), ("c.gif", "GIF"), ("d.webp", "WEBP")):
        stream = io.BytesIO()
        Image.new("RGB", (6, 4), (10, 120, 40)).save(stream, kind)
        images[name] = stream.getvalue()
    images["e.svg"] = (
        SVG_OPEN + '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>'
        '<rect id="r" width="4" height="4"/></defs><use href="#r" fill="url(#g)"/>'
        "<style>rect { stroke: url(#g) }</style></svg>"
    ).encode()
    images["png-named.jpg"] = PNG
    for name, data in images.items():
        write(workdir, f"images/{name}", data)
    image_brief(workdir, " ".join(f"![Image {n}](images/{n})" for n in images))
    result = run("build", "b.yaml", "-o", "out")
    assert result.exit_code == 0, result.stderr
    html = (workdir / "out" / "b.html").read_text(encoding="utf-8")
    for mime in ("image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"):
        assert f'src="data:{mime};base64,' in html
    assert html.count('src="data:image/png;base64,') == 2  # the PNG named .jpg is sent as what it is
    assert all((workdir / "out" / "images" / n).read_bytes() == d for n, d in images.items())


# Item 23: names with spaces and accents, in every output.


@pytest.mark.parametrize(
    "written",
    [
        "<images/my chart.png>",
        "images/my%20chart.png",
        "<images/café d’été.png>",
        "images/caf%C3%A9%20d%E2%80%99%C3%A9t%C3%A9.png",
        "images/café d’été.png",
    ],
)
def test_image_names_with_spaces_and_accents_build_everywhere(workdir: Path, written: str) -> None:
    name = "my chart.png" if "chart" in written else "café d’été.png"
    if written == "images/café d’été.png":
        written = "<images/café d’été.png>"
    write(workdir, f"images/{name}", PNG)
    image_brief(workdir, f"![A chart]({written})")
    assert run("check", "b.yaml").exit_code == 0
    result = run("build", "b.yaml", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "out" / "images" / name).read_bytes() == PNG
    markdown = (workdir / "out" / "b.md").read_text(encoding="utf-8")
    image = next(t for b in parser().parse(markdown) for t in b.children or [] if t.type == "image")
    from urllib.parse import unquote

    assert unquote(image.attrGet("src")) == f"images/{name}"  # the Markdown's link finds the copied file
    assert 'src="data:image/png;base64,' in (workdir / "out" / "b.html").read_text(encoding="utf-8")
    assert (workdir / "out" / "b.pdf").read_bytes().startswith(b"%PDF")


def test_an_image_path_with_bare_spaces_says_how_to_write_it(workdir: Path) -> None:
    write(workdir, "images/my chart.png", PNG)
    image_brief(workdir, "See ![A chart](images/my chart.png).")
    result = run("check", "b.yaml")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1,
        (
            "b.yaml:7:18: error: image path 'images/my chart.png' has spaces, so this is not an image: "
            "write ![alt](<images/my chart.png>) or images/my%20chart.png"
        ),
    )


# Item 7: link reference definitions.


def test_reference_links_render_inline_in_every_field(workdir: Path) -> None:
    write(
        workdir,
        "b.yaml",
        """
        briefgen: 1
        title: References
        authors: [A. Author]
        date: 2025-01-31
        summary: "See [the report][r] and [R][] and [r]. [r]: https://example.com/r"
        key_points: ["[One][r]"]
        problem: |
          See [the report][r], ![a chart][c] and [Full][].

          [r]: https://example.com/r "The report"
          [c]: <images/a chart.png>
          [full]: https://example.com/full
        options:
          - id: a
            title: Option a
            summary: "[Doc][d]\\n\\n[d]: https://example.com/d"
        """,
    )
    write(workdir, "images/a chart.png", PNG)
    result = run("build", "b.yaml", "--to", "md,html", "-o", "out")
    assert result.exit_code == 0, result.stderr
    markdown = (workdir / "out" / "b.md").read_text(encoding="utf-8")
    assert '[the report](https://example.com/r "The report")' in markdown
    assert "[Full](https://example.com/full)" in markdown and "[Doc](https://example.com/d)" in markdown
    assert "![a chart](<images/a chart.png>)" in markdown or "![a chart](images/a%20chart.png)" in markdown
    assert not re.search(r"^\[[^\]]+\]: ", markdown, flags=re.M)  # no definition left dangling
    html = (workdir / "out" / "b.html").read_text(encoding="utf-8")
    assert '<a href="https://example.com/d">Doc</a>' in html


# Item 15: tables in every output.

TABLES = """
    briefgen: 1
    title: Tables
    authors: [A. Author]
    date: 2025-01-31
    status: final
    summary: "{people} and {cost}."
    problem: |
      | a | b |
      | - | - |
      | `x \\\\| y` | {people} |
    figures:
      people:
        label: "People | counted"
        value: 5
        unit: SupercalifragilisticexpialidociouspeoplexxxxxxxxxxENDUNIT
        source: ons
        key: true
        note: |
          A note | with a pipe, `code | pipe`, a backslash \\\\| and
          AntidisestablishmentarianismxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxENDNOTE.

          A second paragraph | here.
      cost: {label: Cost, value: 10, unit: GBP, source: ons}
    sources:
      ons: {title: "Estimates | revised", url: "https://example.org/a/very/long/path/that/never/ends/and/keeps/going/and/going/ENDURL"}
    criteria: [{id: cost, label: "Cost | money"}, {id: reach, label: Reach}, {id: risk, label: Risk}]
    options:
      - id: a
        title: "Option | a"
        summary: x
        ratings:
          cost: {rating: good, note: "cheap | fast"}
          reach: {rating: fair, note: "HippopotomonstrosesquippedaliophobiaxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxENDRATING"}
          risk: {rating: poor, note: "line one\\\\\\nline two | end"}
    """


def _tables(markdown: str) -> list[list[list[str]]]:
    """Every table of a Markdown document as rows of cell texts, as markdown-it reads them."""
    tables: list[list[list[str]]] = []
    for token in parser().parse(markdown):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type == "inline" and tables and tables[-1] and token.level >= 4:
            tables[-1][-1].append(token.content)
    return tables


def test_markdown_tables_escape_pipes_and_line_breaks_in_every_cell(workdir: Path) -> None:
    write(workdir, "b.yaml", TABLES)
    result = run("build", "b.yaml", "--to", "md", "-o", "out")
    assert result.exit_code == 0, result.stderr
    tables = _tables((workdir / "out" / "b.md").read_text(encoding="utf-8"))
    key, prose, matrix, figures = tables
    assert key == [
        ["Figure", "Value"],
        ["People | counted", "5 SupercalifragilisticexpialidociouspeoplexxxxxxxxxxENDUNIT"],
    ]
    assert prose == [["a", "b"], ["`x \\| y`", "5 SupercalifragilisticexpialidociouspeoplexxxxxxxxxxENDUNIT"]]
    assert matrix[0] == ["Option", "Cost | money", "Reach", "Risk"]
    assert matrix[1] == ["A: Option | a", "● Good (a)", "◐ Fair (b)", "○ Poor (c)"] and len(matrix) == 2
    markdown = (workdir / "out" / "b.md").read_text(encoding="utf-8")  # rating notes: lettered, under the matrix
    assert "- (a) cheap | fast\n" in markdown and "- (c) line one\\\n  line two | end\n" in markdown
    assert [len(row) for row in figures] == [4, 4, 4] and figures[1][0].startswith(
        "People | counted: A note | with a pipe"
    )
    assert (
        "`code | pipe`" in figures[1][0]
        and "\\\\| and" in figures[1][0]
        and "A second paragraph | here." in figures[1][0]
    )
    assert figures[1][2] == "SupercalifragilisticexpialidociouspeoplexxxxxxxxxxENDUNIT"  # the unit has a column
    assert figures[1][3] == "Estimates | revised"


def test_html_and_pdf_tables_wrap_long_words_so_no_text_is_lost(workdir: Path) -> None:
    import pdfplumber

    write(workdir, "b.yaml", TABLES)
    result = run("build", "b.yaml", "--to", "html,pdf", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert "overflow-wrap: anywhere" in (workdir / "out" / "b.html").read_text(encoding="utf-8")
    with pdfplumber.open(workdir / "out" / "b.pdf") as pdf:
        text = "".join(char["text"] for page in pdf.pages for char in page.chars)  # in drawing order
        for page in pdf.pages:
            assert all(char["x0"] >= 0 and char["x1"] <= page.width - 30 for char in page.chars)
    for word in (
        "HippopotomonstrosesquippedaliophobiaxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxENDRATING",
        "AntidisestablishmentarianismxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxENDNOTE",
        "SupercalifragilisticexpialidociouspeoplexxxxxxxxxxENDUNIT",
        "ENDURL",
    ):
        assert word in text


# Item 18: code blocks keep their blank lines wherever they sit.


def test_code_blocks_keep_every_blank_line_in_lists_quotes_and_notes(workdir: Path) -> None:
    code = "first\n\n\n  second   \n\n\nthird"

    def block(fence: str, prefix: str, first: str = "") -> str:
        lines = [fence, *code.split("\n"), fence]
        return (first or prefix) + ("\n" + prefix).join(lines)

    problem = "\n\n".join(
        [
            block("```", "  ", "- "),
            block("~~~", "   ", "1. "),
            block("```", "> "),
            "Note.[^1]",
            "[^1]: See:\n\n" + block("```", "    "),
        ]
    )
    point = block("```", "")
    write(
        workdir,
        "b.yaml",
        f"""
        briefgen: 1
        title: Code
        authors: [A. Author]
        date: 2025-01-31
        summary: A summary.
        key_points: [{json.dumps(point)}]
        problem: {json.dumps(problem)}
        options:
          - {{id: a, title: Option a, summary: No change.}}
        """,
    )
    result = run("build", "b.yaml", "--to", "md", "-o", "out")
    assert result.exit_code == 0, result.stderr
    tokens = parser().parse((workdir / "out" / "b.md").read_text(encoding="utf-8"))
    blocks = [t.content for t in tokens if t.type in ("fence", "code_block")]
    assert blocks == [code + "\n"] * 5


# Item 17: the cache key covers every file a brief reads (SVG images may not read other files: item 22).


def test_every_input_of_a_brief_rebuilds_it_when_changed(workdir: Path) -> None:
    write(
        workdir,
        "b.yaml",
        """
        briefgen: 1
        title: Inputs
        authors: [A. Author]
        date: 2025-01-31
        summary: A summary.
        problem: "![A](<images/a b.png>) ![S](<images/s é.svg>)"
        options:
          - {id: a, title: Option a, summary: No change.}
        """,
    )
    write(workdir, "images/a b.png", PNG)
    write(workdir, "images/s é.svg", (SVG_OPEN + '<rect width="5" height="5"/></svg>').encode())
    write(workdir, "styles/house/style.css", "body { color: black }\n")
    base = ["build", "b.yaml", "--to", "md", "--style", "house", "-o", "out"]
    first = run(*base)
    assert first.stderr.splitlines()[-1] == "1 built", first.stderr
    assert run(*base).stderr.splitlines()[-1] == "0 built, 1 unchanged"
    changes = [
        ("images/a b.png", png(5, 5)),
        ("images/s é.svg", (SVG_OPEN + "<circle r='2'/></svg>").encode()),
        ("styles/house/style.css", b"body { color: navy }\n"),
    ]
    for name, data in changes:
        write(workdir, name, data)
        rebuilt = run(*base)
        assert rebuilt.stderr.splitlines()[-1] == "1 built", rebuilt.stderr
        assert (workdir / "out" / name).read_bytes() == data if name.startswith("images") else True
    write(workdir, "images/s é.svg", (SVG_OPEN + '<image href="a b.png"/></svg>').encode())
    assert run(*base).stderr.splitlines()[0] == (
        "b.yaml:6:40: error: SVG image 'images/s é.svg' refers to "
        "'a b.png'; an SVG image may not refer to other files or URLs"
    )


# Item 25: a bad option value is a usage error before anything is built.


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--changes", "nosuchrev"], "Invalid value for '--changes': "),
        (["--rev", "nosuchrev"], "Invalid value for '--rev': "),
        (["--rev", "--changes"], "Invalid value for '--rev': "),
        (["--style", "nosuch"], "Invalid value for '--style': unknown style 'nosuch'"),
        (["--to", "md,rtf"], "Invalid value for '--to': choose from md, html, pdf, docx, odt"),
        (["--to", ","], "Invalid value for '--to': choose from md, html, pdf, docx, odt"),
        (["-j", "0"], "Invalid value for '-j' / '--jobs'"),
        (["--pdf-variant", "pdf/x"], "Invalid value for '--pdf-variant'"),
    ],
)
@pytest.mark.parametrize("in_git", [False, True])
def test_bad_option_values_are_usage_errors_and_nothing_is_built(
    workdir: Path, args: list[str], message: str, in_git: bool
) -> None:
    import subprocess

    image_brief(workdir, "Text.")
    if in_git:
        env = {
            "GIT_AUTHOR_NAME": "a",
            "GIT_AUTHOR_EMAIL": "a@b",
            "GIT_COMMITTER_NAME": "a",
            "GIT_COMMITTER_EMAIL": "a@b",
        }
        for command in (["init", "-q"], ["add", "b.yaml"], ["commit", "-qm", "x"]):
            subprocess.run(["git", *command], cwd=workdir, check=True, env={**__import__("os").environ, **env})
    result = run("build", "b.yaml", "-o", "out", *args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert nothing_written(workdir) and not (workdir / "build").exists()
    if "--changes" in args and "nosuchrev" in args and in_git:
        assert "unknown revision 'nosuchrev'" in result.stderr


# Item 26: cross-brief warnings fail only the brief they are pinned to; starters agree.


def test_strict_check_counts_each_failed_brief_once(workdir: Path) -> None:
    figure = "figures:\n  people: {label: People, value: %d, source: s}\nsources:\n  s: {title: S}\n"
    body = (
        "briefgen: 1\ntitle: T\nauthors: [A]\ndate: 2025-01-31\nsummary: '{people}'\nproblem: P.\n"
        "options:\n  - {id: a, title: A, summary: x}\n"
    )
    write(workdir, "briefs/a.yaml", body + figure % 1)
    write(workdir, "briefs/b.yaml", body.replace("problem: P.", "problem: P 1.5 times.") + figure % 2)
    write(workdir, "briefs/c.yaml", body + figure % 1)
    result = run("check", "--strict", "briefs")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert lines[-1] == "1 of 3 briefs failed"
    assert all(line.startswith("briefs/b.yaml:") for line in lines[:-1])
    assert run("check", "briefs").exit_code == 0


def test_briefs_from_every_pair_of_starters_pass_strict_check_together(workdir: Path) -> None:
    from briefgen.cli.new_command import STARTERS

    names = []
    for n, starter in enumerate([*STARTERS, *STARTERS]):
        assert run("new", f"b{n}", "--from", starter).exit_code == 0
        names.append(f"b{n}")
    result = run("check", "--strict", "briefs")
    assert (result.exit_code, result.stderr) == (0, "")
