"""The typed model of the brief format, version 1."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from briefgen.brief.datafrom import DataFrom, column_letters
from briefgen.brief.fields import (
    Bool,
    Date,
    FigureId,
    Id,
    Integer,
    Locale,
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
from briefgen.brief.nodes import Scalar

Status = Literal["draft", "review", "final"]
Scale = Literal["auto", "none", "thousand", "million", "billion"]
RatingWord = Literal["good", "fair", "poor"]
ChartKind = Literal["bar", "line"]
STATUSES: tuple[Status, ...] = get_args(Status)
SCALES: tuple[Scale, ...] = get_args(Scale)
RATINGS: tuple[RatingWord, ...] = get_args(RatingWord)
CHART_KINDS: tuple[ChartKind, ...] = get_args(ChartKind)
FigureKind = Literal["value", "series", "formula", "from"]


class Strict(BaseModel):
    """Base for every mapping in a brief: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=False, arbitrary_types_allowed=True, defer_build=True)


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
    role: Text | None = None
    organisation: Text | None = None


class Figure(Strict):
    """A number the brief relies on: a value, a series, a formula or a number read from a data file."""

    label: Text = Field(description="What the number is.")
    value: Number | None = Field(None, description="A single figure.")
    series: dict[Period, Number] | None = Field(
        None,
        description="Map of period to number, all of one kind (years, financial years, months or days); "
        "kept in time order whatever order they are written in.",
    )
    formula: Text | None = Field(
        None,
        description="Arithmetic over other figure ids: + - * / ( ), numbers, min, max, sum, round(x, n), latest(s).",
    )
    unit: Text = Field(
        "count",
        description="count, ratio, percent, a currency code (GBP, EUR, USD) or any word printed after the number.",
    )
    scale: Annotated[Scale, one_of(*SCALES)] = Field("auto", description="auto, none, thousand, million or billion.")
    decimals: Integer | None = Field(None, description="Digits after the point, exactly.")
    source: Id | None = Field(None, description="Source id; required for value and series.")
    as_of: Period | None = Field(None, description="When the figure was true.")
    key: Bool = Field(False, description="Shown in the key-figures panel on page 1.")
    check: Text | None = Field(
        None, description="A claim tested on the unrounded value: > 14, >= 66, == 66, < 0.5, ~ 14.4 (within 1 %)."
    )
    note: Markdown | None = Field(None, description="Caveats.")
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
    def kind(self) -> FigureKind:
        """Which of value, series or formula this figure is (a figure read from data: what it read, else from)."""
        if self.value is not None or self.series is not None:
            return "value" if self.value is not None else "series"
        return "formula" if self.formula is not None else "from"


class Source(Strict):
    """Something the brief cites."""

    title: Text
    author: Text | None = None
    publisher: Text | None = None
    date: Period | None = None
    url: Url | None = None
    accessed: Date | None = None
    note: Text | None = None


class Criterion(Strict):
    """What the options are judged on."""

    id: Id
    label: Text
    description: Text | None = None


class Rating(Strict):
    """How an option does against one criterion."""

    rating: Annotated[RatingWord, one_of(*RATINGS)]
    note: Markdown | None = None


class Option(Strict):
    """One of the alternatives, lettered A, B, C… in order."""

    id: Id
    title: Text
    summary: Markdown
    detail: Markdown | None = None
    pros: list[Markdown] = Field(default_factory=list)
    cons: list[Markdown] = Field(default_factory=list)
    cost: FigureId | None = Field(None, description="The figure id of the option's cost.")
    ratings: dict[
        Id,
        Annotated[Rating, BeforeValidator(_rating_or_mapping, json_schema_input_type=RatingWord | Rating)],
    ] = Field(default_factory=dict, description="Map of criterion id to good, fair, poor or {rating, note}.")


class Recommendation(Strict):
    """The options recommended and why."""

    options: list[Id] = Field(min_length=1)
    text: Markdown


