"""Charts draw author text literally, bars from a zero line with the prose's numbers, lines on a time axis."""

from __future__ import annotations

import html
import itertools
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from briefgen.brief.formatting import format_axis
from briefgen.render.charts import ChartSpec, render_svg
from helpers import run, write

HEAD = """\
briefgen: 1
title: Charts
authors: [A. Author]
date: 2025-01-31
locale: {locale}
summary: Numbers.
problem: It is large.
sources:
  ons: {{title: Estimates, publisher: Office for National Statistics}}
options:
  - id: status_quo
    title: Carry on
    summary: No change.
"""


def brief(figures: str, charts: str, locale: str = "en-GB") -> str:
    """A brief with the given figures and charts blocks (already indented by two spaces)."""
    return HEAD.format(locale=locale) + "figures:\n" + figures + "charts:\n" + charts


def texts(svg: str) -> list[str]:
    """Every text drawn in an SVG, unescaped, in document order."""
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def text_x(svg: str, text: str, nth: int = 0) -> float:
    """The x position of the nth text element that reads `text`."""
    found = [
        float(m[1])
        for m in re.finditer(r'<text[^>]* x="([-0-9.]+)"[^>]*>([^<]*)</text>', svg)
        if html.unescape(m[2]) == text
    ]
    assert len(found) > nth, (text, texts(svg))
    return found[nth]


def build_svgs(workdir: Path, text: str) -> tuple[dict[str, str], str]:
    """Build a brief to Markdown; return its chart SVGs by chart id and the Markdown."""
    write(workdir, "b.yaml", text)
    result = run("build", "b.yaml", "--to", "md")
    assert result.exit_code == 0, result.output
    svgs = {p.name.split(".")[1]: p.read_text(encoding="utf-8") for p in (workdir / "build").glob("b.*.svg")}
    return svgs, (workdir / "build" / "b.md").read_text(encoding="utf-8")


def line_paths(svg: str) -> list[list[float]]:
    """The x coordinates of each data line (drawn 1.8 wide), in drawing order."""
    paths = re.findall(r'<path d="([^"]*)"[^>]*stroke-width="1.8"', svg)
    return [[float(x) for x in re.findall(r"[ML] ([-0-9.]+) [-0-9.]+", d)] for d in paths]


HOSTILE = [
    "Spend in US$ terms",
    "Cost $x^$ weird",
    r"$\frac{1}{0}$",
    r"a \$ b $c$",
    "$$",
    "_hidden",
    "%s %(x)d {0}",
    r"\textbf{x}",
    "${x}$ and $",
]


@pytest.mark.parametrize("label", HOSTILE)
def test_figure_labels_are_drawn_literally_in_bar_and_line_charts(workdir: Path, label: str) -> None:
    quoted = label.replace("\\", "\\\\").replace('"', '\\"')
    figures = (
        f'  a: {{label: "{quoted}", value: 1500000, unit: USD, source: ons}}\n'
        '  b: {label: "Other $ one", value: 20, unit: USD, source: ons}\n'
        f'  s: {{label: "{quoted}", series: {{2019: 1, 2020: 2}}, unit: "$ per head", source: ons}}\n'
        '  t: {label: "$t$", series: {2019: 3, 2020: 4}, unit: "$ per head", source: ons}\n'
    )
    charts = (
        "  - {id: bars, title: Bars, kind: bar, figures: [a, b], alt: Bars}\n"
        "  - {id: lines, title: Lines, kind: line, figures: [s, t], alt: Lines}\n"
    )
    svgs, _ = build_svgs(workdir, brief(figures, charts))
    bars, lines = texts(svgs["bars"]), texts(svgs["lines"])
    assert label in bars and "Other $ one" in bars and "US$1.5m" in bars and "US$20" in bars
    assert label in lines and "$t$" in lines and "$ per head" in lines
    assert all("italic" not in svg for svg in svgs.values())


