"""Result rows and their Markdown and JSON forms."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .measure import SLOW_SECONDS, Measurement


@dataclass
class Row:
    """One line of the results table: briefgen against a baseline, and the issue's target."""

    case: str
    what: str
    mine: Measurement | None = None
    base: Measurement | None = None
    base_label: str = ""
    ratio: float | None = None
    target: str = "—"
    met: bool | None = None
    note: str = ""
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "case": self.case,
            "what": self.what,
            "ratio": self.ratio,
            "target": self.target,
            "met": self.met,
            "note": self.note,
            "error": self.error,
            "baseline_label": self.base_label,
            "briefgen": self.mine.as_dict() if self.mine else None,
            "baseline": self.base.as_dict() if self.base else None,
        }


@dataclass
class GrowthPoint:
    """One size in a growth series."""

    series: str
    x: int
    measurement: Measurement
    pages: int | None = None
    units: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "series": self.series,
            "x": self.x,
            "pages": self.pages,
            "units": self.units,
            **self.measurement.as_dict(),
        }


@dataclass
class Results:
    """Everything one run produced."""

    rows: list[Row] = field(default_factory=list)
    growth: list[GrowthPoint] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)


def ratio_row(
    case: str,
    what: str,
    mine: Measurement,
    base: Measurement,
    base_label: str,
    limit: float | None = None,
    note: str = "",
) -> Row:
    """A row comparing two times, met when mine/base ≤ limit."""
    ratio = mine.seconds / base.seconds
    target = f"≤ {limit:g}×" if limit is not None else "—"
    met = ratio <= limit if limit is not None else None
    return Row(case, what, mine, base, base_label, ratio, target, met, note)


def _seconds(m: Measurement | None) -> str:
    """A time cell."""
    return f"{m.seconds:.2f} s" if m else ""


def _memory(row: Row) -> str:
    """Peak RSS cell: briefgen / baseline."""
    cells = [f"{m.peak_mb:.0f}" for m in (row.mine, row.base) if m]
    return " / ".join(cells)


def _met(row: Row) -> str:
    """The verdict cell."""
    if row.error:
        return "error"
    return {True: "met", False: "**not met**", None: "—"}[row.met]


def _clean(text: str) -> str:
    """Text safe inside a table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(results: Results) -> str:
    """The results table, the growth table and the environment, as Markdown."""
    lines = [
        "| case | what | briefgen | baseline | ratio | peak RSS MB (bg / base) | target | met | notes |",
        "|---|---|---:|---|---:|---:|---|---|---|",
    ]
    for row in results.rows:
        base = f"{_seconds(row.base)} {row.base_label}".strip()
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else ""
        note = row.note + (f" ERROR: {row.error}" if row.error else "")
        lines.append(
            f"| {row.case} | {_clean(row.what)} | {_seconds(row.mine)} | {_clean(base)} | {ratio} | "
            f"{_memory(row)} | {row.target} | {_met(row)} | {_clean(note)} |"
        )
    if results.growth:
        lines += [
            "",
            "Growth (`briefgen build --to pdf`, chart-free, default workers):",
            "",
            "| series | size | pages | time | peak RSS MB (one process) | tree RSS MB (sampled sum) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
    for point in results.growth:
        m = point.measurement
        lines.append(
            f"| {point.series} | {point.x} | {point.pages if point.pages is not None else ''} | "
            f"{m.seconds:.2f} s | {m.peak_mb:.0f} | {m.tree_mb:.0f} |"
        )
    env = ", ".join(f"{k} {v}" for k, v in results.info.get("versions", {}).items())
    runs = results.info.get("runs", 1)
    best = f"the best of {runs} runs (one run when a run takes over {SLOW_SECONDS:g} s)" if runs > 1 else "one run each"
    lines += [
        "",
        f"Times are wall-clock, {best}; peak RSS is the largest single process (wait4 ru_maxrss). Environment: {env}.",
    ]
    return "\n".join(lines) + "\n"


def write(results: Results, folder: Path) -> tuple[Path, Path]:
    """Write results.md and results.json into a folder."""
    folder.mkdir(parents=True, exist_ok=True)
    md, js = folder / "results.md", folder / "results.json"
    md.write_text("# briefgen benchmark\n\n" + markdown(results), encoding="utf-8")
    data = {
        "info": results.info,
        "rows": [r.as_dict() for r in results.rows],
        "growth": [g.as_dict() for g in results.growth],
    }
    js.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return md, js
