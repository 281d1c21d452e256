"""(w) Word and OpenDocument against PDF (issue 13): one brief with charts, and a folder in one call."""

from __future__ import annotations

from .context import Context
from .report import Row, ratio_row

SEED = "every-key"  # two charts and an image: the PNG charts and embedded images are part of the cost


def case_w(ctx: Context) -> list[Row]:
    """`--to docx` and `--to odt` against `--to pdf`, for one brief and for a folder of 12 in one call."""
    brief, folder = ctx.variant(SEED), ctx.folder(12)
    rows = []
    for label, sources in ((f"{SEED}", [brief]), ("12 briefs", [folder])):
        key = "folder12" if sources == [folder] else SEED
        pdf = ctx.build(f"pdf:{key}", sources, "pdf")
        for fmt in ("docx", "odt"):
            mine = ctx.build(f"{fmt}:{key}", sources, fmt)
            rows.append(ratio_row("w", f"{label}: `--to {fmt}` vs `--to pdf`", mine, pdf, "--to pdf"))
    return rows
