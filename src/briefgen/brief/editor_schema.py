"""The JSON Schema of the brief format, for editors and other tools.

It accepts exactly what the loader's structural checks accept, as a YAML editor sees a brief
(a scalar's YAML type: `title: 1984` is a number there). References between parts of a brief,
formulas and checks are beyond a schema; `briefgen check` tests those.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, TypeAdapter

from briefgen.brief.model import Brief

FORMAT_PAGE = "docs/format.md"
# Where each part of the format is described in docs/format.md.
SECTIONS = {
    "Brief": "top-level",
    "Author": "top-level",
    "Figure": "figure",
    "DataFrom": "figure",
    "Source": "source",
    "Criterion": "criterion",
    "Option": "option",
    "Rating": "option",
    "Recommendation": "recommendation",
    "Chart": "chart",
    "Box": "top-level",
}
FIGURE_KINDS = ("value", "series", "formula", "from")


def brief_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of format version 1."""
    schema = Brief.model_json_schema(mode="validation")
    _walk(schema, _keys_as_names)
    _walk(schema, _no_null)
    for model, name, key_type in _maps(Brief):
        part = schema if model is Brief else schema["$defs"][model.__name__]
        part["properties"][name]["propertyNames"] = TypeAdapter(key_type).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "briefgen brief, format version 1"
    schema["properties"]["briefgen"] = {"const": 1, "description": "Format version: 1."}
    _figure_kinds(schema["$defs"]["Figure"])
    _data_from(schema["$defs"]["DataFrom"])
    for name, part in [("Brief", schema), *schema["$defs"].items()]:
        _link(part, SECTIONS.get(name, "top-level"))
    return schema


def _walk(node: Any, visit: Any) -> None:
    """Call `visit` on every mapping in a schema, innermost last."""
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            _walk(value, visit)


def _no_null(node: dict[str, Any]) -> None:
    """Drop null from optional keys: the loader refuses a key written with no value (leave the key out instead)."""
    options = node.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        del node["anyOf"]
        if len(rest) == 1:
            node.update(rest[0])
        else:
            node["anyOf"] = rest
        if node.get("default", "") is None:
            del node["default"]


def _keys_as_names(node: dict[str, Any]) -> None:
    """Turn pydantic's patternProperties (which let any other key through) into propertyNames plus values."""
    patterns = node.pop("patternProperties", None)
    if not patterns:
        return
    ((pattern, values),) = patterns.items()
    node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": pattern}
    node["additionalProperties"] = values


def _maps(root: type[BaseModel]) -> list[tuple[type[BaseModel], str, Any]]:
    """Every field that is a map, with its model and its key type (pydantic leaves most key checks out)."""
    found: list[tuple[type[BaseModel], str, Any]] = []
    seen: set[type[BaseModel]] = set()

    def visit(model: type[BaseModel]) -> None:
        seen.add(model)
        for name, info in model.model_fields.items():
            mapping = _without_none(info.annotation)
            if typing.get_origin(mapping) is dict:
                found.append((model, name, typing.get_args(mapping)[0]))
            for inner in _models_in(info.annotation):
                if inner not in seen:
                    visit(inner)

    visit(root)
    return found


def _without_none(tp: Any) -> Any:
    """An optional type's other member (`dict[...] | None` is `dict[...]`); any other type as it is."""
    members = [arg for arg in typing.get_args(tp) if arg is not type(None)]
    return members[0] if type(None) in typing.get_args(tp) and len(members) == 1 else tp


def _models_in(tp: Any) -> list[type[BaseModel]]:
    """The models a type annotation mentions."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for arg in typing.get_args(tp) for m in _models_in(arg)]


def _figure_kinds(figure: dict[str, Any]) -> None:
    """Exactly one of value, series, formula or from; a source unless a formula; at least one period in a series."""
    figure["oneOf"] = [{"required": [kind]} for kind in FIGURE_KINDS]
    figure["if"] = {"not": {"required": ["formula"]}}
    figure["then"] = {"required": ["source"]}
    figure["properties"]["series"]["minProperties"] = 1
    read = figure["properties"]["from"]  # a mapping, never null: YAML's null is refused as loader refuses it
    figure["properties"]["from"] = {"$ref": "#/$defs/DataFrom", "description": read["description"]}


def _data_from(part: dict[str, Any]) -> None:
    """A cell alone, or a row (with a column for one value); a CSV file has no sheets."""
    for name, prop in part["properties"].items():  # an optional key may be left out, never null
        branches = [b for b in prop.pop("anyOf", []) if b != {"type": "null"}]
        part["properties"][name] = {**branches[0], **prop} if branches else prop
    given = [{"required": [key]} for key in ("row", "column", "header_row")]
    part["anyOf"] = [
        {"required": ["cell"], "not": {"anyOf": given}},
        {"required": ["row"], "not": {"required": ["cell"]}},
    ]
    part["if"] = {"properties": {"file": {"pattern": r"\.[cC][sS][vV]\s*$"}}}
    part["then"] = {"not": {"required": ["sheet"]}}


def _link(part: dict[str, Any], anchor: str) -> None:
    """Point a part's description at its section of the format reference."""
    see = f"See {FORMAT_PAGE}#{anchor} in the briefgen repository."
    part["description"] = f"{part['description'].rstrip()} {see}" if part.get("description") else see
