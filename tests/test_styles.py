"""Styles: packaged and workspace styles, building on a packaged one, template overrides."""

from __future__ import annotations

from pathlib import Path

from helpers import MINIMAL, ROOT, run, write


def test_workspace_style_builds_on_a_packaged_one(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL)
    write(
        workdir, "styles/house/style.css", '@import url("/styles/default/style.css");\n.summary { color: #123456; }\n'
    )
    assert run("build", "b.yaml", "--style", "house", "--to", "html").exit_code == 0
    html = (workdir / "build" / "b.html").read_text()
    assert "--accent: #1f4e79" in html and ".summary { color: #123456; }" in html
    assert "@import" not in html


def test_style_template_overrides_the_packaged_one(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL)
    write(workdir, "styles/plain/style.css", "body { color: black }\n")
    write(workdir, "styles/plain/templates/brief.md.j2", "# {{ title }}\n\n{{ summary }}\n")
    assert run("build", "b.yaml", "--style", "styles/plain", "--to", "md").exit_code == 0
    assert (workdir / "build" / "b.md").read_text() == "# A minimal brief\n\nLondon has 8.63m people.[^1]\n"


def test_the_repository_example_style_works(workdir: Path) -> None:
    write(workdir, "b.yaml", MINIMAL)
    assert run("build", "b.yaml", "--style", ROOT / "styles" / "committee", "--to", "html").exit_code == 0
    assert "--accent: #5b2a6e" in (workdir / "build" / "b.html").read_text()
