"""The settings of a build: chosen once on the command line and carried unchanged to every worker."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefgen.render.styles import Style

Format = Literal["md", "html", "pdf", "docx", "odt"]
PdfVariant = Literal["pdf/ua-1", "pdf/a-3a"]
FORMATS: tuple[Format, ...] = ("md", "html", "pdf", "docx", "odt")  # every format --to knows
DEFAULT_FORMATS: tuple[Format, ...] = ("md", "html", "pdf")  # Word and OpenDocument on request


@dataclass(frozen=True)
class Settings:
    """How to build: outputs, style (resolved once), strictness, workers, cache and git revisions."""

    style: Style
    out: Path = Path("build")
    formats: tuple[Format, ...] = DEFAULT_FORMATS
    variant: PdfVariant = "pdf/ua-1"
    strict: bool = False
    jobs: int | None = None
    force: bool = False
    rev: str | None = None
    changes: str | None = None
    cache: bool = True


@dataclass(frozen=True)
class Edition:
    """What marks one build of one brief: its git stamp, the moment it stands for, and the changes box."""

    stamp: str | None = None
    dirty: bool = False
    epoch: int | None = None
    changes: str | None = None
