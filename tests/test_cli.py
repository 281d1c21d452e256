"""The command line: folders, outputs, schema, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import MINIMAL, run, write


def test_folder_mirrors_relative_paths_and_skips_underscore_names(workdir: Path) -> None:
    write(workdir, "briefs/a/x.yaml", MINIMAL)
    write(workdir, "briefs/b/x.yaml", MINIMAL)
    write(workdir, "briefs/_shared.yaml", "not: a brief\n")
    write(workdir, "briefs/_data/y.yaml", "also: not a brief\n")
    result = run("build", "briefs", "--to", "md")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(workdir / "build").as_posix() for p in (workdir / "build").rglob("*.md")) == [
        "a/x.md",
        "b/x.md",
    ]


def test_invalid_yaml_in_a_folder_is_an_error_not_skipped(workdir: Path) -> None:
    write(workdir, "briefs/good.yaml", MINIMAL)
    write(workdir, "briefs/notes.yaml", "just: some data\n")
    result = run("build", "briefs", "--to", "md")
    assert result.exit_code == 1
    assert "briefs/notes.yaml:1:1: error: unknown key 'just'" in result.stderr
    assert (workdir / "build" / "good.md").exists()
    assert not (workdir / "build" / "notes.md").exists()


def test_markdown_output_prints_figures_citations_and_notes(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL)
    assert run("build", "b.yaml", "--to", "md").exit_code == 0
    text = (workdir / "build" / "b.md").read_text()
    assert "London has 8.63m people.[^1]" in text
    assert "[^1]: *Mid-year population estimates*." in text
    assert "1. *Mid-year population estimates*. Office for National Statistics." in text


def test_check_writes_nothing(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL)
    result = run("check", "b.yaml")
    assert result.exit_code == 0
    assert result.output == ""
    assert not (workdir / "build").exists()


def test_schema_is_json_schema_with_descriptions() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["required"]) >= {"briefgen", "title", "authors", "date", "summary", "problem", "options"}
    assert "bottom line" in schema["properties"]["summary"]["description"]
    assert schema["additionalProperties"] is False


def test_no_briefs_found_is_a_usage_error(workdir: Path) -> None:
    (workdir / "empty").mkdir()
    result = run("check", "empty")
    assert result.exit_code == 2
    assert "no briefs found" in result.output
