"""Time whole processes and measure their peak memory.

Each command runs under launch.py, a small Python process that spawns it, times it
with `time.perf_counter` and reaps it with `os.wait4`, whose `ru_maxrss` is the
kernel's high-water resident set size of the largest single process in the tree (the
command, or any descendant it waited for, e.g. pool workers or pandoc's weasyprint):
what `/usr/bin/time -f %M` prints. A thread also samples the summed RSS of the live
process tree every 0.1 s from /proc, for a rough total when several workers run at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

SLOW_SECONDS = 45.0
SAMPLE_SECONDS = 0.1
LAUNCHER = Path(__file__).with_name("launch.py")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


class BenchError(RuntimeError):
    """A measured command failed or a benchmark could not be set up."""


@dataclass
class Run:
    """One run of a command."""

    seconds: float
    peak_mb: float
    tree_mb: float


@dataclass
class Measurement:
    """Every run of one command; the headline time is the fastest run."""

    command: list[str]
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """The fastest run's wall-clock time."""
        return min(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        """The largest single-process peak RSS over all runs."""
        return max(r.peak_mb for r in self.runs)

    @property
    def tree_mb(self) -> float:
        """The largest sampled sum of RSS over the process tree, over all runs."""
        return max(r.tree_mb for r in self.runs)

    def as_dict(self) -> dict:
        """A JSON-ready summary with every run."""
        return {
            "command": self.command,
            "seconds": self.seconds,
            "peak_mb": self.peak_mb,
            "tree_mb": self.tree_mb,
            "runs": [asdict(r) for r in self.runs],
        }


def _parents() -> dict[int, int]:
    """Every visible process id mapped to its parent's id."""
    parents = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        parents[int(name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def _rss_kb(pid: int) -> int:
    """A process's current resident set size in KB, 0 when it has gone."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_kb(root: int) -> int:
    """The summed RSS of a process's live descendants (the launcher itself left out)."""
    parents = _parents()
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [c for c, p in parents.items() if p == pid and c not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(_rss_kb(pid) for pid in tree if pid != root)


class TreeSampler(threading.Thread):
    """Sample the summed RSS of a process tree until stopped."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root = root
        self.peak_kb = 0
        self._stop_event = threading.Event()
        self.enabled = os.path.isdir("/proc")

    def run(self) -> None:
        """Sample until stopped."""
        while self.enabled and not self._stop_event.is_set():
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.root))
            self._stop_event.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._stop_event.set()
        self.join()


def run_once(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command under launch.py to completion; raise BenchError with its stderr when it fails."""
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "result.json"
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", str(LAUNCHER), str(result), *command],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        sampler = TreeSampler(proc.pid)
        sampler.start()
        proc.wait()
        sampler.stop()
        if proc.returncode != 0 or not result.exists():
            errors.seek(0)
            tail = errors.read().decode(errors="replace").strip().splitlines()[-8:]
            raise BenchError(f"exit {proc.returncode}: {' '.join(command[:4])}…\n" + "\n".join(tail))
        done = json.loads(result.read_text(encoding="utf-8"))
    peak_mb = done["maxrss_kb"] / 1024
    return Run(done["seconds"], peak_mb, max(sampler.peak_kb / 1024, peak_mb))


def best_of(
    command: list[str],
    cwd: Path,
    runs: int = 3,
    env: dict[str, str] | None = None,
    prepare: Callable[[], None] | None = None,
    slow: float = SLOW_SECONDS,
) -> Measurement:
    """Run a command up to `runs` times (once more only while runs are faster than `slow`)."""
    measurement = Measurement(command)
    for _ in range(max(runs, 1)):
        if prepare is not None:
            prepare()
        measurement.runs.append(run_once(command, cwd, env))
        if measurement.runs[-1].seconds > slow:
            break
    return measurement