def test_currency_signs_and_units_in_ticks_and_labels_are_literal() -> None:
    spec = ChartSpec(
        "c",
        "bar",
        ("US$ spend", "µg/m³ $x$"),
        (Decimal(1500), Decimal(-20)),
        "USD",
        "en-GB",
        "Alt $x$",
        value_texts=("US$1,500", "-US$20"),
    )
    svg = render_svg(spec)
    drawn = texts(svg)
    assert drawn[-4:] == ["US$ spend", "µg/m³ $x$", "US$1,500", "-US$20"]
    assert drawn[:2] == ["US$0", "US$500"] and "US$1,000" in drawn  # nine ticks of this length touched
    assert '<title id="chart-c-title">Alt $x$</title>' in svg


def test_bar_labels_print_exactly_what_the_prose_prints(workdir: Path) -> None:
    figures = (
        "  a: {label: Plain, value: 1500000, unit: GBP, scale: none, source: ons}\n"
        "  b: {label: Two places, value: 2500000, unit: GBP, decimals: 2, source: ons}\n"
        "  c: {label: Thousands, value: 350000, unit: GBP, scale: thousand, source: ons}\n"
        "  d: {label: Pence, value: -1234.5, unit: GBP, source: ons}\n"
        "  e: {label: Third, formula: a / 3, unit: GBP}\n"
        "  p: {label: People, value: 8630000, unit: people, source: ons}\n"
        "  q: {label: Few people, value: 12.25, unit: people, source: ons}\n"
    )
    charts = (
        "  - {id: money, title: Money, kind: bar, figures: [a, b, c, d, e], alt: Money}\n"
        "  - {id: people, title: People, kind: bar, figures: [p, q], alt: People}\n"
    )
    svgs, markdown = build_svgs(workdir, brief(figures, charts))
    money = ["£1,500,000", "£2.50m", "£350k", "-£1,234.50", "£500,000"]
    assert texts(svgs["money"])[-5:] == money
    assert texts(svgs["people"])[-2:] == ["8.63m people", "12.25 people"]
    for printed in [*money, "8.63m | people", "12.25 | people"]:  # the figures table gives the unit a column
        assert f"| {printed} |" in markdown


def test_negative_bars_are_drawn_left_of_a_zero_line(workdir: Path) -> None:
    figures = (
        "  a: {label: Gain, value: 1500000, unit: GBP, scale: none, source: ons}\n"
        "  b: {label: Loss, value: -250000, unit: GBP, scale: none, source: ons}\n"
    )
    svgs, _ = build_svgs(workdir, brief(figures, "  - {id: c, title: C, kind: bar, figures: [a, b], alt: Bars}\n"))
    svg = svgs["c"]
    assert texts(svg)[:5] == ["-£500,000", "£0", "£500,000", "£1,000,000", "£1,500,000"]
    zero = text_x(svg, "£0")
    assert text_x(svg, "-£250,000") < zero < text_x(svg, "£1,500,000", 1)
    assert re.search(rf'<path d="M {zero} [0-9.]+ \nL {text_x(svg, "-£250,000") + 4:.6f}', svg) is not None
    assert re.search(rf'<path d="M {zero} [0-9.]+ \nL {zero} [0-9.]+ \n"[^>]*stroke="#404040"', svg) is not None


def test_all_negative_bars_keep_zero_at_the_right() -> None:
    spec = ChartSpec("n", "bar", ("A", "B"), (Decimal(-3), Decimal(-1)), "percent", "en-GB", "Alt")
    drawn = texts(render_svg(spec))
    assert drawn[-2:] == ["-3%", "-1%"]
    ticks = drawn[: drawn.index("%")]
    assert ticks[-1] == "0.0%" and all(t.startswith("-") for t in ticks[:-1])


