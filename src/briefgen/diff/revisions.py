"""A brief as it was at a git revision, or as it is in the work tree, checked for comparison."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.brief.check import Checked
from briefgen.brief.load import load_bytes
from briefgen.brief.result import check_document
from briefgen.errors import BriefError
from briefgen.gitinfo import GitError, export_folder_at, read_at

WORK_TREE = "work tree"


@dataclass
class Side:
    """One version of the brief: checked, or None with a note saying why."""

    label: str
    checked: Checked | None = None
    errors: int | None = None
    notes: list[str] = field(default_factory=list)


def _check(raw: bytes, name: str, where: Path, side: Side) -> Side:
    """Load and check brief bytes; a brief that cannot be read is kept as a note and an error count."""
    try:
        side.checked = check_document(load_bytes(raw, name, where))  # data files read beside `where`
    except BriefError as exc:
        side.errors = len(exc.problems)
        side.notes.append(f"{side.label}: cannot be read, so it is compared as empty: {exc.problems[0]}")
    return side


def load_at(path: Path, rev: str) -> Side:
    """The brief as it was at `rev`, checked against its folder as of that revision (for images and data files)."""
    side = Side(rev)
    try:
        raw = read_at(path, rev)
    except GitError:
        side.notes.append(f"{path} did not exist at {rev}")
        return side
    with tempfile.TemporaryDirectory(prefix="briefgen-diff-") as tmp:
        try:
            where = export_folder_at(path, rev, Path(tmp))
        except GitError:
            where = path
        return _check(raw, str(path), where, side)


def load_work_tree(path: Path) -> Side:
    """The brief as it is on disk now."""
    side = Side(WORK_TREE)
    try:
        raw = path.read_bytes()
    except OSError:
        side.notes.append(f"{path} does not exist in the work tree")
        return side
    return _check(raw, str(path), path, side)
