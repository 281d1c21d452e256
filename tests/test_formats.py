"""Problems for people, for GitHub Actions and for programs; tables as text, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from briefgen.cli.reports import escape_data, escape_property, format_problems, format_rows
from briefgen.errors import Problem

PROBLEMS = [
    Problem("briefs/a.yaml", 3, 7, "unknown figure 'x' (did you mean 'y'?)"),
    Problem("briefs/a.yaml", 9, 1, "option 'b' does not rate cost", "warning"),
]


def test_text_is_one_line_per_problem_as_check_prints() -> None:
    assert format_problems(PROBLEMS, "text") == (
        "briefs/a.yaml:3:7: error: unknown figure 'x' (did you mean 'y'?)\n"
        "briefs/a.yaml:9:1: warning: option 'b' does not rate cost"
    )


def test_github_annotations() -> None:
    assert format_problems(PROBLEMS, "github").splitlines() == [
        "::error file=briefs/a.yaml,line=3,col=7::unknown figure 'x' (did you mean 'y'?)",
        "::warning file=briefs/a.yaml,line=9,col=1::option 'b' does not rate cost",
    ]


def test_github_escapes_messages_and_properties() -> None:
    problem = Problem("b,c:d%.yaml", 1, 2, "100% wrong: a\r\nb, c")
    assert (
        format_problems([problem], "github") == "::error file=b%2Cc%3Ad%25.yaml,line=1,col=2::100%25 wrong: a%0D%0Ab, c"
    )


@pytest.mark.parametrize(
    "text, data, prop",
    [
        ("plain", "plain", "plain"),
        ("50%", "50%25", "50%25"),
        ("a\nb", "a%0Ab", "a%0Ab"),
        ("a\rb", "a%0Db", "a%0Db"),
        ("a: b, c", "a: b, c", "a%3A b%2C c"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_escaping_follows_the_actions_toolkit(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_json_is_a_list_of_objects_in_a_stable_key_order() -> None:
    parsed = json.loads(format_problems(PROBLEMS, "json"))
    assert parsed == [
        {
            "file": "briefs/a.yaml",
            "line": 3,
            "col": 7,
            "severity": "error",
            "message": "unknown figure 'x' (did you mean 'y'?)",
        },
        {
            "file": "briefs/a.yaml",
            "line": 9,
            "col": 1,
            "severity": "warning",
            "message": "option 'b' does not rate cost",
        },
    ]
    assert list(parsed[0]) == ["file", "line", "col", "severity", "message"]


def test_no_problems() -> None:
    assert format_problems([], "text") == ""
    assert format_problems([], "github") == ""
    assert json.loads(format_problems([], "json")) == []


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="text, github, json"):
        format_problems(PROBLEMS, "xml")
    with pytest.raises(ValueError, match="table, csv, json"):
        format_rows([], ["a"], "xml")


ROWS = [{"id": "a", "label": "Alpha  beta", "note": ""}, {"id": "long_id", "label": 'x, "y"', "note": "n"}]


def test_text_table_is_aligned_with_dashes_for_empty_cells() -> None:
    assert format_rows(ROWS, ["id", "label", "note"], "table") == (
        'id       label       note\na        Alpha beta  —\nlong_id  x, "y"      n'
    )


def test_csv_has_a_header_and_quotes_as_needed() -> None:
    text = format_rows(ROWS, ["id", "label", "note"], "csv")
    assert text.splitlines()[0] == "id,label,note"
    assert list(csv.DictReader(io.StringIO(text))) == ROWS


def test_json_rows_keep_the_column_order() -> None:
    parsed = json.loads(format_rows(ROWS, ["label", "id"], "json"))
    assert parsed == [{"label": "Alpha  beta", "id": "a"}, {"label": 'x, "y"', "id": "long_id"}]
    assert list(parsed[0]) == ["label", "id"]
