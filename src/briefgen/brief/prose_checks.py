"""Checks of a brief's prose: every Markdown field parsed, and what it refers to, places and links checked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.brief.handtyped import hand_typed_numbers
from briefgen.brief.images import find_image, image_fault, image_name
from briefgen.brief.model import Draft
from briefgen.brief.prose import Prose, chart_alone, image_problem, link_allowed, parse, plain_refs
from briefgen.brief.structure import Report, did_you_mean
from briefgen.errors import shown

Loc = tuple[Any, ...]


def markdown_fields(brief: Draft) -> Iterator[tuple[Loc, Any, bool]]:
    """Every Markdown field as (path, text, may place charts and boxes), in reading order."""
    for name in ("summary",):
        yield (name,), brief.summary, True
    for i, point in enumerate(brief.key_points or []):
        yield ("key_points", i), point, False
    for name in ("problem", "background"):
        yield (name,), getattr(brief, name), True
    for i, option in enumerate(brief.options or []):
        yield ("options", i, "summary"), option.summary, True
        yield ("options", i, "detail"), option.detail, True
        for kind in ("pros", "cons"):
            for j, item in enumerate(getattr(option, kind)):
                yield ("options", i, kind, j), item, False
        for cid, rating in option.ratings.items():
            yield ("options", i, "ratings", cid, "note"), rating.note if rating is not None else None, False
    if brief.recommendation is not None:
        yield ("recommendation", "text"), brief.recommendation.text, True
    yield ("annex",), brief.annex, True
    for i, chart in enumerate(brief.charts or []):
        yield ("charts", i, "caption"), chart.caption, False
    for i, box in enumerate(brief.boxes or []):
        yield ("boxes", i, "text"), box.text, False  # a box holds text, not other charts or boxes
    for fid, figure in (brief.figures or {}).items():
        yield ("figures", fid, "note"), figure.note, False  # printed in the figures table: places no chart


@dataclass(frozen=True)
class _Scope:
    """What a reference in prose is checked against: ids, items placed so far, the brief's anchors and folder."""

    known: dict[str, set[str]]
    placed: dict[str, Loc]
    draft: Draft
    folder: Path


def check_prose(
    brief: Draft, draft: Draft, folder: Path, report: Report, broken: dict[str, set[str]]
) -> tuple[dict[Loc, Prose], dict[str, Loc]]:
    """Parse and check each Markdown field of `brief` (valid parts of invalid items too); the prose, items placed."""
    known = {
        "figure": set(brief.figures or {}) | broken.get("figures", set()),
        "option": {o.id for o in brief.options or [] if o.id is not None} | broken.get("options", set()),
        "chart": {c.id for c in brief.charts or [] if c.id is not None} | broken.get("charts", set()),
        "box": {b.id for b in brief.boxes or [] if b.id is not None} | broken.get("boxes", set()),
        "cite": set(brief.sources or {}) | broken.get("sources", set()),
    }
    scope = _Scope(known, {}, draft, folder)
    parsed: dict[Loc, Prose] = {}
    for loc, text, block in markdown_fields(brief):
        if text is None:
            continue
        prose = parse(text, block)
        parsed[loc] = prose
        _warn_hand_typed(prose, loc, report)
        _check_spaced_images(prose, loc, report)
        for ref in prose.refs:
            _check_ref(scope, prose, ref, loc, report)
    for i, chart in enumerate(brief.charts or []):
        if chart.alt is not None:
            _check_alt(chart.alt, ("charts", i, "alt"), known, report)
    return parsed, scope.placed


def _warn_hand_typed(prose: Prose, loc: Loc, report: Report) -> None:
    """Warn at each number typed into prose instead of a {figure} reference."""

    for offset, number in hand_typed_numbers(prose):
        message = f"number '{shown(number)}' typed into prose; make it a figure and write {{figure_id}}"
        if prose.node is not None:
            report.add(prose.node, message, "warning", offset)
        else:
            report.at(loc, message, "warning")


