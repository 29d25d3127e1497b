"""cuDNN (compat/cudnn.toml) and TensorRT (compat/tensorrt.toml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from . import versions as V
from .files import KnowledgeError
from .tables import CompatSource, default_source, entry_label, field, is_verified, text, text_list

CUDNN_FILE = "cudnn.toml"
TENSORRT_FILE = "tensorrt.toml"


# ------------------------------------------------------------------ cuDNN ---

@dataclass(frozen=True)
class CudnnRelease:
    version: str  # "9.11" (major.minor)
    min_capability: tuple[int, int]
    cuda_majors: tuple[int, ...]
    verified: bool = True
    note: str = ""


@dataclass(frozen=True)
class CudnnBundled:
    """The cuDNN one torch minor range ships for one CUDA variant."""

    torch: str  # "2.8-2.14"
    variant: str  # "cu126" or "all CUDA variants"
    cudnn: str
    verified: bool = True
    note: str = ""

    def applies(self, torch_version: str, variant: str) -> bool:
        return (self.variant == variant or self.variant.startswith("all")) and \
            V.in_minor_range(V.base_release(torch_version), self.torch)


def cudnn_releases(src: Optional[CompatSource] = None) -> tuple[CudnnRelease, ...]:
    src = src or default_source()

    def build() -> tuple[CudnnRelease, ...]:
        where = f"{src.label}/{CUDNN_FILE}: [[release]]"
        rows = []
        for i, e in enumerate(src.table(CUDNN_FILE, "release", ("version", "min_compute_capability"))):
            version = field(where, e, i, "version", text)
            field(where, e, i, "version", V.major_minor)
            cap = field(where, e, i, "min_compute_capability", V.capability)
            majors = tuple(e.get("cuda_majors", ()))
            if not all(isinstance(m, int) for m in majors):
                raise KnowledgeError(f"{where} entry {entry_label(e, i)}: cuda_majors must be integers")
            rows.append(CudnnRelease(version, cap, majors, is_verified(where, e, i), e.get("note", "")))
        return tuple(sorted(rows, key=lambda r: V.major_minor(r.version)))

    return src.memo("cudnn.release", build)


def cudnn_release(version: str, src: Optional[CompatSource] = None) -> Optional[CudnnRelease]:
    """The row for an installed cuDNN ("9.24.0"): the same major.minor, else the nearest older
    minor of the same major (its support floor carries over). None when nothing older is known."""
    wanted = V.major_minor(version)
    best = None
    for row in cudnn_releases(src):
        mm = V.major_minor(row.version)
        if mm[0] == wanted[0] and mm <= wanted:
            best = row
    return best


def first_cudnn_dropping(capability: tuple[int, int], src: Optional[CompatSource] = None) -> Optional[CudnnRelease]:
    """The first cuDNN release whose floor is above `capability` (SM 7.0 -> 9.11)."""
    for row in cudnn_releases(src):
        if capability < row.min_capability:
            return row
    return None


def cudnn_bundled_rows(src: Optional[CompatSource] = None) -> tuple[CudnnBundled, ...]:
    src = src or default_source()

    def build() -> tuple[CudnnBundled, ...]:
        where = f"{src.label}/{CUDNN_FILE}: [[torch_bundled]]"
        rows = []
        for i, e in enumerate(src.table(CUDNN_FILE, "torch_bundled", ("torch", "variant", "cudnn"))):
            torch = field(where, e, i, "torch", text)
            field(where, e, i, "torch", lambda r: V.in_minor_range("0.0", r))
            rows.append(CudnnBundled(torch, field(where, e, i, "variant", text), field(where, e, i, "cudnn", text),
                                     is_verified(where, e, i), e.get("note", "")))
        return tuple(rows)

    return src.memo("cudnn.torch_bundled", build)


def cudnn_bundled(torch_version: str, variant: str, src: Optional[CompatSource] = None) -> Optional[str]:
    """The cuDNN shipped with torch `torch_version` built for `variant`: the default PyPI wheel's
    pin (compat/torch.toml) wins, then the RELEASE.md table (compat/cudnn.toml)."""
    from .compat_torch import torch_release

    release = torch_release(torch_version, src)
    if release is not None and release.cudnn and release.pypi_default_cuda == variant:
        return release.cudnn
    specific = [r for r in cudnn_bundled_rows(src) if r.variant == variant and r.applies(torch_version, variant)]
    general = [r for r in cudnn_bundled_rows(src) if r.applies(torch_version, variant)]
    for row in specific + general:
        return row.cudnn
    return None


# --------------------------------------------------------------- TensorRT ---

@dataclass(frozen=True)
class TensorrtRelease:
    version: str  # the row's label: "10.13", "10.1-10.4"
    low: tuple[int, int]
    high: tuple[int, int]
    latest_patch: Optional[str]
    cuda_majors: tuple[int, ...]
    pip_packages: tuple[str, ...]
    min_capability: Optional[tuple[int, int]]
    python: Optional[str]
    engine_major: Optional[str]
    verified: bool = True
    note: str = ""

    def contains(self, version: str) -> bool:
        return self.low <= V.major_minor(V.base_release(version)) <= self.high


def tensorrt_releases(src: Optional[CompatSource] = None) -> tuple[TensorrtRelease, ...]:
    src = src or default_source()

    def build() -> tuple[TensorrtRelease, ...]:
        where = f"{src.label}/{TENSORRT_FILE}: [[release]]"
        rows = []
        for i, e in enumerate(src.table(TENSORRT_FILE, "release", ("version",))):
            label = field(where, e, i, "version", text)
            low_text, _, high_text = label.partition("-")
            low = field(where, {"version": low_text}, i, "version", V.major_minor)
            high = field(where, {"version": high_text or low_text}, i, "version", V.major_minor)
            majors = []
            for item in field(where, e, i, "cuda_majors", text_list, optional=True) or ():
                match = re.match(r"\s*(\d+)", item)
                if not match:
                    raise KnowledgeError(f"{where} entry {label}: cuda_majors item {item!r} has no CUDA major")
                majors.append(int(match.group(1)))
            rows.append(TensorrtRelease(
                label, low, high, e.get("latest_patch"), tuple(majors),
                field(where, e, i, "pip_packages", text_list, optional=True) or (),
                field(where, e, i, "min_capability", V.capability, optional=True),
                e.get("python"), e.get("engine_major"), is_verified(where, e, i), e.get("note", "")))
        return tuple(sorted(rows, key=lambda r: r.low))

    return src.memo("tensorrt.release", build)


def tensorrt_release(version: str, src: Optional[CompatSource] = None) -> Optional[TensorrtRelease]:
    """The row covering an installed TensorRT ("10.13.3.9" -> the 10.13 row)."""
    try:
        for row in tensorrt_releases(src):
            if row.contains(version):
                return row
    except ValueError:
        return None
    return None


_TRT_CUDA = re.compile(r"tensorrt[-_]cu(\d+)(?:[-_].*)?$", re.I)


def tensorrt_cuda_majors(distribution_names: list[str]) -> set[int]:
    """The CUDA majors of an installed TensorRT, read from its pip distribution names
    (tensorrt-cu12, tensorrt_cu13_libs, ...). Empty when only the bare meta package is known."""
    return {int(m.group(1)) for m in (_TRT_CUDA.match(n) for n in distribution_names) if m}
