"""Numbers typed into prose instead of a {figure} reference: what counts, what does not, and where."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.brief.handtyped import hand_typed_numbers
from briefgen.brief.prose import parse
from briefgen.brief.result import check_file
from helpers import EXAMPLE, MINIMAL, ROOT, examples, write


def numbers(text: str, block: bool = True, exact: bool = True) -> list[str]:
    """The hand-typed numbers found in a Markdown field, checking each offset on the way."""
    prose = parse(text, block)
    found = hand_typed_numbers(prose)
    for offset, number in found:
        written = prose.text[offset : offset + len(number)]
        assert written == number if exact else written[0] == number[0], (offset, number)
    return [number for _, number in found]


FLAGGED = {
    "a count": ("There are 32 boroughs.", ["32"]),
    "a grouped count": ("The survey had 1,204 respondents.", ["1,204"]),
    "a decimal with a scale": ("London has 8.63m people.", ["8.63"]),
    "money": ("It costs £10.5m a year.", ["10.5"]),
    "a percentage": ("Up 12.5% on last year.", ["12.5"]),
    "a year-like count after a quantity word": ("There are over 2000 officers.", ["2000"]),
    "a year-like amount of money": ("It costs £2019 per head.", ["2019"]),
    "a year-like percentage": ("A rise of 1999% is implausible.", ["1999"]),
    "a compound adjective": ("A 10-year plan.", ["10"]),
    "units and multiples": ("It is 5km away and costs 2x as much.", ["5", "2"]),
    "a range of ages": ("People aged 16-24.", ["16", "24"]),
    "a negative number": ("It fell to −3 degrees.", ["3"]),
    "a small number": ("Only 1 in 3 branches opens.", ["1", "3"]),
    "capitals after money": ("A £5M contract.", ["5"]),
    "a label word followed by a big number": ("Each year 6,000 people apply.", ["6,000"]),
    "link text": ("See [32 boroughs](https://example.org/3).", ["32"]),
    "strong emphasis": ("A board of **66** members.", ["66"]),
    "after a figure reference": ("{london_population} and 14 more.", ["14"]),
    "image alt text": ("![3 branches](images/map-7.png)", ["3"]),
    "a heading": ("## 3 reasons to act", ["3"]),
    "a list item": ("- 45 cases\n- 12 appeals", ["45", "12"]),
    "a block quote": ("> 45 cases were closed.", ["45"]),
    "a table cell": ("| Day | Open |\n|---|--:|\n| Saturday | 31 |\n| Sunday | 31 |", ["31", "31"]),
    "a footnote body": ("Text.[^a]\n\n[^a]: Around 400 staff.", ["400"]),
    "escaped characters before": ("a \\*literal\\* 7 and {{braces}} 8 &amp; 9", ["7", "8", "9"]),
    "a decimal below one": ("Levels of 0.5 µg/m³.", ["0.5"]),
}

NOT_FLAGGED = {
    "a figure reference": "London has {london_population}.",
    "an option reference": "Unlike {option:status_quo}.",
    "a code span": "Run `briefgen build 2` first.",
    "a fenced code block": "```\ncount = 42\n```",
    "a citation locator": "As reported [@ons, p. 12; @survey-2024, pp. 3-4].",
    "a link URL": "[The report](https://example.org/2019/table-3)",
    "an autolink": "<https://example.org/reports/5>",
    "a plain URL": "See https://example.org/report-2 for details.",
    "an e-mail address": "Write to team42@example.org.",
    "a footnote label": "Text.[^1]\n\n[^1]: Since the reorganisation.",
    "an ISO date": "Published 2019-04-30.",
    "an ISO month": "Updated 2019-04.",
    "a long date": "Published 14 February 2025.",
    "a date with an ordinal": "Due on the 14th of Feb.",
    "a day range": "Open 14–16 March.",
    "an American date": "Signed February 14, 2025.",
    "a month and year": "From March 2019 to May 2020.",
    "a slashed date": "Received 30/04/2019.",
    "a year standing alone": "In 2019 the service opened; by 2030 it should double.",
    "a financial year": "Spending in 2015/16 and 2016-17 and FY2017/18.",
    "a year range": "Between 2019–2023 and 1998-2001.",
    "decades": "In the 1990s and the '80s and the 70s.",
    "ordinals": "The 1st, 2nd, 3rd and 21st items.",
    "times": "Open 12:00 to 16:00, or 9am to 5.30pm, closing at 00:01.",
    "ids with letters": "The M25, A&E, COVID-19, Covid19, H1N1, SW1A 1AA and PB-2025-07.",
    "prefixed years": "Before pre-2019 rules and mid-2020 plans.",
    "a version": "Version 1.2.3 of the data, or 2.0.1 of the code.",
    "labels": "See Table 1, Figure 2, section 3 and 4, paragraph 3.2, Annex 2 and § 5.",
    "a page": "See p. 12 and pages 14–16.",
    "school years": "Pupils in Year 6 and Key Stage 2.",
    "tiers and zones": "Tier 2 areas within Zones 1–6; type 2 diabetes; Level 3 skills.",
    "idioms": "A 24/7 service since 9/11.",
    "mobile networks": "5G and 4G coverage, 3D maps.",
    "a quotation": 'The article says "over 14 times" and “more than 2,000”.',
    "no digits": "Accident and Emergency, a Violence Reduction Unit.",
}


@pytest.mark.parametrize("text, expected", FLAGGED.values(), ids=FLAGGED.keys())
def test_numbers_typed_into_prose_are_found(text: str, expected: list[str]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize("text", NOT_FLAGGED.values(), ids=NOT_FLAGGED.keys())
def test_what_is_not_a_hand_typed_quantity_is_left_alone(text: str) -> None:
    assert numbers(text) == []


def test_offsets_point_at_the_digit_when_the_same_number_repeats() -> None:
    prose = parse("[@ons, p. 12] 12 and `12` then {a} 12")
    offsets = [offset for offset, _ in hand_typed_numbers(prose)]
    assert offsets == [14, 35]


def test_a_short_field_is_scanned_too() -> None:
    assert numbers("About 300 more", block=False) == ["300"]


def test_positions_in_a_block_are_exact(workdir: Path) -> None:
    text = MINIMAL.replace(
        "problem: It is large.", "problem: |\n  It is large:\n\n  - about 45 cases\n  - **12** appeals"
    )
    result = check_file(write(workdir, "b.yaml", text))
    checked, failed = result.checked, result.failed
    assert checked is not None and not failed
    prose = checked.prose[("problem",)]
    found = [(prose.position(offset), number) for offset, number in hand_typed_numbers(prose)]
    assert found == [((9, 11), "45"), ((10, 7), "12")]


def test_a_quoted_scalar_gives_the_right_line(workdir: Path) -> None:
    text = MINIMAL.replace("problem: It is large.", 'problem: "It is large: 1,204 people."')
    checked = check_file(write(workdir, "b.yaml", text)).checked
    prose = checked.prose[("problem",)]
    [(offset, number)] = hand_typed_numbers(prose)
    assert number == "1,204" and prose.position(offset)[0] == 6


def test_the_example_brief_and_the_starters_type_no_numbers() -> None:
    for path in (EXAMPLE, *sorted((ROOT / "src" / "briefgen" / "starters").glob("*.yaml"))):
        checked = check_file(path).checked
        assert checked is not None
        typed = {loc: hand_typed_numbers(prose) for loc, prose in checked.prose.items()}
        assert not any(typed.values()), (path, typed)


@settings(max_examples=examples(300))
@given(st.text(alphabet="0123456789 ,.-/:£%aMx*_`[]()!^@{}<>|#\n\\&;\"'", max_size=80))
def test_every_offset_points_at_the_first_digit(text: str) -> None:
    numbers(text, exact=False)
