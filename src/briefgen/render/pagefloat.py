"""Page floats and splits, so that a hole at a page foot fills with text.

WeasyPrint has no page floats: a chart too tall for the rest of a page moves whole to the next one
and leaves the space empty, and so does an option kept together with its For/Against. After a
layout, each page that ends in an empty band is looked at with the page after it:

- a chart that opens the next page moves down the document, past the blocks that follow it (in its
  own field, or in the sections after it) that fit together in the band, so they fill it and the
  chart heads the next page as before; a heading is never left last in the band; the charts straight
  after it on that page move with it, in their order, so that a run of charts does not stop the move;
- an option that opens the next page may split inside its For/Against, after their first lines,
  when the band is at least SPLIT_HOLE of a page.

The moves are made on a fresh copy of the document tree (elements named by their path from the root,
which is the same in every copy) and the brief is laid out again, up to PASSES times in all. A layout
is kept only if its worst band is not taller than the best one's before it by more than WORSE_BY: a
move that fills one page's foot but leaves a taller hole on the next (a matrix kept with its key,
say) is undone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

MIN_HOLE = 0.08  # a band shorter than this share of the page is left alone
SPLIT_HOLE = 0.10  # an option splits only to fill a band at least this tall
SLACK = 12.0  # CSS pixels kept free, for margins that collapse differently
PASSES = 3  # layouts at most, the first one included
WORSE_BY = 0.02  # a layout is undone when its worst band is taller than the best one's by more than this share
LAID_OUT = ("LineBox", "InlineReplacedBox", "BlockReplacedBox", "TableRowBox")
OPENED = ("section", "main", "body")  # containers whose blocks are looked at one by one
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6", "figcaption")
Path = tuple[int, ...]


@dataclass
class Plan:
    """What to change before the next layout: charts to move after another element, options allowed to split."""

    moves: dict[Path, Path] = field(default_factory=dict)  # a chart's figure -> the element it goes after
    splits: set[Path] = field(default_factory=set)  # options whose For/Against may split

    def merged(self, other: Plan) -> Plan:
        """This plan with another's changes added (a chart's later move replacing its earlier one)."""
        return Plan({**self.moves, **other.moves}, self.splits | other.splits)

    def adds_to(self, other: Plan) -> bool:
        """True when this plan changes something the other does not."""
        return any(other.moves.get(k) != v for k, v in self.moves.items()) or not self.splits <= other.splits


def laid_out(parse: Callable[[], Any], render: Callable[[Any], Any]) -> Any:
    """Lay a document out, then again with charts moved and options split while that fills holes."""
    source = parse()
    paths = _paths(source.etree_element)
    document = render(source)
    best, plan = document, Plan()
    for _ in range(PASSES - 1):
        found = plan_for(document, source.etree_element, paths)
        if not found.adds_to(plan):
            break
        plan = plan.merged(found)
        source = parse()
        paths = _paths(source.etree_element)
        apply(plan, source.etree_element)
        document = render(source)
        if worst_hole(document) <= worst_hole(best) + WORSE_BY:
            best = document
    return best


def worst_hole(document: Any) -> float:
    """The tallest empty band at the foot of any page but the last, as a share of the page's body."""
    pages = [page._page_box for page in document.pages[:-1]]
    return max((_hole(page) / page.margin_height() for page in pages), default=0.0)


def plan_for(document: Any, root: Any, paths: dict[Any, Path]) -> Plan:
    """The moves and splits that would fill the holes at the feet of a laid-out document's pages."""
    parents = {child: parent for parent in root.iter() for child in parent}
    plan = Plan()
    for number in range(1, len(document.pages)):
        page = document.pages[number]._page_box
        hole = _hole(document.pages[number - 1]._page_box)
        if hole < MIN_HOLE * page.margin_height():
            continue
        opening = _opening(page)
        if opening is None:
            continue
        if opening.element_tag == "figure":
            boxes = _boxes(page)
            later = _boxes(document.pages[number + 1]._page_box) if number + 1 < len(document.pages) else {}
            group = _chart_run(opening.element, parents, boxes, later)
            after = _last_fitting(group[-1], parents, boxes, later, hole - SLACK)
            for chart in group if after is not None else ():
                plan.moves[paths[chart]] = paths[after]
                after = chart  # the charts keep their order, each after the one before it
        elif hole >= SPLIT_HOLE * page.margin_height():
            plan.splits.add(paths[opening.element])
    return plan


