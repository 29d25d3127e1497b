"""What wheel selection needs to know about a machine, read from Facts.

Selection is pure: it takes a Machine, never Facts, so tables of machines
can be tested without building Facts documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..diagnose.platform_gate import PlatformGate, gate as platform_gate
from ..facts.model import OK, Facts
from .versions import short_python


@dataclass(frozen=True)
class GpuInfo:
    name: str
    capability: Optional[str]  # "8.6"


@dataclass(frozen=True)
class Machine:
    os: Optional[str] = None  # linux, windows, darwin
    platform: Optional[str] = None  # sysconfig platform: linux-x86_64, win-amd64
    python: Optional[str] = None  # "3.11"
    driver: Optional[str] = None  # "550.54.14"
    driver_cuda: Optional[str] = None  # highest CUDA the driver reports, "12.4"
    gpus: tuple[GpuInfo, ...] = ()  # the GPUs CUDA will see
    torch: Optional[str] = None  # installed, with local tag: "2.4.1+cpu"
    torch_cuda_known: bool = False  # torch.version.cuda was read: torch_cuda None then means a CPU (or ROCm) build
    torch_cuda: Optional[str] = None  # torch.version.cuda of the installed build, when imported
    torch_arch_list: Optional[tuple[str, ...]] = None  # torch.cuda.get_arch_list() of the installed build
    torchvision: Optional[str] = None
    torchaudio: Optional[str] = None
    cxx11_abi: Optional[bool] = None
    container: Optional[str] = None
    distro_id: Optional[str] = None  # ubuntu, debian, rhel, fedora, alpine
    cpu_count: Optional[int] = None
    memory_available_bytes: Optional[int] = None
    nvcc: Optional[str] = None  # "12.4"
    driver_os: Optional[str] = None  # whose driver minimums apply: "windows" under WSL 2 too (platform gate)
    cudnn: Optional[str] = None  # the cuDNN torch loads, "9.11.0"
    gate: Optional[PlatformGate] = None  # the platform gate of the facts (diagnose/platform_gate.py)

    @property
    def capabilities(self) -> tuple[str, ...]:
        return tuple(g.capability for g in self.gpus if g.capability)


def visible_gpus(facts: Facts) -> tuple[GpuInfo, ...]:
    """The NVIDIA GPUs a CUDA program will see: all of them, filtered by CUDA_VISIBLE_DEVICES
    the way the CUDA runtime reads it (indexes or UUID prefixes; the list ends at the first
    entry that names no device)."""
    gpus = list(facts.nvidia.gpus)
    if not gpus and facts.torch.devices:
        return tuple(GpuInfo(d.name or f"cuda:{d.index}", d.capability) for d in facts.torch.devices)
    visible = facts.nvidia.cuda_visible_devices
    if visible is not None:
        chosen = []
        for token in (t.strip() for t in visible.split(",")):
            match = None
            if token.isdigit():
                match = next((g for g in gpus if g.index == int(token)), None)
            elif token:
                match = next((g for g in gpus if g.uuid and g.uuid.startswith(token)), None)
            if match is None:
                break
            if match not in chosen:
                chosen.append(match)
        gpus = chosen
    return tuple(GpuInfo(g.name or f"GPU {g.index}", g.compute_capability) for g in gpus)


def _installed_version(facts: Facts, package: str, distribution: str) -> Optional[str]:
    pkg = facts.package(package)
    if pkg.status == OK and pkg.version:
        return pkg.version
    dist = facts.distribution(distribution)
    return dist.version if dist else None


def _distro_id(distro: Optional[str]) -> Optional[str]:
    if not distro:
        return None
    text = distro.lower()
    for key, names in (("ubuntu", ("ubuntu",)), ("debian", ("debian",)), ("fedora", ("fedora",)),
                       ("rhel", ("red hat", "rhel", "rocky", "alma", "centos")), ("alpine", ("alpine",))):
        if any(n in text for n in names):
            return key
    return None


def machine_from_facts(facts: Facts) -> Machine:
    torch_version = None
    if facts.torch.status == OK and facts.torch.version:
        torch_version = facts.torch.version
    else:
        dist = facts.distribution("torch")
        torch_version = dist.version if dist else facts.torch.version
    os_name = (facts.host.os or "").lower() or None
    platform = facts.python.platform
    if os_name is None and platform:
        os_name = "windows" if platform.startswith("win") else "darwin" if platform.startswith("macosx") else "linux"
    gate = platform_gate(facts)  # the one platform gate check's rules ask too
    return Machine(
        os=os_name,
        platform=platform,
        python=short_python(facts.python.version),
        driver=facts.nvidia.driver_version,
        driver_cuda=facts.nvidia.cuda_driver_version,
        gpus=visible_gpus(facts),
        torch=torch_version,
        torch_cuda_known=facts.torch.status == OK and (facts.torch.source != "metadata"
                                                       or facts.torch.location is not None),
        torch_cuda=facts.torch.cuda if facts.torch.status == OK else None,
        torch_arch_list=tuple(facts.torch.arch_list) if facts.torch.status == OK and facts.torch.arch_list else None,
        torchvision=_installed_version(facts, "torchvision", "torchvision"),
        torchaudio=_installed_version(facts, "torchaudio", "torchaudio"),
        cxx11_abi=facts.torch.cxx11_abi,
        container=facts.host.container,
        distro_id=_distro_id(facts.host.distro),
        cpu_count=facts.host.cpu_count,
        memory_available_bytes=facts.host.memory_available_bytes,
        nvcc=facts.cuda.nvcc_version,
        driver_os=gate.driver_os.lower(),
        cudnn=facts.torch.cudnn_version if facts.torch.status == OK else None,
        gate=gate,
    )
