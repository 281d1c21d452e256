"""Hardening of the outputs: every Markdown construct builds, tables hold, images are checked, options are usage errors."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefgen.load import load_bytes
from briefgen.prose import parser
from briefgen.render import render_html, render_markdown
from briefgen.styles import find_style
from briefgen.validate import check
from conftest import ROOT, dedent, run, write

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
    return list(zip(parts[0::2], parts[1::2]))


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
    html = render_html(checked, find_style("default"), {})
    assert output.endswith("\n") and "</html>" in html
    assert "<script>" not in html
    rows = [line for line in output.splitlines() if line.startswith("| A: Option a |")]
    assert len(rows) == 1 and len(_cells(rows[0])) == 2, rows  # the appraisal matrix keeps one row of two cells


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
    return write(folder, name, f"""
        briefgen: 1
        title: Images
        authors: [A. Author]
        date: 2025-01-31
        summary: A summary.
        problem: |
          {line}
        options:
          - {{id: a, title: Option a, summary: No change.}}
        """)


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
        1, "b.yaml:7:14: error: image 'chart.png' is larger than 8 MiB")


# Item 22: an image is checked to be an image, at its position, by check and by every build.

def png_claiming(width: int, height: int) -> bytes:
    """A small PNG file whose header claims a huge image (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
LAUGHS = SVG_OPEN + '<rect id="l0" width="1" height="1"/>' + "".join(
    f'<g id="l{n}">' + f'<use href="#l{n - 1}"/>' * 10 + "</g>" for n in range(1, 9)) + "</svg>"
BAD_IMAGES = [
    ("text.png", b"this is not an image\n", "image 'text.png' is not a PNG, JPEG, GIF, WebP or SVG image"),
    ("empty.png", b"", "image 'empty.png' is not a PNG, JPEG, GIF, WebP or SVG image"),
    ("page.svg", b"<html><body>hi</body></html>", "image 'page.svg' is not a PNG, JPEG, GIF, WebP or SVG image"),
    ("bomb.png", png_claiming(30000, 30000), "image 'bomb.png' has 900,000,000 pixels; at most 25,000,000 are allowed"),
    ("wide.png", png_claiming(100000, 300), "image 'wide.png' has 30,000,000 pixels; at most 25,000,000 are allowed"),
    ("cut.png", PNG[:50], "image 'cut.png' is damaged: image file is truncated"),
    ("tiff.tif", b"II*\x00\x08\x00\x00\x00\x00\x00", "image 'tiff.tif' is not a PNG, JPEG, GIF, WebP or SVG image"),
    ("href.svg", (SVG_OPEN + '<image href="secret.png" width="5" height="5"/></svg>').encode(),
     "SVG image 'href.svg' refers to 'secret.png'; an SVG image may not refer to other files or URLs"),
    ("xlink.svg", (SVG_OPEN + '<image xlink:href="file:///etc/passwd"/></svg>').encode(),
     "SVG image 'xlink.svg' refers to 'file:///etc/passwd'; an SVG image may not refer to other files or URLs"),
    ("net.svg", (SVG_OPEN + '<rect fill="url(https://evil.example/x#p)" width="1" height="1"/></svg>').encode(),
     "SVG image 'net.svg' refers to 'https://evil.example/x#p'; an SVG image may not refer to other files or URLs"),
    ("style.svg", (SVG_OPEN + "<style>rect { fill: url('../x.svg#p') }</style></svg>").encode(),
     "SVG image 'style.svg' refers to '../x.svg#p'; an SVG image may not refer to other files or URLs"),
    ("import.svg", (SVG_OPEN + '<style>@import "other.css";</style></svg>').encode(),
     "SVG image 'import.svg' refers to '@import'; an SVG image may not refer to other files or URLs"),
    ("sheet.svg", ('<?xml-stylesheet href="s.css"?>' + SVG_OPEN + "</svg>").encode(),
     "SVG image 'sheet.svg' refers to 'href=\"s.css\"'; an SVG image may not refer to other files or URLs"),
    ("doctype.svg", ('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>' + SVG_OPEN + "&a;</svg>").encode(),
     "SVG image 'doctype.svg' has a DOCTYPE; it is not allowed"),
    ("laughs.svg", LAUGHS.encode(),
     "SVG image 'laughs.svg' is too complex: over 100,000 elements once <use> is expanded"),
    ("loop.svg", (SVG_OPEN + '<g id="a"><use href="#a"/></g></svg>').encode(),
     "SVG image 'loop.svg' has a <use> element that refers to itself"),
    ("broken.svg", (SVG_OPEN + "<g></svg>").encode(), "SVG image 'broken.svg' is not well-formed XML: mismatched tag"),
    ("deep.svg", (SVG_OPEN + "<g>" * 300 + "</g>" * 300 + "</svg>").encode(),
     "SVG image 'deep.svg' is too large or too deeply nested"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_IMAGES, ids=[b[0] for b in BAD_IMAGES])
def test_a_bad_image_is_an_error_at_its_position_in_check_and_build(workdir: Path, name: str, data: bytes,
                                                                       message: str) -> None:
    image_brief(workdir, f"Before. ![What it shows](images/{name}) after.")
    write(workdir, f"images/{name}", data)
    expected = f"b.yaml:7:28: error: {message.replace(repr(name), repr('images/' + name))}"
    for args in (["check", "b.yaml"], ["build", "b.yaml", "--to", "md,html", "-o", "out"]):
        result = run(*args)
        assert (result.exit_code, result.stderr.splitlines()[0]) == (1, expected)
    assert nothing_written(workdir)


def test_good_images_of_every_kind_build_in_every_format(workdir: Path) -> None:
    from PIL import Image
    import io

    images = {"a.png": PNG}
    for name, kind in (("b.jpg", "JPEG"), ("c.gif", "GIF"), ("d.webp", "WEBP")):
        stream = io.BytesIO()
        Image.new("RGB", (6, 4), (10, 120, 40)).save(stream, kind)
        images[name] = stream.getvalue()
    images["e.svg"] = (SVG_OPEN + '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>'
                       '<rect id="r" width="4" height="4"/></defs><use href="#r" fill="url(#g)"/>'
                       '<style>rect { stroke: url(#g) }</style></svg>').encode()
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
