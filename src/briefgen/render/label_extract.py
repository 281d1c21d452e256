"""A Babel extractor for render/labels.py: each label becomes a message, its key the msgctxt.

babel.cfg names it (`[briefgen.render.label_extract.extract_labels: **/render/labels.py]`), so
`pybabel extract` (run by `make i18n`) finds the labels the templates print as `labels.key`,
with the comment on each entry's line as a note for translators.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from typing import IO, Any

LABEL_TABLE = "ENGLISH"


def extract_labels(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Yield (line, 'pgettext', (key, English), [translator note]) for each entry of the ENGLISH table."""
    source = fileobj.read().decode("utf-8")
    for line, key, english in label_entries(source):
        note = _comments(source).get(line)
        yield line, "pgettext", (key, english), [note] if note else []


def label_entries(source: str) -> list[tuple[int, str, str]]:
    """(line, key, English) of every string entry in the module's ENGLISH dict literal."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.AnnAssign | ast.Assign) and node.value is not None and _names(node, LABEL_TABLE):
            table = next((n for n in ast.walk(node.value) if isinstance(n, ast.Dict)), None)
            if table is None:
                return []
            return [
                (key.lineno, str(key.value), str(value.value))
                for key, value in zip(table.keys, table.values, strict=True)
                if isinstance(key, ast.Constant) and isinstance(value, ast.Constant) and isinstance(value.value, str)
            ]
    return []


def _names(node: ast.AnnAssign | ast.Assign, name: str) -> bool:
    """Whether an assignment binds a name."""
    targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
    return any(isinstance(t, ast.Name) and t.id == name for t in targets)


def _comments(source: str) -> dict[int, str]:
    """The comment ending each line, keyed by line number."""
    found = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            found[token.start[0]] = token.string.lstrip("#").strip()
    return found
