"""The valid parts of items that failed validation, put back so their references are checked too."""

from __future__ import annotations

from typing import Any

from briefgen.brief.figures import checked_formula
from briefgen.brief.model import Draft
from briefgen.brief.nodes import Document
from briefgen.brief.structure import Partial, Report


def with_salvaged(doc: Document, brief: Draft, partial: Partial) -> Draft:
    """The brief with the valid parts of invalid items put back in their places, for reference checks."""
    if not partial.salvaged:
        return brief
    update: dict[str, Any] = {}
    for name, salvaged in partial.salvaged.items():
        raw = doc.data.get(name)
        if name == "recommendation":
            update[name] = salvaged[0]
        elif isinstance(raw, dict):
            valid = getattr(brief, name)
            update[name] = {
                str(k): valid[str(k)] if str(k) in valid else salvaged.get(str(k))
                for k in raw
                if str(k) in valid or str(k) in salvaged
            }
        elif isinstance(raw, list):
            valid_items = iter(getattr(brief, name))
            update[name] = [salvaged[i] if i in salvaged else next(valid_items) for i in range(len(raw))]
    return brief.model_copy(update=update)


def check_salvaged_formulas(full: Draft, partial: Partial, report: Report) -> None:
    """A formula of an invalid figure still names only figures that exist."""
    for fid, figure in partial.salvaged.get("figures", {}).items():
        checked_formula(fid, figure, set(full.figures), set(), report)
