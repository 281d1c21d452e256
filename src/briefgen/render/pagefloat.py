"""Charts float down past text that fits in the hole they leave: the hole at a page foot fills with text.

WeasyPrint has no page floats, so a chart too tall for the rest of a page moves whole to the next
one and leaves the space empty. After a first layout, each chart that opens a page (after the first)
while the page before ends in an empty band is given a delay: the number of the paragraphs after it
that fit in that band. The brief is laid out again with each such chart placed that many blocks
later, so those paragraphs fill the band and the chart still heads the next page.
"""

from __future__ import annotations

from typing import Any

MIN_HOLE = 0.08  # a band shorter than this share of the page is left alone
SLACK = 12.0  # CSS pixels kept free, for margins that collapse differently
LAID_OUT = ("LineBox", "InlineReplacedBox", "BlockReplacedBox", "TableRowBox")
STOPS = ("figure", "aside", "section", "div", "h1", "h2", "h3", "table")


def chart_delays(document: Any, root: Any) -> dict[str, int]:
    """For each chart that left a hole at the foot of the page before it, how many blocks to place it later."""
    parents = {child: parent for parent in root.iter() for child in parent}
    delays: dict[str, int] = {}
    for number in range(1, len(document.pages)):
        page = document.pages[number]._page_box
        figure = _opening_chart(page)
        if figure is None:
            continue
        hole = _hole(document.pages[number - 1]._page_box)
        if hole < MIN_HOLE * page.margin_height():
            continue
        count = _fitting_siblings(page, figure.element, parents, hole - SLACK)
        if count:
            delays[str(figure.element.get("id", ""))[len("chart-") :]] = count
    return delays


def _flow(page: Any) -> Any:
    """The page's main flow: its root block box (not the margin boxes or the footnote area)."""
    return next(child for child in page.children if type(child).__name__ == "BlockBox")


def _opening_chart(page: Any) -> Any | None:
    """The figure box of a chart that is the first thing laid out on a page, if one is."""
    top = page.content_box_y()
    for box in _flow(page).descendants():
        name = type(box).__name__
        if getattr(box, "element_tag", None) == "figure" and "chart" in (box.element.get("class") or ""):
            return box if box.position_y - top < 2 else None
        if name in LAID_OUT:
            return None
    return None


def _hole(page: Any) -> float:
    """The empty height between the last laid-out line of a page and its footnotes or its foot."""
    limit = page.content_box_y() + page.height
    for child in page.children:
        if type(child).__name__ == "FootnoteAreaBox" and child.children:
            limit = min(limit, child.position_y)
    bottoms = [
        box.position_y + box.margin_height() for box in _flow(page).descendants() if type(box).__name__ in LAID_OUT
    ]
    return float(limit - max(bottoms, default=limit))


def _fitting_siblings(page: Any, element: Any, parents: dict[Any, Any], room: float) -> int:
    """How many of the blocks after a chart, laid out whole on its page, fit together in `room`."""
    parent = parents.get(element)
    if parent is None:
        return 0
    siblings = list(parent)
    boxes: dict[Any, Any] = {}
    for box in _flow(page).descendants():
        owner = getattr(box, "element", None)
        if owner is not None:
            boxes.setdefault(owner, box)
    count, used = 0, 0.0
    for sibling in siblings[siblings.index(element) + 1 :]:
        tag = str(sibling.tag).rsplit("}", 1)[-1]
        box = boxes.get(sibling)
        if tag in STOPS or box is None:
            break
        used += box.margin_height()
        if used > room:
            break
        count += 1
    return count
