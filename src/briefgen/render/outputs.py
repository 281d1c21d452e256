"""Render one checked brief into the bytes of each requested output."""

from __future__ import annotations

import base64
from dataclasses import replace
from html import escape
from pathlib import Path

from briefgen.brief.check import Checked
from briefgen.gitinfo import UNCOMMITTED
from briefgen.render.charts import PALETTE, ChartSpec, render_png, render_svg
from briefgen.render.labels import labels_for
from briefgen.render.layout import chart_alt, styled_citations
from briefgen.render.office_writer import OFFICE_FORMATS, OfficeFormat, render_office
from briefgen.render.settings import Edition, Settings
from briefgen.render.styles import FONTS, Style
from briefgen.render.templates import render_html, render_markdown
from briefgen.render.timestamps import brief_epoch
from briefgen.render.webfonts import embed_in_svg

WATERMARK_NAME = "watermark.svg"
NO_EDITION = Edition()  # a brief built outside git, stamped with nothing


def chart_specs(checked: Checked, style: Style) -> list[ChartSpec]:
    """What each chart of a brief draws."""
    brief, figures = checked.brief, checked.figures
    specs = []
    for chart in brief.charts:
        ids = [str(f) for f in chart.figures if f in brief.figures]
        values = tuple(figures.values[f] if chart.kind == "line" else figures.scalar(f) for f in ids)
        unit = str(brief.figures[ids[0]].unit) if ids else "count"

        alt = chart_alt(checked, chart)
        texts = tuple(figures.display(f, with_period=False) for f in ids) if chart.kind == "bar" else ()
        scales = {str(brief.figures[f].scale) for f in ids}
        specs.append(
            ChartSpec(
                str(chart.id),
                str(chart.kind),
                tuple(str(brief.figures[f].label) for f in ids),
                values,
                unit,
                str(brief.locale),
                alt,
                style.chart_font,
                style.chart_font_files,
                style.chart_colours or PALETTE,
                texts,
                scales.pop() if len(scales) == 1 else "auto",
                str(chart.title),
            )
        )
    return specs


def draw_charts(checked: Checked, style: Style, cache: object | None = None) -> dict[str, str]:
    """SVG for every chart, from the cache when it has them; matplotlib loads only when needed."""
    svgs = {}
    for spec in chart_specs(checked, style):
        cached = cache.get_chart(spec) if cache is not None else None  # type: ignore[attr-defined]
        if cached is None:
            cached = render_svg(spec)
            if cache is not None:
                cache.put_chart(spec, cached)  # type: ignore[attr-defined]
        svgs[spec.id] = cached
    return svgs


def watermark_svg(text: str) -> bytes:
    """A diagonal, faint page-sized watermark, its size fitted to the length of the text."""
    size = min(34.0, 250 / (0.8 * max(len(text), 1)))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297">'
        '<text x="105" y="148.5" text-anchor="middle" dominant-baseline="middle" transform="rotate(-55 105 148.5)" '
        f'font-family="Linux Biolinum O, sans-serif" font-size="{size:.1f}" font-weight="bold" fill="#9b1c1c" '
        f'fill-opacity="0.15" letter-spacing="{size * 0.18:.1f}">{escape(text.upper())}</text></svg>'
    ).encode()


def render_outputs(
    checked: Checked, out_stem: Path, settings: Settings, edition: Edition = NO_EDITION, cache: object | None = None
) -> tuple[dict[Path, bytes], list[str]]:
    """Bytes of every output file for one brief, keyed by path, and the renderer's warnings."""
    files: dict[Path, bytes] = {}
    labels = labels_for(str(checked.brief.locale), settings.style.labels)
    edition = replace(edition, stamp=local_stamp(edition.stamp, labels["uncommitted"]))
    charts = draw_charts(checked, settings.style, cache) if checked.brief.charts else {}
    if checked.bibliography.styled:
        styled_citations(checked, cache)  # once per brief, cached by content; every output below reuses it
    if "md" in settings.formats:
        names = {cid: f"{out_stem.name}.{cid}.svg" for cid in charts}
        files[out_stem.with_suffix(".md")] = render_markdown(
            checked, names, edition.stamp, edition.changes, settings.style.template_dirs, settings.style.labels
        ).encode("utf-8")
        for cid, name in names.items():
            files[out_stem.parent / name] = embed_in_svg(charts[cid], settings.style.faces, cache).encode("utf-8")
    watermarked = edition.dirty or checked.brief.status != "final"
    label = labels[f"status_{checked.brief.status}"]
    if edition.dirty and edition.stamp:
        label = labels["uncommitted"]
    if "html" in settings.formats:
        url = _data_url(watermark_svg(label)) if watermarked else None
        html = render_html(
            checked,
            settings.style,
            charts,
            stamp=edition.stamp,
            watermark_url=url,
            changes=edition.changes,
            epoch=edition.epoch,
            cache=cache,
        )
        files[out_stem.with_suffix(".html")] = html.encode("utf-8")
    warnings: list[str] = []
    if "pdf" in settings.formats:
        files[out_stem.with_suffix(".pdf")], warnings = _pdf(
            checked, settings, edition, charts, label if watermarked else None
        )
    office = [fmt for fmt in OFFICE_FORMATS if fmt in settings.formats]
    pngs = {spec.id: render_png(spec) for spec in chart_specs(checked, settings.style)} if office else {}
    for fmt in office:
        data, office_warnings = _office(checked, settings, edition, fmt, pngs, label if watermarked else None)
        files[out_stem.with_suffix(f".{fmt}")] = data
        warnings += office_warnings
    return files, warnings


def local_stamp(stamp: str | None, uncommitted: str) -> str | None:
    """A git stamp with its 'uncommitted changes' in the brief's language."""
    if stamp is None or not stamp.endswith(UNCOMMITTED):
        return stamp
    return stamp[: -len(UNCOMMITTED)] + uncommitted


def _office(
    checked: Checked,
    settings: Settings,
    edition: Edition,
    fmt: OfficeFormat,
    charts: dict[str, bytes],
    status_line: str | None,
) -> tuple[bytes, list[str]]:
    """The Word or OpenDocument file, its charts as PNG at print resolution."""
    epoch = edition.epoch if edition.epoch is not None else brief_epoch(checked)
    return render_office(
        checked,
        settings.style,
        fmt,
        charts,
        epoch=epoch,
        stamp=edition.stamp,
        changes=edition.changes,
        status_line=status_line,
    )


def _data_url(svg: bytes) -> str:
    """An SVG as a data: URL, for the standalone page only."""

    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _pdf(
    checked: Checked, settings: Settings, edition: Edition, charts: dict[str, str], watermark: str | None
) -> tuple[bytes, list[str]]:
    """The PDF, rendered in the sandbox."""
    from briefgen.render.pdf import GENERATED_ROOT, PdfJob, render_pdf  # noqa: PLC0415  loads WeasyPrint

    generated = {WATERMARK_NAME: watermark_svg(watermark)} if watermark else {}
    url = f"file://{GENERATED_ROOT}{WATERMARK_NAME}" if watermark else None
    epoch = edition.epoch if edition.epoch is not None else brief_epoch(checked)

    html = render_html(
        checked,
        settings.style,
        charts,
        for_pdf=True,
        stamp=edition.stamp,
        watermark_url=url,
        changes=edition.changes,
        epoch=epoch,
    )
    job = PdfJob(
        html,
        [settings.style.base_css, settings.style.own_css],
        Path(checked.doc.path).parent.resolve(),
        settings.style.folder,
        FONTS,
        checked.doc.source.path,
        generated,
        settings.variant,
        epoch,
    )
    return render_pdf(job)
