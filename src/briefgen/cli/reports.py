"""Write problems and tables for people, for GitHub Actions and for other programs; the closing verdict."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence

import click

from briefgen.errors import Problem, escape_invisible

NO_BRIEFS = "no briefs found (.yaml files not starting with _)"
PROBLEM_FORMATS = ("text", "github", "json")
TABLE_FORMATS = ("table", "csv", "json")
EMPTY_CELL = "—"


def format_problems(problems: list[Problem], fmt: str) -> str:
    """Problems as text (one line each), GitHub Actions annotations or a JSON list; no final newline."""
    if fmt == "text":
        return "\n".join(str(p) for p in problems)
    if fmt == "github":
        return "\n".join(github_annotation(p) for p in problems)
    if fmt == "json":
        return json.dumps([_problem_object(p) for p in problems], indent=2, ensure_ascii=False)
    raise ValueError(f"unknown problem format {fmt!r}; choose from {', '.join(PROBLEM_FORMATS)}")


def github_annotation(problem: Problem) -> str:
    """One problem as a GitHub Actions workflow command: ::error file=…,line=…,col=…::message."""
    path = problem.file.replace(os.sep, "/") if os.sep != "/" else problem.file
    props = f"file={escape_property(path)},line={problem.line},col={problem.col}"
    return f"::{problem.severity} {props}::{escape_data(problem.message)}"


def escape_data(text: str) -> str:
    """Escape a workflow command's message as GitHub's toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value as GitHub's toolkit does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _problem_object(problem: Problem) -> dict[str, object]:
    """A problem as a JSON object with a stable key order."""
    return {
        "file": problem.file,
        "line": problem.line,
        "col": problem.col,
        "severity": problem.severity,
        "message": problem.message,
    }


def format_rows(rows: Sequence[dict[str, str]], columns: Sequence[str], fmt: str) -> str:
    """Rows of strings as an aligned plain-text table, CSV with a header, or a JSON list; no final newline."""
    if fmt == "table":
        return text_table(rows, columns)
    if fmt == "csv":
        return csv_table(rows, columns)
    if fmt == "json":
        return json.dumps([{c: row.get(c, "") for c in columns} for row in rows], indent=2, ensure_ascii=False)
    raise ValueError(f"unknown table format {fmt!r}; choose from {', '.join(TABLE_FORMATS)}")


def text_table(rows: Sequence[dict[str, str]], columns: Sequence[str]) -> str:
    """An aligned table with a header row; empty cells show a dash; whitespace runs become one space."""
    cells = [list(columns)] + [[_cell(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in cells)


def _cell(value: str) -> str:
    """One table cell on one line, with zero-width, bidi and other invisible characters escaped."""
    return escape_invisible(" ".join(value.split())) or EMPTY_CELL


def csv_table(rows: Sequence[dict[str, str]], columns: Sequence[str]) -> str:
    """CSV with a header row, lines ending in \\n."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().rstrip("\n")


def require_briefs(count: int) -> None:
    """A usage error when nothing was found to work on."""
    if count == 0:
        raise click.UsageError(NO_BRIEFS)


def finish(total: int, failed: int) -> None:
    """Say how many briefs failed and exit 1 when any did; otherwise return."""
    if failed:
        click.echo(f"{failed} of {total} brief{'s' if total != 1 else ''} failed", err=True)
        raise click.exceptions.Exit(1)


def finish_build(statuses: list[str], quiet: bool) -> None:
    """The closing line of a build (built, unchanged, failed), then exit 1 when any brief failed."""
    failed = statuses.count("failed")
    if not quiet or failed:
        counts = {s: statuses.count(s) for s in ("built", "unchanged", "failed")}
        click.echo(", ".join(f"{n} {s}" for s, n in counts.items() if n or s == "built"), err=True)
    if failed:
        raise click.exceptions.Exit(1)
