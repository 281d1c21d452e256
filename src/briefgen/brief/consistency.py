"""Across briefs: the same figure (same id and label, or read from the same data cell) should say the same thing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.brief.check import Checked
from briefgen.errors import Problem


@dataclass(frozen=True)
class FigureFacts:
    """What one brief says about one figure, and where: small enough to pass between processes."""

    file: str
    line: int
    col: int
    fid: str
    label: str
    facts: tuple[tuple[str, str | None], ...]
    cell: str | None = None  # for a figure read from a data file: the file's resolved path and the place in it
    place: str = ""  # that place as the brief names it, for messages


def figure_facts(checked: Checked) -> list[FigureFacts]:
    """The value, series, source and as-of period of each data figure of a brief."""
    figures = checked.doc.root.find(("figures",))
    out = []
    for fid, figure in checked.draft.figures.items():
        if figure.kind == "formula":
            continue
        key = figures.key_node(fid) if figures.kind == "map" else None
        series = None if figure.series is None else repr([(str(k), str(v)) for k, v in figure.series.items()])
        facts = (
            ("value", None if figure.value is None else str(figure.value)),
            ("series", series),
            ("source", None if figure.source is None else str(figure.source)),
            ("as_of", None if figure.as_of is None else str(figure.as_of)),
        )
        out.append(
            FigureFacts(
                checked.doc.source.path,
                key.line if key else 1,
                key.col if key else 1,
                fid,
                str(figure.label).casefold(),
                facts,
                *_cell(checked, fid),
            )
        )
    return out


def _cell(checked: Checked, fid: str) -> tuple[str | None, str]:
    """The data cell a figure reads, as an identity across briefs and as words, or (None, '')."""
    origin = checked.origins.get(fid)
    data = checked.data.get(origin.file) if origin is not None else None
    if origin is None or data is None or data.path is None:
        return None, ""
    words = [origin.file, *(f"{k} {v}" for k, v in vars(origin).items() if k not in ("file", "digest") and v)]
    return f"{data.path}#{origin.place}", ", ".join(words)


def _same_cell(briefs: list[list[FigureFacts]]) -> list[list[FigureFacts]]:
    """Figures of several briefs that read the same cell (or row) of the same data file, grouped."""
    cells: dict[str, list[FigureFacts]] = defaultdict(list)
    for facts in briefs:
        for fact in facts:
            if fact.cell is not None:
                cells[fact.cell].append(fact)
    return [members for members in cells.values() if len(members) > 1]


def cross_brief_warnings(briefs: Iterable[list[FigureFacts]]) -> list[Problem]:
    """A warning for each figure that shares an id and label with one in another brief but differs."""
    groups: dict[tuple[str, str], list[FigureFacts]] = defaultdict(list)
    briefs_list = list(briefs)
    for facts in briefs_list:
        for fact in facts:
            groups[(fact.fid, fact.label)].append(fact)
    problems = []
    for members in _same_cell(briefs_list):
        first = members[0]
        for other in members[1:]:
            differences = [
                n for (n, a), (_, b) in zip(first.facts, other.facts, strict=True) if a != b and n != "value"
            ]
            if other.file != first.file and other.fid != first.fid and differences:
                at = f"{first.file}:{first.line}:{first.col}"
                message = (
                    f"figure '{other.fid}' reads the same data ({other.place}) as figure '{first.fid}' at {at} "
                    f"but differs in {', '.join(differences)}"
                )
                problems.append(Problem(other.file, other.line, other.col, message, "warning"))
    for members in groups.values():
        first = members[0]
        for other in members[1:]:
            differences = [name for (name, a), (_, b) in zip(first.facts, other.facts, strict=True) if a != b]
            if other.file != first.file and differences:
                at = f"{first.file}:{first.line}:{first.col}"
                problems.append(
                    Problem(
                        other.file,
                        other.line,
                        other.col,
                        f"figure '{first.fid}' differs from the one at {at} in {', '.join(differences)}",
                        "warning",
                    )
                )
    return problems
