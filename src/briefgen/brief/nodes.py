"""A loaded brief as data: the file's text, a tree of YAML nodes that remember line and column, and Scalars."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.brief.positions import align
from briefgen.errors import Problem


@dataclass(eq=False)
class Source:
    """The text of one file, for turning offsets into positions."""

    path: str
    text: str
    lines: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")


@dataclass(eq=False)
class Node:
    """A YAML node: a mapping, a sequence or a scalar, with its 1-based position."""

    kind: str  # "map", "seq" or "scalar"
    line: int
    col: int
    source: Source
    tag: str = "str"  # for scalars: str, int, float, bool, null, timestamp, merge
    style: str = ""  # "", "|", ">", "'", '"'
    text: str = ""  # a scalar's value as written
    end_line: int = 0
    end_col: int = 0
    items: list[Node] = field(default_factory=list)  # sequence items
    pairs: list[tuple[Node, Node]] = field(default_factory=list)  # mapping entries

    def get(self, key: str) -> Node | None:
        """Return the value node for a mapping key, or None."""
        for k, v in self.pairs:
            if k.text == key:
                return v
        return None

    def key_node(self, key: str) -> Node | None:
        """Return the key node for a mapping key, or None."""
        for k, _ in self.pairs:
            if k.text == key:
                return k
        return None

    def find(self, loc: tuple[Any, ...]) -> Node:
        """Return the deepest node along a path of keys and indexes."""
        node = self
        for part in loc:
            child = node.child(part)
            if child is None:
                break
            node = child
        return node

    def child(self, part: Any) -> Node | None:
        """Return the child at a mapping key or sequence index, or None."""
        if self.kind == "map" and isinstance(part, str):
            return self.get(part)
        if self.kind == "seq" and isinstance(part, int) and 0 <= part < len(self.items):
            return self.items[part]
        return None

    def position(self, offset: int = 0) -> tuple[int, int]:
        """Return (line, col) of character `offset` of a scalar's value."""
        if self.kind != "scalar" or offset <= 0:
            return self.line, self.col

        return align(self, offset)


class Scalar(str):
    """A scalar's text as written, carrying its node."""

    node: Node

    def __new__(cls, node: Node) -> Scalar:
        obj = super().__new__(cls, node.text)
        obj.node = node
        return obj

    def __deepcopy__(self, memo: dict[int, Any]) -> Scalar:
        """Scalars are immutable: a deep copy is the scalar itself."""
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as plain text (positions stay in the process that loaded the file)."""
        return (str, (str(self),))


@dataclass(eq=False)
class Document:
    """A loaded brief: its root node and plain data with Scalar leaves."""

    path: Path
    source: Source
    root: Node
    data: Any
    problems: list[Problem] = field(default_factory=list)  # faults that did not stop the reading


def to_data(node: Node) -> Any:
    """Convert a node tree into dicts, lists and Scalar leaves."""
    if node.kind == "map":
        return {Scalar(k): to_data(v) for k, v in node.pairs}
    if node.kind == "seq":
        return [to_data(item) for item in node.items]
    return Scalar(node)
