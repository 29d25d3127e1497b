"""What the platform facts cost: the conda-meta reader (run by the target interpreter's probe on
every conda env) and the platform readers (WSL, Jetson, ROCm, macOS) on a simulated root.

    python benchmarks/bench_platform.py [--runs N] [--packages P]

Measures, on this machine, the median of N warm runs of:
  1. _conda_packages on a conda-meta/ of P records as conda writes them, one of them pytorch's with
     12,000 files (its real record is a few MB), the rest with 40 files each;
  2. the same on an env with no conda-meta/ (every venv: what the reader costs when it has nothing to do);
  3. collect_platform on a root with WSL, Jetson and ROCm files all present (the most it reads).
Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from yolodoctor.facts.model import Nvidia  # noqa: E402
from yolodoctor.facts.platform import collect_platform  # noqa: E402
from yolodoctor.facts.probe_target import _conda_packages  # noqa: E402
from yolodoctor.facts.system import SystemView  # noqa: E402


def _median_ms(fn, runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _conda_meta(base: Path, packages: int) -> Path:
    meta = base / "conda-meta"
    meta.mkdir()
    for i in range(packages):
        name = "pytorch" if i == 0 else f"package{i}"
        count = 12000 if i == 0 else 40
        files = [f"lib/python3.11/site-packages/{name}/module{j}.py" for j in range(count)]
        files.append(f"lib/python3.11/site-packages/{name}-1.0.dist-info/METADATA")
        (meta / f"{name}-1.0-py311_0.json").write_text(json.dumps({
            "name": name, "version": "1.0", "build": "py311_0",
            "channel": "https://conda.anaconda.org/pytorch/linux-64", "files": files}), encoding="utf-8")
    return meta


def _root(base: Path) -> Path:
    root = base / "root"
    files = {
        "dev/dxg": "", "usr/lib/wsl/lib/libcuda.so.1.1": "", "usr/lib/wsl/lib/libdxcore.so": "",
        "etc/nv_tegra_release": "# R36 (release), REVISION: 4.0, GCID: 37537400, BOARD: generic\n",
        "var/lib/dpkg/status": "".join(f"Package: p{i}\nStatus: install ok installed\nVersion: 1.{i}\n\n"
                                       for i in range(2000)) + "Package: nvidia-jetpack\n"
                                                              "Status: install ok installed\nVersion: 6.1+b123\n",
        "dev/kfd": "", "dev/dri/renderD128": "", "opt/rocm/.info/version": "6.2.4\n",
        "sys/class/kfd/kfd/topology/nodes/0/properties": "gfx_target_version 0\n",
        "sys/class/kfd/kfd/topology/nodes/1/properties": "gfx_target_version 110000\n",
        "etc/group": "render:x:110:alice\nvideo:x:44:alice\n",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--packages", type=int, default=250)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        base = Path(d)
        meta = _conda_meta(base, args.packages)
        size_mb = sum(p.stat().st_size for p in meta.iterdir()) / 2 ** 20
        conda_ms = _median_ms(lambda: _conda_packages(str(meta)), args.runs)
        none_ms = _median_ms(lambda: _conda_packages(str(base / "absent")), args.runs)
        view = SystemView(root=_root(base), env={"USER": "alice", "PATH": "/usr/bin"})
        platform_ms = _median_ms(lambda: collect_platform(view, Nvidia(), "5.15.148-tegra"), args.runs)
    print("| measurement | median |")
    print("| --- | --- |")
    print(f"| conda-meta reader, {args.packages} records ({size_mb:.1f} MB, pytorch's with 12,000 files) | "
          f"{conda_ms:.1f} ms |")
    print(f"| conda-meta reader, not a conda env | {none_ms:.3f} ms |")
    print(f"| platform readers, WSL + Jetson + ROCm files all present (2,000-package dpkg status) | "
          f"{platform_ms:.2f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
