"""Files: atomic writes, assets resolved inside a folder, and paths shown as the user would write them."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

MAX_ASSET_BYTES = 8 * 1024 * 1024  # one cap for every file a brief or style reads, in every format


class AssetTooLarge(OSError):
    """A file over the size cap."""


def read_capped(path: Path, limit: int = MAX_ASSET_BYTES) -> bytes:
    """Read a regular file of at most `limit` bytes; devices, FIFOs and larger files are refused."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError("not a regular file")
        if info.st_size > limit:
            raise AssetTooLarge(f"larger than {limit // 1024 // 1024} MiB")
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise AssetTooLarge(f"larger than {limit // 1024 // 1024} MiB")
    return data


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary file in the same folder, renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's file-creation mask."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def resolve_asset(base: Path, relative: str, roots: tuple[Path, ...] = ()) -> Path | None:
    """Resolve a relative path to a regular file inside `base` (or `roots`), following symlinks first."""
    allowed = [r.resolve() for r in (base, *roots)]
    try:
        target = (base / relative).resolve()
    except (OSError, RuntimeError):
        return None
    if not any(target == r or r in target.parents for r in allowed):
        return None
    return target if target.is_file() else None


def display_path(path: Path) -> str:
    """A path as the user would write it: relative to the working folder when inside it (links are not followed)."""
    for here, there in (
        (Path(os.path.abspath(path)), Path(os.path.abspath(os.getcwd()))),
        (Path(os.path.abspath(path)).parent.resolve() / path.name, Path.cwd().resolve()),
    ):
        try:
            return str(here.relative_to(there))
        except ValueError:
            continue
    return str(path)
