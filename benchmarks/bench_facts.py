"""How long `yolodoctor facts` takes, next to what it is measured against.

Runs, in the same environment and interleaved (so a noisy neighbour hits
all commands alike):

  bare import      python -c "import torch"
  torch+vision     python -c "import torch, torchvision"   (any check that imports torchvision pays this)
  collect_env      python -m torch.utils.collect_env
  facts            yolodoctor facts --format json --offline
  facts --fast     yolodoctor facts --fast --format json --offline

and prints the median, min and max wall time of each and its ratio to the
bare import. Targets (docs/performance.md): facts within 1.15x of the bare
import; facts --fast under 0.3 s.

    python benchmarks/bench_facts.py [--runs 7] [--python PATH] [--json out.json]
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
TARGET_FACTS_RATIO = 1.15
TARGET_FAST_SECONDS = 0.3


def commands(python: str, yolodoctor: list[str]) -> dict[str, list[str]]:
    # yolodoctor installed in the environment it inspects needs no --python;
    # another environment is named with --python.
    target = [] if python == sys.executable else ["--python", python]
    return {
        "bare import": [python, "-c", "import torch"],
        "torch+vision": [python, "-c", "import torch, torchvision"],
        "collect_env": [python, "-m", "torch.utils.collect_env"],
        # --offline: the network probes have their own deadline and benchmark (bench_network.py).
        "facts": [*yolodoctor, "facts", "--format", "json", "--offline", *target],
        "facts --fast": [*yolodoctor, "facts", "--fast", "--format", "json", "--offline", *target],
    }


def timed(argv: list[str], cwd: Path = REPO) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and every process it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=str(cwd), timeout=600)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def machine(python: str) -> dict:
    probe = subprocess.run([python, "-c", "import sys, torch; print(torch.__version__); print(sys.version.split()[0])"],
                           capture_output=True, text=True)
    lines = probe.stdout.split()
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": lines[1] if len(lines) > 1 else None,
        "torch": lines[0] if lines else None,
        "load_average_before": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--python", default=sys.executable, help="the environment measured (default: this one)")
    parser.add_argument("--only", action="append", help="measure only these commands (repeatable)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--repo", type=Path, default=REPO,
                        help="the checkout whose yolodoctor is measured (default: this one)")
    parser.add_argument("--baseline-repo", type=Path, metavar="PATH",
                        help="also measure facts and facts --fast of this checkout, in the same rounds (before/after)")
    args = parser.parse_args(argv)
    yolodoctor = [sys.executable, "-m", "yolodoctor"]  # `python -m` imports yolodoctor from the working directory
    cmds = commands(args.python, yolodoctor)
    if args.only:
        cmds = {k: v for k, v in cmds.items() if k in args.only or k == "bare import"}
    where = {name: args.repo for name in cmds}
    if args.baseline_repo:
        for name in ("facts", "facts --fast"):
            if name in cmds:
                cmds[f"{name} [baseline]"] = cmds[name]
                where[f"{name} [baseline]"] = args.baseline_repo
    run = lambda name: timed(cmds[name], where[name])  # noqa: E731
    info = machine(args.python)
    for name in cmds:  # warm the page cache once, untimed
        run(name)
    samples: dict[str, list[float]] = {name: [] for name in cmds}
    cpu: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(args.runs):
        for name in cmds:
            wall, used = run(name)
            samples[name].append(wall)
            cpu[name].append(used)
    info["load_average_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    bare = statistics.median(samples["bare import"])
    bare_min = min(samples["bare import"])
    rows = []
    for name, values in samples.items():
        median = statistics.median(values)
        rows.append({"command": name, "median_s": round(median, 3), "min_s": round(min(values), 3),
                     "max_s": round(max(values), 3), "ratio_to_bare_import": round(median / bare, 2),
                     "min_ratio_to_bare_import": round(min(values) / bare_min, 2),
                     "cpu_median_s": round(statistics.median(cpu[name]), 3),
                     "samples_s": [round(v, 3) for v in values]})
    print(f"{args.runs} runs each, interleaved; {info['cpus']} CPUs; torch {info['torch']}; "
          f"Python {info['python']}; load average {info['load_average_before']} -> {info['load_average_after']}")
    print(f"{'command':<24} {'median':>8} {'min':>8} {'max':>8} {'x bare':>7} {'min x':>6} {'CPU':>7}")
    for row in rows:
        print(f"{row['command']:<24} {row['median_s']:>7.3f}s {row['min_s']:>7.3f}s {row['max_s']:>7.3f}s "
              f"{row['ratio_to_bare_import']:>6.2f}x {row['min_ratio_to_bare_import']:>5.2f}x "
              f"{row['cpu_median_s']:>6.3f}s")
    by_name = {row["command"]: row for row in rows}
    verdicts = {}
    if "facts" in by_name:
        ratio = by_name["facts"]["ratio_to_bare_import"]
        verdicts["facts"] = {"target": f"<= {TARGET_FACTS_RATIO}x bare import", "got": f"{ratio}x",
                             "met": ratio <= TARGET_FACTS_RATIO}
    if "facts --fast" in by_name:
        fast = by_name["facts --fast"]["median_s"]
        verdicts["facts --fast"] = {"target": f"< {TARGET_FAST_SECONDS} s", "got": f"{fast} s",
                                    "met": fast < TARGET_FAST_SECONDS}
    for name, verdict in verdicts.items():
        print(f"target {name}: {verdict['target']}, got {verdict['got']}: "
              f"{'met' if verdict['met'] else 'NOT met'}")
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": info, "runs": args.runs, "repo": str(args.repo),
                                               "baseline_repo": str(args.baseline_repo) if args.baseline_repo else None,
                                               "results": rows,
                                               "targets": verdicts}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
