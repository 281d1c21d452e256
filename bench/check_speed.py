"""Time `briefgen check` over N copies of every-key.yaml (whole process, best of 3).

Usage: python bench/check_speed.py [N ...]   (default: 500 1000)
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "every-key.yaml"


def make_folder(count: int, folder: Path) -> Path:
    """A folder of `count` copies of the seed brief with its images."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SEED.parent / "images", folder / "images", dirs_exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"brief-{i:04d}.yaml").write_text(text, encoding="utf-8")
    return folder


def best_of(command: list[str], runs: int = 3) -> float:
    """The fastest wall-clock time of a command."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main(counts: list[int]) -> None:
    """Print one line per count."""
    briefgen = str(Path(sys.executable).parent / "briefgen")
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            folder = make_folder(count, Path(tmp) / str(count))
            seconds = best_of([briefgen, "check", str(folder)])
            print(f"check {count:5d} briefs: {seconds:6.2f} s  ({seconds / count * 1000:.2f} ms a brief)")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 1000])
