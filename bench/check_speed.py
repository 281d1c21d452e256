"""Time `briefgen check` over N copies of every-key.yaml (whole process, best of 3).

Usage: python bench/check_speed.py [N ...]   (default: 500 1000)
`python bench/run.py --only g` runs the same measurement as part of the benchmark.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from briefbench.content import EVERY_KEY, copy_images
from briefbench.measure import best_of
from briefbench.tools import Tools


def make_folder(count: int, folder: Path) -> Path:
    """A folder of `count` copies of the seed brief with its images."""
    folder.mkdir(parents=True, exist_ok=True)
    copy_images(EVERY_KEY.parent, folder)
    text = EVERY_KEY.read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"brief-{i:04d}.yaml").write_text(text, encoding="utf-8")
    return folder


def command(folder: Path, briefgen: list[str] | None = None) -> list[str]:
    """The measured command."""
    return [*(briefgen or Tools.discover().briefgen), "check", str(folder)]


def main(counts: list[int]) -> None:
    """Print one line per count."""
    with tempfile.TemporaryDirectory(prefix="briefgen-check-") as tmp:
        for count in counts:
            folder = make_folder(count, Path(tmp) / str(count))
            m = best_of(command(folder), Path(tmp))
            print(
                f"check {count:5d} briefs: {m.seconds:6.2f} s  ({m.seconds / count * 1000:.2f} ms a brief, "
                f"peak {m.peak_mb:.0f} MB)"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 1000])
