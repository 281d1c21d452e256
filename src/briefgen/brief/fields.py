"""Leaf types of the brief format: each checks a YAML scalar and keeps its text as written."""

from __future__ import annotations

import datetime as dt
import keyword
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from briefgen.brief.formatting import bcp47
from briefgen.brief.limits import number_problem
from briefgen.brief.nodes import Scalar
from briefgen.errors import shown

FORMULA_FUNCTIONS = frozenset({"min", "max", "sum", "round", "latest"})
FIGURE_ID = re.compile(r"[a-z][a-z0-9_]*")
OTHER_ID = re.compile(r"[a-z][a-z0-9_-]*")
_YEAR = r"[0-9]{4}"
MIN_YEAR = 1  # year 0 does not exist in the calendar Python and Babel use
PERIOD = re.compile(rf"{_YEAR}(-[0-9]{{2}}(-[0-9]{{2}})?)?|{_YEAR}/[0-9]{{2}}")
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9_]*)(\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9_]+([eE][-+]?[0-9]+)?")


def fail(kind: str, message: str, **ctx: Any) -> PydanticCustomError:
    """Build a validation error with a plain-words message."""
    return PydanticCustomError(kind, message, ctx)


def describe(value: Any) -> str:
    """Describe a YAML value in a few words, for error messages."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Scalar):
        if value.node.tag == "null":
            return "nothing"
        return f"'{shown(value)}'"
    return f"'{shown(value)}'"


def is_blank(text: str) -> bool:
    """True when text holds nothing visible: only whitespace, control and format (zero-width) characters."""
    return all(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in text)


def scalar(value: Any, expected: str) -> Scalar:
    """Return `value` if it is a scalar with a value; raise otherwise."""
    if not isinstance(value, Scalar) or value.node.tag == "null":
        raise fail("type", f"expected {expected}, got {describe(value)}")
    return value


def check_text(value: Any) -> Scalar:
    """Accept any scalar's text as written, unless it is empty or blank."""
    return _filled(scalar(value, "text"))


def check_locale(value: Any) -> str:
    """A locale Babel knows, in its BCP 47 form: en_GB and en-gb become en-GB."""
    item = check_text(value)
    try:
        return bcp47(str(item))
    except ValueError as exc:
        raise fail("locale", "{detail}", detail=str(exc)) from None


def check_markdown(value: Any) -> Scalar:
    """Accept Markdown text, keeping its node for positions, unless it is empty or blank."""
    return _filled(scalar(value, "Markdown text"))


def _filled(item: Scalar) -> Scalar:
    """Refuse text with nothing visible in it; the message names the key (see schema._message)."""
    if is_blank(item):
        raise fail("empty_text", "text is empty")
    return item


def check_number(value: Any) -> Decimal:
    """Accept a plain YAML integer or decimal as an exact Decimal."""
    if isinstance(value, Scalar) and value.node.tag == "bool":
        raise fail("number", f"expected a number, got the boolean {describe(value)}")
    item = scalar(value, "a number")
    if item.node.style in ("'", '"') or item.node.tag not in ("int", "float"):
        hint = "; remove the quotes" if item.node.style and _DECIMAL.fullmatch(str(item)) else ""
        raise fail("number", f"expected a number, got text {describe(item)}{hint}")
    if not _DECIMAL.fullmatch(str(item)):
        raise fail("number", f"{describe(item)} is not a finite decimal number; write numbers like 8630000 or 12.5")
    if len(str(item)) > 40:
        raise fail("number", "number is too long (more than 40 characters)")
    try:
        number = Decimal(str(item).replace("_", ""))
    except InvalidOperation:
        raise fail("number", f"{describe(item)} is not a number") from None
    problem = number_problem(number)
    if problem:
        raise fail("number", f"{describe(item)} {problem}")
    return number


def check_integer(value: Any) -> int:
    """Accept a small whole number."""
    number = check_number(value)
    if number != number.to_integral_value() or not 0 <= number <= 12:
        raise fail("integer", f"expected a whole number from 0 to 12, got {describe(value)}")
    return int(number)


def check_bool(value: Any) -> bool:
    """Accept a YAML boolean (true/false)."""
    item = scalar(value, "true or false")
    if item.node.tag != "bool":
        raise fail("bool", f"expected true or false, got {describe(item)}")
    return str(item).lower() in ("true", "yes", "on", "y")


def check_date(value: Any) -> dt.date:
    """Accept a real calendar date written YYYY-MM-DD."""
    item = scalar(value, "a date (YYYY-MM-DD)")
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(item)):
        raise fail("date", f"expected a date written YYYY-MM-DD, got {describe(item)}")
    try:
        return dt.date.fromisoformat(str(item))
    except ValueError:
        raise fail("date", f"{describe(item)} is not a real date") from None  # year 0, month 13, 30 February


