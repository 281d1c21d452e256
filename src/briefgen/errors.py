"""briefgen's exceptions, all under one base, and the problems a faulty brief carries."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
MAX_MESSAGE = 300  # a longer message is cut: it must not echo a long value
SHOWN_CHARS = 40  # the most characters of a user's text that a message echoes
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})


def escape_invisible(text: str, keep: str = "") -> str:
    """Write control, format (zero-width, bidi override) and line-separator characters as \\uXXXX escapes.

    Characters in `keep` are left as they are (line breaks, for formats that escape them their own way).
    """
    if text.isprintable() and text.isascii():
        return text
    return "".join(_escaped(c) if c not in keep and unicodedata.category(c) in _INVISIBLE else c for c in text)


def _escaped(char: str) -> str:
    """One invisible character as an escape."""
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def shown(text: object, limit: int = SHOWN_CHARS) -> str:
    """User text for a message: whitespace runs as one space, invisibles escaped, at most `limit` characters."""
    one = " ".join(str(text)[: limit * 4 + 16].split())
    one = one if len(one) <= limit else one[: limit - 1] + "…"
    return escape_invisible(one)


@dataclass(frozen=True, order=True)
class Problem:
    """One fault at a position in a source file."""

    file: str
    line: int
    col: int
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        """Keep each problem on one visible line: escape invisible characters, cap the message's length."""
        message = escape_invisible(self.message, keep="\r\n")
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "file", escape_invisible(self.file, keep="\r\n"))

    def __str__(self) -> str:
        """The problem as one line of text: path:line:col: severity: message."""
        return escape_invisible(f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}")


class BriefgenError(Exception):
    """The base of every exception briefgen raises on purpose."""


class BriefError(BriefgenError):
    """A fault in a brief: one or more problems, each with file, line, col and message."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def file(self) -> str:
        return self.problems[0].file

    @property
    def line(self) -> int:
        return self.problems[0].line

    @property
    def col(self) -> int:
        return self.problems[0].col

    @property
    def message(self) -> str:
        return self.problems[0].message
