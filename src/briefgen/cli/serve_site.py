"""The briefs `briefgen serve` previews: found, checked and rendered once per version of their folder."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from briefgen.brief.result import CheckResult, check_file
from briefgen.build.discover import discover
from briefgen.render.styles import Style

T = TypeVar("T")


class Site:
    """The briefs being served, a version bumped on every change, and renders cached per version."""

    def __init__(self, path: Path, style: Style):
        self.path = path
        self.folder = path if path.is_dir() else path.parent
        self.style = style
        self._boot = secrets.token_hex(4)
        self._count = 0
        self._lock = threading.Lock()
        self._render_lock = threading.RLock()
        self._cache: dict[tuple[str, str], tuple[str, Any]] = {}

    @property
    def version(self) -> str:
        """A token that changes on every change to the folder (and on every restart)."""
        return f"{self._boot}-{self._count}"

    def bump(self) -> None:
        """Note a change: new version, stale renders dropped."""
        with self._lock:
            self._count += 1
            self._cache.clear()

    def cached(self, kind: str, key: str, version: str, make: Callable[[], T]) -> T:
        """A value made once per version (read before making it); renders run one at a time."""
        with self._render_lock:
            hit = self._cache.get((kind, key))
            if hit is not None and hit[0] == version:
                return cast(T, hit[1])
            value = make()
            with self._lock:
                self._cache[(kind, key)] = (version, value)
            return value

    def briefs(self, version: str) -> dict[str, Path]:
        """Every brief served, keyed by its path below the folder without suffix (the first of a clash wins)."""

        def find() -> dict[str, Path]:
            jobs = discover([self.path], Path())
            return dict(sorted({job.out_stem.as_posix(): job.source for job in reversed(jobs)}.items()))

        return self.cached("briefs", "", version, find)

    def check(self, key: str, version: str) -> CheckResult:
        """The checked brief and its problems."""
        source = self.briefs(version)[key]
        root = self.path if self.path.is_dir() else None
        return self.cached("check", key, version, lambda: check_file(source, root=root))
