"""Write library-costs.xlsx, the example brief's workbook, from the invented figures below (reproducible bytes).

Run from the repository's top: `python briefs/data/make_library_workbook.py`. The figures are invented
for briefgen's example; they describe no real council.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "tests"))

from workbooks import write_book  # noqa: E402  (the test suite's standard-library workbook writer)

SHEETS = {
    "Notes": [
        ["Exampleton library costs: INVENTED EXAMPLE FIGURES, not real data"],
        ["Made up for briefgen's example brief. Costs in pounds, cash terms."],
    ],
    "Table 1": [
        ["Table 1: Running costs of Exampleton's libraries, GBP (invented)"],
        ["Source: invented for the example"],
        [None],
        ["Item", "2021/22", "2022/23", "2023/24"],
        ["Staff", 1_480_000, 1_523_500, 1_561_200],
        ["Buildings", 402_300, 455_800, 471_950],
        ["Books and media", 210_000, 198_400, 205_300],
        ["Total", 2_092_300, 2_177_700, 2_238_450],
        ["Cost of Sunday opening, per year", None, None, 186_400],
    ],
}

if __name__ == "__main__":
    write_book(HERE / "library-costs.xlsx", SHEETS)
