"""Fixtures shared by every test: a temporary working folder and a build cache of each test's own."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from helpers import EVERY_KEY, EXAMPLE, run

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


PACKAGED_STYLES = ("default", "parliamentary")
ALL_FORMATS = "md,html,pdf,docx,odt"


def _run_folder(factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run that every pytest-xdist worker shares (the run's own folder without xdist)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def examples_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The London example and every-key.yaml in every format and packaged style, built once per run.

    Read-only for the tests that use it: out/<style>/<stem>.<format>. The first worker to ask builds it
    under a lock; the others wait and reuse it, so the long PDF builds are paid once, not once a module.
    """
    folder = _run_folder(tmp_path_factory)
    out = folder / "examples-built"
    with (folder / "examples-built.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "done").exists():
            for style in PACKAGED_STYLES:
                args = ("build", EXAMPLE, EVERY_KEY, "-o", out / style, "--style", style, "--to", ALL_FORMATS)
                result = run(*args, "--no-cache")
                assert result.exit_code == 0, result.output
                assert "Anchor" not in result.output  # each note's id once: the PDF's HTML has no hidden endnotes
            (out / "done").touch()
    return out
