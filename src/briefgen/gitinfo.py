"""Read-only helpers over the `git` command: where a brief came from, and how it was at a revision."""

# Every call runs `git -C <folder>` with LC_ALL=C, no prompts, no pager and no optional locks, so
# nothing here touches the work tree or the index, and nothing reaches the network.
from __future__ import annotations

import io
import os
import posixpath
import re
import subprocess
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from briefgen.errors import BriefgenError

SHALLOW_HINT = (
    "this is a shallow clone, so older history is missing; fetch it with `git fetch --unshallow` "
    "(in CI, e.g. GitHub Actions' actions/checkout, set `fetch-depth: 0`)"
)
_ENV = {"LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat"}
_TIMEOUT = 60

UNCOMMITTED = "uncommitted changes"  # the end of a stamp; render/outputs.py prints it in the brief's language


class GitError(BriefgenError):
    """A git operation failed; `message` is fit to show the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Stamp:
    """Where a brief stands in git: the last commit that touched it, and whether it has changed since."""

    # A file never committed has commit "", no tag, dirty True and its modification time as date.
    # In a shallow clone the commit may be later than the real last change: older history is missing.
    commit: str  # short hash
    tag: str | None
    date: datetime
    dirty: bool
    shallow: bool

    def label(self) -> str:
        """A short label, e.g. `a1b2c3d (v1.2) 2025-02-14, uncommitted changes`."""
        parts = [self.commit] if self.commit else []
        if self.commit and self.tag:
            parts.append(f"({self.tag})")
        if self.commit:
            parts.append(self.date.date().isoformat())
        text = " ".join(parts)
        if self.dirty:
            text = f"{text}, {UNCOMMITTED}" if text else UNCOMMITTED
        return text

    def epoch(self) -> int:
        """The commit date as whole seconds since 1970 (e.g. for SOURCE_DATE_EPOCH)."""
        return int(self.date.timestamp())


@dataclass(frozen=True)
class _Repo:
    """A file's repository: its top folder, the file's path from there, and whether it is shallow."""

    top: Path
    rel: str
    folder: Path  # the nearest existing folder holding the file
    base: str  # that folder as a path from top ("" at the top)
    shallow: bool


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run one git command in `folder`; raise GitError when git cannot be run at all."""
    try:
        return subprocess.run(
            ["git", "--literal-pathspecs", "-C", str(folder), *args],
            capture_output=True,
            env={**os.environ, **_ENV},
            stdin=subprocess.DEVNULL,
            timeout=_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"cannot run git: {exc}") from None


def _locate(path: Path) -> tuple[Path, str]:
    """The nearest existing folder holding `path`, and the path from there (posix)."""
    absolute = Path(os.path.abspath(path))
    folder, rest = absolute.parent, [absolute.name]
    while not folder.is_dir() and folder != folder.parent:
        rest.insert(0, folder.name)
        folder = folder.parent
    return folder, "/".join(rest)


