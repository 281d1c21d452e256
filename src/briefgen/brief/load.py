"""Read a brief's YAML safely into a tree of nodes that remember line and column."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.resolver import Resolver

from briefgen.brief.nodes import Document, Node, Source, to_data
from briefgen.errors import BriefError, Problem, shown

try:  # libyaml keeps positions and is many times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
_RESOLVER = Resolver()
_SHORT_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
    "tag:yaml.org,2002:merge": "merge",
    "tag:yaml.org,2002:value": "str",
}
_QUOTE_HINT = (
    "text containing ': ' or ' #', or starting with a special character, "
    'must be quoted ("...") or written as a | block'
)


def load_brief(path: Path, display: str | None = None, root: Path | None = None) -> Document:
    """Read and parse one brief file; raise BriefError on any fault."""
    name = display or str(path)
    return load_bytes(read_brief(path, name, root), name, path)


def read_brief(path: Path, name: str, root: Path | None = None) -> bytes:
    """Read a brief's bytes: a regular file only, at most MAX_BYTES, inside `root` when one is given.

    `root` is the folder a walk found the file in: a symbolic link out of it is refused unread.
    Pipes, devices and folders are refused without reading, so none can hang or flood the reader.
    """
    if root is not None and not _inside(path, root):
        raise BriefError(
            Problem(
                name,
                1,
                1,
                "is a symbolic link to a file outside the folder being searched; "
                "briefgen does not follow it (name the file itself to read it)",
            )
        )
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise BriefError(Problem(name, 1, 1, f"cannot read file: {exc.strerror}")) from None
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise BriefError(
                Problem(name, 1, 1, "not a regular file (a folder, pipe or device); a brief must be a file")
            )
        if info.st_size > MAX_BYTES:
            raise BriefError(_too_large(name))
        try:
            return stream.read(MAX_BYTES + 1)
        except OSError as exc:
            raise BriefError(Problem(name, 1, 1, f"cannot read file: {exc.strerror}")) from None


def _inside(path: Path, root: Path) -> bool:
    """Tell whether `path`, with every symbolic link followed, lies inside `root`."""
    try:
        target, base = path.resolve(), root.resolve()
    except (OSError, RuntimeError):
        return False
    return base == target or base in target.parents


def _too_large(name: str) -> Problem:
    """The problem for a file over the size limit."""
    return Problem(name, 1, 1, f"file is larger than {MAX_BYTES // 1024 // 1024} MiB")


def load_bytes(raw: bytes, name: str, path: Path | None = None) -> Document:
    """Parse brief bytes; raise BriefError with the position of any fault."""
    if len(raw) > MAX_BYTES:
        raise BriefError(_too_large(name))
    source = Source(name, _decode(raw, name))
    if not source.text.strip():
        raise BriefError(Problem(name, 1, 1, "file is empty; a brief is a YAML mapping"))
    root, problems = _compose(source)
    if root.kind != "map":
        raise BriefError(Problem(name, root.line, root.col, "a brief must be a YAML mapping of keys to values"))
    return Document(path or Path(name), source, root, to_data(root), problems)


def _decode(raw: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM), pointing at the first bad byte."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line = good.count("\n") + 1
        col = len(good) - (good.rfind("\n") + 1) + 1
        raise BriefError(Problem(name, line, col, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})")) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise BriefError(Problem(name, line, 1, "file contains a NUL character"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _compose(source: Source) -> tuple[Node, list[Problem]]:
    """Build the node tree from libyaml's events, refusing tags and multiple documents."""
    composer = _Composer(source)
    try:
        return composer.run(yaml.parse(source.text, Loader=_Loader)), composer.problems
    except yaml.MarkedYAMLError as exc:
        raise BriefError(_yaml_problem(source, exc)) from None
    except yaml.YAMLError as exc:
        raise BriefError(Problem(source.path, 1, 1, f"not valid YAML: {exc}")) from None


