"""An isolated extension build that reached its CUDA toolkit check: torch was there, the toolkit was not.

pip's isolated build of flash-attn and its neighbours (mamba-ssm, causal-conv1d, xformers, SageAttention) fails
where its setup imports torch, and triage reads that failure as the build environment lacking torch
(triage._isolated_extension_build_first). The same setup asks torch for the CUDA toolkit only after importing it:
"mamba_ssm was requested, but nvcc was not found", torch's "CUDA_HOME environment variable is not set". Where such a
message comes after the isolated build's own lines, the build had torch, and what it lacked was nvcc: the toolkit
finding explains the failure and the isolated-build reading becomes its symptom.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from .model import Signal
from .ranked import Ranked

# Signatures that read the isolated build failing (triage.ISOLATED_EXTENSION_BUILD's members that name no import).
ISOLATED_STEP = frozenset({"flash-attn-isolated-build-step-failed"})
# Messages a build's setup prints only after importing torch: it looked for the toolkit and found none.
TOOLKIT_MISSING = frozenset({"extension-nvcc-not-found", "cuda-home-not-set"})
# How many lines below the isolated build's first line its output may still run (pip's captured output).
BUILD_OUTPUT_LINES = 40


def toolkit_check_after_isolated_build(ranked: list[Ranked], signals: Sequence[Signal]) -> list[Ranked]:
    """The toolkit finding first where the isolated build's own output says torch looked for nvcc."""
    steps = [s.line for s in signals if s.id in ISOLATED_STEP]
    checks = [s.line for s in signals if s.id in TOOLKIT_MISSING]
    if not any(0 < check - step <= BUILD_OUTPUT_LINES for step in steps for check in checks):
        return ranked
    if any(s.id not in ISOLATED_STEP and s.category == "flash_attn_build" and s.origin == "error" and not s.symptom
           for s in signals):
        return ranked  # another message of the build's own says why it failed
    if not any(r.finding.category == "cuda_home_nvcc" and not r.alternative for r in ranked):
        return ranked
    out = []
    for r in ranked:
        ids = set(r.finding.data.get("signals", ()))
        if r.finding.category == "flash_attn_build" and not r.alternative and ids and ids <= ISOLATED_STEP:
            out.append(replace(r, explains=False, symptom=True))
        elif r.finding.category == "cuda_home_nvcc" and not r.alternative and ids & TOOLKIT_MISSING:
            out.append(replace(r, explains=True))
        else:
            out.append(r)
    return out
