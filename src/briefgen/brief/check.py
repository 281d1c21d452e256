"""Check a loaded brief: schema, references, figures and prose, every problem in one run."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.brief.bibliography import Bibliography, check_bibliography, web_source_warnings
from briefgen.brief.chart_checks import check_chart_periods
from briefgen.brief.datacells import Origin
from briefgen.brief.datafiles import DataFiles
from briefgen.brief.figures import Figures, compute
from briefgen.brief.fromdata import read_from_data
from briefgen.brief.handtyped import hand_typed_numbers
from briefgen.brief.images import find_image, image_fault, image_name
from briefgen.brief.model import Brief, Draft
from briefgen.brief.nodes import Document
from briefgen.brief.prose import Prose, chart_alone, image_problem, link_allowed, parse, plain_refs
from briefgen.brief.salvage import check_salvaged_formulas, with_salvaged
from briefgen.brief.structure import Report, did_you_mean, validate_schema
from briefgen.errors import BriefgenError, Problem, shown

Loc = tuple[Any, ...]


@dataclass
class Checked:
    """A brief with everything computed from it, and its problems."""

    doc: Document
    draft: Draft  # what validated; a Brief when every required key is there and valid
    figures: Figures
    prose: dict[Loc, Prose] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    placed: dict[str, Loc] = field(default_factory=dict)
    bibliography: Bibliography = field(default_factory=Bibliography)
    data: DataFiles = field(default_factory=dict)  # the data files read, by name as written
    origins: dict[str, Origin] = field(default_factory=dict)  # figure id -> where its data file holds it

    @property
    def brief(self) -> Brief:
        """The complete brief, for rendering; a brief with errors is never rendered, so this never fails there."""
        if not isinstance(self.draft, Brief):
            raise BriefgenError("an incomplete brief cannot be rendered; check its errors first")
        return self.draft

    @property
    def cited(self) -> list[str]:
        """The source ids the prose cites, in reading order, each once."""
        ids = (
            sid
            for prose in self.prose.values()
            for ref in prose.refs
            if ref.kind == "cite"
            for sid, _ in ref.extra["items"]
        )
        return list(dict.fromkeys(ids))

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are warnings."""
        return [p for p in self.problems if p.severity == "warning"]


def check(doc: Document, data: DataFiles | None = None, style_folder: Path | None = None) -> Checked:
    """Validate a document and compute its figures (those with `from` read from `data`); every problem found."""
    report = Report(doc)
    report.problems.extend(doc.problems)
    brief, partial = validate_schema(doc, report)
    origins = read_from_data(brief, data or {}, report, partial)
    broken = partial.broken_ids
    bib = check_bibliography(doc, brief, report, style_folder)
    broken["sources"] = broken.get("sources", set()) | set(bib.entries)  # file entries are sources too
    full = with_salvaged(doc, brief, partial)  # the parts of invalid items that validated, checked too
    _check_unique_ids(full, report)
    _check_references(full, report, broken)
    check_salvaged_formulas(full, partial, report)
    figures = compute(brief, report, broken.get("figures", set()))
    checked = Checked(doc, brief, figures, bibliography=bib, data=data or {}, origins=origins)
    _check_prose(checked, full, report, broken)
    web_source_warnings(_check_unused_sources(checked, full, report), brief, bib, report)
    own = doc.source.path  # the brief's problems first, then those in its bibliography or style files
    checked.problems = sorted(set(report.problems), key=lambda p: (p.file != own, p.file, p.line, p.col, p.message))
    return checked


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


def _check_unique_ids(brief: Draft, report: Report) -> None:
    """Ids of criteria, options and charts are unique within their kind."""
    for kind in ("criteria", "options", "charts", "boxes"):
        seen: dict[str, Any] = {}
        for i, item in enumerate(getattr(brief, kind) or []):
            if item.id is None:
                continue
            if item.id in seen:
                first = seen[item.id]
                line = first.node.line if hasattr(first, "node") else "?"
                report.value_at(
                    item.id, (kind, i, "id"), f"duplicate id '{shown(item.id)}' in {kind} (first used at line {line})"
                )
            else:
                seen[item.id] = item.id


def _unknown(
    report: Report, value: Any, loc: Loc, kind: str, known: set[str] | dict[str, Any], offset: int = 0
) -> None:
    """Report a reference to an id that does not exist."""
    report.value_at(value, loc, f"unknown {kind} '{shown(value)}'{did_you_mean(str(value), set(known))}", offset=offset)


def _check_references(brief: Draft, report: Report, broken: dict[str, set[str]]) -> None:
    """Every id a brief names must exist (items that failed validation count as existing)."""
    figures = set(brief.figures or {}) | broken.get("figures", set())
    sources = set(brief.sources or {}) | broken.get("sources", set())
    criteria = {c.id for c in brief.criteria or [] if c.id is not None} | broken.get("criteria", set())
    options = {o.id for o in brief.options or [] if o.id is not None} | broken.get("options", set())
    for fid, figure in (brief.figures or {}).items():
        if figure.source is not None and figure.source not in sources:
            _unknown(report, figure.source, ("figures", fid, "source"), "source", sources)
    for i, option in enumerate(brief.options or []):
        if option.cost is not None and option.cost not in figures:
            _unknown(report, option.cost, ("options", i, "cost"), "figure", figures)
        _check_ratings(i, option, criteria, brief, report)
    if brief.recommendation is not None:
        for j, oid in enumerate(brief.recommendation.options or []):
            if oid not in options:
                _unknown(report, oid, ("recommendation", "options", j), "option", options)
    for i, chart in enumerate(brief.charts or []):
        _check_chart(i, chart, brief, figures - broken.get("figures", set()), figures, report)


