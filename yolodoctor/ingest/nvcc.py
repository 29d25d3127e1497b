"""`nvcc --version` / `nvcc -V`: the CUDA toolkit on PATH (what extensions like
flash-attn and torch's cpp_extension compile with)."""

from __future__ import annotations

import re
from typing import Sequence

from .model import Reading
from .values import major_minor

KIND = "nvcc"
LABEL = "nvcc --version"
NEEDLES = ("Cuda compilation tools", "nvcc: NVIDIA")
LINE_PATTERN = r"Cuda compilation tools, release|nvcc: NVIDIA \(R\) Cuda compiler"
_RELEASE = re.compile(r"Cuda compilation tools, release (?P<release>\d+\.\d+), V(?P<full>[\d.]+)")


def parse_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    match = _RELEASE.search(lines[index])
    if match:
        found = major_minor(match.group("release"))
        reading.add("cuda.nvcc_version", found, lineno, KIND)
        reading.add("cuda.nvcc.status", "ok", lineno, KIND)
    return reading
