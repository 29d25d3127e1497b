"""Platform facts: WSL 2, Jetson (L4T), ROCm (AMD GPUs), macOS.

Each is read from the files that platform really has, through the
SystemView, so a simulated root presents any of them. Nothing is judged
here: which advice fits which platform is diagnose/platform_gate.py's job.
"""

from __future__ import annotations

import os
import re
from typing import Optional

from .model import Jetson, Nvidia, Platform, Rocm, Wsl
from .nvidia import WSL_LIB_DIR
from .system import SystemView

# What a Linux NVIDIA driver installed inside WSL leaves behind; on WSL these come from
# /usr/lib/wsl/lib and must not exist elsewhere (NVIDIA's CUDA on WSL user guide).
LINUX_DRIVER_FILES = ("/usr/lib/x86_64-linux-gnu/libcuda.so.1", "/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1",
                      "/usr/lib64/libcuda.so.1", "/usr/bin/nvidia-smi", "/proc/driver/nvidia/version",
                      "/sys/module/nvidia")
WSL_LIB_PREFIXES = ("libcuda", "libnvidia-ml", "libdxcore", "nvidia-smi")
KFD_TOPOLOGY = "/sys/class/kfd/kfd/topology/nodes"


def collect_platform(view: SystemView, nvidia: Nvidia, kernel: Optional[str]) -> Platform:
    platform = Platform()
    platform.macos_version = _macos_version(view)
    if platform.macos_version:
        platform.evidence.append(f"/System/Library/CoreServices/SystemVersion.plist: macOS {platform.macos_version}")
    platform.wsl = _wsl(view, nvidia, kernel, platform.evidence)
    platform.jetson = _jetson(view, kernel, platform.evidence)
    platform.rocm = _rocm(view, platform.evidence)
    return platform


def _macos_version(view: SystemView) -> Optional[str]:
    text = view.read_text("/System/Library/CoreServices/SystemVersion.plist", 100_000)
    if not text:
        return None
    match = re.search(r"<key>ProductVersion</key>\s*<string>([0-9][0-9.]*)</string>", text)
    return match.group(1) if match else "unknown"


# ------------------------------------------------------------------ WSL ---

def _wsl(view: SystemView, nvidia: Nvidia, kernel: Optional[str], evidence: list[str]) -> Optional[Wsl]:
    wsl_kernel = kernel if kernel and "microsoft" in kernel.lower() else None
    dxg = view.exists("/dev/dxg")
    lib_dir = view.path(WSL_LIB_DIR)
    if not (wsl_kernel or dxg or lib_dir.is_dir()):
        return None
    wsl = Wsl(kernel=wsl_kernel, dxg=dxg)
    if wsl_kernel:
        evidence.append(f"kernel {wsl_kernel}")
    if dxg:
        evidence.append("/dev/dxg exists")
    if lib_dir.is_dir():
        wsl.lib_dir = WSL_LIB_DIR
        try:
            wsl.lib_files = sorted(p.name for p in lib_dir.iterdir() if p.name.startswith(WSL_LIB_PREFIXES))[:50]
        except OSError:
            wsl.lib_files = []
        evidence.append(f"{WSL_LIB_DIR} holds {', '.join(wsl.lib_files) or 'nothing of the driver'}")
    for path in LINUX_DRIVER_FILES:
        target = view.path(path)
        if not (target.exists() or target.is_symlink()):
            continue
        try:  # a link into /usr/lib/wsl/lib is WSL's own, not a Linux driver
            if WSL_LIB_DIR in os.path.realpath(target):
                continue
        except OSError:
            pass
        wsl.linux_driver_files.append(path)
    smi = nvidia.nvidia_smi.path
    smi_is_wsl = bool(smi) and view.shown(_resolved(smi)).startswith(WSL_LIB_DIR + "/")
    if smi_is_wsl and "nvidia-smi" in nvidia.driver_versions_seen:
        # WSL's nvidia-smi reports the Windows driver's own version ("Driver Version: 566.36").
        wsl.windows_driver_version = nvidia.driver_versions_seen["nvidia-smi"]
    elif not wsl.linux_driver_files and "nvml" in nvidia.driver_versions_seen:
        wsl.windows_driver_version = nvidia.driver_versions_seen["nvml"]
    return wsl


def _resolved(path: str):
    from pathlib import Path

    try:
        return Path(os.path.realpath(path))
    except OSError:
        return Path(path)


# --------------------------------------------------------------- Jetson ---

