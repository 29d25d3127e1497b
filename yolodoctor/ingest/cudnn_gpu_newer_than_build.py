"""A cuDNN failure on a GPU newer than the CUDA the torch was built with: the build has no kernels for the GPU
(gpu_arch_unsupported), and cuDNN is only where that shows first.

An RTX 30 card under a CUDA 10 torch, a Turing card under a CUDA 9 torch, an RTX 50 card under a cu124 build: cuDNN
runs the first kernel, so the paste ends in CUDNN_STATUS_EXECUTION_FAILED, MAPPING_ERROR, NOT_SUPPORTED,
INTERNAL_ERROR or ARCH_MISMATCH. YD205 reads that where the paste states the GPU and torch's CUDA as facts; reports of
this kind often give them less plainly, and this reads them as they come:

- the GPU: the paste's facts (a model, or its compute capability), else its series alone ("RTX cards", "30 series",
  "RTX 40xx", "30系"; compat/gpus.toml [[series]]: the lowest compute capability of the series' cards);
- torch's CUDA: the facts' torch.cuda, else a torch wheel's CUDA tag on a line (torch-0.3.1 from
  download.pytorch.org/whl/cu91/, torch==1.7.1+cu101), else, where only a torch release is named, the newest CUDA
  any build of that release had (compat/torch.toml), which no build of it goes beyond.

The GPU has no kernels in the build where the first CUDA that compiles for its architecture (compat/gpus.toml
first_cuda: its own row's, where it has one) is newer than that CUDA. Refused: a cuDNN failure of another kind
(BAD_PARAM, VERSION_MISMATCH, ALLOC_FAILED, a library that is not found), a paste without both the GPU and torch's
CUDA, a GPU the build's CUDA compiles for, and a paste where gpu_arch_unsupported is already ranked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..diagnose.model import Finding
from ..i18n import tr
from ..knowledge import compat
from ..knowledge import versions as V
from ..knowledge.files import KnowledgeError, load_compat_table
from .model import LIKELY
from .ranked import Ranked

# The cuDNN failures a kernel the build lacks shows up as (not a wrong parameter, a version check or memory).
KERNEL_STATUS = re.compile(r"CUDNN_STATUS_(?:EXECUTION_FAILED|MAPPING_ERROR|NOT_SUPPORTED|INTERNAL_ERROR|"
                           r"ARCH_MISMATCH)|Unable to find a valid cuDNN algorithm")
# torch's refusal when no cuDNN convolution algorithm ran (read as memory first): on such a GPU it is the kernels.
NO_ALGORITHM = "cudnn-no-valid-algorithm"
# A torch wheel's CUDA: "torch-0.3.1-cp36..." under download.pytorch.org/whl/cu91/, or "torch==1.7.1+cu101",
# "torch 1.4.0+cu92", "torch-1.10.0+cu102-cp38...".
WHEEL_DIR = re.compile(r"/whl/cu(?P<cuda>\d{2,3})/torch-\d")
TAGGED = re.compile(r"(?<![\w.-])(?i:py)?torch(?:==|=|-|\s{1,3})v?\d\.\d{1,2}(?:\.\d{1,2})?\+cu(?P<cuda>\d{2,3})(?!\d)")
# "torch 1.4.0", "pytorch=1.4.0", "PyTorch version: 1.5.1", "pytorch 0.4.1"
RELEASE = re.compile(r"(?<![\w.-])(?i:py)?(?i:torch)(?:\s{0,3}(?i:version))?\s{0,3}(?:==|=|:|\s)\s{0,3}v?"
                     r"(?P<version>[01]\.\d{1,2}(?:\.\d{1,2})?|2\.\d{1,2}(?:\.\d{1,2})?)(?![\w.+]|\.\d)")


@lru_cache(maxsize=1)
def _series() -> tuple[tuple[re.Pattern, tuple[int, int], int, bool], ...]:
    """(a word's pattern, the series' lowest compute capability, the word's length, whether the words name any RTX
    card rather than a series) for compat/gpus.toml [[series]]."""
    try:
        entries = load_compat_table("gpus.toml", "series", ("capability", "words"))
    except KnowledgeError:
        return ()
    out = []
    for entry in entries:
        capability = V.capability(entry["capability"])
        for word in entry["words"]:
            body = r"\s{0,2}".join(re.escape(part) for part in word.split())
            out.append((re.compile(r"(?<![A-Za-z0-9])" + f"(?i:{body})" + r"(?![A-Za-z0-9])"), capability,
                        len(word), bool(entry.get("generic", False))))
    return tuple(out)


def series_capability(text: str) -> Optional[tuple[tuple[int, int], str]]:
    """(the lowest compute capability, the words) of the one GPU series the text names without a model; None where
    it names none, or series of different capabilities. The words for any RTX card (generic = true) count only
    where no series is named."""
    named: dict[bool, dict[tuple[int, int], tuple[int, str]]] = {True: {}, False: {}}
    for pattern, capability, length, generic in _series():
        match = pattern.search(text)
        if match and length > named[generic].get(capability, (0, ""))[0]:
            named[generic][capability] = (length, match.group(0))
    found = named[False] or named[True]
    if len(found) != 1:
        return None
    (capability, (_, words)), = found.items()
    return capability, words


def fact_capabilities(facts) -> list[tuple[tuple[int, int], str]]:
    """(compute capability, name) of each GPU in the facts whose capability is stated or known from its name."""
    found = []
    for gpu in [*facts.nvidia.gpus, *facts.torch.devices]:
        text = getattr(gpu, "compute_capability", None) or getattr(gpu, "capability", None)
        capability = None
        if text:
            try:
                capability = V.capability(text)
            except ValueError:
                capability = None
        if capability is None and gpu.name:
            capability = compat.capability_from_name(gpu.name)
        if capability is not None:
            found.append((capability, gpu.name or V.sm_name(capability)))
    return found


def torch_cuda(facts, text: str) -> Optional[tuple[str, str]]:
    """(torch's CUDA, where it was read) or None: the facts', a wheel's tag, or the newest CUDA of the named release."""
    if facts.torch.cuda:
        return facts.torch.cuda, tr("torch's CUDA {cuda}", cuda=facts.torch.cuda)
    tags = {V.variant_cuda("cu" + m.group("cuda")) for m in (*WHEEL_DIR.finditer(text), *TAGGED.finditer(text))}
    if len(tags) == 1:
        (cuda,) = tags
        return cuda, tr("the torch wheel for CUDA {cuda}", cuda=cuda)
    if tags:
        return None
    version = facts.torch.version
    if not version:
        releases = {m.group("version") for m in RELEASE.finditer(text)}
        version = releases.pop() if len(releases) == 1 else None
    if not version:
        return None
    if version.count(".") == 1:
        version += ".0"  # "pytorch 1.2": the release's first build
    release = compat.torch_release(version)
    variants = release.cuda_variants if release else compat.early_release_cuda_variants(version)
    cudas = [V.variant_cuda(v) for v in variants or () if V.is_cuda_variant(v)]
    if not cudas:
        return None
    newest = max(cudas, key=V.numeric)
    return newest, tr("torch {version}, whose newest build is for CUDA {cuda}", version=version, cuda=newest)


def first_cuda_for(capability: tuple[int, int]) -> Optional[str]:
    """The first CUDA that compiles for the GPU's own architecture (compat/gpus.toml first_cuda), else for the
    nearest earlier one of the same major. Its own, not the major's earliest: cuDNN's kernels for an architecture
    come with the cuDNN of the CUDA that first supports it (the cuDNN 7 of a CUDA 9 torch predates Turing, though
    an sm_70 cubin would run there), and cuDNN is what failed."""
    rows = [a for a in compat.gpu_archs()
            if a.first_cuda and a.capability[0] == capability[0] and a.capability <= capability]
    return max(rows, key=lambda a: a.capability).first_cuda if rows else None


def cudnn_failure_on_newer_gpu(seen, out: list[Ranked]) -> list[Ranked]:
    """A cuDNN kernel failure, a GPU whose architecture only a newer CUDA compiles for, and a torch built with an
    older CUDA: the build has no kernels for the GPU."""
    if any(r.finding.category == "gpu_arch_unsupported" and not r.alternative for r in [*seen.ranked, *out]):
        return []  # already read (YD205 on the facts, torch's own warning): an alternative of the cuDNN error is not
    failed = [r for r in seen.ranked if r.finding.severity == "error"
              and (r.finding.category == "cudnn_problem" or r.finding.id == NO_ALGORITHM)]
    text = seen.result.sample
    status = KERNEL_STATUS.search(text)
    if not failed or status is None:
        return []
    gpus = fact_capabilities(seen.facts)
    if not gpus:
        named = series_capability(text)
        gpus = [named] if named else []
    built = torch_cuda(seen.facts, text)
    if not gpus or built is None:
        return []
    cuda, how = built
    late = []
    for capability, name in gpus:
        first = first_cuda_for(capability)
        if first and not V.at_least(cuda, first):
            late.append((capability, name, first))
    if not late:
        return []
    capability, name, first = max(late, key=lambda g: V.numeric(g[2]))
    line = failed[0].line
    return [Ranked(Finding(
        id="cudnn-failure-gpu-newer-than-build", category="gpu_arch_unsupported", severity="error",
        area=seen.areas.get("gpu_arch_unsupported", "torch"),
        title=tr("{status} on a GPU newer than the CUDA this torch was built with", status=status.group(0)),
        message=tr("cuDNN failed (line {line}) on {gpu} ({sm}), whose kernels only CUDA {first} or newer compiles, "
                   "and the paste's torch is built with CUDA {cuda}: the build has no kernels for this GPU, and "
                   "cuDNN is only where that shows first.", line=line, gpu=name, sm=V.sm_name(capability),
                   first=first, cuda=cuda),
        fix=tr("Install a torch built with CUDA {first} or newer for this GPU (the selector on pytorch.org names "
               "the command); disabling cuDNN only moves the failure to the next kernel.", first=first),
        evidence=(tr("pasted line {line}: {status}", line=line, status=status.group(0)),
                  tr("{gpu}: compute capability {cap} or newer, first compiled by CUDA {first} (compat/gpus.toml)",
                     gpu=name, cap=V.capability_text(capability), first=first), how),
        certainty=LIKELY, references=("https://pytorch.org/get-started/previous-versions/",),
        data={"lines": [line], "torch_cuda": cuda, "first_cuda": first,
              "capability": V.capability_text(capability)}),
        corroborated=True, explains=True, line=line)]
