"""A Babel extractor for render/labels.py and diff/words.py: each label becomes a message, its key the msgctxt.

babel.cfg names it (`[briefgen.render.label_extract.extract_labels: **/render/labels.py]`), so
`pybabel extract` (run by `make i18n`) finds the labels the templates print as `labels.key`
and the changes box's wordings, with the comment on each entry's line as a note for translators.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from typing import IO, Any

LABEL_TABLE = "ENGLISH"
PLURAL_TABLE = "PLURALS"


def extract_labels(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, tuple[str, ...], list[str]]]:
    """Yield (line, 'pgettext', (key, English), [note]) for each entry of the ENGLISH table, and
    (line, 'npgettext', (key, singular, plural), [note]) for each of the PLURALS table (diff/words.py)."""
    source = fileobj.read().decode("utf-8")
    comments = _comments(source)
    for line, key, english in label_entries(source):
        note = comments.get(line)
        yield line, "pgettext", (key, english), [note] if note else []
    for line, key, forms in plural_entries(source):
        note = comments.get(line)
        yield line, "npgettext", (key, *forms), [note] if note else []


def plural_entries(source: str) -> list[tuple[int, str, tuple[str, str]]]:
    """(line, key, (singular, plural)) of every entry in the module's PLURALS dict literal."""
    table = _table(source, PLURAL_TABLE)
    entries = []
    for key, value in zip(table.keys, table.values, strict=True) if table else ():
        forms = [e.value for e in value.elts if isinstance(e, ast.Constant)] if isinstance(value, ast.Tuple) else []
        if isinstance(key, ast.Constant) and len(forms) == 2 and all(isinstance(f, str) for f in forms):
            entries.append((key.lineno, str(key.value), (str(forms[0]), str(forms[1]))))
    return entries


def _table(source: str, name: str) -> ast.Dict | None:
    """The dict literal bound to a module-level name, or None."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.AnnAssign | ast.Assign) and node.value is not None and _names(node, name):
            return next((n for n in ast.walk(node.value) if isinstance(n, ast.Dict)), None)
    return None


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
