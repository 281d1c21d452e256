"""(h) The cost of formatting citations with pandoc's citeproc (issue 15)."""

from __future__ import annotations

import shutil
from pathlib import Path

from .context import Context
from .report import Row, ratio_row

BRIEFS = Path(__file__).resolve().parents[2] / "briefs"
EXAMPLE = BRIEFS / "london-violent-crime.yaml"
STYLED = BRIEFS / "glasgow-model-harvard.yaml"


def _variant(ctx: Context, name: str, style: str | None) -> Path:
    """The example brief (its 12 citations), alone in a folder, with a citation style or without."""
    folder = ctx.work / "citations" / name
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    target = folder / f"{name}.yaml"
    target.write_text(text + (f"citation_style: {style}\n" if style else ""), encoding="utf-8")
    return target


def case_h(ctx: Context) -> list[Row]:
    """(h) Markdown of the example brief in OSCOLA and in Harvard against the default style; the styled example."""
    base = ctx.build("md:cite-default", [_variant(ctx, "cite-default", None)], "md")
    rows = []
    for style in ("oscola", "harvard-cite-them-right"):
        mine = ctx.build(f"md:cite-{style}", [_variant(ctx, f"cite-{style}", style)], "md")
        extra = mine.seconds - base.seconds
        rows.append(
            ratio_row(
                "h",
                f"example brief, `--to md`, citation_style {style} vs default",
                mine,
                base,
                "default",
                note=f"citeproc adds {extra:+.2f} s (cold: empty output and cache)",
            )
        )
    folder = ctx.work / "citations" / "styled"
    shutil.copytree(BRIEFS, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("london-*"))
    cold = ctx.build("md:styled-cold", [folder / STYLED.name], "md")
    rows.append(Row("h", "glasgow-model-harvard (bibliography file), `--to md`, cold", cold))
    return rows
