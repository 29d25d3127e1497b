"""What the resolver check (fix/resolve.py) adds to a plan: one dry-run resolve per install action.

Against the swap-guard index of tests/test_fix_swap_guard.py on 127.0.0.1 (a CPU torch venv, an
ultralytics whose newest release wants another torch), per installer:

  free      the action resolved as is (one dry run)
  guarded   guard_plan on that action: the free resolve, then the resolve with the torch stack held

    python benchmarks/bench_resolve.py [--rounds N]
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

from fix_support import isolated_env, pip_install  # noqa: E402
from localindex.server import LocalIndex  # noqa: E402
from localindex.standins import PLATFORM_TAG, simple_wheel, torch_wheel, torchvision_wheel  # noqa: E402
from yolodoctor.facts.model import Distribution, Facts  # noqa: E402
from yolodoctor.fix.plan import Action, Plan  # noqa: E402
from yolodoctor.fix.resolve import guard_plan, resolve  # noqa: E402


def build(root: Path) -> None:
    torch_wheel(root / "whl" / "cpu", "2.4.1", "cpu")
    torchvision_wheel(root / "whl" / "cpu", "0.19.1", "cpu", "2.4.1")
    simple = root / "simple"
    simple_wheel(simple, "numpy", "1.26.4", "numpy")
    simple_wheel(simple, "nvidia-cublas-cu12", "12.4.5.8", "nvidia_cublas")
    simple_wheel(simple, "torch", "2.5.0", "torch", requires=["nvidia-cublas-cu12==12.4.5.8"], tag=PLATFORM_TAG)
    simple_wheel(simple, "torchvision", "0.20.0", "torchvision", requires=["torch==2.5.0"], tag=PLATFORM_TAG)
    simple_wheel(simple, "ultralytics", "8.3.78", "ultralytics",
                 requires=["numpy>=1.23.0", "torch>=1.8.0", "torchvision>=0.9.0"])
    simple_wheel(simple, "ultralytics", "8.3.200", "ultralytics",
                 requires=["numpy>=1.23.0", "torch>=2.5.0", "torchvision>=0.20.0"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_text:
        tmp = Path(tmp_text)
        build(tmp / "index")
        server = LocalIndex(tmp / "index").start()
        try:
            subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True, timeout=300)
            env = isolated_env(tmp)
            python = str(tmp / "venv" / "bin" / "python")
            pip_install(python, env, "--index-url", f"{server.url}/whl/cpu", "torch==2.4.1+cpu",
                        "torchvision==0.19.1+cpu")
            pip_install(python, env, "--index-url", f"{server.url}/simple", "numpy==1.26.4")
            installed = {"torch": "2.4.1+cpu", "torchvision": "0.19.1+cpu", "numpy": "1.26.4"}
            facts = Facts()
            facts.python.executable = python
            facts.python.distributions = [Distribution(n, v) for n, v in installed.items()]
            action = Action(kind="install", title="ultralytics", why="", requirements=("ultralytics>=8.0.0",),
                            index_url=f"{server.url}/simple")
            print("| installer | free resolve (median) | guard_plan, stack held (median) | rounds |")
            print("|---|---|---|---|")
            for installer in ("pip", "uv"):
                uv = shutil.which("uv")
                if installer == "uv" and not uv:
                    continue
                plan = Plan(python=python, installer=installer, installer_path=uv if installer == "uv" else None,
                            actions=(action,))
                free, guarded = [], []
                for _ in range(args.rounds):
                    started = time.perf_counter()
                    assert resolve(plan, action, installed, {}, env).ok
                    free.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    assert guard_plan(plan, facts, env).actions[0].requirements == ("ultralytics==8.3.78",)
                    guarded.append(time.perf_counter() - started)
                print(f"| {installer} | {statistics.median(free):.2f} s | {statistics.median(guarded):.2f} s | "
                      f"{args.rounds} |")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
