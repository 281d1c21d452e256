"""Fixtures shared by every test: a temporary working folder and a build cache of each test's own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles: "quick" while working, "ci" (the default, and what CI runs), "long" for a deep run
# now and then. Examples are derandomized, so a run is repeatable; helpers.examples() scales each
# test's own count by the profile.
for _name in ("quick", "ci", "long"):
    settings.register_profile(
        _name, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], print_blob=True
    )
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary working folder, made current so paths print relative to it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give each test its own build cache, outside the working folder."""
    monkeypatch.setenv("BRIEFGEN_CACHE", str(tmp_path_factory.mktemp("cache")))
