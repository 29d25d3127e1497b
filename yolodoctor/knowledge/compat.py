"""Typed, documented access to the compatibility tables in compat/.

Import from here (``from yolodoctor.knowledge import compat``); the
implementations live in one module per compat file. Every function takes an
optional ``src`` (a CompatSource) so tests can read another directory; by
default the installed tables are read once and memoised.

A malformed file or entry raises KnowledgeError naming the file, the table
entry and the key. Rows that carry ``verified = false`` in compat/ come back
with ``verified=False``: say so when a finding rests on one.

CUDA and drivers (compat/cuda.toml)
    toolkit_drivers(), toolkit_driver("12.4") -> ToolkitDriver (Linux/Windows driver of the GA toolkit)
    minor_compat(12) -> MinorCompat (the family's minor-version-compatibility floor)
    driver_requirement("12.4", "Linux") -> DriverRequirement(minimum, full, ...)
    highest_cuda_for_driver("535.54.03", "Linux") -> "12.2"
torch (compat/torch.toml)
    torch_releases(), torch_release("2.4.1+cu121"), newest_torch_release(python)
    torchvision_for_torch("2.4.1") -> "0.19.1", torchaudio_for_torch, torch_for_torchvision
    installed_variant("2.4.1+cu121", "12.1") -> "cu121"
    arch_entry("cu124", "2.4.1") -> ArchEntry (arch list of the official wheel)
    newer_than_tables("2.16.0"), nearest_arch_entry("cu132", "2.16.0") -> (ArchEntry, "2.15.0")
    builds_supporting((12, 0)), first_release_supporting((12, 0)), variants_supporting(cap, torch)
cuDNN and TensorRT (compat/cudnn.toml, compat/tensorrt.toml)
    cudnn_release("9.11.0") -> CudnnRelease(min_capability), first_cudnn_dropping(cap),
    cudnn_bundled("2.9.1", "cu126") -> "9.10.2.21"
    tensorrt_release("10.13.3.9"), tensorrt_cuda_majors(["tensorrt-cu12", ...])
flash-attn (compat/flash_attn.toml)
    flash_attn_major("2.5.8"), flash_attn_rejection("2.7.2"), flash_attn_wheels(),
    flash_attn_prebuilt(torch, cuda, python, abi) -> PrebuiltWheel(filename, url), flash_attn_build_needs()
GPUs (compat/gpus.toml)
    gpu_arch((8, 6)), arch_family((8, 6)) -> "Ampere", gpu_model("NVIDIA GeForce RTX 4090"),
    capability_from_name("TITAN V") -> (7, 0)
Ultralytics and profiles (compat/ultralytics.toml, compat/profiles.toml)
    model_families(), model_family("yolo11n.pt"), families_newer_than("8.2.79"),
    ultralytics_requirements(), excluded_torch_versions("Windows"), torchvision_pair("2.4.1"),
    profiles(), profile("yolov12")
Platforms (compat/platforms.toml)
    jetpack_wheels(), jetpack_for(l4t="36.4.0") / jetpack_for(jetpack="6.1") -> JetpackWheels,
    conda_pytorch_cuda("2.5.1") -> ("11.8", "12.1", "12.4")
Endpoints (compat/mirrors.toml)
    endpoint("pytorch_wheels"), pytorch_index_url("cu124") -> "https://download.pytorch.org/whl/cu124"
"""

from __future__ import annotations

from .compat_cuda import (DriverRequirement, MinorCompat, ToolkitDriver, driver_requirement, highest_cuda_for_driver,
                          minor_compat, minor_compat_floors, toolkit_driver, toolkit_drivers)
from .compat_flash_attn import (BuildNeed, FlashAttnMajor, FlashAttnRejection, FlashAttnWheel, PrebuiltWheel,
                                flash_attn_build_need, flash_attn_build_needs, flash_attn_major, flash_attn_majors,
                                flash_attn_prebuilt, flash_attn_rejection, flash_attn_rejections, flash_attn_wheels)
from .compat_gpus import (GpuArch, GpuModel, arch_family, capability_from_name, gpu_arch, gpu_archs, gpu_model,
                          gpu_models)
from .compat_libs import (CudnnBundled, CudnnRelease, TensorrtRelease, cudnn_bundled, cudnn_bundled_rows,
                          cudnn_release, cudnn_releases, first_cudnn_dropping, tensorrt_cuda_majors, tensorrt_release,
                          tensorrt_releases)
from .compat_mirrors import Endpoint, endpoint, endpoints, pytorch_index_url
from .compat_torch import (ArchEntry, TorchRelease, arch_entries, arch_entry, builds_supporting, early_release_pythons,
                           early_release_cuda_variants, early_release_default_cuda, pypi_default_cuda,
                           first_release_supporting, installed_variant, LtsRelease, lts_release, lts_releases,
                           nearest_arch_entry, newer_than_tables,
                           newest_torch_release, torch_for_torchvision, torch_release, torch_releases,
                           torchaudio_for_torch, torchvision_for_torch, variants_supporting)
from .compat_ultralytics import (Argument, ModelFamily, Profile, Requirement, TorchvisionPair, excluded_torch_versions,
                                 families_newer_than, model_families, model_family, profile, profiles,
                                 torchvision_pair, torchvision_pairs, ultralytics_argument,
                                 ultralytics_arguments, ultralytics_requirements)
from .compat_platforms import (CondaPytorch, JetpackWheels, conda_pytorch, conda_pytorch_cuda, jetpack_for,
                               jetpack_wheels)
from .files import KnowledgeError
from .tables import CompatSource, default_source

# Every table accessor, for validate(): loading them all checks every file and entry.
_ALL_TABLES = (toolkit_drivers, minor_compat_floors, torch_releases, arch_entries, cudnn_releases, cudnn_bundled_rows,
               tensorrt_releases, flash_attn_majors, flash_attn_rejections, flash_attn_wheels, flash_attn_build_needs,
               gpu_archs, gpu_models, model_families, ultralytics_requirements, ultralytics_arguments, torchvision_pairs,
               profiles, endpoints, jetpack_wheels, conda_pytorch, lts_releases)


def validate(src: CompatSource | None = None) -> list[str]:
    """Load every table the accessors use; the problems found, one line each (empty: all good)."""
    problems = []
    for accessor in _ALL_TABLES:
        try:
            accessor(src)
        except KnowledgeError as exc:
            problems.append(str(exc))
    return problems


__all__ = [name for name in dir() if not name.startswith("_")]
