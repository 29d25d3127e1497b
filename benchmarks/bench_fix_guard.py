"""What the apply-time guards cost: `fix --yes` and `rollback` end to end, this tree against another
checkout of yolodoctor (e.g. the commit before the guards), interleaved round by round.

The guards add: the env lock, the site-packages listing in the snapshot and after a rollback, the
private modes of the snapshot files, and (rollback) the target's prefix. Each round installs the
stand-in torch 2.4.1+cpu set into a fresh venv, runs `fix --yes` (the swap to cu124, pip) on a
presented GPU machine, then `rollback`.

    python benchmarks/bench_fix_guard.py --baseline /path/to/other/checkout [--rounds 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fix_support import configure_index, isolated_env, present_gpu_machine  # noqa: E402
from localindex.server import LocalIndex  # noqa: E402
from localindex.standins import build_index  # noqa: E402


def _rollback_argv(tree: Path, python: str, env: dict) -> list[str]:
    help_text = subprocess.run([sys.executable, "-m", "yolodoctor", "rollback", "--help"], env=env, cwd=str(tree),
                               capture_output=True, text=True).stdout
    return ["rollback"] + (["--python", python, "--yes"] if "--python" in help_text else [])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", metavar="DIR", help="another checkout of yolodoctor to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    trees = {"this": ROOT}
    if args.baseline:
        trees = {"baseline": Path(args.baseline).resolve(), "this": ROOT}
    results: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-fix-guard-") as tmp:
        work = Path(tmp)
        build_index(work / "index")
        server = LocalIndex(work / "index").start()
        template = work / "template"
        subprocess.run([sys.executable, "-m", "venv", str(template)], check=True, timeout=300)
        try:
            for round_no in range(args.rounds):
                for name, tree in trees.items():
                    base = work / f"{name}-{round_no}"
                    base.mkdir()
                    venv = base / "venv"
                    shutil.copytree(template, venv, symlinks=True)
                    env = isolated_env(base)
                    env["PYTHONPATH"] = str(tree)
                    configure_index(venv, server.url + "/simple/")
                    python = str(venv / "bin" / "python")
                    subprocess.run([python, "-m", "pip", "install", "-q", "--index-url", server.url + "/whl/cpu",
                                    "torch==2.4.1+cpu", "torchvision==0.19.1+cpu"], env=env, check=True,
                                   capture_output=True)
                    env = present_gpu_machine(base, env)
                    for what, argv in (("fix --yes", ["fix", "--python", python, "--yes", "--torch-index",
                                                      server.url + "/whl", "--installer", "pip"]),
                                       ("rollback", _rollback_argv(tree, python, env))):
                        started = time.perf_counter()
                        done = subprocess.run([sys.executable, "-m", "yolodoctor", *argv], env=env, cwd=str(tree),
                                              capture_output=True, text=True, timeout=900)
                        results.setdefault((what, name), []).append(time.perf_counter() - started)
                        if done.returncode != 0:
                            print(done.stdout, done.stderr, file=sys.stderr)
                            return 1
                print(f"round {round_no + 1}/{args.rounds} done", file=sys.stderr)
        finally:
            server.stop()
    print("| what | tree | median | all |")
    print("| --- | --- | --- | --- |")
    for (what, name), values in results.items():
        print(f"| {what} | {name} | {statistics.median(values):.2f} s | "
              + ", ".join(f"{v:.2f}" for v in values) + " |")
    if args.baseline:
        for what in ("fix --yes", "rollback"):
            ratio = statistics.median(results[(what, "this")]) / statistics.median(results[(what, "baseline")])
            print(f"{what}: this / baseline = {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
