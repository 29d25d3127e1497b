"""What `--help` and a usage error cost in each language.

    python benchmarks/bench_help.py [--runs N] [--repo OTHER_CHECKOUT]

Measures, on this machine:
  1. in process: translating the click command tree (typer.main.get_command, the walk, the catalogue),
     which only a zh-CN run does (yolodoctor/help_text.py); and the English run's get_command alone;
  2. the CLI, interleaved round by round: `yolodoctor --help`, `check --help` and `check --bogus`
     (a usage error) in English and in Chinese, and with --repo the English ones of another checkout
     (the version before), so that the English path can be compared with what it was.
Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def in_process(runs: int) -> list[tuple[str, float]]:
    import typer.main

    from yolodoctor import i18n
    from yolodoctor.cli import app
    from yolodoctor.help_text import chinese_command, translate

    messages = i18n.catalogue()  # read once per process, zh-CN only; measured apart below
    chinese_command(app)  # warm: the first call also patches click's frame once
    rows = []
    for name, make, fn in (
            ("get_command: building the click tree (both languages)", lambda: None,
             lambda _: typer.main.get_command(app)),
            ("translating the built tree (zh-CN only)", lambda: typer.main.get_command(app),
             lambda command: translate(command, lambda text: messages.get(text, text))),
            ("reading messages/zh-CN/*.toml (zh-CN only)", lambda: None,
             lambda _: i18n.load_catalogue(i18n.CATALOGUE_DIR))):
        times = []
        for _ in range(runs):
            prepared = make()
            t0 = time.perf_counter()
            fn(prepared)
            times.append(time.perf_counter() - t0)
        rows.append((name, statistics.median(times)))
    return rows


def cli(runs: int, other: Path | None) -> list[tuple[str, list[float], list[float]]]:
    """(case, wall times, CPU times) per command: CPU time (user + system of the process) is less
    sensitive than wall time to a busy neighbour on a shared machine."""
    import resource

    base = {k: v for k, v in os.environ.items() if k not in ("YOLODOCTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    cases = []
    for args in (["--help"], ["check", "--help"], ["check", "--bogus"]):
        shown = " ".join(args)
        cases.append((f"en `{shown}`", REPO, args, {**base, "LANG": "en_US.UTF-8"}))
        cases.append((f"zh-CN `{shown}`", REPO, args, {**base, "LANG": "zh_CN.UTF-8"}))
        if other is not None:
            cases.append((f"before, en `{shown}`", other, args, {**base, "LANG": "en_US.UTF-8"}))
    times: dict[str, list[float]] = {name: [] for name, *_ in cases}
    cpu: dict[str, list[float]] = {name: [] for name, *_ in cases}
    for round_ in range(runs + 1):
        for name, repo, args, env in cases:
            env = {**env, "PYTHONPATH": str(repo)}
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "yolodoctor", *args], env=env, cwd=str(repo),
                           capture_output=True, timeout=120)
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if round_:  # the first round warms the page cache
                times[name].append(wall)
                cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return [(name, times[name], cpu[name]) for name in times]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--repo", type=Path, help="another checkout, for the English commands before")
    options = parser.parse_args()
    print("| in process | median |")
    print("| --- | ---: |")
    for name, median in in_process(max(20, options.runs)):
        print(f"| {name} | {ms(median)} |")
    print()
    print("| command | median | min | CPU time, median |")
    print("| --- | ---: | ---: | ---: |")
    for name, values, cpu in cli(options.runs, options.repo):
        print(f"| {name} | {ms(statistics.median(values))} | {ms(min(values))} | {ms(statistics.median(cpu))} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
