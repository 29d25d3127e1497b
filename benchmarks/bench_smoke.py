"""How long `yolodoctor smoke --level quick` takes, stage by stage.

    python benchmarks/bench_smoke.py [--runs 3] [--device cpu] [--python PATH]

Runs the real CLI (as a user would) several times and prints a Markdown
table of each stage's wall time (median, min, max over the runs) and the
whole run's, with the machine it ran on. Not a test: the numbers go into
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run(device: str, level: str, python: str | None) -> tuple[float, float, dict]:
    argv = [sys.executable, "-m", "yolodoctor", "smoke", "--device", device, "--level", level, "--format", "json"]
    if python:
        argv += ["--python", python]
    started, cpu_before = time.perf_counter(), _children_cpu()
    done = subprocess.run(argv, capture_output=True, text=True, cwd=str(REPO), timeout=1800)
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before  # CPU seconds of the CLI and every stage process: less load-sensitive
    report = json.loads(done.stdout)
    if done.returncode != 0:
        failed = [s["name"] for s in report["stages"] if s["status"] == "fail"]
        raise SystemExit(f"smoke failed (exit {done.returncode}): {failed}")
    return wall, cpu, report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--level", default="quick")
    parser.add_argument("--python", default=None)
    args = parser.parse_args(argv)

    walls, cpus, per_stage, torch_version = [], [], {}, "?"
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for _ in range(args.runs):
        wall, cpu, report = one_run(args.device, args.level, args.python)
        walls.append(wall)
        cpus.append(cpu)
        torch_version = (report.get("torch") or {}).get("version", "?")
        for stage in report["stages"]:
            if stage["status"] != "skip":
                per_stage.setdefault(f"{stage['name']} [{stage['device']}]", []).append(stage["seconds"])

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, torch {torch_version}; 1-minute load average {load_before:.2f} "
          f"before, {load:.2f} after")
    print(f"`yolodoctor smoke --device {args.device} --level {args.level}`, {args.runs} runs\n")
    print("| stage | median s | min s | max s |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in per_stage.items():
        print(f"| {name} | {statistics.median(values):.1f} | {min(values):.1f} | {max(values):.1f} |")
    print(f"| **whole run (wall, CLI start to exit)** | **{statistics.median(walls):.1f}** | {min(walls):.1f} | "
          f"{max(walls):.1f} |")
    print(f"| whole run (CPU seconds, all processes) | {statistics.median(cpus):.1f} | {min(cpus):.1f} | "
          f"{max(cpus):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
