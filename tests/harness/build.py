"""materialise(scenario, directory): the machine and the environment, for real.

- root/: what yolodoctor reads as /proc, /sys, /dev, /etc, /usr/local
  (YOLODOCTOR_FS_ROOT points there);
- bin/: executables on PATH (nvidia-smi, nvcc fakes); PATH is bin/ plus
  /usr/bin:/bin only, so no real nvcc or nvidia-smi of the test machine
  leaks in;
- home/: $HOME (user site, Ultralytics settings, editable checkouts);
- env/: the interpreter to inspect, with a site-packages of dist-info
  directories and stand-in modules.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import sys
import sysconfig
import venv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import nvml, standins, texts
from .spec import (Dist, Gpu, Machine, PythonSpec, Scenario, TorchBuild, TorchDevice, UltralyticsTree)

PY = f"{sys.version_info.major}.{sys.version_info.minor}"
PY_TAG = f"{sys.version_info.major}{sys.version_info.minor}"
FAKE_SMI = Path(__file__).with_name("fake_nvidia_smi.py")
NVML_INIT = {"ok": 0, "mismatch": 18, "no_driver": 9, "unknown": 999}  # nvmlReturn_t of nvmlInit
SMI_ERRORS = {  # mode -> (what nvidia-smi prints, its exit status)
    "mismatch": (texts.SMI_MISMATCH, 18),
    "no_driver": (texts.SMI_NO_DRIVER, 9),
    "no_devices": (texts.SMI_NO_DEVICES, 6),
}


@dataclass(frozen=True)
class Materialised:
    scenario: Scenario
    base: Path
    root: Path
    bin: Path
    home: Path
    prefix: Path
    python: Path
    site: Path
    user_site: Path
    env: dict = field(default_factory=dict)

    def cli_args(self) -> list[str]:
        """`yolodoctor facts` arguments that select this scenario's interpreter."""
        if self.scenario.python.select == "--python":
            return ["--python", str(self.python)]
        return []


def materialise(scenario: Scenario, base: Path) -> Materialised:
    base = Path(base)
    root, bin_dir, home = base / "root", base / "bin", base / "home"
    for d in (root, bin_dir, home):
        d.mkdir(parents=True, exist_ok=True)
    _write_root(scenario.machine, root)
    _write_bin(scenario.machine, bin_dir, root)
    prefix = base / "env"
    python, site = _make_python(scenario.python, prefix)
    user_site = home / ".local" / "lib" / f"python{PY}" / "site-packages"
    devices = _torch_devices(scenario)
    for dist in scenario.dists:
        target = user_site if dist.site == "user" else site
        _install(dist, target, home, devices)
    for rel, text in scenario.home_files.items():
        _write(home / rel, text.replace("{home}", str(home)))
    env = {
        "PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "YOLODOCTOR_FS_ROOT": str(root),
        "PIP_CONFIG_FILE": os.devnull,  # pip reads no config file: the test machine's pip.conf stays out
        "YOLODOCTOR_OFFLINE": "1",  # tests never touch the internet (run_facts passes --offline too)
    }
    if scenario.python.select == "VIRTUAL_ENV":
        env["VIRTUAL_ENV"] = str(prefix)
    elif scenario.python.select == "CONDA_PREFIX":
        env["CONDA_PREFIX"] = str(prefix)
        env["CONDA_DEFAULT_ENV"] = prefix.name
    for key, value in scenario.env.items():
        env[key] = value.replace("{home}", str(home)).replace("{prefix}", str(prefix))
    return Materialised(scenario, base, root, bin_dir, home, prefix, python, site, user_site, env)


# ------------------------------------------------------------------ files ---

def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _executable(path: Path, text: str) -> None:
    _write(path, text)
    path.chmod(0o755)


# ------------------------------------------------------------------- root ---

def _gpu_uuid(index: int, gpu: Gpu) -> str:
    digest = hashlib.sha1(f"{index}:{gpu.name}".encode()).hexdigest()
    return f"GPU-{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def _bus_id(index: int, gpu: Gpu) -> str:
    return gpu.bus_id or f"00000000:{index + 1:02X}:00.0"


def _write_root(machine: Machine, root: Path) -> None:
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
        else:
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
        _write(root / "dev/dxg", "")
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


