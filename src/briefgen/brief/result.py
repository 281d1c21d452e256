"""Load and check one brief file; the outcome is data: the checked brief (if any) and its problems."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from briefgen.brief.bibliography import CSL_FOLDER
from briefgen.brief.check import Checked, check
from briefgen.brief.datafiles import read_data_files
from briefgen.brief.images import find_image
from briefgen.brief.load import load_brief
from briefgen.brief.nodes import Document
from briefgen.errors import BriefError, Problem
from briefgen.fsutil import display_path


@dataclass(frozen=True)
class CheckResult:
    """A checked brief, or None when it could not be read, with every problem found."""

    checked: Checked | None
    problems: list[Problem]

    @property
    def failed(self) -> bool:
        """True when the brief cannot be built: it has errors or could not be read."""
        return self.checked is None or any(p.severity == "error" for p in self.problems)


def check_file(
    source: Path,
    strict: bool = False,
    display: str | None = None,
    root: Path | None = None,
    style_folder: Path | None = None,
) -> CheckResult:
    """Load and check one brief (refusing links out of `root`); with strict, warnings count as errors.

    `style_folder` is the folder of the style the brief is built with, where a `.csl` file may also be.
    """
    try:
        doc = load_brief(source, display=display or display_path(source), root=root)
        checked = check_document(doc, style_folder)
    except BriefError as exc:
        return CheckResult(None, exc.problems)
    problems = checked.problems
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    return CheckResult(checked, problems)


def check_document(doc: Document, style_folder: Path | None = None) -> Checked:
    """Check a loaded brief with the data files its figures read, from the brief's folder."""
    return check(doc, read_data_files(doc), style_folder)


def used_data(checked: Checked) -> list[Path]:
    """The data files a brief's figures read."""
    return sorted({d.path for d in checked.data.values() if d.path is not None})


def used_images(checked: Checked) -> list[Path]:
    """The image files a brief's prose uses."""
    base = checked.doc.path.parent
    found = (
        find_image(base, ref.name) for prose in checked.prose.values() for ref in prose.refs if ref.kind == "image"
    )
    return sorted({p for p in found if p is not None})


def used_inputs(checked: Checked) -> list[Path]:
    """Every file a brief's outputs depend on beside the brief: images, data, bibliography files, a local CSL style."""
    bib = checked.bibliography
    local = [bib.style] if bib.style is not None and bib.style.parent != CSL_FOLDER else []
    return sorted({*used_images(checked), *used_data(checked), *bib.files, *local})
