"""Bar and line charts as SVG with matplotlib's object API: real text, alt text, no dates.

Author text (labels, units, printed values) is drawn literally: never as mathtext or TeX.
A bar chart's axis runs from its most negative to its largest value through a zero line, and
each bar is labelled exactly as the prose prints its figure. A line chart places each period
at its middle on a real time axis (2019 in mid-2019, the financial year 2015/16 in October
2015, a month in mid-month), in time order, labelled per the locale ("Oct 2021"); mixing
financial and calendar years in one line chart is an error reported by `check`.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.brief.formatting import format_axis, format_value, is_currency
from briefgen.brief.timeaxis import chronological, period_kind, period_label, position
from briefgen.render.chart_labels import series_names

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

PALETTE = ("#1f4e79", "#c55a11", "#2e7d6b", "#7f6000", "#5b5b5b", "#7030a0")
MARKERS = ("o", "s", "^", "D", "v", "P")
MONTH_STRIDES = (1, 2, 3, 4, 6, 12, 24, 36, 60, 120)
YEAR_STRIDES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
DASHES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 1)))


@dataclass(frozen=True)
class ChartSpec:
    """What to draw: kind, labelled values or series, unit and texts."""

    id: str
    kind: str
    labels: tuple[str, ...]
    values: tuple[Any, ...]  # Decimal for bar charts, dict period -> Decimal for line charts
    unit: str
    locale: str
    alt: str
    font_family: str = "DejaVu Sans"
    font_files: tuple[str, ...] = ()
    colours: tuple[str, ...] = PALETTE
    value_texts: tuple[str, ...] = ()  # bar charts: each figure as the prose prints it
    scale: str = "auto"  # the figures' common scale, for the value axis
    title: str = ""  # the chart's title: bar and line labels do not repeat it


def _register_fonts(files: tuple[str, ...]) -> None:
    """Make a style's fonts known to matplotlib so text is measured with them."""
    from matplotlib import font_manager  # noqa: PLC0415  matplotlib, only to draw a chart

    known = {Path(f.fname).resolve() for f in font_manager.fontManager.ttflist}
    for name in files:
        if Path(name).resolve() not in known:
            font_manager.fontManager.addfont(name)


def _axis_ticks(ticks: Any, limits: tuple[float, float], spec: ChartSpec) -> tuple[list[float], list[str]]:
    """The ticks inside an axis's limits and their labels, all printed in one format."""

    low, high = min(limits), max(limits)
    inside = [float(t) for t in ticks if low - 1e-9 * (high - low) <= t <= high + 1e-9 * (high - low)]
    shown = spec.unit if spec.unit == "percent" or is_currency(spec.unit) else "count"
    values = [Decimal(f"{t:.12g}") for t in inside]
    return inside, format_axis(values, unit=shown, scale=spec.scale, locale=spec.locale)


TICK_GAP = 6.0  # points of white between two value-axis labels, at least


def _spaced_ticks(figure: Any, axes: Any, spec: ChartSpec) -> None:
    """Fewer value ticks on a bar chart where their labels, as drawn, would touch ("0,0 M £GB 0,2 M £GB")."""
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415  matplotlib, only to draw a chart

    for bins in range(len(axes.get_xticks()) - 1, 1, -1):
        figure.draw_without_rendering()
        boxes = sorted((t.get_window_extent() for t in axes.get_xticklabels() if t.get_text()), key=lambda b: b.x0)
        if all(b.x0 - a.x1 >= TICK_GAP for a, b in pairwise(boxes)):
            return
        limits = axes.get_xlim()
        axes.set_xticks(*_axis_ticks(MaxNLocator(nbins=bins, steps=[1, 2, 5, 10]).tick_values(*limits), limits, spec))


def _literal_text(figure: Any) -> None:
    """Draw every text of a figure as written: no mathtext, no TeX."""
    from matplotlib.text import Text  # noqa: PLC0415  matplotlib, only to draw a chart

    for text in figure.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)


def _axis_label(unit: str) -> str:
    """The unit named on the value axis."""

    if unit in ("count", "ratio") or is_currency(unit):
        return "" if unit != "ratio" else "ratio"
    return "%" if unit == "percent" else unit


def _rc(spec: ChartSpec) -> dict[RcKeyType, Any]:
    """matplotlib settings for one chart."""
    return {
        "svg.hashsalt": f"briefgen-{spec.id}",
        "svg.fonttype": "none",
        "font.family": spec.font_family,
        "font.size": 9.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
        "text.parse_math": False,
        "text.usetex": False,
    }


