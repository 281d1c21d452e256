"""Fixtures shared by every test: a temporary working folder and a build cache of each test's own."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary working folder, made current so paths print relative to it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give each test its own build cache, outside the working folder."""
    monkeypatch.setenv("BRIEFGEN_CACHE", str(tmp_path_factory.mktemp("cache")))
