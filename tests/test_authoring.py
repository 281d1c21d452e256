"""`briefgen new`, `briefgen figures` and the pre-commit hook."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tomllib
from pathlib import Path

import click
import pytest
import yaml

from briefgen.brief.editor_schema import brief_schema
from briefgen.brief.model import Brief
from briefgen.cli.figures_command import months_before, parse_age, period_end
from briefgen.cli.main import main
from briefgen.cli.new_command import STARTERS, safe_stem, starter_text
from helpers import MINIMAL, ROOT, dedent, run, write

MODELINE = "# yaml-language-server: $schema=../briefgen.schema.json"


@pytest.mark.parametrize("starter", STARTERS)
def test_each_starter_builds_and_passes_strict_check(workdir: Path, starter: str) -> None:
    result = run("new", f"my-{starter}", "--from", starter, "--date", "2025-03-04")
    assert result.exit_code == 0, result.output
    path = workdir / "briefs" / f"my-{starter}.yaml"
    checked = run("check", "--strict", path)
    assert checked.exit_code == 0 and checked.output == "", checked.output
    built = run("build", "--to", "md", "-o", workdir / "out", path)
    assert built.exit_code == 0, built.output
    assert (workdir / "out" / f"my-{starter}.md").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("starter", STARTERS)
def test_starters_open_with_the_modeline_and_explain_the_syntax(starter: str) -> None:
    text = starter_text(starter)
    assert text.splitlines()[0] == MODELINE
    for hint in ("must be in quotes", "| block", "{figure_id}", "[@source_id]", "[@a, p. 12]", "{option:id}"):
        assert hint in text, hint
    assert re.search(r"^date: 2025-01-01 ", text, re.M)


def test_the_full_starter_has_every_section() -> None:
    data = yaml.safe_load(starter_text("full"))
    assert set(data) == set(Brief.model_fields)
    assert {"value", "series", "formula", "check", "as_of", "note", "key"} <= {
        key for figure in data["figures"].values() for key in figure
    }
    assert {chart["kind"] for chart in data["charts"]} == {"bar", "line"}


def test_the_note_starter_is_short() -> None:
    data = yaml.safe_load(starter_text("note"))
    assert {"summary", "problem", "figures", "options", "recommendation"} <= set(data)
    assert len(data["figures"]) >= 2 and 1 <= len(data["options"]) <= 2
    assert not {"criteria", "charts", "annex", "background"} & set(data)


def test_new_fills_the_date_and_writes_the_schema_beside_the_briefs_folder(workdir: Path) -> None:
    result = run("new", "pay-policy", "--from", "note", "--date", "2025-03-04")
    brief = workdir / "briefs" / "pay-policy.yaml"
    text = brief.read_text(encoding="utf-8")
    assert text == starter_text("note").replace("date: 2025-01-01", "date: 2025-03-04", 1)
    schema = workdir / "briefgen.schema.json"
    assert json.loads(schema.read_text(encoding="utf-8")) == brief_schema()
    assert result.output.splitlines()[:2] == ["wrote briefs/pay-policy.yaml", "wrote briefgen.schema.json"]


def test_new_defaults_to_the_full_starter_and_today(workdir: Path) -> None:
    assert run("new", "a").exit_code == 0
    text = (workdir / "briefs" / "a.yaml").read_text(encoding="utf-8")
    assert f"date: {dt.date.today().isoformat()} " in text and "criteria:" in text


def test_new_keeps_an_existing_schema(workdir: Path) -> None:
    write(workdir, "briefgen.schema.json", "{}\n")
    assert run("new", "a", "--date", "2025-03-04").exit_code == 0
    assert (workdir / "briefgen.schema.json").read_text() == "{}\n"


def test_new_writes_into_another_folder(workdir: Path) -> None:
    result = run("new", "b.yaml", "--dir", "work/notes", "--from", "note", "--date", "2025-03-04")
    assert result.exit_code == 0, result.output
    assert (workdir / "work" / "notes" / "b.yaml").is_file()
    assert (workdir / "work" / "briefgen.schema.json").is_file()


def test_new_refuses_to_overwrite(workdir: Path) -> None:
    existing = write(workdir, "briefs/a.yaml", "mine\n")
    result = run("new", "a", "--date", "2025-03-04")
    assert result.exit_code == 1
    assert "briefs/a.yaml already exists" in result.output
    assert existing.read_text() == "mine\n"


@pytest.mark.parametrize("name", ["../escape", "a/b", "_draft", ".hidden", "", "con", "a b", "x" * 101, "end."])
def test_new_refuses_unsafe_names(workdir: Path, name: str) -> None:
    result = run("new", name, "--date", "2025-03-04")
    assert result.exit_code == 2 and "not a safe file name" in result.output
    assert not (workdir / "briefs").exists()


@pytest.mark.parametrize(
    "name, stem", [("pay", "pay"), ("pay-2025.v2", "pay-2025.v2"), ("Pay_Policy.yml", "Pay_Policy")]
)
def test_safe_stems(name: str, stem: str) -> None:
    assert safe_stem(name) == stem


SMALL = """\
briefgen: 1
title: Figures
authors: [A. Author]
date: 2025-01-31
summary: London has {london_population} [@ons].
problem: It is large.
figures:
  london_population: {label: Population of London, value: 8630000, unit: people, source: ons, as_of: 2018}
  glasgow_population: {label: Population of Glasgow, value: 600000, unit: people, source: ons, as_of: 2023-06}
  ratio: {label: London per Glasgow, formula: london_population / glasgow_population, unit: times, decimals: 1, check: "> 14"}
  visits: {label: Visits, series: {2015/16: 31, 2016/17: 29.5}, unit: percent, source: survey, as_of: 2016/17}
