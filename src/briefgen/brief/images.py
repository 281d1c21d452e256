"""Images a brief uses: inside its folder, within one size cap for every format, and really images."""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.parsers import expat

from briefgen.fsutil import MAX_ASSET_BYTES, AssetTooLarge, read_capped, resolve_asset

MAX_IMAGE_PIXELS = 25_000_000
MAX_SVG_ELEMENTS = 100_000
MAX_SVG_DEPTH = 200
RASTER_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
SVG_TYPE = "image/svg+xml"
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.I)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def image_name(src: str) -> str:
    """The file name an image's (percent-encoded) Markdown destination stands for."""
    return unquote(src)


def find_image(base: Path, src: str) -> Path | None:
    """The regular file inside `base` that an image destination names, or None."""
    return resolve_asset(base, image_name(src))


def read_image(path: Path) -> bytes:
    """An image's bytes, refusing files over the cap (the file may have grown since it was checked)."""
    return read_capped(path, MAX_ASSET_BYTES)


def mime_type(data: bytes) -> str:
    """The media type of a checked image, from its content rather than its name."""
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return SVG_TYPE


def image_fault(path: Path, name: str) -> str | None:
    """Why an image file cannot be used in every format, or None when it can."""
    try:
        data = read_image(path)
    except AssetTooLarge:
        return f"image '{name}' is larger than {MAX_ASSET_BYTES // 1024 // 1024} MiB"
    except OSError as exc:
        return f"image '{name}' cannot be read: {exc.strerror or exc}"
    raster = _raster_fault(data, name)
    if raster is None or raster != _NOT_RASTER:
        return raster
    return svg_fault(data, name)


_NOT_RASTER = "not raster"


def _raster_fault(data: bytes, name: str) -> str | None:
    """Check a raster image with Pillow: its kind, its pixel count, and that it decodes."""
    from PIL import Image, ImageFile, UnidentifiedImageError  # noqa: PLC0415  Pillow, only when an image is checked

    truncated, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False  # WeasyPrint sets it
    try:
        return _pillow_fault(data, name, Image, UnidentifiedImageError)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated


def _pillow_fault(data: bytes, name: str, Image: Any, UnidentifiedImageError: type[Exception]) -> str | None:
    """Open, measure and decode a raster image."""

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bomb warnings are judged below; plugin warnings say nothing useful
        try:
            image = Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            return _NOT_RASTER
        except Image.DecompressionBombError as exc:  # far over Pillow's own limit: its message has the count
            found = re.search(r"\((\d+) pixels\)", str(exc))
            return _too_many_pixels(name, int(found.group(1)) if found else 0)
        except Exception as exc:  # Pillow's plugins raise many kinds for a damaged header
            return f"image '{name}' is damaged: {_plain(exc)}"
        with image:
            if image.format not in RASTER_TYPES:
                return _kinds(name)
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return _too_many_pixels(name, width * height)
            try:
                image.load()
            except Exception as exc:
                return f"image '{name}' is damaged: {_plain(exc)}"
    return None


def _too_many_pixels(name: str, pixels: int) -> str:
    """The message for a decompression bomb."""
    count = f"{pixels:,} pixels" if pixels else "too many pixels"
    return f"image '{name}' has {count}; at most {MAX_IMAGE_PIXELS:,} are allowed"


def _kinds(name: str) -> str:
    """The message for a file that is not an image briefgen can use."""
    return f"image '{name}' is not a PNG, JPEG, GIF, WebP or SVG image"


