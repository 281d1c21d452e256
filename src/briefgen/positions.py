"""Positions inside a scalar: map a character of its value back to a line and column of the file."""
from __future__ import annotations

from typing import Any


def align(node: Any, offset: int) -> tuple[int, int]:
    """Map a value offset to a source position by walking value and source together."""
    lines = node.source.lines
    value = node.text
    line, col = node.line - 1, node.col - 1
    if node.style in ("|", ">"):
        line, col = _block_start(node)
    target = value[: offset]
    for ch in target:
        if ch.isspace():
            continue
        line, col = _advance_to(lines, line, col, ch, node.end_line - 1)
        col += 1
    line, col = _skip_to_visible(lines, line, col, value[offset:offset + 1], node.end_line - 1)
    return line + 1, col + 1


def _block_start(node: Any) -> tuple[int, int]:
    """Return the 0-based position of a block scalar's first content character."""
    lines = node.source.lines
    for i in range(node.line, min(node.end_line, len(lines))):
        stripped = lines[i].lstrip(" ")
        if stripped:
            return i, len(lines[i]) - len(stripped)
    return node.line - 1, node.col - 1


def _advance_to(lines: list[str], line: int, col: int, ch: str, last: int) -> tuple[int, int]:
    """Find the next occurrence of `ch` at or after (line, col), not past line `last`."""
    while line < len(lines) and line <= max(last, line):
        found = lines[line].find(ch, col)
        if found >= 0:
            return line, found
        if line >= last:
            break
        line, col = line + 1, 0
    return line, col


def _skip_to_visible(lines: list[str], line: int, col: int, ch: str, last: int) -> tuple[int, int]:
    """Move from (line, col) to where the next value character `ch` stands."""
    if not ch or ch.isspace():
        return line, col
    return _advance_to(lines, line, col, ch, last)
