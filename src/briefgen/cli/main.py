"""The command line: a group whose commands are imported only when they run, so `--help` stays quick."""

from __future__ import annotations

import importlib

import click

from briefgen import __version__

# name: (module, attribute, the first paragraph of its help). The help is kept here so that
# `briefgen --help` lists the commands without importing them (a test keeps it equal to each command's own).
LAZY_COMMANDS = {
    "build": (
        "briefgen.cli.build_command",
        "build",
        "Build briefs (files or folders of .yaml) into OUT; unchanged briefs are not rebuilt.",
    ),
    "check": ("briefgen.cli.check_command", "check", "Validate briefs without writing anything."),
    "diff": (
        "briefgen.cli.diff_command",
        "diff",
        "Show what changed in substance in a brief between two git revisions (default: HEAD and the work tree).",
    ),
    "figures": (
        "briefgen.cli.figures_command",
        "figures",
        "List every figure of each brief: value, unit, as-of, sources, formula and check.",
    ),
    "new": ("briefgen.cli.new_command", "new", "Start a brief at DIR/NAME.yaml from a starter that builds as it is."),
    "schema": ("briefgen.cli.check_command", "schema", "Print the JSON Schema of the brief format."),
    "serve": (
        "briefgen.cli.serve_command",
        "serve",
        "Preview the briefs in PATH (a brief or a folder; default: briefs), reloaded as you save.",
    ),
}


class LazyGroup(click.Group):
    """A command group that imports a subcommand's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, without importing any."""
        return sorted(LAZY_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, imported now."""
        if cmd_name not in LAZY_COMMANDS:
            return None
        module, attribute, _ = LAZY_COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their short help from the table, importing none of them."""
        limit = formatter.width - 6 - max(len(name) for name in LAZY_COMMANDS)
        with formatter.section("Commands"):
            formatter.write_dl([(name, shortened(LAZY_COMMANDS[name][2], limit)) for name in sorted(LAZY_COMMANDS)])


def shortened(text: str, limit: int) -> str:
    """A command's help cut at a word to fit `limit` characters, with "..." as click does."""
    if len(text) <= limit:
        return text
    kept = ""
    for word in text.split():
        if len(kept) + len(word) + 1 + 3 > limit:
            break
        kept = f"{kept} {word}" if kept else word
    return kept + "..."


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def main() -> None:
    """Build checked, sourced policy briefs from YAML."""
