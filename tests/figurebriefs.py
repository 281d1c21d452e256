"""Briefs for the figure-core tests: MINIMAL with more figures, and what `briefgen figures` and `check` print."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import MINIMAL, run, write


def brief(figures: str, locale: str = "en-GB") -> str:
    """MINIMAL with more figures (flow mappings, one a line) and a locale."""
    text = MINIMAL.replace("figures:\n", f"locale: {locale}\nfigures:\n") if locale != "en-GB" else MINIMAL
    sources = "sources:\n" + ("  nrs: {title: National Records of Scotland}\n" if "source: nrs" in figures else "")
    return text.replace("sources:\n", figures.rstrip("\n") + "\n" + sources)


def figure_rows(workdir: Path, figures: str, locale: str = "en-GB") -> dict[str, dict[str, str]]:
    """`briefgen figures --format json` of a brief with the given figures, by id."""
    result = run("figures", "--format", "json", write(workdir, "b.yaml", brief(figures, locale)))
    return {row["id"]: row for row in json.loads(result.stdout)}


def problems(workdir: Path, figures: str) -> list[str]:
    """The lines `briefgen check` prints for a brief with the given figures."""
    result = run("check", write(workdir, "b.yaml", brief(figures)))
    return result.output.splitlines()
