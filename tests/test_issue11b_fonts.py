"""Issue 11: the standalone HTML carries its style's fonts, subset to the page's characters, as WOFF2 data: URLs."""

from __future__ import annotations

import base64
import re
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from briefgen.render import webfonts
from briefgen.render.styles import FONTS
from helpers import EXAMPLE, MINIMAL, run, write

FACE = re.compile(
    r'@font-face \{ font-family: "([^"]+)"; font-weight: (\w+); font-style: (\w+); font-display: swap; '
    r'src: url\("data:font/(woff2?);base64,([A-Za-z0-9+/=]+)"\) format\("\4"\); \}'
)
WELSH = MINIMAL.replace("title: A minimal brief", "title: Ŵyn y “Café” – Glasgow’s plan")


def faces(html: str) -> list[tuple[str, str, str, str, bytes]]:
    """Each embedded face: family, weight, style, flavour and the font's bytes."""
    return [(f, w, s, flavor, base64.b64decode(data)) for f, w, s, flavor, data in FACE.findall(html)]


def build(workdir: Path, text: str, *options: str) -> str:
    """A brief built to standalone HTML; its text."""
    write(workdir, "b.yaml", text)
    result = run("build", "b.yaml", "--to", "html", *options)
    assert result.exit_code == 0, result.output
    return (workdir / "build" / "b.html").read_text(encoding="utf-8")


def test_default_style_embeds_each_face_it_names_as_a_woff2_subset(workdir: Path) -> None:
    html = build(workdir, MINIMAL)
    found = faces(html)
    assert [f[:4] for f in found] == [
        ("Linux Libertine O", "normal", "normal", "woff2"),
        ("Linux Libertine O", "bold", "normal", "woff2"),
        ("Linux Libertine O", "normal", "italic", "woff2"),
        ("Linux Biolinum O", "normal", "normal", "woff2"),
        ("Linux Biolinum O", "bold", "normal", "woff2"),
        ("Linux Biolinum O", "normal", "italic", "woff2"),
    ]
    assert html.count("@font-face") == 6  # the bundled rules' /fonts/ URLs are not left in the page
    for _, _, _, _, data in found:
        assert data[:4] == b"wOF2"
        font = TTFont(BytesIO(data))
        cmap = font.getBestCmap()
        assert all(ord(c) in cmap for c in "Aa“”–’£›")  # the page's letters and the common marks
        assert ord("Ж") not in cmap and ord("ŵ") not in cmap  # nothing the page does not use beyond Latin-1
        assert all(ord(c) in cmap for c in "éßÑ")  # Latin-1's letters always: pages in most languages share a subset
        assert len(cmap) < 260
        names = [record.toUnicode() for record in font["name"].names if record.nameID not in (0, 13, 14)]
        assert not any("Linux Libertine" in name for name in names)  # a modified font drops the reserved name
        assert "Linux Libertine" in font["name"].getDebugName(0)  # and keeps the copyright notice
        assert font["name"].getDebugName(1).endswith(" subset")


def test_parliamentary_style_embeds_only_the_family_it_uses_with_every_character_of_the_page(workdir: Path) -> None:
    html = build(workdir, WELSH, "--style", "parliamentary")
    found = faces(html)
    assert [f[:3] for f in found] == [
        ("Linux Biolinum O", "normal", "normal"),
        ("Linux Biolinum O", "bold", "normal"),
        ("Linux Biolinum O", "normal", "italic"),
    ]
    for face in found:
        cmap = TTFont(BytesIO(face[4])).getBestCmap()
        assert all(ord(c) in cmap for c in "ŴŵÉé")  # the title's letters, in both cases (text-transform)


def test_chart_text_names_a_family_the_page_loads(workdir: Path) -> None:
    shutil.copyfile(EXAMPLE, workdir / "b.yaml")
    result = run("build", "b.yaml", "--to", "html")
    assert result.exit_code == 0, result.output
    html = (workdir / "build" / "b.html").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    named = {family for svg in svgs for family in re.findall(r"font-family=\"'([^']+)', sans-serif\"", svg)}
    assert named == {"Linux Biolinum O"}
    assert named <= {face[0] for face in faces(html)}
    assert len(html.encode("utf-8")) < 220_000  # 42.5 kB without fonts; six subsets (Latin-1 included) add ~160 kB


def test_subsets_are_the_same_bytes_when_made_again(workdir: Path) -> None:
    html = build(workdir, MINIMAL, "--style", "parliamentary")
    path = str(FONTS / "linux-biolinum-o" / "LinBiolinum_R.otf")
    again, _ = webfonts.subset.__wrapped__(path, webfonts.page_characters(html))  # not this process's copy
    assert again == faces(html)[0][4]
    source = TTFont(path, lazy=True)
    assert TTFont(BytesIO(again))["head"].modified == source["head"].modified  # the source's time, not the clock's


def test_a_style_with_its_own_font_file_embeds_it_and_one_naming_no_bundled_font_embeds_none(workdir: Path) -> None:
    house = workdir / "styles" / "house"
    house.mkdir(parents=True)
    shutil.copyfile(FONTS / "linux-biolinum-o" / "LinBiolinum_R.otf", house / "sans.otf")
    write(
        house,
        "style.css",
        '@font-face { font-family: "House Sans"; src: url("sans.otf"); }\nhtml { font-family: "House Sans"; }\n',
    )
    html = build(workdir, MINIMAL, "--style", "house")
    assert [f[:4] for f in faces(html)] == [("House Sans", "normal", "normal", "woff2")]
    write(house, "style.css", "html { font-family: Georgia, serif; }\n")
    html = build(workdir, MINIMAL, "--style", "house")
    assert "@font-face" not in html and "data:font" not in html


def test_subsets_are_kept_in_the_build_cache_and_a_damaged_one_is_made_again(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFGEN_CACHE", str(workdir / "cache"))
    first = build(workdir, MINIMAL, "--style", "parliamentary")
    kept = sorted((workdir / "cache" / "fonts").glob("*.woff2"))
    assert len(kept) == 3
    made = webfonts.subset
    monkeypatch.setattr(webfonts, "subset", _refuse)  # a new process: only the build cache has the subsets
    assert build(workdir, MINIMAL, "--style", "parliamentary", "--force") == first
    kept[0].write_bytes(kept[0].read_bytes()[:-100])  # cut short, as by a full disk
    monkeypatch.setattr(webfonts, "subset", made)
    assert build(workdir, MINIMAL, "--style", "parliamentary", "--force") == first


def _refuse(path: str, characters: str) -> tuple[bytes, str]:
    """A subsetter that must not be called."""
    raise AssertionError(f"subset {path} made again")
