"""Concrete advice for a profile, computed from compat/ data (never from literals here)."""

from __future__ import annotations

import re
from typing import Optional

from packaging.specifiers import SpecifierSet

from ..knowledge.files import KnowledgeError, load_compat_table
from .machine import capability_tuple, parse_version, satisfies
from .model import Profile

_PYTHONS = tuple(f"3.{minor}" for minor in range(14, 7, -1))  # newest first


def suggest_python(spec: str) -> Optional[str]:
    """The newest CPython minor that satisfies `spec`, e.g. '3.11' for '==3.11.*'."""
    for candidate in _PYTHONS:
        if satisfies(parse_version(candidate + ".0"), spec):
            return candidate
    return None


def _exact_pin(spec: str) -> Optional[str]:
    match = re.fullmatch(r"\s*==\s*([0-9][0-9a-z.+]*)\s*", spec)
    return match.group(1) if match and "*" not in match.group(1) else None


def cuda_of_variant(variant: str) -> Optional[str]:
    """'cu118' -> '11.8', 'cu130' -> '13.0'."""
    match = re.fullmatch(r"cu(\d+)(\d)", variant)
    return f"{match.group(1)}.{match.group(2)}" if match else None


def pytorch_index() -> Optional[str]:
    for entry in load_compat_table("mirrors.toml", "endpoint", ("kind", "url")):
        if entry["kind"] == "pytorch_wheels":
            return entry["url"].rstrip("/")
    return None


def _pinned_release(profile: Profile) -> tuple[Optional[str], Optional[dict], Optional[str]]:
    """(the exact torch pin, its compat/torch.toml release, the newest CUDA variant the profile's range allows)."""
    pin = _exact_pin(profile.torch)
    if not pin:
        return None, None, None
    try:
        releases = load_compat_table("torch.toml", "release", ("version",))
    except KnowledgeError:
        return pin, None, None
    release = next((r for r in releases if r["version"] == pin), None)
    variant = None
    if release and profile.cuda:
        variants = [v for v in release.get("cuda_variants", [])
                    if cuda_of_variant(v) and satisfies(parse_version(cuda_of_variant(v)), profile.cuda)]
        variant = variants[-1] if variants else None
    return pin, release, variant


def torch_pin(profile: Profile) -> Optional[str]:
    """The torch a profile pins exactly, as `fix --torch` takes it: "2.2.2+cu118" (or "2.2.2")."""
    pin, _, variant = _pinned_release(profile)
    if not pin:
        return None
    return f"{pin}+{variant}" if variant else pin


def release_in_range(profile: Profile) -> Optional[str]:
    """The newest compat/torch.toml release inside the profile's torch range whose paired torchvision is inside
    its torchvision range: what `yolodoctor fix --torch` is pointed at when the profile pins no exact torch."""
    try:
        releases = load_compat_table("torch.toml", "release", ("version",))
    except KnowledgeError:
        return None
    fitting = []
    for release in releases:
        version = parse_version(release["version"])
        if version is None or (profile.torch and not satisfies(version, profile.torch)):
            continue
        vision = parse_version(release.get("torchvision") or "")
        if profile.torchvision and (vision is None or not satisfies(vision, profile.torchvision)):
            continue
        fitting.append((version, release["version"]))
    return max(fitting)[1] if fitting else None


def capable_gpu_examples(min_capability, limit: int = 6) -> list[str]:
    """Example GPU names whose compute capability is at least `min_capability` (compat/gpus.toml)."""
    floor = capability_tuple(min_capability)
    names: list[str] = []
    try:
        archs = load_compat_table("gpus.toml", "arch", ("capability", "examples"))
    except KnowledgeError:
        return names
    for arch in archs:
        cap = capability_tuple(arch["capability"])
        if floor and cap and cap >= floor:
            names.extend([n for n in arch["examples"] if "Jetson" not in n][:1])
    return names[:limit]


def family_of(capability: Optional[str]) -> Optional[str]:
    try:
        archs = load_compat_table("gpus.toml", "arch", ("capability", "family"))
    except KnowledgeError:
        return None
    for arch in archs:
        if arch["capability"] == capability:
            return arch["family"]
    return None


def flash_attn_rejection(version: Optional[str]) -> Optional[str]:
    """The error flash-attn prints on a too-old GPU, for the installed (or any 2.x) version."""
    try:
        rows = load_compat_table("flash_attn.toml", "arch_rejection", ("flash_attn",))
    except KnowledgeError:
        return None
    parsed = parse_version(version) if version else None
    for row in rows:
        message = row.get("error_message")
        if not message:
            continue
        try:
            spec = SpecifierSet(row["flash_attn"])
        except Exception:
            continue
        if parsed is None or spec.contains(parsed, prereleases=True):
            return message
    return None


def tensorrt_release_for(version: Optional[str]) -> Optional[dict]:
    """The compat/tensorrt.toml release row covering an installed TensorRT version."""
    parsed = parse_version(version)
    if parsed is None:
        return None
    try:
        rows = load_compat_table("tensorrt.toml", "release", ("version", "min_capability"))
    except KnowledgeError:
        return None
    for row in rows:
        bounds = [parse_version(part) for part in row["version"].split("-")]
        if not bounds or any(b is None for b in bounds):
            continue
        low, high = bounds[0], bounds[-1]
        key = (parsed.major, parsed.minor)
        if (low.major, low.minor) <= key <= (high.major, high.minor):
            return row
    return None


def newest_tensorrt_for(capability: str) -> Optional[dict]:
    """The newest TensorRT release line that still supports a GPU of `capability`."""
    cap = capability_tuple(capability)
    try:
        rows = load_compat_table("tensorrt.toml", "release", ("version", "min_capability", "latest_patch"))
    except KnowledgeError:
        return None
    best = None
    for row in rows:
        floor = capability_tuple(row["min_capability"])
        if cap and floor and floor <= cap and row.get("pip_packages"):
            best = row  # rows are in release order
    return best


def tensorrt_package(profile: Profile, torch_cuda_major: Optional[str]) -> str:
    """The TensorRT pip requirement for this torch, from the profile's template."""
    template = profile.tensorrt_pip or "tensorrt"
    if torch_cuda_major:
        return template.replace("{torch CUDA major}", torch_cuda_major)
    return template


def fork_repository(profile: Profile) -> Optional[str]:
    """https://github.com/OWNER/REPO of a research fork, from its weights URL."""
    for template in profile.weights_url_templates:
        match = re.match(r"(https://github\.com/[^/]+/[^/]+)/releases/", template)
        if match:
            return match.group(1)
    return None


def weights_url(profile: Profile, weight: str, ultralytics_version: Optional[str]) -> Optional[str]:
    """Where a profile's weight file is downloaded from: the fork's own release, or the ultralytics/assets
    release tag of the installed ultralytics (compat/ultralytics.toml)."""
    if profile.weights_url_templates:
        return profile.weights_url_templates[0].format(weight=weight)
    family = profile.model_family
    version = parse_version(ultralytics_version)
    if not family or version is None:
        return None
    try:
        families = load_compat_table("ultralytics.toml", "family", ("name",))
        tags = load_compat_table("ultralytics.toml", "release_tag", ("ultralytics", "release_tag"))
    except KnowledgeError:
        return None
    row = next((f for f in families if f["name"] == family and f.get("weights_url_template")), None)
    tag = next((t["release_tag"] for t in tags if satisfies(version, str(t["ultralytics"]))), None)
    if row is None or tag is None:
        return None
    return str(row["weights_url_template"]).format(release_tag=tag, weight=weight)
