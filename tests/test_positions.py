"""Positions of problems inside prose, for each YAML scalar style."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import MINIMAL, run, write

STYLES = {
    "literal block": ("problem: |\n  First line.\n  Second {nope} here.\n", "b.yaml:8:10"),
    "folded block": ("problem: >\n  First line.\n  Second {nope} here.\n", "b.yaml:8:10"),
    "plain multi-line": ("problem: First line\n  and second {nope} here.\n", "b.yaml:7:14"),
    "double-quoted": ('problem: "First line\n  and second {nope} here."\n', "b.yaml:7:14"),
    "single-quoted": ("problem: 'First line\n  and it''s {nope} here.'\n", "b.yaml:7:13"),
    "literal block, deeper indent": ("problem: |\n      Indented more.\n      {nope}\n", "b.yaml:8:7"),
}


@pytest.mark.parametrize("style", list(STYLES))
def test_unknown_figure_points_into_the_scalar(workdir: Path, style: str) -> None:
    field, where = STYLES[style]
    write(workdir, "b.yaml", MINIMAL.replace("problem: It is large.\n", field))
    result = run("check", "b.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{where}: error: unknown figure 'nope'"


def test_columns_count_characters_not_bytes(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL.replace("problem: It is large.", "problem: Größe – {nope}"))
    assert run("check", "b.yaml").stderr.splitlines()[0] == "b.yaml:6:18: error: unknown figure 'nope'"


def test_references_in_code_and_escapes_are_text(workdir: Path) -> None:
    field = "problem: |\n  Use `{nope}` or \\{nope} or {{nope}} literally.\n"
    write(workdir, "b.yaml", MINIMAL.replace("problem: It is large.\n", field))
    result = run("build", "b.yaml", "-o", "out", "--to", "md")
    assert result.exit_code == 0, result.output
    text = (workdir / "out" / "b.md").read_text()
    assert "Use `{nope}` or {nope} or {nope} literally." in text


def test_image_outside_the_folder_is_refused_with_its_position(workdir: Path) -> None:
    field = "problem: |\n  See below.\n\n  ![A map](../secret.png)\n"
    write(workdir, "b.yaml", MINIMAL.replace("problem: It is large.\n", field))
    result = run("check", "b.yaml")
    assert (
        result.stderr.splitlines()[0] == "b.yaml:9:12: error: image '../secret.png' points outside the brief's folder"
    )


def test_image_needs_alt_text_and_an_existing_file(workdir: Path) -> None:
    field = "problem: |\n  ![](images/none.png)\n"
    write(workdir, "b.yaml", MINIMAL.replace("problem: It is large.\n", field))
    assert run("check", "b.yaml").stderr.splitlines()[:2] == [
        "b.yaml:7:7: error: image 'images/none.png' not found inside the brief's folder",
        "b.yaml:7:7: error: image needs alt text: write ![what it shows](path)",
    ]


def test_network_and_data_images_are_refused(workdir: Path) -> None:
    field = "problem: |\n  ![a](http://127.0.0.1:9/x.png) ![b](data:image/png;base64,AAAA)\n"
    write(workdir, "b.yaml", MINIMAL.replace("problem: It is large.\n", field))
    lines = run("check", "b.yaml").stderr.splitlines()
    assert lines == [
        "b.yaml:7:8: error: image 'http://127.0.0.1:9/x.png' must be a file inside the brief's folder; "
        "nothing is fetched from the network or from data: URLs",
        "b.yaml:7:39: error: image 'data:image/png;base64,AAAA' must be a file inside the brief's folder; "
        "nothing is fetched from the network or from data: URLs",
        "1 of 1 brief failed",
    ]


def test_unsafe_link_becomes_text_with_a_warning(workdir: Path) -> None:
    field = "problem: |\n  Click [here](javascript:alert(1)) or [there](https://example.org).\n"
    write(workdir, "b.yaml", MINIMAL.replace("problem: It is large.\n", field))
    result = run("build", "b.yaml", "-o", "out", "--to", "md")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "b.yaml:7:16: warning: link to 'javascript:alert(1)' is shown as plain text; "
        "links may be http:, https:, mailto: or relative"
    )
    assert "Click here or [there](https://example.org)." in (workdir / "out" / "b.md").read_text()


def test_raw_html_is_shown_as_text(workdir: Path) -> None:
    field = "problem: |\n  A <script>alert(1)</script> tag.\n"
    write(workdir, "b.yaml", MINIMAL.replace("problem: It is large.\n", field))
    run("build", "b.yaml", "-o", "out", "--to", "md")
    assert "A \\<script>alert(1)\\</script> tag." in (workdir / "out" / "b.md").read_text()


def test_chart_must_stand_alone_and_be_placed_once(workdir: Path) -> None:
    chart = "charts:\n  - {id: c, title: C, kind: bar, figures: [london_population], alt: Bars}\n"
    field = "problem: |\n  Inline {chart:c} here.\n\n  {chart:c}\n\n  {chart:c}\n"
    write(workdir, "b.yaml", MINIMAL.replace("problem: It is large.\n", field) + chart)
    assert run("check", "b.yaml").stderr.splitlines()[:2] == [
        "b.yaml:7:10: error: {chart:c} must stand on a paragraph of its own in a block Markdown field",
        "b.yaml:11:3: error: chart 'c' is placed twice; a chart is placed at most once",
    ]


def test_code_blocks_keep_their_blank_lines_and_spaces(workdir: Path) -> None:
    field = "problem: |\n  ```\n  first  \n\n\n  last\n  ```\n"
    write(workdir, "b.yaml", MINIMAL.replace("problem: It is large.\n", field))
    assert run("build", "b.yaml", "-o", "out", "--to", "md").exit_code == 0
    assert "```\nfirst  \n\n\nlast\n```" in (workdir / "out" / "b.md").read_text()
