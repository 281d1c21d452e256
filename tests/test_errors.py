"""Every fault the format names: exit status 1, the exact path:line:col message, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import MINIMAL, run, write

FIG = "  london_population: {label: Population of London, value: 8630000, unit: people, source: ons}\n"


def with_figures(extra: str) -> str:
    """MINIMAL with more figures after the first."""
    return MINIMAL.replace(FIG, FIG + extra)


def alias_bomb() -> str:
    """Nine levels of ten aliases each: a billion nodes if expanded."""
    lines = ["x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
    lines += [f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)]
    return MINIMAL + "".join(lines)


QUOTE_HINT = "text containing ': ' or ' #', or starting with a special character, must be quoted (\"...\") or written as a | block"

CASES: dict[str, tuple[str | bytes, list[str]]] = {
    "unknown key": (MINIMAL + "sumary: typo\n", ["b.yaml:15:1: error: unknown key 'sumary' (did you mean 'summary'?)"]),
    "unknown nested key": (
        MINIMAL.replace("value: 8630000,", "valeu: 8630000,"),
        ["b.yaml:8:52: error: unknown key 'valeu' (did you mean 'value'?)"],
    ),
    "duplicate key": (
        MINIMAL + "title: Again\n",
        ["b.yaml:15:1: error: duplicate key 'title' (first given at line 2)"],
    ),
    "missing key": (
        MINIMAL.replace("problem: It is large.\n", ""),
        ["b.yaml:1:1: error: missing required key 'problem'"],
    ),
    "impossible date": (
        MINIMAL.replace("2025-01-31", "2019-02-30"),
        ["b.yaml:4:7: error: '2019-02-30' is not a real date"],
    ),
    "malformed date": (
        MINIMAL.replace("2025-01-31", "31/01/2025"),
        ["b.yaml:4:7: error: expected a date written YYYY-MM-DD, got '31/01/2025'"],
    ),
    "unknown figure": (
        MINIMAL.replace("{london_population}", "{london_populaton}"),
        ["b.yaml:5:21: error: unknown figure 'london_populaton' (did you mean 'london_population'?)"],
    ),
    "unknown source of a figure": (
        MINIMAL.replace("source: ons}", "source: onz}"),
        ["b.yaml:8:90: error: unknown source 'onz' (did you mean 'ons'?)"],
    ),
    "unknown source in a citation": (
        MINIMAL.replace("[@ons]", "[@census, p. 4]"),
        ["b.yaml:5:42: error: unknown source 'census' in citation"],
    ),
    "unknown option": (
        MINIMAL.replace("summary: No change.", "summary: Unlike {option:vru}."),
        ["b.yaml:14:21: error: unknown option 'vru'"],
    ),
    "unknown criterion": (
        MINIMAL.replace("    summary: No change.\n", "    summary: No change.\n    ratings: {cots: good}\n")
        + "criteria:\n  - {id: cost, label: Cost}\n",
        [
            "b.yaml:15:14: warning: option 'status_quo' does not rate cost",
            "b.yaml:15:15: error: rating of unknown criterion 'cots' (did you mean 'cost'?)",
        ],
    ),
    "unknown chart": (
        MINIMAL.replace("problem: It is large.", "problem: |\n  It is large.\n\n  {chart:growth}"),
        ["b.yaml:9:3: error: unknown chart 'growth'"],
    ),
    "formula cycle": (
        with_figures("  a: {label: A, formula: b + 1}\n  b: {label: B, formula: a * 2}\n"),
        ["b.yaml:9:26: error: formula cycle: a -> b -> a", "b.yaml:10:26: error: formula cycle: a -> b -> a"],
    ),
    "division by zero": (
        with_figures(
            "  zero: {label: Zero, value: 0, source: ons}\n  per: {label: Per, formula: london_population / zero}\n"
        ),
        ["b.yaml:10:48: error: division by zero"],
    ),
    "failed check": (
        with_figures("  ratio: {label: Ratio, formula: london_population / 1000000, check: '> 9'}\n"),
        ["b.yaml:9:70: error: check '> 9' fails: ratio is 8.63"],
    ),
    "tag": (
        MINIMAL.replace("title: A minimal brief", "title: !!python/object:os.system echo"),
        ["b.yaml:2:8: error: YAML tags such as '!!python/object:os.system' are not allowed in a brief"],
    ),
    "alias bomb": (
        alias_bomb(),
        ["b.yaml:19:45: error: aliases expand to too many nodes (more than 100000); refusing an alias bomb"],
    ),
    "empty file": ("", ["b.yaml:1:1: error: file is empty; a brief is a YAML mapping"]),
    "bad UTF-8": (
        MINIMAL.replace("It is large.", "It is l\xe9rge.").encode("latin-1"),
        ["b.yaml:6:17: error: file is not valid UTF-8 (byte 0xe9)"],
    ),
    "not a mapping": ("- just\n- a list\n", ["b.yaml:1:1: error: a brief must be a YAML mapping of keys to values"]),
    "nan": (
        MINIMAL.replace("value: 8630000", "value: .nan"),
        ["b.yaml:8:59: error: '.nan' is not a finite decimal number; write numbers like 8630000 or 12.5"],
    ),
    "infinity": (
        MINIMAL.replace("value: 8630000", "value: .inf"),
        ["b.yaml:8:59: error: '.inf' is not a finite decimal number; write numbers like 8630000 or 12.5"],
    ),
    "quoted number": (
        MINIMAL.replace("value: 8630000", "value: '8630000'"),
        ["b.yaml:8:59: error: expected a number, got text '8630000'; remove the quotes"],
    ),
    "boolean for a number": (
        MINIMAL.replace("value: 8630000", "value: yes"),
        ["b.yaml:8:59: error: expected a number, got the boolean 'yes'"],
    ),
    "format version 2": (
        MINIMAL.replace("briefgen: 1", "briefgen: 2"),
        ["b.yaml:1:11: error: unsupported format version '2'; this briefgen reads version 1"],
    ),
    "colon in plain text": (
        MINIMAL.replace("problem: It is large.", "problem: Note: it is large"),
        [f"b.yaml:6:14: error: not valid YAML: mapping values are not allowed in this context; {QUOTE_HINT}"],
    ),
    "text starting with a brace": (
        MINIMAL.replace("problem: It is large.", "problem: {london_population} live here"),
        [
            f"b.yaml:6:30: error: not valid YAML: did not find expected key (while parsing a block mapping); {QUOTE_HINT}"
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_fault_is_reported_exactly_and_nothing_is_written(workdir: Path, name: str) -> None:
    text, expected = CASES[name]
    write(workdir, "b.yaml", text)
    result = run("build", "b.yaml", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == expected
    assert result.stderr.splitlines()[-1] == "0 built, 1 failed"
    assert "Traceback" not in result.output
    assert not (workdir / "out").exists()


@pytest.mark.parametrize("name", ["unknown key", "failed check", "bad UTF-8"])
def test_check_reports_the_same_problems(workdir: Path, name: str) -> None:
    text, expected = CASES[name]
    write(workdir, "b.yaml", text)
    result = run("check", "b.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == expected


def test_every_problem_is_reported_in_one_run(workdir: Path) -> None:
    text = (
        MINIMAL.replace("2025-01-31", "2019-02-30")
        .replace("{london_population}", "{nope}")
        .replace("source: ons}", "source: onz}")
        + "sumary: x\n"
    )
    write(workdir, "b.yaml", text)
    result = run("check", "b.yaml")
    assert result.stderr.splitlines()[:-1] == [
        "b.yaml:4:7: error: '2019-02-30' is not a real date",
        "b.yaml:5:21: error: unknown figure 'nope'",
        "b.yaml:8:90: error: unknown source 'onz' (did you mean 'ons'?)",
        "b.yaml:15:1: error: unknown key 'sumary' (did you mean 'summary'?)",
    ]


def test_warnings_pass_unless_strict(workdir: Path) -> None:
    rated = MINIMAL.replace("    summary: No change.\n", "    summary: No change.\n    ratings: {cost: good}\n")
    write(workdir, "b.yaml", rated + "criteria:\n  - {id: cost, label: Cost}\n  - {id: risk, label: Risk}\n")
    loose = run("check", "b.yaml")
    assert loose.exit_code == 0
    assert loose.stderr == "b.yaml:15:14: warning: option 'status_quo' does not rate risk\n"
    strict = run("check", "--strict", "b.yaml")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[0] == "b.yaml:15:14: error: option 'status_quo' does not rate risk"


def test_usage_errors_exit_2(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL)
    assert run("build", "missing.yaml").exit_code == 2
    assert run("build", "b.yaml", "--to", "rtf").exit_code == 2
    assert run("frobnicate").exit_code == 2
