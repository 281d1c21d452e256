"""Issue 11's boxes in Word and OpenDocument output: numbered 'Box n: …', placed or after the background."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx

from helpers import MINIMAL, run, write

BOXES = MINIMAL.replace("problem: It is large.", "problem: |\n  It is large.\n\n  {box:vru}\n") + (
    "background: How it works today.\n"
    "boxes:\n"
    "  - {id: vru, title: What a VRU is, text: A unit that plans across agencies.}\n"
    "  - {id: case, title: A case study, text: Glasgow's unit since 2005.}\n"
)


def test_boxes_are_numbered_and_placed_in_docx_and_odt(workdir: Path) -> None:
    write(workdir, "b.yaml", BOXES)
    result = run("build", "b.yaml", "--to", "docx,odt")
    assert result.exit_code == 0, result.output
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(workdir / "build" / "b.docx")).paragraphs]
    texts = [text for _, text in paragraphs]
    first, second = texts.index("Box 1: What a VRU is"), texts.index("Box 2: A case study")
    assert texts.index("It is large.") < first < texts.index("How it works today.") < second  # placed, then unplaced
    assert paragraphs[first][0] == "Box title" and paragraphs[first + 1] == (
        "Box",
        "A unit that plans across agencies.",
    )
    assert paragraphs[second + 1] == ("Box", "Glasgow\u2019s unit since 2005.")
    with zipfile.ZipFile(workdir / "build" / "b.odt") as odt:
        content = odt.read("content.xml").decode("utf-8")
    assert content.index("Box 1: What a VRU is") < content.index("Box 2: A case study")
