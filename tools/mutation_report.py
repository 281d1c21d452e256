"""Mutation testing of the figure core (`make mutate`): run mutmut on it, then report killed and surviving mutants."""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
EQUIVALENT = ROOT / "tools" / "mutation-equivalent.toml"
REPORT = ROOT / "build" / "mutation" / "report.md"
TARGET = 95.0  # per cent of the mutants that can change behaviour, in every module
DETECTED = {"killed", "timeout", "caught by type check", "segfault"}

# The figure core: module -> (file, the functions in scope). fields.py is in scope only for its periods.
SCOPE: dict[str, tuple[str, tuple[str, ...]]] = {
    "formula": ("src/briefgen/brief/formula.py", ("*",)),
    "formatting": ("src/briefgen/brief/formatting.py", ("*",)),
    "figures": ("src/briefgen/brief/figures.py", ("*",)),
    "timeaxis": ("src/briefgen/brief/timeaxis.py", ("*",)),
    "fields": ("src/briefgen/brief/fields.py", ("x_check_period__mutmut_*", "x_period_kind__*", "x_period_order__*")),
}


@dataclass
class Tally:
    """One module's mutants by outcome, and its survivors with their diffs."""

    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    equivalent: int = 0
    survivors: list[tuple[str, str, str]] = field(default_factory=list)  # name, status, diff

    @property
    def detected(self) -> int:
        """Mutants a test killed (or that hung, crashed or failed the type check)."""
        return sum(n for status, n in self.counts.items() if status in DETECTED)

    @property
    def score(self) -> float:
        """Per cent of the mutants that can change behaviour which the tests kill."""
        live = self.total - self.equivalent
        return 100.0 * self.detected / live if live else 100.0


def patterns(module: str) -> list[str]:
    """mutmut's name patterns for a module's mutants in scope."""
    dotted = SCOPE[module][0].removeprefix("src/").removesuffix(".py").replace("/", ".")
    return [f"{dotted}.{pattern}" for pattern in SCOPE[module][1]]


def in_scope(module: str, name: str) -> bool:
    """Tell whether a mutant of a module's file is in scope."""
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns(module))


