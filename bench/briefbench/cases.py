"""The measured comparisons (a)–(e) and (g) of issue 5; growth (f) is in growth.py."""

from __future__ import annotations

import os
from pathlib import Path

from . import content
from .context import Context
from .measure import BenchError, Measurement
from .report import Row, ratio_row
from .tools import pdf_pages

SINGLE = ("every-key-nocharts", "london-nocharts")
PANDOC_LOOP = 'for f in "$@"; do "$PANDOC" "$f" --pdf-engine=weasyprint -o "${f%.md}.pandoc.pdf" || exit 1; done'
CHECK_LIMIT_S = 3.0
STARTUP_RUNS = 7  # start-up is short and noisy: best of more runs


def _pandoc(ctx: Context, key: str, folder: Path, names: list[str]) -> Measurement:
    """One pandoc → weasyprint call per Markdown file, one after another, as a shell loop would."""
    if not ctx.tools.pandoc:
        raise BenchError("pandoc not found: install the bench extra (pypandoc-binary)")
    if len(names) == 1:
        stem = names[0].removesuffix(".md")
        command = [ctx.tools.pandoc, names[0], "--pdf-engine=weasyprint", "-o", f"{stem}.pandoc.pdf"]
    else:
        command = ["sh", "-c", PANDOC_LOOP, "sh", *names]
    return ctx.measure(key, command, folder)


def _markdown_names(folder: Path) -> list[str]:
    """The Markdown files briefgen wrote into a folder."""
    return sorted(p.name for p in folder.glob("*.md"))


def _pages(path: Path) -> str:
    """A page count for notes."""
    return str(pdf_pages(path)) if path.exists() else "?"


def single_pdf_vs_pandoc(ctx: Context, name: str) -> Row:
    """(a) One chart-free brief to PDF, against pandoc typesetting the Markdown briefgen wrote for it."""
    brief = ctx.variant(name)
    mine = ctx.build(f"pdf:{name}", [brief], "pdf")
    ctx.build(f"md:{name}", [brief], "md")
    md_out = ctx.out(f"md:{name}")
    base = _pandoc(ctx, f"pandoc:{name}", md_out, [f"{name}.md"])
    pages = (
        f"pages: briefgen {_pages(ctx.out(f'pdf:{name}') / f'{name}.pdf')}, "
        f"pandoc {_pages(md_out / f'{name}.pandoc.pdf')}"
    )
    return ratio_row("a", f"{name}: `build --to pdf` vs pandoc of its .md", mine, base, "pandoc", 1.2, pages)


def case_a(ctx: Context) -> list[Row]:
    """(a) for both seeds."""
    return [single_pdf_vs_pandoc(ctx, name) for name in SINGLE]


def case_b(ctx: Context) -> list[Row]:
    """(b) Markdown only against PDF, for each seed and a folder of 12."""
    rows = []
    for name in SINGLE:
        brief = ctx.variant(name)
        md, pdf = ctx.build(f"md:{name}", [brief], "md"), ctx.build(f"pdf:{name}", [brief], "pdf")
        rows.append(ratio_row("b", f"{name}: `--to md` vs `--to pdf`", md, pdf, "--to pdf", 0.3))
    folder = ctx.folder(12)
    md, pdf = ctx.build("md:folder12", [folder], "md"), ctx.build("pdf:folder12", [folder], "pdf")
    rows.append(ratio_row("b", "12 briefs: `--to md` vs `--to pdf`", md, pdf, "--to pdf", 0.3))
    return rows