sources:
  ons: {title: Mid-year population estimates, publisher: Office for National Statistics}
  survey: {title: Survey}
options:
  - id: status_quo
    title: Carry on
    summary: No change.
"""

TABLE = dedent("""
    id                  label                  value            unit     as_of    sources  data  formula                                 check  result
    london_population   Population of London   8.63m people     people   2018     ons      —     —                                       —      —
    glasgow_population  Population of Glasgow  600,000 people   people   2023-06  ons      —     —                                       —      —
    ratio               London per Glasgow     14.4 times       times    —        ons      —     london_population / glasgow_population  > 14   holds
    visits              Visits                 29.5% (2016/17)  percent  2016/17  survey   —     —                                       —      —
    """)


def test_figures_table(workdir: Path) -> None:
    result = run("figures", write(workdir, "small.yaml", SMALL))
    assert result.exit_code == 0
    assert result.output == TABLE


def test_figures_csv(workdir: Path) -> None:
    result = run("figures", "--format", "csv", write(workdir, "small.yaml", SMALL))
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert result.output.splitlines()[0] == "brief,id,label,value,unit,as_of,sources,data,formula,check,result"
    assert [r["id"] for r in rows] == ["london_population", "glasgow_population", "ratio", "visits"]
    assert rows[1] == {
        "brief": "small.yaml",
        "id": "glasgow_population",
        "label": "Population of Glasgow",
        "value": "600,000 people",
        "unit": "people",
        "as_of": "2023-06",
        "sources": "ons",
        "data": "",
        "formula": "",
        "check": "",
        "result": "",
    }


def test_figures_json(workdir: Path) -> None:
    result = run("figures", "--format", "json", write(workdir, "small.yaml", SMALL))
    rows = json.loads(result.output)
    assert list(rows[2]) == [
        "brief",
        "id",
        "label",
        "value",
        "unit",
        "as_of",
        "sources",
        "data",
        "formula",
        "check",
        "result",
    ]
    assert rows[2]["value"] == "14.4 times" and rows[2]["result"] == "holds"
    assert all(isinstance(v, str) for row in rows for v in row.values())


def test_figures_stale_table_names_undated_figures_separately(workdir: Path) -> None:
    path = write(workdir, "small.yaml", SMALL)
    result = run("figures", "--stale", "18m", "--today", "2025-01-01", path)
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines[1:-1]] == ["london_population", "glasgow_population", "visits"]
    assert lines[-1] == "no as_of: ratio"
    later = run("figures", "--stale", "2y", "--today", "2025-06-30", path).output.splitlines()
    assert [line.split()[0] for line in later[1:-1]] == ["london_population", "visits"]


def test_figures_stale_json_marks_each_row(workdir: Path) -> None:
    path = write(workdir, "small.yaml", SMALL)
    rows = json.loads(run("figures", "--format", "json", "--stale", "10y", "--today", "2025-01-01", path).output)
    assert [(r["id"], r["stale"]) for r in rows] == [("ratio", "no as_of")]


def test_figures_stale_with_nothing_stale(workdir: Path) -> None:
    path = write(workdir, "small.yaml", SMALL.replace('check: "> 14"}', 'check: "> 14", as_of: 2024}'))
    result = run("figures", "--stale", "30y", "--today", "2025-01-01", path)
    assert result.output == "no stale figures\n"


def test_figures_of_a_brief_with_errors_exit_1_and_show_failing_checks(workdir: Path) -> None:
    path = write(workdir, "small.yaml", SMALL.replace('"> 14"', '"> 15"'))
    result = run("figures", "--format", "csv", path)
    assert result.exit_code == 1
    assert "small.yaml:10:120: error: check '> 15' fails" in result.output
    assert ",> 15,FAILS" in result.output


def test_figures_of_an_unreadable_brief(workdir: Path) -> None:
    path = write(workdir, "bad.yaml", "briefgen: 1\ntitle: [unclosed\n")
    result = run("figures", path)
    assert result.exit_code == 1 and "bad.yaml:" in result.output


def test_figures_of_several_briefs_get_a_heading_each(workdir: Path) -> None:
    write(workdir, "briefs/a.yaml", SMALL)
    write(workdir, "briefs/b.yaml", SMALL)
    result = run("figures", workdir / "briefs")
    assert result.exit_code == 0
    assert result.output.startswith("briefs/a.yaml\nid ")
    assert "\n\nbriefs/b.yaml\nid " in result.output


def test_figures_refuses_a_bad_age(workdir: Path) -> None:
    result = run("figures", "--stale", "two years", write(workdir, "small.yaml", SMALL))
    assert result.exit_code == 2 and "not an age" in result.output


@pytest.mark.parametrize(
    "text, age",
    [("2y", (24, 0)), ("18m", (18, 0)), ("6w", (0, 42)), ("30d", (0, 30)), ("1 year", (12, 0)), ("3 Months", (3, 0))],
)
def test_ages(text: str, age: tuple[int, int]) -> None:
    assert parse_age(text) == age


@pytest.mark.parametrize(
    "period, end",
    [
        ("2019", "2019-12-31"),
        ("2019-02", "2019-02-28"),
        ("2020-02", "2020-02-29"),
        ("2019-04-30", "2019-04-30"),
        ("2015/16", "2016-03-31"),
        ("1999/00", "2000-03-31"),
    ],
)
def test_period_ends(period: str, end: str) -> None:
    assert period_end(period).isoformat() == end


def test_months_before_clamps_to_the_month_end() -> None:
    assert months_before(dt.date(2025, 3, 31), 1) == dt.date(2025, 2, 28)
    assert months_before(dt.date(2025, 1, 15), 18) == dt.date(2023, 7, 15)


def test_the_pre_commit_hook_runs_a_real_command() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "briefgen-check"]
    script, command = hook["entry"].split()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts[script] == "briefgen.cli.main:main"
    assert command in main.list_commands(click.Context(main))
    assert hook["language"] == "python" and hook["pass_filenames"] is True
    chosen = [
        p
        for p in (
            "briefs/a.yaml",
            "briefs/x/b.yml",
            "briefs/_draft.yaml",
            "briefs/_old/c.yaml",
            "src/briefgen/starters/full.yaml",
            "briefs/notes.md",
        )
        if re.search(hook["files"], p) and not re.search(hook.get("exclude", "^$"), p)
    ]
    assert chosen == ["briefs/a.yaml", "briefs/x/b.yml"]


def test_the_example_workflow_does_what_the_docs_say() -> None:
    workflow = yaml.safe_load((ROOT / "docs" / "github-workflow.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["briefs"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    runs = "\n".join(s.get("run", "") for s in steps)
    for command in (
        "briefgen check --format github briefs",
        "briefgen build --to pdf briefs",
        "briefgen diff --format md",
        "gh pr comment",
    ):
        assert command in runs
    assert any(s.get("uses", "").startswith("actions/upload-artifact") and s["with"]["path"] == "build/" for s in steps)
    for name in ("check", "build", "diff"):
        assert name in main.list_commands(click.Context(main))


def test_stale_sources_of_a_brief_missing_a_required_key_are_listed_with_its_error(workdir: Path) -> None:
    write(
        workdir,
        "b.yaml",
        MINIMAL.replace("problem: It is large.\n", "").replace(
            "publisher: Office for National Statistics}", "publisher: Office for National Statistics, date: 2001}"
        ),
    )
    result = run("figures", "b.yaml", "--stale", "1y", "--today", "2025-06-01")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["b.yaml:1:1: error: missing required key 'problem'", "1 of 1 brief failed"]
    assert "ons" in result.stdout and "2001" in result.stdout
