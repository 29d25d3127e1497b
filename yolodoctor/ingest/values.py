"""Reading values out of text: versions (with packaging), sizes, and the facts
that a package's version alone proves (torch's +cu121 tag)."""

from __future__ import annotations

import re
from typing import Optional

from packaging.version import InvalidVersion, Version

from ..facts.model import canonical_name
from .model import Observation

# Facts.packages keys and the distributions that provide them (as the live collector maps them).
PACKAGE_OF_DISTRIBUTION = {
    "torchvision": "torchvision", "torchaudio": "torchaudio", "flash-attn": "flash_attn", "numpy": "numpy",
    "opencv-python": "cv2", "opencv-python-headless": "cv2", "opencv-contrib-python": "cv2",
    "opencv-contrib-python-headless": "cv2", "onnx": "onnx", "onnxruntime": "onnxruntime",
    "onnxruntime-gpu": "onnxruntime", "tensorrt": "tensorrt", "tensorrt-cu11": "tensorrt",
    "tensorrt-cu12": "tensorrt", "tensorrt-cu13": "tensorrt", "ultralytics": "ultralytics",
}
# conda names that differ from the PyPI distribution they stand for.
CONDA_NAMES = {"pytorch": "torch", "py-opencv": "opencv-python", "libopencv": None, "pytorch-cuda": None}

_VERSION_TOKEN = re.compile(r"v?(\d+(?:\.\d+)*(?:[._-]?(?:a|b|rc|alpha|beta|pre|post|dev)\.?\d*)*(?:\+[\w.]+)?)")


def version(text: Optional[str]) -> Optional[str]:
    """`text` when it is a version packaging accepts (kept as written: "535.104.05"), else None."""
    if not text:
        return None
    text = text.strip().strip("'\"`,;()[]")
    if text.startswith(("v", "V")) and text[1:2].isdigit():
        text = text[1:]
    if not text or not text[0].isdigit() or len(text) > 64:
        return None
    try:
        Version(text)
    except InvalidVersion:
        return None
    return text


def first_version(text: str) -> Optional[str]:
    """The first version-looking token in `text`, validated by packaging."""
    for match in _VERSION_TOKEN.finditer(text):
        found = version(match.group(1))
        if found:
            return found
    return None


def major_minor(text: Optional[str]) -> Optional[str]:
    """"12.2.140" -> "12.2"; None when not a version."""
    checked = version(text)
    if checked is None:
        return None
    release = Version(checked).release
    if len(release) < 2:
        return None
    return f"{release[0]}.{release[1]}"


def local_tag(text: str) -> Optional[str]:
    """The local version label: "2.1.0+cu121" -> "cu121"."""
    try:
        return Version(text).local
    except InvalidVersion:
        return None


def cuda_of_tag(tag: Optional[str]) -> Optional[str]:
    """PyTorch wheel tags: cu121 -> "12.1", cu92 -> "9.2", cu100 -> "10.0" (last digit is the minor)."""
    match = re.fullmatch(r"cu(\d{2,3})", tag or "")
    if not match:
        return None
    digits = match.group(1)
    return f"{int(digits[:-1])}.{digits[-1]}"


def rocm_of_tag(tag: Optional[str]) -> Optional[str]:
    match = re.fullmatch(r"rocm(\d+(?:\.\d+)*)", tag or "")
    return match.group(1) if match else None


def torch_observations(text: str, line: int, source: str) -> list[Observation]:
    """What a torch version string proves. With a +cpu/+cuXYZ/+rocmX tag the
    build variant is known, so the torch record is as complete as --fast
    metadata makes it (status ok); without one (conda, PyPI on Linux, source
    builds) CUDA stays unknown and so does the status."""
    checked = version(text)
    if checked is None:
        return []
    out = [Observation("torch.version", checked, line, source)]
    tag = local_tag(checked)
    cuda, rocm = cuda_of_tag(tag), rocm_of_tag(tag)
    if cuda or rocm or tag == "cpu":
        out.append(Observation("torch.status", "ok", line, source))
        out.append(Observation("torch.cuda", cuda, line, source))
        out.append(Observation("torch.hip", rocm, line, source))
    return out


def distribution_observations(name: str, text: Optional[str], line: int, source: str,
                              location: Optional[str] = None, installer: Optional[str] = None) -> list[Observation]:
    """An installed distribution: python.distributions, and Facts.packages / torch for the ones yolodoctor tracks."""
    checked = version(text) if text is not None else None
    canon = canonical_name(name)
    if not canon or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", canon):
        return []
    key = f"python.distributions[{canon}]"
    out = [Observation(f"{key}.name", name, line, source)]
    if checked:
        out.append(Observation(f"{key}.version", checked, line, source))
    if location:
        out.append(Observation(f"{key}.location", location, line, source))
    if installer:
        out.append(Observation(f"{key}.installer", installer, line, source))
    if canon == "torch" and checked:
        out.extend(torch_observations(checked, line, source))
    package = PACKAGE_OF_DISTRIBUTION.get(canon)
    if package and checked:
        out.append(Observation(f"packages.{package}.version", checked, line, source))
        out.append(Observation(f"packages.{package}.distribution", name, line, source))
    return out


_SIZE_UNITS = {"": 1, "b": 1, "k": 1 << 10, "kb": 1000, "kib": 1 << 10, "m": 1 << 20, "mb": 1000 ** 2,
               "mib": 1 << 20, "g": 1 << 30, "gb": 1000 ** 3, "gib": 1 << 30, "t": 1 << 40, "tb": 1000 ** 4,
               "tib": 1 << 40}


def size_bytes(text: str, binary_units: bool = False) -> Optional[int]:
    """"64m" -> 67108864, "8gb" -> 8e9 ("8gb" is 8 GiB when `binary_units`: docker and df mean powers of 2)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text or "")
    if not match:
        return None
    unit = match.group(2).lower()
    if binary_units and unit in ("kb", "mb", "gb", "tb"):
        unit = unit[0]
    factor = _SIZE_UNITS.get(unit)
    if factor is None:
        return None
    return int(float(match.group(1)) * factor)
