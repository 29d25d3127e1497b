"""How much `check` adds to collecting facts.

    python benchmarks/bench_check.py [--runs N] [--no-live]

Measures, on this machine:
  1. diagnose() in a fresh interpreter, first call (reads rules/ and compat/, imports every predicate);
  2. diagnose() warm, per facts document of tests/fixtures/facts (median of N calls);
  3. diagnose + the JSON report document (build_document), warm;
  4. the CLI: `check --facts FILE --format json` against `facts --facts FILE --format json`
     (same start-up and file reading; the difference is diagnose + rendering);
  5. the CLI on the live machine: `facts --format json` against `check --format json --offline`.
Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "facts"
sys.path.insert(0, str(REPO))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def cold_first_call() -> float:
    code = ("import json, time, sys\n"
            "from yolodoctor.facts.model import facts_from_dict\n"
            f"facts = facts_from_dict(json.load(open({str(FIXTURES / 'healthy-rtx4090-cu124.json')!r})))\n"
            "t = time.perf_counter()\n"
            "from yolodoctor.diagnose.engine import diagnose\n"
            "diagnose(facts)\n"
            "print(time.perf_counter() - t)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO), check=True)
    return float(out.stdout.strip())


def warm(runs: int) -> list[tuple[str, int, float, float]]:
    from yolodoctor.diagnose.engine import exit_code_for, run
    from yolodoctor.facts.model import facts_from_dict
    from yolodoctor.report.check_report import CheckOptions, build_document

    rows = []
    for path in sorted(FIXTURES.glob("*.json")):
        facts = facts_from_dict(json.loads(path.read_text()))
        run(facts)  # warm the catalogue and tables
        diag, full = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            diagnosis = run(facts)
            t1 = time.perf_counter()
            json.dumps(build_document(facts, diagnosis, CheckOptions(), exit_code_for(diagnosis.findings)))
            t2 = time.perf_counter()
            diag.append(t1 - t0)
            full.append(t2 - t0)
        rows.append((path.name, len(diagnosis.findings), statistics.median(diag), statistics.median(full)))
    return rows


def cli(*args: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "yolodoctor", *args], capture_output=True, cwd=str(REPO), timeout=600)
    return time.perf_counter() - t


def paired_cli(runs: int, first: tuple[str, ...], second: tuple[str, ...]) -> tuple[list[float], list[float]]:
    """Alternate the two commands, so load from other processes hits both alike."""
    a, b = [], []
    for _ in range(runs):
        a.append(cli(*first))
        b.append(cli(*second))
    return a, b


def spread(times: list[float]) -> str:
    return f"median {ms(statistics.median(times))}, min {ms(min(times))}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--live-runs", type=int, default=5)
    parser.add_argument("--no-live", action="store_true")
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]} on {sys.platform}\n")
    print("| measurement | time |")
    print("|---|---|")
    print(f"| diagnose, first call in a fresh interpreter (loads rules/, compat/, predicates) | {ms(cold_first_call())} |")
    for name, count, diag, full in warm(args.runs):
        print(f"| diagnose warm, {name} ({count} findings) | {ms(diag)} (+ JSON report: {ms(full)}) |")
    sample = str(FIXTURES / "v100-pair-cu130-many-problems.json")
    facts_cli, check_cli = paired_cli(max(5, args.runs // 2), ("facts", "--facts", sample, "--format", "json"),
                                      ("check", "--facts", sample, "--format", "json"))
    print(f"| CLI `facts --facts FILE --format json` | {spread(facts_cli)} |")
    print(f"| CLI `check --facts FILE --format json` | {spread(check_cli)} |")
    if not args.no_live:
        live_facts, live_check = paired_cli(args.live_runs, ("facts", "--format", "json"),
                                            ("check", "--format", "json", "--offline"))
        print(f"| CLI `facts --format json`, live | {spread(live_facts)} |")
        print(f"| CLI `check --format json --offline`, live | {spread(live_check)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
