"""The environment summaries of OpenMMLab tools and torch's own build description.

- mmcv / mmdet / mmseg `collect_env()` prints its answers as one Python dict
  (`{'sys.platform': 'linux', 'Python': '3.8.10 ...', 'NVCC': 'Cuda compilation
  tools, release 9.1, V9.1.85', 'PyTorch': '1.8.1', 'TorchVision': '0.9.1', ...}`)
  or as `key: value` lines (`PyTorch: 1.8.1`, `TorchVision: 0.9.1+cu102`); the
  nvcc line is read by the nvcc reader.
- `torch.__config__.show()` (which those summaries include) says the CUDA torch
  was built with: `  - CUDA Runtime 10.2`.

Every pattern is anchored or starts with a literal key: linear in the line.
"""

from __future__ import annotations

import re
from typing import Sequence

from .model import Reading
from .values import distribution_observations, torch_observations, version

KIND = "openmmlab_env"
LABEL = "OpenMMLab collect_env / torch build config"
NEEDLES = ("'PyTorch': '", "PyTorch: ", "CUDA Runtime ")
LINE_PATTERN = r"'PyTorch': '\d|^PyTorch: \d|^\s*- CUDA Runtime \d"
_DICT_TORCH = re.compile(r"'PyTorch': '(?P<version>\d+\.\d+(?:\.\d+)?(?:\+[a-z0-9.]+)?)'")
_DICT_TORCHVISION = re.compile(r"'TorchVision': '(?P<version>\d+\.\d+(?:\.\d+)?(?:\+[a-z0-9.]+)?)'")
_LINE_TORCH = re.compile(r"^PyTorch: (?P<version>\d+\.\d+(?:\.\d+)?(?:\+[a-z0-9.]+)?)\s*$")
_RUNTIME = re.compile(r"^\s*- CUDA Runtime (?P<cuda>\d+\.\d+)\s*$")


def parse_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    line = lines[index]
    runtime = _RUNTIME.match(line)
    if runtime:
        reading.add("torch.cuda", version(runtime.group("cuda")), lineno, KIND)
        return reading
    torch = _DICT_TORCH.search(line) or _LINE_TORCH.match(line)
    if torch:
        reading.observations.extend(torch_observations(torch.group("version"), lineno, KIND))
    torchvision = _DICT_TORCHVISION.search(line)
    if torchvision:
        reading.observations.extend(distribution_observations("torchvision", torchvision.group("version"), lineno,
                                                               KIND))
    return reading
