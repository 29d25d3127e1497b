"""What the requirement checks need to know about a machine, read from Facts only.

Unknown stays unknown: every helper returns None when the facts do not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from ..facts.model import MISSING, OK, Facts

GIB = 1024 ** 3


def parse_version(text: Optional[str]) -> Optional[Version]:
    if not text:
        return None
    try:
        return Version(text.strip())
    except InvalidVersion:
        match = re.match(r"\d+(\.\d+)*", text.strip())  # "12.1" out of "12.1 (from nvcc)"
        return Version(match.group(0)) if match else None


def satisfies(version: Version, spec: str) -> bool:
    """PEP 440 containment that accepts pre-releases (NGC images ship torch 2.4.0a0+...)."""
    return SpecifierSet(spec).contains(version, prereleases=True)


def capability_tuple(text) -> Optional[tuple[int, int]]:
    """(8, 6) from "8.6" (or from (8, 6)); None when unknown or unreadable."""
    if isinstance(text, tuple):
        return text if len(text) == 2 else None
    match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", text or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def nvidia_present(facts: Facts) -> bool:
    """Any sign of NVIDIA hardware or driver: a GPU listed, the kernel module, a /dev/nvidiaN node."""
    nv = facts.nvidia
    return bool(nv.gpus or nv.driver_version or nv.kernel_module_loaded
                or any(re.fullmatch(r"/dev/nvidia[0-9]+", node) for node in nv.device_nodes))


@dataclass(frozen=True)
class GpuSummary:
    index: Optional[int]
    name: str
    capability: Optional[str]
    memory_gib: Optional[float]

    def label(self) -> str:
        cap = f", capability {self.capability}" if self.capability else ""
        mem = f", {self.memory_gib:.1f} GiB" if self.memory_gib is not None else ""
        where = f"GPU {self.index}: " if self.index is not None else ""
        return f"{where}{self.name}{cap}{mem}"


def gpus(facts: Facts) -> list[GpuSummary]:
    """The GPUs the workload would use: torch's view when torch sees CUDA, else the driver's."""
    if facts.torch.cuda_available and facts.torch.devices:
        out = []
        for dev in facts.torch.devices:
            mem = dev.total_memory_bytes / GIB if dev.total_memory_bytes else None
            out.append(GpuSummary(dev.index, dev.name or "CUDA device", dev.capability, mem))
        return out
    out = []
    for gpu in facts.nvidia.gpus:
        mem = gpu.memory_total_mib / 1024 if gpu.memory_total_mib else None
        out.append(GpuSummary(gpu.index, gpu.name or "NVIDIA GPU", gpu.compute_capability, mem))
    return out


def usable_gpu_count(facts: Facts) -> Optional[int]:
    """How many GPUs torch can use; from the driver's list when torch was not imported."""
    torch = facts.torch
    if torch.cuda_available is True:
        return torch.device_count if torch.device_count is not None else len(torch.devices)
    if torch.cuda_available is False:
        return 0
    if torch.status == MISSING:
        return 0
    if facts.nvidia.gpus:
        return len(facts.nvidia.gpus)
    if facts.nvidia.gpus_source or facts.nvidia.kernel_module_loaded is False:
        return 0
    return None


def torch_version(facts: Facts) -> Optional[Version]:
    if facts.torch.status == MISSING:
        return None
    return parse_version(facts.torch.version)


def torch_is_cpu_build(facts: Facts) -> bool:
    """A torch whose version is known and that was built without CUDA (and without ROCm)."""
    torch = facts.torch
    if torch.status != OK or not torch.version:
        return False
    return torch.cuda is None and torch.hip is None and torch.source != "metadata"


def torch_cuda_major(facts: Facts) -> Optional[str]:
    version = parse_version(facts.torch.cuda)
    return str(version.major) if version else None


def package_version(facts: Facts, module: str, distribution: str) -> Optional[str]:
    """Installed version of a package, from its import record or its distribution metadata."""
    pkg = facts.packages.get(module)
    if pkg and pkg.status == MISSING:
        return None
    if pkg and pkg.version:
        return pkg.version
    dist = facts.distribution(distribution)
    return dist.version if dist else None


def package_missing(facts: Facts, module: str, distribution: str) -> Optional[bool]:
    """True when the package is known to be absent, None when the facts do not say."""
    pkg = facts.packages.get(module)
    if pkg and pkg.status:
        return pkg.status == MISSING
    if facts.distribution(distribution):
        return False
    return True if facts.python.distributions else None
