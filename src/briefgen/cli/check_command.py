"""`briefgen check` validates briefs without writing anything; `briefgen schema` prints the format's schema."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click

from briefgen.build.discover import discover
from briefgen.cli.options import paths_argument, strict_option
from briefgen.cli.reports import PROBLEM_FORMATS, finish, format_problems, require_briefs
from briefgen.fsutil import display_path


@click.command()
@paths_argument
@strict_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(PROBLEM_FORMATS),
    default="text",
    show_default=True,
    help="text, github (Actions annotations) or json.",
)
def check(paths: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Validate briefs without writing anything."""
    # Checking loads pydantic and markdown-it: imported here so that `check --help` stays quick.
    from briefgen.brief.consistency import cross_brief_warnings  # noqa: PLC0415
    from briefgen.build.checks import check_all  # noqa: PLC0415

    jobs = discover(list(paths))
    require_briefs(len(jobs))
    reports = check_all(jobs, strict)
    collected = [problem for report in reports for problem in report.problems]
    failed = {display_path(job.source) for job, report in zip(jobs, reports, strict=True) if report.failed}
    across = cross_brief_warnings(report.facts for report in reports)
    if strict:  # a cross-brief warning is pinned to the brief it is reported in, and fails that brief only
        across = [replace(p, severity="error") for p in across]
        failed |= {p.file for p in across}
    collected.extend(across)
    output = format_problems(collected, fmt)
    if output:
        click.echo(output, err=(fmt == "text"))
    finish(len(jobs), len(failed))


@click.command()
def schema() -> None:
    """Print the JSON Schema of the brief format."""
    from briefgen.brief.editor_schema import brief_schema  # noqa: PLC0415  pydantic, for this command only

    click.echo(json.dumps(brief_schema(), indent=2, ensure_ascii=False))
