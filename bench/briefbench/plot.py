"""growth.png: time and peak memory against pages and against brief count (matplotlib object API)."""

from __future__ import annotations

from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .growth import fit
from .report import GrowthPoint

SERIES = {"pages": "PDF pages in one brief", "count": "briefs in one build call"}


def _panel(ax: Axes, points: list[GrowthPoint], memory: bool, xlabel: str) -> None:
    """One panel: measured points and, for time, the least-squares line."""
    xs = [p.x for p in points]
    if memory:
        ax.plot(xs, [p.measurement.peak_mb for p in points], "o-", label="largest process (wait4 maxrss)")
        ax.plot(xs, [p.measurement.tree_mb for p in points], "s--", alpha=0.7, label="process tree (sampled sum)")
        ax.set_ylabel("peak RSS (MB)")
        ax.set_ylim(bottom=0)
    else:
        ys = [p.measurement.seconds for p in points]
        ax.plot(xs, ys, "o-", label="measured (best run)")
        if len(set(xs)) >= 2:
            slope, intercept, r2 = fit([float(x) for x in xs], ys)
            ax.plot(
                [0, max(xs)],
                [intercept, intercept + slope * max(xs)],
                ":",
                color="grey",
                label=f"linear fit, R² {r2:.3f}",
            )
        ax.set_ylabel("wall-clock time (s)")
        ax.set_ylim(bottom=0)
    ax.set_xlabel(xlabel)
    ax.set_xlim(left=0)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)


def draw(points: list[GrowthPoint], path: Path) -> Path | None:
    """Write the 2×2 growth plot; None (and no stale file) when there is nothing to plot."""
    series = {name: [p for p in points if p.series == name] for name in SERIES}
    series = {name: sorted(pts, key=lambda p: p.x) for name, pts in series.items() if pts}
    if not series:
        path.unlink(missing_ok=True)
        return None
    fig = Figure(figsize=(11, 4.2 * len(series)), layout="constrained")
    axes = fig.subplots(len(series), 2, squeeze=False)
    for row, (name, pts) in enumerate(series.items()):
        _panel(axes[row][0], pts, False, SERIES[name])
        _panel(axes[row][1], pts, True, SERIES[name])
        axes[row][0].set_title(f"Time vs {SERIES[name]}")
        axes[row][1].set_title(f"Peak memory vs {SERIES[name]}")
    fig.suptitle("briefgen build --to pdf: growth")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    return path
