"""Throwaway git repositories for tests, with fixed dates so builds are reproducible."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(folder: Path, *args: str, date: str = "2025-02-14T10:00:00+00:00") -> str:
    """Run git in a folder with a fixed identity and date; return its output."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    done = subprocess.run(["git", "-C", str(folder), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def init(folder: Path) -> Path:
    """A new repository on branch main."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    return folder


def commit(folder: Path, message: str, date: str = "2025-02-14T10:00:00+00:00") -> str:
    """Commit everything; return the short hash."""
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message, date=date)
    return git(folder, "rev-parse", "--short", "HEAD")
