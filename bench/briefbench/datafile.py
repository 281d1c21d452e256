"""(h) Figures read from data files: a brief with 50 figures from one ~5 MB workbook against typed values."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from .context import Context
from .report import Row, ratio_row

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

from workbooks import write_book

FIGURES = 50
ROWS = 14_000
YEARS = [str(y) for y in range(1975, 2025)]
HEAD = """\
briefgen: 1
title: Fifty figures
authors: [A. Author]
date: 2025-01-31
summary: The first figure is {f0}.
problem: Many figures.
sources:
  s: {title: A large table}
options:
  - {id: a, title: Carry on, summary: No change.}
figures:
"""


def write(folder: Path) -> tuple[Path, Path, int]:
    """The workbook, a brief reading 50 figures from it and the same brief with the values typed."""
    rng = random.Random(5)
    rows = [["Area", *YEARS]]
    rows += [[f"Area {n}", *(round(rng.uniform(0, 1_000_000), 2) for _ in YEARS)] for n in range(ROWS)]
    book = write_book(folder / "data" / "big.xlsx", {"Data": rows})
    picks = [(rng.randrange(1, ROWS + 1), rng.randrange(1, len(YEARS) + 1)) for _ in range(FIGURES)]
    data_lines, typed_lines = [], []
    for k, (r, c) in enumerate(picks):
        where = f"{{file: data/big.xlsx, sheet: Data, row: Area {r - 1}, column: '{YEARS[c - 1]}'}}"
        data_lines.append(f"  f{k}: {{label: Figure {k}, source: s, from: {where}}}\n")
        typed_lines.append(f"  f{k}: {{label: Figure {k}, source: s, value: {rows[r][c]!r}, as_of: {YEARS[c - 1]}}}\n")
    from_data = folder / "from-data.yaml"
    typed = folder / "typed.yaml"
    from_data.write_text(HEAD + "".join(data_lines), encoding="utf-8")
    typed.write_text(HEAD + "".join(typed_lines), encoding="utf-8")
    return from_data, typed, book.stat().st_size


def case_i(ctx: Context) -> list[Row]:
    """(h) `build --to md` of the brief reading the workbook against the brief with typed values."""
    from_data, typed, size = write(ctx.work / "datafile")
    ctx.tools.check(from_data)
    mine = ctx.build("md:from-data", [from_data], "md")
    base = ctx.build("md:typed", [typed], "md")
    extra = mine.seconds - base.seconds
    return [
        ratio_row(
            "i",
            f"{FIGURES} figures from one {size / 1024 / 1024:.1f} MiB workbook vs typed values, `--to md`",
            mine,
            base,
            "typed values",
            note=f"{extra:+.2f} s for reading the workbook ({ROWS:,} rows × {len(YEARS)} columns)",
        )
    ]
