"""Across briefs: the same figure (same id and label) should say the same thing everywhere."""

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
            )
        )
    return out


def cross_brief_warnings(briefs: Iterable[list[FigureFacts]]) -> list[Problem]:
    """A warning for each figure that shares an id and label with one in another brief but differs."""
    groups: dict[tuple[str, str], list[FigureFacts]] = defaultdict(list)
    for facts in briefs:
        for fact in facts:
            groups[(fact.fid, fact.label)].append(fact)
    problems = []
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
