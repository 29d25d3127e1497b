"""CUDA toolkits on the machine: CUDA_HOME, nvcc, /usr/local/cuda*, libraries."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Optional

from .model import MISSING, Command, CudaToolkit, Toolkit
from .runner import run, tail
from .system import SystemView

CUDA_LIBRARY_PREFIXES = ("libcudart", "libcudnn", "libcublas", "libnccl", "libnvinfer", "libcuda.so")


def collect_cuda(view: SystemView) -> CudaToolkit:
    env = view.env
    facts = CudaToolkit(cuda_home=env.get("CUDA_HOME"), cuda_path=env.get("CUDA_PATH"))
    nvcc = view.which("nvcc")
    if nvcc is None:
        for home in filter(None, (facts.cuda_home, facts.cuda_path)):
            candidate = view.machine_path(home) / "bin" / "nvcc"
            if candidate.is_file():
                nvcc = str(candidate)
                break
    if nvcc is None:
        facts.nvcc = Command(status=MISSING)
    else:
        result = run([nvcc, "--version"], view.command_timeout, env)
        facts.nvcc = Command(path=view.shown(Path(nvcc)), status=result.status, exit_code=result.exit_code,
                             seconds=round(result.seconds, 3),
                             error=None if result.ok else tail(result.stdout + result.stderr, 1000) or result.error)
        match = re.search(r"release\s+(\d+\.\d+)", result.stdout)
        if match:
            facts.nvcc_version = match.group(1)
    facts.toolkits = _toolkits(view)
    facts.ld_library_path_cuda_libs = _cuda_libs(view, env.get("LD_LIBRARY_PATH", ""))
    return facts


def _toolkits(view: SystemView) -> list[Toolkit]:
    found: dict[str, Toolkit] = {}
    base = view.path("/usr/local")
    candidates = sorted(base.glob("cuda*")) if base.is_dir() else []
    for home in filter(None, (view.env.get("CUDA_HOME"), view.env.get("CUDA_PATH"))):
        candidates.append(view.machine_path(home))
    for path in candidates:
        if not path.is_dir():
            continue
        real = path.resolve()
        if str(real) in found:
            toolkit = found[str(real)]
        else:
            version, source = _toolkit_version(real)
            if version is None and not (real / "bin" / "nvcc").exists():
                continue
            toolkit = found[str(real)] = Toolkit(path=view.shown(real), version=version, source=source)
        if real != path and view.shown(path) not in toolkit.aliases:
            toolkit.aliases.append(view.shown(path))
    return sorted(found.values(), key=lambda t: t.path or "")


def _toolkit_version(path: Path) -> tuple[Optional[str], Optional[str]]:
    try:
        data = json.loads((path / "version.json").read_text())
        version = data.get("cuda", {}).get("version")
        if isinstance(version, str):
            return version, "version.json"
    except (OSError, ValueError, AttributeError):
        pass
    try:
        match = re.search(r"CUDA Version\s+([0-9.]+)", (path / "version.txt").read_text())
        if match:
            return match.group(1), "version.txt"
    except OSError:
        pass
    try:  # some installs (pip-built toolkits) ship no version file: cuda.h still says
        header = (path / "include" / "cuda.h").read_text(errors="replace")
        match = re.search(r"#define\s+CUDA_VERSION\s+(\d+)", header)
        if match:
            number = int(match.group(1))
            return f"{number // 1000}.{(number % 1000) // 10}", "include/cuda.h"
    except OSError:
        pass
    return None, None


def _cuda_libs(view: SystemView, ld_library_path: str) -> list[str]:
    libs = []
    for directory in filter(None, ld_library_path.split(os.pathsep)):
        try:
            names = os.listdir(view.machine_path(directory))
        except OSError:
            continue
        for name in sorted(names):
            if name.startswith(CUDA_LIBRARY_PREFIXES):
                libs.append(os.path.join(directory, name))
    return libs[:200]
