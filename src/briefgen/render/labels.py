"""The document's fixed labels: English wordings here, translations in gettext catalogs (render/catalogs.py).

Each label is a key and its English wording; the key is the message context (msgctxt) in the
catalogs, so "For" the audience and "For" an option's arguments can be told apart. Templates
read `labels.key`; the mapping holds the wording for the brief's locale. `make i18n` extracts
these entries (render/label_extract.py) with the templates' own `{% trans %}` texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from briefgen.errors import Problem
from briefgen.render.catalogs import Catalog, Override, catalog_for, shipped

if TYPE_CHECKING:
    from briefgen.brief.check import Checked

ENGLISH: Mapping[str, str] = MappingProxyType(
    {
        "by": "By",  # masthead: before the authors' names
        "date": "Date",  # masthead
        "status": "Status",  # masthead: before Draft, For review or Final
        "audience": "For",  # masthead: the readers the brief is written for
        "reference": "Reference",  # masthead: the document's reference number
        "organisation": "Organisation",
        "summary": "Summary",  # section heading
        "key_points": "Key points",
        "key_figures": "Key figures",
        "problem": "The problem",  # section heading
        "background": "Background",  # section heading
        "options": "Options",  # section heading
        "option": "Option",  # before a letter: "Option A"
        "detail": "Detail",
        "pros": "For",  # heading over an option's arguments in favour
        "cons": "Against",  # heading over an option's arguments against
        "cost": "Cost",  # before an option's cost
        "appraisal": "Appraisal of the options",  # section heading over the matrix of options and criteria
        "criterion": "Criterion",
        "recommendation": "Recommendation",  # section heading
        "recommended": "Recommended",  # before the recommended options: "Recommended: Option B"
        "annex": "Annex",  # section heading
        "figures_and_sources": "Figures and sources",  # section heading over the table of figures
        "figure": "Figure",  # table column: a statistic (not a chart)
        "value": "Value",  # table column
        "as_of": "As of",  # table column: the period or date a figure refers to
        "source": "Source",  # table column, and "Source: ..." under a chart
        "formula": "Formula",  # table column: how a figure is computed
        "notes": "Notes",  # section heading over the endnotes
        "references": "References",  # section heading over the list of sources
        "chart": "Chart",
        "accessed": "accessed",  # lower case, in brackets before a date: "(accessed 1 March 2026)"
        "page": "Page",  # page footer: "Page 3 of 7"
        "of": "of",  # page footer: "Page 3 of 7"
        "contents": "Contents",
        "status_draft": "Draft",  # status, and the watermark on a draft
        "status_review": "For review",  # status, and the watermark
        "status_final": "Final",  # status
        "rating_good": "Good",  # a rating in the appraisal matrix, beside the symbol ●
        "rating_fair": "Fair",  # a rating in the appraisal matrix, beside the symbol ◐
        "rating_poor": "Poor",  # a rating in the appraisal matrix, beside the symbol ○
        "not_rated": "Not rated",  # an empty cell of the appraisal matrix, beside the symbol –
        "computed": "computed",
        "version": "Version",  # masthead: the git version stamp
        "uncommitted": "uncommitted changes",  # watermark on a build with changes not yet committed to git
        "changes_since": "Changes since",  # heading of the changes box, before a git revision: "Changes since v1.2"
        "note_short": "n",  # a citation repeated: "Short title, n 3" (see note 3)
        "policy_brief": "policy brief",  # a keyword in the document's metadata
        "figure_numbered": "Figure {number}",  # caption of a numbered chart: "Figure 1"
        "box_numbered": "Box {number}",  # title of a numbered box: "Box 1"
        "data_sheet": "sheet",  # figures table: where a figure's data file holds it, "sheet Table 2"
        "data_cell": "cell",  # figures table: "cell C7"
        "data_row": "row",  # figures table: "row All libraries"
        "data_column": "column",  # figures table: "column 2023/24"
        "back_to_text": "Back to text",  # the link from an endnote back to its call in the text
        "note": "Note",  # the spoken name of a repeated note call: "Note 3"
        "unit": "Unit",  # figures table: column heading for the unit
        "period": "Period",  # figures table: column heading for the period a figure covers
        "computed_from": "Computed from the figures above",  # figures table: the source line of computed figures
        "recommended_key": "recommended option",  # key under the appraisal matrix: what the star means
        "key": "Key",  # key under the appraisal matrix: "Key: ✓ good · …"
        "colon": ":",  # after a label, "Cost: …": the colon and any space before it (French: no-break space, colon)
        "semicolon": ";",  # between items of a list, "Option C; Option D": the semicolon and any space before it
        "bottom_line": "The recommendation",  # page 1: heading of the recommendation's first paragraph
    }
)

RATING_SYMBOLS: Mapping[str, str] = MappingProxyType({"good": "●", "fair": "◐", "poor": "○", "none": "–"})


class Labels(Mapping[str, str]):
    """The fixed labels in one locale's wording; a mapping of key to text."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.lang = catalog.language  # BCP 47 language of the wording ("en" when the labels fell back)
        self._texts = {key: catalog.text(key, english) for key, english in ENGLISH.items()}

    def __getitem__(self, key: str) -> str:
        return self._texts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def numbered(self, key: str, number: int | str) -> str:
        """A numbered label: 'Figure 1', 'Box 2'."""
        return self[key].replace("{number}", str(number))


def labels_for(locale: str, overrides: tuple[Override, ...] = ()) -> Labels:
    """The labels for a locale: its catalog (cy-GB, then cy, then en), a style's or repository's wording first."""
    return Labels(catalog_for(locale, overrides))


def missing_catalog(checked: Checked, own: Iterable[str] = (), strict: bool = False) -> list[Problem]:
    """A warning at the brief's `locale` key when no catalog (packaged, a style's or the repository's) has it."""
    locale = str(checked.brief.locale)
    names = {*shipped(), *own}
    if locale.replace("-", "_").split("_")[0] in {name.split("_")[0] for name in names}:
        return []
    node = checked.doc.root.find(("locale",))
    line, col = (node.line, node.col) if node is not checked.doc.root else (1, 1)
    languages = ", ".join(sorted(names))
    message = (
        f"locale '{locale}' has no label catalog (briefgen has {languages}): "
        "the document's fixed labels are printed in English"
    )
    return [Problem(checked.doc.source.path, line, col, message, "error" if strict else "warning")]
