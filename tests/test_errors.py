"""Every fault the format names: exit status 1, the exact path:line:col message, nothing written."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINIMAL, run, write

CASES = {
    "unknown key": (
        MINIMAL + "sumary: typo\n",
        ["b.yaml:16:1: error: unknown key 'sumary' (did you mean 'summary'?)"],
    ),
    "unknown nested key": (
        MINIMAL.replace("value: 8630000,", "valeu: 8630000,"),
        ["b.yaml:8:42: error: unknown key 'valeu' (did you mean 'value'?)"],
    ),
    "duplicate key": (
        MINIMAL + "title: Again\n",
        ["b.yaml:16:1: error: duplicate key 'title' (first given at line 2)"],
    ),
    "impossible date": (
        MINIMAL.replace("2025-01-31", "2019-02-30"),
        ["b.yaml:4:7: error: '2019-02-30' is not a real date"],
    ),
    "malformed date": (
        MINIMAL.replace("2025-01-31", "31/01/2025"),
        ["b.yaml:4:7: error: expected a date written YYYY-MM-DD, got '31/01/2025'"],
    ),
    "unknown figure in prose": (
        MINIMAL.replace("{london_population}", "{london_populaton}"),
        ["b.yaml:5:20: error: unknown figure 'london_populaton' (did you mean 'london_population'?)"],
    ),
    "unknown source in figure": (
        MINIMAL.replace("source: ons}", "source: onz}"),
        ["b.yaml:8:85: error: unknown source 'onz' (did you mean 'ons'?)"],
    ),
    "unknown source in citation": (
        MINIMAL.replace("[@ons]", "[@census]"),
        ["b.yaml:5:41: error: unknown source 'census' in citation"],
    ),
    "unknown option": (
        MINIMAL.replace("summary: No change.", "summary: Unlike {option:vru}."),
        ["b.yaml:15:14: error: unknown option 'vru'"],
    ),
    "unknown criterion": (
        MINIMAL + "criteria:\n  - {id: cost, label: Cost}\n"
        .replace("", "") ,
        [],
    ),
    "unknown chart": (
        MINIMAL.replace("problem: It is large.", "problem: |\n  It is large.\n\n  {chart:growth}"),
        ["b.yaml:9:3: error: unknown chart 'growth'"],
    ),
    "formula cycle": (
        MINIMAL + "  a: {label: A, formula: b + 1}\n  b: {label: B, formula: a * 2}\n",
        [],
    ),
}
