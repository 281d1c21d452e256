"""(f) Growth: time and peak memory against brief size (pages) and brief count."""

from __future__ import annotations

from pathlib import Path

from . import content
from .context import Context, log
from .report import GrowthPoint, Row
from .tools import pdf_pages

PROBE_UNITS = 10
MEMORY_LIMIT_MB = 400.0
LINEAR_R2 = 0.98
LINEAR_STEP = 1.5


def _grown_brief(ctx: Context, units: int) -> Path:
    """The core brief grown by `units`, written once and checked."""
    path = ctx.work / "growth" / f"units-{units:03d}" / f"units-{units:03d}.yaml"
    if not path.exists():
        content.write(content.grown(units), path, content.LONDON)
        ctx.tools.check(path)
    return path


def _probe_pages(ctx: Context, units: int) -> int:
    """Pages of a grown brief, from one unmeasured build."""
    path = _grown_brief(ctx, units)
    out = ctx.path("probe", str(units))
    ctx.tools.run([*ctx.tools.briefgen, "build", str(path), "-o", str(out), "--to", "pdf"], cwd=out)
    return pdf_pages(out / f"{path.stem}.pdf") or 1


def _pages_plan(ctx: Context) -> list[int]:
    """Growth units for each page target, from two calibration builds."""
    base, probe = _probe_pages(ctx, 0), _probe_pages(ctx, PROBE_UNITS)
    log(f"  calibration: {base} pages at 0 units, {probe} at {PROBE_UNITS}")
    units = [content.units_for(p, base, PROBE_UNITS, probe) for p in ctx.plan.page_targets]
    return sorted(set(units))


def page_points(ctx: Context) -> list[GrowthPoint]:
    """Time and memory of one-brief PDF builds of growing size."""
    points = []
    for units in _pages_plan(ctx):
        path = _grown_brief(ctx, units)
        key = f"pdf:units{units}"
        m = ctx.build(key, [path], "pdf")
        pages = pdf_pages(ctx.out(key) / f"{path.stem}.pdf")
        points.append(GrowthPoint("pages", pages or units, m, pages, units))
    return points


def count_points(ctx: Context) -> list[GrowthPoint]:
    """Time and memory of one build call over folders of growing brief count."""
    points = []
    for count in ctx.plan.counts:
        key = f"pdf:folder{count}"
        m = ctx.build(key, [ctx.folder(count)], "pdf")
        pages = sum(pdf_pages(p) or 0 for p in ctx.out(key).glob("*.pdf"))
        points.append(GrowthPoint("count", count, m, pages))
    return points


def fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least-squares line: (slope, intercept, R²)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=False)) / sxx if sxx else 0.0
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=False))
    return slope, intercept, 1 - ss_res / ss_tot if ss_tot else 1.0


def linearity_row(points: list[GrowthPoint], unit: str) -> Row:
    """Is time linear in size? R² of a straight line, and the last step against its slope."""
    xs, ys = [float(p.x) for p in points], [p.measurement.seconds for p in points]
    what = f"time vs {unit} ({', '.join(str(p.x) for p in points)})"
    target = f"linear: R² ≥ {LINEAR_R2}, last step ≤ {LINEAR_STEP}× slope"
    if len(set(xs)) < 2:
        return Row("f", what, target=target, note="fewer than two sizes")
    slope, intercept, r2 = fit(xs, ys)
    last = (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])
    step = last / slope if slope > 0 else float("inf")
    note = f"{slope:.3f} s per {unit} + {intercept:.2f} s, R² {r2:.3f}, last step {last:.3f} s per {unit}"
    return Row(
        "f",
        what,
        points[-1].measurement,
        ratio=step,
        target=target,
        met=r2 >= LINEAR_R2 and step <= LINEAR_STEP,
        note=note,
    )


def memory_rows(pages: list[GrowthPoint], counts: list[GrowthPoint]) -> list[Row]:
    """Peak memory of the largest brief and of the largest folder."""
    rows = []
    if pages:
        low, high = pages[0], pages[-1]
        rows.append(
            Row(
                "f",
                f"peak RSS, {low.x} → {high.x} pages",
                high.measurement,
                low.measurement,
                f"{low.x} pages",
                note=f"{low.measurement.peak_mb:.0f} → {high.measurement.peak_mb:.0f} MB",
            )
        )
    if counts:
        top = counts[-1]
        limit = top.x >= 100
        rows.append(
            Row(
                "f",
                f"{top.x} briefs in one call: peak RSS of any process",
                top.measurement,
                target=f"≤ {MEMORY_LIMIT_MB:g} MB (100 briefs)",
                met=top.measurement.peak_mb <= MEMORY_LIMIT_MB if limit else None,
                note=f"{top.measurement.peak_mb:.0f} MB; summed tree ≈ {top.measurement.tree_mb:.0f} MB",
            )
        )
    return rows


def case_f(ctx: Context) -> list[Row]:
    """(f) Both growth series (kept in ctx.growth for the plot), their linearity and memory."""
    pages = page_points(ctx)
    ctx.growth.extend(pages)
    counts = count_points(ctx)
    ctx.growth.extend(counts)
    return [linearity_row(pages, "page"), linearity_row(counts, "brief"), *memory_rows(pages, counts)]
