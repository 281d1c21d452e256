"""Hostile inputs of issue 9: every class ends in a positioned message, in bounded time and memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.cli.reports import text_table
from briefgen.errors import Problem, shown
from helpers import MINIMAL, run, write

FIG = "  london_population: {label: Population of London, value: 8630000, unit: people, source: ons}\n"
BRIEFGEN = Path(sys.executable).with_name("briefgen")
FAILED = "1 of 1 brief failed"


def with_figures(extra: str) -> str:
    """MINIMAL with more figures after the first."""
    return MINIMAL.replace(FIG, FIG + extra)


def problems(folder: Path, text: str, *args: str) -> list[str]:
    """Write b.yaml, check it, and return its problem lines (without the closing count)."""
    write(folder, "b.yaml", text)
    result = run("check", *args, "b.yaml")
    return [line for line in result.stderr.splitlines() if line != FAILED]


def cli(cwd: Path, *args: str, timeout: int = 30) -> subprocess.CompletedProcess[str]:
    """Run the installed briefgen in a subprocess, so a hang fails the test instead of stalling it."""
    if not BRIEFGEN.exists():
        pytest.skip("briefgen is not installed in this environment")
    return subprocess.run([str(BRIEFGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


# 1. Numbers outside the accepted range

TOO_LARGE = "is too large; numbers must be smaller than 1,000,000,000,000,000 (10^15) in size"
TOO_PRECISE = "has too many decimal places; write at most 15 digits after the point"

NUMBERS = {
    "huge float value": ("value: 9.0e+999999999", f"b.yaml:9:24: error: '9.0e+999999999' {TOO_LARGE}"),
    "just too large": ("value: 1000000000000000", f"b.yaml:9:24: error: '1000000000000000' {TOO_LARGE}"),
    "negative and huge": ("value: -2.5e+20", f"b.yaml:9:24: error: '-2.5e+20' {TOO_LARGE}"),
    "tiny exponent": ("value: 1.0e-999999999", f"b.yaml:9:24: error: '1.0e-999999999' {TOO_PRECISE}"),
    "sixteen places": ("value: 0.0000000000000001", f"b.yaml:9:24: error: '0.0000000000000001' {TOO_PRECISE}"),
    "huge series value": ("series: {2019: 1, 2020: 5.0e+30}", f"b.yaml:9:41: error: '5.0e+30' {TOO_LARGE}"),
    "formula literal": ("formula: 9e999 * 1", f"b.yaml:9:26: error: the number `9e999` {TOO_LARGE}"),
    "formula literal, huge exponent": (
        "formula: 2 + 1e999999999 * 1",
        f"b.yaml:9:30: error: the number `1e999999999` {TOO_LARGE}",
    ),
    "formula literal, tiny": (
        "formula: london_population * 1e-999999999",
        f"b.yaml:9:46: error: the number `1e-999999999` {TOO_PRECISE}",
    ),
    "formula result": (
        "formula: london_population * london_population * 100",
        f"b.yaml:9:26: error: the result {TOO_LARGE}",
    ),
    "round to a million places": (
        "formula: 'round(london_population, -999999)'",
        "b.yaml:9:52: error: the second argument of round must be a whole number from -100 to 100, like 2",
    ),
    "power": (
        "formula: 10 ** 999999",
        "b.yaml:9:29: error: `**` is not allowed in a formula; use + - * / ( ) and min, max, sum, round, latest",
    ),
    "check target": (
        "value: 1, check: '> 10000000000000000'",
        f"b.yaml:9:37: error: the number in the check {TOO_LARGE}",
    ),
    "decimals": (
        "value: 1, decimals: 10000000",
        "b.yaml:9:37: error: expected a whole number from 0 to 12, got '10000000'",
    ),
}


@pytest.mark.parametrize("case", list(NUMBERS))
def test_numbers_outside_the_range_are_errors_at_their_position(workdir: Path, case: str) -> None:
    body, expected = NUMBERS[case]
    source = "" if "formula" in body else ", source: ons"
    found = problems(workdir, with_figures(f"  x: {{label: X, {body}{source}}}\n"))
    assert found == [expected]


def test_numbers_at_the_edge_of_the_range_are_accepted_and_printed(workdir: Path) -> None:
    extra = (
        "  big: {label: Big, value: 999999999999999, scale: none, source: ons}\n"
        "  fine: {label: Fine, value: 0.000000000000001, decimals: 12, source: ons}\n"
        "  trailing: {label: Trailing, value: 1.50000000000000000000, source: ons}\n"
    )
    text = with_figures(extra).replace(
        "summary: London has {london_population} [@ons].", "summary: '{big}, {fine} and {trailing} [@ons].'"
    )
    write(workdir, "b.yaml", text)
    result = run("build", "b.yaml", "-o", "out", "--to", "md")
    assert result.exit_code == 0, result.output
    assert "999,999,999,999,999, 0.000000000000 and 1.5" in (workdir / "out" / "b.md").read_text()


def test_a_huge_number_fails_build_at_once_and_writes_nothing(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL.replace("value: 8630000", "value: 9.0e+999999999"))
    result = cli(workdir, "build", "b.yaml", "-o", "out", "--to", "md,html")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"b.yaml:8:59: error: '9.0e+999999999' {TOO_LARGE}"
    assert not (workdir / "out").exists()


# 2. Pipes, devices and folders named as briefs


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("command", [["check"], ["build", "-o", "out", "--to", "md"], ["figures"]])
def test_a_named_pipe_is_refused_without_reading(workdir: Path, command: list[str]) -> None:
    os.mkfifo(workdir / "pipe.yaml")
    result = cli(workdir, *command, "pipe.yaml")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "pipe.yaml:1:1: error: not a regular file (a folder, pipe or device); a brief must be a file"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_in_a_folder_walk_is_refused(workdir: Path) -> None:
    write(workdir, "briefs/good.yaml", MINIMAL)
    os.mkfifo(workdir / "briefs" / "pipe.yaml")
    result = cli(workdir, "check", "briefs")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "briefs/pipe.yaml:1:1: error: not a regular file (a folder, pipe or device); a brief must be a file",
        "1 of 2 briefs failed",
    ]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_a_device_is_refused_without_reading(workdir: Path) -> None:
    (workdir / "zero.yaml").symlink_to("/dev/zero")
    result = cli(workdir, "check", "zero.yaml")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "zero.yaml:1:1: error: not a regular file (a folder, pipe or device); a brief must be a file"
    )


def test_a_file_over_the_limit_is_refused(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL + "annex: |\n" + "  x\n" * (1024 * 1024))
    result = run("check", "b.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "b.yaml:1:1: error: file is larger than 2 MiB"


# 3. Links out of a walked folder, and long values in messages

SECRET = "briefgen: 1\napi_token: hunter2-secret-value\n"
REFUSED = (
    "is a symbolic link to a file outside the folder being searched; briefgen does not follow it "
    "(name the file itself to read it)"
)


@pytest.mark.parametrize("command", [["check"], ["build", "-o", "out", "--to", "md"], ["figures"]])
def test_a_link_out_of_a_walked_folder_is_refused_unread(workdir: Path, command: list[str]) -> None:
    write(workdir, "secret/keys.yaml", SECRET)
    write(workdir, "briefs/good.yaml", MINIMAL)
    (workdir / "briefs" / "leak.yaml").symlink_to(workdir / "secret" / "keys.yaml")
    result = run(*command, "briefs")
    assert result.exit_code == 1
    assert f"briefs/leak.yaml:1:1: error: {REFUSED}" in result.stderr.splitlines()
    assert "hunter2" not in result.output and "api_token" not in result.output
    assert not (workdir / "out" / "leak.md").exists()


def test_a_link_inside_a_walked_folder_is_followed(workdir: Path) -> None:
    write(workdir, "briefs/real/a.yaml", MINIMAL)
    (workdir / "briefs" / "alias.yaml").symlink_to(workdir / "briefs" / "real" / "a.yaml")
    result = run("check", "briefs")
    assert result.exit_code == 0, result.output


def test_a_named_link_is_read(workdir: Path) -> None:
    write(workdir, "elsewhere/a.yaml", MINIMAL)
    (workdir / "named.yaml").symlink_to(workdir / "elsewhere" / "a.yaml")
    assert run("check", "named.yaml").exit_code == 0


def test_long_keys_and_values_are_cut_short_in_messages(workdir: Path) -> None:
    long_key = "k" * 1000
    long_value = "v" * 5000
    text = MINIMAL + f"{long_key}: 1\n" + "locale: " + long_value + "\n"
    found = problems(workdir, text)
    assert found == [
        f"b.yaml:15:1: error: unknown key '{'k' * 39}…'",
        f"b.yaml:16:9: error: unknown locale '{'v' * 39}…'",
    ]


def test_every_message_is_capped_even_when_built_elsewhere() -> None:
    problem = Problem("b.yaml", 1, 1, "x" * 10_000)
    assert len(problem.message) == 300 and problem.message.endswith("…")
    assert shown("a\u202eb\u200bc\n  d" + "e" * 100) == "a\\u202eb\\u200bc d" + "e" * 32 + "…"


# 4. Hand-typed numbers and positions in long fields: linear, and at the right line


def test_a_long_field_full_of_numbers_is_checked_quickly_at_the_right_lines(workdir: Path) -> None:
    lines = [
        f"  Line {n}: [a][r] there were {n}.5 cases &amp; 12 more, see <http://e.com/?a&amp;b>." for n in range(6000)
    ]
    text = MINIMAL.replace("problem: It is large.\n", "problem: |\n" + "\n".join(lines) + "\n\n  [r]: http://e.com\n")
    write(workdir, "b.yaml", text)
    result = cli(workdir, "check", "b.yaml", timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    warnings = result.stderr.splitlines()
    assert len(warnings) == 12000
    assert warnings[-2] == (
        "b.yaml:6006:32: warning: number '5999.5' typed into prose; make it a figure and write {figure_id}"
    )
    assert warnings[-1].startswith("b.yaml:6006:51: warning: number '12' typed")


# 6. Periods and dates out of range, and ages for --stale

PERIODS = {
    "year 0 month": ("as_of: 0000-06", "b.yaml:9:47: error: '0000-06' has no year 0000; years run from 0001 to 9999"),
    "year 0": ("as_of: 0000", "b.yaml:9:47: error: '0000' has no year 0000; years run from 0001 to 9999"),
    "month 13": ("as_of: 2019-13", "b.yaml:9:47: error: '2019-13' is not a real month"),
    "month 00": ("as_of: 2019-00", "b.yaml:9:47: error: '2019-00' is not a real month"),
    "30 February": ("as_of: 2023-02-30", "b.yaml:9:47: error: '2023-02-30' is not a real date"),
    "day 0": ("as_of: 2023-01-00", "b.yaml:9:47: error: '2023-01-00' is not a real date"),
    "financial year of two years": (
        "as_of: 2015/17",
        "b.yaml:9:47: error: '2015/17' is not a financial year; write 2015/16",
    ),
    "last financial year": (
        "as_of: 9999/00",
        "b.yaml:9:47: error: '9999/00' is not a financial year; the last is 9998/99",
    ),
    "financial year 0": (
        "as_of: 0000/01",
        "b.yaml:9:47: error: '0000/01' has no year 0000; years run from 0001 to 9999",
    ),
}


@pytest.mark.parametrize("case", list(PERIODS))
def test_periods_out_of_range_are_errors_at_their_position(workdir: Path, case: str) -> None:
    body, expected = PERIODS[case]
    assert problems(workdir, with_figures(f"  x: {{label: X, value: 1, source: ons, {body}}}\n")) == [expected]


def test_periods_in_series_keys_sources_and_dates_are_checked_too(workdir: Path) -> None:
    text = with_figures("  s: {label: S, source: ons, series: {0000: 1, 2019-02-29: 2}}\n")
    text = text.replace(
        "publisher: Office for National Statistics}",
        "publisher: Office for National Statistics, date: 2019-13, accessed: 0000-01-01}",
    )
    text = text.replace("date: 2025-01-31", "date: 2023-02-30")
    assert problems(workdir, text) == [
        "b.yaml:4:7: error: '2023-02-30' is not a real date",
        "b.yaml:9:39: error: '0000' has no year 0000; years run from 0001 to 9999",
        "b.yaml:9:48: error: '2019-02-29' is not a real date",
        "b.yaml:11:96: error: '2019-13' is not a real month",
        "b.yaml:11:115: error: '0000-01-01' is not a real date",
    ]


def test_early_periods_build_and_list(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL.replace("source: ons}", "source: ons, as_of: 0001-06}"))
    assert run("build", "b.yaml", "-o", "out", "--to", "md").exit_code == 0
    result = run("figures", "--stale", "2y", "--today", "2025-01-01", "b.yaml")
    assert result.exit_code == 0 and "0001-06" in result.stdout


def test_an_age_reaching_before_year_1_is_a_usage_error(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL)
    result = run("figures", "--stale", "10y", "--today", "0005-01-01", "b.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--stale': the age reaches back before the year 1 from 0005-01-01"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--stale", "2025y"], "Invalid value for '--stale': '2025y' is too long an age; at most 1000 years"),
        (["--stale", "5000y"], "Invalid value for '--stale': '5000y' is too long an age; at most 1000 years"),
        (
            ["--stale", "99999999999999999999999d"],
            "Invalid value for '--stale': '99999999999999999999999d' is too long an age; at most 1000 years",
        ),
        (["--stale", "2025"], "Invalid value for '--stale': '2025' is not an age; write 2y, 18m, 6w or 30d"),
    ],
)
def test_stale_ages_out_of_range_are_usage_errors(workdir: Path, args: list[str], message: str) -> None:
    write(workdir, "b.yaml", MINIMAL)
    result = run("figures", *args, "--today", "2025-01-01", "b.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"
    assert "Traceback" not in result.output


# 8. Series in time order

NEWEST_FIRST = with_figures(
    "  rate: {label: Rate, unit: percent, source: ons, check: '== 31', series: {2023: 31, 2022: 29, 2021: 27}}\n"
    "  last: {label: Last, formula: latest(rate), check: '== 31'}\n"
    "  years: {label: Years, unit: percent, source: ons, series: {2016/17: 5, 2015/16: 4}}\n"
    "  days: {label: Days, source: ons, series: {2020-01-02: 2, 2019-12-31: 1, 2020-01-01: 3}}\n"
).replace("summary: London has {london_population} [@ons].", "summary: 'Rate {rate}, {years}, {days} [@ons].'")


def test_a_series_written_newest_first_is_read_in_time_order(workdir: Path) -> None:
    write(workdir, "b.yaml", NEWEST_FIRST)
    result = run("build", "b.yaml", "-o", "out", "--to", "md")
    assert result.exit_code == 0, result.output
    assert "Rate 31% (2023), 5% (2016/17), 2 (2 January 2020)" in (workdir / "out" / "b.md").read_text()
    rows = json.loads(run("figures", "--format", "json", "b.yaml").stdout)
    assert [(r["id"], r["value"], r["result"]) for r in rows if r["id"] in ("rate", "last")] == [
        ("rate", "31% (2023)", "holds"),
        ("last", "31", "holds"),
    ]


def test_a_series_mixing_kinds_of_period_is_an_error(workdir: Path) -> None:
    text = with_figures("  s: {label: S, source: ons, series: {2019: 1, 2019-04: 2, 2018/19: 3}}\n")
    assert problems(workdir, text) == [
        "b.yaml:9:48: error: period '2019-04' is a month, but this series began with a year; "
        "a series uses one kind of period",
    ]


# 19. Locales


def test_a_posix_locale_is_written_as_bcp_47(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL + "locale: en_GB\n")
    result = run("build", "b.yaml", "-o", "out", "--to", "html")
    assert result.exit_code == 0, result.output
    html = (workdir / "out" / "b.html").read_text()
    assert 'lang="en-GB"' in html and "en_GB" not in html


@pytest.mark.parametrize("tag", ["xx_YY", "en-GB!", "1234"])
def test_an_unknown_locale_is_an_error_at_its_position(workdir: Path, tag: str) -> None:
    assert problems(workdir, MINIMAL + f"locale: '{tag}'\n") == [f"b.yaml:15:9: error: unknown locale '{tag}'"]


# 21. Empty required text and lists

EMPTY = {
    "title": (
        MINIMAL.replace("title: A minimal brief", 'title: ""'),
        "b.yaml:2:8: error: 'title' is empty; it needs some text",
    ),
    "whitespace title": (
        MINIMAL.replace("title: A minimal brief", "title: '   '"),
        "b.yaml:2:8: error: 'title' is empty; it needs some text",
    ),
    "zero-width summary": (
        MINIMAL.replace("summary: London has {london_population} [@ons].", 'summary: "\\u200b\\t"'),
        "b.yaml:5:10: error: 'summary' is empty; it needs some text",
    ),
    "empty block problem": (
        MINIMAL.replace("problem: It is large.", "problem: |\n\n"),
        "b.yaml:6:10: error: 'problem' is empty; it needs some text",
    ),
    "option title": (
        MINIMAL.replace("title: Carry on", "title: ''"),
        "b.yaml:13:12: error: 'title' is empty; it needs some text",
    ),
    "option summary": (
        MINIMAL.replace("summary: No change.", "summary: ' '"),
        "b.yaml:14:14: error: 'summary' is empty; it needs some text",
    ),
    "author name": (
        MINIMAL.replace("authors: [A. Author]", "authors: [{name: ''}]"),
        "b.yaml:3:18: error: 'name' is empty; it needs some text",
    ),
    "figure label": (
        MINIMAL.replace("label: Population of London", "label: ''"),
        "b.yaml:8:30: error: 'label' is empty; it needs some text",
    ),
    "optional subtitle": (
        MINIMAL + "subtitle: ''\n",
        "b.yaml:15:11: error: 'subtitle' is empty; write some text or leave the key out",
    ),
    "key point": (
        MINIMAL + "key_points: [Fine, '']\n",
        "b.yaml:15:20: error: item 2 of 'key_points' is empty; write some text or remove the item",
    ),
    "no authors": (
        MINIMAL.replace("authors: [A. Author]", "authors: []"),
        "b.yaml:3:10: error: 'authors' needs at least one item",
    ),
    "no recommended options": (
        MINIMAL + "recommendation: {options: [], text: Go.}\n",
        "b.yaml:15:27: error: 'options' needs at least one item",
    ),
}


@pytest.mark.parametrize("case", list(EMPTY))
def test_empty_text_and_lists_are_errors_naming_the_key(workdir: Path, case: str) -> None:
    text, expected = EMPTY[case]
    assert expected in problems(workdir, text)


# 27. Invisible characters, tabs


def test_bidi_and_zero_width_characters_are_escaped_in_messages(workdir: Path) -> None:
    text = MINIMAL + "ti\u202etle\u200b: x\n"
    assert problems(workdir, text) == ["b.yaml:15:1: error: unknown key 'ti\\u202etle\\u200b' (did you mean 'title'?)"]


def test_bidi_characters_are_escaped_in_the_figures_table(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL.replace("label: Population of London", "label: 'Pop\u202e of\u2066 London\u200f'"))
    result = run("figures", "b.yaml")
    assert result.exit_code == 0
    assert "Pop\\u202e of\\u2066 London\\u200f" in result.stdout
    assert not any(ch in result.stdout for ch in "\u202e\u2066\u200f")
    assert text_table([{"a": "x\u202ey\x1b[2J"}], ["a"]) == "a\nx\\u202ey\\u001b[2J"


@pytest.mark.parametrize(
    "text, where",
    [
        ("briefgen: 1\ntitle: T\nauthors:\n\t- A\n", "b.yaml:4:1"),
        ("briefgen: 1\nsources:\n  ons:\n  \ttitle: x\n", "b.yaml:4:3"),
    ],
)
def test_tab_indentation_says_so(workdir: Path, text: str, where: str) -> None:
    path = workdir / "b.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("check", "b.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{where}: error: not valid YAML: a tab is used for indentation; YAML indents with spaces only, never tabs"
    )