def check_period(value: Any) -> Scalar:
    """Accept a year, month, day or UK financial year (2015/16), with a real year, month and day."""
    item = scalar(value, "a period")
    text = str(item)
    if not PERIOD.fullmatch(text):
        raise fail("period", f"expected a period (2019, 2019-04, 2019-04-30 or 2015/16), got {describe(item)}")
    if int(text[:4]) < MIN_YEAR:
        raise fail("period", f"{describe(item)} has no year {text[:4]}; years run from {MIN_YEAR:04d} to 9999")
    if "/" in text:
        start, end = int(text[:4]), int(text[5:])
        if start >= 9999:
            raise fail("period", f"{describe(item)} is not a financial year; the last is 9998/99")
        if (start + 1) % 100 != end:
            raise fail("period", f"{describe(item)} is not a financial year; write {start}/{(start + 1) % 100:02d}")
    elif text.count("-") == 2:
        check_date(item)
    elif "-" in text and not 1 <= int(text[5:]) <= 12:
        raise fail("period", f"{describe(item)} is not a real month")
    return item


def period_kind(period: str) -> str:
    """Which kind of period a checked period is: year, financial year, month or day."""
    if "/" in period:
        return "financial year"
    return ("year", "month", "day")[period.count("-")]


def period_order(period: str) -> tuple[str, str]:
    """A sort key that puts periods of one kind in time order (and groups kinds, so any mix sorts the same)."""
    return period_kind(period), period


def check_figure_id(value: Any) -> Scalar:
    """Accept a figure id: [a-z][a-z0-9_]*, not a Python keyword or formula function."""
    item = scalar(value, "a figure id")
    if not FIGURE_ID.fullmatch(item):
        raise fail(
            "id",
            f"{describe(item)} is not a valid figure id; use lower-case letters, digits and _, starting with a letter",
        )
    if keyword.iskeyword(item) or item in FORMULA_FUNCTIONS:
        raise fail("id", f"{describe(item)} is a reserved word and cannot be a figure id")
    return item


def check_id(value: Any) -> Scalar:
    """Accept a source, option, criterion or chart id: [a-z][a-z0-9_-]*."""
    item = scalar(value, "an id")
    if not OTHER_ID.fullmatch(item):
        raise fail(
            "id", f"{describe(item)} is not a valid id; use lower-case letters, digits, _ and -, starting with a letter"
        )
    return item


def check_url(value: Any) -> Scalar:
    """Accept an http: or https: URL."""
    item = check_text(value)
    if not re.match(r"https?://[^\s/]+", item, re.IGNORECASE):
        raise fail("url", f"url must start with http:// or https://, got {describe(item)}")
    return item


def one_of(*choices: str) -> PlainValidator:
    """Validate a scalar whose text is one of `choices`."""

    def check(value: Any) -> Scalar:
        item = scalar(value, " or ".join(choices))
        if item not in choices:
            raise fail("choice", f"expected one of {', '.join(choices)}, got {describe(item)}")
        return item

    return PlainValidator(check, json_schema_input_type=Literal[choices])


def _json(kind: str | list[str], description: str, **extra: Any) -> WithJsonSchema:
    """JSON Schema for a leaf type."""
    return WithJsonSchema({"type": kind, "description": description, **extra})


# JSON Schemas describe what the loader accepts as a YAML editor sees it: `title: 1984` is a number there,
# `id: yes` a boolean (YAML 1.1), yet both are text to briefgen.
_SCALAR = ["string", "number", "boolean"]
_ID = ["string", "boolean"]
_DAY = r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_PERIOD_JSON = {
    "anyOf": [
        {"type": "string", "pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$|^[0-9]{4}/[0-9]{2}$"},
        {"type": "string", "pattern": f"^{_DAY}$", "format": "date"},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
    "description": "A year (2019), month (2019-04), day (2019-04-30) or UK financial year (2015/16).",
}

Text = Annotated[str, PlainValidator(check_text), _json(_SCALAR, "Text, taken as written.")]
Locale = Annotated[str, PlainValidator(check_locale), _json(_SCALAR, "A BCP 47 locale tag, e.g. en-GB.")]
Markdown = Annotated[
    str,
    PlainValidator(check_markdown),
    _json(
        _SCALAR,
        "Markdown (CommonMark with tables, footnotes, strikethrough; "
        "{figure}, {option:id}, {chart:id}, [@source] citations).",
    ),
]
Number = Annotated[Decimal, PlainValidator(check_number), _json("number", "A plain YAML integer or decimal.")]
Integer = Annotated[int, PlainValidator(check_integer), _json("integer", "A whole number.", minimum=0, maximum=12)]
Bool = Annotated[bool, PlainValidator(check_bool), _json("boolean", "true or false.")]
Date = Annotated[
    dt.date, PlainValidator(check_date), _json("string", "A date, YYYY-MM-DD.", pattern=f"^{_DAY}$", format="date")
]
Period = Annotated[str, PlainValidator(check_period), WithJsonSchema(_PERIOD_JSON)]
FigureId = Annotated[
    str,
    PlainValidator(check_figure_id),
    _json(
        _ID,
        "A figure id.",
        pattern=r"^[a-z][a-z0-9_]*$",
        **{"not": {"enum": sorted({*keyword.kwlist, *FORMULA_FUNCTIONS})}},
    ),
]
Id = Annotated[str, PlainValidator(check_id), _json(_ID, "An id.", pattern=r"^[a-z][a-z0-9_-]*$")]
Url = Annotated[
    str,
    PlainValidator(check_url),
    _json("string", "An http: or https: URL, printed, never fetched.", pattern=r"^[hH][tT][tT][pP][sS]?://[^\s/]"),
]
