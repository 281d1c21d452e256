"""Run one command and write its wall time and peak RSS as JSON: launch.py RESULT_FILE COMMAND...

Run as `python -I -S launch.py` so this process stays small: Linux copies the
high-water RSS of the process that spawns a command into the command's own
ru_maxrss at exec, so measuring from the (large) harness process would report the
harness's peak instead of the command's. GNU `time` works the same way.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> int:
    """Spawn, wait, record; exit with the command's status."""
    result, command = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    with open(result, "w", encoding="utf-8") as stream:
        json.dump({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "exit": code}, stream)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
