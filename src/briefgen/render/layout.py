"""Lay out a checked brief as a view model, in reading order, for any output target."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from markdown_it.token import Token

from briefgen.brief.bibliography import as_source
from briefgen.brief.check import Checked
from briefgen.brief.formatting import format_date, format_period
from briefgen.brief.model import Brief
from briefgen.brief.prose import cite_items, fill_plain
from briefgen.render.citeproc import Call, Styled, styled, tokens
from briefgen.render.labels import RATING_SYMBOLS, Labels, labels_for
from briefgen.render.resolve import Hooks, Resolver, Target, citation_tokens, emphasis, text
from briefgen.render.tablenotes import mark_notes
from briefgen.render.typography import smart_text, smarten


@dataclass
class Usage:
    """Sources in order of first use: cited, or behind a printed figure."""

    order: list[str] = field(default_factory=list)

    def use(self, *source_ids: str) -> None:
        """Record sources as used."""
        for sid in source_ids:
            if sid not in self.order:
                self.order.append(sid)


class Layout:
    """Builds the view model a template renders, rendering prose in reading order."""

    def __init__(
        self,
        checked: Checked,
        target: Target,
        cache: object | None = None,
        recording: bool = False,
        labels: Labels | None = None,
    ):
        self.checked = checked
        self.brief: Brief = checked.brief
        self.locale = str(self.brief.locale)
        self.labels = labels if labels is not None else labels_for(self.locale)
        self.usage = Usage()
        self.placed: set[str] = set()
        self.numbers: dict[str, int] = {}  # 'chart:id' and 'box:id' numbered in reading order
        self.first_note: dict[str, int] = {}
        self.target = target
        hooks = Hooks(
            self.figure_text, self.option_text, self.citation, self.chart_tokens, self.short_citation, self.box_tokens
        )
        self.calls: list[Call] = []  # citations formatted by a CSL style, in reading order
        self.styled: Styled | None = None
        if checked.bibliography.styled:
            hooks.styled, hooks.styled_notes = self.styled_citation, checked.bibliography.note
            self.styled = None if recording else styled_citations(checked, cache)
        self.resolver = Resolver(target, hooks, polish=lambda tokens: smarten(tokens, self.locale))

    def styled_citation(self, written: str, in_note: int | None, own: int | None) -> list[Token]:
        """A citation as the CSL style prints it (nothing while recording the reading order)."""
        self.usage.use(*(sid for sid, _ in cite_items(written) or []))
        index = len(self.calls)
        self.calls.append(Call(written, in_note, own, len(self.resolver.notes.items)))
        if self.styled is None or index >= len(self.styled.cites):
            return []
        return tokens(self.styled.cites[index])

    def source_of(self, sid: str) -> Any:
        """An entry of `sources`, or a bibliography file's entry seen as one; None if neither."""
        source = self.brief.sources.get(sid)
        entry = self.checked.bibliography.entries.get(sid)
        return source if source is not None else as_source(entry) if entry is not None else None

    def smart(self, value: Any) -> Any:
        """A plain text field with smart punctuation (None stays None)."""
        return smart_text(None if value is None else str(value), self.locale)

    def number(self, kind: str, item_id: str) -> int:
        """The number of a chart or box, given in reading order the first time it is placed."""
        key = f"{kind}:{item_id}"
        if key not in self.numbers:
            self.numbers[key] = 1 + sum(1 for k in self.numbers if k.startswith(f"{kind}:"))
        return self.numbers[key]

    def figure_text(self, fid: str) -> str:
        """A figure's printed value; its sources count as used."""
        if fid not in self.brief.figures:
            return f"{{{fid}}}"
        self.usage.use(*self.checked.figures.sources.get(fid, []))
        return self.checked.figures.display(fid)

    def option_text(self, oid: str) -> str:
        """'Option B: Borough-led plans'."""
        option = next((o for o in self.brief.options if o.id == oid), None)
        if option is None:
            return oid
        return (
            f"{self.labels['option']} {self.brief.option_letter(oid)}{self.labels['colon']} {self.smart(option.title)}"
        )

    def citation(self, items: list[tuple[str, str]], number: int) -> list[Token]:
        """Inline tokens for a citation in note `number`: full the first time, short with a cross-reference after."""
        self.usage.use(*(sid for sid, _ in items))
        tokens = citation_tokens(items, lambda sid: self.source_note(sid, number))
        for sid, _ in items:
            self.first_note.setdefault(sid, number)
        return tokens

    def short_citation(self, items: list[tuple[str, str]]) -> str:
        """A citation in alt text, read aloud: '(Short title, p. 3; Other title)'."""
        self.usage.use(*(sid for sid, _ in items))
        return short_citation(self.brief, items, self.source_of)

    def source_note(self, sid: str, number: int) -> list[Token]:
        """Author, *Title*, date the first time; *Title*, n 3 when cited again."""
        source = self.source_of(sid)
        if source is None:
            return [text(sid)]
        first = self.first_note.get(sid)
        if first is not None and first != number:
            return [
                *emphasis([text(_short_title(self.smart(source.title)))]),
                text(f", {self.labels['note_short']} {first}"),
            ]
        lead = [text(f"{self.smart(source.author)}, ")] if source.author else []
        date = self.period(source.date) if source.date else None
        tail = f", {date}" if date and not _ends_with(str(source.title), date) else ""
        return [*lead, *emphasis([text(self.smart(source.title))]), text(tail)]

    def period(self, value: Any) -> str:
        """A period printed per locale."""

        return format_period(str(value), self.locale)

    def prose(self, *loc: Any) -> Any:
        """The parsed prose at a path, or None."""
        return self.checked.prose.get(tuple(loc))

    def build(self) -> dict[str, Any]:
        """The whole view model, prose rendered in reading order."""

        brief, r = self.brief, self.resolver
        view: dict[str, Any] = {
            "labels": self.labels,
            "lang": self.locale,
            "title": self.smart(brief.title),
            "subtitle": self.smart(brief.subtitle),
            "organisation": _opt(brief.organisation),
            "reference": _opt(brief.reference),
            "marking": _opt(brief.marking),
            "audience": _opt(brief.audience),
            "status": str(brief.status),
            "status_label": self.labels[f"status_{brief.status}"],
            "date": format_date(brief.date, self.locale),
            "date_iso": brief.date.isoformat(),
            "authors": [self.author(a) for a in brief.authors],
            "author_names": [str(a.name) for a in brief.authors],
        }
        view["summary"] = r.field(self.prose("summary"), 2)
        view["description"] = self.plain_text(self.prose("summary"))
        view["key_points"] = [r.inline_field(self.prose("key_points", i)) for i in range(len(brief.key_points))]
        view["key_figures"] = [self.figure_row(fid) for fid, f in brief.figures.items() if f.key]
        view["bottom_line"] = self.bottom_line()
        view["problem"] = r.field(self.prose("problem"), 2)
        view["background"] = r.field(self.prose("background"), 2)
        view["charts_after_background"] = [r.target.blocks(self.target.chart(c)) for c in self.unplaced_charts()]
        view["boxes_after_background"] = [r.target.blocks(self.box_tokens(b)) for b in self.unplaced_boxes()]
        view["options"] = [self.option(i) for i in range(len(brief.options))]
        view["criteria"] = [
            {"id": str(c.id), "label": self.smart(c.label), "description": self.smart(c.description)}
            for c in brief.criteria
        ]
        view["matrix"] = self.matrix()
        view["matrix_transposed"] = self.transposed(view["matrix"], view["criteria"])
        view["matrix_notes"] = mark_notes(view["matrix"], view["matrix_transposed"])
        view["rating_symbols"] = dict(RATING_SYMBOLS)
        view["matrix_has_recommended"] = any(row["recommended"] for row in view["matrix"])
        view["recommendation"] = self.recommendation()
        view["annex"] = r.field(self.prose("annex"), 2)
        view["figures"] = _grouped([self.figure_row(fid, table=True) for fid in brief.figures])
        view["figures_as_of"] = any(row["as_of"] for row in view["figures"])
        view["figures_period"] = any(row["period"] for row in view["figures"])
        view["notes"] = list(r.notes.items)
        view["references"] = [self.reference(sid) for sid in self.usage.order if self.source_of(sid) is not None]
        view["csl_references"] = self.styled is not None
        if self.styled is not None:
            view["references"] = [
                {"id": sid, "text": self.target.inline(tokens(entry))} for sid, entry in self.styled.bibliography
            ]
        return view

    def plain_text(self, prose: Any) -> str:
        """A field's text without markup, notes, citations, charts or images: for metadata."""
        words: list[str] = []
        in_notes = False
        for block in prose.tokens if prose is not None else []:
            in_notes = (in_notes or block.type == "footnote_block_open") and block.type != "footnote_block_close"
            if block.type == "inline" and not in_notes:
                words.extend(self._plain_inline(block.children or []))
            words.append(" ")
        text = " ".join("".join(words).split())
        return re.sub(r" ([.,;:!?)])", r"\1", text)

    def _plain_inline(self, children: list[Token]) -> list[str]:
        """The plain text of inline tokens."""
        out = []
        for token in children:
            if token.type in ("text", "code_inline"):
                out.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                out.append(" ")
            elif token.type == "brief_figure" and token.meta["name"] in self.brief.figures:
                out.append(self.checked.figures.display(token.meta["name"]))
            elif token.type == "brief_option":
                out.append(self.option_text(token.meta["name"]))
        return out

    def author(self, author: Any) -> dict[str, str | None]:
        """An author's name, role and organisation."""
        return {"name": str(author.name), "role": _opt(author.role), "organisation": _opt(author.organisation)}

    def chart_view(self, chart_id: str) -> dict[str, Any] | None:
        """A chart's title, alt text and rendered caption; marks it placed."""
        index, chart = next(((i, c) for i, c in enumerate(self.brief.charts) if c.id == chart_id), (None, None))
        if chart is None:
            return None
        self.placed.add(chart_id)
        for fid in chart.figures:
            if fid in self.brief.figures:
                self.usage.use(*self.checked.figures.sources.get(fid, []))
        alt = self.alt(chart)
        caption = self.resolver.inline_field(self.prose("charts", index, "caption"))
        sources = [
            self.smart(self.source_of(s).title)
            for f in chart.figures
            for s in self.checked.figures.sources.get(f, [])
            if self.source_of(s) is not None
        ]
        source_line = (
            f"{self.labels['source']}{self.labels['colon']} {'; '.join(dict.fromkeys(sources))}" if sources else ""
        )
        return {
            "id": str(chart.id),
            "title": self.smart(chart.title),
            "number": self.number("chart", str(chart.id)),
            "label": self.labels["figure_numbered"].replace("{number}", str(self.number("chart", str(chart.id)))),
            "colon": self.labels["colon"],
            "kind": str(chart.kind),
            "alt": alt,
            "caption": caption,
            "figures": [str(f) for f in chart.figures],
            "sources": source_line,
        }

    def alt(self, chart: Any) -> str:
        """A chart's alt text with references filled and citations short, in brackets."""
        return fill_plain(str(chart.alt), self.figure_text, self.option_text, self.short_citation)

    def chart_tokens(self, chart_id: str) -> list[Token]:
        """Block tokens placing a chart where a field asks for it."""
        view = self.chart_view(chart_id)
        return self.target.chart(view) if view else []

    def unplaced_charts(self) -> list[dict[str, Any]]:
        """Charts that no field placed, shown after the background."""
        views = [
            self.chart_view(str(c.id))
            for c in self.brief.charts
            if c.id not in self.placed and c.id not in self.checked.placed
        ]
        return [v for v in views if v is not None]

    def box_tokens(self, box_id: str) -> list[Token]:
        """Block tokens placing a box, numbered "Box 1: …", where a field asks for it."""
        index = next((i for i, b in enumerate(self.brief.boxes) if b.id == box_id), None)
        if index is None or f"box:{box_id}" in self.placed:
            return []
        self.placed.add(f"box:{box_id}")
        box = self.brief.boxes[index]
        number = self.number("box", box_id)
        view = {
            "id": box_id,
            "number": number,
            "label": self.labels["box_numbered"].replace("{number}", str(number)),
            "colon": self.labels["colon"],
            "title": self.smart(box.title),
        }
        return self.target.box(view, self.resolver.field_tokens(self.prose("boxes", index, "text"), 3))

    def unplaced_boxes(self) -> list[str]:
        """Boxes that no field placed, shown after the background."""
        return [
            str(b.id)
            for b in self.brief.boxes
            if f"box:{b.id}" not in self.placed and f"box:{b.id}" not in self.checked.placed
        ]

    def option(self, index: int) -> dict[str, Any]:
        """One option with its letter, prose and cost."""
        option, r = self.brief.options[index], self.resolver
        cost = self.figure_text(str(option.cost)) if option.cost is not None else None
        return {
            "id": str(option.id),
            "letter": self.brief.option_letter(option.id),
            "title": self.smart(option.title),
            "summary": r.field(self.prose("options", index, "summary"), 3),
            "detail": r.field(self.prose("options", index, "detail"), 3),
            "pros": [r.inline_field(self.prose("options", index, "pros", j)) for j in range(len(option.pros))],
            "cons": [r.inline_field(self.prose("options", index, "cons", j)) for j in range(len(option.cons))],
            "cost": cost,
            "recommended": bool(self.brief.recommendation and option.id in self.brief.recommendation.options),
        }

    def matrix(self) -> list[dict[str, Any]]:
        """The appraisal matrix: one row per option, one cell per criterion."""
        rows = []
        for i, option in enumerate(self.brief.options):
            cells = []
            for criterion in self.brief.criteria:
                rating = option.ratings.get(criterion.id)
                word = rating.rating if rating else "none"
                note = (
                    self.resolver.inline_field(self.prose("options", i, "ratings", str(criterion.id), "note"))
                    if rating
                    else ""
                )
                label = self.labels[f"rating_{word}"] if rating else self.labels["not_rated"]
                cells.append({"rating": word, "word": label, "symbol": RATING_SYMBOLS[word], "note": note})
            rows.append(
                {
                    "letter": self.brief.option_letter(option.id),
                    "title": self.smart(option.title),
                    "cells": cells,
                    "recommended": bool(self.brief.recommendation and option.id in self.brief.recommendation.options),
                }
            )
        return rows if self.brief.criteria else []

    def transposed(self, rows: list[dict[str, Any]], criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The matrix turned round, one row per criterion, for more than six criteria."""
        if len(criteria) <= 6:
            return []
        return [{"label": c["label"], "cells": [row["cells"][i] for row in rows]} for i, c in enumerate(criteria)]

    def bottom_line(self) -> dict[str, Any] | None:
        """Page 1's statement of the recommendation: the options and the first paragraph, as plain text."""
        rec = self.brief.recommendation
        if rec is None:
            return None
        prose = self.prose("recommendation", "text")
        lead = ""
        if prose is not None:
            first = next((i for i, t in enumerate(prose.tokens) if t.type == "paragraph_close"), len(prose.tokens))
            lead = self.plain_text(_Tokens(prose.tokens[: first + 1]))
        return {
            "options": [self.option_text(str(o)) for o in rec.options],
            "lead": self.smart(lead) or "",
        }

    def recommendation(self) -> dict[str, Any] | None:
        """The recommended options and the reasoning."""
        rec = self.brief.recommendation
        if rec is None:
            return None
        return {
            "options": [self.option_text(str(o)) for o in rec.options],
            "text": self.resolver.field(self.prose("recommendation", "text"), 2),
        }

    def figure_row(self, fid: str, table: bool = False) -> dict[str, Any]:
        """A figure's label, printed value, as-of period, sources, formula and note."""
        figure = self.brief.figures[fid]
        sources = self.checked.figures.sources.get(fid, [])
        self.usage.use(*sources)
        note = self.resolver.field(self.prose("figures", fid, "note"), 6) if table else ""
        number, unit = self.number_and_unit(fid)
        period = self.period(figure.as_of) if figure.as_of else ""
        if not period and figure.kind == "series" and figure.series:
            period = self.period(list(figure.series)[-1])
        return {
            "id": fid,
            "label": self.smart(figure.label),
            "value": self.checked.figures.display(fid),
            "number": number,
            "unit": unit,
            "period": period,
            "as_of": self.period(figure.as_of) if figure.as_of else "",
            "sources": [
                _short_title(self.smart(self.source_of(s).title)) for s in sources if self.source_of(s) is not None
            ],
            "computed": figure.kind == "formula",
            "formula": _opt(figure.formula),
            "formula_words": self.formula_words(figure.formula) if figure.formula else None,
            "note": note,
            "data": self.data_origin(fid),
        }

    def number_and_unit(self, fid: str) -> tuple[str, str]:
        """A figure printed without its period, split into the number and a unit word after it ('66', 'seats')."""
        shown = self.checked.figures.display(fid, with_period=False)
        unit = str(self.brief.figures[fid].unit)
        if unit not in ("count", "ratio", "percent") and shown.endswith(f" {unit}"):
            return shown[: -len(unit) - 1], unit
        return shown, ""

    def formula_words(self, formula: Any) -> str:
        """A formula in words: each figure id replaced by its label, operators by their signs."""
        labels = {fid: str(f.label) for fid, f in self.brief.figures.items()}
        words = re.sub(r"[A-Za-z_][A-Za-z0-9_]*", lambda m: labels.get(m.group(0), m.group(0)), str(formula))
        for sign, word in (("*", "×"), ("/", "÷"), ("-", "−")):
            words = words.replace(f" {sign} ", f" {word} ")
        return self.smart(words) or ""

    def data_origin(self, fid: str) -> str:
        """Where a figure read from a data file was read: 'data/x.xlsx, sheet T, row R, column C', or ''."""
        origin = self.checked.origins.get(fid)
        if origin is None:
            return ""
        parts = [origin.file]
        for key, value in (
            ("sheet", origin.sheet),
            ("cell", origin.cell),
            ("row", origin.row),
            ("column", origin.column),
        ):
            if value is not None:
                parts.append(f"{self.labels['data_' + key]} {value}")
        return ", ".join(parts)

    def reference(self, sid: str) -> dict[str, Any]:
        """One entry under References."""

        source = self.source_of(sid)
        date = self.period(source.date) if source.date else None
        return {
            "id": sid,
            "title": self.smart(source.title),
            "author": self.smart(source.author),
            "publisher": self.smart(source.publisher),
            "date": None if date and _ends_with(str(source.title), date) else date,
            "url": _opt(source.url),
            "note": _opt(source.note),
            "accessed": format_date(source.accessed, self.locale) if source.accessed else None,
        }


class _Tokens:
    """Some tokens of a field, for plain_text."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens


def _ends_with(title: str, date: str) -> bool:
    """True when a title already ends with its date ('Survey, autumn 2024' dated 2024): the year is not repeated."""
    return title.rstrip(" .)").endswith(date)


def _grouped(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figures-table rows grouped by their sources, in order of first appearance; each group's first row says so."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row["sources"]), []).append(row)
    out = []
    for members in groups.values():
        for i, row in enumerate(members):
            out.append({**row, "group_start": i == 0, "group_size": len(members)})
    return out


def chart_alt(checked: Checked, chart: Any) -> str:
    """A chart's alt text as printed and read aloud: references filled, citations short."""
    return Layout(checked, cast(Target, _NoTarget()), recording=True).alt(chart)  # alt text renders no prose


class _NoTarget:
    """A target for work that renders no prose; it records nothing and renders everything as nothing."""

    def blocks(self, tokens: list[Token]) -> str:
        """Nothing."""
        return ""

    def inline(self, children: list[Token]) -> str:
        """Nothing."""
        return ""

    def note_ref(self, number: int, note: str | None, anchor: bool) -> Token:
        """An empty text."""
        return text("")

    def note_float(self, number: int, note: str) -> list[Token]:
        """Nothing."""
        return []

    def chart(self, view: dict[str, Any]) -> list[Token]:
        """Nothing."""
        return []

    def image(self, token: Token) -> None:
        """Nothing."""


def styled_citations(checked: Checked, cache: object | None = None) -> Styled:
    """Lay the brief out once to find its citations in reading order, then format them all with citeproc."""
    recorder = Layout(checked, cast(Target, _NoTarget()), recording=True)
    recorder.build()
    cited = {sid for call in recorder.calls for sid, _ in cite_items(call.written) or []}
    nocite = [sid for sid in recorder.usage.order if sid not in cited]
    return styled(checked, recorder.calls, len(recorder.resolver.notes.items), nocite, cache)


def short_citation(brief: Brief, items: list[tuple[str, str]], lookup: Any = None) -> str:
    """A plain short citation in brackets, for text read by screen readers."""
    parts = []
    for sid, locator in items:
        source = lookup(sid) if lookup is not None else brief.sources.get(sid)
        name = _short_title(str(source.title)) if source is not None else sid
        parts.append(f"{name}, {locator}" if locator else name)
    return f"({'; '.join(parts)})"


def _short_title(title: str) -> str:
    """A title's main part, before any subtitle after a colon."""
    main = title.split(": ", 1)[0]
    return main if len(main.split()) >= 2 else title


def _opt(value: Any) -> str | None:
    """Text of an optional field, or None."""
    return None if value is None else str(value)


def layout(checked: Checked, target: Target, labels: Labels | None = None) -> dict[str, Any]:
    """The view model of a checked brief for one target (labels: the locale's unless given)."""
    return Layout(checked, target, labels=labels).build()
