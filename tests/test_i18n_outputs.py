"""Issue 16: every fixed label of every output in Welsh, Irish, French and German, the changes box included.

One brief with every optional part (boxes, a chart, a figure read from a data file, a bibliography
file, a changes box from git) is built in cy-GB, ga-IE, fr-FR and de-DE; the text a reader sees in
Markdown, HTML, PDF, Word and OpenDocument is searched for the English wording of every label
(render/labels.py) and of every wording of the changes box (diff/words.py).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from briefgen.build.plan import box_words
from briefgen.diff.words import ENGLISH as BOX_ENGLISH
from briefgen.diff.words import PLURALS as BOX_PLURALS
from briefgen.render.catalogs import catalog_for
from briefgen.render.labels import ENGLISH, labels_for
from gitrepo import commit, init
from helpers import ROOT, run, write

WELSH_BRIEF = ROOT / "tests" / "data" / "welsh-brief.yaml"
LOCALE_OF = {"cy": "cy-GB", "ga": "ga-IE", "fr": "fr-FR", "de": "de-DE"}
CSV = "Ardal,2023,2024\nGogledd,10,12\nCyfanswm,40,44\n"
BIBLIOGRAPHY = [
    {
        "id": "llyfr",
        "type": "book",
        "title": "Llyfrgelloedd Cymru",
        "author": [{"family": "Jones", "given": "Ann"}],
        "publisher": "Gwasg Enghreifftiol",
        "issued": {"date-parts": [[2023]]},
    }
]
EXTRA = """\
bibliography: refs.json
boxes:
  - id: astudiaeth
    title: Astudiaeth achos
    text: Agorodd un gangen ar y Sul yn 2023 [@llyfr].
"""
STAFF = """\
  staff:
    label: Staff y llyfrgelloedd
    unit: staff
    source: adroddiad
    from: {file: data/staff.csv, row: Cyfanswm, column: "2024"}
"""


def _brief(locale: str) -> str:
    """The Welsh test brief in a locale, with a box, a bibliography file and a figure read from a CSV file."""
    text = WELSH_BRIEF.read_text(encoding="utf-8").replace("locale: cy-GB", f"locale: {locale}\n{EXTRA}")
    text = text.replace("figures:\n", f"figures:\n{STAFF}", 1)
    return text.replace("{chart:ymweliadau}", "{chart:ymweliadau}\n\n  Mae {staff} yn gweithio yno.")


def _second_version(text: str) -> str:
    """Changes in every section the changes box reports, many of them long enough for word diffs."""
    for old, new in [
        ("value: 150000", "value: 160000"),
        ("title: Gwirfoddolwyr mewn pum cangen", "title: Gwirfoddolwyr mewn chwe changen"),
        ("ratings: {spend: fair, reach: fair}", "ratings: {spend: fair, reach: good}"),
        ("Agor pob cangen ar y Sul o fis Ebrill ymlaen.", "Agor pob cangen ar y Sul o fis Medi ymlaen."),
        ("recommendation:\n  options: [all_branches]", "recommendation:\n  options: [all_branches, volunteers]"),
        ("title: Astudiaeth achos", "title: Astudiaeth achos newydd"),
        ("label: Risg cyflawni", "label: Risg"),
        ("title: Ymweliadau â’r llyfrgelloedd y flwyddyn\n    kind", "title: Ymweliadau bob blwyddyn\n    kind"),
        (
            '  - "Mae’r ymweliadau wedi cynyddu: {visits}."',
            '  - "Mae’r ymweliadau wedi cynyddu: {visits}."\n  - Newydd.',
        ),
        ("    summary: Dim newid.", "    summary: Dim newid o gwbl yn y gwasanaeth."),
        ("      - Y cyrhaeddiad mwyaf", "      - Y cyrhaeddiad mwyaf oll"),
        ("subtitle: Tair ffordd o agor ar y Sul", "subtitle: Pedair ffordd o agor ar y Sul"),
        ("    as_of: 2024-06\n", "    as_of: 2024-09\n"),
        ("    date: 2024\n", "    date: 2024\n    note: Arolwg ar-lein.\n"),
        (
            "Mae hanner y canghennau ar gau ar y penwythnos",
            "Un gair dau gair tri gair pedwar gair pump gair chwe gair saith gair wyth gair naw gair deg gair "
            "un ar ddeg gair deuddeg gair tri ar ddeg gair. Mae hanner y canghennau ar gau ar y penwythnos",
        ),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with the brief in four locales at v1, changed in the work tree."""
    folder = init(tmp_path_factory.mktemp("i18n") / "repo")
    for language, locale in LOCALE_OF.items():
        write(folder, f"{language}/{language}.yaml", _brief(locale))
        write(folder, f"{language}/refs.json", json.dumps(BIBLIOGRAPHY))
        write(folder, f"{language}/data/staff.csv", CSV)
    commit(folder, "First version")
    for language in LOCALE_OF:
        brief = folder / language / f"{language}.yaml"
        brief.write_text(_second_version(brief.read_text(encoding="utf-8")), encoding="utf-8")
        (folder / language / "data" / "staff.csv").write_text(CSV.replace("44", "46"), encoding="utf-8")
    return folder


