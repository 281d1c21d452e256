"""Issue 11: the matrix in Word and OpenDocument as looked at through LibreOffice's PDF.

Row heads visible in OpenDocument (they were white on white), the recommended options starred with the key
under the matrix (a turned matrix's narrow heads broke "(Recom/mended)"), the table notes in the table's
sans-serif rather than the body's serif, and the recommendation kept in one piece.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from helpers import EVERY_KEY, ROOT, run, stress_gallery

STYLES = ("default", "parliamentary")
KEY = "Key: ●\u00a0Good · ◐\u00a0Fair · ○\u00a0Poor · ★\u00a0recommended option"


def _part(path: Path, name: str) -> str:
    """One XML part of a zip package."""
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """every-key.yaml and the gallery's 8 options on 9 criteria as .docx and .odt in the default style."""
    out = tmp_path_factory.mktemp("issue11-officelook")
    gallery = stress_gallery()
    stress = out / "stress-8-options.yaml"
    stress.write_text(yaml.safe_dump(gallery.many_options(), sort_keys=False), encoding="utf-8")
    result = run("build", EVERY_KEY, stress, "-o", out, "--to", "docx,odt")
    assert result.exit_code == 0, result.output
    return out


def test_odt_matrix_row_heads_are_not_white_on_white(built: Path) -> None:
    content = _part(built / "every-key.odt", "content.xml")
    heads = re.findall(r'TableRowCell"[^>]*>\s*<text:p text:style-name="([^"]+)">([^<]*)', content)
    assert ("Table_20_Row_20_Heading", "A: Stay closed on Sundays") in heads
    assert not [text for style, text in heads if style == "Table_20_Heading"]
    styles = _part(built / "every-key.odt", "styles.xml")
    row_head = re.search(r'<style:style [^>]*style:name="Table_20_Row_20_Heading".*?</style:style>', styles)
    assert row_head is not None and 'fo:font-weight="bold"' in row_head.group(0)
    assert "#FFFFFF" not in row_head.group(0)


def test_turned_matrix_stars_the_recommended_options_and_keys_the_star(built: Path) -> None:
    document = docx.Document(str(built / "stress-8-options.docx"))
    matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "Criterion")
    heads = [c.text for c in matrix.rows[0].cells[1:]]
    assert len(heads) == 8
    assert [h for h in heads if h.endswith("★")] == ["B: Option title number 2 ★", "E: Option title number 5 ★"]
    assert not [h for h in heads if "Recommended" in h]
    key = [p for p in document.paragraphs if p.text.startswith("Key:")]
    assert [p.text for p in key] == [KEY] and key[0].style.name == "Table note"
    odt = _part(built / "stress-8-options.odt", "content.xml")
    assert re.search(
        r'<text:p text:style-name="Table_20_note"><text:span text:style-name="T\d+">Key:</text:span> ●', odt
    )


@pytest.mark.parametrize("style", STYLES)
def test_table_notes_use_the_tables_font_and_the_recommendation_keeps_together(style: str) -> None:
    reference = ROOT / "src" / "briefgen" / "styles" / style
    styles = _part(reference / "reference.docx", "word/styles.xml")
    table_font = re.search(r'w:styleId="Table">.*?<w:rFonts w:ascii="([^"]+)"', styles, re.S)
    note = re.search(r'w:styleId="Tablenote">.*?</w:style>', styles, re.S)
    assert table_font is not None and note is not None
    assert f'w:ascii="{table_font.group(1)}"' in note.group(0)
    odt = _part(reference / "reference.odt", "styles.xml")
    contents_font = re.search(r'style:name="Table_20_Contents".*?style:font-name="([^"]+)"', odt, re.S)
    odt_note = re.search(r'style:name="Table_20_note".*?</style:style>', odt, re.S)
    assert contents_font is not None and odt_note is not None
    assert f'style:font-name="{contents_font.group(1)}"' in odt_note.group(0)
    recommendation = re.search(r'w:styleId="Recommendation">.*?</w:style>', styles, re.S)
    assert recommendation is not None and "<w:keepNext/>" in recommendation.group(0)
