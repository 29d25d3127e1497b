"""What a profile and a team policy add to `check`.

    python benchmarks/bench_profile.py [--runs N]

Measures, on this machine:
  1. build_report() warm, per facts fixture: without a profile, with --profile yolov12, and with a policy
     (profile, gpus-min, min-vram-gib, required-packages, ignore) - the profile rules, the relevance pass;
  2. finding the policy: yolodoctor.toml / pyproject.toml searched from a directory 12 levels deep;
  3. the CLI: `check --facts FILE --format json` with and without `--profile yolov12`.
Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "facts"
sys.path.insert(0, str(REPO))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def in_process(runs: int) -> list[tuple[str, float, float, float]]:
    from yolodoctor.commands.check_cmd import build_report, validate_options
    from yolodoctor.facts.model import facts_from_dict
    from yolodoctor.policy import Policy
    from yolodoctor.report.check_report import CheckOptions

    plain = validate_options(CheckOptions())
    profile = validate_options(CheckOptions(profile="yolov12", policy=Policy(profile="yolov12")))
    policy = Policy(path="pyproject.toml", profile="multi-gpu-train", gpus_min=4, min_vram_gib=40.0,
                    required_packages=("onnx>=1.16", "tensorrt-cu12"), ignore=("YD701",))
    team = validate_options(CheckOptions(profile="multi-gpu-train", policy=policy))
    rows = []
    for path in sorted(FIXTURES.glob("*.json")):
        facts = facts_from_dict(json.loads(path.read_text()))
        build_report(facts, plain)  # warm
        rows.append((path.name,) + tuple(median_time(lambda o=o: build_report(facts, o), runs)
                                         for o in (plain, profile, team)))
    return rows


def discovery(runs: int) -> float:
    from yolodoctor.policy import discover_policy

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pyproject.toml").write_text('[tool.yolodoctor]\nprofile = "yolov12"\nfail-on = "error"\n')
        deep = root.joinpath(*[f"d{i}" for i in range(12)])
        deep.mkdir(parents=True)
        for i in range(0, 12, 3):  # pyproject files without our table on the way up
            root.joinpath(*[f"d{j}" for j in range(i + 1)], "pyproject.toml").write_text('[project]\nname = "x"\n')
        return median_time(lambda: discover_policy(deep), runs)


def cli(runs: int) -> tuple[float, float]:
    fixture = str(FIXTURES / "v100-pair-cu130-many-problems.json")

    def once(*extra: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--facts", fixture, "--format", "json",
                        "--no-policy", *extra], capture_output=True, cwd=str(REPO))
        return time.perf_counter() - t0

    plain = statistics.median(once() for _ in range(runs))
    profiled = statistics.median(once("--profile", "yolov12") for _ in range(runs))
    return plain, profiled


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cli-runs", type=int, default=7)
    args = parser.parse_args()
    print("| facts fixture | check, no profile | --profile yolov12 | profile + policy |")
    print("|---|---|---|---|")
    for name, plain, profile, team in in_process(args.runs):
        print(f"| {name} | {ms(plain)} | {ms(profile)} | {ms(team)} |")
    print()
    print(f"policy discovery from 12 levels deep (5 pyproject.toml read): {ms(discovery(args.runs))}")
    plain, profiled = cli(args.cli_runs)
    print(f"CLI check --facts (median of {args.cli_runs}): {ms(plain)} without a profile, "
          f"{ms(profiled)} with --profile yolov12")


if __name__ == "__main__":
    main()
