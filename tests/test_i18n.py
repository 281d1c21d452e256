"""Issue 16: briefs in Welsh, Irish, French and German: label catalogs, fallback, overrides, language tags."""

from __future__ import annotations

import functools
import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from briefgen.cli.serve_pages import error_page
from briefgen.errors import Problem
from briefgen.render.catalogs import LOCALES, catalog_for, chain, shipped
from briefgen.render.labels import ENGLISH, labels_for
from briefgen.render.typography import quotes_for
from helpers import MINIMAL, ROOT, run, write

WELSH_BRIEF = ROOT / "tests" / "data" / "welsh-brief.yaml"
LANGUAGES = ["cy", "ga", "fr", "de"]
LOCALE_OF = {"cy": "cy-GB", "ga": "ga-IE", "fr": "fr-FR", "de": "de-DE"}
PACKAGE = ROOT / "src" / "briefgen"

# The labels each output of the Welsh brief prints (it has every section that carries one).
IN_MARKDOWN = [
    "status",
    "audience",
    "summary",
    "key_figures",
    "figure",
    "value",
    "problem",
    "background",
    "options",
    "option",
    "pros",
    "cons",
    "cost",
    "appraisal",
    "rating_good",
    "rating_fair",
    "rating_poor",
    "not_rated",
    "recommendation",
    "recommended",
    "annex",
    "figures_and_sources",
    "unit",
    "period",
    "source",
    "references",
    "accessed",
    "status_draft",
    "bottom_line",
    "key",
]  # fmt: skip  (issue 11: the figures table has unit and period columns, formulas in words, no as-of column)
IN_HTML = [
    *IN_MARKDOWN,
    "by",
    "date",
    "reference",
    "notes",
    "back_to_text",
    "page",
    "of",
    "policy_brief",
]
IN_PDF = [*IN_MARKDOWN, "by", "date", "reference", "page", "of"]  # notes: at page feet


