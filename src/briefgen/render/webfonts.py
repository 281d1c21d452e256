"""The standalone page's fonts: each face the page names, subset to the page's characters, embedded as WOFF2.

A face is subset to every character of the finished page (its markup included, so generated content,
chart text and the upper and lower case of each letter are covered) plus printable ASCII, the common
typographic marks and the accented letters of Latin-1, so that briefs in English, French, German or Irish
share one subset per face and a process (or the build cache) makes each subset once, not once a page. The
subsets are reproducible: fixed options, the source's timestamps kept, and names that do not vary. They
are renamed ("LinLibertine_R subset"), as the SIL Open Font License asks of a modified font whose name is
reserved; the page still calls the face by its style's family name.
"""

from __future__ import annotations

import base64
import io
import logging
import re
import string
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from importlib.util import find_spec
from pathlib import Path

MARKER = "/* briefgen: embedded fonts */"
_COMMON = string.printable.strip() + " \u00a0\u2009\u202f‘’“”–—−…•·£€°±×÷§¶†‡★●◐○→←↑↓›"  # those the bundled fonts have
_LATIN1_LETTERS = "".join(chr(c) for c in range(0xC0, 0x100) if chr(c).isalpha())  # é, ß, ñ: about 3 kB a face
_FEATURES = ["kern", "liga", "ccmp", "mark", "mkmk"]  # what Latin text needs; the rest only adds glyphs
_KEPT_NAMES = (0, 13, 14)  # copyright, licence and licence URL


@dataclass(frozen=True)
class Face:
    """One @font-face of a style: the family the CSS calls it by, weight, style and the font file."""

    family: str
    weight: str
    style: str
    path: str


def embed(html: str, faces: tuple[Face, ...], cache: object | None = None) -> str:
    """The page with @font-face rules for each face whose family it names, in place of the marker.

    A build cache (build/cache.py), when given, keeps each subset for the next process that needs it.
    """
    if MARKER not in html:
        return html
    characters = page_characters(html)
    rules = [_rule(face, characters, cache) for face in faces if _names(html, face.family)]
    return html.replace(MARKER, "\n".join(rules), 1)


def embed_in_svg(svg: str, faces: tuple[Face, ...], cache: object | None = None) -> str:
    """A chart's SVG carrying its own fonts: each face it names, subset to the characters of its text.

    The chart files beside the Markdown are read without the page (an image in a Markdown viewer, a
    browser, a repository's file view), so they embed the face rather than name one the reader may lack;
    the inline copy in the page shares the page's fonts and never passes through here.
    """
    text = unescape("".join(_SVG_TEXT.findall(_SVG_NOT_SHOWN.sub("", svg))))
    characters = "".join(sorted(set(text) - set("\n\r\t")))
    wanted = {("bold" if 'font-weight="bold"' in svg else "normal"), "normal"}
    used = [
        face for face in faces if _names(svg, face.family) and _weight(face.weight) in wanted and face.style == "normal"
    ]
    rules = "".join(_rule(face, characters, cache) + "\n" for face in used if characters)
    return svg.replace('<style type="text/css">', f'<style type="text/css">{rules}', 1) if rules else svg


_SVG_NOT_SHOWN = re.compile(r"<(title|style|desc)[\s>].*?</\1>", re.DOTALL)
_SVG_TEXT = re.compile(r">([^<]+)<")


def _weight(weight: str) -> str:
    """A CSS font weight as 'normal' or 'bold'."""
    return "bold" if weight in ("bold", "bolder", "600", "700", "800", "900") else "normal"


def page_characters(html: str) -> str:
    """The characters a page may show: all of its text and markup, in both cases, the common marks and Latin-1."""
    text = unescape(html)
    found = set(text) | set(text.upper()) | set(text.lower()) | set(_COMMON) | set(_LATIN1_LETTERS)
    return "".join(sorted(c for c in found if c.isprintable() or c in "\u00a0\u2009\u202f"))


def _names(html: str, family: str) -> bool:
    """Whether the page's CSS or SVG names a family (quoted or not)."""
    return re.search(rf"""(?<![\w-]){re.escape(family)}(?![\w-])""", html) is not None


def _rule(face: Face, characters: str, cache: object | None) -> str:
    """An @font-face rule with the face's subset as a data: URL."""
    data, flavor = _cached_subset(face.path, characters, cache)
    family = face.family.replace("\\", "\\\\").replace('"', '\\"')
    url = f"data:font/{flavor};base64,{base64.b64encode(data).decode('ascii')}"
    return (
        f'@font-face {{ font-family: "{family}"; font-weight: {face.weight}; font-style: {face.style}; '
        f'font-display: swap; src: url("{url}") format("{flavor}"); }}'
    )


def _cached_subset(path: str, characters: str, cache: object | None) -> tuple[bytes, str]:
    """A subset from this process's memory, the build cache, or made now (and then kept in both)."""
    kind = flavor()
    found = cache.get_font(path, characters, kind) if cache is not None else None  # type: ignore[attr-defined]
    if found is not None:
        return found, kind
    data, kind = subset(path, characters)
    if cache is not None:
        cache.put_font(path, characters, kind, data)  # type: ignore[attr-defined]
    return data, kind


def flavor() -> str:
    """WOFF2 when a Brotli module is installed (fontTools needs one to write it), else WOFF."""
    return "woff2" if find_spec("brotli") or find_spec("brotlicffi") else "woff"


@lru_cache(maxsize=128)  # about 20 kB each: a few locales' pages in a few styles
def subset(path: str, characters: str) -> tuple[bytes, str]:
    """A font file subset to some characters, as WOFF2 (or WOFF), and the flavour; the same bytes every time."""
    from fontTools import subset as fontsubset  # noqa: PLC0415  fontTools, only for a standalone page
    from fontTools.ttLib import TTFont  # noqa: PLC0415  fontTools, only for a standalone page

    options = fontsubset.Options()
    options.flavor = flavor()
    options.layout_features = list(_FEATURES)
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset": a table a browser never reads
    font = TTFont(path, recalcTimestamp=False, recalcBBoxes=False, lazy=False)
    subsetter = fontsubset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    _rename(font, f"{Path(path).stem} subset")
    font.flavor = options.flavor
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue(), options.flavor


def _rename(font: object, family: str) -> None:
    """Give a subset its own names: copyright and licence kept, family, full and PostScript names replaced."""
    table = font["name"]  # type: ignore[index]
    style = table.getDebugName(2) or "Regular"
    table.names = [record for record in table.names if record.nameID in _KEPT_NAMES]
    postscript = re.sub(r"[^A-Za-z0-9-]", "-", f"{family}-{style}")
    for name_id, value in ((1, family), (2, style), (3, postscript), (4, f"{family} {style}"), (6, postscript)):
        table.setName(value, name_id, 3, 1, 0x409)
    if "CFF " in font:  # type: ignore[operator]
        cff = font["CFF "].cff  # type: ignore[index]
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        for key, value in (("FullName", f"{family} {style}"), ("FamilyName", family)):
            if hasattr(top, key):
                setattr(top, key, value)