def apply(plan: Plan, root: Any) -> None:
    """Make a plan's changes to a fresh document tree."""
    found = {path: element for element, path in _paths(root).items()}
    parents = {child: parent for parent in root.iter() for child in parent}
    for path in plan.splits:
        option = found[path]
        option.set("class", f"{option.get('class', '')} split".strip())
    for chart_path, after_path in sorted(plan.moves.items()):
        figure, after = found[chart_path], found[after_path]
        parents[figure].remove(figure)
        parent = parents[after]
        parent.insert(list(parent).index(after) + 1, figure)
        parents[figure] = parent


def _paths(root: Any) -> dict[Any, Path]:
    """Each element's path from the root: the index of each child on the way down."""
    out: dict[Any, Path] = {root: ()}
    for parent in root.iter():
        for index, child in enumerate(parent):
            out[child] = (*out[parent], index)
    return out


def _flow(page: Any) -> Any:
    """The page's main flow: its root block box (not the margin boxes or the footnote area)."""
    return next(child for child in page.children if type(child).__name__ == "BlockBox")


def _opening(page: Any) -> Any | None:
    """The box of a chart's figure or of an option that is the first thing laid out on a page, if one is."""
    top = page.content_box_y()
    for box in _flow(page).descendants():
        element = getattr(box, "element", None)
        tag, classes = getattr(box, "element_tag", None), str(element.get("class") or "") if element is not None else ""
        if (tag == "figure" and "chart" in classes) or (tag == "section" and "option" in classes.split()):
            return box if box.position_y - top < 2 else None
        if type(box).__name__ in LAID_OUT:
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


def _boxes(page: Any) -> dict[Any, Any]:
    """Each element's first box on a page."""
    boxes: dict[Any, Any] = {}
    for box in _flow(page).descendants():
        owner = getattr(box, "element", None)
        if owner is not None:
            boxes.setdefault(owner, box)
    return boxes


def _following(element: Any, parents: dict[Any, Any]) -> Iterator[Any]:
    """The blocks after an element in reading order: its later siblings, then its ancestors' (sections opened)."""
    node = element
    while node in parents:
        parent = parents[node]
        siblings = list(parent)
        for sibling in siblings[siblings.index(node) + 1 :]:
            yield from _blocks(sibling)
        node = parent


def _blocks(element: Any) -> Iterator[Any]:
    """An element as blocks: a section (not an option, kept together) opened into its children."""
    classes = (element.get("class") or "").split()
    if _tag(element) in OPENED and "option" not in classes:
        for child in element:
            yield from _blocks(child)
    else:
        yield element


def _chart_run(first: Any, parents: dict[Any, Any], boxes: dict[Any, Any], later: dict[Any, Any]) -> list[Any]:
    """A chart and the charts straight after it, whole on the same page: they move together."""
    run = [first]
    for block in _following(first, parents):
        classes = (block.get("class") or "").split()
        if _tag(block) != "figure" or "chart" not in classes or block not in boxes or block in later:
            break
        run.append(block)
    return run


def _last_fitting(
    figure: Any, parents: dict[Any, Any], boxes: dict[Any, Any], later: dict[Any, Any], room: float
) -> Any:
    """The last of the blocks after a chart, whole on its page, that fit together in `room` (None if none does)."""
    fitting: list[Any] = []
    used = 0.0
    for block in _following(figure, parents):
        box = boxes.get(block)
        if box is None or block in later or _tag(block) == "figure":
            break
        used += box.margin_height()
        if used > room:
            break
        fitting.append(block)
    while fitting and _tag(fitting[-1]) in HEADINGS:  # no heading alone at the foot of the band
        fitting.pop()
    return fitting[-1] if fitting else None


def _tag(element: Any) -> str:
    """An element's tag without its namespace."""
    return str(element.tag).rsplit("}", 1)[-1]
