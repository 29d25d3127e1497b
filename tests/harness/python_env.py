"""The Python part of a scenario: the interpreter to inspect (a venv, a
system-like or a conda-like install) and its distributions."""

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
from pathlib import Path
from typing import Optional

from . import standins
from .files import write as _write
from .spec import Dist, PythonSpec, Scenario, TorchBuild, TorchDevice, UltralyticsTree

PY = f"{sys.version_info.major}.{sys.version_info.minor}"
PY_TAG = f"{sys.version_info.major}{sys.version_info.minor}"


def make_python(spec: PythonSpec, prefix: Path) -> tuple[Path, Path]:
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
            # As conda writes them: the channel, and every file the package put into the env (its dist-info
            # among them, which is how a Python distribution's conda owner is found).
            dist = CONDA_DISTRIBUTION.get(name, name)
            files = [f"lib/python{PY}/site-packages/{_dist_dir_name(dist, version)}/METADATA"] \
                if name not in CONDA_NON_PYTHON else [f"lib/{name}.txt"]
            _write(meta / f"{package}.json", json.dumps({
                "name": name, "version": version, "build": build,
                "channel": "https://conda.anaconda.org/pytorch/linux-64" if name in ("pytorch", "torchvision",
                                                                                    "cpuonly", "pytorch-cuda")
                else "https://repo.anaconda.com/pkgs/main/linux-64",
                "files": files}))
    return python, site


# conda package name -> the Python distribution it installs (where they differ); packages with no Python side.
CONDA_DISTRIBUTION = {"pytorch": "torch"}
CONDA_NON_PYTHON = ("python", "cudatoolkit", "cpuonly", "pytorch-cuda", "cudnn")


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

def torch_devices(scenario: Scenario) -> tuple[TorchDevice, ...]:
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


def install(dist: Dist, site: Path, home: Path, devices: tuple[TorchDevice, ...]) -> None:
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
    metadata = ["Metadata-Version: 2.1", f"Name: {dist.name}", f"Version: {dist.version}",
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