@pytest.mark.parametrize(
    ("values", "unit", "scale", "expected"),
    [
        (
            ["-500000", "0", "500000", "1000000", "1500000"],
            "GBP",
            "auto",
            ["-£0.5m", "£0.0m", "£0.5m", "£1.0m", "£1.5m"],
        ),
        (["0", "500000", "1000000"], "GBP", "none", ["£0", "£500,000", "£1,000,000"]),
        (["0", "100000", "200000"], "count", "thousand", ["0k", "100k", "200k"]),
        (["0", "2.5", "5", "7.5"], "percent", "auto", ["0.0%", "2.5%", "5.0%", "7.5%"]),
        (["0", "2000000", "4000000"], "EUR", "auto", ["0\xa0Mio.\xa0€", "2\xa0Mio.\xa0€", "4\xa0Mio.\xa0€"]),
    ],
)
def test_axis_ticks_share_one_format(values: list[str], unit: str, scale: str, expected: list[str]) -> None:
    locale = "de-DE" if unit == "EUR" else "en-GB"
    assert format_axis([Decimal(v) for v in values], unit=unit, scale=scale, locale=locale) == expected


def test_bar_value_axis_uses_one_format_for_every_tick(workdir: Path) -> None:
    figures = (
        "  a: {label: A, value: 400000, unit: GBP, source: ons}\n"
        "  b: {label: B, value: 2500000, unit: GBP, source: ons}\n"
    )
    svgs, _ = build_svgs(workdir, brief(figures, "  - {id: c, title: C, kind: bar, figures: [a, b], alt: Bars}\n"))
    drawn = texts(svgs["c"])
    ticks = drawn[: drawn.index("A")]
    assert ticks == ["£0.0m", "£0.5m", "£1.0m", "£1.5m", "£2.0m", "£2.5m", "£3.0m"]
    assert drawn[-2:] == ["£400,000", "£2.5m"]


def test_line_chart_periods_are_in_time_order_whatever_the_written_order(workdir: Path) -> None:
    figures = (
        "  s: {label: Late, series: {2018: 3, 2019: 4, 2017: 2}, source: ons}\n"
        "  t: {label: Early, series: {2020: 6, 2015: 1, 2016: 5}, source: ons}\n"
    )
    svgs, _ = build_svgs(workdir, brief(figures, "  - {id: c, title: C, kind: line, figures: [s, t], alt: L}\n"))
    svg = svgs["c"]
    years = ["2015", "2016", "2017", "2018", "2019", "2020"]
    assert texts(svg)[:6] == years
    xs = [text_x(svg, y) for y in years]
    assert (
        xs == sorted(xs) and max(xs[i + 1] - xs[i] for i in range(5)) - min(xs[i + 1] - xs[i] for i in range(5)) < 0.01
    )
    late, early = line_paths(svg)[:2]  # then the legend's samples
    assert late == sorted(late) and len(late) == 3 and early == sorted(early) and len(early) == 3
    assert [round(x, 4) for x in late] == [round(x, 4) for x in xs[2:5]]
    assert texts(svg)[-2:] == ["Late", "Early"]


@pytest.mark.parametrize(
    ("locale", "labels"),
    [
        ("en-GB", ["Jan 2021", "Apr 2021", "Oct 2021", "Apr 2022"]),
        ("de-DE", ["Jan. 2021", "Apr. 2021", "Okt. 2021", "Apr. 2022"]),
        ("fr-FR", ["janv. 2021", "avr. 2021", "oct. 2021", "avr. 2022"]),
    ],
)
def test_months_are_named_per_locale_and_placed_by_time(workdir: Path, locale: str, labels: list[str]) -> None:
    figures = (
        "  m: {label: Monthly, series: {2021-10: 5, 2021-01: 3, 2021-04: 4, 2022-04: 2}, unit: µg/m³, source: ons}\n"
    )
    svgs, _ = build_svgs(workdir, brief(figures, "  - {id: c, title: C, kind: line, figures: [m], alt: L}\n", locale))
    svg = svgs["c"]
    assert texts(svg)[:4] == labels and "2021-10" not in texts(svg)
    jan, apr, oct_, apr2 = (text_x(svg, label) for label in labels)
    assert (oct_ - apr) / (apr - jan) == pytest.approx(2, rel=0.03)
    assert (apr2 - oct_) / (apr - jan) == pytest.approx(2, rel=0.03)


