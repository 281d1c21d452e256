"""Bar and line charts as SVG with matplotlib's object API: real text, alt text, no dates."""
from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from html import escape

PALETTE = ("#1f4e79", "#c55a11", "#2e7d6b", "#7f6000", "#5b5b5b", "#7030a0")
MARKERS = ("o", "s", "^", "D", "v", "P")
HATCHES = ("", "//", "..", "xx", "\\\\", "++")


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


def _register_fonts(files: tuple[str, ...]) -> None:
    """Make a style's fonts known to matplotlib so text is measured with them."""
    from matplotlib import font_manager

    known = {Path(f.fname).resolve() for f in font_manager.fontManager.ttflist}
    for name in files:
        if Path(name).resolve() not in known:
            font_manager.fontManager.addfont(name)


def _tick(unit: str, locale: str) -> Any:
    """A tick formatter printing numbers as the brief does, currency and percent included."""
    from matplotlib.ticker import FuncFormatter

    from .numbers import format_value, is_currency

    shown = unit if unit in ("percent",) or is_currency(unit) else "count"

    def fmt(x: float, _pos: int) -> str:
        value = Decimal(str(float(x))).quantize(Decimal("0.01")) if abs(x) < 1e15 else Decimal(int(x))
        return format_value(value.normalize(), unit=shown, locale=locale)

    return FuncFormatter(fmt)


def _axis_label(unit: str) -> str:
    """The unit named on the value axis."""
    from .numbers import is_currency

    if unit in ("count", "ratio") or is_currency(unit):
        return "" if unit != "ratio" else "ratio"
    return "%" if unit == "percent" else unit


def render_svg(spec: ChartSpec) -> str:
    """Draw one chart and return its SVG, with the alt text as its <title>."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    _register_fonts(spec.font_files)
    rc = {"svg.hashsalt": f"briefgen-{spec.id}", "svg.fonttype": "none", "font.family": spec.font_family,
          "font.size": 9, "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 10}
    with rc_context(rc):
        figure = Figure(figsize=(6.3, 2.2 if spec.kind == "line" else 0.7 + 0.42 * len(spec.labels)), dpi=72)
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        if spec.kind == "bar":
            _bars(axes, spec)
        else:
            _lines(axes, spec)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": "briefgen"})
    return _finish_svg(out.getvalue(), spec)


def _bars(axes: Any, spec: ChartSpec) -> None:
    """Horizontal bars, one per figure, labelled with their printed values."""
    labels = ["\n".join(textwrap.wrap(label, 28)) for label in spec.labels]
    values = [float(v) for v in spec.values]
    positions = list(range(len(values)))[::-1]
    bars = axes.barh(positions, values, color=[spec.colours[i % len(spec.colours)] for i in range(len(values))],
                     hatch=None, height=0.6)
    for bar, hatch in zip(bars, HATCHES):
        bar.set_hatch(hatch)
        bar.set_edgecolor("white")
    axes.set_yticks(positions, labels)
    axes.xaxis.set_major_formatter(_tick(spec.unit, spec.locale))
    axes.set_xlabel(_axis_label(spec.unit))
    axes.set_xlim(0, max(values + [0]) * 1.18 or 1)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    from .numbers import format_value

    for bar, value in zip(bars, spec.values):
        axes.annotate(format_value(Decimal(value), unit=spec.unit, locale=spec.locale),
                      (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(4, 0),
                      textcoords="offset points", va="center", fontsize=8)


def _lines(axes: Any, spec: ChartSpec) -> None:
    """One line per series over its periods, each with its own marker."""
    periods: list[str] = []
    for series in spec.values:
        periods.extend(p for p in series if p not in periods)
    for i, (label, series) in enumerate(zip(spec.labels, spec.values)):
        xs = [periods.index(p) for p in series]
        axes.plot(xs, [float(v) for v in series.values()], marker=MARKERS[i % len(MARKERS)],
                  color=spec.colours[i % len(spec.colours)], linewidth=1.8, label=label)
    axes.set_xticks(range(len(periods)), periods)
    axes.yaxis.set_major_formatter(_tick(spec.unit, spec.locale))
    axes.set_ylabel(_axis_label(spec.unit))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    if len(spec.labels) > 1:
        axes.legend(frameon=False)


def _finish_svg(svg: str, spec: ChartSpec) -> str:
    """Drop the XML prolog, prefix ids so charts can share a page, and add title and role."""
    svg = svg[svg.index("<svg"):]
    prefix = f"chart-{spec.id}-"
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{prefix}{m.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{prefix}{m.group(1)}"', svg)
    svg = re.sub(r' style="([^"]*)"', _presentation_attributes, svg)
    title_id = f"{prefix}title"
    head_end = svg.index(">") + 1
    head = svg[:head_end].replace("<svg ", f'<svg role="img" aria-labelledby="{title_id}" ', 1)
    return f'{head}\n <title id="{title_id}">{escape(spec.alt)}</title>{svg[head_end:]}'


def _presentation_attributes(match: re.Match[str]) -> str:
    """Turn a style="a: b; c: d" attribute into SVG presentation attributes a="b" c="d"."""
    pairs = [part.split(":", 1) for part in match.group(1).split(";") if ":" in part]
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)