def _drawn(spec: ChartSpec, canvas: Any) -> Any:
    """The chart drawn on a new figure attached to a canvas class (SVG or raster)."""
    from matplotlib.figure import Figure  # noqa: PLC0415  matplotlib, only to draw a chart

    figure = Figure(figsize=(6.3, 2.4 if spec.kind == "line" else 0.7 + 0.36 * len(spec.labels)), dpi=72)
    canvas(figure)
    axes = figure.add_subplot()
    if spec.kind == "bar":
        _bars(axes, spec)
    else:
        _lines(axes, spec)
    _literal_text(figure)
    figure.tight_layout(pad=0.3)  # a narrow margin: the chart lines up with the text and its notes sit close under it
    if spec.kind == "bar":
        _spaced_ticks(figure, axes, spec)
    if spec.kind == "line" and len(spec.labels) > 1:  # room on the right for the direct labels
        longest = max(min(len(name), 26) for name in series_names(spec.labels, spec.title))
        figure.subplots_adjust(right=1 - min(0.3, 0.012 * longest + 0.04))
    _literal_text(figure)
    return figure


def render_svg(spec: ChartSpec) -> str:
    """Draw one chart and return its SVG, with the alt text as its <title>."""
    from matplotlib import rc_context  # noqa: PLC0415  matplotlib, only to draw a chart
    from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: PLC0415  matplotlib, only to draw a chart

    _register_fonts(spec.font_files)
    with rc_context(_rc(spec)):
        figure = _drawn(spec, FigureCanvasSVG)
        out = io.StringIO()
        # No RDF <metadata>: it is not valid inside HTML, and the chart's <title> says what it shows.
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return _finish_svg(out.getvalue(), spec)


def render_png(spec: ChartSpec, dpi: int = 300) -> bytes:
    """Draw one chart as a PNG at print resolution (for Word and OpenDocument, which carry the alt text)."""
    from matplotlib import rc_context  # noqa: PLC0415  matplotlib, only to draw a chart
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415  matplotlib, only to draw a chart

    _register_fonts(spec.font_files)
    with rc_context(_rc(spec)):
        figure = _drawn(spec, FigureCanvasAgg)
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=dpi, metadata={"Software": "briefgen"})
    return out.getvalue()