def _write_bin(machine: Machine, bin_dir: Path, root: Path) -> None:
    if machine.nvcc:
        _executable(bin_dir / "nvcc", _nvcc_script(machine.nvcc))
    smi = machine.nvidia_smi
    if smi.mode == "missing" or (machine.driver is None and smi.mode == "ok"):
        return
    driver = machine.driver
    data = {
        "mode": smi.mode,
        "legacy": smi.legacy,
        "errors": {k: list(v) for k, v in SMI_ERRORS.items()},
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


# ----------------------------------------------------------------- python ---

def _make_python(spec: PythonSpec, prefix: Path) -> tuple[Path, Path]:
    if spec.kind == "venv":
        venv.EnvBuilder(with_pip=False, symlinks=True, clear=True).create(prefix)
        python = prefix / "bin" / "python"
    elif spec.kind in ("system", "conda"):
        python = _standalone_python(prefix)
    else:
        raise ValueError(f"unknown python kind {spec.kind}")
    site = prefix / "lib" / f"python{PY}" / "site-packages"
    site.mkdir(parents=True, exist_ok=True)
    if spec.externally_managed:
        _write(prefix / "lib" / f"python{PY}" / "EXTERNALLY-MANAGED",
               "[externally-managed]\nError=To install Python packages system-wide, try apt install\n"
               " python3-xyz, where xyz is the package you are trying to install.\n")
    if spec.kind == "conda":
        meta = prefix / "conda-meta"
        _write(meta / "history", "==> 2024-11-02 10:12:55 <==\n# cmd: conda create -n yolo python=3.11\n")
        for package in spec.conda_packages:
            name, version, build = package.rsplit("-", 2)
            _write(meta / f"{package}.json", json.dumps({"name": name, "version": version, "build": build}))
    return python, site


def _standalone_python(prefix: Path) -> Path:
    """A Python install of its own (not a venv): the interpreter binary beside
    a lib/pythonX.Y whose entries link to the real standard library, except
    site-packages. Python finds its prefix from the binary's location, so
    sys.prefix is ``prefix`` and the user site is enabled, as on a system or
    conda Python."""
    real = Path(os.path.realpath(sys.executable))
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    (prefix / "bin").mkdir(parents=True, exist_ok=True)
    lib = prefix / "lib" / f"python{PY}"
    lib.mkdir(parents=True, exist_ok=True)
    for entry in stdlib.iterdir():
        if entry.name not in ("site-packages", "dist-packages", "EXTERNALLY-MANAGED"):
            (lib / entry.name).symlink_to(entry)
    libdir = sysconfig.get_config_var("LIBDIR")
    if libdir and Path(libdir).is_dir():
        for entry in Path(libdir).glob("libpython*"):
            (prefix / "lib" / entry.name).symlink_to(entry)
    python = prefix / "bin" / f"python{PY}"
    try:
        os.link(real, python)
    except OSError:
        shutil.copy2(real, python)
    (prefix / "bin" / "python3").symlink_to(python.name)
    (prefix / "bin" / "python").symlink_to(python.name)
    return prefix / "bin" / "python3"


# ---------------------------------------------------------- distributions ---

def _torch_devices(scenario: Scenario) -> tuple[TorchDevice, ...]:
    for dist in scenario.dists:
        if isinstance(dist.standin, TorchBuild):
            if dist.standin.devices is not None:
                return dist.standin.devices
            break
    return tuple(TorchDevice(g.name, g.compute_capability, g.memory_total_mib * 2 ** 20)
                 for g in scenario.machine.gpus)


def _dist_dir_name(name: str, version: str) -> str:
    return f"{re.sub(r'[-_.]+', '_', name)}-{version}.dist-info"


def _record_line(rel: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{rel},sha256={digest},{len(data)}"


def _install(dist: Dist, site: Path, home: Path, devices: tuple[TorchDevice, ...]) -> None:
    site.mkdir(parents=True, exist_ok=True)
    package_root = site
    checkout: Optional[Path] = None
    if dist.editable:
        name = dist.standin.git_checkout if isinstance(dist.standin, UltralyticsTree) and \
            dist.standin.git_checkout else dist.name
        checkout = home / name
        package_root = checkout
        _write(checkout / ".git" / "HEAD", "ref: refs/heads/main\n")
        _write(site / f"__editable__.{dist.name}-{dist.version}.pth", str(checkout) + "\n")
    files = standins.files_for(dist.standin, dist.version, devices, str(site), PY_TAG) or {}
    record = []
    for rel, text in files.items():
        path = package_root / rel
        _write(path, text)
        if checkout is None:
            record.append(_record_line(rel, text.encode()))
    info = site / _dist_dir_name(dist.name, dist.version)
    metadata = [f"Metadata-Version: 2.1", f"Name: {dist.name}", f"Version: {dist.version}",
                f"Summary: {dist.name} (scenario stand-in)"]
    metadata += [f"Requires-Dist: {req}" for req in dist.requires]
    # The body is free text: a reader must stop at the blank line.
    body = f"\n\n# {dist.name}\n\nName: not-a-header\nVersion: 0.0.0-body\n"
    info_files = {
        "METADATA": "\n".join(metadata) + body,
        "INSTALLER": dist.installer + "\n",
        "top_level.txt": "".join(sorted({rel.split("/")[0].removesuffix(".py") + "\n" for rel in files})),
        "WHEEL": "Wheel-Version: 1.0\nGenerator: scenario-harness\nRoot-Is-Purelib: false\nTag: py3-none-any\n",
    }
    if checkout is not None:
        info_files["direct_url.json"] = json.dumps({"url": checkout.as_uri(), "dir_info": {"editable": True}})
    for name, text in info_files.items():
        _write(info / name, text)
        record.append(_record_line(f"{info.name}/{name}", text.encode()))
    record.append(f"{info.name}/RECORD,,")
    _write(info / "RECORD", "\n".join(record) + "\n")
