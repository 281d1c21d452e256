"""Shared state for one benchmark run: tools, scratch folders, plan and measured commands."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import content
from .measure import Measurement, best_of
from .report import GrowthPoint
from .tools import Tools


@dataclass(frozen=True)
class Plan:
    """How much to measure."""

    runs: int = 3
    folder_sizes: tuple[int, ...] = (12, 100)
    warm_sizes: tuple[int, ...] = (12, 100)
    page_targets: tuple[int, ...] = (1, 5, 20, 50)
    counts: tuple[int, ...] = (1, 12, 50, 100)
    check_count: int = 1000

    @classmethod
    def quick(cls) -> Plan:
        """A smoke run: one repetition, small sizes."""
        return cls(runs=1, folder_sizes=(12,), warm_sizes=(12,), page_targets=(1, 5), counts=(1, 12))


@dataclass
class Context:
    """What every case needs; measurements are shared between cases by key."""

    tools: Tools
    work: Path
    plan: Plan
    memo: dict[str, Measurement] = field(default_factory=dict)
    growth: list[GrowthPoint] = field(default_factory=list)

    def path(self, *parts: str) -> Path:
        """A folder under the scratch folder, created on demand."""
        folder = self.work.joinpath(*parts)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def variant(self, name: str) -> Path:
        """A seed variant ('london', 'every-key-nocharts', …) written once, checked by briefgen."""
        target = self.work / "briefs" / name / f"{name}.yaml"
        if not target.exists():
            brief, seed = content.variants()[name]
            content.write(brief, target, seed)
            self.tools.check(target)
        return target

    def folder(self, count: int) -> Path:
        """A folder of `count` chart-free briefs, written once, checked by briefgen."""
        target = self.work / "folders" / str(count)
        if not target.exists():
            content.folder(target, count)
            self.tools.check(target)
        return target

    def out(self, key: str) -> Path:
        """The output folder of a measured build."""
        return self.work / "out" / _slug(key)

    def build(
        self,
        key: str,
        sources: list[Path],
        formats: str,
        flags: tuple[str, ...] = (),
        cold: bool = True,
        like: str | None = None,
    ) -> Measurement:
        """Measure `briefgen build SOURCES -o OUT --to FORMATS FLAGS`, each run from empty output and cache.

        With cold=False the runs reuse what the build measured as `like` left behind.
        """
        if key in self.memo:
            return self.memo[key]
        place = like or key
        out = self.out(place)
        command = [*self.tools.briefgen, "build", *map(str, sources), "-o", str(out), "--to", formats, *flags]
        cwd, env = self._isolated(place)
        log(f"  {key}: briefgen build … --to {formats} {' '.join(flags)}".rstrip())
        prepare = (lambda: self._reset(place, out)) if cold else None
        self.memo[key] = best_of(command, cwd, self.plan.runs, env, prepare)
        log(f"    {self.memo[key].seconds:.2f} s, peak {self.memo[key].peak_mb:.0f} MB")
        return self.memo[key]

    def _isolated(self, key: str) -> tuple[Path, dict[str, str]]:
        """A working folder and environment whose build cache belongs to this measurement only."""
        env = dict(self.tools.env, BRIEFGEN_CACHE=str(self.work / "cache" / _slug(key)))
        return self.path("cwd", _slug(key)), env

    def _reset(self, key: str, out: Path) -> None:
        """Empty the output folder and the build caches of a measurement."""
        cwd, env = self._isolated(key)
        for folder in (out, Path(env["BRIEFGEN_CACHE"]), cwd):
            shutil.rmtree(folder, ignore_errors=True)
        cwd.mkdir(parents=True)

    def measure(self, key: str, command: list[str], cwd: Path, runs: int | None = None) -> Measurement:
        """Measure any other command (pandoc, check) with the shared environment, best of `runs` (default: plan)."""
        if key not in self.memo:
            log(f"  {key}: {Path(command[0]).name} …")
            self.memo[key] = best_of(command, cwd, runs or self.plan.runs, self.tools.env)
            log(f"    {self.memo[key].seconds:.2f} s, peak {self.memo[key].peak_mb:.0f} MB")
        return self.memo[key]


def _slug(key: str) -> str:
    """A key as a folder name."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in key)


def log(message: str) -> None:
    """Progress on standard error."""
    print(message, file=sys.stderr, flush=True)
