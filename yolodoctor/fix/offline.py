"""The offline route: when no package index answered (or the run is --offline), the torch set is
downloaded on a connected machine for this target's platform and installed here from a directory.

The commands are exact: `pip download` with the target's platform tags, Python version and
implementation, and `pip install --no-index --find-links` under the target interpreter.
"""

from __future__ import annotations

import shlex
from typing import Optional

from ..i18n import tr
from .machine import Machine
from .platform import platform_of
from .select import TorchSet

WHEEL_DIR = "torch-wheels"


def expected_files(chosen: TorchSet, python: Optional[str], local_tag: bool) -> tuple[str, ...]:
    """The wheel names pip download will fetch for the set (glob for the platform part)."""
    cp = f"cp{python.replace('.', '')}" if python else "cp3XY"
    suffix = f"+{chosen.variant}" if local_tag else ""
    names = [("torch", chosen.torch)]
    names += [("torchvision", chosen.torchvision)] if chosen.torchvision else []
    names += [("torchaudio", chosen.torchaudio)] if chosen.torchaudio else []
    return tuple(f"{name}-{version}{suffix}-{cp}-{cp}-*.whl" for name, version in names)


def offline_steps(chosen: TorchSet, machine: Machine, target_python: str, pins: tuple[str, ...],
                  index_url: Optional[str], find_links: tuple[str, ...], local_tag: bool) -> tuple[str, ...]:
    platform = platform_of(machine)
    download = ["python", "-m", "pip", "download", "--only-binary=:all:"]
    for tag in platform.download_tags:
        download += ["--platform", tag]
    download += ["--python-version", machine.python or "3", "--implementation", "cp"]
    if index_url:
        download += ["--index-url", index_url]
    for url in find_links:
        download += ["--find-links", url]
    download += ["-d", WHEEL_DIR, *pins]
    install = [target_python, "-m", "pip", "install", "--no-index", "--find-links", WHEEL_DIR, *pins]
    return (
        tr("on a machine with internet access: {command}", command=shlex.join(download)),
        tr("expected files in {folder}: {files} (and their dependencies)", folder=f"{WHEEL_DIR}/",
           files=', '.join(expected_files(chosen, machine.python, local_tag))),
        tr("copy {folder} to this machine, then: {command}", folder=f"{WHEEL_DIR}/", command=shlex.join(install)),
    )
