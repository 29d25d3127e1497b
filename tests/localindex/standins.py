"""Stand-in wheels named like the real ones, with tiny modules that behave like them where
yolodoctor looks: torch.version.cuda, torch.cuda.is_available() / get_arch_list() /
get_device_properties(), torchvision's CUDA check against torch and ops.nms, flash_attn's
version, cv2 needing libGL or not.

The GPUs a CUDA stand-in torch sees come from YOLODOCTOR_STANDIN_GPUS
("NAME=8.6=BYTES;...") - the test presents the machine; a CPU build never sees any.
"""

from __future__ import annotations

import sys
from pathlib import Path
from .wheelfile import build_wheel

PY = f"cp{sys.version_info[0]}{sys.version_info[1]}"
PLATFORM_TAG = f"{PY}-{PY}-linux_x86_64"

TORCH_INIT = '''"""stand-in torch {version}"""
__version__ = "{version}"
from . import version, cuda, backends, _C  # noqa: F401


class _Tensor:
    def __init__(self, data):
        self._data = data

    def tolist(self):
        return list(self._data)


def tensor(data, **kwargs):
    return _Tensor(data)
'''

TORCH_VERSION = '''__version__ = "{version}"
cuda = {cuda!r}
hip = None
git_version = "standin"
'''

TORCH_CUDA = '''import os
from ..version import cuda as _cuda

_ARCH_LIST = {arch_list!r}


class _Props:
    def __init__(self, name, major, minor, total_memory):
        self.name, self.major, self.minor, self.total_memory = name, major, minor, total_memory


def _devices():
    if _cuda is None:
        return []
    out = []
    for item in filter(None, os.environ.get("YOLODOCTOR_STANDIN_GPUS", "").split(";")):
        name, cap, memory = (item.split("=") + ["", "", "0"])[:3]
        major, minor = cap.split(".")
        out.append(_Props(name, int(major), int(minor), int(memory or 0)))
    return out


def is_available():
    return bool(_devices())


def device_count():
    return len(_devices())


def get_arch_list():
    return list(_ARCH_LIST) if is_available() else []


def get_device_properties(index):
    return _devices()[index]


class nccl:
    @staticmethod
    def version():
        return (2, 20, 5)
'''

TORCH_CUDNN = '''from ...version import cuda as _cuda


def version():
    return 90100 if _cuda else None
'''

TORCHVISION_INIT = '''"""stand-in torchvision {version}"""
import torch

__version__ = "{version}"
_TAG = {tag!r}
_torch_tag = torch.__version__.partition("+")[2]
if _TAG.startswith("cu") and _torch_tag.startswith("cu") and _TAG[2:4] != _torch_tag[2:4]:
    raise RuntimeError("Detected that PyTorch and torchvision were compiled with different CUDA major versions. "
                       "PyTorch has CUDA Version=%s and torchvision has CUDA Version=%s."
                       % (_torch_tag[2:], _TAG[2:]))
from . import ops  # noqa: E402,F401
'''

TORCHVISION_OPS = '''import torch


def nms(boxes, scores, iou_threshold):
    return torch.tensor([0])
'''


def torch_wheel(out: Path, version: str, variant: str, arch_list=()) -> Path:
    full = f"{version}+{variant}"
    cuda = None if variant == "cpu" else f"{variant[2:-1]}.{variant[-1]}"
    files = {
        "torch/__init__.py": TORCH_INIT.format(version=full),
        "torch/version.py": TORCH_VERSION.format(version=full, cuda=cuda),
        "torch/cuda/__init__.py": TORCH_CUDA.format(arch_list=list(arch_list) if cuda else []),
        "torch/backends/__init__.py": "from . import cudnn  # noqa: F401\n",
        "torch/backends/cudnn/__init__.py": TORCH_CUDNN,
        "torch/_C/__init__.py": "_GLIBCXX_USE_CXX11_ABI = False\n",
        "torch/distributed/run.py": "def main():\n    print('stand-in torchrun')\n",
    }
    return build_wheel(out, "torch", full, files, tag=PLATFORM_TAG,
                       entry_points="[console_scripts]\ntorchrun = torch.distributed.run:main\n",
                       data_files={"data/share/torch-standin/NOTICE": f"stand-in torch {full}\n"})


def torchvision_wheel(out: Path, version: str, variant: str, torch_version: str) -> Path:
    full = f"{version}+{variant}"
    files = {
        "torchvision/__init__.py": TORCHVISION_INIT.format(version=full, tag=variant),
        "torchvision/ops/__init__.py": TORCHVISION_OPS,
    }
    return build_wheel(out, "torchvision", full, files, tag=PLATFORM_TAG, requires=[f"torch=={torch_version}"])


def flash_attn_wheel(out: Path, version: str, cuda_tag: str, torch_mm: str, abi: str) -> Path:
    files = {"flash_attn/__init__.py": f'__version__ = "{version}"\n'}
    return build_wheel(out, "flash_attn", version, files, tag=PLATFORM_TAG, requires=["torch"],
                       filename_version=f"{version}+{cuda_tag}torch{torch_mm}cxx11abi{abi}")


def simple_wheel(out: Path, name: str, version: str, module: str, body: str = "",
                 requires=(), tag: str = "py3-none-any") -> Path:
    files = {f"{module}/__init__.py": f'__version__ = "{version}"\n{body}'}
    return build_wheel(out, name, version, files, tag=tag, requires=list(requires))


# What the test index holds. Arch lists follow compat/torch.toml [[arch]].
ARCH_12X = ["sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90"]
ARCH_118 = ["sm_37", "sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90"]


def build_index(root: Path) -> dict[str, list[Path]]:
    """Build every stand-in into root/<index>/: 'whl/<variant>' (PyTorch-style), 'simple' (PyPI-style),
    'releases/v<version>' (flash-attn assets). Returns index name -> wheel paths."""
    made: dict[str, list[Path]] = {}

    def add(index: str, path: Path) -> None:
        made.setdefault(index, []).append(path)

    for variant, arch in (("cpu", []), ("cu118", ARCH_118), ("cu121", ARCH_12X), ("cu124", ARCH_12X)):
        folder = root / "whl" / variant
        add(f"whl/{variant}", torch_wheel(folder, "2.4.1", variant, arch))
        add(f"whl/{variant}", torchvision_wheel(folder, "0.19.1", variant, "2.4.1"))
    simple = root / "simple"
    add("simple", simple_wheel(simple, "numpy", "1.26.4", "numpy"))
    add("simple", simple_wheel(simple, "numpy", "2.1.0", "numpy"))
    add("simple", simple_wheel(simple, "opencv-python", "4.10.0.84", "cv2"))
    add("simple", simple_wheel(simple, "opencv-python-headless", "4.10.0.84", "cv2"))
    add("simple", simple_wheel(simple, "ultralytics", "8.2.103", "ultralytics", requires=["numpy>=1.23.0"]))
    add("simple", simple_wheel(simple, "ultralytics", "8.3.78", "ultralytics", requires=["numpy>=1.23.0"]))
    add("simple", simple_wheel(simple, "einops", "0.8.0", "einops"))
    for version in ("2.6.3",):
        folder = root / "releases" / f"v{version}"
        add(f"releases/v{version}", flash_attn_wheel(folder, version, "cu123", "2.4", "FALSE"))
    return made
