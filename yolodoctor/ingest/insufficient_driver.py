"""CUDA's "driver version is insufficient for CUDA runtime version" where the driver is new enough: in a container.

Since CUDA 11 a runtime of one major family runs on any driver at or above that family's floor (minor version
compatibility, compat/cuda.toml [[minor_compat]]): a 12.x runtime does not call a 525+ driver insufficient. The CUDA
runtime also answers "insufficient" when it finds no driver at all, and in a container that is what happens when the
container was given no GPU (no --gpus, no NVIDIA_VISIBLE_DEVICES, no GPU resource in the pod): the host's driver
library is not mounted. So where the paste runs in a container and shows a driver at or above the floor of the newest
CUDA family it names (12 when it names none older or newer, since a paste rarely names the runtime of a prebuilt
package), the driver's version is not the cause: the container cannot see the GPU.

A driver below that floor, a paste outside a container, or no driver version shown leave the signature's reading
(the driver is too old) as it is."""

from __future__ import annotations

import re
from typing import Optional

from ..diagnose.model import Finding
from ..i18n import tr
from .model import LIKELY
from .ranked import Ranked

INSUFFICIENT = "cuda-insufficient-driver"
# The newest CUDA family that current prebuilt packages (torch, CTranslate2, onnxruntime) are built for when the
# paste does not say: a driver below its floor may be too old for them.
ASSUMED_MAJOR = 12
# The CUDA major a paste names for what runs: a wheel's or a package's tag (cu121, cudnn-cu12), "CUDA 12.4",
# "cuda-12", "CUDA runtime 13", an image tag ("nvidia/cuda:12.4.1-..."). nvidia-smi's "CUDA Version: 12.4" is the
# driver's own and is not read ("Version" stands between).
_NAMED_CUDA = re.compile(r"(?i)(?<![a-z0-9.])(?:cu(?P<tag>1\d)\d{0,2}(?![\d.])"
                         r"|cuda(?:[ \t]{1,2}(?:toolkit|runtime))?[ \t:_-]{0,2}(?P<major>1\d)(?:\.\d{1,2}){0,2}(?![\d]))")


# `docker --version` printed in a report ("Docker version 28.0.4, build b8034c0") says Docker is installed, not that
# the failing program ran in a container: where that is the line that names a container, the paste's own driver
# reading stands.
DOCKER_VERSION_LINE = re.compile(r"(?i)^\W{0,4}docker version \d[\w.+~-]{0,30}, build\b")


def named_cuda_majors(text: str) -> set[int]:
    """The CUDA major versions a paste names (see _NAMED_CUDA)."""
    return {int(m.group("tag") or m.group("major")) for m in _NAMED_CUDA.finditer(text)}


def driver_floor(major: int, os_name: Optional[str]) -> Optional[str]:
    """The lowest driver that runs any runtime of a CUDA major family on this OS (compat/cuda.toml), or None."""
    from ..knowledge import compat

    row = compat.minor_compat(major)
    return row.driver(os_name) if row is not None else None


def insufficient_driver_in_container(seen, out: list[Ranked]) -> list[Ranked]:
    """CUDA calls the driver insufficient in a container whose driver is at or above the floor of every CUDA family
    the paste names: the container was given no GPU (see the module docstring)."""
    from ..knowledge import versions as V

    context, facts, result = seen.context, seen.facts, seen.result
    driver = facts.nvidia.driver_version
    if context.container is None or not driver or any(r.finding.category == "gpu_not_visible" and not r.alternative
                                                        for r in seen.ranked + out):
        return []
    insufficient = [r for r in seen.ranked if r.finding.id == INSUFFICIENT]
    if not insufficient:
        return []
    lines = result.sample.split("\n")
    if context.container <= len(lines) and DOCKER_VERSION_LINE.search(lines[context.container - 1]):
        return []
    named = named_cuda_majors(result.sample)  # the paste's start (what ingest keeps of its text)
    if facts.torch.cuda:
        named |= named_cuda_majors(f"cuda {facts.torch.cuda}")
    major = max(named | {ASSUMED_MAJOR})
    os_name = facts.host.os or ("Windows" if context.windows_named is not None else None)
    floor = driver_floor(major, os_name)
    try:
        new_enough = floor is not None and V.at_least(driver, floor)
    except (ValueError, TypeError):
        return []
    if not new_enough:
        return []
    line = insufficient[0].line
    return [Ranked(Finding(
        id="insufficient-driver-in-container", category="gpu_not_visible", severity="error",
        area=seen.areas.get("gpu_not_visible", "system"),
        title=tr("CUDA calls the driver insufficient inside a container although driver {driver} runs any CUDA "
                 "{major}.x: the container was most likely given no GPU", driver=driver, major=major),
        message=tr("Driver {driver} is at or above {floor}, the floor for every CUDA {major}.x runtime, so its version "
                   "is not the cause; a CUDA runtime that finds no driver at all says the same, which is what a "
                   "container started without GPU access sees.", driver=driver, floor=floor, major=major),
        fix=tr("Give the container the GPU: {run}, in Compose a {deploy} device reservation with {caps}, on Kubernetes "
               "a {resource} limit, on Unraid {visible} with the NVIDIA runtime; then check {smi} inside it.",
               run="docker run --gpus all", deploy="deploy.resources.reservations.devices",
               caps="capabilities: [gpu]", resource="nvidia.com/gpu", visible="NVIDIA_VISIBLE_DEVICES",
               smi="nvidia-smi"),
        evidence=(tr("pasted line {line}: the paste runs in a container", line=context.container),
                  tr("pasted line {line}: the CUDA driver is called insufficient", line=line),
                  tr("driver {driver} is at or above {floor} (CUDA {major}.x)", driver=driver, floor=floor,
                     major=major)),
        certainty=LIKELY,
        references=("https://docs.nvidia.com/deploy/cuda-compatibility/index.html",
                    "https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/install-guide.html"),
        data={"lines": [line]}), corroborated=True, explains=True, line=line)]