def run_mutmut(modules: list[str], jobs: int) -> float:
    """Mutate the modules afresh with mutmut on `jobs` cores; return the wall time in seconds."""
    shutil.rmtree(MUTANTS, ignore_errors=True)  # mutmut keeps old verdicts and copies; start clean
    names = [p for module in modules for p in patterns(module)]
    mutmut = Path(sys.executable).with_name("mutmut")
    start = time.monotonic()
    env = {**os.environ, "HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "quick")}  # a fifth of the examples
    subprocess.run([str(mutmut), "run", "--max-children", str(jobs), *names], cwd=ROOT, env=env, check=True)
    seconds = time.monotonic() - start
    (MUTANTS / "briefgen-run.json").write_text(json.dumps({"seconds": seconds, "jobs": jobs, "modules": modules}))
    return seconds


def function_lines(path: Path, spans: dict[str, list[int]], name: str) -> list[str]:
    """The lines of one generated function in mutmut's copy of a file."""
    start, end = spans[name]
    return path.read_text(encoding="utf-8").splitlines()[start - 1 : end]


def diff(file: str, name: str) -> str:
    """The change a mutant makes, as a unified diff of its function against the original."""
    copy = MUTANTS / file
    spans = json.loads(copy.with_name(copy.name + ".spans").read_text(encoding="utf-8"))["spans"]
    function = name.rpartition(".")[2]
    original = function.rpartition("__mutmut_")[0] + "__mutmut_orig"
    before = [line.replace(original, "") for line in function_lines(copy, spans, original)]
    after = [line.replace(function, "") for line in function_lines(copy, spans, function)]
    return "\n".join(difflib.unified_diff(before, after, lineterm="", n=1))


def change(text: str) -> str:
    """The mutated lines of a diff, stripped and joined: what an equivalent entry must still match."""
    lines = text.splitlines()[2:]
    return " / ".join(line[1:].strip() for line in lines if line.startswith("+"))


def load_equivalent() -> dict[str, dict[str, str]]:
    """The committed list of equivalent mutants: name -> {change, reason}."""
    with EQUIVALENT.open("rb") as handle:
        return tomllib.load(handle)


def tally(module: str, equivalent: dict[str, dict[str, str]], stale: list[str]) -> Tally | None:
    """Count a module's mutants in scope by outcome; None when it was not run."""
    file = SCOPE[module][0]
    meta = MUTANTS / (file + ".meta")
    if not meta.exists():
        return None
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    result = Tally()
    for name, code in sorted(codes.items(), key=lambda item: _natural(item[0])):
        if not in_scope(module, name):
            continue
        status = status_by_exit_code[code]
        if code is None:
            return None  # generated but never run: this module was not part of the run
        result.total += 1
        entry = equivalent.get(name)
        if entry is not None:
            if status in DETECTED or entry.get("change") != change(diff(file, name)):
                stale.append(f"{name}: {'now killed' if status in DETECTED else 'the mutant has changed'}")
            else:
                result.equivalent += 1
                continue
        result.counts[status] = result.counts.get(status, 0) + 1
        if status not in DETECTED:
            result.survivors.append((name, status, diff(file, name)))
    stale += [f"{name}: no such mutant any more" for name in equivalent if in_scope(module, name) and name not in codes]
    return result


def _natural(name: str) -> tuple[str, int]:
    """Sort mutants by function, then by number."""
    head, _, number = name.rpartition("__mutmut_")
    return head, int(number) if number.isdigit() else -1


def render(tallies: dict[str, Tally], stale: list[str], run: dict[str, object]) -> str:
    """The report in Markdown: counts per module, the run time, then every survivor's diff."""
    minutes, seconds = divmod(round(float(str(run.get("seconds", 0)))), 60)
    lines = [
        "# Mutation testing of the figure core",
        "",
        f"mutmut on {run.get('jobs', '?')} cores: {minutes} min {seconds:02d} s. A score is the killed share of the",
        f"mutants that can change behaviour (equivalent ones, listed in {EQUIVALENT.relative_to(ROOT)}, left out);",
        f"the target is {TARGET:.0f}% in every module.",
        "",
        "| module | mutants | killed | survived | no tests | equivalent | score |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for module, t in tallies.items():
        lines.append(
            f"| {module} | {t.total} | {t.detected} | {t.counts.get('survived', 0)} | {t.counts.get('no tests', 0)}"
            f" | {t.equivalent} | {t.score:.1f}% |"
        )
    if stale:
        lines += ["", "## Stale equivalent entries (counted as survivors until fixed)", ""]
        lines += [f"- {entry}" for entry in stale]
    for module, t in tallies.items():
        if t.survivors:
            lines += ["", f"## Survivors in {module}", ""]
            for name, status, text in t.survivors:
                lines += [f"### {name} ({status})", "", "```diff", text, "```", "", f"change: `{change(text)}`", ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    """Run mutmut on the figure core (or report on the last run) and write the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--module", action="append", choices=sorted(SCOPE), help="mutate only this module")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (mutmut's --max-children)")
    parser.add_argument("--report-only", action="store_true", help="report on the last run without running")
    parser.add_argument("--out", type=Path, default=REPORT, help="where to write the report")
    args = parser.parse_args()
    modules = args.module or list(SCOPE)
    if not args.report_only:
        run_mutmut(modules, args.jobs)
    record = MUTANTS / "briefgen-run.json"
    run = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    stale: list[str] = []
    equivalent = load_equivalent()
    tallies = {m: t for m in SCOPE if (t := tally(m, equivalent, stale)) is not None}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(tallies, stale, run), encoding="utf-8")
    for module, t in tallies.items():
        print(
            f"{module:<11} {t.detected:>4} killed {t.total - t.detected - t.equivalent:>4} survived "
            f"{t.equivalent:>4} equivalent  {t.score:5.1f}%"
        )
    print(f"report: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0 if tallies and not stale and all(t.score >= TARGET for t in tallies.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