def _plain(exc: BaseException) -> str:
    """An exception as a short message."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


@dataclass
class _Svg:
    """What reading an SVG found: elements, their ids, <use> targets, references to other files."""

    name: str
    children: list[list[int]] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    uses: dict[int, str] = field(default_factory=dict)
    stack: list[int] = field(default_factory=list)
    root: str = ""
    style: bool = False
    fault: str | None = None


class _Refused(Exception):
    """Stop reading an SVG."""


def svg_fault(data: bytes, name: str) -> str | None:
    """Read an SVG safely: no DOCTYPE or entities, no references to other files, bounded size."""
    svg = _Svg(name)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = lambda *args: _refuse(svg, f"SVG image '{name}' has a DOCTYPE; it is not allowed")
    parser.EntityDeclHandler = lambda *args: _refuse(svg, f"SVG image '{name}' declares entities; they are not allowed")
    parser.StartElementHandler = lambda tag, attrs: _start(svg, tag, attrs)
    parser.EndElementHandler = lambda tag: _end(svg)
    parser.CharacterDataHandler = lambda text: _text(svg, text)
    parser.ProcessingInstructionHandler = lambda target, body: _instruction(svg, target, body)
    try:
        parser.Parse(data, True)
    except _Refused:
        return svg.fault
    except expat.ExpatError as exc:
        if not svg.root:
            return _kinds(name)
        return f"SVG image '{name}' is not well-formed XML: {expat.errors.messages[exc.code]}"
    if svg.root != "svg":
        return _kinds(name)
    return _use_fault(svg)


def _refuse(svg: _Svg, message: str) -> None:
    """Record why an SVG is refused and stop reading it."""
    svg.fault = message
    raise _Refused


def _start(svg: _Svg, tag: str, attrs: dict[str, str]) -> None:
    """One element: count it, remember its id and <use> target, refuse references to other files."""
    local = tag.rsplit(" ", 1)[-1]
    if not svg.root:
        svg.root = local
        if local != "svg":
            _refuse(svg, _kinds(svg.name))
    index = len(svg.children)
    if index >= MAX_SVG_ELEMENTS or len(svg.stack) >= MAX_SVG_DEPTH:
        _refuse(svg, f"SVG image '{svg.name}' is too large or too deeply nested")
    svg.children.append([])
    if svg.stack:
        svg.children[svg.stack[-1]].append(index)
    svg.stack.append(index)
    svg.style = local == "style"
    for key, value in attrs.items():
        attr = key.rsplit(" ", 1)[-1]
        if attr == "id":
            svg.ids.setdefault(value, index)
        if attr in ("href", "src") and not value.strip().startswith("#"):
            _refuse(svg, _outside(svg.name, value))
        if attr == "href" and local == "use":
            svg.uses[index] = value.strip()[1:]
        _check_urls(svg, value)


def _instruction(svg: _Svg, target: str, body: str) -> None:
    """`<?xml-stylesheet href=...?>` would load another file."""
    if target.lower() == "xml-stylesheet":
        _refuse(svg, _outside(svg.name, body.strip()))


def _end(svg: _Svg) -> None:
    """Close an element."""
    svg.stack.pop()
    svg.style = False


def _text(svg: _Svg, text: str) -> None:
    """Text of a <style> element may not import or point at other files."""
    if svg.style:
        if "@import" in text.lower():
            _refuse(svg, _outside(svg.name, "@import"))
        _check_urls(svg, text)


def _check_urls(svg: _Svg, text: str) -> None:
    """`url(...)` in an attribute or style may only point inside the SVG (`url(#id)`)."""
    for match in _URL.finditer(text):
        if not match.group(1).startswith("#"):
            _refuse(svg, _outside(svg.name, match.group(1) or "url()"))


def _outside(name: str, target: str) -> str:
    """The message for an SVG that refers to another file or URL."""
    return f"SVG image '{name}' refers to '{target[:80]}'; an SVG image may not refer to other files or URLs"


def _use_fault(svg: _Svg) -> str | None:
    """Refuse <use> chains that refer to themselves or expand to too many elements (a 'billion laughs')."""
    cost: dict[int, int] = {}
    visiting: set[int] = set()

    def size(index: int) -> int:
        if index in cost:
            return cost[index]
        if index in visiting:
            raise _Refused(f"SVG image '{svg.name}' has a <use> element that refers to itself")
        visiting.add(index)
        total = 1 + sum(size(child) for child in svg.children[index])
        target = svg.ids.get(svg.uses.get(index, ""))
        if target is not None:
            total += size(target)
        visiting.discard(index)
        cost[index] = min(total, MAX_SVG_ELEMENTS + 1)
        return cost[index]

    try:
        expanded = size(0)
    except _Refused as exc:
        return str(exc)
    except RecursionError:
        expanded = MAX_SVG_ELEMENTS + 1
    if expanded > MAX_SVG_ELEMENTS:
        return f"SVG image '{svg.name}' is too complex: over {MAX_SVG_ELEMENTS:,} elements once <use> is expanded"
    return None
