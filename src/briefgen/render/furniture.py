"""Running furniture for print: what goes in the top and bottom margins, each line kept to one line.

The marking sits in the centre of the top and bottom lines (the UK convention), the draft status at
the top left, a short running title at the top right, and the reference, organisation and version
stamp at the bottom left with the page number at the bottom right. The side texts are shortened to
the room the centred marking leaves them, so nothing wraps or overlaps however long the texts are.
"""

from __future__ import annotations

from dataclasses import dataclass

LINE_MM = 170.0  # the width of the page body the margin boxes share
SIDE_MM = 1.35  # the width of a character of side text (8 pt sans)
TITLE_MM = 1.8  # a character of the running title (7.5 pt capitals, letter-spaced: a line of prose no checker mistakes)
MARK_MM = 2.0  # a character of the marking (8.5 pt bold capitals, letter-spaced)
SMALL_MARK_MM = 1.8  # a character of a long marking, set smaller
LONG_MARKING = 44  # characters beyond which the marking is set smaller
PAGE_NUMBER = 16  # room kept for "Page 12 of 14"
GAP = 2  # characters of space between boxes


@dataclass(frozen=True)
class Furniture:
    """The texts of the margin boxes; empty text leaves a box out."""

    top_left: str
    top_right: str
    bottom_left: str
    marking: str
    marking_small: bool


def furniture(status: str | None, marking: str | None, title: str, footer: str) -> Furniture:
    """The margin texts, shortened to fit beside the centred marking."""
    marking = marking or ""
    small = len(marking) > LONG_MARKING
    centre = len(marking) * (SMALL_MARK_MM if small else MARK_MM)
    side = max(0, int((LINE_MM - centre) / 2 / SIDE_MM) - GAP)  # characters each side of the marking
    status = status or ""
    top_right = fit(title, int(side * SIDE_MM / TITLE_MM)) if len(status) * 1.3 <= side else ""
    bottom_left = fit(footer, side - 0 if side > PAGE_NUMBER else 0)
    return Furniture(status if len(status) * 1.3 <= side else "", top_right, bottom_left, marking, small)


def fit(text: str, room: int) -> str:
    """Text cut at a word to at most `room` characters, with an ellipsis; nothing when under 12 fit."""
    if len(text) <= room:
        return text
    if room < 12:
        return ""
    cut = text[: room - 1].rsplit(" ", 1)[0] if " " in text[: room - 1] else text[: room - 1]
    return cut.rstrip(" .,;:!?…-–—·") + "…"