def _jetson(view: SystemView, kernel: Optional[str], evidence: list[str]) -> Optional[Jetson]:
    release = view.read_text("/etc/nv_tegra_release", 10_000)
    tegra_kernel = bool(kernel and kernel.endswith("-tegra"))
    modules = view.read_text("/proc/modules") or ""
    nvgpu = view.exists("/sys/module/nvgpu") or bool(re.search(r"^nvgpu ", modules, re.M))
    if not (release or tegra_kernel or nvgpu):
        return None
    jetson = Jetson(tegra_kernel=tegra_kernel if kernel else None, nvgpu_loaded=nvgpu)
    if release:
        first = release.strip().splitlines()[0][:300] if release.strip() else ""
        jetson.nv_tegra_release = first or None
        match = re.search(r"R(\d+)\s*\(release\),\s*REVISION:\s*(\d+)(?:\.(\d+))?", first)
        if match:
            jetson.l4t_version = f"{match.group(1)}.{match.group(2)}.{match.group(3) or 0}"
        evidence.append(f"/etc/nv_tegra_release: {first}")
    if tegra_kernel:
        evidence.append(f"kernel {kernel}")
    if nvgpu:
        evidence.append("nvgpu kernel module loaded")
    jetson.jetpack_version = _dpkg_version(view, "nvidia-jetpack")
    model = view.read_text("/proc/device-tree/model", 1000)
    if model:
        jetson.model = model.replace("\x00", "").strip() or None
    return jetson


def _dpkg_version(view: SystemView, package: str) -> Optional[str]:
    """The installed version of a Debian package, from /var/lib/dpkg/status ("6.1+b123" -> "6.1")."""
    status = view.read_text("/var/lib/dpkg/status", 64_000_000)
    if not status:
        return None
    # Straight to the package's stanzas (a status file lists thousands of packages).
    for header in re.finditer(rf"^Package: {re.escape(package)}$", status, re.M):
        end = status.find("\n\n", header.end())
        stanza = status[header.end(): end if end >= 0 else len(status)]
        if re.search(r"^Status: .*\binstalled$", stanza, re.M):
            match = re.search(r"^Version: (?:\d+:)?([0-9][0-9.]*)", stanza, re.M)
            if match:
                return match.group(1).rstrip(".")
    return None


# ----------------------------------------------------------------- ROCm ---

def gfx_name(target_version: int) -> str:
    """KFD's gfx_target_version (major*10000 + minor*100 + stepping) as the LLVM target name:
    110000 -> gfx1100, 90010 -> gfx90a, 90402 -> gfx942."""
    major, minor, stepping = target_version // 10000, (target_version // 100) % 100, target_version % 100
    return f"gfx{major}{minor:x}{stepping:x}"


def _rocm(view: SystemView, evidence: list[str]) -> Optional[Rocm]:
    kfd = view.exists("/dev/kfd")
    version = (view.read_text("/opt/rocm/.info/version", 1000) or "").strip() or None
    targets = _gfx_targets(view)
    override = view.env.get("HSA_OVERRIDE_GFX_VERSION")
    if not (kfd or version or targets):
        return None
    rocm = Rocm(kfd=kfd, rocm_version=version, gfx_targets=targets, hsa_override_gfx_version=override)
    try:
        rocm.render_nodes = sorted("/dev/dri/" + p.name for p in view.path("/dev/dri").glob("renderD*"))
    except OSError:
        rocm.render_nodes = []
    rocm.user = view.env.get("USER") or view.env.get("LOGNAME")
    if rocm.user:
        rocm.groups = _member_of(view, rocm.user, ("render", "video"))
    evidence.append("/dev/kfd exists" if kfd else "no /dev/kfd")
    if version:
        evidence.append(f"/opt/rocm/.info/version: {version}")
    if targets:
        evidence.append(f"KFD topology: {', '.join(targets)}")
    return rocm


def _gfx_targets(view: SystemView) -> list[str]:
    nodes = view.path(KFD_TOPOLOGY)
    targets = []
    try:
        entries = sorted(nodes.iterdir(), key=lambda p: p.name)
    except OSError:
        return targets
    for node in entries[:64]:
        text = view.read_text(f"{KFD_TOPOLOGY}/{node.name}/properties", 100_000) or ""
        match = re.search(r"^gfx_target_version\s+(\d+)", text, re.M)
        if match and int(match.group(1)) > 0:  # 0: a CPU node
            targets.append(gfx_name(int(match.group(1))))
    return targets


def _member_of(view: SystemView, user: str, wanted: tuple[str, ...]) -> list[str]:
    """Which of `wanted` groups list `user` as a member in /etc/group."""
    text = view.read_text("/etc/group") or ""
    found = []
    for line in text.splitlines():
        parts = line.split(":")
        if len(parts) >= 4 and parts[0] in wanted and user in parts[3].split(","):
            found.append(parts[0])
    return sorted(found)
