"""The `bibliography` and `citation_style` keys: files inside the brief's folder, CSL styles, ids checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path, PurePosixPath
from typing import Any
from xml.parsers import expat

from briefgen.brief.bibfiles import KINDS, read_file
from briefgen.brief.model import Draft, Source
from briefgen.brief.nodes import Document
from briefgen.brief.structure import Report, did_you_mean
from briefgen.errors import Problem, shown
from briefgen.fsutil import MAX_ASSET_BYTES, AssetTooLarge, display_path, read_capped, resolve_asset

BUNDLED_STYLES = ("apa", "chicago-note-bibliography", "harvard-cite-them-right", "oscola")
CSL_FOLDER = Path(__file__).resolve().parent.parent / "csl"
CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
WEB_TYPES = ("webpage", "post-weblog", "post")


@dataclass
class Bibliography:
    """Entries read from the brief's bibliography files, and the CSL style to format citations with."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> CSL-JSON item
    where: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (file as shown, line)
    files: list[Path] = field(default_factory=list)
    style: Path | None = None  # None: the built-in default style
    note: bool = True  # a note style (citations become footnotes), else author-date in the text

    @property
    def styled(self) -> bool:
        """True when citeproc formats the citations: a bibliography file or a CSL style is given."""
        return self.style is not None


def check_bibliography(doc: Document, brief: Draft, report: Report, style_folder: Path | None) -> Bibliography:
    """Read the bibliography files and the style a brief names, reporting every fault at its position."""
    bib = Bibliography()
    base = Path(doc.path).parent
    names = brief.bibliography or []
    for i, name in enumerate(names):
        loc = ("bibliography", i) if isinstance(brief.bibliography, list) and len(names) > 1 else ("bibliography",)
        _read_one(doc, base, name, loc, bib, report)
    if brief.citation_style is not None and str(brief.citation_style) != "default":
        _style(doc, base, brief.citation_style, style_folder, bib, report)
    for sid in brief.sources or {}:
        if sid in bib.entries:
            file, line = bib.where[sid]
            key = doc.root.find(("sources",)).key_node(sid)
            report.add(
                key,
                f"source '{shown(sid)}' is also an entry of bibliography file '{file}' (line {line}); "
                "an id may name only one entry",
            )
    return bib


def _read_one(doc: Document, base: Path, name: Any, loc: tuple[Any, ...], bib: Bibliography, report: Report) -> None:
    """Read one bibliography file named in the brief."""
    text = str(name)
    suffix = PurePosixPath(text).suffix.lower()
    if suffix not in KINDS:
        report.value_at(
            name,
            loc,
            f"bibliography file '{shown(text)}' must be CSL-JSON (.json), CSL-YAML (.yaml, .yml) or BibTeX (.bib)",
        )
        return
    found = resolve_asset(base, text)
    if found is None:
        inside = _inside(base, text)
        where = "not found inside the brief's folder" if inside else "must be inside the brief's folder"
        report.value_at(name, loc, f"bibliography file '{shown(text)}' {where}")
        return
    try:
        data = read_capped(found, MAX_ASSET_BYTES)
    except AssetTooLarge:
        report.value_at(name, loc, f"bibliography file '{shown(text)}' is larger than {MAX_ASSET_BYTES // 2**20} MiB")
        return
    except OSError as exc:
        report.value_at(name, loc, f"bibliography file '{shown(text)}' cannot be read: {exc.strerror or exc}")
        return
    bib.files.append(found)
    display = (PurePosixPath(doc.source.path).parent / text).as_posix()
    read = read_file(data, suffix, display)
    report.problems.extend(read.problems)
    for item, line in read.items:
        ident = item["id"]
        if ident in bib.entries:
            first = bib.where[ident]
            report.problems.append(
                Problem(
                    display,
                    line,
                    1,
                    f"duplicate bibliography id '{shown(ident)}' (first in {first[0]}, line {first[1]})",
                )
            )
            continue
        bib.entries[ident] = item
        bib.where[ident] = (display, line)


def _inside(base: Path, relative: str) -> bool:
    """True when a relative path stays inside `base` (the file may not exist)."""
    try:
        target = (base / relative).resolve()
    except (OSError, RuntimeError):
        return False
    root = base.resolve()
    return target == root or root in target.parents


def _style(doc: Document, base: Path, value: Any, style_folder: Path | None, bib: Bibliography, report: Report) -> None:
    """Find the CSL style: a bundled name, or a .csl file in the brief's or the style's folder."""
    name = str(value)
    if name in BUNDLED_STYLES:
        path: Path | None = CSL_FOLDER / f"{name}.csl"
    elif name.lower().endswith(".csl"):
        path = resolve_asset(base, name) or (resolve_asset(style_folder, name) if style_folder else None)
        if path is None and style_folder is None:
            return  # checked without a style (briefgen check): the build, which knows the style, decides
        if path is None:
            report.value_at(
                value,
                ("citation_style",),
                f"citation style '{shown(name)}' not found inside the brief's or the style's folder",
            )
            return
    else:
        starts = [n for n in BUNDLED_STYLES if n.startswith(name.lower())] if name else []
        hint = f" (did you mean '{starts[0]}'?)" if starts else did_you_mean(name, {"default", *BUNDLED_STYLES})
        report.value_at(
            value,
            ("citation_style",),
            f"unknown citation style '{shown(name)}'{hint}; use default, {', '.join(BUNDLED_STYLES)} "
            "or a .csl file inside the brief's or the style's folder",
        )
        return
    assert path is not None
    shown_path = display_path(path) if path.parent != CSL_FOLDER else name
    fault, note = csl_kind(path, shown_path)
    if fault is not None:
        report.problems.append(fault)
        return
    bib.style, bib.note = path, note


