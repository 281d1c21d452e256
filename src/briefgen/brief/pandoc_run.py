"""Run the pandoc that the pypandoc-binary wheel brings: bounded in time, nothing read from the network."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PANDOC_SECONDS = 60


class PandocMissing(RuntimeError):
    """pandoc could not be found or started."""


@dataclass(frozen=True)
class PandocRun:
    """What one run of pandoc gave: its exit status, output and error text."""

    status: int
    out: bytes
    err: str


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    """The pandoc executable shipped in the pypandoc-binary wheel (or found on PATH by pypandoc)."""
    try:
        import pypandoc  # noqa: PLC0415  pypandoc, only for briefs with a bibliography or a CSL style

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError) as exc:
        raise PandocMissing(f"pandoc is not available ({exc}); install briefgen with its dependencies") from None


def run_pandoc(args: list[str], data: bytes = b"", cwd: Path | None = None) -> PandocRun:
    """Run pandoc with `args`, `data` on its standard input; sandboxed from files outside those named."""
    command = [pandoc_path(), "--sandbox", *args]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=PANDOC_SECONDS, cwd=cwd, check=False)
    except subprocess.TimeoutExpired:
        return PandocRun(124, b"", f"pandoc took longer than {PANDOC_SECONDS} s")
    except OSError as exc:
        raise PandocMissing(f"pandoc could not be started: {exc}") from None
    return PandocRun(done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"))


def pandoc_version() -> str:
    """The first line of `pandoc --version`, for cache keys."""
    return _version(pandoc_path())


@lru_cache(maxsize=2)
def _version(path: str) -> str:
    """pandoc's version line."""
    done = subprocess.run([path, "--version"], capture_output=True, timeout=PANDOC_SECONDS, check=False)
    return done.stdout.decode("utf-8", "replace").splitlines()[0] if done.stdout else "pandoc"
