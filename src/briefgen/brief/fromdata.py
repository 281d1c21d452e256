"""Give each figure with `from` the number or series its data file holds, reporting problems at `from`."""

from __future__ import annotations

from briefgen.brief.datacells import Origin, select
from briefgen.brief.datafiles import DataFiles
from briefgen.brief.model import Draft, Figure
from briefgen.brief.nodes import Node, Scalar
from briefgen.brief.structure import Partial, Report


def read_from_data(brief: Draft, data: DataFiles, report: Report, partial: Partial) -> dict[str, Origin]:
    """Fill in figures read from data files; a figure that cannot be read counts as invalid (its id still exists)."""
    origins: dict[str, Origin] = {}
    for fid, figure in list((brief.figures or {}).items()):
        spec = figure.from_
        if spec is None:
            continue
        reading = select(data.get(spec.name), spec)
        for key, message in reading.problems:
            report.add(_node(report, fid, figure, key), message)
        if reading.problems or reading.origin is None:
            del brief.figures[fid]
            partial.broken_ids.setdefault("figures", set()).add(fid)
            partial.salvaged.setdefault("figures", {})[fid] = figure
            continue
        if reading.series is not None:
            figure.series = reading.series
        elif reading.value is not None:
            figure.value = reading.value
        if figure.as_of is None and reading.as_of is not None:
            figure.as_of = reading.as_of
        origins[fid] = reading.origin
    return origins


def _node(report: Report, fid: str, figure: Figure, key: str) -> Node | None:
    """Where a problem goes: the key of `from` it concerns, or the `from` key itself for the cell's value."""
    value = getattr(figure.from_, key, None) if key != "from" else None
    if isinstance(value, Scalar):
        return value.node
    written = report.doc.root.find(("figures", fid))
    return written.key_node("from") if written.kind == "map" else written
