"""The wording of the "Changes since" box: English here, translations in the label catalogs.

The diff prints these in the box that `build --changes` puts in a brief, which a reader sees in the
brief's language. diff may not import render, so the build layer looks each key up in the brief's
label catalog (render/catalogs.py) and hands the wordings in as a `Words`; `make i18n` extracts
this table as it does render/labels.py (babel.cfg), each key the msgctxt. The terminal's and the
pull request's reports (`briefgen diff`) are for the author and stay in English (ENGLISH_WORDS).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

ENGLISH: Mapping[str, str] = MappingProxyType(
    {
        "changes_none": "(none)",  # changes box: a value that was not there, "(none) → 3"
        "changes_unchanged": "unchanged",  # changes box: a rating that stayed, "good (unchanged)"
        "changes_note": "Note",  # changes box: before a remark on the comparison, and a table column
        "changes_nothing": "No changes in substance",  # changes box: when nothing that matters changed
        "changes_details": "Brief",  # changes box heading: the brief's details (title, date, authors…)
        "changes_figures": "Figures",  # changes box heading: the brief's numbers (statistics)
        "changes_checks": "Checks",  # changes box heading: a figure's checks (tests on its value)
        "changes_options": "Options",  # changes box heading
        "changes_ratings": "Ratings",  # changes box heading: options rated against criteria
        "changes_recommendation": "Recommendation",  # changes box heading
        "changes_text": "Text",  # changes box heading: the prose that changed
        "changes_sources": "Sources",  # changes box heading
        "changes_criteria": "Criteria",  # changes box heading
        "changes_charts": "Charts",  # changes box heading
        "changes_boxes": "Boxes",  # changes box heading: the brief's text boxes
        "changes_change": "Change",  # changes box, figures table: column heading (added, removed…)
        "changes_figure": "Figure",  # changes box, figures table: column heading (a statistic)
        "changes_old": "Old",  # changes box, tables: column heading, the earlier value
        "changes_new": "New",  # changes box, tables: column heading, the value now
        "changes_also": "Also changed",  # changes box, figures table: column heading, the figure's other changes
        "changes_option": "Option",  # changes box, ratings table: column heading
        "changes_criterion": "Criterion",  # changes box, ratings table: column heading
        "changes_added": "added",  # changes box: what happened to an item
        "changes_removed": "removed",  # changes box: what happened to an item
        "changes_changed": "changed",  # changes box: what happened to an item
        "changes_retitled": "retitled",  # changes box: an option given a new title
        "changes_now_fails": "now fails",  # changes box: a figure's check that failed before did not, "now fails: …"
        "changes_now_passes": "now passes",  # changes box: "now passes: `cost`: check 'cost > 0'"
        "changes_check": "check",  # changes box: before a check's formula, "check 'cost > 0'"
        "changes_recommended": "options",  # changes box: the recommended options, "options: a → b"
        "changes_wording": "text",  # changes box: the recommendation's wording, "text: …"
        "colon": ":",  # changes box: after a field's name, "title: …" (one entry with the labels' colon)
        "semicolon": ";",  # changes box: between items of a list (one entry with the labels' semicolon)
        "changes_unrounded": "unrounded",  # changes box: the exact values behind a rounded figure
        "changes_rating_good": "good",  # changes box: a rating, lower case
        "changes_rating_fair": "fair",  # changes box: a rating, lower case
        "changes_rating_poor": "poor",  # changes box: a rating, lower case
        "changes_absent": "This brief did not exist at {rev}.",  # changes box: the earlier version has no brief
        "changes_unreadable": "The version at {rev} cannot be read, so it is compared as empty.",  # changes box
        "changes_data_file": "data file {file}",  # changes box: a figure's data file whose contents changed
        "changes_key_point": "key point {n}",  # changes box: the nth key point
        "changes_option_part": "option {id}, {part}",  # changes box: "option b, summary", "option b, point for 2"
        "changes_pro": "point for {n}",  # changes box: an option's nth argument in favour
        "changes_con": "point against {n}",  # changes box: an option's nth argument against
        # The brief's keys, as the changes box names a changed one (format keys, lower case).
        "changes_field_title": "title",
        "changes_field_subtitle": "subtitle",
        "changes_field_authors": "authors",
        "changes_field_organisation": "organisation",
        "changes_field_reference": "reference",
        "changes_field_marking": "marking",  # a security or handling marking, "OFFICIAL"
        "changes_field_date": "date",
        "changes_field_status": "status",
        "changes_field_audience": "audience",
        "changes_field_locale": "locale",  # the brief's language and region
        "changes_field_bibliography": "bibliography",
        "changes_field_citation_style": "citation style",
        "changes_field_summary": "summary",
        "changes_field_problem": "problem",
        "changes_field_background": "background",
        "changes_field_annex": "annex",
        "changes_field_detail": "detail",  # an option's detail
        "changes_field_label": "label",  # a figure's or criterion's name
        "changes_field_formula": "formula",
        "changes_field_unit": "unit",
        "changes_field_scale": "scale",  # thousand, million…
        "changes_field_decimals": "decimals",  # digits after the decimal point
        "changes_field_source": "source",
        "changes_field_as_of": "as of",  # when a figure was true
        "changes_field_key": "key figure",  # whether a figure is shown on page 1
        "changes_field_check": "check",  # a test on a figure's value
        "changes_field_note": "note",
        "changes_field_from": "data",  # where a figure is read from a data file
        "changes_field_cost": "cost",
        "changes_field_author": "author",
        "changes_field_publisher": "publisher",
        "changes_field_url": "web address",
        "changes_field_accessed": "accessed",  # the date a web page was read
        "changes_field_description": "description",
        "changes_field_kind": "kind",  # a chart's kind: bar, line…
        "changes_field_figures": "figures",  # the figures a chart draws
        "changes_field_alt": "text alternative",  # what a screen reader reads for a chart
        "changes_field_caption": "caption",
        "changes_field_text": "text",
    }
)

# Wordings with a number, one per plural form in English (singular, plural); {n} is the number.
PLURALS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "changes_more": ("({n} more change)", "({n} more changes)"),  # a long text's changes not shown
        "changes_more_words": ("(+{n} word)", "(+{n} words)"),  # words of a long run not shown
    }
)


def _english_plural(key: str, number: int) -> str:
    """The English plural form of a wording, its number filled in."""
    one, many = PLURALS[key]
    return (one if number == 1 else many).replace("{n}", str(number))


@dataclass(frozen=True)
class Words:
    """The changes box's wordings in one language: `texts` by key, and `plural(key, n)` for numbered ones."""

    texts: Mapping[str, str]
    plural: Callable[[str, int], str]

    def __getitem__(self, key: str) -> str:
        """A wording by key."""
        return self.texts[key]

    def fill(self, key: str, **values: object) -> str:
        """A wording with its {placeholders} filled."""
        text = self.texts[key]
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text


ENGLISH_WORDS = Words(ENGLISH, _english_plural)
_OPTION_PART = re.compile(r"option (\S+) (summary|detail|pro|con)(?: (\d+))?")
_NUMBERED = re.compile(r"key point (\d+)")


def field_name(name: str, words: Words) -> str:
    """A changed field as compare.py names it ("option b pro 2", "as_of", "data file x.csv"), in the box's words."""
    if match := _OPTION_PART.fullmatch(name):
        oid, part, number = match.groups()
        shown = words.fill(f"changes_{part}", n=number) if number else words[f"changes_field_{part}"]
        return words.fill("changes_option_part", id=oid, part=shown)
    if match := _NUMBERED.fullmatch(name):
        return words.fill("changes_key_point", n=match.group(1))
    if name.startswith("data file "):
        return words.fill("changes_data_file", file=name.removeprefix("data file "))
    return words.texts.get(f"changes_field_{name}", name)