@functools.lru_cache(maxsize=1)
def _messages_in_templates() -> frozenset[tuple[str, str]]:
    """(msgctxt, msgid) of every label and every {% trans %} text, extracted as `make i18n` does."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(PACKAGE),
        method_map,
        options_map,
        keywords={
            "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3),
            "_": None,
            "gettext": None,
            "ngettext": (1, 2),
        },
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.add((context or "", msgid))
    return frozenset(found)


def test_the_extraction_finds_every_label_and_template_text() -> None:
    found = _messages_in_templates()
    assert {(key, english) for key, english in ENGLISH.items()} <= found
    assert ("", "This brief cannot be shown yet") in found
    assert ("", "Fix the problem below and save; the page reloads by itself.") in found


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_every_shipped_catalog_has_every_label_and_template_text(language: str) -> None:
    """Fails when labels.py or a template gains a text that a shipped catalog lacks (run `make i18n`, translate)."""
    path = LOCALES / language / "LC_MESSAGES" / "briefgen.mo"
    with path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    missing = []
    for context, msgid in sorted(_messages_in_templates()):
        key = f"{context}\x04{msgid}" if context else msgid
        plural = [k for k in compiled._catalog if isinstance(k, tuple) and k[0] == key]
        if key not in compiled._catalog and not plural:
            missing.append((context, msgid))
    assert missing == []


def test_every_label_a_template_prints_is_in_labels_py() -> None:
    used = set()
    for template in (PACKAGE / "templates").glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"labels\.([a-z_]+)", text)) | set(re.findall(r"labels\[\"([a-z_]+)\"\]", text))
    assert used - {"catalog", "lang", "numbered"} <= set(ENGLISH)


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_the_compiled_catalog_matches_its_po_file(language: str) -> None:
    """The committed .mo files are `pybabel compile` of the .po files: a reviewer's edit must be compiled."""
    folder = LOCALES / language / "LC_MESSAGES"
    with (folder / "briefgen.po").open("rb") as handle:
        po = read_po(handle)
    with (folder / "briefgen.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in po:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            key = f"{message.context}\x04{message.id[0]}" if message.context else message.id[0]
            for n, form in enumerate(message.string):
                assert compiled._catalog[(key, n)] == form
        else:
            key = f"{message.context}\x04{message.id}" if message.context else message.id
            assert compiled._catalog[key] == message.string
    entries = sum(len(m.string) if isinstance(m.id, tuple) else 1 for m in po if m.id)
    assert len(compiled._catalog) == entries + 1  # and the header, nothing else


def test_catalog_headers_name_their_sources() -> None:
    sources = {"cy": "TermCymru", "ga": "téarma.ie", "fr": "FranceTerme", "de": "Duden"}
    for language, source in sources.items():
        head = (LOCALES / language / "LC_MESSAGES" / "briefgen.po").read_text(encoding="utf-8").split('msgid ""')[0]
        assert source in head


def test_shipped_catalogs_and_the_fallback_chain() -> None:
    assert shipped() == ["cy", "de", "en", "fr", "ga"]
    assert chain("cy-GB") == ["cy_GB", "cy", "en"]
    assert chain("en-GB") == ["en_GB", "en"]
    assert labels_for("cy-GB")["summary"] == "Crynodeb"
    assert labels_for("cy")["summary"] == "Crynodeb"
    assert labels_for("br-FR")["summary"] == "Summary"
    assert labels_for("br-FR").lang == "en" and labels_for("ga-IE").lang == "ga"
    assert catalog_for("br-FR").found is None and catalog_for("de-AT").found == "de"


def test_plural_forms_follow_cldr_in_welsh_and_irish() -> None:
    singular = "Fix the problem below and save; the page reloads by itself."
    plural = "Fix the %(count)s problems below and save; the page reloads by itself."
    welsh = {n: catalog_for("cy-GB").plural("", singular, plural, n).split(" isod")[0] for n in (1, 2, 3, 4, 6, 7)}
    assert welsh == {
        1: "Cywirwch y broblem",
        2: "Cywirwch y ddwy broblem",
        3: "Cywirwch y tair problem",
        4: "Cywirwch y %(count)s problem",
        6: "Cywirwch y chwe phroblem",
        7: "Cywirwch y %(count)s problem",
    }
    irish = {n: catalog_for("ga-IE").plural("", singular, plural, n).split(" thíos")[0] for n in (1, 2, 3, 7, 11)}
    assert irish == {
        1: "Réitigh an fhadhb",
        2: "Réitigh an dá fhadhb",
        3: "Réitigh na %(count)s fhadhb",
        7: "Réitigh na %(count)s bhfadhb",
        11: "Réitigh na %(count)s fadhb",
    }


def test_the_serve_error_page_speaks_the_briefs_language() -> None:
    problems = [Problem("a.yaml", 1, 1, "unknown key 'titel'"), Problem("a.yaml", 2, 1, "bad date")]
    page = error_page("a", problems, "v1", labels_for("cy-GB")).body.decode()
    assert '<html lang="cy-GB">' in page
    assert "<h1>Ni ellir dangos y papur briffio hwn eto</h1>" in page
    assert "Cywirwch y ddwy broblem isod a chadwch y ffeil; bydd y dudalen yn ail-lwytho ei hun." in page
    assert '<ul class="problems" lang="en">' in page
    english = error_page("a", problems[:1], "v1").body.decode()
    assert '<html lang="en">' in english and "Fix the problem below and save" in english


def test_quotation_marks_per_locale() -> None:
    """The marks the typographer prints for typed "double" and 'single' quotes, by the locale's language."""
    assert quotes_for("en-GB") == quotes_for("en-US") == ("“", "”", "‘", "’")
    assert quotes_for("de-DE") == ("„", "“", "‚", "‘")
    assert quotes_for("fr-FR") == ("«\u202f", "\u202f»", "‹\u202f", "\u202f›")
    assert quotes_for("ga-IE") == quotes_for("cy-GB") == quotes_for("br-FR") == ("“", "”", "‘", "’")


def _english_left(text: str, language: str, keys: list[str]) -> list[str]:
    """English wordings of the listed labels (where the language words them differently) found in a text."""
    left = []
    for key in keys:
        english, own = ENGLISH[key], labels_for(LOCALE_OF[language])[key]
        wording = any(c.isalpha() for c in english)  # a word, not punctuation (the colon)
        if english != own and wording and re.search(rf"(?<![\w’'-]){re.escape(english)}(?![\w-])", text):
            left.append(english)
    return left


def _build(workdir: Path, formats: str) -> dict[str, Path]:
    """The Welsh brief in each locale, built to the given formats."""
    sources = []
    for language, locale in LOCALE_OF.items():
        text = WELSH_BRIEF.read_text(encoding="utf-8").replace("locale: cy-GB", f"locale: {locale}")
        sources.append(write(workdir, f"{language}.yaml", text))
    result = run("build", *sources, "-o", "out", "--to", formats)
    assert result.exit_code == 0, result.output
    return {language: workdir / "out" / language for language in LOCALE_OF}


def _visible_html(html: str) -> str:
    """An HTML page without its style sheet and embedded data (charts' SVG stays: its text is printed)."""
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    # attributes are not read out, except those that hold text for people (alt, title, aria-label, content)
    return re.sub(r"data:[^\"')]+|\s(?!alt=|title=|aria-label=|content=)[\w:-]+=\"[^\"]*\"", "", html)


def test_markdown_and_html_have_no_english_label_left_and_hyphenate_where_they_can(workdir: Path) -> None:
    built = _build(workdir, "md,html")
    for language, stem in built.items():
        labels = labels_for(LOCALE_OF[language])
        markdown = stem.with_suffix(".md").read_text(encoding="utf-8")
        html = stem.with_suffix(".html").read_text(encoding="utf-8")
        assert [k for k in IN_MARKDOWN if labels[k] not in markdown] == [], language
        assert [k for k in IN_HTML if labels[k] not in html] == [], language
        assert _english_left(markdown, language, list(ENGLISH)) == [], language
        assert _english_left(_visible_html(html), language, list(ENGLISH)) == [], language
        assert f'<html lang="{LOCALE_OF[language]}">' in html
        assert f'{labels["page"]} " counter(page) " {labels["of"]} " counter(pages)' in html
    classes = {
        language: re.search(r'<body class="([^"]*)"', stem.with_suffix(".html").read_text(encoding="utf-8")).group(1)
        for language, stem in built.items()
    }  # hyphenation off where pyphen (WeasyPrint's hyphenator) has no dictionary: Welsh and Irish
    assert classes == {
        "cy": "status-draft no-hyphenation",
        "ga": "status-draft no-hyphenation",
        "fr": "status-draft",
        "de": "status-draft",
    }
    assert "## Crynodeb" in built["cy"].with_suffix(".md").read_text(encoding="utf-8")
    assert "## Achoimre" in built["ga"].with_suffix(".md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_pdfs_have_no_english_label_left_and_carry_lang(workdir: Path) -> None:
    from pypdf import PdfReader

    built = _build(workdir, "pdf")
    for language, stem in built.items():
        labels = labels_for(LOCALE_OF[language])
        reader = PdfReader(stem.with_suffix(".pdf"))
        text = "\n".join(page.extract_text() for page in reader.pages)
        flat = " ".join(text.split())  # headings may be set in capitals
        assert [k for k in IN_PDF if labels[k].casefold() not in flat.casefold()] == [], language
        assert _english_left(flat, language, list(ENGLISH)) == [], language
        assert f"{labels['page']} 1 {labels['of']} {len(reader.pages)}" in flat
        assert reader.trailer["/Root"]["/Lang"] == LOCALE_OF[language]


def test_a_locale_without_a_catalog_warns_at_its_key_and_prints_english(workdir: Path) -> None:
    text = WELSH_BRIEF.read_text(encoding="utf-8").replace("locale: cy-GB", "locale: br-FR")
    write(workdir, "br.yaml", text)
    warning = (
        "br.yaml:17:9: warning: locale 'br-FR' has no label catalog (briefgen has cy, de, en, fr, ga): "
        "the document's fixed labels are printed in English"
    )
    checked = run("check", "br.yaml")
    assert checked.exit_code == 0 and warning in checked.output.splitlines()
    built = run("build", "br.yaml", "-o", "out", "--to", "md")
    assert built.exit_code == 0 and warning in built.output.splitlines()
    assert "## Summary" in (workdir / "out" / "br.md").read_text(encoding="utf-8")
    write(workdir, "clean.yaml", MINIMAL.replace("date: 2025-01-31\n", "date: 2025-01-31\nlocale: br-FR\n"))
    strict = run("build", "clean.yaml", "-o", "strict", "--to", "md", "--strict")
    assert strict.exit_code == 1
    assert strict.output.splitlines()[0] == warning.replace("br.yaml:17:9: warning:", "clean.yaml:5:9: error:")
    assert not (workdir / "strict").exists()


PO_OVERRIDE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgctxt "recommendation"
msgid "Recommendation"
msgstr "Our advice"
"""


def test_a_repository_po_changes_a_labels_wording(workdir: Path) -> None:
    write(workdir, "labels/en.po", PO_OVERRIDE)
    write(workdir, "brief.yaml", WELSH_BRIEF.read_text(encoding="utf-8").replace("locale: cy-GB", "locale: en-GB"))
    result = run("build", "brief.yaml", "-o", "out", "--to", "md")
    assert result.exit_code == 0, result.output
    markdown = (workdir / "out" / "brief.md").read_text(encoding="utf-8")
    assert "## Our advice" in markdown and "## Recommendation" not in markdown


def test_a_style_po_changes_a_welsh_label_and_the_repository_wins_over_it(workdir: Path) -> None:
    write(workdir, "styles/house/style.css", "body { color: black; }\n")
    write(workdir, "styles/house/labels/cy.po", PO_OVERRIDE.replace("Our advice", "Ein cyngor"))
    write(workdir, "brief.yaml", WELSH_BRIEF.read_text(encoding="utf-8"))
    assert run("build", "brief.yaml", "-o", "out", "--to", "md", "--style", "house").exit_code == 0
    assert "## Ein cyngor" in (workdir / "out" / "brief.md").read_text(encoding="utf-8")
    write(workdir, "labels/cy-GB.po", PO_OVERRIDE.replace("Our advice", "Ein hargymhelliad"))
    assert run("build", "brief.yaml", "-o", "out", "--to", "md", "--style", "house").exit_code == 0
    markdown = (workdir / "out" / "brief.md").read_text(encoding="utf-8")
    assert "## Ein hargymhelliad" in markdown and "## Crynodeb" in markdown


def test_an_override_naming_an_unknown_label_is_refused(workdir: Path) -> None:
    write(workdir, "labels/en.po", PO_OVERRIDE.replace('msgctxt "recommendation"', 'msgctxt "recomendation"'))
    write(workdir, "brief.yaml", WELSH_BRIEF.read_text(encoding="utf-8"))
    result = run("build", "brief.yaml", "-o", "out", "--to", "md")
    assert result.exit_code != 0
    assert "labels/en.po:6: unknown label 'recomendation' (msgctxt names a label's key)" in result.output
    assert not (workdir / "out").exists()
