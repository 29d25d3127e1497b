"""One entry of triage's ranking: a finding with what the paste says about it, and the key that orders them.

Ranking: what explains an error in the paste first; then certain before likely, a signal's own category before
its alternatives, root causes before symptoms, errors before warnings before notes, deeper layers of the stack
first (diagnose.ranking.CAUSAL_ORDER), earlier in the paste first.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnose.model import SEVERITIES, Finding
from ..diagnose.ranking import CAUSAL_ORDER
from ..i18n import tr
from .model import CERTAIN

# Short, neutral names of the categories, for "also possible" findings.
CATEGORY_DESCRIPTIONS = {
    "torch_missing": "torch is not installed in the Python that ran this",
    "torch_cpu_only": "torch is a CPU-only build",
    "driver_too_old": "the NVIDIA driver is too old for the CUDA in use",
    "driver_mismatch": "the NVIDIA kernel module and driver libraries differ",
    "gpu_not_visible": "no GPU is visible to the process (driver, container or CUDA_VISIBLE_DEVICES)",
    "gpu_arch_unsupported": "the torch build has no kernels for this GPU's architecture",
    "torchvision_mismatch": "torchvision does not match torch",
    "cudnn_problem": "a wrong cuDNN is loaded",
    "cuda_lib_missing": "a CUDA library is missing or shadowed",
    "cuda_home_nvcc": "the CUDA toolkit used for building does not match torch",
    "flash_attn_arch": "flash-attn does not support this GPU",
    "flash_attn_build": "flash-attn is not (completely) installed",
    "flash_attn_abi": "flash-attn was built for another torch",
    "tensorrt_problem": "TensorRT is missing or does not match",
    "numpy_abi": "a compiled package does not match the installed NumPy",
    "opencv_libgl": "OpenCV lacks system libraries",
    "shm_small": "shared memory (/dev/shm) is too small",
    "gpu_oom": "the GPU runs out of memory",
    "network_download": "a download host cannot be reached",
    "pip_index": "the package index in use lacks what pip needs",
    "wrong_interpreter": "a different Python than the one set up is running",
    "nccl_problem": "multi-GPU communication (NCCL) fails",
    "ultralytics_outdated": "Ultralytics is older than the model needs",
    "python_unsupported": "the Python version is not supported by the package",
    "resources_low": "the machine runs out of RAM or disk",
    "other": "a problem outside the known categories",
}
NO_LINE = 1 << 30  # the line of a finding that rests on no line of the paste (a rule's, on its facts)
_CAUSAL = {category: rank for rank, category in enumerate(CAUSAL_ORDER)}
_SEVERITY = {severity: rank for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Ranked:
    finding: Finding
    corroborated: bool
    explains: bool = False  # the context shows where the pasted error came from
    alternative: bool = False
    symptom: bool = False
    line: int = NO_LINE
    # Only Python warnings of the paste say it, while another error the paste raised has its own finding: what
    # stopped the run ranks before what was only warned about.
    warned: bool = False

    def key(self) -> tuple:
        f = self.finding
        # a note (info) is weighed after any warning or error, however certain it is: a likely error the paste's
        # facts prove ranks before a certain note about something that did not fail
        return (not self.corroborated, not self.explains, self.warned, f.severity == "info", f.certainty != CERTAIN,
                self.alternative,
                self.symptom, _SEVERITY.get(f.severity, len(SEVERITIES)), _CAUSAL.get(f.category, len(CAUSAL_ORDER)),
                self.line, f.id)



def describe(category: str) -> str:
    """A category's short description in the report's language (the catalogue has each one)."""
    return tr(CATEGORY_DESCRIPTIONS.get(category, category))
