"""Word (.docx) and OpenDocument (.odt) files: briefgen's pandoc document written by pandoc, then finished.

Pandoc comes from the pypandoc-binary wheel and runs with --sandbox (brief/pandoc_run.py): it reads
only the JSON on its standard input and the style's reference document; images arrive as data: URLs.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from briefgen.brief.check import Checked
from briefgen.brief.pandoc_run import run_pandoc
from briefgen.render.labels import labels_for
from briefgen.render.office import STYLES, build_document
from briefgen.render.office_docx import finish_docx
from briefgen.render.office_odt import finish_odt, odf_name
from briefgen.render.office_package import Furniture
from briefgen.render.styles import PACKAGED, Style
from briefgen.render.templates import shorten

OfficeFormat = Literal["docx", "odt"]
OFFICE_FORMATS: tuple[OfficeFormat, ...] = ("docx", "odt")


class PandocError(RuntimeError):
    """Pandoc failed: a fault in the installation, not in the brief."""


@lru_cache(maxsize=1)
def api_version() -> list[int]:
    """The version of pandoc's document model that this pandoc reads."""
    done = run_pandoc(["-f", "markdown", "-t", "json"])
    if done.status != 0:
        raise PandocError(f"pandoc failed: {done.err.strip()}")
    return list(json.loads(done.out)["pandoc-api-version"])


def reference_doc(style: Style, fmt: OfficeFormat) -> Path:
    """The style's reference.docx or reference.odt, else the default style's."""
    own = style.folder / f"reference.{fmt}"
    return own if own.is_file() else PACKAGED / "default" / f"reference.{fmt}"


def _odf_styles(node: Any) -> Any:
    """The document with every custom style named as ODF names styles ('Key point' -> 'Key_20_point')."""
    if isinstance(node, list):
        if len(node) == 2 and node[0] == "custom-style" and isinstance(node[1], str):
            return ["custom-style", odf_name(node[1])]
        return [_odf_styles(item) for item in node]
    if isinstance(node, dict):
        return {key: _odf_styles(value) for key, value in node.items()}
    return node


def write_with_pandoc(document: dict[str, Any], fmt: OfficeFormat, reference: Path) -> tuple[bytes, list[str]]:
    """The bytes pandoc writes for a document, and its warnings."""
    if fmt == "odt":
        document = _odf_styles(document)
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    done = run_pandoc(["-f", "json", "-t", fmt, "--reference-doc", str(reference), "-o", "-"], data)
    if done.status != 0 or not done.out:
        raise PandocError(f"pandoc failed writing {fmt}: {done.err.strip()}")
    warnings = [line.strip() for line in done.err.splitlines() if line.strip()]
    return done.out, [f"{fmt}: {w}" for w in warnings]


def render_office(
    checked: Checked,
    style: Style,
    fmt: OfficeFormat,
    charts: dict[str, bytes],
    *,
    epoch: int,
    stamp: str | None = None,
    changes: str | None = None,
    status_line: str | None = None,
) -> tuple[bytes, list[str]]:
    """A brief as .docx or .odt bytes, and pandoc's warnings."""
    labels = labels_for(str(checked.brief.locale), style.labels)
    document, view = build_document(checked, charts, api_version(), labels, stamp=stamp, changes=changes)
    data, warnings = write_with_pandoc(document, fmt, reference_doc(style, fmt))
    furniture = Furniture(
        title=view["title"],
        authors=tuple(view["author_names"]),
        subject=shorten(view["description"], 300),
        keywords=tuple(v for v in (labels["policy_brief"], view["organisation"], view["reference"]) if v),
        lang=view["lang"],
        marking=view["marking"],
        status_line=status_line,
        footer=" · ".join(v for v in (view["reference"], view["organisation"], stamp) if v),
        page=labels["page"],
        of=labels["of"],
        epoch=epoch,
    )
    if fmt == "docx":
        return finish_docx(data, furniture), warnings
    styles = [(name, kind) for name, kind, _ in STYLES]
    alts, lists = image_alts(document["blocks"]), list_styles(document["blocks"], "")
    return finish_odt(data, furniture, styles, alts, lists), warnings


def list_styles(node: Any, style: str) -> list[str]:
    """For each top-level list in document order, the ODF name of the named style around it, or ''."""
    if isinstance(node, list):
        return [name for item in node for name in list_styles(item, style)]
    if not isinstance(node, dict):
        return []
    if node.get("t") in ("BulletList", "OrderedList"):
        return [odf_name(style) if style else ""]
    if node.get("t") == "Div":
        pairs = dict(node["c"][0][2])
        return list_styles(node["c"][1], pairs.get("custom-style", style))
    return list_styles(node.get("c"), style)


def image_alts(node: Any) -> list[str]:
    """The alt text of every image in document order (notes where they are called, as pandoc writes them)."""
    if isinstance(node, dict):
        if node.get("t") == "Image":
            return [_plain(node["c"][1])]
        return image_alts(node.get("c"))
    if isinstance(node, list):
        return [alt for item in node for alt in image_alts(item)]
    return []


def _plain(inlines: list[Any]) -> str:
    """Inlines as plain text."""
    out = []
    for item in inlines:
        if item["t"] == "Str":
            out.append(item["c"])
        elif item["t"] in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif isinstance(item.get("c"), list):
            out.append(_plain([c for c in item["c"] if isinstance(c, dict)]))
    return "".join(out)
