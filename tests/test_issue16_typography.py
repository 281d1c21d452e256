"""Issue 16: French spacing before high punctuation, German and French quotation marks; chart ticks that fit.

markdown-it's typographer gives each language its quotation marks but knows nothing of French spacing: a
no-break space before a colon and a narrow no-break space before ; ! ? (render/typography.py adds them), so that
no line starts with a lone mark. Times, URLs and code keep their colons.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest

from briefgen.render.charts import ChartSpec, render_svg
from helpers import MINIMAL, run, write

NBSP, NNBSP = "\u00a0", "\u202f"
PROBLEM = (
    "problem: 'Faut-il ouvrir ? Le comité dit : \"oui\" ; la ville répond: ''non'' ! "
    "Horaires : 12:00 à 16:00, voir https://example.org/a, `a:b` ?!'"
)


def _markdown(folder: Path, locale: str) -> str:
    """MINIMAL with a problem full of high punctuation, in a locale, as Markdown."""
    brief = MINIMAL.replace("date: 2025-01-31", f"date: 2025-01-31\nlocale: {locale}").replace(
        "problem: It is large.", PROBLEM
    )
    result = run("build", write(folder, "brief.yaml", brief), "-o", folder / "out", "--to", "md")
    assert result.exit_code == 0, result.output
    return (folder / "out" / "brief.md").read_text(encoding="utf-8")


def test_french_text_gets_no_break_spaces_before_high_punctuation(workdir: Path) -> None:
    text = _markdown(workdir, "fr-FR")
    expected = (
        f"Faut-il ouvrir{NNBSP}? Le comité dit{NBSP}: «{NNBSP}oui{NNBSP}»{NNBSP}; la ville répond{NBSP}: "
        f"‹{NNBSP}non{NNBSP}›{NNBSP}! Horaires{NBSP}: 12:00 à 16:00, voir https://example.org/a, `a:b`{NNBSP}?!"
    )
    assert expected in text


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("de-DE", "Faut-il ouvrir ? Le comité dit : „oui“ ; la ville répond: ‚non‘ ! Horaires : 12:00"),
        ("en-GB", "Faut-il ouvrir ? Le comité dit : “oui” ; la ville répond: ‘non’ ! Horaires : 12:00"),
    ],
)
def test_other_languages_keep_the_spaces_as_typed(workdir: Path, locale: str, expected: str) -> None:
    text = _markdown(workdir, locale)
    assert expected in text
    assert NNBSP not in text and f"{NBSP}:" not in text


@pytest.mark.parametrize(
    ("locale", "ticks"),
    [
        ("en-GB", ["£0.0m", "£0.2m", "£0.4m", "£0.6m", "£0.8m", "£1.0m", "£1.2m", "£1.4m"]),
        ("fr-FR", ["0,0\u00a0M\u00a0£GB", "0,5\u00a0M\u00a0£GB", "1,0\u00a0M\u00a0£GB", "1,5\u00a0M\u00a0£GB"]),
        ("de-DE", ["0,0\u00a0Mio.\u00a0£", "0,5\u00a0Mio.\u00a0£", "1,0\u00a0Mio.\u00a0£"]),
    ],
)
def test_a_bar_charts_value_ticks_thin_out_where_long_labels_would_touch(locale: str, ticks: list[str]) -> None:
    spec = ChartSpec(
        "c",
        "bar",
        ("Sunday opening", "A volunteer-led Sunday"),
        (Decimal(1200000), Decimal(350000)),
        "GBP",
        locale,
        "Alt",
    )
    drawn = [unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", render_svg(spec))]
    assert drawn[: len(ticks)] == ticks
    assert drawn[len(ticks)] == "Sunday opening"
