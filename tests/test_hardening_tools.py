"""Issue 9, tools: the semantic diff covers every key, the JSON Schema accepts what the loader accepts,
environment warnings are said once per run, the format page ships and --help starts light."""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys
import textwrap
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from briefgen.brief.check import Checked, check
from briefgen.brief.datafiles import DataFile
from briefgen.brief.editor_schema import brief_schema
from briefgen.brief.load import load_bytes
from briefgen.brief.model import Brief
from briefgen.brief.nodes import Scalar
from briefgen.brief.structure import Report, validate_schema
from briefgen.diff.compare import diff_briefs
from briefgen.diff.markdown_report import to_markdown
from briefgen.diff.text_report import to_json, to_text
from briefgen.errors import BriefError
from helpers import MINIMAL, ROOT, run, write


def models_of(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model reachable from `root` through its fields' types, root first."""
    found: list[type[BaseModel]] = []

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp not in found:
                found.append(tp)
                for info in tp.model_fields.values():
                    visit(info.annotation)
            return
        for arg in typing.get_args(tp):
            visit(arg)

    visit(root)
    return found


def every_key() -> list[str]:
    """Every key of the format as Model.key, read from the pydantic model."""
    return [
        f"{model.__name__}.{info.alias or name}"
        for model in models_of(Brief)
        for name, info in model.model_fields.items()
    ]


# --- 28: every key of the format is in the semantic diff --------------------------------------------

FULL: dict[str, Any] = {
    "briefgen": 1,
    "title": "Sunday opening",
    "subtitle": "A costed choice",
    "authors": [{"name": "A. Author", "role": "Adviser", "organisation": "Policy unit"}],
    "organisation": "Borough council",
    "reference": "PB-1",
    "marking": "OFFICIAL",
    "date": "2025-02-14",
    "status": "draft",
    "audience": "Members",
    "locale": "en-GB",
    "summary": "Opening costs {cost} [@report].",
    "key_points": ["Visits grew."],
    "problem": "Closed at weekends.",
    "background": "Run by the borough.",
    "figures": {
        "cost": {
            "label": "Yearly cost",
            "value": 1200000,
            "unit": "GBP",
            "scale": "auto",
            "decimals": 1,
            "source": "report",
            "as_of": 2024,
            "key": True,
            "check": "> 1000",
            "note": "Staff only.",
        },
        "visits": {"label": "Visits", "series": {2023: 100, 2024: 120}, "source": "survey"},
        "loans": {"label": "Loans", "series": {2023: 80, 2024: 90}, "source": "survey"},
        "per_visit": {"label": "Cost per visit", "formula": "cost / latest(visits)", "unit": "GBP"},
        "readers": {
            "label": "Readers",
            "source": "survey",
            "from": {"file": "data/t.xlsx", "sheet": "T", "header_row": 2, "row": "All", "column": "2024"},
        },
        "readers_cell": {
            "label": "Readers in one cell",
            "source": "survey",
            "from": {"file": "data/t.csv", "cell": "B3"},
        },
    },
    "sources": {
        "report": {
            "title": "Annual report",
            "author": "Treasurer",
            "publisher": "Council",
            "date": "2024",
            "url": "https://example.org/r",
            "accessed": "2025-01-01",
            "note": "Draft.",
        },
        "survey": {"title": "Survey"},
    },
    "criteria": [{"id": "cost", "label": "Cost", "description": "Money."}, {"id": "reach", "label": "Reach"}],
    "options": [
        {
            "id": "stay",
            "title": "Stay closed",
            "summary": "No change.",
            "detail": "Nothing new.",
            "pros": ["Cheap."],
            "cons": ["Closed."],
            "cost": "cost",
            "ratings": {"cost": {"rating": "good", "note": "Free."}, "reach": "poor"},
        },
        {"id": "open", "title": "Open", "summary": "Open all.", "ratings": {"cost": "poor", "reach": "good"}},
    ],
    "recommendation": {"options": ["open"], "text": "Open them."},
    "charts": [
        {
            "id": "visits-chart",
            "title": "Visits by year",
            "kind": "line",
            "figures": ["visits"],
            "alt": "Visits rise.",
            "caption": "From the survey.",
        }
    ],
    "annex": "Counts from doors.",
    "boxes": [{"id": "vru", "title": "What a VRU is", "text": "A unit."}],
    "bibliography": [],
    "citation_style": "default",
}

# Model.key: (path into FULL, new value, text the diff must show). A key added to the model without a
# line here fails test_every_key_has_a_mutation; with one, test_diff_reports_every_key checks the diff.
MUTATIONS: dict[str, tuple[tuple[Any, ...], Any, str]] = {
    "Brief.citation_style": (("citation_style",), "oscola", 'citation_style: "default" → "oscola"'),
    "Brief.title": (("title",), "Sunday opening for all", 'title: "Sunday opening" → "Sunday opening for all"'),
    "Brief.subtitle": (("subtitle",), "A choice", 'subtitle: "A costed choice" → "A choice"'),
    "Brief.authors": (("authors",), [*FULL["authors"], "C. Other"], "{+unit); C. Other+}"),
    "Author.name": (("authors", 0, "name"), "A. Writer", "A. [-Author-] {+Writer+}"),
    "Author.role": (("authors", 0, "role"), "Analyst", "(role: [-Adviser,-] {+Analyst,+}"),
    "Author.organisation": (("authors", 0, "organisation"), "Treasury", "organisation: [-Policy unit)-] {+Treasury)+}"),
    "Brief.organisation": (("organisation",), "City council", 'organisation: "Borough council" → "City council"'),
    "Brief.reference": (("reference",), "PB-2", 'reference: "PB-1" → "PB-2"'),
    "Brief.marking": (("marking",), "OFFICIAL-SENSITIVE", 'marking: "OFFICIAL" → "OFFICIAL-SENSITIVE"'),
    "Brief.date": (("date",), "2025-03-01", 'date: "2025-02-14" → "2025-03-01"'),
    "Brief.status": (("status",), "final", 'status: "draft" → "final"'),
    "Brief.audience": (("audience",), "Cabinet", 'audience: "Members" → "Cabinet"'),
    "Brief.locale": (("locale",), "en-US", 'locale: "en-GB" → "en-US"'),
    "Brief.summary": (("summary",), "Opening costs {cost} a year [@report].", "summary:"),
    "Brief.key_points": (("key_points", 0), "Visits fell.", "key point 1: Visits [-grew.-] {+fell.+}"),
    "Brief.problem": (("problem",), "Closed on Sundays.", "problem:"),
    "Brief.background": (("background",), "Run by the city.", "background:"),
    "Brief.figures": (("figures", "extra"), {"label": "Extra", "value": 5, "source": "survey"}, "+ extra (Extra): 5"),
    "Figure.label": (("figures", "cost", "label"), "Cost a year", 'label: "Yearly cost" → "Cost a year"'),
    "Figure.value": (("figures", "cost", "value"), 1600000, "£1.2m → £1.6m"),
    "Figure.series": (("figures", "visits", "series", 2024), 130, "120 (2024) → 130 (2024)"),
    "Figure.formula": (
        ("figures", "per_visit", "formula"),
        "cost / latest(visits) * 2",
        'formula: "cost / latest(visits)"',
    ),
    "Figure.unit": (("figures", "cost", "unit"), "EUR", 'unit: "GBP" → "EUR"'),
    "Figure.scale": (("figures", "cost", "scale"), "thousand", 'scale: "auto" → "thousand"'),
    "Figure.decimals": (("figures", "cost", "decimals"), 2, 'decimals: "1" → "2"'),
    "Figure.source": (("figures", "cost", "source"), "survey", 'source: "report" → "survey"'),
    "Figure.as_of": (("figures", "cost", "as_of"), 2025, 'as_of: "2024" → "2025"'),
    "Figure.from": (("figures", "readers_cell", "from"), {"file": "data/t.csv", "cell": "B2"}, "2 → 1"),
    "DataFrom.file": (("figures", "readers", "from", "file"), "data/u.xlsx", "6 → 60"),
    "DataFrom.sheet": (("figures", "readers", "from", "sheet"), "U", "6 → 9"),
    "DataFrom.cell": (("figures", "readers_cell", "from", "cell"), "B2", '(cell: B3)" → "data/t.csv (cell: B2)'),
    "DataFrom.header_row": (("figures", "readers", "from", "header_row"), 1, "6 → 5"),
    "DataFrom.row": (("figures", "readers", "from", "row"), "Other", "6 → 8"),
    "DataFrom.column": (("figures", "readers", "from", "column"), "2025", "6 → 5"),
    "Figure.key": (("figures", "cost", "key"), False, 'key: "true" → "false"'),
    "Figure.check": (("figures", "cost", "check"), "> 2000", 'check: "> 1000" → "> 2000"'),
    "Figure.note": (("figures", "cost", "note"), "Staff and heating.", 'note: "Staff only." → "Staff and heating."'),
    "Brief.sources": (("sources", "extra"), {"title": "Extra source"}, '+ extra: "Extra source"'),
    "Source.title": (("sources", "report", "title"), "Yearly report", 'title: "Annual report" → "Yearly report"'),
    "Source.author": (("sources", "report", "author"), "Auditor", 'author: "Treasurer" → "Auditor"'),
    "Source.publisher": (("sources", "report", "publisher"), "City", 'publisher: "Council" → "City"'),
    "Source.date": (("sources", "report", "date"), "2024-05", 'date: "2024" → "2024-05"'),
    "Source.url": (
        ("sources", "report", "url"),
        "https://example.org/s",
        'url: "https://example.org/r" → "https://example.org/s"',
    ),
    "Source.accessed": (("sources", "report", "accessed"), "2025-01-02", 'accessed: "2025-01-01" → "2025-01-02"'),
    "Source.note": (("sources", "report", "note"), "Final.", 'note: "Draft." → "Final."'),
    "Brief.criteria": (("criteria",), [*FULL["criteria"], {"id": "speed", "label": "Speed"}], '+ speed: "Speed"'),
    "Criterion.id": (("criteria", 1, "id"), "reach2", '- reach: "Reach"'),  # the ratings follow, in mutated()
    "Criterion.label": (("criteria", 0, "label"), "Money", 'label: "Cost" → "Money"'),
    "Criterion.description": (("criteria", 0, "description"), "Cash.", 'description: "Money." → "Cash."'),
    "Brief.options": (
        ("options",),
        [*FULL["options"], {"id": "late", "title": "Open late", "summary": "Evenings."}],
        '+ late: "Open late"',
    ),
    "Option.id": (("options", 0, "id"), "stay-shut", '- stay: "Stay closed"'),
    "Option.title": (("options", 0, "title"), "Keep closed", '~ stay: "Stay closed" → "Keep closed"'),
    "Option.summary": (("options", 0, "summary"), "No change at all.", "option stay summary:"),
    "Option.detail": (("options", 0, "detail"), "Nothing at all.", "option stay detail:"),
    "Option.pros": (("options", 0, "pros", 0), "Free.", "option stay pro 1: [-Cheap.-] {+Free.+}"),
    "Option.cons": (("options", 0, "cons", 0), "Shut.", "option stay con 1: [-Closed.-] {+Shut.+}"),
    "Option.cost": (("options", 0, "cost"), "per_visit", 'cost: "cost" → "per_visit"'),
    "Option.ratings": (("options", 1, "ratings", "reach"), "fair", "open / reach: good → fair"),
    "Rating.rating": (("options", 0, "ratings", "cost", "rating"), "fair", "stay / cost: good → fair"),
    "Rating.note": (("options", 0, "ratings", "cost", "note"), "Costs nothing.", 'note: "Free." → "Costs nothing."'),
    "Brief.recommendation": (("recommendation", "options"), ["open", "stay"], "options: open → open, stay"),
    "Recommendation.options": (("recommendation", "options"), ["stay"], "options: open → stay"),
    "Recommendation.text": (("recommendation", "text"), "Open them all.", "text: Open [-them.-] {+them all.+}"),
    "Brief.charts": (("charts", 0, "id"), "visits-line", '+ visits-line: "Visits by year"'),
    "Chart.id": (("charts", 0, "id"), "chart-2", '- visits-chart: "Visits by year"'),
    "Chart.title": (("charts", 0, "title"), "Visits", 'title: "Visits by year" → "Visits"'),
    "Chart.kind": (
        ("charts", 0),
        {
            "id": "visits-chart",
            "title": "Visits by year",
            "kind": "bar",
            "figures": ["cost"],
            "alt": "Visits rise.",
            "caption": "From the survey.",
        },
        'kind: "line" → "bar"',
    ),
    "Chart.figures": (("charts", 0, "figures"), ["visits", "loans"], 'figures: "visits" → "visits; loans"'),
    "Chart.alt": (("charts", 0, "alt"), "Visits go up.", 'alt: "Visits rise." → "Visits go up."'),
    "Chart.caption": (
        ("charts", 0, "caption"),
        "From the 2024 survey.",
        'caption: "From the survey." → "From the 2024 survey."',
    ),
    "Brief.annex": (("annex",), "Counts from door counters.", "annex:"),
    "Brief.boxes": (("boxes", 0, "id"), "vru-2", '+ vru-2: "What a VRU is"'),
    "Box.id": (("boxes", 0, "id"), "box-2", '- vru: "What a VRU is"'),
    "Box.title": (("boxes", 0, "title"), "A VRU", 'title: "What a VRU is" → "A VRU"'),
    "Box.text": (("boxes", 0, "text"), "A unit of people.", 'text: "A unit." → "A unit of people."'),
}
EXEMPT = {
    "Brief.briefgen": "the format version: 1 is the only one a brief can have",
    "Brief.bibliography": "names files beside the brief; compared like every top-level key (tests/test_bibliography.py)",
}


def dump(data: dict[str, Any]) -> str:
    """A brief's data as YAML text."""
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)


