"""Version arithmetic for drivers, CUDA variants, GPU architectures and torch releases."""

from __future__ import annotations

import re
from typing import Optional

from packaging.version import InvalidVersion, Version


def parse(text: Optional[str]) -> Optional[Version]:
    if not text:
        return None
    try:
        return Version(str(text).strip())
    except InvalidVersion:
        return None


def base(text: Optional[str]) -> Optional[str]:
    """'2.4.1+cu121' -> '2.4.1'."""
    version = parse(text)
    return version.base_version if version is not None else None


def local(text: Optional[str]) -> Optional[str]:
    """'2.4.1+cu121' -> 'cu121'; None without a local tag."""
    version = parse(text)
    return version.local if version is not None else None


def major_minor(text: Optional[str]) -> Optional[str]:
    version = parse(text)
    return f"{version.major}.{version.minor}" if version is not None else None


def at_least(value: Optional[str], minimum: Optional[str]) -> Optional[bool]:
    a, b = parse(value), parse(minimum)
    if a is None or b is None:
        return None
    return a >= b


_VARIANT = re.compile(r"^cu(\d+)(\d)$")


def variant_cuda(variant: str) -> Optional[str]:
    """'cu124' -> '12.4', 'cu118' -> '11.8', 'cu102' -> '10.2', 'cpu' -> None."""
    match = _VARIANT.match(variant or "")
    return f"{match.group(1)}.{match.group(2)}" if match else None


def cuda_variant(cuda: Optional[str]) -> Optional[str]:
    """'12.4' -> 'cu124'."""
    version = parse(cuda)
    return f"cu{version.major}{version.minor}" if version is not None else None


_ARCH = re.compile(r"^(?:sm|compute)_(\d+?)(\d)[a-z]?$")


def arch_capability(arch: str) -> Optional[tuple[int, int]]:
    """'sm_86' -> (8, 6), 'sm_120' -> (12, 0), 'compute_90' -> (9, 0)."""
    match = _ARCH.match(arch or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def capability(text: Optional[str]) -> Optional[tuple[int, int]]:
    """'8.6' -> (8, 6)."""
    match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", text or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def sm_name(cap: tuple[int, int]) -> str:
    return f"sm_{cap[0]}{cap[1]}"


def python_tag(python: str) -> str:
    """'3.11' -> 'cp311'."""
    major, minor = python.split(".")[:2]
    return f"cp{major}{minor}"


def short_python(version: Optional[str]) -> Optional[str]:
    """'3.11.7' -> '3.11'."""
    version_obj = parse(version)
    return f"{version_obj.major}.{version_obj.minor}" if version_obj is not None else None
