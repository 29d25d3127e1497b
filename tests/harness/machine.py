"""The machine part of a scenario: the root yolodoctor reads as /proc, /sys,
/dev, /etc and /usr/local, and the fake executables on PATH."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

from . import nvml, texts
from .files import executable as _executable, write as _write
from .spec import Gpu, Machine

FAKE_SMI = Path(__file__).with_name("fake_nvidia_smi.py")
NVML_INIT = {"ok": 0, "mismatch": 18, "no_driver": 9, "unknown": 999}  # nvmlReturn_t of nvmlInit
SMI_ERRORS = {  # mode -> (what nvidia-smi prints, its exit status)
    "mismatch": (texts.SMI_MISMATCH, 18),
    "no_driver": (texts.SMI_NO_DRIVER, 9),
    "no_devices": (texts.SMI_NO_DEVICES, 6),
}


def _gpu_uuid(index: int, gpu: Gpu) -> str:
    digest = hashlib.sha1(f"{index}:{gpu.name}".encode()).hexdigest()
    return f"GPU-{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def _bus_id(index: int, gpu: Gpu) -> str:
    return gpu.bus_id or f"00000000:{index + 1:02X}:00.0"


def write_root(machine: Machine, root: Path) -> None:
    if machine.distro:
        _write(root / "etc/os-release", f'PRETTY_NAME="{machine.distro}"\nNAME="{machine.distro.split()[0]}"\n')
    if machine.kernel:
        _write(root / "proc/sys/kernel/osrelease", machine.kernel + "\n")
    _write(root / "proc/meminfo", f"MemTotal:       {machine.memory_total_kib} kB\n"
                                  f"MemFree:        {machine.memory_available_kib // 2} kB\n"
                                  f"MemAvailable:   {machine.memory_available_kib} kB\n")
    in_container = machine.container in ("docker", "podman", "kubernetes")
    mounts = ["overlay / overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/ABC,upperdir=u,workdir=w 0 0"
              if in_container else "/dev/nvme0n1p2 / ext4 rw,relatime 0 0",
              "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
              "sysfs /sys sysfs ro,nosuid,nodev,noexec,relatime 0 0"]
    if machine.shm_kib is not None:
        device = "shm" if in_container else "tmpfs"
        mounts.append(f"{device} /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size={machine.shm_kib}k 0 0")
    else:
        mounts.append("tmpfs /dev/shm tmpfs rw,nosuid,nodev,inode64 0 0")
    _write(root / "proc/mounts", "\n".join(mounts) + "\n")
    driver = machine.driver
    modules = ["snd_hda_intel 61440 0 - Live 0x0000000000000000", "ext4 1019904 1 - Live 0x0000000000000000"]
    (root / "sys/module/ext4").mkdir(parents=True, exist_ok=True)
    if driver is not None:
        kernel_version = driver.kernel_version or driver.version
        modules += ["nvidia_uvm 1540096 0 - Live 0x0000000000000000 (PO)",
                    "nvidia 56717312 3 nvidia_uvm, Live 0x0000000000000000 (PO)"]
        if driver.in_sysfs:
            _write(root / "sys/module/nvidia/version", kernel_version + "\n")
        elif machine.container != "wsl2":  # WSL has no nvidia kernel module: the Windows driver serves /dev/dxg
            (root / "sys/module/nvidia").mkdir(parents=True, exist_ok=True)
        if driver.in_proc:
            kind = "Open Kernel Module for x86_64" if driver.open_kernel_module else "x86_64 Kernel Module"
            _write(root / "proc/driver/nvidia/version",
                   f"NVRM version: NVIDIA UNIX {kind}  {kernel_version}  Release Build  "
                   "(dvs-builder@U16-T02-35-3)  Tue Mar  4 03:49:25 UTC 2025\n"
                   "GCC version:  gcc version 12.3.0 (Ubuntu 12.3.0-1ubuntu1~22.04)\n")
    if machine.nouveau:
        modules.append("nouveau 2433024 1 - Live 0x0000000000000000")
        (root / "sys/module/nouveau").mkdir(parents=True, exist_ok=True)
    if machine.container != "wsl2":
        _write(root / "proc/modules", "\n".join(modules) + "\n")
    nodes = machine.device_nodes if machine.device_nodes is not None else bool(driver and machine.gpus)
    (root / "dev").mkdir(parents=True, exist_ok=True)
    if nodes:
        for i in range(len(machine.gpus)):
            _write(root / f"dev/nvidia{i}", "")
        for name in ("nvidiactl", "nvidia-uvm", "nvidia-uvm-tools"):
            _write(root / f"dev/{name}", "")
    if machine.container == "docker":
        _write(root / ".dockerenv", "")
        _write(root / "proc/1/cgroup", "0::/\n")
    elif machine.container == "podman":
        _write(root / "run/.containerenv", 'engine="podman-4.9.3"\n')
        _write(root / "proc/1/cgroup", "0::/\n")
    elif machine.container == "kubernetes":
        pod = "kubepods/besteffort/pod5c3b1f2e-8d2a-4e4b-9d63-0a1b2c3d4e5f/0f1e2d3c4b5a"
        _write(root / "proc/1/cgroup", f"12:memory:/{pod}\n11:cpu,cpuacct:/{pod}\n0::/\n")
    elif machine.container == "wsl2":
        _write_wsl(machine, root)
    for release in machine.toolkits:
        home = root / f"usr/local/cuda-{_major_minor(release)}"
        _write(home / "version.json", json.dumps({"cuda": {"name": "CUDA SDK", "version": release}}, indent=3))
        _executable(home / "bin/nvcc", _nvcc_script(release))
    if machine.toolkits:
        link = root / "usr/local/cuda"
        if not link.exists():
            link.symlink_to(f"cuda-{_major_minor(machine.toolkits[0])}")
    if machine.nvml is not None:
        _write_nvml(machine, root)
    for rel, text in machine.files.items():
        _write(root / rel.lstrip("/"), text)


WSL_LIB = "usr/lib/wsl/lib"  # where WSL 2 mounts the Windows driver's Linux libraries and nvidia-smi


def _write_wsl(machine: Machine, root: Path) -> None:
    """WSL 2's own layout: /dev/dxg and the driver's libraries in /usr/lib/wsl/lib (nvidia-smi is put
    there by write_bin); a Linux driver installed inside WSL adds its libcuda beside the system's."""
    if machine.wsl_gpu:
        _write(root / "dev/dxg", "")
        lib = root / WSL_LIB
        for name in ("libcuda.so.1.1", "libcuda_loader.so", "libdxcore.so", "libnvidia-ml_loader.so",
                     "libnvdxgdmal.so.1", "libnvidia-ptxjitcompiler.so.1"):
            _write(lib / name, "")
        for link, target in (("libcuda.so.1", "libcuda.so.1.1"), ("libcuda.so", "libcuda.so.1.1")):
            (lib / link).symlink_to(target)
    if machine.wsl_linux_driver:
        _write(root / "usr/lib/x86_64-linux-gnu/libcuda.so.1", "")  # from libnvidia-compute-550 (apt)


