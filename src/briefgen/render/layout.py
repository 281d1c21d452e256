"""Lay out a checked brief as a view model, in reading order, for any output target."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from briefgen.brief.check import Checked
from briefgen.brief.formatting import format_date, format_period
from briefgen.brief.model import Brief
from briefgen.brief.prose import fill_plain
from briefgen.render.labels import RATING_SYMBOLS, labels_for
from briefgen.render.resolve import Hooks, Resolver, Target, citation_tokens, emphasis, text


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

    def __init__(self, checked: Checked, target: Target):
        self.checked = checked
        self.brief: Brief = checked.brief
        self.locale = str(self.brief.locale)
        self.labels = labels_for(self.locale)
        self.usage = Usage()
        self.placed: set[str] = set()
        self.first_note: dict[str, int] = {}
        self.target = target
        self.resolver = Resolver(
            target, Hooks(self.figure_text, self.option_text, self.citation, self.chart_tokens, self.short_citation)
        )

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
        return f"{self.labels['option']} {self.brief.option_letter(oid)}: {option.title}"

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
        return short_citation(self.brief, items)

    def source_note(self, sid: str, number: int) -> list[Token]:
        """Author, *Title*, date the first time; *Title*, n 3 when cited again."""
        source = self.brief.sources.get(sid)
        if source is None:
            return [text(sid)]
        first = self.first_note.get(sid)
        if first is not None and first != number:
            return [*emphasis([text(_short_title(str(source.title)))]), text(f", n {first}")]
        lead = [text(f"{source.author}, ")] if source.author else []
        tail = f", {self.period(source.date)}" if source.date else ""
        return [*lead, *emphasis([text(str(source.title))]), text(tail)]

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
            "title": str(brief.title),
            "subtitle": _opt(brief.subtitle),
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
        view["problem"] = r.field(self.prose("problem"), 2)
        view["background"] = r.field(self.prose("background"), 2)
        view["charts_after_background"] = [r.target.blocks(self.target.chart(c)) for c in self.unplaced_charts()]
        view["options"] = [self.option(i) for i in range(len(brief.options))]
        view["criteria"] = [
            {"id": str(c.id), "label": str(c.label), "description": _opt(c.description)} for c in brief.criteria
        ]
        view["matrix"] = self.matrix()
        view["recommendation"] = self.recommendation()
        view["annex"] = r.field(self.prose("annex"), 2)
        view["figures"] = [self.figure_row(fid, table=True) for fid in brief.figures]
        view["figures_as_of"] = any(row["as_of"] for row in view["figures"])
        view["notes"] = list(r.notes.items)
        view["references"] = [self.reference(sid) for sid in self.usage.order if sid in brief.sources]
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
            str(self.brief.sources[s].title)
            for f in chart.figures
            for s in self.checked.figures.sources.get(f, [])
            if s in self.brief.sources
        ]
        source_line = f"{self.labels['source']}: {'; '.join(dict.fromkeys(sources))}" if sources else ""
        return {
            "id": str(chart.id),
            "title": str(chart.title),
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

    def option(self, index: int) -> dict[str, Any]:
        """One option with its letter, prose and cost."""
        option, r = self.brief.options[index], self.resolver
        cost = self.figure_text(str(option.cost)) if option.cost is not None else None
        return {
            "id": str(option.id),
            "letter": self.brief.option_letter(option.id),
            "title": str(option.title),
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
            rows.append({"letter": self.brief.option_letter(option.id), "title": str(option.title), "cells": cells})
        return rows if self.brief.criteria else []

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
        return {
            "id": fid,
            "label": str(figure.label),
            "value": self.checked.figures.display(fid),
            "as_of": self.period(figure.as_of) if figure.as_of else "",
            "sources": [_short_title(str(self.brief.sources[s].title)) for s in sources if s in self.brief.sources],
            "formula": _opt(figure.formula),
            "note": note,
            "data": self.data_origin(fid),
        }

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

        source = self.brief.sources[sid]
        return {
            "id": sid,
            "title": str(source.title),
            "author": _opt(source.author),
            "publisher": _opt(source.publisher),
            "date": self.period(source.date) if source.date else None,
            "url": _opt(source.url),
            "note": _opt(source.note),
            "accessed": format_date(source.accessed, self.locale) if source.accessed else None,
        }


def chart_alt(checked: Checked, chart: Any) -> str:
    """A chart's alt text as printed and read aloud: references filled, citations short."""
    return Layout(checked, _NoTarget()).alt(chart)


class _NoTarget:
    """A target for work that renders no prose."""


def short_citation(brief: Brief, items: list[tuple[str, str]]) -> str:
    """A plain short citation in brackets, for text read by screen readers."""
    parts = []
    for sid, locator in items:
        source = brief.sources.get(sid)
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


def layout(checked: Checked, target: Target) -> dict[str, Any]:
    """Build the view model of a checked brief for one target."""
    return Layout(checked, target).build()
