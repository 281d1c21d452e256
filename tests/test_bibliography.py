"""Issue 15: bibliography files (CSL-JSON, CSL-YAML, BibTeX) and CSL citation styles through pandoc's citeproc."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import MINIMAL, run, write

ENTRIES = [
    {
        "id": "ons2018a",
        "type": "report",
        "author": [{"literal": "Office for National Statistics"}],
        "title": "Crime in England and Wales: year ending March 2018",
        "publisher": "ONS",
        "issued": {"date-parts": [[2018]]},
    },
    {
        "id": "ons2018b",
        "type": "report",
        "author": [{"literal": "Office for National Statistics"}],
        "title": "Homicide in England and Wales: year ending March 2018",
        "publisher": "ONS",
        "issued": {"date-parts": [[2018]]},
    },
    {
        "id": "smith",
        "type": "book",
        "author": [{"family": "Smith", "given": "John"}],
        "title": "Violence as a public health problem",
        "publisher": "Policy Press",
        "issued": {"date-parts": [[2015]]},
    },
]

BIBTEX = """\
@report{ons2018a,
  author = {{Office for National Statistics}},
  title = {Crime in {England} and {Wales}: {year} ending {March} 2018},
  institution = {ONS},
  year = {2018},
}

@report{ons2018b,
  author = {{Office for National Statistics}},
  title = {Homicide in {England} and {Wales}: {year} ending {March} 2018},
  institution = {ONS},
  year = {2018},
}

@book{smith,
  author = {Smith, John},
  title = {Violence as a public health problem},
  publisher = {Policy Press},
  year = {2015},
}
"""

BRIEF = """\
briefgen: 1
title: Citations
authors: [A. Author]
date: 2025-01-31
bibliography: {bib}
citation_style: {style}
summary: Crime fell [@ons2018a] and homicide rose [@ons2018b, p. 4].
problem: |
  It is a public health problem[^a] [@smith].

  [^a]: As argued before [@smith, p. 9].
options:
  - id: status_quo
    title: Carry on
    summary: Again [see @ons2018a; also @smith].