class NoCompiler(RuntimeError):
    """The fake NVML library needs a C compiler."""


def _write_nvml(machine: Machine, root: Path) -> None:
    built = nvml.library()
    if built is None:
        raise NoCompiler("no C compiler to build the fake libnvidia-ml.so.1")
    lib_dir = root / nvml.LIBRARY_DIR
    lib_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(built, lib_dir / "libnvidia-ml.so.1")
    driver = machine.driver
    lines = [f"init\t{NVML_INIT[machine.nvml]}"]
    if driver is not None:
        major, minor = (int(x) for x in driver.cuda.split(".")[:2])
        lines += [f"driver\t{driver.version}", f"cuda\t{major * 1000 + minor * 10}"]
    for i, gpu in enumerate(machine.gpus):
        cc_major, cc_minor = gpu.compute_capability.split(".")
        mig = {"Enabled": 1, "Disabled": 0}.get(gpu.mig or "", -1)
        procs = ";".join(f"{p.pid},{p.used_mib * 2 ** 20}" for p in gpu.processes)
        lines.append("\t".join(["gpu", gpu.name, _gpu_uuid(i, gpu), _bus_id(i, gpu), cc_major, cc_minor,
                                 str(gpu.memory_total_mib * 2 ** 20),
                                 str((gpu.memory_total_mib - gpu.memory_used_mib) * 2 ** 20), str(mig)]
                                + ([procs] if procs else [])))
    _write(lib_dir / "nvml-machine.txt", "\n".join(lines) + "\n")


def _major_minor(release: str) -> str:
    return ".".join(release.split(".")[:2])


# -------------------------------------------------------------------- bin ---

def _nvcc_script(release: str) -> str:
    mm = _major_minor(release)
    return ("#!/bin/sh\n"
            "echo 'nvcc: NVIDIA (R) Cuda compiler driver'\n"
            "echo 'Copyright (c) 2005-2024 NVIDIA Corporation'\n"
            "echo 'Built on Tue_Feb_27_16:19:38_PST_2024'\n"
            f"echo 'Cuda compilation tools, release {mm}, V{release}'\n"
            f"echo 'Build cuda_{mm}.r{mm}/compiler.33961263_0'\n")


def write_bin(machine: Machine, bin_dir: Path, root: Path) -> None:
    if machine.nvcc:
        _executable(bin_dir / "nvcc", _nvcc_script(machine.nvcc))
    smi = machine.nvidia_smi
    if smi.mode == "missing" or (machine.driver is None and smi.mode == "ok"):
        return
    if machine.container == "wsl2" and machine.wsl_gpu and not machine.wsl_linux_driver:
        bin_dir = root / WSL_LIB  # WSL's nvidia-smi lives with the driver's libraries, not on PATH
    driver = machine.driver
    data = {
        "mode": smi.mode,
        "legacy": smi.legacy,
        "errors": {k: ([texts.smi_mismatch(driver.version), v[1]] if k == "mismatch" and driver else list(v))
                   for k, v in SMI_ERRORS.items()},
        "driver": {"version": driver.version, "cuda": driver.cuda} if driver else {"version": "", "cuda": ""},
        "gpus": [{"name": g.name, "uuid": _gpu_uuid(i, g), "bus_id": _bus_id(i, g),
                  "memory_total_mib": g.memory_total_mib, "memory_used_mib": g.memory_used_mib,
                  "mig": g.mig, "compute_capability": g.compute_capability,
                  "processes": [{"pid": p.pid, "name": p.name, "used_mib": p.used_mib} for p in g.processes]}
                 for i, g in enumerate(machine.gpus)],
    }
    _write(bin_dir / "nvidia-smi.json", json.dumps(data, indent=1))
    # -I -S: a fake should start in milliseconds, whatever the test machine's site-packages hold.
    _executable(bin_dir / "nvidia-smi", f"#!{sys.executable} -IS\n" + FAKE_SMI.read_text(encoding="utf-8"))


def gpu_uuid(index: int, gpu: Gpu) -> str:
    """The UUID the fake nvidia-smi reports for a GPU (for expectations)."""
    return _gpu_uuid(index, gpu)
