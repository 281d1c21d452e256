"""Issue 16: the colon after a fixed label follows the language ("Coût\u00a0: …" in French, "Cost: …" in English).

The colon is the `colon` label (render/labels.py), so a reviewer changes it in one .po file. A
French brief with every optional part (the brief of tests/test_i18n_outputs.py: boxes, a chart, a
figure read from a data file, references, a changes box from git) is built to Markdown, HTML, Word
and OpenDocument, and the text a reader sees is searched for a colon straight after a letter or a
digit; an English build of the same brief keeps its colons as they were.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefgen.render.labels import labels_for
from gitrepo import commit, init
from helpers import run, write
from test_i18n_outputs import BIBLIOGRAPHY, CSV, _brief, _package_text, _second_version, _visible_html

# A colon with no space before it, after a letter, a digit, a closing bracket or emphasis: not a web address's
# "https://", a time or ratio (12:00), or a data: URL.
BARE_COLON = re.compile(r"[^\W_)\]*]:(?!//|\d)")
NBSP = "\u00a0"
_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.S)  # a chart's SVG carries its own style sheet


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with the brief in French and in English at v1, changed in the work tree."""
    folder = init(tmp_path_factory.mktemp("colons") / "repo")
    for name, locale in (("fr", "fr-FR"), ("en", "en-GB")):
        write(folder, f"{name}/{name}.yaml", _brief(locale))
        write(folder, f"{name}/refs.json", json.dumps(BIBLIOGRAPHY))
        write(folder, f"{name}/data/staff.csv", CSV)
    commit(folder, "First version")
    for name in ("fr", "en"):
        brief = folder / name / f"{name}.yaml"
        brief.write_text(_second_version(brief.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def _texts(repo: Path, name: str, monkeypatch: pytest.MonkeyPatch, formats: str = "md,html,docx,odt") -> dict[str, str]:
    """The text a reader sees in each format of one brief, with a changes box since v1."""
    monkeypatch.chdir(repo)
    out = f"out-{name}"
    result = run("build", f"{name}/{name}.yaml", "--changes", "HEAD", "-o", out, "--to", formats)
    assert result.exit_code == 0, result.output
    stem = repo / out / name
    readers = {
        "md": lambda p: p.read_text(encoding="utf-8"),
        "html": lambda p: _visible_html(_STYLE.sub("", p.read_text(encoding="utf-8"))),
        "docx": _package_text,
        "odt": _package_text,
    }
    # runs of white space (from tags taken out) as one space; the no-break spaces stay
    return {
        kind: re.sub(r"[ \t\r\n]+", " ", readers[kind](stem.with_suffix(f".{kind}"))) for kind in formats.split(",")
    }


def _bare_colons(text: str) -> list[str]:
    """Each colon typed straight after a word, with the words before it."""
    return [text[max(0, m.start() - 30) : m.end()] for m in BARE_COLON.finditer(text)]


def test_the_colon_label_is_spaced_in_french_only() -> None:
    assert labels_for("fr-FR")["colon"] == f"{NBSP}:"
    assert labels_for("fr-CA")["colon"] == f"{NBSP}:"
    for locale in ("en-GB", "cy-GB", "ga-IE", "de-DE", "xx-YY"):
        assert labels_for(locale)["colon"] == ":", locale


def test_the_semicolon_between_listed_items_is_spaced_in_french_only() -> None:
    assert labels_for("fr-FR")["semicolon"] == "\u202f;"  # a narrow no-break space, as before ! and ? in prose
    for locale in ("en-GB", "cy-GB", "ga-IE", "de-DE", "xx-YY"):
        assert labels_for(locale)["semicolon"] == ";", locale


def test_french_fixed_labels_have_a_no_break_space_before_the_colon(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = labels_for("fr-FR")
    texts = _texts(repo, "fr", monkeypatch)
    for kind, text in texts.items():
        assert _bare_colons(text) == [], kind
        for key in ("cost", "recommended", "key", "source"):
            assert f"{labels[key]}{NBSP}:" in text, (kind, key)
        assert f"{labels.numbered('figure_numbered', 1)}{NBSP}: " in text, kind
        assert f"{labels.numbered('box_numbered', 1)}{NBSP}: " in text, kind
    # the masthead: Markdown and Word/ODT put a colon after its labels, the HTML sets them apart by style
    for kind in ("md", "docx", "odt"):
        assert f"{labels['status']}{NBSP}: {labels['status_draft']}" in texts[kind], kind
        assert f"{labels['audience']}{NBSP}: Pwyllgor diwylliant" in texts[kind], kind
    # the recommended options, listed
    for kind in texts:
        assert f"\u202f; {labels['option']} C{NBSP}: " in texts[kind], kind
    # an option's letter before its title: the Markdown heading and every appraisal matrix
    assert f"### {labels['option']} A{NBSP}: " in texts["md"]
    for kind in texts:
        assert f"A{NBSP}: " in texts[kind] and f"B{NBSP}: " in texts[kind], kind


def test_english_labels_keep_their_colons(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts(repo, "en", monkeypatch)
    for kind, text in texts.items():
        assert "Figure 1: " in text and "Box 1: " in text, kind
        for label in ("Cost:", "Recommended:", "Key: ", "Source: ", "A: ", "B: "):
            assert label in text, (kind, label)
        assert f"{NBSP}:" not in text, kind
    assert "Status: Draft" in texts["md"] and "### Option A: " in texts["md"]


@pytest.mark.slow
def test_the_french_pdf_spaces_its_label_colons(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader

    monkeypatch.chdir(repo)
    result = run("build", "fr/fr.yaml", "-o", "out-pdf", "--to", "pdf")
    assert result.exit_code == 0, result.output
    reader = PdfReader(repo / "out-pdf" / "fr.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert _bare_colons(text) == []
    labels = labels_for("fr-FR")
    for label in (labels["cost"], labels["recommended"], labels["key"], labels.numbered("figure_numbered", 1)):
        assert re.search(re.escape(label) + r"[\s\u00a0]:", text), label
