"""Test helpers: the example briefs' paths, a minimal brief, and running the command line in-process."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner, Result

from briefgen.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EVERY_KEY = ROOT / "tests" / "data" / "every-key.yaml"  # a copy of ../shared/examples/every-key.yaml
EXAMPLE = ROOT / "briefs" / "london-violent-crime.yaml"

MINIMAL = """\
briefgen: 1
title: A minimal brief
authors: [A. Author]
date: 2025-01-31
summary: London has {london_population} [@ons].
problem: It is large.
figures:
  london_population: {label: Population of London, value: 8630000, unit: people, source: ons}
sources:
  ons: {title: Mid-year population estimates, publisher: Office for National Statistics}
options:
  - id: status_quo
    title: Carry on
    summary: No change.
"""


def dedent(text: str) -> str:
    """Strip the common indentation of a test's YAML."""
    return textwrap.dedent(text).lstrip("\n")


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write a file (text is dedented) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(dedent(text), encoding="utf-8")
    return path


def run(*args: str | os.PathLike[str]) -> Result:
    """Run briefgen with arguments; never let an exception escape silently."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


PROFILE_SCALE = {"quick": 0.2, "ci": 1.0, "long": 10.0}


def examples(count: int) -> int:
    """A property test's number of examples, scaled by the Hypothesis profile in use (HYPOTHESIS_PROFILE)."""
    return max(10, round(count * PROFILE_SCALE.get(os.environ.get("HYPOTHESIS_PROFILE", "ci"), 1.0)))


def stress_gallery() -> ModuleType:
    """bench/gallery.py, the stress gallery's script (not a package), which writes the stress briefs."""
    if "gallery" not in sys.modules:
        sys.path.insert(0, str(ROOT / "bench"))
        try:
            import gallery  # noqa: F401  a script beside the tests, imported on demand
        finally:
            sys.path.remove(str(ROOT / "bench"))
    return sys.modules["gallery"]
