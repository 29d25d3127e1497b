"""onnxruntime-gpu naming the cuDNN major its build requires, beside a cuDNN of another major that the paste states.

From 1.19 onnxruntime's warning, when its CUDA provider cannot be created, names what its build needs: "Failed to
create CUDAExecutionProvider. Require cuDNN 9.* and CUDA 12.*". Where the paste states one cuDNN major that is not
the one named ("cuDNN 8.9", "CUDNN Version: 8.0", pip's nvidia-cudnn-cu12 8.9.2.26), the cuDNN is the cause, not a
missing CUDA library: the onnxruntime build in use is one for another cuDNN.

Left out: a paste that names its onnxruntime release (onnxruntime_cudnn reads the build's cuDNN from compat/cudnn.toml
there), warnings that name two different cuDNN majors, a paste that states two cuDNN majors or the one required, and
the required majors alone (what onnxruntime wants is not what is installed).
"""

from __future__ import annotations

import re
from typing import Optional

from ..i18n import tr
from .onnxruntime_cudnn import cudnn_mismatch, ort_build_cudnn, provider_failure_line, stated_cudnn_majors
from .ranked import Ranked

REQUIRED_CUDNN = re.compile(r"(?i)failed\s{1,4}to\s{1,4}create\s{1,4}cudaexecutionprovider\.\s{0,4}require\s{1,4}"
                            r"cudnn\s{1,4}(?P<cudnn>\d{1,2})\.\*\s{1,4}and\s{1,4}cuda\s{1,4}(?P<cuda>\d{1,2})\.\*")


def required_cudnn_major(text: str) -> Optional[int]:
    """The cuDNN major onnxruntime's warnings name as required; None where none, or two that differ."""
    majors = {int(m.group("cudnn")) for m in REQUIRED_CUDNN.finditer(text)}
    return majors.pop() if len(majors) == 1 else None


def onnxruntime_requires_other_cudnn(seen, out: list[Ranked]) -> list[Ranked]:
    """onnxruntime-gpu could not create its CUDA provider and names the cuDNN major it requires, and the paste states
    a single cuDNN of another major: the cuDNN is the cause."""
    line = provider_failure_line(seen)
    if line is None:
        return []
    text = seen.result.sample
    needed = required_cudnn_major(text)
    if needed is None or ort_build_cudnn(text) is not None:
        return []
    stated = stated_cudnn_majors(text)
    if len(stated) != 1:
        return []
    (have,) = stated
    if have == needed:
        return []
    return [cudnn_mismatch(
        seen, "onnxruntime-requires-other-cudnn", line, needed, have,
        title=tr("onnxruntime-gpu requires cuDNN {needed}, and the paste has cuDNN {have}", needed=needed, have=have),
        message=tr("onnxruntime-gpu could not create its CUDA provider and names cuDNN {needed} as required (line "
                   "{line}); the cuDNN the paste states is {have}.", line=line, needed=needed, have=have),
        needed_evidence=tr("onnxruntime-gpu: Require cuDNN {needed}.*", needed=needed))]