def _bars(axes: Any, spec: ChartSpec) -> None:
    """Horizontal bars, one per figure, from a zero line, labelled with their printed values."""
    labels = ["\n".join(textwrap.wrap(label, 28)) for label in series_names(spec.labels, spec.title)]
    values = [float(v) for v in spec.values]
    texts = spec.value_texts or tuple(_printed(v, spec) for v in spec.values)
    positions = list(range(len(values)))[::-1]
    bars = axes.barh(positions, values, color=spec.colours[0], height=0.6)  # one series: one colour
    axes.set_yticks(positions, labels)
    axes.tick_params(axis="y", length=0)
    axes.set_xlabel(_axis_label(spec.unit), loc="right")
    axes.set_xlim(*_bar_limits(values, texts))
    axes.axvline(0, color="#404040", linewidth=0.8)
    axes.set_xticks(*_axis_ticks(axes.get_xticks(), axes.get_xlim(), spec))
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for bar, value, text in zip(bars, values, texts, strict=True):
        axes.annotate(
            text,
            (bar.get_x() + bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(4 if value >= 0 else -4, 0),
            textcoords="offset points",
            va="center",
            ha="left" if value >= 0 else "right",
            fontsize=8,
        )


def _printed(value: Any, spec: ChartSpec) -> str:
    """A bar's value printed by the brief's rules, when the spec carries no printed texts."""

    return format_value(Decimal(value), unit=spec.unit, locale=spec.locale)


def _bar_limits(values: list[float], texts: tuple[str, ...]) -> tuple[float, float]:
    """Value-axis limits that hold every bar, the zero line and room for the labels."""
    low, high = min([*values, 0.0]), max([*values, 0.0])
    span = (high - low) or 1.0
    room = span * (0.06 + 0.018 * max((len(t) for t in texts), default=0))
    return (low - room if low < 0 else 0.0), (high + room if high > 0 or low == 0 else 0.0)


def _lines(axes: Any, spec: ChartSpec) -> None:
    """One line per series, its periods placed in time order on a real time axis."""

    ends = []
    for i, series in enumerate(spec.values):
        periods = chronological(series)
        xs, ys = [position(p) for p in periods], [float(series[p]) for p in periods]
        axes.plot(
            xs,
            ys,
            marker=MARKERS[i % len(MARKERS)],
            markersize=4,
            linestyle=DASHES[i % len(DASHES)],
            color=spec.colours[i % len(spec.colours)],
            linewidth=1.8,
        )
        if xs:
            ends.append((xs[-1], ys[-1], i))
    ticks = _time_ticks(chronological(p for series in spec.values for p in series), spec.locale)
    axes.set_xticks([position(p) for p in ticks], [period_label(p, spec.locale) for p in ticks])
    low, high = axes.get_ylim()
    low, high = min(low, 0.0), max(high, 0.0)  # a zero baseline: a rise is never drawn larger than it is
    axes.set_ylim(low, high)
    axes.axhline(0, color="#404040", linewidth=0.8)
    axes.set_yticks(*_axis_ticks(axes.get_yticks(), (low, high), spec))
    axes.set_ylim(low, high)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.tick_params(axis="y", length=0)
    unit = _axis_label(spec.unit)
    if unit:  # the unit at the top of the value axis, horizontal
        axes.annotate(unit, (0, 1), xycoords="axes fraction", xytext=(0, 6), textcoords="offset points", ha="right")
    if len(spec.labels) > 1:
        _direct_labels(axes, spec, ends, (low, high))


def _direct_labels(
    axes: Any, spec: ChartSpec, ends: list[tuple[float, float, int]], limits: tuple[float, float]
) -> None:
    """Each series named at the end of its line, in its colour, nudged apart so no two labels overlap."""
    gap = (limits[1] - limits[0]) * 0.085
    placed: list[float] = []
    names = series_names(spec.labels, spec.title)
    for x, y, i in sorted(ends, key=lambda end: end[1]):
        wanted = max(y, placed[-1] + gap) if placed else y
        placed.append(wanted)
        label = "\n".join(textwrap.wrap(names[i], 26)[:2])
        axes.annotate(
            label,
            (x, y),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            color=spec.colours[i % len(spec.colours)],
            fontsize=8.5,
            annotation_clip=False,
        )
        if wanted != y:
            axes.texts[-1].xyann = (8, (wanted - y) / (limits[1] - limits[0]) * 130)


def _time_ticks(periods: list[str], locale: str) -> list[str]:
    """The periods to label, in time order: every nth at a round stride, else none too close to the last."""

    if len(periods) < 2:
        return periods
    most = max(2, 84 // (max(len(period_label(p, locale)) for p in periods) + 2))
    gap = (position(periods[-1]) - position(periods[0])) / (most - 1) * 0.999
    places = [position(p) for p in periods]
    monthly = all(period_kind(p) == "month" for p in periods)
    for stride in MONTH_STRIDES if monthly else YEAR_STRIDES:
        if stride < len(periods) and all(
            b - a >= gap for a, b in zip(places[::stride], places[stride::stride], strict=False)
        ):
            return periods[::stride]
    kept = [periods[0]]
    for period in periods[1:]:
        if position(period) - position(kept[-1]) >= gap:
            kept.append(period)
    return kept


def _finish_svg(svg: str, spec: ChartSpec) -> str:
    """Drop the XML prolog, prefix ids so charts can share a page, and add title and role."""
    svg = svg[svg.index("<svg") :]
    prefix = f"chart-{spec.id}-"
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{prefix}{m.group(1)}"', svg)
    svg = re.sub(r' style="([^"]*)"', _presentation_attributes, svg)
    svg = re.sub(
        r'font-family="([^"]*)"', r'font-family="\1, sans-serif"', svg
    )  # a fallback where the font is not loaded
    title_id = f"{prefix}title"
    head_end = svg.index(">") + 1
    head = svg[:head_end].replace("<svg ", f'<svg role="img" aria-labelledby="{title_id}" ', 1)
    return f'{head}\n <title id="{title_id}">{escape(spec.alt)}</title>{svg[head_end:]}'


def _presentation_attributes(match: re.Match[str]) -> str:
    """Turn a style="a: b; c: d" attribute into SVG presentation attributes a="b" c="d"."""
    pairs = [part.split(":", 1) for part in match.group(1).split(";") if ":" in part]
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)
