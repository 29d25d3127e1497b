"""Host facts: OS, kernel, CPU, memory, container, /dev/shm, free disk."""

from __future__ import annotations

import os
import platform
import re
import shutil
from pathlib import Path
from typing import Optional

from .model import DiskSpace, Host
from .system import SystemView


def collect_host(view: SystemView, weights_dir: Optional[str] = None, datasets_dir: Optional[str] = None) -> Host:
    host = Host(os=(platform.system() or None) if view.is_real_root else _root_os(view),
                arch=platform.machine() or None, cpu_count=os.cpu_count())
    host.kernel = (view.read_text("/proc/sys/kernel/osrelease") or "").strip() or (
        platform.release() if view.is_real_root else None)
    host.distro = _distro(view)
    host.memory_total_bytes, host.memory_available_bytes = _meminfo(view)
    host.container, host.container_evidence = _container(view, host.kernel)
    host.shm_total_bytes = _shm_size(view)
    host.disks = _disks(view, weights_dir, datasets_dir)
    return host


def _root_os(view: SystemView) -> str:
    """The OS of a machine presented as a root directory, from the files each OS has."""
    if view.exists("/System/Library/CoreServices/SystemVersion.plist"):
        return "Darwin"
    if view.exists("/Windows/System32"):
        return "Windows"
    return "Linux"


def _distro(view: SystemView) -> Optional[str]:
    text = view.read_text("/etc/os-release")
    if not text:
        return None
    values = {}
    for line in text.splitlines():
        if "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip().strip('"')
    return values.get("PRETTY_NAME") or " ".join(filter(None, [values.get("NAME"), values.get("VERSION")])) or None


def _meminfo(view: SystemView) -> tuple[Optional[int], Optional[int]]:
    text = view.read_text("/proc/meminfo")
    if text:
        values = {}
        for line in text.splitlines():
            match = re.match(r"(\w+):\s+(\d+)\s*kB", line)
            if match:
                values[match.group(1)] = int(match.group(2)) * 1024
        if values.get("MemTotal"):
            return values.get("MemTotal"), values.get("MemAvailable")
    if view.is_real_root:
        try:
            import psutil

            vm = psutil.virtual_memory()
            return int(vm.total), int(vm.available)
        except Exception:
            pass
    return None, None


def _container(view: SystemView, kernel: Optional[str]) -> tuple[Optional[str], list[str]]:
    evidence = []
    kind = None
    if kernel and "microsoft" in kernel.lower():
        evidence.append(f"kernel {kernel}")
        kind = "wsl2" if "wsl2" in kernel.lower() or "standard" in kernel.lower() else "wsl"
    if view.env.get("KUBERNETES_SERVICE_HOST"):
        evidence.append("KUBERNETES_SERVICE_HOST is set")
        kind = kind or "kubernetes"
    if view.exists("/run/.containerenv"):
        evidence.append("/run/.containerenv exists")
        kind = kind or "podman"
    if view.exists("/.dockerenv"):
        evidence.append("/.dockerenv exists")
        kind = kind or "docker"
    cgroup = view.read_text("/proc/1/cgroup") or ""
    for marker, name in (("kubepods", "kubernetes"), ("docker", "docker"), ("libpod", "podman"), ("lxc", "lxc")):
        if marker in cgroup:
            evidence.append(f"/proc/1/cgroup mentions {marker}")
            kind = kind or name
            break
    if view.env.get("container"):
        evidence.append(f"container={view.env['container']}")
        kind = kind or view.env["container"]
    return kind, evidence


def _shm_size(view: SystemView) -> Optional[int]:
    mounts = view.read_text("/proc/mounts") or ""
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[1] == "/dev/shm":
            match = re.search(r"(?:^|,)size=(\d+)([kmg]?)", parts[3])
            if match:
                factor = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}[match.group(2)]
                return int(match.group(1)) * factor
    if view.is_real_root and os.path.isdir("/dev/shm"):
        try:
            return shutil.disk_usage("/dev/shm").total
        except OSError:
            return None
    return None


def _disks(view: SystemView, weights_dir: Optional[str], datasets_dir: Optional[str] = None) -> list[DiskSpace]:
    env = view.env
    home = view.home()
    hf_home = Path(env.get("HF_HOME") or home / ".cache" / "huggingface")
    try:
        cwd: Optional[Path] = Path.cwd()
    except OSError:  # the working directory was deleted under us
        cwd = None
    places = [
        ("cwd", cwd),
        ("hf_cache", Path(env.get("HF_HUB_CACHE") or hf_home / "hub")),
        ("torch_hub", Path(env.get("TORCH_HOME") or home / ".cache" / "torch")),
    ]
    if weights_dir:
        places.append(("ultralytics_weights", Path(weights_dir)))
    if datasets_dir:
        places.append(("ultralytics_datasets", Path(datasets_dir)))
    disks = []
    for purpose, path in places:
        if path is None:
            disks.append(DiskSpace(purpose, None))
            continue
        probe = path
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        try:
            usage = shutil.disk_usage(probe)
        except OSError:
            disks.append(DiskSpace(purpose, str(path)))
            continue
        disks.append(DiskSpace(purpose, str(path), usage.free, usage.total))
    return disks