def _build(repo: Path, formats: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Build the four briefs with a changes box since v1; the output stem of each language."""
    monkeypatch.chdir(repo)
    out = f"out-{formats.replace(',', '-')}"
    sources = [f"{language}/{language}.yaml" for language in LOCALE_OF]
    result = run("build", *sources, "--changes", "HEAD", "-o", out, "--to", formats)
    assert result.exit_code == 0, result.output
    return {language: repo / out / language for language in LOCALE_OF}


def _english() -> dict[str, str]:
    """Every English wording a reader may see, by key: the labels, the changes box's words and plural forms."""
    words = dict(ENGLISH) | dict(BOX_ENGLISH)
    for key, forms in BOX_PLURALS.items():
        words |= {f"{key}/{n}": form for n, form in enumerate(forms)}
    return words


def _own(language: str) -> dict[str, str]:
    """The same keys in a language's wording."""
    locale = LOCALE_OF[language]
    labels, words = labels_for(locale), box_words(catalog_for(locale))
    own = {key: labels[key] for key in ENGLISH} | {key: words[key] for key in BOX_ENGLISH}
    for key, (one, many) in BOX_PLURALS.items():
        own |= {f"{key}/0": catalog_for(locale).plural(key, one, many, 1)}
        own |= {f"{key}/1": catalog_for(locale).plural(key, one, many, 5)}
    return own


def _pattern(english: str) -> re.Pattern[str]:
    """An English wording as a whole phrase, its placeholders standing for anything on the line."""
    parts = [re.escape(part) for part in re.split(r"\{\w+\}", english)]
    return re.compile(r"(?<![\w’'/-])" + r"[^\n]*?".join(parts) + r"(?![\w’'/-])")  # not in a file's path


def english_left(text: str, language: str) -> list[str]:
    """English wordings (of keys the language words differently) found in a text."""
    own = _own(language)
    for wording in sorted({w for w in own.values() if len(w) > 3 and "{" not in w}, key=len, reverse=True):
        text = text.replace(wording, "\x00")  # the language's own wordings ("Policy Brief" in German) are not English
    found = []
    for key, english in _english().items():
        wording = any(c.isalpha() for c in english)  # a word, not punctuation (the colon)
        if english.casefold() != own[key].casefold() and wording and _pattern(english).search(text):
            found.append(f"{key}: {english}")
    return found


def _visible_html(html: str) -> str:
    """What a reader sees or hears of an HTML page: text, alt and title attributes, aria-labels, page furniture."""
    html = re.sub(
        r"<style>.*?</style>", lambda m: " ".join(re.findall(r'content:\s*"([^"]*)"', m.group(0))), html, flags=re.S
    )
    attributes = " ".join(re.findall(r'\s(?:alt|title|aria-label)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + attributes


def _package_text(path: Path) -> str:
    """The text of a .docx or .odt: every text node of its XML parts, and descriptions (alt text) of pictures."""
    texts = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not name.endswith(".xml"):
                continue
            xml = package.read(name).decode("utf-8")
            texts += re.findall(r'\b(?:descr|title)="([^"]*)"', xml)
            texts.append(re.sub(r"<[^>]+>", " ", xml))
    return " ".join(texts)


def test_the_changes_box_wordings_are_in_every_catalog() -> None:
    for language, locale in LOCALE_OF.items():
        words = box_words(catalog_for(locale))
        same = {key for key, english in BOX_ENGLISH.items() if words[key] == english}
        assert same <= SAME_IN[language], language


# Wordings that are rightly the same as the English in a language.
SAME_IN = {
    "cy": {"changes_field_label", "changes_field_cost", "changes_field_from", "colon", "semicolon"},
    "ga": {"colon", "semicolon"},
    "fr": {"changes_options", "changes_sources", "changes_option_part", "changes_recommended", "changes_option", "changes_field_date", "changes_field_source",
           "changes_field_note", "changes_field_description"},
    "de": {"colon", "semicolon", "changes_text", "changes_option", "changes_field_organisation", "changes_field_status", "changes_wording",
           "changes_field_text"},
}  # fmt: skip


def test_markdown_html_word_and_opendocument_have_no_english_left(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = _build(repo, "md,html,docx,odt", monkeypatch)
    for language, stem in built.items():
        labels, words = labels_for(LOCALE_OF[language]), box_words(catalog_for(LOCALE_OF[language]))
        markdown = stem.with_suffix(".md").read_text(encoding="utf-8")
        html = _visible_html(stem.with_suffix(".html").read_text(encoding="utf-8"))
        for kind, text in [
            ("md", markdown),
            ("html", html),
            ("docx", _package_text(stem.with_suffix(".docx"))),
            ("odt", _package_text(stem.with_suffix(".odt"))),
        ]:
            assert english_left(text, language) == [], (language, kind)
            # the box and the parts this brief adds to the Welsh brief are there, in the language's words
            for key in ("changes_figures", "changes_ratings", "changes_options", "changes_recommendation"):
                assert words[key] in text, (language, kind, key)
            assert labels.numbered("box_numbered", 1) in text and labels["changes_since"] in text, (language, kind)
            if kind in ("md", "html"):  # Word and OpenDocument's figures table does not say where a figure was read
                assert labels["data_row"] in text and labels["data_column"] in text, (language, kind)


@pytest.mark.slow
def test_pdfs_have_no_english_left(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader

    built = _build(repo, "pdf", monkeypatch)
    for language, stem in built.items():
        reader = PdfReader(stem.with_suffix(".pdf"))
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert english_left(text, language) == [], language
        words = box_words(catalog_for(LOCALE_OF[language]))
        assert words["changes_ratings"].casefold() in text.casefold(), language  # headings may be in capitals
        assert reader.trailer["/Root"]["/Lang"] == LOCALE_OF[language]
