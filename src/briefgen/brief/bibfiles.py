"""Read bibliography files: CSL-JSON, CSL-YAML and BibTeX (through pandoc) into CSL-JSON items with their lines."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from briefgen.brief.load import _compose, _decode
from briefgen.brief.nodes import Node, Source, to_data
from briefgen.brief.pandoc_run import PandocMissing, run_pandoc
from briefgen.errors import BriefError, Problem

KINDS = {".json": "CSL-JSON", ".yaml": "CSL-YAML", ".yml": "CSL-YAML", ".bib": "BibTeX"}
MAX_ENTRIES = 20_000
_PANDOC_ERROR = re.compile(r'Error at (?:"[^"]*" )?\(line (\d+), column (\d+)\):\s*(.*)', re.S)
_BIB_ENTRY = re.compile(r"^[ \t]*@([A-Za-z]+)\s*[{(]\s*([^,\s]+)\s*,", re.M)


@dataclass
class BibFile:
    """What one bibliography file gave: CSL-JSON items with the line each starts on, and its faults."""

    display: str
    items: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    full: bool = False

    def fault(self, line: int, col: int, message: str) -> None:
        """Record a fault at a position in this file."""
        self.problems.append(Problem(self.display, line, col, message))


def read_file(data: bytes, suffix: str, display: str) -> BibFile:
    """Read one bibliography file's bytes as the kind its suffix names."""
    bib = BibFile(display)
    try:
        text = _decode(data, display)
    except BriefError as exc:
        bib.problems.extend(exc.problems)
        return bib
    if suffix == ".json":
        _read_json(text, bib)
    elif suffix == ".bib":
        _read_bibtex(data, text, bib)
    else:
        _read_yaml(text, bib)
    return bib


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _read_json(text: str, bib: BibFile) -> None:
    """A CSL-JSON file: an array of objects, each read where it starts so a fault has its line."""
    decoder = json.JSONDecoder()
    pos = _skip(text, 0)
    if not text.startswith("[", pos):
        bib.fault(*_line_col(text, pos), "a CSL-JSON file must be an array of entries ([{...}, ...])")
        return
    pos = _skip(text, pos + 1)
    first = True
    while not text.startswith("]", pos):
        if not first:
            if not text.startswith(",", pos):
                bib.fault(*_line_col(text, pos), "CSL-JSON: expected ',' or ']' after an entry")
                return
            pos = _skip(text, pos + 1)
        first = False
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            bib.fault(exc.lineno, exc.colno, f"CSL-JSON: {exc.msg}")
            return
        _add(bib, value, *_line_col(text, pos))
        pos = _skip(text, end)
        if pos >= len(text):
            bib.fault(*_line_col(text, pos), "CSL-JSON: the array is not closed with ']'")
            return
    if text[_skip(text, pos + 1) :].strip():
        bib.fault(*_line_col(text, _skip(text, pos + 1)), "CSL-JSON: text after the closing ']'")


def _skip(text: str, pos: int) -> int:
    """The offset of the next character that is not white space."""
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _read_yaml(text: str, bib: BibFile) -> None:
    """A CSL-YAML file: a list of entries, or pandoc's mapping with a `references` list."""
    try:
        root, problems = _compose(Source(bib.display, text))
    except BriefError as exc:
        bib.problems.extend(exc.problems)
        return
    bib.problems.extend(problems)
    if root.kind == "map" and root.get("references") is not None:
        root = root.get("references")  # type: ignore[assignment]
    if root.kind != "seq":
        bib.fault(root.line, root.col, "a CSL-YAML file must be a list of entries, or 'references:' and a list")
        return
    for item in root.items:
        _add(bib, _plain(item), item.line, item.col)


def _plain(node: Node) -> Any:
    """A YAML node as plain data: numbers stay numbers (date parts), other scalars text."""
    if node.kind == "seq":
        return [_plain(i) for i in node.items]
    if node.kind == "map":
        return {k.text: _plain(v) for k, v in node.pairs}
    data = to_data(node)
    return int(node.text) if node.tag == "int" and node.text.lstrip("-").isdigit() else str(data)


def _read_bibtex(data: bytes, text: str, bib: BibFile) -> None:
    """A BibTeX file, converted to CSL-JSON by pandoc; each entry's line is where its key is written."""
    try:
        run = run_pandoc(["--from", "bibtex", "--to", "csljson"], data)
    except PandocMissing as exc:
        bib.fault(1, 1, str(exc))
        return
    if run.status != 0:
        found = _PANDOC_ERROR.search(run.err)
        if found:
            reason = " ".join(found.group(3).split("\n")[0].split())
            bib.fault(int(found.group(1)), int(found.group(2)), f"BibTeX: {reason or 'cannot be read'}")
        else:
            bib.fault(1, 1, f"BibTeX: {' '.join(run.err.split())[:200] or 'cannot be read'}")
        return
    lines = {m.group(2): _line_col(text, m.start(1) - 1)[0] for m in _BIB_ENTRY.finditer(text)}
    for value in json.loads(run.out.decode("utf-8")):
        _add(bib, value, lines.get(str(value.get("id")), 1) if isinstance(value, dict) else 1, 1)


def _add(bib: BibFile, value: Any, line: int, col: int) -> None:
    """Keep one entry, or report why it is malformed."""
    if len(bib.items) >= MAX_ENTRIES:
        if not bib.full:
            bib.fault(line, col, f"more than {MAX_ENTRIES:,} entries in one bibliography file")
            bib.full = True
        return
    if not isinstance(value, dict):
        bib.fault(line, col, "a bibliography entry must be a mapping of CSL fields")
        return
    ident = value.get("id")
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    if not isinstance(ident, str) or not ident.strip():
        bib.fault(line, col, "bibliography entry has no 'id'")
        return
    if not isinstance(value.get("type", ""), str):
        bib.fault(line, col, f"bibliography entry '{ident}': 'type' must be text")
        return
    bib.items.append(({**value, "id": ident}, line))
