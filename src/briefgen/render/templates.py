"""Render a checked brief through Jinja2 templates: sandboxed, strict, HTML autoescaped."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyphen
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup
from markupsafe import escape as escape_html

from briefgen.brief.check import Checked
from briefgen.brief.mdtext import MarkdownText, escape
from briefgen.brief.prose import parse, parser
from briefgen.errors import BriefError, Problem
from briefgen.fsutil import display_path
from briefgen.render.catalogs import Catalog, Override, catalog_for
from briefgen.render.furniture import furniture
from briefgen.render.html_target import HtmlTarget
from briefgen.render.labels import labels_for
from briefgen.render.layout import layout
from briefgen.render.markdown_target import MarkdownTarget
from briefgen.render.resolve import renumber_headings
from briefgen.render.screen import scrollable
from briefgen.render.timestamps import brief_epoch, iso_date
from briefgen.render.webfonts import MARKER, embed


def _finalize_markdown(value: Any) -> Any:
    """Escape every value a Markdown template prints, unless it is rendered Markdown."""
    return escape(value)


def _finalize_html(value: Any) -> Any:
    """Print None as nothing in HTML templates."""
    return "" if value is None else value


def _indent_note(value: str) -> str:
    """Indent a footnote's or list item's continuation lines by four spaces."""
    return _same_kind(value, str(value).replace("\n", "\n    "))


def _indent_item(value: str) -> str:
    """Indent a bullet's continuation lines by two spaces, the width of its `- ` marker."""
    return _same_kind(value, str(value).replace("\n", "\n  "))


def _one_line(value: str) -> str:
    """Rendered Markdown as one table cell: its lines joined, every pipe escaped (even in code spans)."""
    return _same_kind(value, table_cell(str(value)))


def table_cell(markdown: str) -> str:
    """Markdown made safe for a GFM table cell: one line, every pipe escaped (even in code spans).

    A pipe after an even run of backslashes gets one more; one already escaped is left alone, so
    both markdown-it and cmark-gfm read the cell alike once they unescape its pipes.
    """
    joined = _CELL_BREAK.sub(lambda m: m.group(1) + " ", markdown.strip())
    return _PIPE.sub(lambda m: m.group(0) if len(m.group(1)) % 2 else m.group(1) + "\\|", joined)


_PIPE = re.compile(r"(\\*)\|")
_CELL_BREAK = re.compile(r"(?<!\\)((?:\\\\)*)\\?[ \t]*\n\s*")


def _code(value: str) -> MarkdownText:
    """Plain text as a Markdown code span."""
    ticks = "`" * (max((len(run) for run in re.findall("`+", str(value))), default=0) + 1)
    return MarkdownText(f"{ticks} {value} {ticks}" if "`" in str(value) else f"`{value}`")


def _autolink(value: str) -> MarkdownText:
    """An http(s) URL as a Markdown autolink."""
    safe = str(value).replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return MarkdownText(f"<{safe}>")


def _sentence(value: str) -> str:
    """End text with a full stop unless it already ends with punctuation."""
    text = str(value).rstrip()
    return _same_kind(value, text if text[-1:] in ".!?" else text + ".")


def _same_kind(original: object, new: str) -> str:
    """Keep rendered Markdown marked as rendered after a string filter."""
    return MarkdownText(new) if isinstance(original, MarkdownText) else new


@lru_cache(maxsize=16)
def environment(template_dirs: tuple[str, ...] = (), html: bool = False) -> SandboxedEnvironment:
    """A sandboxed Jinja environment searching style templates before the packaged ones."""
    loaders: list[BaseLoader] = [FileSystemLoader(list(template_dirs))] if template_dirs else []
    loaders.append(PackageLoader("briefgen", "templates"))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=html,
        finalize=_finalize_html if html else _finalize_markdown,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # {% trans %} calls gettext/ngettext/pgettext from each render's context (gettext_functions), so one
    # cached environment serves every locale at once; newstyle: the functions format and escape.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.filters["note_indent"] = _indent_note
    env.filters["item_indent"] = _indent_item
    env.filters["one_line"] = _one_line
    env.filters["sentence"] = _sentence
    env.filters["code"] = _code
    env.filters["autolink"] = _autolink
    env.filters["md"] = escape
    env.filters["css_string"] = _css_string
    env.filters["css_url"] = _css_string
    return env


