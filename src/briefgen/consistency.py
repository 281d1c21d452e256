"""Across briefs: the same figure (same id and label) should say the same thing everywhere."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from .errors import Problem
from .validate import Checked

COMPARED = ("value", "series", "source", "as_of")


def _where(checked: Checked, fid: str) -> tuple[int, int]:
    """Line and column of a figure's id in its brief."""
    figures = checked.doc.root.find(("figures",))
    key = figures.key_node(fid) if figures.kind == "map" else None
    return (key.line, key.col) if key is not None else (1, 1)


def _facts(checked: Checked, fid: str) -> dict[str, Any]:
    """What a figure claims: its value or series, source and as-of period."""
    figure = checked.brief.figures[fid]
    series = {str(k): str(v) for k, v in figure.series.items()} if figure.series else None
    return {"value": None if figure.value is None else str(figure.value), "series": series,
            "source": None if figure.source is None else str(figure.source),
            "as_of": None if figure.as_of is None else str(figure.as_of)}


def cross_brief_warnings(briefs: list[Checked]) -> list[Problem]:
    """A warning for each figure that shares an id and label with one in another brief but differs."""
    groups: dict[tuple[str, str], list[Checked]] = defaultdict(list)
    for checked in briefs:
        for fid, figure in (checked.brief.figures or {}).items():
            if figure.kind != "formula":
                groups[(fid, str(figure.label).casefold())].append(checked)
    problems = []
    for (fid, _), members in groups.items():
        first = members[0]
        for other in members[1:]:
            differences = [k for k in COMPARED if _facts(first, fid)[k] != _facts(other, fid)[k]]
            if other.doc.source.path != first.doc.source.path and differences:
                line, col = _where(other, fid)
                at = "{}:{}:{}".format(first.doc.source.path, *_where(first, fid))
                problems.append(Problem(other.doc.source.path, line, col,
                                        f"figure '{fid}' differs from the one at {at} in {', '.join(differences)}",
                                        "warning"))
    return problems
