"""Running `briefgen serve` as a real process in tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ADDRESS = re.compile(r"Serving briefs at (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)\n")


@contextmanager
def serving(cwd: Path, *args: str) -> Iterator[str]:
    """Start `briefgen serve --port 0 ARGS` in `cwd`, yield its address, then stop it with Ctrl-C."""
    script = Path(sys.executable).with_name("briefgen")
    if not script.exists():
        pytest.skip("briefgen is not installed in this environment")
    process = subprocess.Popen(
        [str(script), "serve", "--port", "0", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = first_line(process, timeout=30)
        match = ADDRESS.fullmatch(line)
        assert match, f"unexpected first line: {line!r}"
        yield match.group(1)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
    assert process.returncode == 0 and "Traceback" not in err, err


def first_line(process: subprocess.Popen[str], timeout: float) -> str:
    """The first line the process prints, waiting at most timeout seconds."""
    lines: list[str] = []
    stream = process.stdout
    assert stream is not None
    reader = threading.Thread(target=lambda: lines.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not lines:
        raise AssertionError(f"briefgen serve printed nothing within {timeout} s")
    return lines[0]
