"""`yolodoctor check` side by side with the tools a user would run instead.

Every command runs once per round, in a new random order each round (so a
busy neighbour or a warm cache favours none of them), and each is compared
with the bare `import torch` of the same round: the figure that counts is the
median over rounds of that paired ratio. The same torch is seen by all of
them: the peers are installed in their own venvs made with
--system-site-packages on the interpreter running this script.

  bare import          python -c "import torch"
  torch+vision         python -c "import torch, torchvision"
  check                yolodoctor check --offline           (this checkout)
  check --fast         yolodoctor check --fast --offline
  before: check        the same, from --baseline-repo (another checkout)
  collect_env          python -m torch.utils.collect_env
  yolo checks          Ultralytics' own check (`yolo checks`)
  env-doctor check     PEERS/env-doctor/bin/env-doctor check
  cuda-doctor          PEERS/cuda-doctor/bin/cuda-doctor diagnose
  mlenvdoctor          PEERS/mlenvdoctor/bin/mlenvdoctor diagnose

Targets (docs/performance.md): check <= 1.10x the bare import and faster
than every peer; check --fast --offline <= 0.3 s.

    python benchmarks/bench_peers.py --peers DIR [--rounds 15] [--baseline-repo DIR] [--json out.json]

Make the peers' venvs with, for each of env-doctor, cuda-doctor, mlenvdoctor:
    python -m venv --system-site-packages DIR/NAME && DIR/NAME/bin/pip install NAME
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.10
TARGET_FAST_SECONDS = 0.3
PEERS = {"env-doctor check": ("env-doctor", ["check"]), "cuda-doctor diagnose": ("cuda-doctor", ["diagnose"]),
         "mlenvdoctor diagnose": ("mlenvdoctor", ["diagnose"])}


def commands(python: str, peers: Path | None, baseline: Path | None) -> dict[str, tuple[list[str], Path]]:
    check = [python, "-m", "yolodoctor", "check", "--offline", "--fail-on", "never"]
    out: dict[str, tuple[list[str], Path]] = {
        "bare import": ([python, "-c", "import torch"], REPO),
        "torch+vision": ([python, "-c", "import torch, torchvision"], REPO),
        "check": (check, REPO),
        "check --fast": (check + ["--fast"], REPO),
        "collect_env": ([python, "-m", "torch.utils.collect_env"], REPO),
    }
    if baseline is not None:
        out["before: check"] = (check, baseline)
    yolo = shutil.which("yolo", path=str(Path(python).parent) + os.pathsep + os.environ.get("PATH", ""))
    if yolo:
        out["yolo checks"] = ([yolo, "checks"], REPO)
    for label, (name, args) in PEERS.items():
        program = peers / name / "bin" / name if peers else None
        if program is not None and program.exists():
            out[label] = ([str(program), *args], REPO)
    return out


def timed(argv: list[str], cwd: Path) -> float:
    env = dict(os.environ, YOLO_OFFLINE="1", COLUMNS="100")
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                   cwd=str(cwd), env=env, timeout=600)  # peers exit non-zero on findings: not an error here
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--peers", type=Path, help="directory with the peers' venvs")
    parser.add_argument("--baseline-repo", type=Path)
    parser.add_argument("--only", action="append", help="run only these (bare import always runs)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    cmds = commands(args.python, args.peers, args.baseline_repo)
    if args.only:
        cmds = {k: v for k, v in cmds.items() if k in args.only or k == "bare import"}
    rng = random.Random(16)
    # An installed yolodoctor has its bytecode compiled (pip does it); a checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every run.
    for repo in {REPO, *([args.baseline_repo] if args.baseline_repo else [])}:
        subprocess.run([args.python, "-m", "compileall", "-q", str(Path(repo) / "yolodoctor")],
                       stdout=subprocess.DEVNULL, check=False)
    for argv, cwd in cmds.values():  # warm the page cache, untimed
        timed(argv, cwd)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for n in range(args.rounds):
        order = list(cmds)
        rng.shuffle(order)
        for label in order:
            times[label].append(timed(*cmds[label]))
        print(f"round {n + 1}/{args.rounds}: " + ", ".join(f"{k} {times[k][-1]:.2f}" for k in cmds),
              file=sys.stderr, flush=True)
    bare = times["bare import"]
    rows = []
    for label, values in times.items():
        ratios = [v / b for v, b in zip(values, bare)]
        rows.append({"command": label, "argv": cmds[label][0], "median_s": statistics.median(values),
                     "min_s": min(values), "max_s": max(values), "paired_ratio_median": statistics.median(ratios)})
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    print(f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {load:.1f} at the end, {args.rounds} rounds")
    print("| command | median | min | max | x bare import (paired median) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for row in sorted(rows, key=lambda r: r["median_s"]):
        print(f"| `{row['command']}` | {row['median_s']:.3f} s | {row['min_s']:.3f} s | {row['max_s']:.3f} s "
              f"| {row['paired_ratio_median']:.2f} |")
    by = {r["command"]: r for r in rows}
    verdicts = []
    if "check" in by:
        ratio = by["check"]["paired_ratio_median"]
        verdicts.append(f"check <= {TARGET_RATIO}x bare import: {'met' if ratio <= TARGET_RATIO else 'NOT met'} "
                        f"({ratio:.2f}x)")
        peers = [k for k in by if k not in ("bare import", "torch+vision", "check", "check --fast", "before: check")]
        slower = [k for k in peers if by[k]["paired_ratio_median"] <= ratio]
        verdicts.append("check faster than every peer: " + ("met" if not slower else f"NOT met (not faster than "
                                                             f"{', '.join(slower)})"))
    if "check --fast" in by:
        fast = by["check --fast"]["median_s"]
        verdicts.append(f"check --fast --offline <= {TARGET_FAST_SECONDS} s: "
                        f"{'met' if fast <= TARGET_FAST_SECONDS else 'NOT met'} ({fast:.3f} s)")
    for line in verdicts:
        print(line)
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "verdicts": verdicts, "rounds": args.rounds,
                                         "load_average": load}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
