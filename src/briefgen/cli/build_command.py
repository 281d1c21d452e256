"""`briefgen build`: check briefs and render what changed into OUT."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.build.discover import Job, collisions, discover
from briefgen.cli.options import parse_formats, paths_argument, strict_option, style_option
from briefgen.cli.progress import Progress
from briefgen.cli.reports import finish_build, require_briefs
from briefgen.gitinfo import GitError, revision
from briefgen.render.settings import Format, PdfVariant, Settings
from briefgen.render.styles import Style, StyleError, find_style


def resolve_style(spec: str) -> Style:
    """The style named by --style, or a usage error."""
    try:
        return find_style(spec)
    except StyleError as exc:
        raise click.BadParameter(str(exc), param_hint="'--style'") from None


def check_revision(found: list[Job], name: str, rev: str | None) -> None:
    """A revision option must name a commit in the repository of every brief: a usage error before anything is built."""
    if rev is None:
        return
    for folder in dict.fromkeys(job.source.parent for job in found):
        try:
            revision(folder / "_", rev)
        except GitError as exc:
            raise click.BadParameter(exc.message, param_hint=f"'{name}'") from None


@click.command()
@paths_argument
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Folder to write outputs into.",
)
@click.option(
    "--to",
    "formats",
    default="md,html,pdf",
    callback=parse_formats,
    show_default=True,
    help="Comma-separated formats: md, html, pdf, docx (Word), odt (OpenDocument).",
)
@style_option
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/ua-1", "pdf/a-3a"]),
    default="pdf/ua-1",
    show_default=True,
    help="PDF/UA-1 (tagged, accessible) or PDF/A-3a (archival, tagged).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for rendering [default: the number of cores].",
)
@click.option("--force", is_flag=True, help="Rebuild everything, ignoring the cache.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the build cache.")
@click.option("--rev", metavar="REV", help="Build the brief as it was at a git revision (work tree untouched).")
@click.option("--changes", metavar="REV", help='Add a "Changes since REV" box from the semantic diff.')
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@strict_option
def build(
    paths: tuple[Path, ...],
    out: Path,
    formats: tuple[Format, ...],
    style: str,
    pdf_variant: PdfVariant,
    jobs: int | None,
    force: bool,
    no_cache: bool,
    rev: str | None,
    changes: str | None,
    quiet: bool,
    strict: bool,
) -> None:
    """Build briefs (files or folders of .yaml) into OUT; unchanged briefs are not rebuilt."""
    # The engine loads pydantic, markdown-it and Jinja2: imported here so that `build --help` stays quick.
    from briefgen.build.engine import build_all  # noqa: PLC0415

    found = discover(list(paths), out)
    require_briefs(len(found))
    clashes = collisions(found)
    if clashes:
        raise click.UsageError("; ".join(clashes))
    chosen = resolve_style(style)
    for name, value in (("--rev", rev), ("--changes", changes)):
        check_revision(found, name, value)
    settings = Settings(
        chosen,
        out=out,
        formats=formats,
        variant=pdf_variant,
        strict=strict,
        jobs=jobs,
        force=force,
        rev=rev,
        changes=changes,
        cache=not no_cache,
    )
    with Progress(len(found), quiet) as progress:
        results = build_all(found, settings, progress.update)
    if "pdf" in formats and any(r.status == "built" for r in results):
        from briefgen.render.pdf import environment_warnings  # noqa: PLC0415  WeasyPrint is loaded by now

        for warning in environment_warnings():
            click.echo(f"briefgen: warning: {warning}", err=True)
    finish_build([r.status for r in results], quiet)
