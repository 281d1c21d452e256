"""Mutated briefs: the builder only ever raises its own error type, never anything else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.brief.check import check
from briefgen.brief.load import load_bytes
from briefgen.errors import BriefError
from briefgen.render.templates import render_markdown
from helpers import EVERY_KEY, EXAMPLE, examples

pytestmark = pytest.mark.slow

SEEDS = [EVERY_KEY.read_text(encoding="utf-8"), EXAMPLE.read_text(encoding="utf-8")]
JUNK = st.sampled_from(
    [
        "",
        "~",
        "[]",
        "{}",
        "- x",
        "1e999",
        ".nan",
        "!!str x",
        "*a",
        "&a x",
        "'",
        '"',
        "{x}",
        "{chart:x}",
        "[@x]",
        "[^1]",
        "0x1F",
        "2019-02-30",
        "yes",
        "::",
        "\t",
        "\x00",
        "é",
        "{{",
        "|",
        ">",
        "%YAML 1.1",
        "---",
        "...",
        "? x",
        "<script>",
        "![](../x)",
        "\\",
        "#",
    ]
)


def build(text: str | bytes) -> None:
    """Run the whole pipeline to Markdown; BriefError is the only allowed failure."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    try:
        checked = check(load_bytes(raw, "fuzz.yaml", Path("/nonexistent/fuzz.yaml")))
    except BriefError:
        return
    if not checked.errors:
        render_markdown(checked)


def mutate_tree(data: object, draw: st.DrawFn) -> object:
    """Drop keys, swap types or insert junk somewhere in a parsed brief."""
    if isinstance(data, dict) and data:
        key = draw(st.sampled_from(sorted(map(str, data))))
        action = draw(st.sampled_from(["drop", "swap", "deeper", "junk"]))
        copy = dict(data)
        if action == "drop":
            copy.pop(key)
        elif action == "swap":
            copy[key] = draw(st.sampled_from([[], {}, 1, "text", None, True, 1.5, [1, "x"]]))
        elif action == "junk":
            copy[draw(st.text(min_size=1, max_size=8))] = draw(st.text(max_size=20))
        else:
            copy[key] = mutate_tree(copy[key], draw)
        return copy
    if isinstance(data, list) and data:
        index = draw(st.integers(0, len(data) - 1))
        copy = list(data)
        copy[index] = mutate_tree(copy[index], draw)
        return copy
    return draw(st.sampled_from([None, 0, -1, "", "x", "{nope}", [], {}]))


FAST = settings(
    max_examples=examples(150),
)


@FAST
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_tree_mutations(seed: str, data: st.DataObject) -> None:
    tree = yaml.safe_load(seed)
    build(yaml.safe_dump(mutate_tree(tree, data.draw), allow_unicode=True))


@FAST
@given(seed=st.sampled_from(SEEDS), cut=st.floats(0, 1))
def test_truncated_anywhere(seed: str, cut: float) -> None:
    build(seed[: int(len(seed) * cut)])


@FAST
@given(seed=st.sampled_from(SEEDS), where=st.floats(0, 1), junk=JUNK)
def test_junk_inserted_anywhere(seed: str, where: float, junk: str) -> None:
    at = int(len(seed) * where)
    build(seed[:at] + junk + seed[at:])


@FAST
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes(raw: bytes) -> None:
    build(raw)


# Edges: numbers, periods out of order, invisible characters, nested notes (issue 9)

