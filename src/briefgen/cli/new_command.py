"""`briefgen new`: start a brief from a packaged starter, and the editor's schema beside the briefs folder."""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib.resources import files
from pathlib import Path

import click

from briefgen.brief.editor_schema import brief_schema
from briefgen.fsutil import display_path

STARTERS = ("full", "note")
SCHEMA_NAME = "briefgen.schema.json"
_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_DATE_LINE = re.compile(r"^(date:[ \t]*)[0-9]{4}-[0-9]{2}-[0-9]{2}", re.M)


def starter_text(name: str) -> str:
    """The text of a packaged starter brief."""
    return files("briefgen").joinpath("starters", f"{name}.yaml").read_text(encoding="utf-8")


def safe_stem(name: str) -> str:
    """NAME as a file stem (a trailing .yaml or .yml is dropped); ValueError when it is not safe."""
    stem = re.sub(r"\.ya?ml$", "", name.strip())
    if not _STEM.fullmatch(stem) or stem.endswith(".") or stem.split(".")[0].lower() in _RESERVED:
        raise ValueError(
            f"{name!r} is not a safe file name: use letters, digits, '-', '_' and '.', "
            "starting with a letter or digit, at most 100 characters"
        )
    return stem


def _stem_callback(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Check NAME for `new`."""
    try:
        return safe_stem(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _write_new(path: Path, text: str) -> None:
    """Create a file that must not exist yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise click.ClickException(f"{path} already exists; choose another name or delete it first") from None


def _write_schema(folder: Path) -> Path | None:
    """Write briefgen.schema.json in the parent of the briefs folder when it is missing."""

    path = folder.resolve().parent / SCHEMA_NAME
    if path.exists():
        return None
    path.write_text(json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@click.command()
@click.argument("name", callback=_stem_callback)
@click.option(
    "--from",
    "starter",
    type=click.Choice(STARTERS),
    default="full",
    show_default=True,
    help="full: an options brief with every section; note: a short two-page note.",
)
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("briefs"),
    show_default=True,
    help="Folder to write the brief into.",
)
@click.option(
    "--date",
    "date",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The brief's date, YYYY-MM-DD.  [default: today]",
)
def new(name: str, starter: str, folder: Path, date: dt.datetime | None) -> None:
    """Start a brief at DIR/NAME.yaml from a starter that builds as it is."""
    day = (date.date() if date else dt.date.today()).isoformat()
    text = _DATE_LINE.sub(lambda m: m.group(1) + day, starter_text(starter), count=1)
    path = folder / f"{name}.yaml"
    _write_new(path, text)
    click.echo(f"wrote {display_path(path)}", err=True)
    schema = _write_schema(folder)
    if schema is not None:
        click.echo(f"wrote {display_path(schema)}", err=True)
    click.echo(f"next: edit it, then run  briefgen check --strict {display_path(path)}", err=True)
