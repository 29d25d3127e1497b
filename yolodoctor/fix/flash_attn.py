"""flash-attn: the prebuilt release wheel that matches, else the build recipe, else nothing.

A prebuilt wheel matches on (flash-attn version, torch major.minor, CUDA major
(or major.minor tag before 2.7), C++11 ABI, Python, platform), read from
compat/flash_attn.toml [[wheel]] with its excluded matrix combinations.
A GPU below flash-attn 2's minimum compute capability gets no flash-attn at
all: PyTorch's scaled_dot_product_attention (SDPA) runs instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from ..i18n import tr
from . import compat_view as cv
from .machine import Machine
from .versions import at_least, base, capability, major_minor, parse, python_tag

SDPA = "PyTorch scaled_dot_product_attention (SDPA)"  # what runs instead (English; tr() below says it in zh-CN)

WHEEL_PLATFORM = {"linux-x86_64": "linux_x86_64"}


@dataclass(frozen=True)
class BuildRecipe:
    version: str
    prerequisites: tuple[str, ...]  # pip packages installed first (ninja, packaging, psutil)
    env: tuple[tuple[str, str], ...]  # MAX_JOBS, FLASH_ATTN_CUDA_ARCHS
    options: tuple[str, ...]  # --no-build-isolation
    blocked: tuple[str, ...] = ()  # what must be fixed first (nvcc), with no root the build cannot run
    nvcc_needed: Optional[str] = None  # CUDA major.minor of the toolkit to install when blocked


@dataclass(frozen=True)
class FlashAttnChoice:
    kind: str  # wheel, build, none
    version: Optional[str] = None
    url: Optional[str] = None
    filename: Optional[str] = None
    build: Optional[BuildRecipe] = None
    reasons: tuple[str, ...] = ()
    instead: Optional[str] = None  # what runs when flash-attn cannot
    verified: bool = True


def _in_range(version: str, spec: str) -> bool:
    try:
        return parse(version) in SpecifierSet(spec)
    except InvalidSpecifier:
        return False


def min_capability(version: str) -> Optional[str]:
    for row in cv.flash_attn_majors():
        if _in_range(version, row.version_range):
            return row.min_capability
    return None


def first_wheel_for(cap: tuple[int, int]) -> Optional[str]:
    """For Blackwell-class GPUs (cc >= 10): the first version whose wheels carry their kernels."""
    if cap[0] < 10:
        return None
    versions = [r.first_blackwell_wheel for r in cv.flash_attn_rejections() if r.first_blackwell_wheel]
    return min(versions, key=parse) if versions else None


def _excluded(row: cv.FlashAttnWheel, torch_mm: str, python: str, built_with: Optional[str]) -> bool:
    for combo in row.excluded_combinations:
        parts = dict(p.split("=", 1) for p in combo.split(",") if "=" in p)
        matches = True
        for key, value in parts.items():
            if key == "torch" and major_minor(value) != torch_mm:
                matches = False
            elif key == "python" and value != python:
                matches = False
            elif key == "cuda" and major_minor(value) != major_minor(built_with):
                matches = False
        if matches and parts:
            return True
    return False


def cxx11_abi(machine: Machine, torch_version: str) -> tuple[Optional[bool], bool]:
    """(the ABI, read at run time?)"""
    if machine.cxx11_abi is not None and base(machine.torch) == base(torch_version):
        return machine.cxx11_abi, True
    rows = sorted(cv.torch_abi(), key=lambda r: parse(r.torch_min))
    abi = None
    for row in rows:
        if at_least(torch_version, row.torch_min):
            abi = row.cxx11_abi
    return abi, False


def wheel_for(version: str, torch_version: str, torch_cuda: str, abi: bool, python: str,
              platform: str) -> Optional[tuple[str, cv.FlashAttnWheel]]:
    """The release asset file name for this combination, if the matrix built one."""
    wheel_platform = WHEEL_PLATFORM.get(platform)
    if wheel_platform is None:
        return None
    torch_mm = major_minor(torch_version)
    cuda_major = str(parse(torch_cuda).major)
    filename_template, _ = cv.flash_attn_wheel_templates()
    for row in cv.flash_attn_wheels():
        if row.flash_attn != version:
            continue
        if torch_mm not in row.torch_mm or python not in row.python or wheel_platform not in row.platforms:
            return None
        abi_text = "TRUE" if abi else "FALSE"
        if abi_text not in row.cxx11_abi:
            return None
        tag, built_with = None, None
        for index, candidate in enumerate(row.cuda_tags):
            if candidate[2:].startswith(cuda_major) and (row.cuda_tag_style != "major" or candidate[2:] == cuda_major):
                tag = candidate
                if index < len(row.cuda_toolkits_built_with):
                    built_with = row.cuda_toolkits_built_with[index]
                break
        if tag is None or _excluded(row, torch_mm, python, built_with):
            return None
        py = python_tag(python)
        filename = filename_template.format(version=version, cuda_tag=tag[2:], torch_mm=torch_mm, abi=abi_text,
                                            py=py)
        filename = filename.replace("linux_x86_64", wheel_platform)
        return filename, row
    return None


def _wheel_versions() -> list[str]:
    return sorted({r.flash_attn for r in cv.flash_attn_wheels()}, key=parse)


def _max_jobs(machine: Machine) -> int:
    per_job = cv.flash_attn_build_memory_gib_per_job()
    jobs = max(1, (machine.cpu_count or 2) // 2)
    if machine.memory_available_bytes:
        jobs = min(jobs, int(machine.memory_available_bytes / 2 ** 30 / per_job))
    return max(1, jobs)


def _build_archs(caps: list[tuple[int, int]]) -> Optional[str]:
    """FLASH_ATTN_CUDA_ARCHS for these GPUs: setup.py only knows its default list; a
    cubin for sm_X0 runs on every sm_XY, so each GPU maps to its major's listed arch."""
    default = cv.flash_attn_build().get("arch_selection")
    listed = str((default.data if default else {}).get("default_v2_8_3", "")).split(";")
    chosen = []
    for cap in caps:
        fits = [a for a in listed if a.isdigit() and int(a) // 10 == cap[0] and int(a) % 10 <= cap[1]]
        if not fits:
            return None
        best = max(fits, key=int)
        if best not in chosen:
            chosen.append(best)
    return ";".join(sorted(chosen, key=int)) if chosen else None


def build_recipe(version: str, torch_cuda: str, machine: Machine, caps: list[tuple[int, int]]) -> BuildRecipe:
    table = cv.flash_attn_build()
    prerequisites = tuple(item for item in ("ninja", "packaging", "psutil") if item in table)
    env = [("MAX_JOBS", str(_max_jobs(machine)))]
    archs = _build_archs(caps)
    if archs:
        env.append(("FLASH_ATTN_CUDA_ARCHS", archs))
    options = (str(table["torch_preinstalled"].data.get("flag")),) if "torch_preinstalled" in table else ()
    blocked = []
    needed = major_minor(torch_cuda)
    nvcc_row = table.get("nvcc")
    if not machine.nvcc:
        blocked.append(tr("no nvcc (CUDA toolkit) was found; building needs one with CUDA {major}.x like torch ({cuda})",
                          major=parse(torch_cuda).major, cuda=torch_cuda))
    elif parse(machine.nvcc).major != parse(torch_cuda).major:
        blocked.append(tr("nvcc is CUDA {nvcc} but torch is built with CUDA {cuda}: the major versions must match for "
                          "torch to build extensions", nvcc=machine.nvcc, cuda=torch_cuda))
    elif nvcc_row is not None:
        minimum = nvcc_row.data.get("min_cuda")
        if minimum and not at_least(machine.nvcc, minimum):
            blocked.append(tr("nvcc {nvcc} is older than {minimum}, the oldest flash-attn builds with",
                              nvcc=machine.nvcc, minimum=minimum))
        blackwell = nvcc_row.data.get("blackwell_min_cuda")
        if blackwell and any(c[0] >= 10 for c in caps) and not at_least(machine.nvcc, blackwell):
            blocked.append(tr("Blackwell GPUs need nvcc >= {nvcc} to build flash-attn kernels", nvcc=blackwell))
            needed = blackwell
    return BuildRecipe(version, prerequisites, tuple(env), options, tuple(blocked), needed if blocked else None)


def select_flash_attn(machine: Machine, torch_version: Optional[str], torch_cuda: Optional[str],
                      wanted: Optional[str] = None) -> FlashAttnChoice:
    """wanted: the flash-attn version installed or asked for; None = the newest that fits."""
    caps = [c for c in (capability(t) for t in machine.capabilities) if c]
    if not caps:
        return FlashAttnChoice("none", reasons=(tr("no NVIDIA GPU is visible; flash-attn needs one"),),
                               instead=tr("PyTorch scaled_dot_product_attention (SDPA)"))
    if not torch_version or not torch_cuda:
        return FlashAttnChoice("none", reasons=(tr("flash-attn needs a CUDA build of torch first"),),
                               instead=tr("PyTorch scaled_dot_product_attention (SDPA)"))
    probe_version = wanted or _wheel_versions()[-1]
    minimum = min_capability(probe_version) or min_capability("2.0")
    too_old = [c for c in caps if minimum and c < capability(minimum)]
    if too_old:
        gpu = ", ".join(f"{g.name} ({g.capability})" for g in machine.gpus if capability(g.capability) in too_old)
        return FlashAttnChoice("none", reasons=(
            tr("flash-attn {major}.x needs compute capability >= {minimum}; {gpus} cannot run it",
               major=parse(probe_version).major, minimum=minimum, gpus=gpu),
            tr("YOLOv12/YOLOv13 and transformers fall back to PyTorch's own attention when flash-attn is absent")),
            instead=tr("PyTorch scaled_dot_product_attention (SDPA)"))
    python = machine.python
    if not python:
        return FlashAttnChoice("none", reasons=(tr("the Python version is unknown"),))
    abi, abi_read = cxx11_abi(machine, torch_version)
    blackwell_floor = max((first_wheel_for(c) for c in caps if first_wheel_for(c)), key=parse, default=None)
    versions = _wheel_versions()
    if wanted and wanted in versions:
        order = [wanted] + [v for v in versions if parse(v) > parse(wanted)] + \
                sorted((v for v in versions if parse(v) < parse(wanted)), key=parse, reverse=True)
    else:
        order = list(reversed(versions))
    if abi is not None and machine.platform:
        for version in order:
            if blackwell_floor and parse(version) < parse(blackwell_floor):
                continue
            found = wheel_for(version, torch_version, torch_cuda, abi, python, machine.platform)
            if found:
                filename, row = found
                _, url_template = cv.flash_attn_wheel_templates()
                url = url_template.format(version=version, filename=filename)
                values = dict(version=version, torch=major_minor(torch_version), cuda=parse(torch_cuda).major,
                              abi=f"cxx11abi{'TRUE' if abi else 'FALSE'}", python=python)
                reasons = [tr("prebuilt release wheel for flash-attn {version}, torch {torch}, CUDA {cuda}, {abi}, "
                              "Python {python}", **values) if abi_read else
                           tr("prebuilt release wheel for flash-attn {version}, torch {torch}, CUDA {cuda}, {abi} "
                              "(ABI inferred from the torch version), Python {python}", **values)]
                if wanted and blackwell_floor and parse(wanted) < parse(blackwell_floor):
                    reasons.append(tr("flash-attn {wanted} wheels carry no kernels for compute capability {major}.x; "
                                      "{first} is the first release whose wheels do", wanted=wanted,
                                      major=max(caps)[0], first=blackwell_floor))
                elif wanted and version != wanted:
                    reasons.append(tr("flash-attn {wanted} has no prebuilt wheel for this combination; "
                                      "{version} is the nearest that has", wanted=wanted, version=version))
                return FlashAttnChoice("wheel", version, url, filename, reasons=tuple(reasons),
                                       verified=row.assets_verified)
    version = wanted or (blackwell_floor if blackwell_floor and parse(blackwell_floor) > parse(versions[-1])
                         else versions[-1])
    recipe = build_recipe(version, torch_cuda, machine, caps)
    reasons = [tr("no prebuilt flash-attn wheel matches torch {torch} / CUDA {cuda} / Python {python}; building "
                  "{version} from source", torch=major_minor(torch_version), cuda=parse(torch_cuda).major,
                  python=python, version=version)]
    if abi is None:
        reasons.append(tr("the C++ ABI of torch is unknown"))
    return FlashAttnChoice("build", version, build=recipe, reasons=tuple(reasons))