def _yaml_problem(source: Source, exc: yaml.MarkedYAMLError) -> Problem:
    """Turn a PyYAML syntax error into a one-line problem with a plain hint."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "syntax error"
    message = f"not valid YAML: {problem}"
    if exc.context:
        message += f" ({exc.context})"
    text_line = source.lines[line - 1] if 0 < line <= len(source.lines) else ""
    tab = _indenting_tab(source, line)
    if tab:
        return Problem(
            source.path,
            tab[0],
            tab[1],
            "not valid YAML: a tab is used for indentation; YAML indents with spaces only, never tabs",
        )
    if _looks_like_quoting_slip(problem, text_line):
        message += f"; {_QUOTE_HINT}"
    return Problem(source.path, line, col, message)


def _indenting_tab(source: Source, line: int) -> tuple[int, int] | None:
    """The (line, col) of a tab in the leading whitespace of the failing line or the one before it."""
    for number in (line, line - 1):
        if 0 < number <= len(source.lines):
            text = source.lines[number - 1]
            lead = text[: len(text) - len(text.lstrip(" \t"))]
            if "\t" in lead and text.strip():
                return number, lead.index("\t") + 1
    return None


def _looks_like_quoting_slip(problem: str, text_line: str) -> bool:
    """Guess whether a parse error comes from unquoted special text."""
    slips = (
        "mapping values are not allowed",
        "found character",
        "did not find expected",
        "expected <block end>",
        "found undefined",
        "while scanning",
        "expected ',' or",
    )
    return any(s in problem for s in slips) or ": " in text_line.split(": ", 1)[-1]


class _Composer:
    """Compose events into Nodes with anchors, aliases and merge keys, within limits."""

    def __init__(self, source: Source):
        self.source = source
        self.anchors: dict[str, Node] = {}
        self.count = 0
        self.events: Iterator[Any] = iter(())
        self.problems: list[Problem] = []  # duplicate keys and the like: reported, the rest still read

    def run(self, events: Iterator[Any]) -> Node:
        """Return the single document's root node."""
        self.events = events
        next(self.events)  # StreamStart
        start = next(self.events)
        if isinstance(start, yaml.StreamEndEvent):
            raise BriefError(Problem(self.source.path, 1, 1, "file is empty; a brief is a YAML mapping"))
        root = self.node(next(self.events))
        next(self.events)  # DocumentEnd
        extra = next(self.events)
        if not isinstance(extra, yaml.StreamEndEvent):
            raise self.fail(extra, "a brief file holds one YAML document; remove the extra '---'")
        return root

    def fail(self, event: Any, message: str) -> BriefError:
        """Make an error at an event's start."""
        mark = event.start_mark
        return BriefError(Problem(self.source.path, mark.line + 1, mark.column + 1, message))

    def node(self, event: Any) -> Node:
        """Compose one node starting at `event`."""
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(event, f"too many YAML nodes (more than {MAX_NODES})")
        if isinstance(event, yaml.AliasEvent):
            return self.alias(event)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            written = "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
            raise self.fail(event, f"YAML tags such as '{shown(written)}' are not allowed in a brief")
        mark, end = event.start_mark, event.end_mark
        node = Node(
            "scalar", mark.line + 1, mark.column + 1, self.source, end_line=end.line + 1, end_col=end.column + 1
        )
        if isinstance(event, yaml.ScalarEvent):
            self.scalar(node, event)
        elif isinstance(event, yaml.SequenceStartEvent):
            self.sequence(node)
        else:
            self.mapping(node)
        if event.anchor:
            self.anchors[event.anchor] = node
        return node

    def alias(self, event: Any) -> Node:
        """Resolve an alias, counting the nodes it repeats against the limit."""
        target = self.anchors.get(event.anchor)
        if target is None:
            raise self.fail(event, f"alias '*{shown(event.anchor)}' names no anchor defined before it")
        self.count += _size(target)
        if self.count > MAX_NODES:
            raise self.fail(event, f"aliases expand to too many nodes (more than {MAX_NODES}); refusing an alias bomb")
        return target

    def scalar(self, node: Node, event: Any) -> None:
        """Fill a scalar node: its text as written and its resolved type."""
        node.text, node.style = event.value, event.style or ""
        plain = event.implicit[0] and not node.style and event.tag is None
        resolved: str = _RESOLVER.resolve(yaml.ScalarNode, event.value, (plain, False))  # type: ignore[no-untyped-call]
        node.tag = _SHORT_TAGS.get(resolved, "str")

    def sequence(self, node: Node) -> None:
        """Fill a sequence node with its items."""
        node.kind, node.tag = "seq", "seq"
        for event in self.events:
            if isinstance(event, yaml.SequenceEndEvent):
                break
            node.items.append(self.node(event))

    def mapping(self, node: Node) -> None:
        """Fill a mapping node, refusing duplicate keys and applying merge keys."""
        node.kind, node.tag = "map", "map"
        merged: list[tuple[Node, Node]] = []
        seen: dict[str, Node] = {}
        for event in self.events:
            if isinstance(event, yaml.MappingEndEvent):
                break
            key = self.node(event)
            value = self.node(next(self.events))
            if key.kind != "scalar":
                self.problems.append(Problem(self.source.path, key.line, key.col, "mapping keys must be plain text"))
                continue
            if key.tag == "merge":
                merged.extend(_merge_pairs(self.source, value, self.problems))
                continue
            if key.text in seen:
                first = seen[key.text]
                self.problems.append(
                    Problem(
                        self.source.path,
                        key.line,
                        key.col,
                        f"duplicate key '{shown(key.text)}' (first given at line {first.line})",
                    )
                )
                continue
            seen[key.text] = key
            node.pairs.append((key, value))
        node.pairs.extend((k, v) for k, v in merged if k.text not in seen)


def _merge_pairs(source: Source, value: Node, problems: list[Problem]) -> list[tuple[Node, Node]]:
    """Return the pairs a merge key (`<<: *a` or `<<: [*a, *b]`) brings in, first wins."""
    maps = value.items if value.kind == "seq" else [value]
    pairs: list[tuple[Node, Node]] = []
    names: set[str] = set()
    for m in maps:
        if m.kind != "map":
            problems.append(Problem(source.path, m.line, m.col, "'<<' merges only mappings"))
            continue
        for k, v in m.pairs:
            if k.text not in names:
                names.add(k.text)
                pairs.append((k, v))
    return pairs


def _size(node: Node, limit: int = MAX_NODES + 1) -> int:
    """Count the nodes under `node`, counting shared subtrees each time; stop past `limit`."""
    total, stack = 0, [node]
    while stack and total <= limit:
        n = stack.pop()
        total += 1
        stack.extend(n.items)
        for _key, v in n.pairs:
            stack.append(v)
            total += 1
    return total
