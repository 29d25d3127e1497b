"""The platform gate: one small fact the torch chooser asks before anything else.

Check's fix texts and fix's plan both choose the torch set through
select.py; both ask this gate which wheels the target's platform can take,
so a platform added here (WSL 2, Jetson, ROCm, conda) is judged the same way
by both. Derived from the Machine (itself read from Facts), never from the
host yolodoctor runs on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

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
    name: str  # linux, windows, macos (the gate's vocabulary; wsl, jetson, rocm plug in here)
    sysconfig: Optional[str]  # "linux-x86_64", "win-amd64", "macosx-14.0-arm64"; None when unknown
    cuda_wheels: bool  # official CUDA wheels exist for it (unknown platform: assumed, as before)
    pypi_torch_is_cpu: bool  # PyPI's own torch wheel is the CPU build (Windows, macOS)
    download_tags: tuple[str, ...]  # for `pip download --platform` (the offline route)

    @property
    def os_key(self) -> str:
        """compat/cuda.toml's driver columns: windows or linux."""
        return "windows" if self.name == "windows" else "linux"


def platform_of(machine: Machine) -> Platform:
    os_name = (machine.os or "").lower()
    sysconfig = machine.platform
    if os_name.startswith("win") or (sysconfig or "").startswith("win"):
        name = "windows"
    elif os_name in ("darwin", "macos") or (sysconfig or "").startswith("macosx"):
        name = "macos"
    else:
        name = "linux"
    cuda = sysconfig is None or sysconfig in CUDA_WHEEL_PLATFORMS
    if name == "macos":
        cuda = False
    tags = _DOWNLOAD_TAGS.get(sysconfig or ("win-amd64" if name == "windows" else "linux-x86_64"), ())
    return Platform(name, sysconfig, cuda, name in ("windows", "macos"), tags)
