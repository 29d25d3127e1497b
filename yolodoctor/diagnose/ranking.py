"""Ordering findings: the most likely root cause first.

Errors before warnings before notes; certain before likely; then by how deep
in the stack the cause sits (an interpreter or driver problem explains more
than a package problem above it); then by rule id, so the order is stable.
"""

from __future__ import annotations

from .model import SEVERITIES, Finding

# Root-cause layers, deepest first. Every category of model.CATEGORIES appears once (a test keeps it so).
CAUSAL_ORDER = (
    "wrong_interpreter", "python_unsupported", "driver_mismatch", "gpu_not_visible", "driver_too_old",
    "torch_missing", "torch_cpu_only", "gpu_arch_unsupported", "cuda_lib_missing", "cudnn_problem",
    "torchvision_mismatch", "numpy_abi", "cuda_home_nvcc", "flash_attn_abi", "flash_attn_arch", "flash_attn_build",
    "tensorrt_problem", "opencv_libgl", "ultralytics_outdated", "pip_index", "shm_small", "nccl_problem",
    "resources_low", "gpu_oom", "network_download", "other",
)
_CAUSAL = {category: rank for rank, category in enumerate(CAUSAL_ORDER)}
_SEVERITY = {severity: rank for rank, severity in enumerate(SEVERITIES)}  # error, warning, info
_CERTAINTY = {"certain": 0, "likely": 1}


def rank_key(finding: Finding) -> tuple[int, int, int, str]:
    return (_SEVERITY.get(finding.severity, len(SEVERITIES)), _CERTAINTY.get(finding.certainty, 2),
            _CAUSAL.get(finding.category, len(CAUSAL_ORDER)), finding.id)


def worst_severity(severities: list[str]) -> str:
    return min(severities, key=lambda s: _SEVERITY.get(s, len(SEVERITIES)))