_TABLE = [["Area", "2024", "2025"], ["Area", "2025", "2024"], ["All", 5.0, 6.0], ["Other", 7.0, 8.0]]
DATA = {  # the data files FULL's figures read, as the loader hands them to the check (issue 14)
    "data/t.xlsx": DataFile(
        "data/t.xlsx", "xlsx", None, "d1", None, ["T", "U"], {"T": _TABLE, "U": [["x"], _TABLE[0], ["All", 9.0, 10.0]]}
    ),
    "data/u.xlsx": DataFile("data/u.xlsx", "xlsx", None, "d2", None, ["T"], {"T": [*_TABLE[:2], ["All", 50.0, 60.0]]}),
    "data/t.csv": DataFile("data/t.csv", "csv", None, "d3", None, [], {"": [["a", "b"], ["c", "1"], ["d", "2"]]}),
}


def checked_from(data: dict[str, Any]) -> Checked:
    """Dump a brief to YAML, then load and check it as briefgen does (with in-memory data files)."""
    return check(load_bytes(dump(data).encode(), "briefs/b.yaml"), DATA)


def mutated(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A copy of FULL with one place set to a new value (a criterion's new id also in the ratings)."""
    data = copy.deepcopy(FULL)
    place = data
    for part in path[:-1]:
        place = place[part]
    old, place[path[-1]] = (place[path[-1]] if isinstance(place, list) else place.get(path[-1])), value
    if path[0] == "criteria" and path[-1] == "id" and len(path) == 3 and isinstance(value, str):
        for option in data["options"]:
            option["ratings"][value] = option["ratings"].pop(old)
    return data


def test_every_key_has_a_mutation() -> None:
    keys = every_key()
    assert len(keys) > 60
    missing = [k for k in keys if k not in MUTATIONS and k not in EXEMPT]
    assert not missing, f"keys with no diff test (add a line to MUTATIONS): {missing}"
    assert not [k for k in MUTATIONS if k not in keys]


def test_the_full_brief_is_valid_and_uses_every_key() -> None:
    assert checked_from(FULL).problems == []
    used = json.dumps(FULL)
    assert all(f'"{key.split(".")[1]}"' in used for key in every_key())


@pytest.mark.parametrize("key", sorted(MUTATIONS))
def test_diff_reports_every_key(key: str) -> None:
    path, value, shown = MUTATIONS[key]
    old, new = checked_from(FULL), checked_from(mutated(path, value))
    assert new.errors == [], new.errors
    result = diff_briefs(old, new)
    assert not result.empty
    text = to_text(result, "b.yaml")
    assert shown in text, text
    assert "No changes in substance" not in to_markdown(result, "b.yaml")
    assert json.loads(to_json(result))["empty"] is False


def test_no_change_is_still_no_change() -> None:
    assert diff_briefs(checked_from(FULL), checked_from(copy.deepcopy(FULL))).empty


def test_items_in_markdown_and_json() -> None:
    data = mutated(("sources", "report", "publisher"), "City | <b>")
    data["criteria"][0]["label"] = "Money"
    data["options"][0]["cost"] = "per_visit"
    result = diff_briefs(checked_from(FULL), checked_from(data))
    md = to_markdown(result, "b.yaml").splitlines()
    assert "#### Sources" in md and "#### Criteria" in md
    assert '- changed `report`: Annual report; publisher: "Council" → "City \\| \\<b\\>"' in md
    assert '- changed `cost`: Money; label: "Cost" → "Money"' in md
    assert '- changed `stay`: Stay closed; cost: "cost" → "per\\_visit"' in md
    items = json.loads(to_json(result))["items"]
    assert items[0] == {
        "kind": "source",
        "id": "report",
        "status": "changed",
        "name": "Annual report",
        "fields": [{"field": "publisher", "old": "Council", "new": "City | <b>"}],
    }


# --- 29: the JSON Schema accepts exactly what the loader's structural checks accept -------------------


# Checks a JSON Schema cannot make, where the schema is knowingly looser than the loader.
BEYOND_A_SCHEMA = (
    "is not a financial year",
    "is not a finite decimal number",
    "number is too long",
    "unsupported format version",
    "unknown locale",  # the locales Babel knows are data, not a pattern
)
VALIDATOR = jsonschema.Draft202012Validator(
    brief_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def as_json(value: Any) -> Any:
    """A loaded brief as a YAML editor hands it to a JSON Schema: each scalar of its YAML type, dates as text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    assert isinstance(value, Scalar)
    if value.node.tag == "null":
        return None
    if value.node.tag in ("int", "float", "bool"):
        return yaml.safe_load(str(value))
    return str(value)


def judged(text: str) -> tuple[bool, bool, list[str]] | None:
    """(loader's structural checks pass, schema accepts, loader's messages); None when not YAML a schema sees."""
    try:
        doc = load_bytes(text.encode(), "b.yaml")
    except BriefError:
        return None
    report = Report(doc)
    validate_schema(doc, report)
    messages = [p.message for p in report.errors]
    return not messages, VALIDATOR.is_valid(as_json(doc.data)), messages


def agree(text: str, outcome: tuple[bool, bool, list[str]] | None) -> str | None:
    """A line describing a disagreement between the schema and the loader (given judged(text)), or None."""
    if outcome is None:
        return None
    loader_ok, schema_ok, messages = outcome
    if loader_ok == schema_ok or (schema_ok and all(any(g in m for g in BEYOND_A_SCHEMA) for m in messages)):
        return None
    errors = [e.message for e in VALIDATOR.iter_errors(as_json(load_bytes(text.encode(), "b.yaml").data))][:3]
    return f"loader {'accepts' if loader_ok else 'rejects'} {messages[:3]}, schema {errors}:\n{text[:300]}"


def briefs_in_the_suite() -> list[str]:
    """Brief texts: files in tests/data, briefs/, the starters, and YAML strings written in the tests."""
    files = [
        *(ROOT / "tests" / "data").glob("*.yaml"),
        *(ROOT / "briefs").glob("*.yaml"),
        *(ROOT / "src" / "briefgen" / "starters").glob("*.yaml"),
    ]
    texts = [p.read_text(encoding="utf-8") for p in files]
    for module in sorted((ROOT / "tests").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        named = {
            t.id: n.value.value
            for n in tree.body
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
            for t in n.targets
            if isinstance(t, ast.Name) and isinstance(n.value.value, str)
        }
        for node in ast.walk(tree):
            text = _written(node, named)
            if text is not None and "briefgen: 1" in text:
                texts.append(textwrap.dedent(text).lstrip("\n"))
    return list(dict.fromkeys(texts))


def _written(node: ast.AST, named: dict[str, str]) -> str | None:
    """A string the test writes: a constant, a module-level name, or either with .replace(old, new) applied."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return named.get(node.id)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "replace"
        and len(node.args) == 2
        and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
    ):
        base = _written(node.func.value, named)
        return None if base is None else base.replace(node.args[0].value, node.args[1].value)
    return None


def test_the_suite_has_many_briefs_and_the_schema_agrees_on_each() -> None:
    texts = briefs_in_the_suite()
    assert len(texts) > 20
    outcomes = [judged(t) for t in texts]
    assert sum(o[0] for o in outcomes if o) > 15 and sum(not o[0] for o in outcomes if o) > 3
    assert [d for t, o in zip(texts, outcomes, strict=False) if (d := agree(t, o))] == []


# Values of every kind a place may wrongly (or rightly) hold; a mapping or list place gets CONTAINER_POOL.
POOL: list[Any] = [
    None,
    "text",
    1984,
    12.5,
    True,
    "yes",
    {"a": 1},
    [1],
    "2019-02-30",
    "2015/16",
    "2019-13",
    "a-b",
    "good",
    "bar",
    13,
    "https://example.org",
]
CONTAINER_POOL: list[Any] = [None, "text", 12, {}, [], [1], {"a": 1}]


def places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a brief's data, as a path."""
    found = [path] if path else []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    for key, value in items:
        found += places(value, (*path, key))
    return found


def variants() -> list[str]:
    """FULL with each place set to each value of POOL, each key removed, and an unknown key in each mapping."""
    out = []
    for path in places(FULL):
        data = copy.deepcopy(FULL)
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        pool = CONTAINER_POOL if isinstance(parent[path[-1]], (dict, list)) else POOL
        out += [dump(mutated(path, value)) for value in pool]
        del parent[path[-1]]
        out.append(dump(data))
        if isinstance(parent, dict):
            parent["colour"] = "red"
            out.append(dump(data))
    return out


def test_the_schema_agrees_with_the_loader_on_every_place_and_kind_of_value() -> None:
    texts = variants()
    assert len(texts) > 1500
    outcomes = [judged(t) for t in texts]
    assert sum(o[0] for o in outcomes if o) > 300 and sum(not o[0] for o in outcomes if o) > 600
    assert [d for t, o in zip(texts, outcomes, strict=False) if (d := agree(t, o))][:5] == []


@pytest.mark.parametrize(
    "text",
    [
        "title: 1984",
        "title: yes",
        "authors: [A. Author, {name: B. Author, role: Adviser}]",
        "locale: no",
        "date: '2019-03-01'",
        "options: [{id: yes, title: 1, summary: 2.5, ratings: {cost: good}}]",
    ],
)
def test_the_schema_accepts_what_authors_write(text: str) -> None:
    brief = (
        "briefgen: 1\ntitle: T\nauthors: [A]\ndate: 2019-03-01\nsummary: S\nproblem: P\n"
        "criteria: [{id: cost, label: Cost}]\noptions: [{id: a, title: A, summary: S}]\n"
    )
    key = text.split(":")[0]
    lines = [line for line in brief.splitlines() if not line.startswith(f"{key}:")]
    loader_ok, schema_ok, messages = judged("\n".join([*lines, text]) + "\n")
    assert (loader_ok, schema_ok, messages) == (True, True, [])


def test_the_schema_has_enums_and_links_to_the_format_page() -> None:
    schema = brief_schema()
    assert schema["properties"]["status"]["enum"] == ["draft", "review", "final"]
    assert schema["$defs"]["Chart"]["properties"]["kind"]["enum"] == ["bar", "line"]
    assert schema["$defs"]["Figure"]["properties"]["scale"]["enum"] == [
        "auto",
        "none",
        "thousand",
        "million",
        "billion",
    ]
    assert schema["$defs"]["Rating"]["properties"]["rating"]["enum"] == ["good", "fair", "poor"]
    assert "docs/format.md#top-level" in schema["description"]
    assert "docs/format.md#figure" in schema["$defs"]["Figure"]["description"]
    jsonschema.Draft202012Validator.check_schema(schema)


# --- 30: warnings about the machine are said once per run, not pinned to a brief ----------------------


HARFBUZZ_WARNING = (
    "briefgen: warning: HarfBuzz's font subsetter (libharfbuzz-subset0 on Debian and Ubuntu) is not "
    "installed, so PDF fonts are subset with fontTools, which is slower; install it"
)


@pytest.mark.parametrize("count", [1, 3])
def test_missing_harfbuzz_subset_is_said_once_per_run(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    from weasyprint.pdf import fonts

    from briefgen.render import pdf  # noqa: F401  (loads WeasyPrint, whose font module is patched below)

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)  # as on a machine without libharfbuzz-subset0
    for n in range(count):
        write(workdir, f"briefs/b{n}.yaml", MINIMAL)
    result = run("build", "briefs", "--to", "pdf", "-j", "2")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines().count(HARFBUZZ_WARNING) == 1
    assert [line for line in result.output.splitlines() if "HarfBuzz" in line] == [HARFBUZZ_WARNING]
    assert all((workdir / "build" / f"b{n}.pdf").exists() for n in range(count))
    again = run("build", "briefs", "--to", "pdf")  # nothing rendered: nothing to warn about
    assert "HarfBuzz" not in again.output


def test_no_environment_warning_when_harfbuzz_subset_is_there(workdir: Path) -> None:
    write(workdir, "briefs/b.yaml", MINIMAL)
    result = run("build", "briefs", "--to", "pdf")
    assert result.exit_code == 0 and "warning" not in result.output


# --- 30 and the README: one list of system packages ---------------------------------------------------


def system_packages() -> list[str]:
    """The packages in .ci/system-packages, comments left out."""
    lines = (ROOT / ".ci" / "system-packages").read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].split()[0] for line in lines if line.split("#")[0].strip()]


