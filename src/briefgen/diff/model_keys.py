"""Field-by-field comparison for the semantic diff, driven by the model so that every key is compared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from briefgen.brief.model import Box, Brief, Chart, Criterion, Figure, Option, Source


@dataclass(frozen=True)
class Change:
    """A field's old and new text; None where it is absent."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ItemChange:
    """A source, criterion or chart added, removed or changed (with the fields that changed)."""

    kind: str  # source, criterion or chart
    id: str
    status: str  # added, removed or changed
    name: str  # its title or label
    fields: tuple[Change, ...] = ()


# Keys compared elsewhere, each by its own section; every other key of a model is compared here,
# field by field, so that a key added to the model is in the diff without more code.
TOP_ELSEWHERE = frozenset(
    {
        "briefgen",
        "summary",
        "key_points",
        "problem",
        "background",
        "annex",
        "figures",
        "sources",
        "criteria",
        "options",
        "recommendation",
        "charts",
        "boxes",
    }
)
FIGURE_ELSEWHERE = frozenset({"value", "series"})  # compared as computed values
OPTION_ELSEWHERE = frozenset({"id", "title", "summary", "detail", "pros", "cons", "ratings"})
ITEM_KINDS: dict[str, tuple[str, type[BaseModel], str]] = {
    "sources": ("source", Source, "title"),
    "criteria": ("criterion", Criterion, "label"),
    "charts": ("chart", Chart, "title"),
    "boxes": ("box", Box, "title"),
}


def fields_of(model: type[BaseModel], elsewhere: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The keys of a model compared field by field, in the model's order."""
    return tuple(name for name in model.model_fields if name not in elsewhere)


META = fields_of(Brief, TOP_ELSEWHERE)
FIGURE_FIELDS = fields_of(Figure, FIGURE_ELSEWHERE)
OPTION_FIELDS = fields_of(Option, OPTION_ELSEWHERE)


def text(value: Any) -> str | None:
    """A field's value as plain text: lists, maps and nested items flattened, unambiguously."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, BaseModel):
        return _model_text(value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {text(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(text(item) or "" for item in value)
    return str(value)


def _model_text(item: BaseModel) -> str:
    """An item as its first field, then its other set fields in brackets: `A. Author (role: Adviser)`."""
    names = list(type(item).model_fields)
    rest = [f"{name}: {text(getattr(item, name))}" for name in names[1:] if getattr(item, name, None) is not None]
    head = text(getattr(item, names[0], None)) or ""
    return f"{head} ({', '.join(rest)})" if rest else head


def norm(value: Any) -> str | None:
    """Text with runs of white space made single, for comparing."""
    flat = text(value)
    return None if flat is None else " ".join(flat.split())


def change(name: str, old: Any, new: Any) -> Change | None:
    """A Change when the two values differ other than in white space."""
    return Change(name, text(old), text(new)) if norm(old) != norm(new) else None


def field_changes(old: Any, new: Any, names: tuple[str, ...], prefix: str = "") -> tuple[Change, ...]:
    """The named fields that differ between two items (either may be None)."""
    return tuple(
        c
        for name in names
        if (
            c := change(
                prefix + _key(old if old is not None else new, name), getattr(old, name, None), getattr(new, name, None)
            )
        )
    )


def _key(item: Any, name: str) -> str:
    """A field's key as a brief writes it (`from` for the field `from_`)."""
    info = type(item).model_fields.get(name) if isinstance(item, BaseModel) else None
    return info.alias if info is not None and info.alias else name


def _keyed(items: Any, kind: str) -> dict[str, Any]:
    """Items of a map by key, or of a list by their id."""
    if isinstance(items, dict):
        return {str(k): v for k, v in items.items()}
    return {str(item.id): item for item in items or [] if getattr(item, "id", None) is not None}


def item_changes(name: str, old: Any, new: Any) -> list[ItemChange]:
    """Sources, criteria or charts added, removed or changed, by id."""
    kind, model, title = ITEM_KINDS[name]
    a, b = _keyed(old, kind), _keyed(new, kind)
    names = fields_of(model, frozenset({"id"}))
    changes = []
    for key in [*b, *(k for k in a if k not in b)]:
        x, y = a.get(key), b.get(key)
        status = "added" if x is None else "removed" if y is None else "changed"
        fields = field_changes(x, y, names) if status == "changed" else ()
        if status != "changed" or fields:
            changes.append(ItemChange(kind, key, status, str(getattr(y or x, title)), fields))
    return changes
