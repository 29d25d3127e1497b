"""How fast pasted reports are read and diagnosed.

    python benchmarks/bench_ingest.py [--runs N] [--big-mb M]

Measures, on this machine:
  1. ingest of each typical paste (the real reports of tests/fixtures/reports and the real outputs of
     tests/fixtures/ingest), warm, median of N runs: the parsing alone;
  2. ingest + rules + triage (the whole of `check --from` after start-up), warm, per paste;
  3. the CLI: `yolodoctor check --from FILE --format json` on a typical paste, wall clock, median of N;
  4. a generated training log of M MB (default 100): ingest wall time and peak memory, in a fresh process.
Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
sys.path.insert(0, str(REPO))

CHILD = """
import json, resource, sys, time
from yolodoctor.ingest import ingest_path
started = time.perf_counter()
result = ingest_path(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "signals": len(result.signals)}))
"""


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.1f} s"


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def pastes() -> list[Path]:
    return sorted((FIXTURES / "reports").glob("*.txt")) + sorted((FIXTURES / "ingest").glob("*.txt"))


def bench_parse(runs: int) -> tuple[float, float, float]:
    from yolodoctor.ingest import ingest_text

    texts = [p.read_text(encoding="utf-8") for p in pastes()]
    ingest_text(texts[0])  # load the signature table, compile the expressions
    times = [median_time(lambda t=t: ingest_text(t), runs) for t in texts]
    return statistics.median(times), max(times), sum(len(t) for t in texts) / len(texts)


def bench_diagnose(runs: int) -> tuple[float, float]:
    from yolodoctor.ingest import ingest_text
    from yolodoctor.ingest.check_from import build_pasted_report
    from yolodoctor.report.check_report import CheckOptions

    texts = [p.read_text(encoding="utf-8") for p in pastes()]
    build_pasted_report(ingest_text(texts[0]), CheckOptions())  # rules, compat tables, predicates loaded
    times = [median_time(lambda t=t: build_pasted_report(ingest_text(t), CheckOptions()), runs) for t in texts]
    return statistics.median(times), max(times)


def bench_cli(runs: int) -> float:
    paste = FIXTURES / "reports" / "016-sdnext-torch-cu121-torchvision-cu124.txt"
    command = [sys.executable, "-m", "yolodoctor", "check", "--from", str(paste), "--format", "json"]
    return median_time(lambda: subprocess.run(command, capture_output=True, cwd=REPO, check=False), runs)


def make_log(path: Path, megabytes: int) -> None:
    line = "      {}/300      7.85G      1.234      2.345      1.111    123    640: 100%|██████████| 500/500\n"
    block = "".join(line.format(n % 300 + 1) for n in range(10000))
    size = megabytes * 1000 * 1000
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("Ultralytics 8.3.40 🚀 Python-3.10.12 torch-2.1.0+cu121 "
                 "CUDA:0 (NVIDIA GeForce RTX 3090, 24135MiB)\n")
        written = 0
        while written < size:
            fh.write(block)
            written += len(block.encode("utf-8"))
            if abs(written - size // 2) < len(block):
                fh.write("RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB\n")
        fh.write("RuntimeError: DataLoader worker (pid 47) is killed by signal: Bus error.\n")


def bench_big(megabytes: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "train.log"
        make_log(path, megabytes)
        run = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=REPO,
                             check=True)
        report = json.loads(run.stdout)
        report["bytes"] = os.path.getsize(path)
        return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--big-mb", type=int, default=100)
    args = parser.parse_args()
    parse_median, parse_max, mean_chars = bench_parse(args.runs)
    diagnose_median, diagnose_max = bench_diagnose(args.runs)
    cli = bench_cli(max(3, args.runs // 4))
    big = bench_big(args.big_mb)
    count = len(pastes())
    print("| what | time |")
    print("|---|---|")
    print(f"| ingest of a typical paste ({count} real pastes, {mean_chars / 1000:.1f} kB on average), median "
          f"| {ms(parse_median)} (slowest {ms(parse_max)}) |")
    print(f"| ingest + rules + triage (`check --from` after start-up), median | {ms(diagnose_median)} "
          f"(slowest {ms(diagnose_max)}) |")
    print(f"| `yolodoctor check --from FILE --format json`, whole command | {ms(cli)} |")
    print(f"| {big['bytes'] / 1e6:.0f} MB training log: ingest | {ms(big['seconds'])}, peak RSS "
          f"{big['peak_rss_mib']:.0f} MiB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
