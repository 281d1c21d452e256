"""Issue 16: French spacing before high punctuation, German and French quotation marks, in every output's text.

markdown-it's typographer gives each language its quotation marks but knows nothing of French spacing: a
no-break space before a colon and a narrow no-break space before ; ! ? (render/typography.py adds them), so that
no line starts with a lone mark. Times, URLs and code keep their colons.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
