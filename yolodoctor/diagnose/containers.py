"""Container rules (YD710, YD711 in rules/containers.toml): GPU access inside Docker, Podman, Kubernetes.

The flags to print come from compat/containers.toml for the runtime the facts name. Pure: Facts (and the
profile, when one is chosen) in, Hits out.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from ..facts.model import Facts
from ..i18n import is_chinese, tr
from ..knowledge.files import KnowledgeError, load_compat_table
from .evidence import torch_label
from .model import Hit, predicate

_GPU_NODE = re.compile(r"^/dev/nvidia[0-9]+$")
_NOT_CONTAINERS = (None, "", "wsl", "wsl2")
# The symptoms a container without GPU access also produces: torch cannot use CUDA (YD105), a profile
# that needs a GPU finds none (YD1005). The container is the root cause; they are reported inside it.
_EXPLAINS = ("YD105", "YD1005")


def _container(facts: Facts) -> Optional[str]:
    kind = facts.host.container
    return None if kind in _NOT_CONTAINERS else kind


def runtime_advice(kind: str) -> dict[str, Any]:
    """compat/containers.toml's row for this runtime, or the generic one."""
    rows = load_compat_table("containers.toml", "runtime", ("kind", "gpu_flags", "shm_fix", "caps_fix"))
    by_kind = {row["kind"]: row for row in rows}
    return by_kind.get(kind) or by_kind["other"]


def _say(advice: dict[str, Any], key: str) -> str:
    """One of the runtime's texts in the current language: the table keeps its Chinese beside the English
    (gpu_flags_zh, host_setup_zh, ...; the same commands), and a text with none is the same in both."""
    if is_chinese() and advice.get(f"{key}_zh"):
        return str(advice[f"{key}_zh"])
    return str(advice[key])


def _gpu_intent(facts: Facts, profile: Any) -> tuple[bool, list[str]]:
    """(the workload needs the GPU, why we think a GPU was meant to be here)."""
    reasons = []
    needed = False
    if facts.torch.cuda:
        reasons.append(tr("{torch} is a CUDA {cuda} build", torch=torch_label(facts.torch.version),
                          cuda=facts.torch.cuda))
        needed = True
    if profile is not None and getattr(profile, "requires_gpu", False):
        reasons.append(tr("profile {profile} needs a GPU", profile=profile.name))
        needed = True
    if facts.nvidia.nvidia_visible_devices is not None:
        reasons.append(f"NVIDIA_VISIBLE_DEVICES={facts.nvidia.nvidia_visible_devices}")
    if facts.nvidia.kernel_module_loaded:
        reasons.append(tr("the host's NVIDIA kernel module is loaded (/sys/module/nvidia)"))
    return needed, reasons


def _has_gpu_nodes(facts: Facts) -> bool:
    return any(_GPU_NODE.match(node) for node in facts.nvidia.device_nodes)


@predicate("YD710")
def container_without_gpu(facts: Facts, profile: Any = None) -> Optional[Hit]:
    """YD710: a container meant for GPU work that was started without GPU access."""
    kind = _container(facts)
    if kind is None or facts.origin == "pasted" or _has_gpu_nodes(facts) or facts.nvidia.gpus:
        return None
    if not (facts.nvidia.kernel_module_loaded or facts.nvidia.driver_version):
        return None  # no NVIDIA driver in sight at all: YD104 says so, with these flags
    needed, reasons = _gpu_intent(facts, profile)
    if not reasons:
        return None
    try:
        advice = runtime_advice(kind)
    except KnowledgeError:
        return None
    visible = facts.nvidia.nvidia_visible_devices
    evidence = [f"container: {kind}", tr("no /dev/nvidia0, /dev/nvidia1, ... device nodes"), *reasons]
    if visible is not None and visible.strip().lower() in ("void", "none", ""):
        message = tr("NVIDIA_VISIBLE_DEVICES={value} hides every GPU from this {kind} container ('none' keeps only the "
                     "driver libraries, 'void' or empty disables the NVIDIA runtime).",
                     value=visible or tr("(empty)"), kind=kind)
        fix = tr("Start the container with NVIDIA_VISIBLE_DEVICES=all (or GPU indices) and GPU access: {flags}",
                 flags=_say(advice, "gpu_flags"))
    elif kind == "kubernetes":
        message = tr("No GPU is allocated to this pod's container: there are no /dev/nvidia* devices. Without an "
                     "nvidia.com/gpu resource limit the device plugin gives the container no GPU, even on a GPU node.")
        alternative = _say(advice, "gpu_alternative")
        fix = tr("In the pod spec, {flags}. {alternative}.", flags=_say(advice, "gpu_flags"),
                 alternative=alternative if is_chinese() else alternative.capitalize())
    else:
        env_note = tr(" NVIDIA_VISIBLE_DEVICES={value} is set (CUDA base images set it), but only the NVIDIA runtime "
                      "acts on it.", value=visible) if visible else ""
        message = tr("This {kind} container was started without GPU access: there are no /dev/nvidia* devices, so "
                     "CUDA finds no driver and torch.cuda.is_available() is False.{note}", kind=kind, note=env_note)
        fix = tr("Start it with: {flags}\nOr: {alternative}", flags=_say(advice, "gpu_flags"),
                 alternative=_say(advice, "gpu_alternative"))
    fix += tr("\nOn the host, once: {setup}", setup=_say(advice, "host_setup"))
    return Hit(message=message, fix=fix, evidence=tuple(evidence), severity=None if needed else "warning",
               data={"container": kind, "gpu_flags": advice["gpu_flags"]}, explains=_EXPLAINS)


@predicate("YD711")
def driver_capabilities_without_compute(facts: Facts, profile: Any = None) -> Optional[Hit]:
    """YD711: NVIDIA_DRIVER_CAPABILITIES set without 'compute', so libcuda is not mounted."""
    kind = _container(facts)
    caps = facts.nvidia.nvidia_driver_capabilities
    if kind is None or caps is None or not (_has_gpu_nodes(facts) or facts.nvidia.gpus):
        return None
    wanted = {c.strip().lower() for c in caps.split(",") if c.strip()}
    if not wanted or "all" in wanted or "compute" in wanted:
        return None  # empty or unset: the toolkit's default includes compute
    try:
        advice = runtime_advice(kind)
    except KnowledgeError:
        return None
    needed, _ = _gpu_intent(facts, profile)
    missing_smi = "" if "utility" in wanted else tr(" nvidia-smi and NVML are missing too ('utility').")
    return Hit(message=tr("NVIDIA_DRIVER_CAPABILITIES={caps} leaves out 'compute': the NVIDIA runtime does not mount "
                          "libcuda.so into this {kind} container, so CUDA finds no driver although the GPU devices "
                          "are there.{note}", caps=caps, kind=kind, note=missing_smi),
               fix=_say(advice, "caps_fix"), evidence=(f"NVIDIA_DRIVER_CAPABILITIES={caps}", f"container: {kind}"),
               severity=None if needed else "warning", data={"container": kind, "capabilities": sorted(wanted)},
               explains=_EXPLAINS)


def gpu_access_fix(kind: str) -> str:
    """How to start a container of this runtime with GPU access, for the rules that find none."""
    advice = runtime_advice(kind)
    return tr("{flags}\nOr: {alternative}\nOn the host, once: {setup}", flags=_say(advice, "gpu_flags"),
              alternative=_say(advice, "gpu_alternative"), setup=_say(advice, "host_setup"))


def shm_fix(kind: str) -> str:
    """The runtime's own way to enlarge /dev/shm, for the shared-memory rule's fix."""
    return _say(runtime_advice(kind), "shm_fix")

