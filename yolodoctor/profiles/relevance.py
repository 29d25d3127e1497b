"""Which findings count toward the exit code for a chosen profile.

Everything is still reported; a finding about something the workload does not use (flash-attn for
YOLOv8, TensorRT for training, the network when weights are not downloaded) just does not decide
whether the job may start. docs/profiles.md states these rules.
"""

from __future__ import annotations

import re
from typing import Optional

from ..diagnose.model import Finding
from ..facts.model import Facts
from .machine import capability_tuple, gpus, usable_gpu_count
from .model import Profile

_PROFILE_RULE = re.compile(r"^YD10[0-9]{2}$")  # YD10xx: the profile's own requirements always count
_GPU_PRESENCE = ("gpu_not_visible", "torch_cpu_only")


def not_counted_reason(finding: Finding, profile: Optional[Profile], facts: Facts,
                       offline: bool = False) -> Optional[str]:
    """None when `finding` counts for the profile, else why it does not (one short clause)."""
    if profile is None or _PROFILE_RULE.match(finding.id):
        return None
    if finding.area == "flash_attn" and profile.flash_attn == "no":
        return f"{profile.name} does not use flash-attn"
    if finding.area == "flash_attn" and profile.flash_attn == "recommended" and not _flash_attn_can_run(profile, facts):
        return f"{profile.name} runs without flash-attn on this machine (see YD1008)"
    if finding.area == "tensorrt" and profile.tensorrt == "no":
        return f"{profile.name} does not use TensorRT"
    if finding.area == "network":
        if offline:
            return "the policy runs offline"
        if not profile.network_weights:
            return f"{profile.name} downloads no weights"
    if finding.category in _GPU_PRESENCE and not profile.requires_gpu and not _gpu_hardware(facts):
        return f"{profile.name} runs on the CPU and this machine has no NVIDIA GPU"
    return None


def _flash_attn_can_run(profile: Profile, facts: Facts) -> bool:
    """Whether some GPU here meets the profile's flash-attn minimum (unknown capabilities count as yes)."""
    floor = profile.flash_attn_min_capability
    listed = gpus(facts)
    if not listed:
        return usable_gpu_count(facts) != 0
    return any(capability_tuple(g.capability) is None or floor is None or capability_tuple(g.capability) >= floor
               for g in listed)


def _gpu_hardware(facts: Facts) -> bool:
    nv = facts.nvidia
    return bool(nv.gpus) or bool(nv.kernel_module_loaded) or any(
        node.rstrip("0123456789") == "/dev/nvidia" for node in nv.device_nodes)
