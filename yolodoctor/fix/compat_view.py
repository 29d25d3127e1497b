"""The compat/ tables that fix needs, as typed rows. The one place fix reads compat/.

CUDA/driver, torch release/arch, endpoint and model-family rows come from the
shared accessors in knowledge/compat.py; the rest (flash-attn wheel matrix
and build facts, TensorRT ranges, mirrors, and fix's own compat/fix.toml) are
read here. Every row keeps `verified` so that choices resting on unverified
facts can say so. Versions stay strings here; versions.py compares them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from ..knowledge import compat as shared
from ..knowledge.files import KnowledgeError, load_compat_table, load_toml


def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return (str(value),)


def _opt(value: Any) -> Optional[str]:
    return None if value is None or value == "" else str(value)


@dataclass(frozen=True)
class Toolkit:
    version: str  # CUDA minor, "12.4"
    linux_driver: Optional[str]
    windows_driver: Optional[str]
    verified: bool


@dataclass(frozen=True)
class MinorCompat:
    cuda_major: int
    linux_min_driver: Optional[str]
    windows_min_driver: Optional[str]
    verified: bool


@dataclass(frozen=True)
class TorchRelease:
    version: str
    python: tuple[str, ...]
    cuda_variants: tuple[str, ...]
    pypi_default_cuda: Optional[str]
    torchvision: Optional[str]
    torchaudio: Optional[str]
    verified: bool


@dataclass(frozen=True)
class ArchRow:
    variant: str
    torch_min: str
    torch_max: Optional[str]
    arch_list: tuple[str, ...]
    ptx: Optional[str]
    verified: bool


@dataclass(frozen=True)
class FlashAttnMajor:
    name: str
    version_range: str
    min_capability: str
    verified: bool


@dataclass(frozen=True)
class FlashAttnRejection:
    flash_attn: str  # specifier
    first_blackwell_wheel: Optional[str]


@dataclass(frozen=True)
class FlashAttnWheel:
    flash_attn: str
    cuda_tag_style: str  # "major" (cu12) or "major_minor" (cu122)
    cuda_tags: tuple[str, ...]
    cuda_toolkits_built_with: tuple[str, ...]
    torch_mm: tuple[str, ...]
    python: tuple[str, ...]
    cxx11_abi: tuple[str, ...]  # "TRUE" / "FALSE"
    platforms: tuple[str, ...]
    excluded_combinations: tuple[str, ...]
    assets_verified: bool


@dataclass(frozen=True)
class FlashAttnBuild:
    item: str
    data: dict


@dataclass(frozen=True)
class TensorrtRelease:
    version: str  # "10.5-10.7"
    cuda_majors: tuple[str, ...]
    min_capability: Optional[str]
    verified: bool


@dataclass(frozen=True)
class Mirror:
    kind: str
    name: str
    url: str
    configure: str
    verified: bool


@dataclass(frozen=True)
class UltralyticsFamily:
    name: str
    first_version: str


@dataclass(frozen=True)
class ExportTool:
    package: str
    requirement: str
    when: str
    verified: bool


@dataclass(frozen=True)
class HeadlessOpencv:
    gui: str
    headless: str


@dataclass(frozen=True)
class TorchAbi:
    torch_min: str
    cxx11_abi: bool
    verified: bool


@dataclass(frozen=True)
class ManualStep:
    problem: str  # driver_install, reboot, docker_gpus, shm, libgl, cuda_toolkit, ...
    where: str  # ubuntu, debian, rhel, fedora, alpine, docker, kubernetes, wsl2, windows, any
    steps: tuple[str, ...]
    verified: bool
    steps_zh: tuple[str, ...] = ()  # the same steps in Simplified Chinese (same commands); () when none

    def steps_in(self, chinese: bool) -> tuple[str, ...]:
        return self.steps_zh if chinese and len(self.steps_zh) == len(self.steps) else self.steps


def _verified(row: dict) -> bool:
    return row.get("verified", True) is not False


@lru_cache(maxsize=None)
def toolkits() -> tuple[Toolkit, ...]:
    return tuple(Toolkit(t.cuda, t.linux_driver, t.windows_driver, t.verified) for t in shared.toolkit_drivers())


@lru_cache(maxsize=None)
def minor_compat() -> tuple[MinorCompat, ...]:
    return tuple(MinorCompat(m.cuda_major, m.linux_min_driver, m.windows_min_driver, m.verified)
                 for m in shared.minor_compat_floors())


@lru_cache(maxsize=None)
def torch_releases() -> tuple[TorchRelease, ...]:
    return tuple(TorchRelease(r.version, r.python, r.cuda_variants, r.pypi_default_cuda, r.torchvision, r.torchaudio,
                              r.verified) for r in shared.torch_releases())


@lru_cache(maxsize=None)
def torch_arch_rows() -> tuple[ArchRow, ...]:
    return tuple(ArchRow(a.variant, a.torch_min, a.torch_max, a.arch_list, a.ptx, a.verified)
                 for a in shared.arch_entries())


@lru_cache(maxsize=None)
def flash_attn_majors() -> tuple[FlashAttnMajor, ...]:
    rows = load_compat_table("flash_attn.toml", "major", ("name", "version_range", "min_capability"))
    return tuple(FlashAttnMajor(str(r["name"]), str(r["version_range"]), str(r["min_capability"]), _verified(r))
                 for r in rows)


@lru_cache(maxsize=None)
def flash_attn_rejections() -> tuple[FlashAttnRejection, ...]:
    rows = load_compat_table("flash_attn.toml", "arch_rejection", ("flash_attn",))
    return tuple(FlashAttnRejection(str(r["flash_attn"]), _opt(r.get("first_blackwell_wheel"))) for r in rows)


@lru_cache(maxsize=None)
def flash_attn_wheels() -> tuple[FlashAttnWheel, ...]:
    rows = load_compat_table("flash_attn.toml", "wheel", ("flash_attn", "cuda_tag_style", "cuda_tags", "torch_mm",
                                                          "python", "cxx11_abi", "platforms"))
    return tuple(FlashAttnWheel(str(r["flash_attn"]), str(r["cuda_tag_style"]), _strs(r["cuda_tags"]),
                                _strs(r.get("cuda_toolkits_built_with")), _strs(r["torch_mm"]), _strs(r["python"]),
                                _strs(r["cxx11_abi"]), _strs(r["platforms"]),
                                _strs(r.get("excluded_combinations")), r.get("assets_verified", True) is not False)
                 for r in rows)


@lru_cache(maxsize=None)
def flash_attn_wheel_templates() -> tuple[str, str]:
    """(filename_template, url_template) of the flash-attn release assets."""
    meta = load_toml("compat", "flash_attn.toml").get("tables", {}).get("wheel", {})
    filename, url = meta.get("filename_template"), meta.get("url_template")
    if not isinstance(filename, str) or not isinstance(url, str):
        raise KnowledgeError("compat/flash_attn.toml: [tables.wheel] lacks filename_template / url_template")
    return filename, url


@lru_cache(maxsize=None)
def flash_attn_build() -> dict[str, FlashAttnBuild]:
    rows = load_compat_table("flash_attn.toml", "build", ("item",))
    return {str(r["item"]): FlashAttnBuild(str(r["item"]), dict(r)) for r in rows}


@lru_cache(maxsize=None)
def tensorrt_releases() -> tuple[TensorrtRelease, ...]:
    rows = load_compat_table("tensorrt.toml", "release", ("version",))
    return tuple(TensorrtRelease(str(r["version"]), _strs(r.get("cuda_majors")), _opt(r.get("min_capability")),
                                 _verified(r)) for r in rows)


@lru_cache(maxsize=None)
def mirrors() -> tuple[Mirror, ...]:
    rows = load_compat_table("mirrors.toml", "mirror", ("kind", "name", "url"))
    return tuple(Mirror(str(r["kind"]), str(r["name"]), str(r["url"]), str(r.get("configure", "")), _verified(r))
                 for r in rows)


@lru_cache(maxsize=None)
def endpoints() -> tuple[Mirror, ...]:
    return tuple(Mirror(e.kind, e.name, e.url, e.configure, e.verified) for e in shared.endpoints())


@lru_cache(maxsize=None)
def ultralytics_families() -> tuple[UltralyticsFamily, ...]:
    return tuple(UltralyticsFamily(f.name, f.first_version) for f in shared.model_families())


@lru_cache(maxsize=None)
def ultralytics_requirement(package: str) -> Optional[str]:
    """The unconditional requirement Ultralytics states for `package` (the row without a marker)."""
    rows = load_compat_table("ultralytics.toml", "requirement", ("package", "specifier"))
    for row in rows:
        if row["package"] == package and ("marker" not in row or package == "tensorrt"):
            return str(row["specifier"])
    return None


# fix's own knowledge (export tools, headless OpenCV names, torch C++ ABI, root-only steps) lives in compat/fix.toml.

@lru_cache(maxsize=None)
def export_tools() -> tuple[ExportTool, ...]:
    rows = load_compat_table("fix.toml", "export_tool", ("package", "requirement", "when"))
    return tuple(ExportTool(str(r["package"]), str(r["requirement"]), str(r["when"]), _verified(r)) for r in rows)


@lru_cache(maxsize=None)
def headless_opencv() -> tuple[HeadlessOpencv, ...]:
    rows = load_compat_table("fix.toml", "opencv_headless", ("gui", "headless"))
    return tuple(HeadlessOpencv(str(r["gui"]), str(r["headless"])) for r in rows)


@lru_cache(maxsize=None)
def torch_abi() -> tuple[TorchAbi, ...]:
    rows = load_compat_table("fix.toml", "torch_abi", ("torch_min", "cxx11_abi"))
    return tuple(TorchAbi(str(r["torch_min"]), bool(r["cxx11_abi"]), _verified(r)) for r in rows)


@lru_cache(maxsize=None)
def flash_attn_build_memory_gib_per_job() -> float:
    rows = load_compat_table("fix.toml", "flash_attn_build_jobs", ("gib_per_job",))
    return float(rows[0]["gib_per_job"])


@lru_cache(maxsize=None)
def manual_steps() -> tuple[ManualStep, ...]:
    rows = load_compat_table("fix.toml", "manual_step", ("problem", "where", "steps"))
    return tuple(ManualStep(str(r["problem"]), str(r["where"]), _strs(r["steps"]), _verified(r),
                            _strs(r.get("steps_zh") or ())) for r in rows)
