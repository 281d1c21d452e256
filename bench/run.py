"""Benchmark briefgen against pandoc and against itself (issue 5); see bench/README.md.

Usage: python bench/run.py [--quick] [--only a,b,c,d,e,f,g,h,i,s,w] [--keep]
(`--only s,b` is the quick start-up check: --help, and Markdown-only against PDF.)
Writes bench/results/results.md, results.json and growth.png; prints the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from briefbench import cases, citations, datafile, growth, office, plot, report
from briefbench.context import Context, Plan, log
from briefbench.measure import BenchError
from briefbench.tools import Tools

RESULTS = Path(__file__).resolve().parent / "results"
CASES: dict[str, tuple[str, Callable[[Context], list[report.Row]]]] = {
    "s": ("start-up: --help vs a bare import of click", cases.case_s),
    "a": ("one chart-free brief to PDF vs pandoc", cases.case_a),
    "b": ("Markdown only vs PDF", cases.case_b),
    "e": ("cost of charts", cases.case_e),
    "c": ("folders: one call vs a pandoc call per brief", cases.case_c),
    "f": ("growth with pages and brief count", growth.case_f),
    "d": ("warm vs cold rebuild", cases.case_d),
    "g": ("check of 1,000 briefs", cases.case_g),
    "h": ("cost of citeproc (CSL citation styles)", citations.case_h),
    "i": ("figures read from a 5 MB workbook vs typed", datafile.case_i),
    "w": ("Word and OpenDocument vs PDF", office.case_w),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each, small sizes: a smoke test")
    parser.add_argument("--only", default="", help="comma-separated cases to run, e.g. a,b (default: all)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and print where it is")
    args = parser.parse_args(argv)
    args.cases = [c.strip() for c in args.only.split(",") if c.strip()] or list(CASES)
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(sorted(CASES))}")
    return args


def _error_row(case: str, exc: BaseException) -> report.Row:
    """A row saying a case could not be measured."""
    if not isinstance(exc, BenchError):
        traceback.print_exc()
    return report.Row(case, CASES[case][0], error=f"{type(exc).__name__}: {exc}".strip()[:400])


def run_cases(ctx: Context, chosen: list[str]) -> report.Results:
    """Run the chosen cases in an order that lets them share measurements; keep going on errors."""
    results = report.Results()
    for case in (c for c in CASES if c in chosen):
        log(f"[{case}] {CASES[case][0]}")
        try:
            rows = CASES[case][1](ctx)
        except Exception as exc:
            rows = [_error_row(case, exc)]
        results.rows.extend(rows)
    results.rows.sort(key=lambda r: r.case)
    results.growth = ctx.growth
    return results


def main(argv: list[str] | None = None) -> int:
    """Measure, write the results, print the table."""
    args = parse_args(argv)
    plan = Plan.quick() if args.quick else Plan()
    tools = Tools.discover()
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    try:
        tools.env["BRIEFGEN_CACHE"] = str(work / "cache" / "default")
        tools.env["PANDOC"] = tools.pandoc or "pandoc"
        ctx = Context(tools, work, plan)
        results = run_cases(ctx, args.cases)
    finally:
        if args.keep:
            log(f"scratch kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results.info = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "cases": args.cases,
        "runs": plan.runs,
        "versions": tools.versions(),
        "briefgen_build_flags": sorted(tools.build_flags),
    }
    md, js = report.write(results, RESULTS)
    png = plot.draw(results.growth, RESULTS / "growth.png")
    print(report.markdown(results))
    log(f"wrote {md}, {js}" + (f", {png}" if png else ""))
    return 1 if any(r.error for r in results.rows) else 0


if __name__ == "__main__":
    sys.exit(main())
