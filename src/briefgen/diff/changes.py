"""The records of a semantic diff: what changed in a brief's figures, checks, options, ratings and recommendation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefgen.diff.model_keys import Change, ItemChange


@dataclass(frozen=True)
class FigureChange:
    """A figure added, removed or changed: formatted values, raw values and changed fields."""

    id: str
    status: str  # added, removed or changed
    label: str
    old: str | None
    new: str | None
    old_value: Any = None  # plain decimal text, or a map of period to it for a series
    new_value: Any = None
    fields: tuple[Change, ...] = ()


@dataclass(frozen=True)
class CheckChange:
    """A figure's check that fails now but did not before ("fails"), or the reverse ("passes")."""

    figure: str
    check: str
    status: str
    message: str


@dataclass(frozen=True)
class OptionChange:
    """An option added, removed, retitled or changed (its cost, say); `fields` lists what else changed."""

    id: str
    status: str
    old_title: str | None
    new_title: str | None
    fields: tuple[Change, ...] = ()


@dataclass(frozen=True)
class RatingChange:
    """An option's rating against a criterion, or its note, changed."""

    option: str
    criterion: str
    old: str | None
    new: str | None
    old_note: str | None
    new_note: str | None


@dataclass(frozen=True)
class RecommendationChange:
    """The recommended options or the recommendation's text changed."""

    old_options: tuple[str, ...] | None
    new_options: tuple[str, ...] | None
    old_text: str | None
    new_text: str | None


@dataclass
class BriefDiff:
    """What changed in substance between two versions of a brief; errors None means no brief."""

    old_label: str = "old"
    new_label: str = "new"
    old_errors: int | None = None
    new_errors: int | None = None
    notes: list[str] = field(default_factory=list)
    details: list[Change] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    checks: list[CheckChange] = field(default_factory=list)
    options: list[OptionChange] = field(default_factory=list)
    ratings: list[RatingChange] = field(default_factory=list)
    recommendation: RecommendationChange | None = None
    texts: list[Change] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)  # sources, criteria and charts

    @property
    def empty(self) -> bool:
        """True when nothing of substance changed."""
        return not (
            self.details
            or self.figures
            or self.checks
            or self.options
            or self.ratings
            or self.recommendation
            or self.texts
            or self.items
        )