def _repo(path: Path) -> _Repo:
    """Find the work tree holding `path`; raise GitError outside one."""
    folder, rest = _locate(path)
    result = _git(folder, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository")
    lines = result.stdout.decode("utf-8", "replace").splitlines()
    if result.returncode != 0 or len(lines) < 3:
        raise GitError(f"{folder} is not inside a git work tree")
    prefix = lines[1].rstrip("/")
    rel = posixpath.join(prefix, rest) if prefix else rest
    return _Repo(Path(lines[0]), rel, folder, prefix, lines[2].strip() == "true")


def _pathspec(repo: _Repo, path: Path) -> str | None:
    """An extra path as a path from the top, or None when it lies outside the work tree."""
    relative = os.path.relpath(os.path.abspath(path), repo.folder)
    joined = posixpath.normpath(posixpath.join(repo.base, Path(relative).as_posix()))
    return None if joined == ".." or joined.startswith("../") else joined


def stamp_for(path: Path, extra: Iterable[Path] = ()) -> Stamp | None:
    """The git stamp of a brief (dirty also when any of `extra` changed); None outside git or without git."""
    try:
        repo = _repo(path)
        specs = [repo.rel, *(s for s in (_pathspec(repo, p) for p in extra) if s)]
        status = _git(repo.top, "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames", "--", *specs)
        fields = _last_commit(repo)
    except GitError:
        return None
    dirty = status.returncode != 0 or bool(status.stdout.strip(b"\0\n"))
    if len(fields) < 3:
        return _uncommitted(path, repo.shallow)
    commit, date, refs = fields[0], datetime.fromisoformat(fields[1]), fields[2]
    return Stamp(commit, _pick_tag(refs), date, dirty, repo.shallow)


def _last_commit(repo: _Repo, *revs: str) -> list[str]:
    """Short hash, ISO date and tag refs of the last commit (up to `revs`) that touched the brief; [] if none."""
    log = _git(
        repo.top,
        "log",
        "-1",
        "--no-show-signature",
        "--decorate-refs=refs/tags/",
        "--format=%h%x00%cI%x00%D",
        *revs,
        "--",
        repo.rel,
    )
    return log.stdout.decode("utf-8", "replace").strip().split("\0") if log.returncode == 0 else []


def stamp_at(path: Path, rev: str) -> Stamp:
    """The stamp of a brief as it was at `rev`: the last commit up to `rev` that touched it."""
    repo = _repo(path)
    commit = _commit(repo, rev)
    fields = _last_commit(repo, commit)
    if len(fields) < 3:
        raise GitError(f"{repo.rel} does not exist at {rev}")
    return Stamp(fields[0], _pick_tag(fields[2]), datetime.fromisoformat(fields[1]), False, repo.shallow)


def _uncommitted(path: Path, shallow: bool) -> Stamp | None:
    """The stamp of a file git has never committed: dated by its modification time."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    return Stamp("", None, datetime.fromtimestamp(mtime, tz=UTC).astimezone(), True, shallow)


def _pick_tag(refs: str) -> str | None:
    """The highest-versioned tag among `%D` decorations (`tag: v1.2, tag: v1.10`), or None."""
    tags = [r.strip()[5:] for r in refs.split(",") if r.strip().startswith("tag: ")]
    return max(tags, key=_version_key) if tags else None


def _version_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key comparing runs of digits as numbers, so v1.10 comes after v1.9."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.findall(r"\d+|\D+", name))


def revision(path: Path, rev: str) -> str:
    """The full hash of the commit `rev` names in the repository holding `path`; raise GitError if none."""
    return _commit(_repo(path), rev)


def _commit(repo: _Repo, rev: str) -> str:
    """Resolve `rev` to a commit hash, with the shallow-clone hint when history is missing."""
    result = (
        None
        if not rev or rev.startswith("-")
        else _git(repo.top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    )
    if result is None or result.returncode != 0:
        hint = f"; {SHALLOW_HINT}" if repo.shallow else ""
        raise GitError(f"unknown revision '{rev}'{hint}")
    return result.stdout.decode().strip()


def read_at(path: Path, rev: str) -> bytes:
    """The bytes of the file at `path` as it was at `rev` (the same path; renames are not followed)."""
    repo = _repo(path)
    commit = _commit(repo, rev)
    result = _git(repo.top, "cat-file", "blob", f"{commit}:{repo.rel}")
    if result.returncode != 0:
        raise GitError(f"{repo.rel} does not exist at {rev}")
    return result.stdout


def export_folder_at(path: Path, rev: str, dest: Path) -> Path:
    """Write the folder holding `path` as of `rev` into `dest` (paths from the repo top); return the file's path."""
    # Only regular files and folders are written: symbolic links are skipped; absolute or `..` members are refused.
    repo = _repo(path)
    commit = _commit(repo, rev)
    folder = posixpath.dirname(repo.rel)
    result = _git(repo.top, "archive", "--format=tar", commit, *(["--", folder] if folder else []))
    if result.returncode != 0:
        raise GitError(f"{folder or 'the repository'} does not exist at {rev}")
    dest.mkdir(parents=True, exist_ok=True)
    _extract(result.stdout, dest)
    return dest.joinpath(*repo.rel.split("/"))


def _extract(archive: bytes, dest: Path) -> None:
    """Extract regular files and folders from tar bytes, refusing members that would escape `dest`."""
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
        members = tar.getmembers()
        for member in members:
            parts = PurePosixPath(member.name).parts
            if member.name.startswith("/") or ".." in parts:
                raise GitError(f"refusing archive member '{member.name}'")
        safe = [m for m in members if m.isreg() or m.isdir()]
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, members=safe, filter="data")
        else:  # pragma: no cover - Python before 3.11.4
            tar.extractall(dest, members=safe)
