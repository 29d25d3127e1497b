"""Install time with pip and with uv, against the local test index on 127.0.0.1.

Each run installs into a fresh copy of a venv with empty caches, so every
number includes the download from the loopback index:

  swap      the torch set swap `fix` makes (torch + torchvision stand-ins, cpu -> cu124)
  real      a real torch wheel from /opt/wheels (about 190 MB), --no-deps, when present; then the
            snapshot's repacking of that installed torch into a wheel (what every apply does first)
  fix       `yolodoctor fix --yes` end to end for the swap (facts, plan, snapshot with repacked
            wheels, install, re-check), and `yolodoctor rollback` after it

    python benchmarks/bench_install.py [--rounds N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
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
from yolodoctor.fix.snapshot import PROBE  # noqa: E402

REAL_WHEEL = Path("/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl")


def installer_argv(installer: str, python: str, *args: str) -> list[str]:
    if installer == "uv":
        return [shutil.which("uv"), "pip", "install", "--python", python, *args]
    return [python, "-m", "pip", "install", "--disable-pip-version-check", *args]


def timed(argv: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True, timeout=1800)
    return time.perf_counter() - started


def fresh(template: Path, work: Path, name: str) -> tuple[Path, dict]:
    where = work / name
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    venv = where / "venv"
    shutil.copytree(template, venv, symlinks=True)
    return venv, isolated_env(where)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    installers = ["pip"] + (["uv"] if shutil.which("uv") else [])
    results: dict[str, dict[str, list[float]]] = {}
    sizes: list[int] = []
    files_listed: list[int] = []
    with tempfile.TemporaryDirectory(prefix="bench-install-") as tmp:
        work = Path(tmp)
        build_index(work / "index")
        if REAL_WHEEL.is_file():
            (work / "index" / "real").mkdir()
            try:
                os.link(REAL_WHEEL, work / "index" / "real" / REAL_WHEEL.name)
            except OSError:
                shutil.copyfile(REAL_WHEEL, work / "index" / "real" / REAL_WHEEL.name)
        server = LocalIndex(work / "index").start()
        template = work / "template"
        subprocess.run([sys.executable, "-m", "venv", str(template)], check=True, timeout=300)
        try:
            for round_no in range(args.rounds):
                for installer in installers:
                    venv, env = fresh(template, work, f"swap-{installer}-{round_no}")
                    python = str(venv / "bin" / "python")
                    subprocess.run(installer_argv("pip", python, "--index-url", server.url + "/whl/cpu",
                                                  "torch==2.4.1+cpu", "torchvision==0.19.1+cpu"),
                                   env=env, check=True, capture_output=True)
                    shutil.rmtree(env["HOME"] + "/.cache", ignore_errors=True)
                    seconds = timed(installer_argv(installer, python, "--index-url", server.url + "/whl/cu124",
                                                   "torch==2.4.1+cu124", "torchvision==0.19.1+cu124"), env)
                    results.setdefault("swap", {}).setdefault(installer, []).append(seconds)
                    if REAL_WHEEL.is_file():
                        venv, env = fresh(template, work, f"real-{installer}-{round_no}")
                        seconds = timed(installer_argv(installer, str(venv / "bin" / "python"), "--no-deps",
                                                       "--index-url", server.url + "/real", "torch==2.13.0+cpu"), env)
                        results.setdefault("real", {}).setdefault(installer, []).append(seconds)
                        if installer == "pip":  # the snapshot's offline copy of that torch, repacked
                            started = time.perf_counter()
                            out = subprocess.run([str(venv / "bin" / "python"), PROBE, "pack",
                                                  str(venv.parent / "wheels"), "torch"], env=env, check=True,
                                                 capture_output=True, text=True, timeout=1800)
                            results.setdefault("snapshot repack (real torch)", {}).setdefault("-", []).append(
                                time.perf_counter() - started)
                            packed = json.loads(out.stdout)["packed"]["torch"]
                            sizes.append(packed["bytes"])
                            # the site-packages listing every snapshot and every rollback make
                            started = time.perf_counter()
                            listed = subprocess.run([str(venv / "bin" / "python"), PROBE, "files"], env=env,
                                                    check=True, capture_output=True, text=True, timeout=900)
                            results.setdefault("site-packages listing (real torch)", {}).setdefault(
                                "-", []).append(time.perf_counter() - started)
                            files_listed.append(len(json.loads(listed.stdout)["files"]))
                    venv, env = fresh(template, work, f"fix-{installer}-{round_no}")
                    python = str(venv / "bin" / "python")
                    configure_index(venv, server.url + "/simple/")
                    subprocess.run(installer_argv("pip", python, "--index-url", server.url + "/whl/cpu",
                                                  "torch==2.4.1+cpu", "torchvision==0.19.1+cpu"),
                                   env=env, check=True, capture_output=True)
                    env = present_gpu_machine(venv.parent, env)
                    fix = [sys.executable, "-m", "yolodoctor", "fix", "--python", python, "--yes",
                           "--torch-index", server.url + "/whl", "--installer", installer]
                    started = time.perf_counter()
                    done = subprocess.run(fix, env=env, cwd=str(ROOT), capture_output=True, text=True, timeout=900)
                    results.setdefault("fix --yes", {}).setdefault(installer, []).append(
                        time.perf_counter() - started)
                    if done.returncode != 0:
                        print(done.stdout, done.stderr, file=sys.stderr)
                        return 1
                    started = time.perf_counter()
                    subprocess.run([sys.executable, "-m", "yolodoctor", "rollback", "--python", python, "--yes"],
                                   env=env, cwd=str(ROOT),
                                   check=True, capture_output=True, timeout=900)
                    results.setdefault("rollback", {}).setdefault(installer, []).append(
                        time.perf_counter() - started)
                print(f"round {round_no + 1}/{args.rounds} done", file=sys.stderr)
        finally:
            server.stop()
    print("| what | installer | median | min | max |")
    print("| --- | --- | --- | --- | --- |")
    for what, by_installer in results.items():
        for installer, values in by_installer.items():
            print(f"| {what} | {installer} | {statistics.median(values):.2f} s | {min(values):.2f} s | "
                  f"{max(values):.2f} s |")
    if sizes:
        print(f"\nrepacked torch wheel: {statistics.median(sizes) / 2 ** 20:.0f} MiB (stored, not compressed)")
    if files_listed:
        print(f"site-packages of the real-torch venv: {statistics.median(files_listed):.0f} files listed")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
