"""The `briefgen diff` command: what changed in substance in a brief between two git revisions."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.diff.compare import diff_briefs
from briefgen.diff.markdown_report import to_markdown
from briefgen.diff.revisions import load_at, load_work_tree
from briefgen.diff.text_report import to_json, to_text
from briefgen.gitinfo import GitError, revision


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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="text for a terminal, md for a pull-request comment, json for tools.",
)
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