EDGE_NUMBERS = st.one_of(
    st.sampled_from(
        [
            "9.0e+999999999",
            "1.0e-999999999",
            "999999999999999",
            "1000000000000000",
            "-0.0",
            "0.000000000000001",
            "1.50000000000000000000",
            "1_000_000",
            "1e5",
            "-9.9e+14",
            "00",
            "0.1e-15",
            "123456789012345678901234567890123456789",
        ]
    ),
    st.builds(lambda m, e: f"{m}e{e:+d}", st.sampled_from(["1.0", "-2.5", "9.99"]), st.integers(-40, 40)),
    st.decimals(allow_nan=False, allow_infinity=False).map(str).filter(lambda t: len(t) < 60),
)
EDGE_FORMULAS = st.sampled_from(
    [
        "9e999 * 1",
        "1e999999999 * 1",
        "round(x, -999999)",
        "round(x, 100)",
        "x * x * x * x * x",
        "x / 1e-15",
        "latest(s) * 1e14",
        "max(x, 1e14) * 10",
        "1 / 3",
        "0.1 + 0.2",
        "-x",
        "sum(x, x, x)",
    ]
)
PERIODS = st.sampled_from(
    [
        "2019",
        "2018",
        "2021-04",
        "2021-01",
        "2020-02-29",
        "2019/20",
        "2015/16",
        "0000",
        "0000-06",
        "2019-13",
        "2023-02-30",
        "2015/17",
        "9999/00",
        "9999",
        "0001",
    ]
)
INVISIBLE = st.text(
    alphabet=st.sampled_from(
        [
            "\u202e",
            "\u202d",
            "\u2066",
            "\u2069",
            "\u200b",
            "\u200f",
            "\ufeff",
            "\x1b",
            "\x07",
            "\u2028",
            "\t",
            "a",
            " ",
            "{",
            "}",
            "1",
        ]
    ),
    max_size=12,
)
NESTED = st.sampled_from(
    [
        "[^1]",
        "[^1]: x [@ons] [^2]",
        "[@ons; @ons, p. [^1]]",
        "[^a]: [^a]",
        "[@ons [@ons]]",
        "[^x]: see [@ons, p. 4][^y]\n\n[^y]: deep [^x]",
        "[[@ons]](http://e.com/&amp;)",
        "[a][r]\n\n[r]: http://e.com/12",
        "<http://e.com/?a&amp;b> 12",
        "&#49;2 cases",
    ]
)


def edge_brief(value: str, formula: str, periods: list[str], noise: str, note: str) -> str:
    """A small brief with edge numbers, an edge formula, a series in any order and hostile text."""
    series = ", ".join(f"'{p}': {n}" for n, p in enumerate(periods, 1)) or "2019: 1"
    return (
        f"briefgen: 1\ntitle: {json.dumps('T' + noise)}\nauthors: [A]\ndate: 2025-01-31\n"
        f"summary: {json.dumps('S {x} {y} {s} ' + note + noise)}\nproblem: |\n  {note}\n"
        f"figures:\n  x: {{label: X, value: {value}, source: ons}}\n"
        f"  y: {{label: {json.dumps('Y' + noise)}, formula: {json.dumps(formula)}, check: '> 0'}}\n"
        f"  s: {{label: S, source: ons, series: {{{series}}}}}\n"
        f"sources:\n  ons: {{title: O}}\noptions:\n  - {{id: a, title: A, summary: {json.dumps(noise or 'x')}}}\n"
    )


@settings(
    max_examples=examples(100),
)
@given(
    value=EDGE_NUMBERS,
    formula=EDGE_FORMULAS,
    periods=st.lists(PERIODS, max_size=4, unique=True),
    noise=INVISIBLE,
    note=NESTED,
)
def test_edge_inputs_end_in_brief_errors_only(
    value: str, formula: str, periods: list[str], noise: str, note: str
) -> None:
    text = edge_brief(value, formula, periods, noise, note)
    try:
        checked = check(load_bytes(text.encode("utf-8", "surrogatepass"), "fuzz.yaml", Path("/nonexistent/fuzz.yaml")))
    except BriefError as exc:
        assert all(p.message and "\n" not in str(p) for p in exc.problems)
        return
    for problem in checked.problems:
        assert "internal error" not in problem.message
        assert not any(c in str(problem) for c in "\u202e\u200b\x1b\n")
    if not checked.errors:
        render_markdown(checked)
        series = checked.figures.values["s"]
        assert list(series) == sorted(series)  # one kind of period, so text order is time order
