"""CUDA_VISIBLE_DEVICES set to a word, with torch seeing no GPU, where the paste shows no GPU list.

CUDA reads CUDA_VISIBLE_DEVICES as a list of GPU indices or UUIDs ("0,1", "GPU-8932f937-..."), up to the first entry
it cannot read: a first entry that is neither hides every GPU from the process. Words end up there in practice: a
launcher's placeholder that the launcher itself resolves later (Jina's "RR"), the container runtime's value copied
into CUDA's variable ("all", "none"), a name ("gpu0"). Where the paste shows the GPUs (nvidia-smi), the rules read it
already (YD106); this reads the same where the GPUs are not shown, when the paste also says that torch sees no GPU:
torch.cuda.is_available() is False, words saying torch cannot use CUDA, or "torch.cuda.is_available() == false"
written in prose (lower-case "false" is not Python's literal, so code comparing with False is not read).

An index ("0", "2,3"), a UUID, NVIDIA_VISIBLE_DEVICES (the container runtime's own variable, where "all" is right),
a paste where torch uses the GPU or says nothing about it, or another cause already ranked leave it unread."""

from __future__ import annotations

import re
from typing import Optional

from ..diagnose.model import Finding
from ..i18n import tr
from .model import LIKELY
from .ranked import Ranked

# The findings that read torch's False as "nothing else shown" (a CPU-only torch most likely): the variable is what
# else the paste shows, so they do not stand in its way.
_FALLBACKS = ("cuda-unavailable-unexplained", "cuda-unavailable-driver-fits")
# "torch.cuda.is_available() == false" as people write it: lower-case false is prose, Python's literal is False.
_EQUALS_FALSE_SAID = re.compile(r"is_available\(\)[ \t]{0,2}==[ \t]{0,2}false\b")


def _word_entry(value: str) -> Optional[str]:
    """The first entry of CUDA_VISIBLE_DEVICES when it is a word CUDA cannot read as a GPU; None otherwise."""
    first = value.split(",")[0].strip()
    if not first or first.lstrip("-").isdigit() or first.upper().startswith(("GPU-", "MIG-")):
        return None  # empty, an index (a negative one is YD106's), or a UUID
    return first if re.fullmatch(r"[A-Za-z][\w-]{0,39}", first) else None


def visible_devices_word(seen, out: list[Ranked]) -> list[Ranked]:
    """CUDA_VISIBLE_DEVICES starts with a word (not an index or UUID), the GPUs are not shown, and torch sees no GPU:
    the variable hides every GPU from the process (gpu_not_visible)."""
    facts, context = seen.facts, seen.context
    value = facts.nvidia.cuda_visible_devices
    if value is None or facts.nvidia.gpus or facts.torch.cuda_available is True or "gpu_not_visible" in seen.present \
            or any(not r.finding.id.startswith(_FALLBACKS) for r in out):
        return []
    word = _word_entry(value)
    if word is None:
        return []
    text = seen.result.sample  # the paste's start (20,000 characters), as the other readers of its lines
    said = None
    if facts.torch.cuda_available is not False and context.cuda_unusable is None:
        for number, line in enumerate(text.splitlines(), 1):
            if _EQUALS_FALSE_SAID.search(line):
                said = number
                break
        if said is None:
            return []
    line = next((at for path, _value, at, _how in seen.result.stated if path == "nvidia.cuda_visible_devices"), None)
    unusable = said if said is not None else context.cuda_unusable
    evidence = [tr("CUDA_VISIBLE_DEVICES={value}", value=repr(value))]
    if unusable is not None:
        evidence.append(tr("pasted line {line}: torch sees no GPU", line=unusable))
    else:
        evidence.append(tr("{call} is False", call="torch.cuda.is_available()"))
    return [Ranked(Finding(
        id="cuda-visible-devices-word", category="gpu_not_visible", severity="warning",
        area=seen.areas.get("gpu_not_visible", "system"),
        title=tr("CUDA_VISIBLE_DEVICES={value} names no GPU, so CUDA programs see none", value=repr(value)),
        message=tr("CUDA reads CUDA_VISIBLE_DEVICES as GPU indices or UUIDs up to the first entry it cannot read; "
                   "{word} is neither, so the variable hides every GPU from this process and torch finds none.",
                   word=repr(word)),
        fix=tr("Set it to the GPUs to use ({example}) or unset it ({unset}) before the program starts; a placeholder "
               "that a launcher resolves (such as Jina's RR) must not reach code that uses torch before the launcher "
               "sets the real value.", example="CUDA_VISIBLE_DEVICES=0", unset="unset CUDA_VISIBLE_DEVICES"),
        evidence=tuple(evidence), certainty=LIKELY,
        references=("https://docs.nvidia.com/cuda/cuda-c-programming-guide/index.html#env-vars",),
        data={"cuda_visible_devices": value, "lines": [at for at in (line, unusable) if at is not None]}),
        corroborated=False, explains=True, line=line if line is not None else (unusable or 1))]