def _check_ratings(index: int, option: Any, criteria: set[str], brief: Draft, report: Report) -> None:
    """Ratings name criteria; an option rating some but not all gets a warning."""
    for cid in option.ratings:
        if cid not in criteria:
            key = report.doc.root.find(("options", index, "ratings")).key_node(cid)
            hint = did_you_mean(cid, criteria)
            report.add(key, f"rating of unknown criterion '{shown(cid)}'{hint}")
    rated = set(option.ratings)
    missing = list(dict.fromkeys(c.id for c in brief.criteria or [] if c.id is not None and c.id not in rated))
    if rated and missing and option.id is not None:
        report.at(
            ("options", index, "ratings"),
            f"option '{shown(option.id)}' does not rate {shown(', '.join(missing), 120)}",
            "warning",
        )


def _check_chart(index: int, chart: Any, brief: Draft, valid: set[str], figures: set[str], report: Report) -> None:
    """Chart figures exist, share one unit and suit the chart's kind (figures that failed validation aside)."""
    units = set()
    for j, fid in enumerate(chart.figures or []):
        figure = brief.figures.get(fid) if fid in valid else None
        if figure is None or chart.kind is None:
            if fid not in figures:
                _unknown(report, fid, ("charts", index, "figures", j), "figure", figures)
            continue
        units.add(str(figure.unit))
        wanted = "series" if chart.kind == "line" else "scalar"
        actual = "series" if figure.kind == "series" else "scalar"
        if wanted != actual:
            what = (
                "a line chart draws series figures"
                if chart.kind == "line"
                else "a bar chart compares single-value figures"
            )
            report.value_at(fid, ("charts", index, "figures", j), f"figure '{shown(fid)}' is a {actual} figure; {what}")
    if len(units) > 1:
        report.at(("charts", index, "figures"), f"chart figures must share one unit, found {', '.join(sorted(units))}")
    if chart.kind == "line":
        check_chart_periods(index, chart, brief, report)


def _check_prose(checked: Checked, brief: Draft, report: Report, broken: dict[str, set[str]]) -> None:
    """Parse every Markdown field of `brief` (valid parts of invalid items too) and check what it refers to."""
    known = {
        "figure": set(brief.figures or {}) | broken.get("figures", set()),
        "option": {o.id for o in brief.options or [] if o.id is not None} | broken.get("options", set()),
        "chart": {c.id for c in brief.charts or [] if c.id is not None} | broken.get("charts", set()),
        "box": {b.id for b in brief.boxes or [] if b.id is not None} | broken.get("boxes", set()),
        "cite": set(brief.sources or {}) | broken.get("sources", set()),
    }
    placed = checked.placed
    for loc, text, block in markdown_fields(brief):
        if text is None:
            continue
        prose = parse(text, block)
        checked.prose[loc] = prose
        _warn_hand_typed(prose, loc, report)
        _check_spaced_images(prose, loc, report)
        for ref in prose.refs:
            _check_ref(checked, prose, ref, known, placed, loc, report)
    for i, chart in enumerate(brief.charts or []):
        if chart.alt is not None:
            _check_alt(chart.alt, ("charts", i, "alt"), known, report)


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


def _check_ref(
    checked: Checked,
    prose: Prose,
    ref: Any,
    known: dict[str, set[str]],
    placed: dict[str, Loc],
    loc: Loc,
    report: Report,
) -> None:
    """Check one reference found in prose."""
    node = getattr(prose, "node", None)

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
        _check_placement(prose, ref, placed, loc, say)
    elif ref.kind == "undefined_note":
        say(f"footnote '[^{ref.name}]' is not defined in this field; add a line '[^{ref.name}]: text' to it")
    elif ref.kind == "image":
        _check_image(checked, ref, say)
    elif ref.kind == "link" and not link_allowed(ref.name):
        say(
            f"link to '{shown(ref.name)}' is shown as plain text; links may be http:, https:, mailto: or relative",
            "warning",
        )
    elif ref.kind == "link" and ref.name.startswith("#") and ref.name[1:] not in anchors(checked.draft):
        hint = did_you_mean(ref.name[1:], anchors(checked.draft))
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


def _check_image(checked: Checked, ref: Any, say: Any) -> None:
    """An image needs alt text and a file inside the brief's folder that is a usable image within the cap."""

    alt = ref.token.content if ref.token is not None else ""
    if not alt.strip():
        say("image needs alt text: write ![what it shows](path)")
    name = image_name(ref.name)
    problem = image_problem(name)
    found = None if problem else find_image(Path(checked.doc.path).parent, ref.name)
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


def _check_unused_sources(checked: Checked, full: Draft, report: Report) -> list[str]:
    """A source that nothing cites or uses gets a warning; returns the ids that are used."""

    used = set(checked.cited)
    used |= {
        sid
        for chart in full.charts or []
        for kind, items, _ in plain_refs(str(chart.alt or ""))
        if kind == "cite"
        for sid, _ in items or []
    }
    used |= {str(f.source) for f in (full.figures or {}).values() if f.source is not None}
    for sid in checked.draft.sources:
        if sid not in used:
            key = report.doc.root.find(("sources",)).key_node(sid)
            report.add(key, f"source '{shown(sid)}' is never cited or used by a figure", "warning")
    return sorted(used)
