"""A slow download complained of while pip fetches a +cpu torch: the download is the problem, not the build.

A report that says the torch download is slow ("这个Torch下载的好慢啊", package-index-slow-in-words-zh) often pastes
pip's own lines of that download: "Collecting torch==1.7.0+cpu", "Downloading .../torch-1.7.0%2Bcpu-...whl", and the
progress bar at a few KB/s. The +cpu build those lines name is what the reporter asked pip for, not a torch that was
found unable to use the GPU: as long as nothing in the paste shows the GPU unused (torch.cuda.is_available() False,
words saying CUDA does not work, a GPU error), the statement of the CPU build explains nothing, and the slow index
does. The finding here ranks the index first; the CPU build stays among the findings.
"""

from __future__ import annotations

from ..diagnose.model import Finding
from ..i18n import tr
from .model import LIKELY
from .ranked import Ranked

_SLOW = "package-index-slow-in-words-zh"
# Categories whose error would mean the GPU did fail: then the CPU build may well be the cause.
_GPU_FAILED = frozenset({"torch_cpu_only", "driver_too_old", "driver_mismatch", "gpu_not_visible",
                         "gpu_arch_unsupported", "torch_missing", "wrong_interpreter", "cuda_lib_missing"})


def slow_download_not_cpu_build(seen, out: list[Ranked]) -> list[Ranked]:
    """The download was said slow and the +cpu torch is only what pip is fetching."""
    facts, context = seen.facts, seen.context
    slow = next((r for r in seen.ranked if r.finding.id == _SLOW and not r.alternative), None)
    if slow is None or not any(r.finding.category == "torch_cpu_only" for r in seen.ranked):
        return []
    if any(r.finding.category == "torch_cpu_only" and not r.symptom for r in seen.ranked):
        return []  # the CPU build was shown failing, not only named
    if facts.torch.cuda_available is False or context.cuda_unusable is not None or seen.failing & _GPU_FAILED:
        return []
    if any(r.finding.category == "pip_index" and r.explains for r in out):
        return []
    f = slow.finding
    return [Ranked(Finding(
        id="slow-download-not-cpu-build", category="pip_index", severity="error",
        area=seen.areas.get("pip_index", "packages"),
        title=tr("The download of torch is what the paste complains of: the index serves it very slowly (the +cpu "
                 "build named is only what pip is fetching)"),
        message=tr("Nothing in the paste shows torch failing to use the GPU; the +cpu build appears in pip's own "
                   "lines of the slow download."),
        fix=f.fix, evidence=f.evidence, certainty=LIKELY, references=f.references,
        data=dict(f.data)), corroborated=True, explains=True, line=slow.line)]