def folder_rows(ctx: Context, count: int) -> list[Row]:
    """(c) One build call for a folder against one pandoc call per brief."""
    folder = ctx.folder(count)
    ctx.build(f"md:folder{count}", [folder], "md")
    md_out = ctx.out(f"md:folder{count}")
    base = _pandoc(ctx, f"pandoc:folder{count}", md_out, _markdown_names(md_out))
    limit = 0.33 if count == 12 else None
    workers = f"default -j ({os.cpu_count()} cores)" if ctx.tools.has("-j") else "no -j option"
    mine = ctx.build(f"pdf:folder{count}", [folder], "pdf")
    rows = [ratio_row("c", f"{count} briefs, one call, {workers}", mine, base, f"{count}× pandoc", limit)]
    if ctx.tools.has("-j"):
        serial = ctx.build(f"pdf:folder{count}:j1", [folder], "pdf", ("-j", "1"))
        rows.append(ratio_row("c", f"{count} briefs, one call, -j 1", serial, base, f"{count}× pandoc", limit))
    return rows


def case_c(ctx: Context) -> list[Row]:
    """(c) for every planned folder size."""
    return [row for count in ctx.plan.folder_sizes for row in folder_rows(ctx, count)]


def warm_row(ctx: Context, count: int) -> Row:
    """(d) The same build again on an unchanged folder, against the first build."""
    folder = ctx.folder(count)
    force = ("--force",) if ctx.tools.has("--force") else ()
    cold = ctx.build(f"cold:folder{count}", [folder], "pdf", force)
    warm = ctx.build(f"warm:folder{count}", [folder], "pdf", cold=False, like=f"cold:folder{count}")
    note = (
        "cold: empty OUT and cache"
        + (", --force" if force else "")
        + "; warm: same command again"
        + (" without --force" if force else "")
    )
    return ratio_row("d", f"{count} briefs rebuilt unchanged: warm vs cold", warm, cold, "cold", 0.1, note)


def case_d(ctx: Context) -> list[Row]:
    """(d) for every planned size."""
    return [warm_row(ctx, count) for count in ctx.plan.warm_sizes]


def charts_row(ctx: Context, name: str) -> Row:
    """(e) A brief to PDF with its charts against the same brief without them."""
    charts = len(content.load(content.SEEDS[name]).get("charts") or [])
    mine = ctx.build(f"pdf:{name}", [ctx.variant(name)], "pdf")
    base = ctx.build(f"pdf:{name}-nocharts", [ctx.variant(f"{name}-nocharts")], "pdf")
    extra = mine.seconds - base.seconds
    return ratio_row(
        "e",
        f"{name}: with its {charts} chart(s) vs without, to PDF",
        mine,
        base,
        "no charts",
        note=f"{extra:+.2f} s, {extra / max(charts, 1):+.2f} s a chart",
    )


def case_e(ctx: Context) -> list[Row]:
    """(e) for both seeds."""
    return [charts_row(ctx, name) for name in content.SEEDS]


def case_g(ctx: Context) -> list[Row]:
    """`briefgen check` of 1,000 briefs (check_speed's folder of every-key copies)."""
    import check_speed

    count = ctx.plan.check_count
    folder = check_speed.make_folder(count, ctx.work / "check" / str(count))
    m = ctx.measure(f"check:{count}", check_speed.command(folder, ctx.tools.briefgen), ctx.path("cwd", "check"))
    return [
        Row(
            "g",
            f"`check` of {count} briefs (every-key copies)",
            m,
            target=f"≤ {CHECK_LIMIT_S:g} s",
            met=m.seconds <= CHECK_LIMIT_S,
            note=f"{m.seconds / count * 1000:.2f} ms a brief",
        )
    ]


def case_s(ctx: Context) -> list[Row]:
    """(s) Start-up: `briefgen --help` against a bare `python -c "import click"` with the same Python."""
    import sys

    cwd = ctx.path("cwd", "startup")
    runs = max(ctx.plan.runs, STARTUP_RUNS)
    bare = ctx.measure("startup:click", [sys.executable, "-c", "import click"], cwd, runs)
    helped = ctx.measure("startup:help", [*ctx.tools.briefgen, "--help"], cwd, runs)
    return [
        ratio_row(
            "s", "`briefgen --help`", helped, bare, '`python -c "import click"`', 2.0, f"best of {runs} runs each"
        )
    ]
