"""GPU architectures and models (compat/gpus.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import versions as V
from .tables import CompatSource, default_source, field, is_verified, number, text, text_list

FILE = "gpus.toml"


@dataclass(frozen=True)
class GpuArch:
    capability: tuple[int, int]
    sm: str
    family: str  # "Ampere"
    examples: tuple[str, ...]
    verified: bool = True
    # The first CUDA toolkit that compiles for it ("11.1" for sm_86): a torch built with an older CUDA has no
    # kernels for it. None where the table does not say.
    first_cuda: Optional[str] = None


@dataclass(frozen=True)
class GpuModel:
    name: str
    name_patterns: tuple[str, ...]
    capability: tuple[int, int]
    memory_gib: Optional[float]
    verified: bool = True


def gpu_archs(src: Optional[CompatSource] = None) -> tuple[GpuArch, ...]:
    src = src or default_source()

    def build() -> tuple[GpuArch, ...]:
        where = f"{src.label}/{FILE}: [[arch]]"
        return tuple(sorted((GpuArch(field(where, e, i, "capability", V.capability), field(where, e, i, "sm", text),
                                     field(where, e, i, "family", text),
                                     field(where, e, i, "examples", text_list, optional=True) or (),
                                     is_verified(where, e, i), field(where, e, i, "first_cuda", text, optional=True))
                             for i, e in enumerate(src.table(FILE, "arch", ("capability", "sm", "family")))),
                            key=lambda a: a.capability))

    return src.memo("gpus.arch", build)


def gpu_arch(capability: tuple[int, int], src: Optional[CompatSource] = None) -> Optional[GpuArch]:
    for arch in gpu_archs(src):
        if arch.capability == capability:
            return arch
    return None


def arch_family(capability: tuple[int, int], src: Optional[CompatSource] = None) -> Optional[str]:
    """ "Ampere" for 8.6; for a capability not in the table, the family of a known arch of the same
    major when all known archs of that major share one family (5.2 -> None: no 5.x rows)."""
    arch = gpu_arch(capability, src)
    if arch is not None:
        return arch.family
    families = {a.family for a in gpu_archs(src) if a.capability[0] == capability[0]}
    return families.pop() if len(families) == 1 else None


def gpu_models(src: Optional[CompatSource] = None) -> tuple[GpuModel, ...]:
    src = src or default_source()

    def build() -> tuple[GpuModel, ...]:
        where = f"{src.label}/{FILE}: [[gpu]]"
        rows = []
        for i, e in enumerate(src.table(FILE, "gpu", ("name", "name_patterns", "capability"))):
            rows.append(GpuModel(field(where, e, i, "name", text), field(where, e, i, "name_patterns", text_list),
                                 field(where, e, i, "capability", V.capability),
                                 field(where, e, i, "memory_gib", number, optional=True), is_verified(where, e, i)))
        return tuple(rows)

    return src.memo("gpus.gpu", build)


def gpu_model(reported_name: str, src: Optional[CompatSource] = None) -> Optional[GpuModel]:
    """The model whose name pattern matches the name NVML / nvidia-smi reports; the longest
    (most specific) pattern wins, so "A100-SXM4-80GB" beats "NVIDIA A10"."""
    name = reported_name.lower()
    best: Optional[tuple[int, GpuModel]] = None
    for model in gpu_models(src):
        for pattern in model.name_patterns:
            if _names(name, pattern.lower()) and (best is None or len(pattern) > best[0]):
                best = (len(pattern), model)
    return best[1] if best else None


def _names(name: str, model: str) -> bool:
    """`name` holds the model `model`, not a longer model number that starts like it ("a100" is not "a10")."""
    start = name.find(model)
    while start >= 0:
        end = start + len(model)
        if end == len(name) or not name[end].isdigit():
            return True
        start = name.find(model, start + 1)
    return False


def capability_from_name(reported_name: str, src: Optional[CompatSource] = None) -> Optional[tuple[int, int]]:
    """A GPU's compute capability from its name: the [[gpu]] models first, then the example products
    of each [[arch]] row ("NVIDIA TITAN V" -> 7.0). None when neither table knows it."""
    model = gpu_model(reported_name, src)
    if model is not None:
        return model.capability
    name = reported_name.lower().replace("nvidia ", "")
    best: Optional[tuple[int, tuple[int, int]]] = None
    for arch in gpu_archs(src):
        for example in arch.examples:
            key = example.lower().replace("nvidia ", "")
            if key and _names(name, key) and (best is None or len(key) > best[0]):
                best = (len(key), arch.capability)
    return best[1] if best else None