class Chart(Strict):
    """A bar or line chart of figures of one unit."""

    id: Id
    title: Text
    kind: Annotated[ChartKind, one_of(*CHART_KINDS)]
    figures: list[FigureId] = Field(min_length=1)
    alt: Text = Field(description="What a screen reader reads instead.")
    caption: Markdown | None = None


class Box(Strict):
    """A panel set apart from the running text: a definition or a case study, numbered "Box 1: …"."""

    id: Id
    title: Text
    text: Markdown


AuthorEntry = Annotated[Author, BeforeValidator(_name_or_mapping, json_schema_input_type=Text | Author)]


class Draft(Strict):
    """The parts of a brief that validated: what the checks run on, even when required keys are missing or broken.

    Only a complete draft is a `Brief`; a draft that is not never reaches the renderers.
    """

    briefgen: Version | None = Field(None, description="Format version: 1.")
    title: Text | None = None
    subtitle: Text | None = None
    authors: list[AuthorEntry] = Field(default_factory=list, description="Each a name, or {name, role, organisation}.")
    organisation: Text | None = Field(None, description="Who publishes the brief.")
    reference: Text | None = Field(None, description="Printed on every page, e.g. PB-2025-07.")
    marking: Text | None = Field(
        None, description="Protective marking or embargo line, printed at the top of every page."
    )
    date: Date | None = Field(None, description="Date of the last significant amendment.")
    status: Annotated[Status, one_of(*STATUSES)] = Field(
        "draft", description="draft, review or final; anything but final is watermarked."
    )
    audience: Text | None = Field(None, description="Who the brief is for.")
    locale: Locale = Field("en-GB", description="BCP 47 tag for numbers, currencies, dates and labels.")
    summary: Markdown | None = Field(None, description="The bottom line, first on page 1.")
    key_points: list[Markdown] = Field(default_factory=list, description="Bullets with the summary.")
    problem: Markdown | None = Field(None, description="What is wrong and why it matters now.")
    background: Markdown | None = Field(None, description="Context, how things work today.")
    figures: dict[FigureId, Figure] = Field(default_factory=dict, description="Every number the brief relies on.")
    sources: dict[Id, Source] = Field(default_factory=dict, description="Everything cited.")
    criteria: list[Criterion] = Field(default_factory=list, description="What the options are judged on.")
    options: list[Option] = Field(default_factory=list, description="The alternatives, status quo included.")
    recommendation: Recommendation | None = None
    charts: list[Chart] = Field(default_factory=list)
    boxes: list[Box] = Field(
        default_factory=list,
        description="Panels set apart from the text, placed by {box:id} on a paragraph of its own, "
        "else after the background.",
    )
    annex: Markdown | None = Field(None, description="Printed after the recommendation.")
    bibliography: (
        Annotated[
            list[Text],
            BeforeValidator(lambda v: [v] if isinstance(v, Scalar) else v, json_schema_input_type=Text | list[Text]),
        ]
        | None
    ) = Field(
        None, description="CSL-JSON (.json), CSL-YAML (.yaml, .yml) or BibTeX (.bib) files inside the brief's folder."
    )
    citation_style: Text | None = Field(
        None,
        description="default, a bundled CSL style (oscola, harvard-cite-them-right, chicago-note-bibliography, apa) "
        "or a .csl file inside the brief's or the style's folder.",
    )

    def option_letter(self, option_id: str) -> str:
        """Return the letter (A, B, …) of an option."""
        ids = [o.id for o in self.options]
        return _letter(ids.index(option_id))


class Brief(Draft):
    """A policy brief, format version 1: every required key present and valid."""

    briefgen: Version = Field(description="Format version: 1.")
    title: Text
    authors: list[AuthorEntry] = Field(min_length=1, description="Each a name, or {name, role, organisation}.")
    date: Date = Field(description="Date of the last significant amendment.")
    summary: Markdown = Field(description="The bottom line, first on page 1.")
    problem: Markdown = Field(description="What is wrong and why it matters now.")
    options: list[Option] = Field(min_length=1, description="The alternatives, status quo included.")


def _letter(index: int) -> str:
    """Return A..Z, then AA, AB… (the same lettering as spreadsheet columns)."""
    return column_letters(index + 1)
