"""The JSON Schema of the brief format, for editors and other tools."""
from __future__ import annotations

from typing import Any

from .model import Brief


def brief_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of format version 1."""
    schema = Brief.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "briefgen brief, format version 1"
    schema["properties"]["briefgen"] = {"const": 1, "description": "Format version: 1."}
    return schema
