"""Golden files: the Markdown of the example brief and of every-key.yaml.

Regenerate after an intended change with `make golden` (BRIEFGEN_REGENERATE=1), then review `git diff tests/golden`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import EVERY_KEY, EXAMPLE, ROOT, run

GOLDEN = ROOT / "tests" / "golden"
REGENERATE = os.environ.get("BRIEFGEN_REGENERATE") == "1"


def compare(produced: Path, golden: Path) -> None:
    """Assert produced == golden, or rewrite golden when regenerating."""
    if REGENERATE:
        golden.write_bytes(produced.read_bytes())
        return
    assert produced.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("brief", [EVERY_KEY, EXAMPLE], ids=["every-key", "london-violent-crime"])
def test_markdown_matches_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, brief: Path) -> None:
    source = tmp_path / "src"  # outside any git work tree, so no version stamp
    shutil.copytree(brief.parent, source, ignore=shutil.ignore_patterns("*.md"))
    monkeypatch.chdir(source)
    result = run("build", brief.name, "-o", tmp_path / "out", "--to", "md", "--no-cache")
    assert result.exit_code == 0, result.output
    compare(tmp_path / "out" / f"{brief.stem}.md", GOLDEN / f"{brief.stem}.md")


def test_every_key_copies_its_image_beside_the_markdown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EVERY_KEY.parent)
    run("build", EVERY_KEY.name, "-o", tmp_path, "--to", "md")
    assert (tmp_path / "images" / "branches.png").read_bytes() == (
        EVERY_KEY.parent / "images" / "branches.png"
    ).read_bytes()


def test_shared_copy_is_current() -> None:
    shared = ROOT.parent / "shared" / "examples" / "every-key.yaml"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    assert shared.read_bytes() == EVERY_KEY.read_bytes()
