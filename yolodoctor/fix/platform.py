"""What the torch chooser needs of the platform gate (diagnose/platform_gate.py).

Check's fix texts and fix's plan both choose the torch set through
select.py, and select.py asks this before anything else. It is a view of the
one platform gate the rules ask too: a Machine read from Facts carries the
gate of those Facts (machine_from_facts), so WSL 2, Jetson, ROCm, macOS and
conda are judged the same way by check and fix. A Machine built without
Facts (tables of machines in tests) is judged by the gate's own
platform_kind rules from its OS and sysconfig names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..diagnose import platform_gate as P
from .machine import Machine

# sysconfig platforms whose CUDA wheels compat/torch.toml describes (download.pytorch.org
# builds Linux x86_64 and Windows amd64 CUDA wheels from the same index).
CUDA_WHEEL_PLATFORMS = ("linux-x86_64", "win-amd64")

# `pip download --platform` tags of torch wheels per sysconfig platform (newer releases are
# manylinux_2_28, older ones linux_x86_64; pip takes every tag given).
_DOWNLOAD_TAGS = {
    "linux-x86_64": ("manylinux_2_28_x86_64", "manylinux2014_x86_64", "linux_x86_64"),
    "linux-aarch64": ("manylinux_2_28_aarch64", "manylinux2014_aarch64"),
    "win-amd64": ("win_amd64",),
}


@dataclass(frozen=True)
class Platform:
    name: str  # the gate's kind: linux, wsl2, windows, macos, jetson
    sysconfig: Optional[str]  # "linux-x86_64", "win-amd64", "macosx-14.0-arm64"; None when unknown
    cuda_wheels: bool  # a download.pytorch.org CUDA wheel can use a GPU here (unknown platform: assumed)
    pypi_torch_is_cpu: bool  # PyPI's own torch wheel is the CPU build (Windows, macOS)
    download_tags: tuple[str, ...]  # for `pip download --platform` (the offline route)
    driver_os: str  # whose driver minimums apply (compat/cuda.toml columns): windows under WSL 2 too
    route: str  # the torch route the gate advises (platform_gate.PIP_CUDA, JETPACK, PIP_ROCM, CONDA, MPS…)

    @property
    def os_key(self) -> str:
        """Whose wheels pip picks: windows or linux (WSL 2 and Jetson are Linux)."""
        return "windows" if self.name == P.WINDOWS else "linux"


def platform_of(machine: Machine) -> Platform:
    gate = machine.gate
    sysconfig = machine.platform
    kind = gate.kind if gate is not None else P.kind_from(machine.os, sysconfig)
    if gate is not None:
        impossible = gate.cuda_wheels_impossible  # Jetson, macOS, an AMD GPU without an NVIDIA one
        driver_os, route = gate.driver_os.lower(), gate.route
    else:
        impossible = kind in (P.JETSON, P.MACOS)
        driver_os = "windows" if kind in (P.WSL2, P.WINDOWS) else "linux"
        route = P.MPS if kind == P.MACOS else P.JETPACK if kind == P.JETSON else P.PIP_CUDA
    cuda = not impossible and (sysconfig is None or sysconfig in CUDA_WHEEL_PLATFORMS)
    tags = _DOWNLOAD_TAGS.get(sysconfig or ("win-amd64" if kind == P.WINDOWS else "linux-x86_64"), ())
    return Platform(kind, sysconfig, cuda, kind in (P.WINDOWS, P.MACOS), tags, machine.driver_os or driver_os, route)
