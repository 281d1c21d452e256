"""The typed model of the brief format, version 1."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from briefgen.brief.datafrom import DataFrom
from briefgen.brief.fields import (
    Bool,
    Date,
    FigureId,
    Id,
    Integer,
    Markdown,
    Number,
    Period,
    Text,
    Url,
    check_text,
    fail,
    one_of,
    period_order,
)
from briefgen.brief.load import Scalar

STATUSES = ("draft", "review", "final")
SCALES = ("auto", "none", "thousand", "million", "billion")
RATINGS = ("good", "fair", "poor")


class Strict(BaseModel):
    """Base for every mapping in a brief: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=False, arbitrary_types_allowed=True)


def _version(value: Any) -> int:
    """Accept only format version 1."""
    item = check_text(value)
    if item.node.tag != "int" or str(item) != "1":
        raise fail("version", f"unsupported format version {str(item)!r}; this briefgen reads version 1")
    return 1


def _name_or_mapping(value: Any) -> Any:
    """Let a plain text stand for {name: text}."""
    return {"name": value} if isinstance(value, Scalar) else value


def _rating_or_mapping(value: Any) -> Any:
    """Let a plain rating word stand for {rating: word}."""
    return {"rating": value} if isinstance(value, Scalar) else value


Version = Annotated[int, BeforeValidator(_version)]


class Author(Strict):
    """A person who wrote the brief."""

    name: Text
    role: Text = None
    organisation: Text = None


class Figure(Strict):
    """A number the brief relies on: a value, a series, a formula or a number read from a data file."""

    label: Text = Field(description="What the number is.")
    value: Number = Field(None, description="A single figure.")
    series: dict[Period, Number] = Field(
        None,
        description="Map of period to number, all of one kind (years, financial years, months or days); "
        "kept in time order whatever order they are written in.",
    )
    formula: Text = Field(
        None,
        description="Arithmetic over other figure ids: + - * / ( ), numbers, min, max, sum, round(x, n), latest(s).",
    )
    unit: Text = Field(
        "count",
        description="count, ratio, percent, a currency code (GBP, EUR, USD) or any word printed after the number.",
    )
    scale: Annotated[str, one_of(*SCALES)] = Field("auto", description="auto, none, thousand, million or billion.")
    decimals: Integer = Field(None, description="Digits after the point, exactly.")
    source: Id = Field(None, description="Source id; required for value and series.")
    as_of: Period = Field(None, description="When the figure was true.")
    key: Bool = Field(False, description="Shown in the key-figures panel on page 1.")
    check: Text = Field(
        None, description="A claim tested on the unrounded value: > 14, >= 66, == 66, < 0.5, ~ 14.4 (within 1 %)."
    )
    note: Markdown = Field(None, description="Caveats.")
    from_: DataFrom | None = Field(
        None,
        alias="from",
        description="Read the number from a data file beside the brief: {file, sheet, cell} or {file, row, column}; "
        "`row` alone reads a series.",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Figure:
        """Require exactly one of value, series or formula, and a source for data."""
        given = [k for k in ("value", "series", "formula", "from_") if getattr(self, k) is not None]
        if len(given) != 1:
            found = ", ".join(given).replace("from_", "from") if given else "none"
            raise fail("figure", f"a figure needs exactly one of value, series, formula or from (found {found})")
        if self.formula is None and self.source is None:
            kind = given[0].replace("from_", "from")
            raise fail("figure", f"missing required key 'source': a {kind} figure must name its source")
        if self.series is not None and not self.series:
            raise fail("figure", "series needs at least one period")
        if self.series is not None:
            self.series = dict(sorted(self.series.items(), key=lambda item: period_order(str(item[0]))))
        return self

    @property
    def kind(self) -> str:
        """Which of value, series or formula this figure is (a figure read from data: what it read, else from)."""
        if self.value is not None or self.series is not None:
            return "value" if self.value is not None else "series"
        return "formula" if self.formula is not None else "from"


class Source(Strict):
    """Something the brief cites."""

    title: Text
    author: Text = None
    publisher: Text = None
    date: Period = None
    url: Url = None
    accessed: Date = None
    note: Text = None


class Criterion(Strict):
    """What the options are judged on."""

    id: Id
    label: Text
    description: Text = None


class Rating(Strict):
    """How an option does against one criterion."""

    rating: Annotated[str, one_of(*RATINGS)]
    note: Markdown = None


class Option(Strict):
    """One of the alternatives, lettered A, B, C… in order."""

    id: Id
    title: Text
    summary: Markdown
    detail: Markdown = None
    pros: list[Markdown] = Field(default_factory=list)
    cons: list[Markdown] = Field(default_factory=list)
    cost: FigureId = Field(None, description="The figure id of the option's cost.")
    ratings: dict[
        Id,
        Annotated[Rating, BeforeValidator(_rating_or_mapping, json_schema_input_type=Literal[RATINGS] | Rating)],
    ] = Field(default_factory=dict, description="Map of criterion id to good, fair, poor or {rating, note}.")


class Recommendation(Strict):
    """The options recommended and why."""

    options: list[Id] = Field(min_length=1)
    text: Markdown


class Chart(Strict):
    """A bar or line chart of figures of one unit."""

    id: Id
    title: Text
    kind: Annotated[str, one_of("bar", "line")]
    figures: list[FigureId] = Field(min_length=1)
    alt: Text = Field(description="What a screen reader reads instead.")
    caption: Markdown = None


class Brief(Strict):
    """A policy brief, format version 1."""

    briefgen: Version = Field(description="Format version: 1.")
    title: Text
    subtitle: Text = None
    authors: list[Annotated[Author, BeforeValidator(_name_or_mapping, json_schema_input_type=Text | Author)]] = Field(
        min_length=1, description="Each a name, or {name, role, organisation}."
    )
    organisation: Text = Field(None, description="Who publishes the brief.")
    reference: Text = Field(None, description="Printed on every page, e.g. PB-2025-07.")
    marking: Text = Field(None, description="Protective marking or embargo line, printed at the top of every page.")
    date: Date = Field(description="Date of the last significant amendment.")
    status: Annotated[str, one_of(*STATUSES)] = Field(
        "draft", description="draft, review or final; anything but final is watermarked."
    )
    audience: Text = Field(None, description="Who the brief is for.")
    locale: Text = Field("en-GB", description="BCP 47 tag for numbers, currencies, dates and labels.")
    summary: Markdown = Field(description="The bottom line, first on page 1.")
    key_points: list[Markdown] = Field(default_factory=list, description="Bullets with the summary.")
    problem: Markdown = Field(description="What is wrong and why it matters now.")
    background: Markdown = Field(None, description="Context, how things work today.")
    figures: dict[FigureId, Figure] = Field(default_factory=dict, description="Every number the brief relies on.")
    sources: dict[Id, Source] = Field(default_factory=dict, description="Everything cited.")
    criteria: list[Criterion] = Field(default_factory=list, description="What the options are judged on.")
    options: list[Option] = Field(min_length=1, description="The alternatives, status quo included.")
    recommendation: Recommendation = None
    charts: list[Chart] = Field(default_factory=list)
    annex: Markdown = Field(None, description="Printed after the recommendation.")

    def option_letter(self, option_id: str) -> str:
        """Return the letter (A, B, …) of an option."""
        ids = [o.id for o in self.options]
        return _letter(ids.index(option_id))


def _letter(index: int) -> str:
    """Return A..Z, then AA, AB…"""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
