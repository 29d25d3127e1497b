"""Reading the version strings of the GPU stack: drivers, CUDA, wheels, GPU archs.

Versions are compared part by part as integers ("525.60.13" < "525.125.06"),
never as floats or plain strings. Every parser raises ValueError on text it
cannot read; callers turn that into a message that names the bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

_NUMERIC = re.compile(r"\d+(?:\.\d+)*")


def numeric(text: str) -> tuple[int, ...]:
    """ "550.54.14" -> (550, 54, 14). Leading zeros are plain digits ("580.65.06" -> 6)."""
    text = str(text).strip()
    if not _NUMERIC.fullmatch(text):
        raise ValueError(f"{text!r} is not a dotted numeric version")
    return tuple(int(part) for part in text.split("."))


def at_least(version: str, minimum: str) -> bool:
    """version >= minimum, numerically. A short minimum ("580") is a branch floor: 580.0.1 passes."""
    return numeric(version) >= numeric(minimum)


def major(version: str) -> int:
    return numeric(version)[0]


def major_minor(version: str) -> tuple[int, int]:
    parts = numeric(version) + (0,)
    return parts[0], parts[1]


def mm_text(version: str) -> str:
    """ "12.4.1" -> "12.4"."""
    first, second = major_minor(version)
    return f"{first}.{second}"


# ----------------------------------------------------------------- wheels ---

def pep440(text: str) -> Version:
    try:
        return Version(str(text).strip())
    except InvalidVersion:
        raise ValueError(f"{text!r} is not a PEP 440 version") from None


def base_release(text: str) -> str:
    """ "2.4.1+cu121" -> "2.4.1"; "2.5.0.dev20240801+cu124" -> "2.5.0"."""
    return pep440(text).base_version


def local_tag(text: str) -> Optional[str]:
    """ "2.4.1+cu121" -> "cu121"; no local part -> None."""
    return pep440(text).local


def specifier(text: str) -> SpecifierSet:
    try:
        return SpecifierSet(str(text))
    except InvalidSpecifier:
        raise ValueError(f"{text!r} is not a version specifier") from None


def satisfies(version: str, spec: str) -> bool:
    """PEP 440 containment, pre-releases allowed. A nightly 2.6.0.dev sorts before 2.6: pass
    base_release(version) to judge it as the release it leads to."""
    return specifier(spec).contains(pep440(version), prereleases=True)


# ------------------------------------------------------------ CUDA names ---

_VARIANT = re.compile(r"cu(\d+)(\d)")


def cuda_variant(cuda: str) -> str:
    """torch.version.cuda "12.4" -> the wheel variant "cu124"."""
    first, second = major_minor(cuda)
    return f"cu{first}{second}"


def variant_cuda(variant: str) -> str:
    """The wheel variant "cu124" -> CUDA "12.4" ("cu118" -> "11.8", "cu130" -> "13.0")."""
    match = _VARIANT.fullmatch(str(variant).strip())
    if not match:
        raise ValueError(f"{variant!r} is not a CUDA wheel variant like cu124")
    return f"{int(match.group(1))}.{match.group(2)}"


def is_cuda_variant(text: Optional[str]) -> bool:
    return bool(text) and _VARIANT.fullmatch(str(text)) is not None


# ---------------------------------------------------------- GPU archs ---

@dataclass(frozen=True)
class Arch:
    """One entry of a CUDA arch list: sm_86 (SASS), compute_120 (PTX), sm_90a (arch-specific)."""

    major: int
    minor: int
    ptx: bool = False
    suffix: str = ""  # "a": only exactly this arch; "f": this family (same major)

    @property
    def capability(self) -> tuple[int, int]:
        return self.major, self.minor

    def runs_on(self, capability: tuple[int, int]) -> bool:
        """Whether code built for this entry runs on a GPU of `capability`.

        SASS for sm_XY runs on sm_XZ with Z >= Y (same major); PTX is JIT-compiled
        for any GPU at or above its arch; sm_XYa runs only on sm_XY.
        """
        if self.suffix == "a":
            return capability == self.capability
        if self.ptx:
            return capability >= self.capability
        return capability[0] == self.major and capability[1] >= self.minor


_ARCH = re.compile(r"(sm|compute)_(\d+)(\d)([af]?)")


def parse_arch(text: str) -> Arch:
    match = _ARCH.fullmatch(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a CUDA arch like sm_86 or compute_120")
    kind, first, second, suffix = match.groups()
    return Arch(int(first), int(second), ptx=kind == "compute", suffix=suffix)


def capability(text: str) -> tuple[int, int]:
    """ "8.6" -> (8, 6); "12.0" -> (12, 0)."""
    match = re.fullmatch(r"(\d+)\.(\d+)", str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a compute capability like 8.6")
    return int(match.group(1)), int(match.group(2))


def capability_text(cap: tuple[int, int]) -> str:
    return f"{cap[0]}.{cap[1]}"


def sm_name(cap: tuple[int, int]) -> str:
    return f"sm_{cap[0]}{cap[1]}"


def arch_list_covers(arch_list: list[str], cap: tuple[int, int]) -> Optional[str]:
    """The first entry of `arch_list` that runs on `cap` (None: no kernels for this GPU).
    Entries that cannot be parsed are skipped."""
    for entry in arch_list:
        try:
            if parse_arch(entry).runs_on(cap):
                return entry
        except ValueError:
            continue
    return None


# ---------------------------------------------------- minor ranges ---

def in_minor_range(version: str, rng: str) -> bool:
    """Whether `version` ("2.9.1") falls in a range of minors written "2.8-2.14", "2.9" or ">=2.14"."""
    rng = str(rng).strip()
    if rng.startswith((">", "<", "=", "!", "~")):
        return satisfies(mm_text(version), rng)
    low, _, high = rng.partition("-")
    mm = major_minor(version)
    return major_minor(low) <= mm <= major_minor(high or low)