"""


def _brief(folder: Path, style: str, bib: str = "refs.json", text: str = BRIEF) -> Path:
    """A brief citing three entries of a bibliography file, in a style."""
    if bib == "refs.json":
        write(folder, "refs.json", json.dumps(ENTRIES, indent=2))
    return write(folder, "b.yaml", text.format(bib=bib, style=style))


def _build_md(workdir: Path, brief: Path) -> str:
    """Build Markdown only; return it from the summary on."""
    result = run("build", brief, "-o", "out", "--to", "md")
    assert result.exit_code == 0, result.output
    text = (workdir / "out" / f"{brief.stem}.md").read_text(encoding="utf-8")
    return text[text.index("## Summary") :]


def test_harvard_disambiguates_same_author_same_year_and_lists_references(workdir: Path) -> None:
    text = _build_md(workdir, _brief(workdir, "harvard-cite-them-right"))
    assert text == (
        "## Summary\n\n"
        "Crime fell (Office for National Statistics, 2018a) and homicide rose "
        "(Office for National Statistics, 2018b, p. 4).\n\n"
        "## The problem\n\n"
        "It is a public health problem[^1] (Smith, 2015).\n\n"
        "## Options\n\n### Option A: Carry on\n\n"
        "Again (see Office for National Statistics, 2018a; also Smith, 2015).\n\n"
        "## References\n\n"
        "Office for National Statistics (2018a) *Crime in England and Wales: year ending March 2018*. ONS.\n\n"
        "Office for National Statistics (2018b) *Homicide in England and Wales: year ending March 2018*. ONS.\n\n"
        "Smith, J. (2015) *Violence as a public health problem*. Policy Press.\n\n"
        "[^1]: As argued before (Smith, 2015, p. 9).\n"
    )


def test_oscola_notes_numbered_with_authors_footnotes_and_n_back_references(workdir: Path) -> None:
    text = _build_md(workdir, _brief(workdir, "oscola"))
    notes = text[text.index("[^1]:") :]
    assert "Crime fell[^1] and homicide rose.[^2]" in text  # issue 11: a note call follows the punctuation
    assert "It is a public health problem.[^3][^4]" in text
    assert "Again.[^5]" in text
    assert notes == (
        "[^1]: Office for National Statistics, ‘Crime in England and Wales: Year Ending March 2018’ (ONS 2018).\n"
        "[^2]: Office for National Statistics, ‘Homicide in England and Wales: Year Ending March 2018’ (ONS 2018) 4.\n"
        "[^3]: As argued before (John Smith, *Violence as a Public Health Problem* (Policy Press 2015) 9).\n"
        "[^4]: Smith (n 3).\n"
        "[^5]: See Office for National Statistics (n 1); also Smith (n 3).\n"
    )


def test_chicago_notes_full_then_short(workdir: Path) -> None:
    text = _build_md(workdir, _brief(workdir, "chicago-note-bibliography"))
    assert (
        "[^1]: Office for National Statistics, *Crime in England and Wales: Year Ending March 2018* (ONS, 2018).\n"
        in text
    )
    assert "[^4]: Smith, *Violence as a Public Health Problem*.\n" in text
    assert "\nSmith, John. *Violence as a Public Health Problem*. Policy Press, 2015.\n" in text


def test_apa_in_text_with_locator(workdir: Path) -> None:
    text = _build_md(workdir, _brief(workdir, "apa"))
    assert "homicide rose (Office for National Statistics, 2018b, p. 4)." in text
    assert (
        "\nOffice for National Statistics. (2018a). *Crime in England and Wales: year ending March 2018*. ONS.\n"
        in text
    )


def test_bibtex_and_csl_json_give_the_same_output(workdir: Path) -> None:
    json_text = _build_md(workdir, _brief(workdir, "harvard-cite-them-right"))
    write(workdir, "refs.bib", BIBTEX)
    bib_text = _build_md(workdir, _brief(workdir, "harvard-cite-them-right", "refs.bib"))
    assert bib_text == json_text


def test_csl_yaml_and_sources_take_part_like_file_entries(workdir: Path) -> None:
    write(workdir, "refs.yaml", "references:\n" + "".join(f"  - {json.dumps(e)}\n" for e in ENTRIES[1:]))
    text = BRIEF.replace("summary: Crime fell [@ons2018a] and", "summary:") + (
        "sources:\n  ons2018a: {{title: Crime in England and Wales, author: Office for National Statistics, date: 2018}}\n"
    )
    out = _build_md(
        workdir,
        _brief(workdir, "harvard-cite-them-right", "refs.yaml", text.replace("summary: homicide", "summary: Homicide")),
    )
    assert "Again (see Office for National Statistics, 2018a; also Smith, 2015)." in out
    assert "Office for National Statistics (2018a) ‘Crime in England and Wales’.\n" in out


def test_html_and_markdown_agree(workdir: Path) -> None:
    brief = _brief(workdir, "harvard-cite-them-right")
    result = run("build", brief, "-o", "out", "--to", "md,html")
    assert result.exit_code == 0, result.output
    html = (workdir / "out" / "b.html").read_text(encoding="utf-8")
    assert "homicide rose (Office for National Statistics, 2018b, p. 4).</p>" in html
    assert '<section class="references csl-references" id="references" aria-labelledby="references-h">' in html
    assert (
        '<li id="ref-ons2018a">Office for National Statistics (2018a) <em>Crime in England and Wales: '
        "year ending March 2018</em>. ONS.</li>"
    ) in html


def test_default_style_is_unchanged(workdir: Path) -> None:
    plain = write(workdir, "plain.yaml", MINIMAL)
    named = write(workdir, "named.yaml", MINIMAL + "citation_style: default\n")
    assert run("build", plain, named, "-o", "out", "--to", "md").exit_code == 0
    assert (workdir / "out" / "plain.md").read_bytes() == (workdir / "out" / "named.md").read_bytes()


def test_default_style_prints_file_entries(workdir: Path) -> None:
    text = BRIEF.replace("citation_style: {style}\n", "")
    out = _build_md(workdir, _brief(workdir, "", text=text))
    assert "[^4]: *Violence as a public health problem*, n 3.\n" in out
    assert "3. John Smith. *Violence as a public health problem*. Policy Press. 2015.\n" in out


def _errors(workdir: Path, brief: Path) -> str:
    """Check a brief that must fail; return its report and make sure nothing was built."""
    result = run("build", brief, "-o", "failed", "--to", "md")
    assert result.exit_code == 1
    assert not (workdir / "failed").exists()
    return result.output


def test_missing_and_misplaced_files(workdir: Path) -> None:
    brief = write(
        workdir,
        "b.yaml",
        MINIMAL + "bibliography: [nope.json, ../out.bib, refs.txt]\ncitation_style: harvard-cite-them-right\n",
    )
    assert _errors(workdir, brief) == (
        "b.yaml:15:16: error: bibliography file 'nope.json' not found inside the brief's folder\n"
        "b.yaml:15:27: error: bibliography file '../out.bib' must be inside the brief's folder\n"
        "b.yaml:15:39: error: bibliography file 'refs.txt' must be CSL-JSON (.json), CSL-YAML (.yaml, .yml) or BibTeX (.bib)\n"
        "0 built, 1 failed\n"
    )


def test_malformed_entries_point_into_the_file(workdir: Path) -> None:
    write(workdir, "refs.json", '[\n  {"id": "a", "title": "A"},\n  {"title": "no id"},\n  ["x"]\n]\n')
    write(workdir, "bad.json", '[\n  {"id": "a",\n   "title": }\n]\n')
    write(workdir, "bad.bib", "@book{x,\n  title = {A,\n  year = 2000\n}\n@book{y, title={B}}\n")
    write(workdir, "bad.yaml", "- id: a\n  title: [unclosed\n")
    brief = write(workdir, "b.yaml", MINIMAL + "bibliography: [refs.json, bad.json, bad.bib, bad.yaml]\n")
    assert _errors(workdir, brief) == (
        "bad.bib:5:1: error: BibTeX: unexpected '@'\n"
        "bad.json:3:13: error: CSL-JSON: Expecting value\n"
        "bad.yaml:3:1: error: not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence); "
        "text containing ': ' or ' #', or starting with a special character, must be quoted (\"...\") "
        "or written as a | block\n"
        "refs.json:3:3: error: bibliography entry has no 'id'\n"
        "refs.json:4:3: error: a bibliography entry must be a mapping of CSL fields\n"
        "0 built, 1 failed\n"
    )


def test_id_in_both_unknown_id_and_unknown_style(workdir: Path) -> None:
    write(workdir, "refs.json", json.dumps(ENTRIES, indent=2))
    text = MINIMAL.replace("[@ons]", "[@ons] [@smiht]").replace("  ons: {", "  smith: {title: Twice}\n  ons: {")
    brief = write(workdir, "b.yaml", text + "bibliography: refs.json\ncitation_style: harvard\n")
    assert _errors(workdir, brief) == (
        "b.yaml:5:49: error: unknown source 'smiht' in citation (did you mean 'smith'?)\n"
        "b.yaml:10:3: error: source 'smith' is also an entry of bibliography file 'refs.json' (line 38); "
        "an id may name only one entry\n"
        "b.yaml:10:3: warning: source 'smith' is never cited or used by a figure\n"
        "b.yaml:17:17: error: unknown citation style 'harvard' (did you mean 'harvard-cite-them-right'?); use default, apa, "
        "chicago-note-bibliography, harvard-cite-them-right, oscola or a .csl file inside the brief's or the style's folder\n"
        "0 built, 1 failed\n"
    )


def test_a_csl_file_beside_the_brief_and_broken_ones(workdir: Path) -> None:
    from briefgen.brief.bibliography import CSL_FOLDER

    write(workdir, "house.csl", (CSL_FOLDER / "harvard-cite-them-right.csl").read_bytes())
    text = _build_md(workdir, _brief(workdir, "house.csl"))
    assert "(Office for National Statistics, 2018b, p. 4)" in text
    write(workdir, "broken.csl", "<style xmlns='http://purl.org/net/xbiblio/csl'>\n<info>\n</style>\n")
    write(workdir, "dependent.csl", "<style xmlns='http://purl.org/net/xbiblio/csl' class='in-text'><info/></style>\n")
    assert _errors(workdir, _brief(workdir, "broken.csl")) == (
        "broken.csl:3:3: error: CSL style is not well-formed XML: mismatched tag\n0 built, 1 failed\n"
    )
    assert _errors(workdir, _brief(workdir, "dependent.csl")) == (
        "dependent.csl:1:1: error: CSL style has no <citation>: a dependent style; name its parent style instead\n"
        "0 built, 1 failed\n"
    )
    assert _errors(workdir, _brief(workdir, "missing.csl")) == (
        "b.yaml:6:17: error: citation style 'missing.csl' not found inside the brief's or the style's folder\n0 built, 1 failed\n"
    )


def test_web_sources_need_url_and_accessed_date(workdir: Path) -> None:
    entries = [*ENTRIES, {"id": "blog", "type": "webpage", "title": "A post", "URL": "https://example.org/post"}]
    write(workdir, "refs.json", json.dumps(entries, indent=2))
    text = MINIMAL.replace("[@ons]", "[@ons] [@blog]").replace(
        "publisher: Office for National Statistics}", "url: https://example.org/ons}"
    )
    brief = write(workdir, "b.yaml", text + "bibliography: refs.json\ncitation_style: apa\n")
    result = run("check", brief)
    assert result.exit_code == 0
    assert result.output == (
        "b.yaml:10:3: warning: web source 'ons' has no accessed date; add accessed: YYYY-MM-DD\n"
        "refs.json:57:1: warning: web source 'blog' has no accessed date\n"
    )


def test_figures_stale_lists_old_sources(workdir: Path) -> None:
    _brief(workdir, "apa")
    result = run("figures", "b.yaml", "--stale", "5y", "--today", "2025-01-31")
    assert result.exit_code == 0
    assert result.output.endswith(
        "stale sources:\nid        date  title\nons2018a  2018  Crime in England and Wales: year ending March 2018\n"
        "ons2018b  2018  Homicide in England and Wales: year ending March 2018\n"
        "smith     2015  Violence as a public health problem\n"
    )


def test_bibliography_is_an_input_of_the_cache(workdir: Path) -> None:
    brief = _brief(workdir, "harvard-cite-them-right")
    assert run("build", brief, "-o", "out", "--to", "md").exit_code == 0
    again = run("build", brief, "-o", "out", "--to", "md")
    assert again.exit_code == 0 and "1 unchanged" in again.output
    changed = [dict(e, title=e["title"].upper()) if e["id"] == "smith" else e for e in ENTRIES]
    write(workdir, "refs.json", json.dumps(changed, indent=2))
    third = run("build", brief, "-o", "out", "--to", "md")
    assert third.exit_code == 0 and "1 built" in third.output
    assert "*VIOLENCE AS A PUBLIC HEALTH PROBLEM*" in (workdir / "out" / "b.md").read_text(encoding="utf-8")


def test_pdf_has_the_same_citations(workdir: Path) -> None:
    from pdfutil import page_texts

    brief = _brief(workdir, "oscola")
    assert run("build", brief, "-o", "out", "--to", "pdf").exit_code == 0
    text = re.sub(r"\s+", " ", " ".join(page_texts(workdir / "out" / "b.pdf")))
    assert "Smith (n 3)" in text
    assert "Office for National Statistics (n 1)" in text