def test_financial_years_sit_at_their_own_places() -> None:
    series = {"2019/20": Decimal(3), "2015/16": Decimal(1), "2016/17": Decimal(2)}
    svg = render_svg(ChartSpec("f", "line", ("FY",), (series,), "count", "en-GB", "Alt"))
    assert texts(svg)[:3] == ["2015/16", "2016/17", "2019/20"]
    first, second, last = (text_x(svg, p) for p in ("2015/16", "2016/17", "2019/20"))
    assert (last - second) / (second - first) == pytest.approx(3, rel=0.01)


def test_years_months_and_days_share_one_calendar_axis() -> None:
    yearly = {"2020": Decimal(5)}
    monthly = {"2020-12": Decimal(4), "2020-01": Decimal(6)}
    daily = {"2021-07-02": Decimal(3)}
    svg = render_svg(ChartSpec("m", "line", ("Y", "M", "D"), (yearly, monthly, daily), "count", "en-GB", "Alt"))
    assert texts(svg)[:4] == ["Jan 2020", "2020", "Dec 2020", "2 Jul 2021"]
    jan, year, dec = text_x(svg, "Jan 2020"), text_x(svg, "2020"), text_x(svg, "Dec 2020")
    assert year == pytest.approx((jan + dec) / 2, rel=0.01)


@pytest.mark.parametrize(
    ("count", "period", "labels"),
    [
        (48, lambda i: f"{2019 + i // 12}-{i % 12 + 1:02d}", ["Jan 2019", "Jan 2020", "Jan 2021", "Jan 2022"]),
        (30, lambda i: str(1990 + i), ["1990", "1995", "2000", "2005", "2010", "2015"]),
        (7, lambda i: str(2000 + i * i), ["2000", "2004", "2016", "2036"]),
    ],
)
def test_many_periods_get_fewer_labels_that_never_crowd(count: int, period: Any, labels: list[str]) -> None:
    series = {period(i): Decimal(i) for i in reversed(range(count))}
    svg = render_svg(ChartSpec("many", "line", ("Many",), (series,), "count", "en-GB", "Alt"))
    assert texts(svg)[: len(labels) + 1] == [*labels, "0"]
    xs = [text_x(svg, label) for label in labels]
    widest = 5.5 * max(len(label) for label in labels)  # 9 pt text is about 5 px a character
    assert xs == sorted(xs) and min(b - a for a, b in itertools.pairwise(xs)) > widest
    assert line_paths(svg)[0] == sorted(line_paths(svg)[0]) and len(line_paths(svg)[0]) == count


def test_a_changed_scale_or_decimals_redraws_the_cached_chart(workdir: Path) -> None:
    figures = "  a: {label: A, value: 2500000, unit: GBP, decimals: 2, source: ons}\n"
    chart = "  - {id: c, title: C, kind: bar, figures: [a], alt: Bars}\n"
    svgs, _ = build_svgs(workdir, brief(figures, chart))
    assert texts(svgs["c"])[-1] == "£2.50m"
    svgs, _ = build_svgs(workdir, brief(figures.replace("decimals: 2", "scale: none"), chart))
    assert texts(svgs["c"])[-1] == "£2,500,000" and "£2,000,000" in texts(svgs["c"])


def test_negative_values_in_a_line_chart_get_a_zero_line() -> None:
    series = {"2019": Decimal(-2), "2020": Decimal(3)}
    svg = render_svg(ChartSpec("z", "line", ("Change",), (series,), "percent", "en-GB", "Alt"))
    assert 'stroke="#404040"' in svg and "-2%" in texts(svg)


