"""Debian's Chromium driven by Playwright, for the tests that look at the standalone page in a browser.

Importing this module skips the importing test module when Chromium or Playwright is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def chromium() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (a test module makes it its `browser` fixture)."""
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, timeout=60_000)
        yield launched
        launched.close()


def open_page(browser: Any, page_file: Path, width: int) -> Any:
    """A page loaded at a viewport width, its fonts ready."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(page_file.as_uri())
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return page