def test_readme_names_the_one_list_of_system_packages_and_ci_installs_it() -> None:
    packages = system_packages()
    assert {"libpango-1.0-0", "libharfbuzz-subset0", "chromium"} <= set(packages)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"apt-get install {' '.join(packages)}\n" in readme
    assert ".ci/system-packages" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


# --- 31: the format reference ships with the code and is kept in step ---------------------------------

FORMAT_PAGE = ROOT / "docs" / "format.md"
CONTRACT = ROOT.parent / "shared" / "BRIEF-FORMAT.md"
SECTION_OF = {
    "Brief": "Top level",
    "Author": "Top level",
    "Figure": "figure",
    "Source": "source",
    "Criterion": "criterion",
    "Option": "option",
    "Rating": "option",
    "Recommendation": "recommendation",
    "Chart": "chart",
    "Box": "Additions to version 1 (optional keys)",
    "DataFrom": "figure",
}


def section(text: str, heading: str) -> str:
    """The text of one `## heading` section."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def test_every_key_of_the_model_is_described_in_its_section_of_the_format_page() -> None:
    import re

    page = FORMAT_PAGE.read_text(encoding="utf-8")
    missing = []
    for key in every_key():
        model, name = key.split(".")
        assert model in SECTION_OF, f"say in SECTION_OF where docs/format.md describes {model}"
        if not re.search(rf"`[^`\n]*\b{name}\b[^`\n]*`", section(page, SECTION_OF[model])):
            missing.append(key)
    assert missing == []


@pytest.mark.skipif(not CONTRACT.exists(), reason="the shared format contract is not beside the repository")
def test_the_format_page_has_every_line_of_the_contract() -> None:
    page = FORMAT_PAGE.read_text(encoding="utf-8").splitlines()
    lines = [line for line in CONTRACT.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [line for line in lines if line not in page] == []


def test_the_additions_not_yet_implemented_are_marked_and_refused() -> None:
    page = FORMAT_PAGE.read_text(encoding="utf-8")
    additions = page[page.index("## Additions to version 1") : page.index("## Examples")]
    assert "> Not implemented yet" not in additions  # `from` (14), bibliographies (15) and boxes (11) all are
    assert {"Figure.from", "Brief.bibliography", "Brief.citation_style", "Brief.boxes"} <= set(every_key())


def test_readme_and_schema_point_at_the_format_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "[docs/format.md](docs/format.md)" in readme and "BRIEF-FORMAT.md" not in readme
    described = [part.get("description", "") for part in [brief_schema(), *brief_schema()["$defs"].values()]]
    assert all("docs/format.md#" in d for d in described)
    page = FORMAT_PAGE.read_text(encoding="utf-8")
    for anchor in {d.split("docs/format.md#")[1].split()[0] for d in described}:
        assert f"\n## {anchor.replace('-', ' ')}\n".lower() in page.lower()


# --- 32: start-up loads only what a command needs -----------------------------------------------------


HEAVY = ("pydantic", "markdown_it", "jinja2", "yaml", "babel", "matplotlib", "weasyprint")


def imported_by(*args: str) -> set[str]:
    """The top-level packages a fresh `briefgen ARGS` process imports (from -X importtime)."""
    code = "import sys; from briefgen.cli.main import main; sys.argv = ['briefgen', *sys.argv[1:]]; main()"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = [line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("args", [("--help",), ("build", "--help"), ("check", "--help"), ("--version",)])
def test_help_does_not_import_the_heavy_libraries(args: tuple[str, ...]) -> None:
    loaded = imported_by(*args)
    assert "click" in loaded
    assert sorted(loaded & set(HEAVY)) == []


def test_a_markdown_build_does_not_import_weasyprint_or_matplotlib(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(MINIMAL, encoding="utf-8")
    loaded = imported_by("build", str(tmp_path / "b.yaml"), "--to", "md", "-o", str(tmp_path / "out"), "--no-cache")
    assert (tmp_path / "out" / "b.md").exists()
    assert {"pydantic", "markdown_it"} <= loaded and not loaded & {"weasyprint", "matplotlib"}


def test_the_lazy_commands_help_is_the_commands_own() -> None:
    import importlib

    from click.testing import CliRunner

    from briefgen.cli.main import LAZY_COMMANDS, main

    for name, (module, attribute, short) in LAZY_COMMANDS.items():
        command = getattr(importlib.import_module(module), attribute)
        assert " ".join(command.help.split("\n\n")[0].split()) == short, name
    listed = CliRunner().invoke(main, ["--help"]).output
    assert all(f"  {name} " in listed for name in LAZY_COMMANDS)
