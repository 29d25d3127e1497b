"""The paste says in words that the installed torch does not support the GPU, and the GPU is one the newest torch
builds carry no kernels for.

Launchers and installers (InvokeAI, StabilityMatrix, ComfyUI's) install the newest default torch, whose CUDA builds
start at a compute capability that leaves out older cards (the cu128 and newer builds start at 7.5: no Pascal, no
Maxwell). Reporters often say so without pasting torch's warning: "I get an error that my GPU doesn't support the
latest compute capabilities (it only supports 61)" beside "nvidia gtx 1060 6gb", "it installed versions of torch and
torchvision that did not support the old CUDA version of this specific card" about a GTX 980 Ti. Both together read
as the torch build lacking the GPU's architecture (gpu_arch_unsupported):

- the words: on one line, support denied ("doesn't support", "did not support", "is not supported", "no longer
  supports") of the GPU or its compute capability ("my GPU", "this card", "compute capabilities"), with torch or a
  compute capability named on that line;
- the GPU: the paste's facts (a model, or its stated capability), else a model named in words ("GTX 980TI", "Tesla
  P100"), whose compute capability (compat/gpus.toml) none of the newest torch builds run on (compat/torch.toml
  [[arch]]: the builds of the newest release line still published).

Refused: such words on a line that names an extension (flash-attn, xFormers, Triton, TensorRT, ...: the extension's
kernels lack the GPU, flash_attn_arch), a precision (bf16, fp8: a GPU feature, not the build) or the driver; a GPU
the newest builds run on (an RTX 2060, an RTX 4090); words without a GPU the paste names; and a paste where the
GPU's architecture is already read (torch's own warning)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..diagnose.model import Finding
from ..i18n import tr
from ..knowledge import compat
from ..knowledge import versions as V
from .cudnn_gpu_newer_than_build import fact_capabilities
from .model import LIKELY
from .ranked import Ranked

# Support denied: "doesn't support", "does not support", "didn't support", "did not support", "don't support",
# "no longer supports", "is not supported", "isn't supported", "not supported".
_DENIED = re.compile(r"(?<![\w'])(?:(?:does|do|did)(?:n'?t|\s{1,2}not)\s{1,2}support(?:s|ed)?|no\s{1,2}longer\s{1,2}"
                     r"supports?|(?:is|are|was|were)(?:n'?t|\s{1,2}not)\s{1,2}supported|not\s{1,2}supported)(?![\w'])")
# What is not supported: the GPU or its compute capability.
_GPU_SAID = re.compile(r"compute\s{1,2}capabilit|cuda\s{1,2}capabilit|(?<![\w-])(?:this|my|the|our|old|older|that)"
                       r"\s{1,2}(?:[\w-]{1,12}\s{1,2}){0,2}?(?:gpu|card|graphics\s{1,2}card|video\s{1,2}card)s?(?![\w-])")
# The framework the words are about: torch itself, or a compute capability (CUDA's own word).
_TORCH_SAID = re.compile(r"(?<![\w-])(?:py)?torch(?![\w-])|compute\s{1,2}capabilit|cuda\s{1,2}capabilit")
# Lines about something other than torch's build: an extension's kernels, a precision the GPU lacks, the driver.
_OTHER = re.compile(r"flash.?attn|flash.?attention|xformers|triton|tensorrt|mamba|causal.?conv1d|sageattention|"
                    r"deepspeed|bitsandbytes|vllm|apex|onnxruntime|bf16|bfloat16|fp8|float8|int8|driver")
# A GPU model named in words: "GTX 980TI", "gtx 1060", "RTX 2060 Super", "Tesla P100", "Quadro M4000".
_MODEL = re.compile(r"(?<![\w-])(?P<line>gtx|rtx|gt)\s{0,2}-?\s{0,2}(?P<number>\d{3,4})\s{0,2}(?P<suffix>ti|super)?"
                    r"(?![\w-])|(?<![\w-])(?P<pro>tesla|quadro)\s{1,2}(?P<model>[kmpv]\d{1,4}[a-z]?)(?![\w-])")


@lru_cache(maxsize=1)
def _newest_builds() -> tuple:
    """The torch CUDA builds of the newest release line still published (compat/torch.toml [[arch]], torch_max
    unset, the highest torch_min)."""
    current = [e for e in compat.arch_entries() if e.torch_max is None]
    if not current:
        return ()
    newest = max(V.pep440(e.torch_min) for e in current)
    return tuple(e for e in current if V.pep440(e.torch_min) == newest)


def _words_model(match: re.Match) -> str:
    """A model as written ("gtx 980ti") in the form compat/gpus.toml names it ("GeForce GTX 980 Ti")."""
    if match.group("pro"):
        return f"{match.group('pro').title()} {match.group('model').upper()}"
    suffix = {"ti": " Ti", "super": " SUPER"}.get((match.group("suffix") or "").lower(), "")
    return f"GeForce {match.group('line').upper()} {match.group('number')}{suffix}"


def _gpu(seen, text: str) -> Optional[tuple[tuple[int, int], str]]:
    """(compute capability, name) of the GPU the paste names: its facts first, else a model in its words."""
    known = fact_capabilities(seen.facts)
    if known:
        return known[0]
    for match in _MODEL.finditer(text):
        name = _words_model(match)
        capability = compat.capability_from_name(name)
        if capability is not None:
            return capability, name
    return None


def gpu_unsupported_said(seen, out: list[Ranked]) -> list[Ranked]:
    """The paste says torch does not support the GPU, and the newest torch builds lack the GPU it names (see the
    module docstring)."""
    if {"gpu_arch_unsupported", "flash_attn_arch"} & seen.present \
            or any(r.finding.category in ("gpu_arch_unsupported", "flash_attn_arch") for r in out):
        return []
    text = seen.result.sample
    said = None
    for number, line in enumerate(text.lower().splitlines(), 1):
        if "support" not in line or not _DENIED.search(line):
            continue
        if _GPU_SAID.search(line) and _TORCH_SAID.search(line) and not _OTHER.search(line):
            said = number
            break
    if said is None:
        return []
    gpu = _gpu(seen, text.lower())
    builds = _newest_builds()
    if gpu is None or not builds:
        return []
    capability, name = gpu
    if any(build.runs_on(capability) for build in builds):
        return []
    floor = min((V.capability(sm[3:-1] + "." + sm[-1]) for build in builds for sm in build.arch_list
                 if re.fullmatch(r"sm_\d{2,3}", sm)), default=None)
    cc = f"{capability[0]}.{capability[1]}"
    lowest = f"{floor[0]}.{floor[1]}" if floor else "?"
    return [Ranked(Finding(
        id="gpu-unsupported-said", category="gpu_arch_unsupported", severity="error",
        area=seen.areas.get("gpu_arch_unsupported", "torch"),
        title=tr("The installed torch has no kernels for this GPU: the paste says torch does not support it, and the "
                 "newest torch builds start above its compute capability"),
        message=tr("The paste says the installed torch does not support the GPU (line {line}); the {gpu} has compute "
                   "capability {cc}, and the newest torch CUDA builds start at {lowest}, so an installer that takes the "
                   "default torch puts in a build without its architecture.", line=said, gpu=name, cc=cc,
                   lowest=lowest),
        fix=tr("Install a torch build that still carries the GPU's architecture (for Pascal and Maxwell cards a cu126 "
               "or older build), e.g. {command}, and keep the launcher from replacing it.",
               command="pip install torch torchvision --index-url https://download.pytorch.org/whl/cu126"),
        evidence=(tr("pasted line {line}: torch is said not to support the GPU", line=said),
                  tr("{gpu}: compute capability {cc}", gpu=name, cc=cc)),
        certainty=LIKELY, references=("https://github.com/LykosAI/StabilityMatrix/issues/1268",),
        data={"lines": [said], "capability": cc}), corroborated=True, explains=True, line=said)]