def csl_kind(path: Path, display: str) -> tuple[Problem | None, bool]:
    """Read a CSL file safely: (the fault, if any, and whether it is a note style)."""
    try:
        data = read_capped(path, MAX_ASSET_BYTES)
    except OSError as exc:
        return Problem(display, 1, 1, f"CSL style cannot be read: {exc.strerror or exc}"), True
    found: dict[str, str] = {}
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*args: Any) -> None:
        raise ValueError("a CSL style may not have a DOCTYPE or entities")

    def start(tag: str, attrs: dict[str, str]) -> None:
        if not found:
            found["root"], found["class"] = tag, attrs.get("class", "")
        if tag == f"{CSL_NAMESPACE} citation":
            found["citation"] = "yes"

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = f"CSL style is not well-formed XML: {expat.errors.messages[exc.code]}"
        return Problem(display, exc.lineno, exc.offset + 1, message), True
    except ValueError as exc:
        return Problem(display, 1, 1, str(exc)), True
    if found.get("root") != f"{CSL_NAMESPACE} style":
        return Problem(display, 1, 1, "not a CSL style: the root element must be <style> in the CSL namespace"), True
    if "citation" not in found:
        return Problem(
            display, 1, 1, "CSL style has no <citation>: a dependent style; name its parent style instead"
        ), True
    return None, found.get("class") == "note"


def source_item(sid: str, source: Source) -> dict[str, Any]:
    """An entry of `sources` as a CSL-JSON item, so it takes part in every style."""
    item: dict[str, Any] = {"id": sid, "title": str(source.title)}
    item["type"] = "report" if source.publisher else "webpage" if source.url else "document"
    if source.author:
        item["author"] = [{"literal": str(source.author)}]
    if source.publisher:
        item["publisher"] = str(source.publisher)
    if source.date:
        item["issued"] = csl_date(str(source.date))
    if source.url:
        item["URL"] = str(source.url)
    if source.accessed:
        item["accessed"] = csl_date(source.accessed.isoformat())
    if source.note:
        item["note"] = str(source.note)
    return item


def csl_date(period: str) -> dict[str, Any]:
    """A period (2019, 2019-04, 2019-04-30, 2015/16) as a CSL date."""
    if "/" in period:
        return {"literal": period}
    return {"date-parts": [[int(part) for part in period.split("-")]]}


def web_source_warnings(checked_ids: list[str], brief: Draft, bib: Bibliography, report: Report) -> None:
    """A cited web source needs its URL and the date it was accessed."""
    for sid in checked_ids:
        source = (brief.sources or {}).get(sid)
        if source is not None and source.url and not source.accessed:
            key = report.doc.root.find(("sources",)).key_node(sid)
            report.add(key, f"web source '{shown(sid)}' has no accessed date; add accessed: YYYY-MM-DD", "warning")
        item = bib.entries.get(sid)
        if item is None or item.get("type") not in WEB_TYPES:
            continue
        file, line = bib.where[sid]
        for field_name, what in (("URL", "URL"), ("accessed", "accessed date")):
            if not item.get(field_name):
                report.problems.append(Problem(file, line, 1, f"web source '{shown(sid)}' has no {what}", "warning"))


def entry_date(item: dict[str, Any], key: str = "issued") -> str:
    """An entry's issued (or other) date as a period (2019, 2019-04, 2019-04-30), or ''."""
    issued = item.get(key)
    try:
        parts = [int(p) for p in issued["date-parts"][0]]  # type: ignore[index]
    except (TypeError, KeyError, IndexError, ValueError):
        return ""
    return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts[:3]))


@dataclass(frozen=True)
class EntrySource:
    """A bibliography entry seen as a `sources` entry, for the built-in default style."""

    title: str
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    accessed: Any = None
    note: str | None = None


def as_source(item: dict[str, Any]) -> EntrySource:
    """The fields the default style prints, taken from a CSL-JSON item."""
    names = [_name(n) for n in item.get("author") or item.get("editor") or [] if isinstance(n, dict)]
    accessed = entry_date(item, "accessed")
    day = None
    if len(accessed) == 10:
        day = _date.fromisoformat(accessed)
    return EntrySource(
        _text(item.get("title")) or str(item["id"]),
        ", ".join(n for n in names if n) or None,
        _text(item.get("publisher")) or _text(item.get("container-title")) or None,
        entry_date(item) or None,
        _text(item.get("URL")) or None,
        day,
        _text(item.get("note")) or None,
    )


def _name(name: dict[str, Any]) -> str:
    """A CSL name as printed: 'Given particle Family', or its literal."""
    if name.get("literal"):
        return _text(name["literal"])
    parts = (name.get("given"), name.get("dropping-particle"), name.get("non-dropping-particle"), name.get("family"))
    return " ".join(_text(p) for p in parts if p)


def _text(value: Any) -> str:
    """A CSL field as one line of text."""
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""
