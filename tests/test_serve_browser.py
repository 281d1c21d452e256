"""`briefgen serve` end to end in Chromium: the page follows edits, shows errors and recovers by itself.

Needs Debian's Chromium at /usr/bin/chromium and the `playwright` package (its bundled driver only;
no `playwright install`). Set BRIEFGEN_SCREENSHOT=path/to/preview.png to keep a screenshot.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.brief.result import check_file
from helpers import EXAMPLE
from servehelp import serving

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 10_000
NAME = "london-violent-crime.yaml"


@pytest.fixture
def served(workdir: Path) -> Iterator[tuple[str, Path]]:
    """`briefgen serve` running on a free port over a copy of the example brief: (address, brief)."""
    brief = workdir / "briefs" / NAME
    brief.parent.mkdir()
    shutil.copyfile(EXAMPLE, brief)
    with serving(workdir) as address:
        yield address, brief


def _replace(path: Path, old: str, new: str, atomic: bool = False) -> None:
    """Edit a file in place, or as editors that save through a renamed temporary file do."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    if not atomic:
        path.write_text(text.replace(old, new), encoding="utf-8")
        return
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text.replace(old, new), encoding="utf-8")
    os.replace(tmp, path)


def test_preview_follows_edits_errors_and_fixes(served: tuple[str, Path]) -> None:
    url, brief = served
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, timeout=60_000)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(url, timeout=60_000)  # the index links to the brief
            link = page.get_by_role("link", name="Tackling violent crime in London")
            sync_api.expect(link).to_have_attribute("href", "/brief/london-violent-crime", timeout=WAIT_MS)
            # open what the index links to: waiting on a click's navigation timed out on a busy machine
            page.goto(url + "brief/london-violent-crime", timeout=60_000)
            body = page.locator("body")
            heading = page.locator("h1")
            sync_api.expect(heading).to_have_text("Tackling violent crime in London", timeout=60_000)
            sync_api.expect(body).to_contain_text("8.63m people", timeout=WAIT_MS)

            _replace(brief, "value: 8630000", "value: 9120000")
            sync_api.expect(body).to_contain_text("9.12m people", timeout=WAIT_MS)
            sync_api.expect(body).to_contain_text("15.2 times", timeout=WAIT_MS)

            _replace(brief, "Glasgow has {glasgow_population}.", "Glasgow has {glasgow_populaton}.", atomic=True)
            result = check_file(Path("briefs") / NAME)
            problems = result.problems
            assert result.failed and problems
            expected = str(problems[0])
            assert re.match(r"briefs/london-violent-crime\.yaml:\d+:\d+: error: unknown figure", expected)
            sync_api.expect(body).to_contain_text(expected, timeout=WAIT_MS)

            brief.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")  # fixed, figures as published
            sync_api.expect(heading).to_have_text("Tackling violent crime in London", timeout=WAIT_MS)
            sync_api.expect(body).to_contain_text("8.63m people", timeout=WAIT_MS)
            assert "error:" not in body.inner_text()

            _screenshot(page)
        finally:
            browser.close()


def _screenshot(page: object) -> None:
    """Take a screenshot of the preview and keep it where BRIEFGEN_SCREENSHOT says, if anywhere."""
    page.evaluate("document.fonts.ready")  # type: ignore[attr-defined]
    png = page.screenshot(full_page=False)  # type: ignore[attr-defined]
    assert png.startswith(b"\x89PNG")
    target = os.environ.get("BRIEFGEN_SCREENSHOT")
    if target:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_bytes(png)