def gettext_functions(catalog: Catalog, html: bool) -> dict[str, Any]:
    """gettext, ngettext, pgettext and npgettext for a template's {% trans %}, from one locale's catalog.

    As Jinja's newstyle gettext: the wording is formatted with the block's variables; in HTML the
    wording is escaped (a workspace's override is text, never markup) and the variables with it.
    """

    def done(text: str, variables: dict[str, Any]) -> Any:
        wording: Any = Markup(escape_html(text)) if html else text
        return wording % variables  # always a format string, as Jinja's newstyle: %% is a percent sign

    def gettext(message: str, **variables: Any) -> Any:
        return done(catalog.text("", message), variables)

    def ngettext(singular: str, plural: str, num: int, **variables: Any) -> Any:
        return done(catalog.plural("", singular, plural, num), {"num": num, **variables})

    def pgettext(context: str, message: str, **variables: Any) -> Any:
        return done(catalog.text(context, message), variables)

    def npgettext(context: str, singular: str, plural: str, num: int, **variables: Any) -> Any:
        return done(catalog.plural(context, singular, plural, num), {"num": num, **variables})

    return {"gettext": gettext, "_": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


def render_template(name: str, view: dict[str, Any], template_dirs: tuple[str, ...] = (), html: bool = False) -> str:
    """Render one template; a fault in a style's template is a BriefError, not a traceback.

    The view's `labels` (or English when it has none) give the wording of {% trans %} texts.
    """
    template = None
    labels = view.get("labels")
    catalog = getattr(labels, "catalog", None) or catalog_for("en")
    try:
        template = environment(template_dirs, html).get_template(name)
        return template.render({**gettext_functions(catalog, html), **view})
    except TemplateNotFound as exc:
        where = template.filename if template is not None and template.filename else name
        raise BriefError(
            Problem(display_path(Path(where)), 1, 1, f"template error: template not found: {exc.name}")
        ) from None
    except TemplateError as exc:
        line = getattr(exc, "lineno", None) or 1
        where = getattr(exc, "filename", None) or (template.filename if template is not None else None) or name
        raise BriefError(Problem(display_path(Path(where)), line, 1, f"template error: {exc.message or exc}")) from None


def _css_string(value: str) -> str:
    """Escape text for a double-quoted CSS string inside a <style> element."""
    out = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", " ")
    return Markup(out)


def _css_text(css: str) -> Markup:
    """A style sheet made safe to sit inside a <style> element."""
    return Markup(css.replace("</", "<\\/"))


def render_html(
    checked: Checked,
    style: Any,
    charts: dict[str, str],
    *,
    for_pdf: bool = False,
    stamp: str | None = None,
    watermark_url: str | None = None,
    changes: str | None = None,
    epoch: int | None = None,
    cache: object | None = None,
) -> str:
    """The HTML of a checked brief: standalone (CSS inline, images and fonts embedded) or as input to the PDF."""

    target = HtmlTarget(charts, Path(checked.doc.path).parent, embed_images=not for_pdf, links_to_notes=not for_pdf)
    labels = labels_for(str(checked.brief.locale), getattr(style, "labels", ()))
    view = layout(checked, target, labels)
    view["changes"] = changes_view(changes, view["labels"], target.blocks)
    view["created"] = iso_date(epoch if epoch is not None else brief_epoch(checked))
    footer = " · ".join(v for v in (view["reference"], view["organisation"], stamp) if v)
    view.update(
        css=_css_text("" if for_pdf else f"{MARKER}\n{_screen_css(style.css)}"),
        stamp=stamp,
        watermark_url=watermark_url,
        footer=footer,
        short_title=shorten(running_title(view["title"]), 60),
        furniture=furniture(
            None if view["status"] == "final" else view["status_label"],
            view["marking"],
            shorten(running_title(view["title"]), 60),
            footer,
        ),
        description=describe(view["description"], 300),
        hyphenation=hyphenates(str(checked.brief.locale)),
        screen=not for_pdf,
        contents=[] if for_pdf else _contents(view),
        keywords=", ".join(v for v in (view["labels"]["policy_brief"], view["organisation"], view["reference"]) if v),
    )
    html = render_template("brief.html.j2", view, style.template_dirs, html=True)
    return html if for_pdf else embed(scrollable(html), getattr(style, "faces", ()), cache)


def running_title(title: str) -> str:
    """The short title for the running head: the main title, before a subtitle after a colon or dash."""
    for mark in (": ", " – ", " — ", " - "):
        head = title.split(mark, 1)[0]
        if head != title and len(head.split()) >= 2:
            return head
    return title


def hyphenates(locale: str) -> bool:
    """Whether WeasyPrint has a hyphenation dictionary (pyphen's) for a locale; cy and ga have none."""
    return pyphen.language_fallback(locale.replace("-", "_")) is not None


def _screen_css(css: str) -> str:
    """The standalone page's style sheet: no paged-media (`@media print`) rules, no @font-face rules (the
    page embeds its fonts in their place: render/webfonts.py)."""
    return _drop_print_rules(re.sub(r"@font-face\s*{[^}]*}", "", css))


_MEDIA_PRINT = re.compile(r"@media\s+print\s*{", re.IGNORECASE)


def _drop_print_rules(css: str) -> str:
    """CSS without its `@media print { ... }` blocks (braces counted; strings and comments hold none in ours)."""
    out, at = [], 0
    for match in _MEDIA_PRINT.finditer(css):
        if match.start() < at:
            continue
        out.append(css[at : match.start()])
        depth, end = 1, match.end()
        while depth and end < len(css):
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        at = end
    out.append(css[at:])
    return "".join(out)


def _contents(view: dict[str, Any]) -> list[tuple[str, str]]:
    """The standalone page's contents list: (section id, heading) of each section that has a heading."""
    labels = view["labels"]
    sections = [
        ("summary", labels["summary"], True),
        ("key-figures", labels["key_figures"], view["key_figures"]),
        ("changes", view["changes"]["title"] if view["changes"] else "", view["changes"]),
        ("problem", labels["problem"], True),
        ("background", labels["background"], view["background"]),
        ("options", labels["options"], True),
        ("appraisal", labels["appraisal"], view["matrix"]),
        ("recommendation", labels["recommendation"], view["recommendation"]),
        ("annex", labels["annex"], view["annex"]),
        ("figures", labels["figures_and_sources"], view["figures"]),
        ("notes", labels["notes"], view["notes"]),
        ("references", labels["references"], view["references"]),
    ]
    return [(sid, heading) for sid, heading, shown in sections if shown]


def describe(text: str, limit: int) -> str:
    """Plain text for a description: whole sentences within `limit` characters, ending in one full stop."""
    sentences = re.split(r"(?<=[.!?])\s+", re.sub(r"(?<!\.)\.\.(?!\.)", ".", " ".join(text.split())))
    kept = ""
    for sentence in sentences:
        if len(f"{kept} {sentence}".strip()) > limit:
            break
        kept = f"{kept} {sentence}".strip()
    kept = (kept or shorten(sentences[0], limit - 1)).rstrip(" .…,;:-–—")
    return kept if not kept or kept.endswith(("!", "?")) else kept + "."


def shorten(text: str, limit: int) -> str:
    """Plain text cut at a word boundary to at most `limit` characters, ending with one ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[: limit - 1]
    return cut.rstrip(" .,;:!?…-–—") + "…"


def changes_view(changes: str | None, labels: Any, blocks: Any) -> dict[str, Any] | None:
    """The 'Changes since' box: its title and its body rendered for the target."""
    if not changes:
        return None

    lines = changes.strip().splitlines()
    title = lines[0].lstrip("# ").strip() if lines and lines[0].startswith("#") else labels["changes_since"]
    body = "\n".join(lines[1:] if lines and lines[0].startswith("#") else lines)
    tokens = parse(body).tokens
    renumber_headings(tokens, 2)
    return {"title": title, "body": blocks(tokens)}


def render_markdown(
    checked: Checked,
    chart_files: dict[str, str] | None = None,
    stamp: str | None = None,
    changes: str | None = None,
    template_dirs: tuple[str, ...] = (),
    label_overrides: tuple[Override, ...] = (),
) -> str:
    """The Markdown briefing of a checked brief."""
    target = MarkdownTarget(chart_files)
    view = layout(checked, target, labels_for(str(checked.brief.locale), label_overrides))
    view["stamp"] = stamp
    view["changes"] = changes_view(changes, view["labels"], target.blocks)
    text = render_template("brief.md.j2", view, template_dirs)
    return _tidy(text)


def _tidy(text: str) -> str:
    """Collapse runs of blank lines left by the template, outside code blocks, and end with one newline."""
    keep = _code_lines(text)
    lines: list[str] = []
    for number, line in enumerate(text.splitlines()):
        if number in keep:
            lines.append(line)
        elif line.strip():
            lines.append(line.rstrip())
        elif lines and lines[-1] != "":
            lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def _code_lines(text: str) -> set[int]:
    """Numbers of the lines inside fenced or indented code, wherever it sits (lists, quotes, notes)."""

    keep: set[int] = set()
    for token in parser().parse(text):
        if token.type in ("fence", "code_block") and token.map:
            start, end = token.map
            keep.update(range(start + (token.type == "fence"), end))
    return keep
