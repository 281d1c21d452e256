"""Find the programs the benchmark runs and what they support."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .measure import BenchError

VENV_BIN = Path(sys.executable).parent


@dataclass
class Tools:
    """The briefgen command, the pandoc binary and the environment to run them in."""

    briefgen: list[str]
    pandoc: str | None
    env: dict[str, str]
    build_flags: set[str] = field(default_factory=set)

    @classmethod
    def discover(cls) -> Tools:
        """Locate briefgen (beside this Python) and pypandoc's pandoc; read `build --help`."""
        env = dict(os.environ)
        env["PATH"] = os.pathsep.join([str(VENV_BIN), env.get("PATH", "")])
        exe = VENV_BIN / "briefgen"
        briefgen = [str(exe)] if exe.exists() else [shutil.which("briefgen", path=env["PATH"]) or "briefgen"]
        tools = cls(briefgen, _pandoc(), env)
        tools.build_flags = _flags(tools.run([*briefgen, "build", "--help"]))
        return tools

    def run(self, command: list[str], cwd: Path | None = None) -> str:
        """Run an unmeasured helper command; its standard output, or BenchError."""
        done = subprocess.run(command, cwd=cwd, env=self.env, capture_output=True, text=True)
        if done.returncode != 0:
            raise BenchError(f"exit {done.returncode}: {' '.join(command)}\n{done.stderr.strip()[-2000:]}")
        return done.stdout

    def has(self, flag: str) -> bool:
        """Whether `briefgen build` accepts an option, e.g. '--force' or '-j'."""
        return flag in self.build_flags

    def check(self, *paths: Path) -> None:
        """Fail unless `briefgen check` accepts the briefs."""
        self.run([*self.briefgen, "check", *map(str, paths)])

    def versions(self) -> dict[str, str]:
        """Versions of what was measured, for the results file."""
        info = {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": str(os.cpu_count()),
            "briefgen": self.run([*self.briefgen, "--version"]).split()[-1],
        }
        if self.pandoc:
            info["pandoc"] = self.run([self.pandoc, "--version"]).splitlines()[0].split()[-1]
        try:
            from importlib.metadata import version

            info["weasyprint"] = version("weasyprint")
        except Exception:
            pass
        return info


def _pandoc() -> str | None:
    """pypandoc-binary's pandoc, else one on PATH, else None."""
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return shutil.which("pandoc")


def _flags(help_text: str) -> set[str]:
    """The option names a click --help text lists."""
    flags = set()
    for line in help_text.splitlines():
        for word in line.strip().replace(",", " ").split():
            if word.startswith("-") and len(word) > 1:
                flags.add(word)
            else:
                break
    return flags


def pdf_pages(path: Path) -> int | None:
    """Pages in a PDF, via pypdf; None when pypdf is missing."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(path).pages)
