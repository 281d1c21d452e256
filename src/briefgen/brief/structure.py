"""Validate a loaded brief against the model, item by item, reporting every problem."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from briefgen.brief.fields import check_figure_id, check_id, describe
from briefgen.brief.model import Box, Brief, Chart, Criterion, Draft, Figure, Option, Recommendation, Source
from briefgen.brief.nodes import Document, Node, Scalar
from briefgen.errors import Problem, Severity, shown

KEYED_ITEMS: dict[str, tuple[type[BaseModel], Any]] = {
    "figures": (Figure, check_figure_id),
    "sources": (Source, check_id),
}
LISTED_ITEMS: dict[str, type[BaseModel]] = {"criteria": Criterion, "options": Option, "charts": Chart, "boxes": Box}


@dataclass
class Report:
    """Problems found in one brief, with positions taken from its document."""

    doc: Document
    problems: list[Problem] = field(default_factory=list)

    def add(self, node: Node | None, message: str, severity: Severity = "error", offset: int = 0) -> None:
        """Record a problem at a node (or at the top of the file)."""
        line, col = node.position(offset) if node is not None else (1, 1)
        self.problems.append(Problem(self.doc.source.path, line, col, message, severity))

    def at(self, loc: tuple[Any, ...], message: str, severity: Severity = "error", offset: int = 0) -> None:
        """Record a problem at the node a path leads to."""
        self.add(self.doc.root.find(loc), message, severity, offset)

    def value_at(
        self, value: Any, loc: tuple[Any, ...], message: str, severity: Severity = "error", offset: int = 0
    ) -> None:
        """Record a problem at a Scalar's own node, or else at a path."""
        if isinstance(value, Scalar):
            self.add(value.node, message, severity, offset)
        else:
            self.at(loc, message, severity, offset)

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors."""
        return [p for p in self.problems if p.severity == "error"]


@dataclass
class Partial:
    """What validated: the fields of a brief, and ids of items that failed."""

    fields: dict[str, Any] = field(default_factory=dict)
    broken_ids: dict[str, set[str]] = field(default_factory=dict)
    salvaged: dict[str, dict[Any, Any]] = field(default_factory=dict)  # kind -> key or index -> what validated


_FIELD_TYPES: dict[str, Any] = {
    name: typing.Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation
    for name, f in Brief.model_fields.items()
}
_ADAPTERS: dict[str, TypeAdapter[Any]] = {name: TypeAdapter(tp) for name, tp in _FIELD_TYPES.items()}


def validate_schema(doc: Document, report: Report) -> tuple[Draft, Partial]:
    """Validate every field and item: a draft of the valid parts (a Brief when complete), and what failed."""
    data = doc.data
    partial = Partial()
    for key in data:
        if key not in Brief.model_fields:
            report.add(doc.root.key_node(key), unknown_key(key, Brief))
    for name, info in Brief.model_fields.items():
        if name not in data:
            if info.is_required():
                report.add(doc.root, f"missing required key '{name}'")
            continue
        value = data[name]
        if name in KEYED_ITEMS:
            partial.fields[name] = _keyed(name, value, report, partial)
        elif name in LISTED_ITEMS and isinstance(value, list):
            partial.fields[name] = _listed(name, value, report, partial)
        else:
            partial.fields[name] = _one(_ADAPTERS[name].validate_python, _FIELD_TYPES[name], value, (name,), report)
            if partial.fields[name] is None and name == "recommendation":
                partial.salvaged[name] = {0: salvage(Recommendation, value)}
    for name, info in Draft.model_fields.items():
        if partial.fields.get(name) is None:
            partial.fields[name] = info.get_default(call_default_factory=True)
    required = [name for name, info in Brief.model_fields.items() if info.is_required()]
    complete = all(partial.fields[name] not in (None, [], {}) for name in required)
    return (Brief if complete else Draft).model_construct(**partial.fields), partial


def _one(validate: Any, root: Any, value: Any, loc: tuple[Any, ...], report: Report) -> Any:
    """Validate one value; report its problems and return None when it fails."""
    try:
        return validate(value)
    except ValidationError as exc:
        _report_errors(exc, loc, report, root)
        return None


def _keyed(name: str, value: Any, report: Report, partial: Partial) -> dict[str, Any]:
    """Validate a map of id to item, one item at a time."""
    model, check_key = KEYED_ITEMS[name]
    if not isinstance(value, dict):
        report.at((name,), f"'{name}' must be a mapping of id to {model.__name__.lower()}, got {describe(value)}")
        return {}
    broken = partial.broken_ids.setdefault(name, set())
    items = {}
    for key, item in value.items():
        try:
            check_key(key)
        except Exception as exc:  # PydanticCustomError: a bad id
            report.add(key.node, str(exc))
            broken.add(str(key))
            continue
        result = _one(model.model_validate, model, item, (name, str(key)), report)
        if result is None:
            broken.add(str(key))
            partial.salvaged.setdefault(name, {})[str(key)] = salvage(model, item)
        else:
            items[str(key)] = result
    return items


def _listed(name: str, value: list[Any], report: Report, partial: Partial) -> list[Any]:
    """Validate a list of items with ids, one item at a time."""
    model = LISTED_ITEMS[name]
    broken = partial.broken_ids.setdefault(name, set())
    items = []
    for index, item in enumerate(value):
        result = _one(model.model_validate, model, item, (name, index), report)
        if result is None:
            if isinstance(item, dict) and isinstance(item.get("id"), Scalar):
                broken.add(str(item["id"]))
            partial.salvaged.setdefault(name, {})[index] = salvage(model, item)
        else:
            items.append(result)
    if name == "options" and not value:
        report.at((name,), "options needs at least one option")
    return items


def salvage(model: type[BaseModel], item: Any) -> BaseModel:
    """The fields of an invalid item that are valid on their own (others None), for checking references."""
    item = item if isinstance(item, dict) else {}
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        value = item.get(name)
        if value is None:
            fields[name] = None if info.is_required() else info.get_default(call_default_factory=True)
            continue
        tp = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        part = _valid_part(tp, value)
        fields[name] = part if part is not None or info.is_required() else info.get_default(call_default_factory=True)
    return model.model_construct(**fields)


def _valid_part(tp: Any, value: Any) -> Any:
    """A value if valid; for a mapping, its valid entries (an invalid entry's value becomes None)."""
    try:
        return TypeAdapter(tp).validate_python(value)
    except ValidationError:
        pass
    args = typing.get_args(_unwrap(tp))
    if typing.get_origin(_unwrap(tp)) is dict and isinstance(value, dict) and len(args) == 2:
        out = {}
        for key, entry in value.items():
            try:
                out[TypeAdapter(args[0]).validate_python(key)] = _valid_part(args[1], entry)
            except ValidationError:
                continue
        return out
    return None


def _report_errors(exc: ValidationError, base: tuple[Any, ...], report: Report, root: Any) -> None:
    """Turn pydantic's errors into positioned problems in plain words."""
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        kind = err["type"]
        if "[key]" in loc:
            key_loc = base + loc[: loc.index("[key]")]
            report.add(_key_node(report.doc.root, key_loc), err["msg"])
        elif kind == "missing":
            report.at(base + loc[:-1], f"missing required key '{loc[-1]}'")
        elif kind == "extra_forbidden":
            model = model_at(root, loc[:-1])
            report.add(_key_node(report.doc.root, base + loc), unknown_key(str(loc[-1]), model))
        else:
            report.at(base + loc, _message(kind, err, base + loc, root))


def _key_node(root: Node, loc: tuple[Any, ...]) -> Node:
    """Return the key node that ends a path, or the deepest node on it."""
    parent = root.find(loc[:-1])
    key = parent.key_node(str(loc[-1])) if parent.kind == "map" and loc else None
    return key or root.find(loc)


def _message(kind: str, err: ErrorDetails, loc: tuple[Any, ...], root: Any = None) -> str:
    """Plain words for a pydantic error; `loc` is the whole path from the top of the brief."""
    got = describe(err.get("input"))
    name = shown(next((str(p) for p in reversed(loc) if isinstance(p, str)), "value"))
    if kind == "empty_text":
        return _empty_message(name, loc)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{name}' must be a mapping of keys to values, got {got}"
    if kind == "list_type":
        return f"'{name}' must be a list, got {got}"
    if kind == "too_short":
        return f"'{name}' needs at least one item"
    return str(err["msg"])


def _empty_message(name: str, loc: tuple[Any, ...]) -> str:
    """Plain words for a text field that is empty or only whitespace."""
    if loc and isinstance(loc[-1], int):
        return f"item {loc[-1] + 1} of '{name}' is empty; write some text or remove the item"
    parent = model_at(Brief, loc[:-1])
    info = parent.model_fields.get(name) if isinstance(parent, type) and issubclass(parent, BaseModel) else None
    if info is not None and not info.is_required():
        return f"'{name}' is empty; write some text or leave the key out"
    return f"'{name}' is empty; it needs some text"


def unknown_key(key: str, model: Any) -> str:
    """Message for an unknown key, with a 'did you mean' hint."""
    allowed = list(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else []
    return f"unknown key '{shown(key)}'{did_you_mean(key, allowed)}"


def did_you_mean(word: str, choices: list[str] | set[str]) -> str:
    """A ' (did you mean 'x'?)' hint, or ''."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def model_at(root: Any, loc: tuple[Any, ...]) -> Any:
    """Follow a path of field names, indexes and keys through the model's types."""
    current = _unwrap(root)
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            current = _unwrap(info.annotation) if info else None
        else:
            args = typing.get_args(current)
            current = _unwrap(args[-1]) if args else None
    return current


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional from a type."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        else:
            return tp
