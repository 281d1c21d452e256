"""Read sheets of an .xlsx or .ods workbook with python-calamine, in a child process with a memory and time bound.

calamine fills a sheet's whole rectangle: a tiny hostile file with one cell at A1 and one at XFD1048576
asks for hundreds of gigabytes and aborts the process that reads it. So the reading runs in a forked
child under an address-space limit; the parent gets the sheets, or a plain reason why not.
"""

from __future__ import annotations

import faulthandler
import io
import os
import pickle
import select
import signal
import time
import zipfile
from typing import Any

MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # a workbook's zip members, added up as declared
MEMORY_HEADROOM = 2 * 1024 * 1024 * 1024  # address space the child may add to what it inherits
READ_SECONDS = 60
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_TYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_KIND_NAMES = {"xlsx": "an .xlsx workbook", "ods": "an .ods spreadsheet"}

Rows = list[list[Any]]
Sheets = dict[str, Rows]


def container_fault(raw: bytes, kind: str) -> str | None:
    """Why bytes are not the kind of workbook their name says (checked before calamine sees them), or None."""
    wanted = _KIND_NAMES[kind]
    if raw.startswith(_OLE):
        return f"is an old binary Office file (.xls?), not {wanted}; save it as .xlsx or .ods"
    if not raw.startswith(b"PK"):
        return f"is not {wanted}: it is not a zip file{_text_hint(raw)}"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return f"is not {wanted}: it is a damaged zip file"
    found = "ods" if mimetype.startswith(_ODS_TYPE) else "xlsx" if "xl/workbook.xml" in names else None
    if found is None:
        return f"is not {wanted}: it is a zip file of another kind"
    if found != kind:
        return f"is {_KIND_NAMES[found]}, not {wanted}; rename it .{found}"
    if unpacked > MAX_UNPACKED_BYTES:
        return f"unpacks to more than {MAX_UNPACKED_BYTES // 1024 // 1024} MiB; briefgen reads smaller workbooks"
    return None


def _text_hint(raw: bytes) -> str:
    """A hint when the bytes look like text (a CSV saved under a workbook's name)."""
    head = raw[:2048]
    return " (it looks like text: is it a CSV file? name it .csv)" if head and b"\x00" not in head else ""


def read_sheets(raw: bytes, wanted: list[str | None]) -> tuple[list[str], Sheets] | str:
    """The workbook's sheet names and the wanted sheets' cells (None: the first sheet), or why they cannot be read."""
    import python_calamine  # noqa: PLC0415  calamine, only when a workbook is read (and before forking)

    if not hasattr(os, "fork"):  # pragma: no cover - Windows: no isolation, the zip checks still apply
        return _read(python_calamine, raw, wanted)
    return _in_child(lambda: _read(python_calamine, raw, wanted))


def _read(calamine: Any, raw: bytes, wanted: list[str | None]) -> tuple[list[str], Sheets] | str:
    """Open the workbook and read each wanted sheet that exists, every cell from A1."""
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        names = [str(n) for n in book.sheet_names]
        sheets: Sheets = {}
        for name in wanted:
            actual = (names[0] if names else None) if name is None else name
            if actual is not None and actual in names and actual not in sheets:
                sheets[actual] = book.get_sheet_by_name(actual).to_python(skip_empty_area=False)
        return names, sheets
    except BaseException as exc:  # calamine's errors, and pyo3's PanicException, which is a BaseException
        return f"cannot be read: {_plain(exc)}"


def _plain(exc: BaseException) -> str:
    """An exception as a short, one-line message."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def _in_child(work: Any) -> tuple[list[str], Sheets] | str:
    """Run `work` in a forked child bounded in memory and time; return its result or a reason it failed."""
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, measured by the parent
        try:
            os.close(readable)
            _quiet_and_bounded()
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writable, "wb") as out:
                out.write(data)
        finally:
            os._exit(0)
    os.close(writable)
    data, finished = _collect(readable, time.monotonic() + READ_SECONDS)
    if not finished:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if not finished:
        return f"cannot be read: it took longer than {READ_SECONDS} seconds"
    if not data or not os.WIFEXITED(status):
        return "cannot be read: it needs more memory than briefgen allows (is it damaged, or unusually large?)"
    result: tuple[list[str], Sheets] | str = pickle.loads(data)  # written by our own child just now
    return result


def _collect(fd: int, deadline: float) -> tuple[bytes, bool]:
    """Read a pipe to its end before a deadline: (bytes, whether it ended in time)."""
    chunks: list[bytes] = []
    with os.fdopen(fd, "rb", buffering=0) as stream:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([stream], [], [], left)[0]:
                return b"", False
            chunk = stream.read(1 << 20)
            if not chunk:
                return b"".join(chunks), True
            chunks.append(chunk)


def _quiet_and_bounded() -> None:  # pragma: no cover - runs in the child
    """In the child: no output to the terminal (a Rust abort prints a trace), and a bounded address space."""
    import resource  # noqa: PLC0415  POSIX only, and only in the child

    faulthandler.disable()  # a test runner's handler would print the abort's trace to the terminal
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        with open("/proc/self/statm", encoding="ascii") as stat:
            used = int(stat.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        used = 4 * 1024 * 1024 * 1024
    limit = used + MEMORY_HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
