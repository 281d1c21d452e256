"""The command line: a thin shell over briefgen.build.engine."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from briefgen import __version__

# Kept here, not imported from .build and .formats, so that `briefgen --help` loads neither
# pydantic nor markdown-it nor Jinja2 (tests/test_hardening_tools.py checks it).
FORMATS = ("md", "html", "pdf")
PROBLEM_FORMATS = ("text", "github", "json")

# name: (module, attribute, first line of its help); the help is kept here so that
# `briefgen --help` lists the commands without importing their modules.
LAZY_COMMANDS = {
    "diff": ("briefgen.cli.diff_command", "diff",
             "Show what changed in substance in a brief between two git revisions (default: HEAD and the work tree)."),
    "figures": ("briefgen.cli.authoring", "figures",
                "List every figure of each brief: value, unit, as-of, sources, formula and check."),
    "new": ("briefgen.cli.authoring", "new", "Start a brief at DIR/NAME.yaml from a starter that builds as it is."),
    "serve": ("briefgen.cli.serve", "serve", "Preview the briefs in PATH (a brief or a folder; default: briefs), reloaded as you save."),
}


class LazyGroup(click.Group):
    """A command group that imports a subcommand's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            import importlib

            module, attribute, _ = LAZY_COMMANDS[name]
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their short help, taking lazy commands' help from LAZY_COMMANDS."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in LAZY_COMMANDS:
                rows.append((name, _shortened(LAZY_COMMANDS[name][2], limit)))
            elif not (command := super().get_command(ctx, name)).hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _shortened(text: str, limit: int) -> str:
    """A command's help cut at a word to fit `limit` characters, with "..." as click does."""
    if len(text) <= limit:
        return text
    words, kept = text.split(), ""
    for word in words:
        if len(kept) + len(word) + 1 + 3 > limit:
            break
        kept = f"{kept} {word}" if kept else word
    return kept + "..."


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    """Parse --to md,html,pdf."""
    chosen = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (got {value!r})")
    return chosen


paths_argument = click.argument("paths", nargs=-1, required=True,
                                type=click.Path(exists=True, path_type=Path))
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def main() -> None:
    """Build checked, sourced policy briefs from YAML."""


@main.command()
@paths_argument
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Folder to write outputs into.")
@click.option("--to", "formats", default="md,html,pdf", callback=_formats, show_default=True,
              help="Comma-separated formats: md, html, pdf.")
@click.option("--style", default="default", show_default=True,
              help="A packaged style (default, parliamentary), a folder under ./styles, or a path to a style folder.")
@click.option("--pdf-variant", type=click.Choice(["pdf/ua-1", "pdf/a-3a"]), default="pdf/ua-1", show_default=True,
              help="PDF/UA-1 (tagged, accessible) or PDF/A-3a (archival, tagged).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for rendering [default: the number of cores].")
@click.option("--force", is_flag=True, help="Rebuild everything, ignoring the cache.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the build cache.")
@click.option("--rev", metavar="REV", help="Build the brief as it was at a git revision (work tree untouched).")
@click.option("--changes", metavar="REV", help='Add a "Changes since REV" box from the semantic diff.')
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@strict_option
def build(paths: tuple[Path, ...], out: Path, formats: tuple[str, ...], style: str, pdf_variant: str,
          jobs: int | None, force: bool, no_cache: bool, rev: str | None, changes: str | None, quiet: bool,
          strict: bool) -> None:
    """Build briefs (files or folders of .yaml) into OUT; unchanged briefs are not rebuilt."""
    from briefgen.build.engine import Options, build_all, collisions, discover
    from briefgen.cli.progress import Progress
    from briefgen.render.styles import StyleError, find_style

    found = discover(list(paths), out)
    if not found:
        raise click.UsageError("no briefs found (.yaml files not starting with _)")
    clashes = collisions(found)
    if clashes:
        raise click.UsageError("; ".join(clashes))
    try:
        find_style(style)
    except StyleError as exc:
        raise click.BadParameter(str(exc), param_hint="'--style'") from None
    for name, value in (("--rev", rev), ("--changes", changes)):
        _check_revision(found, name, value)
    options = Options(out=out, formats=formats, strict=strict, style=style, variant=pdf_variant, jobs=jobs,
                      force=force, rev=rev, changes=changes, cache=not no_cache)
    with Progress(len(found), quiet) as progress:
        results = build_all(found, options, progress.update)
    if "pdf" in formats and any(r.status == "built" for r in results):
        from briefgen.render.pdf import environment_warnings

        for warning in environment_warnings():
            click.echo(f"briefgen: warning: {warning}", err=True)
    failed = sum(r.failed for r in results)
    if not quiet or failed:
        counts = {s: sum(r.status == s for r in results) for s in ("built", "unchanged", "failed")}
        click.echo(", ".join(f"{n} {s}" for s, n in counts.items() if n or s == "built"), err=True)
    if failed:
        sys.exit(1)


def _check_revision(found: list, name: str, rev: str | None) -> None:
    """A revision option must name a commit in the repository of every brief: a usage error before anything is built."""
    if rev is None:
        return
    from briefgen.gitinfo import GitError, revision

    for folder in dict.fromkeys(job.source.parent for job in found):
        try:
            revision(folder / "_", rev)
        except GitError as exc:
            raise click.BadParameter(exc.message, param_hint=f"'{name}'") from None


@main.command(name="check")
@paths_argument
@strict_option
@click.option("--format", "fmt", type=click.Choice(PROBLEM_FORMATS), default="text", show_default=True,
              help="text, github (Actions annotations) or json.")
def check_command(paths: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Validate briefs without writing anything."""
    from dataclasses import replace

    from briefgen.build.engine import check_all, discover, display_path
    from briefgen.brief.consistency import cross_brief_warnings
    from briefgen.cli.reports import format_problems

    jobs = discover(list(paths))
    outcomes = check_all(list(jobs), strict)
    collected = [problem for problems, _, _ in outcomes for problem in problems]
    failed = {display_path(job.source) for job, (_, bad, _) in zip(jobs, outcomes) if bad}
    across = cross_brief_warnings(facts for _, _, facts in outcomes)
    if strict:  # a cross-brief warning is pinned to the brief it is reported in, and fails that brief only
        across = [replace(p, severity="error") for p in across]
        failed |= {p.file for p in across}
    collected.extend(across)
    output = format_problems(collected, fmt)
    if output:
        click.echo(output, err=(fmt == "text"))
    _finish(len(jobs), len(failed))


def _finish(total: int, failed: int) -> None:
    """Exit 1 when any brief failed."""
    if total == 0:
        raise click.UsageError("no briefs found (.yaml files not starting with _)")
    if failed:
        click.echo(f"{failed} of {total} brief{'s' if total != 1 else ''} failed", err=True)
        sys.exit(1)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the brief format."""
    import json

    from briefgen.brief.editor_schema import brief_schema

    click.echo(json.dumps(brief_schema(), indent=2, ensure_ascii=False))
