"""Finishing the packages pandoc writes: what the page header, footer and properties say; fixed zip timestamps.

Pandoc copies the reference document's page set-up but knows nothing of a brief's marking, its
draft status or 'Page n of N'; and it stamps some zip entries with the time of the run. Here the
zip is rewritten with the standard library: same entries in the same order, every timestamp and
every date in the properties taken from the build's epoch, so the same sources give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


@dataclass(frozen=True)
class Furniture:
    """What the page header, footer and the document properties say."""

    title: str
    authors: tuple[str, ...]
    subject: str
    keywords: tuple[str, ...]
    lang: str
    marking: str | None
    status_line: str | None  # 'DRAFT', 'For review', 'uncommitted changes', or None when final
    footer: str
    page: str
    of: str
    epoch: int


def rezip(data: bytes, replace: dict[str, bytes], epoch: int) -> bytes:
    """The package with some entries replaced or added, entries in their order, every timestamp fixed."""
    moment = max(_ZIP_EPOCH, datetime.fromtimestamp(epoch, tz=UTC).timetuple()[:6])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = [info.filename for info in source.infolist()]
        for name in [*names, *(n for n in replace if n not in names)]:
            info = zipfile.ZipInfo(name, date_time=moment)
            stored = name == "mimetype"  # ODF: the first entry, uncompressed
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, replace[name] if name in replace else source.read(name))
    return out.getvalue()


def read(data: bytes, name: str) -> str:
    """One entry of a package as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")
