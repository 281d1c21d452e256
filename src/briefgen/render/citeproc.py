"""Citations formatted by pandoc's citeproc: once per brief, in reading order, cached by content."""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from briefgen.brief.bibliography import source_item
from briefgen.brief.check import Checked
from briefgen.brief.pandoc_run import pandoc_version, run_pandoc
from briefgen.brief.prose import link_allowed
from briefgen.errors import BriefError, Problem
from briefgen.fsutil import read_capped
from briefgen.render.resolve import emphasis, text

MEMO_SIZE = 32
_MEMO: OrderedDict[str, Styled] = OrderedDict()


@dataclass(frozen=True)
class Call:
    """One citation met while laying out a brief: its text as written and where it sits among the notes."""

    written: str
    in_note: int | None  # the author's note it is written in
    own: int | None  # the note it becomes (a note style, outside any note)
    count: int  # notes numbered so far


@dataclass
class Styled:
    """citeproc's output: each citation's inlines in call order, and the bibliography's entries."""

    cites: list[list[Any]] = field(default_factory=list)
    bibliography: list[tuple[str, list[Any]]] = field(default_factory=list)


def pandoc_input(calls: list[Call], total: int, nocite: list[str]) -> tuple[str, list[int]]:
    """A pandoc Markdown document with the citations in reading order, numbered notes as in the brief.

    Returns the document and, for each citation in document order, the index of its call.
    """
    in_notes: dict[int, list[int]] = {}
    for i, call in enumerate(calls):
        if call.in_note is not None:
            in_notes.setdefault(call.in_note, []).append(i)
    own = {call.own for call in calls if call.own is not None}
    paragraphs: list[str] = []
    order: list[int] = []
    done = 0

    def notes_up_to(last: int) -> None:
        nonlocal done
        for number in range(done + 1, last + 1):
            if number not in own:
                inside = in_notes.get(number, [])
                order.extend(inside)
                paragraphs.append("x^[x " + " x ".join(calls[i].written for i in inside) + " x]")
        done = max(done, last)

    for i, call in enumerate(calls):
        if call.in_note is None:
            notes_up_to(call.count - (1 if call.own is not None else 0))
            paragraphs.append(call.written)
            order.append(i)
            done = max(done, call.own or 0)
    notes_up_to(total)
    meta = "---\nnocite: |\n  " + ", ".join(f"@{sid}" for sid in nocite) + "\n---\n\n" if nocite else ""
    return meta + "\n\n".join(paragraphs) + "\n", order


def styled(checked: Checked, calls: list[Call], total: int, nocite: list[str], cache: object | None) -> Styled:
    """Run citeproc over the brief's citations (or recall its output) and split out each citation."""
    document, order = pandoc_input(calls, total, nocite)
    bib = checked.bibliography
    items = [*bib.entries.values(), *(source_item(sid, s) for sid, s in (checked.brief.sources or {}).items())]
    references = json.dumps(items, sort_keys=True, ensure_ascii=False).encode("utf-8")
    assert bib.style is not None
    style = read_capped(bib.style)
    lang = str(checked.brief.locale)
    key = _key(document, references, style, lang)
    if key in _MEMO:
        _MEMO.move_to_end(key)
        return _MEMO[key]
    output = cache.get_citations(key) if cache is not None else None  # type: ignore[attr-defined]
    if output is None:
        output = _run(checked, document, references, style, lang)
        if cache is not None:
            cache.put_citations(key, output)  # type: ignore[attr-defined]
    result = _split(json.loads(output), order, len(calls))
    _MEMO[key] = result
    while len(_MEMO) > MEMO_SIZE:
        _MEMO.popitem(last=False)
    return result


