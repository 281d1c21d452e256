"""Plain text made safe inside Markdown, and Markdown already rendered that must stay as it is."""

from __future__ import annotations

import re
from typing import Any


class MarkdownText(str):
    """Markdown that is already rendered and must not be escaped again."""


_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!&{}])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(?=\s|$)")
_SPACES = re.compile(
    r"[^\S\u00a0\u2007\u202f]+"
)  # runs of white space, but not the no-break spaces ("Coût\u00a0:", "1\u202f200")


def escape(value: Any) -> str:
    """Escape plain text so Markdown prints it literally, on one line."""
    if value is None:
        return ""
    if isinstance(value, MarkdownText):
        return value
    one_line = _SPACES.sub(" ", str(value))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), _SPECIAL.sub(r"\\\1", one_line))
