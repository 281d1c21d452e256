"""Positions inside a scalar: map a character of its value back to a line and column of the file.

The value and its source text are walked together once per scalar, keeping the source position
every STEP characters; a lookup then walks at most STEP characters from the nearest one, so any
number of problems in one long field costs time linear in its length. A value character with no
match in the source (an escape such as `\\u00e9`) is remembered as absent, and after MAX_MISSES
distinct ones the walk stops moving, so no input makes the search quadratic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

STEP = 256
MAX_MISSES = 256


@dataclass
class _Walk:
    """A walk along a scalar's source: where it stands and which characters are known to be absent."""

    lines: list[str]
    last: int
    line: int
    col: int
    absent: set[str] = field(default_factory=set)

    def find(self, ch: str) -> tuple[int, int]:
        """Where the next `ch` stands, at or after the current position (or the position itself)."""
        if ch in self.absent or len(self.absent) >= MAX_MISSES:
            return self.line, self.col
        line, col = self.line, self.col
        while line < len(self.lines):
            found = self.lines[line].find(ch, col)
            if found >= 0:
                return line, found
            if line >= self.last:
                break
            line, col = line + 1, 0
        self.absent.add(ch)
        return self.line, self.col

    def step(self, ch: str) -> None:
        """Move past value character `ch` (whitespace does not move the walk)."""
        if not ch.isspace():
            self.line, self.col = self.find(ch)
            self.col += 1


@dataclass
class _Table:
    """Checkpoints of one scalar's walk: the walk's state before every STEP-th value character."""

    marks: list[tuple[int, int, frozenset[str]]]


_TABLES: WeakKeyDictionary[Any, _Table] = WeakKeyDictionary()


def align(node: Any, offset: int) -> tuple[int, int]:
    """Map a value offset to a source position by walking value and source together."""
    value = node.text
    offset = min(offset, len(value))
    table = _TABLES.get(node)
    if table is None:
        table = _TABLES[node] = _checkpoints(node)
    line, col, absent = table.marks[offset // STEP]
    walk = _Walk(node.source.lines, node.end_line - 1, line, col, set(absent))
    for ch in value[offset - offset % STEP : offset]:
        walk.step(ch)
    ahead = value[offset : offset + 1]
    if ahead and not ahead.isspace():
        walk.line, walk.col = walk.find(ahead)
    return walk.line + 1, walk.col + 1


def _checkpoints(node: Any) -> _Table:
    """Walk the whole value once, keeping the walk's state every STEP characters."""
    line, col = node.line - 1, node.col - 1
    if node.style in ("|", ">"):
        line, col = _block_start(node)
    walk = _Walk(node.source.lines, node.end_line - 1, line, col)
    marks = []
    for index, ch in enumerate(node.text):
        if index % STEP == 0:
            marks.append((walk.line, walk.col, frozenset(walk.absent)))
        walk.step(ch)
    if len(node.text) % STEP == 0:
        marks.append((walk.line, walk.col, frozenset(walk.absent)))
    return _Table(marks)


def _block_start(node: Any) -> tuple[int, int]:
    """Return the 0-based position of a block scalar's first content character."""
    lines = node.source.lines
    for i in range(node.line, min(node.end_line, len(lines))):
        stripped = lines[i].lstrip(" ")
        if stripped:
            return i, len(lines[i]) - len(stripped)
    return node.line - 1, node.col - 1
