"""(h) The cost of formatting citations with pandoc's citeproc (issue 15)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .context import Context
from .report import Row, ratio_row

RUNS = 5
IN_PROCESS = """
import sys, time
from pathlib import Path
from briefgen.brief.result import check_file
from briefgen.render import citeproc
from briefgen.render.layout import styled_citations

checked = check_file(Path(sys.argv[1])).checked
def best(fn):
    times = []
    for _ in range(int(sys.argv[2])):
        start = time.perf_counter(); fn(); times.append(time.perf_counter() - start)
    return min(times)
def cold():
    citeproc._MEMO.clear(); styled_citations(checked)
print(best(cold), best(lambda: styled_citations(checked)), len(styled_citations(checked).cites))
"""

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
    for style in ("oscola", "harvard-cite-them-right"):
        brief = _variant(ctx, f"cite-{style}", style)
        done = subprocess.run([sys.executable, "-c", IN_PROCESS, str(brief), str(RUNS)], capture_output=True, text=True)
        if done.returncode:
            rows.append(Row("h", f"citeproc alone, {style}", error=done.stderr.strip()[-300:]))
            continue
        first, again, count = done.stdout.split()
        rows.append(
            Row(
                "h",
                f"citeproc alone, example brief in {style} ({count} citations)",
                note=f"pandoc run {float(first) * 1000:.0f} ms (best of {RUNS}, no cache); "
                f"again in the same process (memo, as the 2nd and 3rd output) {float(again) * 1000:.1f} ms",
            )
        )
    return rows
