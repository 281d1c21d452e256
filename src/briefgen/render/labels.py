"""The document's fixed labels, keyed by language; English is shipped and is the fallback."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

ENGLISH: Mapping[str, str] = MappingProxyType(
    {
        "by": "By",
        "date": "Date",
        "status": "Status",
        "audience": "For",
        "reference": "Reference",
        "organisation": "Organisation",
        "summary": "Summary",
        "key_points": "Key points",
        "key_figures": "Key figures",
        "problem": "The problem",
        "background": "Background",
        "options": "Options",
        "option": "Option",
        "detail": "Detail",
        "pros": "For",
        "cons": "Against",
        "cost": "Cost",
        "appraisal": "Appraisal of the options",
        "criterion": "Criterion",
        "recommendation": "Recommendation",
        "recommended": "Recommended",
        "annex": "Annex",
        "figures_and_sources": "Figures and sources",
        "figure": "Figure",
        "value": "Value",
        "as_of": "As of",
        "source": "Source",
        "formula": "Formula",
        "notes": "Notes",
        "references": "References",
        "chart": "Chart",
        "accessed": "accessed",
        "page": "Page",
        "of": "of",
        "contents": "Contents",
        "status_draft": "Draft",
        "status_review": "For review",
        "status_final": "Final",
        "rating_good": "Good",
        "rating_fair": "Fair",
        "rating_poor": "Poor",
        "not_rated": "Not rated",
        "computed": "computed",
        "version": "Version",
        "uncommitted": "uncommitted changes",
        "changes_since": "Changes since",
        "back_to_text": "Back to text",
        "note": "Note",
    }
)

RATING_SYMBOLS: Mapping[str, str] = MappingProxyType({"good": "●", "fair": "◐", "poor": "○", "none": "–"})

_BY_LANGUAGE: Mapping[str, Mapping[str, str]] = MappingProxyType({"en": ENGLISH})


def labels_for(locale: str) -> Mapping[str, str]:
    """The labels for a locale's language, falling back to English for any missing label."""
    language = locale.replace("_", "-").split("-")[0].lower()
    chosen = _BY_LANGUAGE.get(language, ENGLISH)
    return chosen if chosen is ENGLISH else MappingProxyType({**ENGLISH, **chosen})
