"""Progress of a build: a bar on a terminal, plain lines otherwise, nothing but problems when quiet."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

import click

BAR_FROM = 4


class Progress:
    """Reports each brief's result as it arrives."""

    def __init__(self, total: int, quiet: bool = False, stream: Any = None):
        self.total = total
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.bar: Any = None

    def __enter__(self) -> Progress:
        if not self.quiet and self.total >= BAR_FROM and self.stream.isatty():
            self.bar = click.progressbar(
                length=self.total, label="Building", file=self.stream, show_pos=True, show_eta=False
            )
            self.bar.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, value, tb)

    def update(self, result: Any) -> None:
        """Show a result: its problems always, and what was written unless quiet."""
        problems = [str(p) for p in result.problems]
        if problems:
            self._say("\n".join(problems), above_bar=True)
        if self.bar is not None:
            self.bar.update(1)
        elif not self.quiet and not result.failed:
            outputs = ", ".join(str(p) for p in result.outputs) or result.job.source.name
            self._say(f"{result.status} {outputs}")

    def _say(self, text: str, above_bar: bool = False) -> None:
        """Print a line, clearing the bar's line first on a terminal."""
        if self.bar is not None and above_bar:
            click.echo("\r\x1b[K", nl=False, file=self.stream)
        click.echo(text, file=self.stream)
