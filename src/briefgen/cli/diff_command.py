"""The `briefgen diff` command: what changed in substance in a brief between two git revisions."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import click

from briefgen.diff.compare import diff_briefs
from briefgen.diff.report import to_json, to_markdown, to_text
from briefgen.errors import BriefError
from briefgen.gitinfo import GitError, export_folder_at, read_at, revision
from briefgen.brief.load import load_bytes
from briefgen.brief.check import Checked, check

WORK_TREE = "work tree"


@dataclass
class Side:
    """One version of the brief: checked, or None with a note saying why."""

    label: str
    checked: Checked | None = None
    errors: int | None = None
    notes: list[str] = field(default_factory=list)


def _check(raw: bytes, name: str, where: Path, side: Side) -> Side:
    """Load and check brief bytes; a brief that cannot be read is kept as a note and an error count."""
    try:
        side.checked = check(load_bytes(raw, name, where))
    except BriefError as exc:
        side.errors = len(exc.problems)
        side.notes.append(f"{side.label}: cannot be read, so it is compared as empty: {exc.problems[0]}")
    return side


def load_at(path: Path, rev: str) -> Side:
    """The brief as it was at `rev`, checked against its folder as of that revision (for images)."""
    side = Side(rev)
    try:
        raw = read_at(path, rev)
    except GitError:
        side.notes.append(f"{path} did not exist at {rev}")
        return side
    with tempfile.TemporaryDirectory(prefix="briefgen-diff-") as tmp:
        try:
            where = export_folder_at(path, rev, Path(tmp))
        except GitError:
            where = path
        return _check(raw, str(path), where, side)


def load_work_tree(path: Path) -> Side:
    """The brief as it is on disk now."""
    side = Side(WORK_TREE)
    try:
        raw = path.read_bytes()
    except OSError:
        side.notes.append(f"{path} does not exist in the work tree")
        return side
    return _check(raw, str(path), path, side)


def _verify(path: Path, revs: list[str]) -> None:
    """Each revision must name a commit in the repository holding `path`; else a usage error."""
    for rev in revs:
        try:
            revision(path, rev)
        except GitError as exc:
            raise click.UsageError(exc.message) from None


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("rev_a", required=False, default="HEAD")
@click.argument("rev_b", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True,
              help="text for a terminal, md for a pull-request comment, json for tools.")
@click.option("--color", is_flag=True, help="Colour removed and added words (text format only).")
def diff(path: Path, rev_a: str, rev_b: str | None, fmt: str, color: bool) -> None:
    """Show what changed in substance in a brief between two git revisions (default: HEAD and the work tree).

    Figures, failing checks, options, ratings, the recommendation and changed prose are compared,
    not lines. Exits 0 whatever it finds; 2 when PATH is not in a git work tree or a revision is unknown.
    """
    _verify(path, [rev_a] if rev_b is None else [rev_a, rev_b])
    old = load_at(path, rev_a)
    new = load_work_tree(path) if rev_b is None else load_at(path, rev_b)
    result = diff_briefs(old.checked, new.checked, old_label=old.label, new_label=new.label)
    for side, attr in ((old, "old_errors"), (new, "new_errors")):
        if side.errors is not None:
            setattr(result, attr, side.errors)
        result.notes.extend(side.notes)
    if fmt == "json":
        click.echo(to_json(result))
    elif fmt == "md":
        click.echo(to_markdown(result, str(path)), nl=False)
    else:
        click.echo(to_text(result, str(path), color=color))
