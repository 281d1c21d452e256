"""Check a loaded brief: schema, references, figures and prose, every problem in one run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefgen.brief.bibliography import Bibliography, check_bibliography, web_source_warnings
from briefgen.brief.datacells import Origin
from briefgen.brief.datafiles import DataFiles
from briefgen.brief.figures import Figures, compute
from briefgen.brief.fromdata import read_from_data
from briefgen.brief.id_checks import check_references, check_unique_ids
from briefgen.brief.model import Brief, Draft
from briefgen.brief.nodes import Document
from briefgen.brief.prose import Prose, plain_refs
from briefgen.brief.prose_checks import Loc, check_prose
from briefgen.brief.salvage import check_salvaged_formulas, with_salvaged
from briefgen.brief.structure import Report, validate_schema
from briefgen.errors import BriefgenError, Problem, shown


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
    check_unique_ids(full, report)
    check_references(full, report, broken)
    check_salvaged_formulas(full, partial, report)
    figures = compute(brief, report, broken.get("figures", set()))
    checked = Checked(doc, brief, figures, bibliography=bib, data=data or {}, origins=origins)
    checked.prose, checked.placed = check_prose(full, brief, Path(doc.path).parent, report, broken)
    web_source_warnings(_check_unused_sources(checked, full, report), brief, bib, report)
    own = doc.source.path  # the brief's problems first, then those in its bibliography or style files
    checked.problems = sorted(set(report.problems), key=lambda p: (p.file != own, p.file, p.line, p.col, p.message))
    return checked


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