def _key(document: str, references: bytes, style: bytes, lang: str) -> str:
    """A hash of everything citeproc's output depends on."""
    digest = hashlib.sha256()
    for part in (document.encode(), references, style, lang.encode(), pandoc_version().encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _run(checked: Checked, document: str, references: bytes, style: bytes, lang: str) -> bytes:
    """pandoc --citeproc on the document, the merged bibliography and the style; JSON out."""
    with tempfile.TemporaryDirectory(prefix="briefgen-citeproc-") as folder:
        refs, csl = Path(folder) / "references.json", Path(folder) / "style.csl"
        refs.write_bytes(references)
        csl.write_bytes(style)
        args = ["--from", "markdown", "--to", "json", "--citeproc", f"--bibliography={refs}", f"--csl={csl}"]
        run = run_pandoc([*args, f"--metadata=lang:{lang}"], document.encode("utf-8"))
    if run.status != 0:
        message = " ".join(run.err.split())[:300] or f"pandoc exited with status {run.status}"
        raise BriefError(Problem(checked.doc.source.path, 1, 1, f"citations could not be formatted: {message}"))
    return run.out


def _split(doc: dict[str, Any], order: list[int], count: int) -> Styled:
    """Each Cite's rendered inlines, put back in call order, and the refs Div's entries."""
    found: list[list[Any]] = []
    refs: list[tuple[str, list[Any]]] = []
    _walk(doc.get("blocks", []), found, refs)
    cites: list[list[Any]] = [[] for _ in range(count)]
    for index, inlines in zip(order, found, strict=False):
        cites[index] = inlines
    return Styled(cites, refs)


def _walk(value: Any, found: list[list[Any]], refs: list[tuple[str, list[Any]]]) -> None:
    """Collect Cite elements in document order, and the entries of the bibliography Div."""
    if isinstance(value, list):
        for item in value:
            _walk(item, found, refs)
    elif isinstance(value, dict):
        kind, content = value.get("t"), value.get("c")
        if not isinstance(content, list):
            return
        if kind == "Cite":
            found.append(_unwrap(content[1]))
        elif kind == "Div" and content[0][0] == "refs":
            for entry in content[1]:
                if entry.get("t") == "Div":
                    refs.append((str(entry["c"][0][0]).removeprefix("ref-"), _inlines(entry["c"][1])))
        elif content is not None:
            _walk(content, found, refs)


def _unwrap(inlines: list[Any]) -> list[Any]:
    """A citation that citeproc made into a note: the note's text."""
    if len(inlines) == 1 and inlines[0].get("t") == "Note":
        return _inlines(inlines[0]["c"])
    return inlines


def _inlines(blocks: list[Any]) -> list[Any]:
    """The inlines of a few Para or Plain blocks, joined by a space."""
    out: list[Any] = []
    for block in blocks:
        if block.get("t") in ("Para", "Plain"):
            out.extend([{"t": "Space"}] if out else [])
            out.extend(block["c"])
        elif block.get("t") == "Div":
            out.extend(_inlines(block["c"][1]))
    return out


def tokens(inlines: list[Any]) -> list[Token]:
    """pandoc inlines as markdown-it inline tokens, for any target; raw markup stays text."""
    out: list[Token] = []
    for element in inlines:
        kind, content = element.get("t"), element.get("c")
        if kind == "Str":
            out.append(text(content))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(text(" "))
        elif kind == "Emph":
            out.extend(emphasis(tokens(content)))
        elif kind == "Strong":
            strong = tokens(content)
            out.extend(
                [
                    Token("strong_open", "strong", 1, markup="**"),
                    *strong,
                    Token("strong_close", "strong", -1, markup="**"),
                ]
            )
        elif kind == "Quoted":
            single = content[0].get("t") == "SingleQuote"
            out.extend([text("‘" if single else "“"), *tokens(content[1]), text("’" if single else "”")])
        elif kind in ("Code", "RawInline", "Math"):
            out.append(text(content[1]))
        elif kind == "Link":
            out.extend(_link(content))
        elif kind in ("Span", "Cite"):
            out.extend(tokens(content[1]))
        elif kind in ("Underline", "SmallCaps", "Superscript", "Subscript", "Strikeout"):
            out.extend(tokens(content))
    return _merge(out)


def _link(content: list[Any]) -> list[Token]:
    """A link with an allowed scheme; any other is its text alone."""
    url = str(content[2][0])
    inner = tokens(content[1])
    if not url or not link_allowed(url):
        return inner
    return [Token("link_open", "a", 1, attrs={"href": url}), *inner, Token("link_close", "a", -1)]


def _merge(out: list[Token]) -> list[Token]:
    """Join neighbouring text tokens."""
    merged: list[Token] = []
    for token in out:
        if merged and token.type == "text" and merged[-1].type == "text":
            merged[-1].content += token.content
        else:
            merged.append(token)
    return merged
