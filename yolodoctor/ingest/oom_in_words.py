"""Memory said to run out at a stage of a GPU run, in the reporter's words: "out of memory" during validation.

A bare "out of memory" (or "OOM") that the reporter ties to a stage of the run ("\"out of memory\" occurs after
validation", "OOM during evaluation", "at the start of validation it runs out of memory") names no device. Where the
paste runs on the GPU (code moving tensors there, .cuda(...), cuda:0, device="cuda", a GPU or CUDA named) and says
nothing of the host's memory (RAM, swap, the kernel's kill, DefaultCPUAllocator, MemoryError), it is the GPU's
memory: validation or evaluation that keeps autograd's graph (no torch.no_grad()), larger inputs than in training, or
a batch that only just fits.

Left out: the words without a stage, a paste without a GPU, a paste that names host memory, and any paste whose
messages already give a memory finding (CUDA's own "out of memory" has its signatures).
"""

from __future__ import annotations

import re
from typing import Optional

from ..diagnose.model import Finding
from ..i18n import tr
from .model import LIKELY
from .ranked import Ranked

_STAGE = (r"(?:validation|validating|validate\(\)|evaluation|evaluating|eval|testing|inference|the\s{1,3}test\s{1,3}"
          r"(?:phase|stage)|the\s{1,3}(?:first|second|next)\s{1,3}(?:epoch|iteration|batch|step))")
_WHEN = (r"(?:during|at|in|after|when|while|on|before|for)\s{1,3}(?:the\s{1,3}|each\s{1,3}|every\s{1,3}|its\s{1,3})?"
         r"(?:start\s{1,3}of\s{1,3}(?:the\s{1,3})?)?")
# the words and the stage in one sentence, either order ("OOM" only in capitals: "oom" is too often a word part)
OOM_AT_STAGE = re.compile(
    r"(?:(?i:out\s{1,3}of\s{1,3}memory)|\bOOM\b)[\"'`]?\)?[^\n.;!?]{0,60}?\b(?i:" + _WHEN + _STAGE + r")"
    r"|\b(?i:" + _WHEN + _STAGE + r")\b[^\n.;!?]{0,60}?(?:(?i:out\s{1,3}of\s{1,3}memory)|\bOOM\b)")
# the run is on the GPU
GPU_RUN = re.compile(r"\.cuda\(|(?i:\bcuda:\d)|(?i:device\s{0,2}=\s{0,2}[\"']cuda)|(?i:\.to\(\s{0,2}[\"']cuda)"
                     r"|\bGPU|\bgpu\b|\bCUDA\b|\bcuda\b|nvidia-smi|\bVRAM\b|显存")
# the host's memory is named: the RAM, swap, the kernel's kill, the allocators and errors of host memory
HOST_MEMORY = re.compile(r"(?<![Vv])(?<!GPU )(?<!gpu )(?<!video )\bRAM\b|(?i:\b(?:cpu|host|system|physical|virtual)"
                         r"\s{1,3}memory\b|\bswap\b|\bkilled\b|defaultcpuallocator|\bmemoryerror\b|\bpaging\s{1,3}file)"
                         r"|(?<!显)内存")

MEMORY_CATEGORIES = frozenset({"gpu_oom", "resources_low", "shm_small"})


def oom_at_stage_line(sample: str) -> Optional[int]:
    """The line (1-based) where the paste says memory ran out at a stage of a GPU run; None where it does not, or
    where the paste runs on no GPU or names the host's memory."""
    if "emory" not in sample and "OOM" not in sample and "EMORY" not in sample:
        return None  # most pastes: no scan of the whole sample for a GPU run or host memory
    for number, line in enumerate(sample.split("\n"), start=1):
        if ("emory" in line or "OOM" in line or "EMORY" in line) and OOM_AT_STAGE.search(line):
            return number if GPU_RUN.search(sample) and not HOST_MEMORY.search(sample) else None
    return None


def gpu_oom_at_stage(seen, out: list[Ranked]) -> list[Ranked]:
    """Memory said to run out at a stage of a run on the GPU, with the host's memory never named: the GPU's memory
    (see the module docstring)."""
    if seen.present & MEMORY_CATEGORIES or any(r.finding.category in MEMORY_CATEGORIES for r in out):
        return []
    line = oom_at_stage_line(seen.result.sample)
    if line is None:
        return []
    return [Ranked(Finding(
        id="gpu-oom-at-stage-in-words", category="gpu_oom", severity="error",
        area=seen.areas.get("gpu_oom", "gpu"),
        title=tr("The GPU ran out of memory at a stage of the run, as the reporter says"),
        message=tr("The paste says memory ran out at a stage of the run (line {line}), the run uses the GPU and the "
                   "paste names no host memory: it is the GPU's memory. Validation or evaluation run with autograd "
                   "on (no torch.no_grad()) keeps what only training needs, and larger inputs or a batch that only "
                   "just fits in training run out there.", line=line),
        fix=tr("Run validation and inference under {no_grad} (or {inference}), lower the batch size or the input "
               "size of that stage, and watch {smi} while it runs.", no_grad="with torch.no_grad():",
               inference="torch.inference_mode()", smi="nvidia-smi"),
        evidence=(tr("pasted line {line}: out of memory at a stage of the run", line=line),
                  tr("the run uses the GPU; no host memory is named")),
        certainty=LIKELY, references=("https://pytorch.org/docs/stable/notes/faq.html",),
        data={"lines": [line]}), corroborated=True, explains=True, line=line)]
