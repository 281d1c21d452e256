"""Options and arguments shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.render.settings import FORMATS, Format

paths_argument = click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
style_option = click.option(
    "--style",
    default="default",
    show_default=True,
    help="A packaged style (default, parliamentary), a folder under ./styles, or a path to a style folder.",
)


def parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[Format, ...]:
    """Parse --to md,html,pdf."""
    chosen = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    known = [f for f in FORMATS if f in chosen]
    if len(known) != len(chosen) or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (got {value!r})")
    return tuple(sorted(known, key=chosen.index))