_SPACED_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*([^()<>\s\"']+(?:[ \t]+[^()<>\s\"']+)+)\s*\)")


def _check_spaced_images(prose: Prose, loc: Loc, report: Report) -> None:
    """`![alt](my chart.png)` is not an image in CommonMark: say how to write a path with spaces."""
    for block in prose.tokens:
        for token in block.children or []:
            for match in _SPACED_IMAGE.finditer(token.content if token.type == "text" else ""):
                path = match.group(1)
                message = (
                    f"image path '{path}' has spaces, so this is not an image: "
                    f"write ![alt](<{path}>) or {path.replace(' ', '%20')}"
                )
                offset = _offset_in(prose.text, path, 0)
                if prose.node is not None:
                    report.add(prose.node, message, "error", offset)
                else:
                    report.at(loc, message)


def _check_ref(scope: _Scope, prose: Prose, ref: Any, loc: Loc, report: Report) -> None:
    """Check one reference found in prose."""
    node = getattr(prose, "node", None)
    known = scope.known

    def say(message: str, severity: str = "error", offset: int = ref.offset) -> None:
        if node is not None:
            report.add(node, message, severity, offset)  # type: ignore[arg-type]
        else:
            report.at(loc, message, severity)  # type: ignore[arg-type]

    if ref.kind == "cite":
        for sid, _ in ref.extra["items"]:
            if sid not in known["cite"]:
                say(
                    f"unknown source '{shown(sid)}' in citation{did_you_mean(sid, known['cite'])}",
                    offset=_offset_in(prose.text, "@" + sid, ref.offset),
                )
    elif ref.kind in ("figure", "option", "chart", "box") and ref.name not in known[ref.kind]:
        say(f"unknown {ref.kind} '{shown(ref.name)}'{did_you_mean(ref.name, known[ref.kind])}")
    elif ref.kind in ("chart", "box"):
        _check_placement(prose, ref, scope.placed, loc, say)
    elif ref.kind == "undefined_note":
        say(f"footnote '[^{ref.name}]' is not defined in this field; add a line '[^{ref.name}]: text' to it")
    elif ref.kind == "image":
        _check_image(scope.folder, ref, say)
    elif ref.kind == "link" and not link_allowed(ref.name):
        say(
            f"link to '{shown(ref.name)}' is shown as plain text; links may be http:, https:, mailto: or relative",
            "warning",
        )
    elif ref.kind == "link" and ref.name.startswith("#") and ref.name[1:] not in anchors(scope.draft):
        hint = did_you_mean(ref.name[1:], anchors(scope.draft))
        say(f"link to '{shown(ref.name)}' leads nowhere: the brief has no anchor '{ref.name[1:]}'{hint}", "warning")


def _check_placement(prose: Prose, ref: Any, placed: dict[str, Loc], loc: Loc, say: Any) -> None:
    """A {chart:id} or {box:id} stands alone on a paragraph of a block field, and places its item once."""
    kind, name = ref.kind, ref.name
    if not prose.block:
        say(
            f"{{{kind}:{name}}} cannot place a {kind} here; a {kind} is placed by a paragraph of its own "
            "in a block Markdown field (summary, problem, background, an option's summary or detail, "
            "the recommendation or the annex)"
        )
    elif not chart_alone(prose, ref):
        say(f"{{{kind}:{name}}} must stand on a paragraph of its own in a block Markdown field")
    elif placed_key(kind, name) in placed:
        say(f"{kind} '{shown(name)}' is placed twice; a {kind} is placed at most once")
    else:
        placed[placed_key(kind, name)] = loc


def placed_key(kind: str, name: str) -> str:
    """The key of a placed item in Checked.placed: a chart's id, 'box:id' for a box."""
    return name if kind == "chart" else f"{kind}:{name}"


SECTION_ANCHORS = (
    "summary",
    "key-figures",
    "changes",
    "problem",
    "background",
    "options",
    "appraisal",
    "recommendation",
    "annex",
    "figures",
    "notes",
    "references",
)


def anchors(brief: Draft) -> set[str]:
    """The anchors a relative '#…' link may name: sections, options and charts."""
    return {
        *SECTION_ANCHORS,
        *(f"option-{o.id}" for o in brief.options or []),
        *(f"chart-{c.id}" for c in brief.charts or []),
        *(f"box-{b.id}" for b in brief.boxes or []),
    }


def _offset_in(text: str, needle: str, start: int) -> int:
    """Offset of `needle` in text at or after `start`."""
    found = text.find(needle, start)
    return found if found >= 0 else start


def _check_image(folder: Path, ref: Any, say: Any) -> None:
    """An image needs alt text and a file inside the brief's folder that is a usable image within the cap."""

    alt = ref.token.content if ref.token is not None else ""
    if not alt.strip():
        say("image needs alt text: write ![what it shows](path)")
    name = image_name(ref.name)
    problem = image_problem(name)
    found = None if problem else find_image(folder, ref.name)
    if problem:
        say(problem)
    elif found is None:
        say(f"image '{shown(name)}' not found inside the brief's folder")
    else:
        fault = image_fault(found, name)
        if fault:
            say(fault)


def _check_alt(alt: Any, loc: Loc, known: dict[str, set[str]], report: Report) -> None:
    """Chart alt text may use {figure}, {option:id} and citations (printed short); no charts or footnotes."""

    for kind, name, offset in plain_refs(str(alt)):
        if kind == "cite":
            for sid, _ in name or []:
                if sid not in known["cite"]:
                    report.value_at(
                        alt,
                        loc,
                        f"unknown source '{shown(sid)}' in citation{did_you_mean(sid, known['cite'])}",
                        offset=_offset_in(str(alt), "@" + sid, offset),
                    )
        elif kind == "footnote":
            report.value_at(alt, loc, f"alt text is plain text and cannot call footnote '[^{name}]'", offset=offset)
        elif kind in ("chart", "box") or name not in known[kind]:
            placing = kind in ("chart", "box")
            what = f"a {kind} cannot be placed in alt text" if placing else f"unknown {kind} '{shown(name)}'"
            report.value_at(alt, loc, what, offset=offset)
