"""YAML merge keys (`<<: *anchor`): a figure may build on another; explicit keys win; only mappings merge."""

from __future__ import annotations

from pathlib import Path

from helpers import run, write

BRIEF = """\
briefgen: 1
title: Merge keys
authors: [A. Author]
date: 2025-01-31
summary: London has {london_population} and {glasgow_population} [@ons].
problem: It is large.
figures:
  london_population: &population {label: Population of London, value: 8630000, unit: people, source: ons}
  glasgow_population:
    <<: MERGED
    label: Population of Glasgow
    value: 600000
sources:
  ons: {title: Mid-year population estimates}
options:
  - id: status_quo
    title: Carry on
    summary: No change.
"""


def test_a_merged_mapping_gives_its_keys_and_explicit_keys_win(workdir: Path) -> None:
    write(workdir, "b.yaml", BRIEF.replace("MERGED", "*population"))
    result = run("build", "b.yaml", "--to", "md")
    assert result.exit_code == 0, result.output
    markdown = (workdir / "build" / "b.md").read_text(encoding="utf-8")
    assert "London has 8.63m people and 600,000 people.[^1]" in markdown
    assert "| Population of Glasgow | 600,000 | people |  |" in markdown  # its source heads the group above


def test_in_a_list_of_merged_mappings_the_first_wins(workdir: Path) -> None:
    write(workdir, "b.yaml", BRIEF.replace("MERGED", "[*population, {unit: residents}]"))
    result = run("build", "b.yaml", "--to", "md")
    assert result.exit_code == 0, result.output
    assert "and 600,000 people.[^1]" in (workdir / "build" / "b.md").read_text(encoding="utf-8")


def test_only_mappings_merge(workdir: Path) -> None:
    write(workdir, "b.yaml", BRIEF.replace("MERGED", "5"))
    result = run("check", "b.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "b.yaml:10:5: error: missing required key 'source': a value figure must name its source",
        "b.yaml:10:9: error: '<<' merges only mappings",
        "1 of 1 brief failed",
    ]
    assert not (workdir / "build").exists()


def test_a_merged_list_with_a_scalar_is_an_error_at_the_scalar(workdir: Path) -> None:
    write(workdir, "b.yaml", BRIEF.replace("MERGED", "[*population, 7]"))
    result = run("check", "b.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["b.yaml:10:23: error: '<<' merges only mappings", "1 of 1 brief failed"]