MIXED = [
    (
        "  s1: {label: One, series: {2015/16: 3, 2016/17: 4}, source: ons}\n"
        "  s2: {label: Two, series: {2015: 1, 2016: 5}, source: ons}\n",
        "[s1, s2]",
        "b.yaml:18:49: error: figure 's2' is over calendar periods (2015) but figure 's1' is over financial years "
        "(2015/16); a line chart cannot mix financial and calendar years",
    ),
    (
        "  s1: {label: One, series: {2015-04: 3, 2015-05: 4}, source: ons}\n"
        "  s2: {label: Two, series: {2015/16: 1}, source: ons}\n",
        "[s1, s2]",
        "b.yaml:18:49: error: figure 's2' is over financial years (2015/16) but figure 's1' is over calendar periods "
        "(2015-04); a line chart cannot mix financial and calendar years",
    ),
    (
        "  s1: {label: One, series: {2015: 3, 2016/17: 4}, source: ons}\n"
        "  s2: {label: Two, series: {2015: 1}, source: ons}\n",
        "[s2, s1]",
        # one series mixing kinds of period is refused at the series itself, before any chart is drawn
        "b.yaml:15:38: error: period '2016/17' is a financial year, but this series began with a year; "
        "a series uses one kind of period",
    ),
]


@pytest.mark.parametrize(("figures", "listed", "message"), MIXED)
def test_mixing_financial_and_calendar_years_in_a_line_chart_is_an_error(
    workdir: Path, figures: str, listed: str, message: str
) -> None:
    write(workdir, "b.yaml", brief(figures, f"  - {{id: c, title: C, kind: line, figures: {listed}, alt: L}}\n"))
    checked = run("check", "b.yaml")
    assert checked.exit_code == 1 and checked.stderr.splitlines()[0] == message
    built = run("build", "b.yaml", "--to", "md")
    assert built.exit_code == 1 and built.stderr.splitlines()[0] == message
    assert not (workdir / "build").exists()


def test_financial_years_alone_and_calendar_periods_alone_are_fine(workdir: Path) -> None:
    figures = (
        "  s1: {label: One, series: {2015/16: 3, 2016/17: 4}, source: ons}\n"
        "  s2: {label: Two, series: {2014/15: 1}, source: ons}\n"
        "  s3: {label: Three, series: {2015: 3}, source: ons}\n"
        "  s4: {label: Four, series: {2015-03-31: 1}, source: ons}\n"
        "  s5: {label: Five, series: {2016-04: 4}, source: ons}\n"
    )
    charts = (
        "  - {id: fy, title: FY, kind: line, figures: [s1, s2], alt: L}\n"
        "  - {id: cal, title: Cal, kind: line, figures: [s3, s4, s5], alt: L}\n"
    )
    svgs, _ = build_svgs(workdir, brief(figures, charts))
    assert texts(svgs["fy"])[:3] == ["2014/15", "2015/16", "2016/17"]
    assert texts(svgs["cal"])[:3] == ["31 Mar 2015", "2015", "Apr 2016"]


def test_a_formula_too_large_for_a_chart_is_an_error_at_the_formula(workdir: Path) -> None:
    big = "9" * 15  # the largest number a brief may write
    figures = (
        f"  v: {{label: V, value: {big}, source: ons}}\n  w: {{label: W, formula: v * v * v * v * v * v * v * v}}\n"
    )
    write(workdir, "b.yaml", brief(figures, "  - {id: c, title: C, kind: bar, figures: [v, w], alt: L}\n"))
    for command in ("check", "build"):
        result = run(command, "b.yaml")
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == (
            "b.yaml:16:26: error: the result is too large; numbers must be "
            "smaller than 1,000,000,000,000,000 (10^15) in size"
        )
    assert not (workdir / "build").exists()


def test_the_largest_writable_values_still_draw(workdir: Path) -> None:
    big = "9" * 15
    figures = (
        f"  v: {{label: V, value: -{big}, source: ons}}\n"
        f"  s: {{label: S, series: {{2019: {big}, 2020: 1}}, source: ons}}\n"
    )
    charts = (
        "  - {id: b, title: B, kind: bar, figures: [v], alt: L}\n"
        "  - {id: l, title: L, kind: line, figures: [s], alt: L}\n"
    )
    svgs, markdown = build_svgs(workdir, brief(figures, charts))
    assert texts(svgs["b"])[-1] == "-1,000,000bn"
    assert "| -1,000,000bn |" in markdown
    assert texts(svgs["l"])[:2] == ["2019", "2020"]
