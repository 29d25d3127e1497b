"""Ultralytics model families, requirements and torchvision pairing (compat/ultralytics.toml),
and the workload profiles (compat/profiles.toml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from . import versions as V
from .tables import CompatSource, default_source, field, is_verified, text, text_list

FILE = "ultralytics.toml"
PROFILES_FILE = "profiles.toml"


@dataclass(frozen=True)
class ModelFamily:
    name: str  # "yolo11"
    first_version: str  # the first ultralytics release that can build and load it
    last_version_without: Optional[str]
    weight_patterns: tuple[str, ...]
    example_weights: tuple[str, ...]
    verified: bool = True


def model_families(src: Optional[CompatSource] = None) -> tuple[ModelFamily, ...]:
    """Ultralytics model families, in the order they were introduced."""
    src = src or default_source()

    def build() -> tuple[ModelFamily, ...]:
        where = f"{src.label}/{FILE}: [[family]]"
        rows = []
        for i, e in enumerate(src.table(FILE, "family", ("name", "first_version"))):
            first = field(where, e, i, "first_version", text)
            field(where, e, i, "first_version", V.pep440)
            rows.append(ModelFamily(field(where, e, i, "name", text), first, e.get("last_version_without"),
                                    field(where, e, i, "weight_patterns", text_list, optional=True) or (),
                                    field(where, e, i, "example_weights", text_list, optional=True) or (),
                                    is_verified(where, e, i)))
        return tuple(sorted(rows, key=lambda r: V.pep440(r.first_version)))

    return src.memo("ultralytics.family", build)


def model_family(name: str, src: Optional[CompatSource] = None) -> Optional[ModelFamily]:
    """A family by name ("yolo11"), or by a model/weights name ("yolo11n.pt", "yolo26s-seg.yaml")."""
    key = name.strip().lower()
    families = model_families(src)
    for family in families:
        if family.name == key:
            return family
    stem = re.sub(r"\.(pt|yaml|yml|onnx|engine)$", "", key)
    for family in sorted(families, key=lambda f: -len(f.name)):
        if re.fullmatch(re.escape(family.name) + r"[nsmlx]?(-[a-z0-9-]+)?", stem):
            return family
    return None


def families_newer_than(ultralytics_version: str, src: Optional[CompatSource] = None) -> list[ModelFamily]:
    """The families an installed ultralytics cannot build or load (introduced after it)."""
    installed = V.pep440(V.base_release(ultralytics_version))
    return [f for f in model_families(src) if V.pep440(f.first_version) > installed]


@dataclass(frozen=True)
class Argument:
    """An argument (a key of the default configuration) that a later Ultralytics release introduced."""

    name: str  # "save_period"
    last_version_without: str  # the newest release read that rejects it
    first_version_with: str  # the oldest release read that accepts it


def ultralytics_arguments(src: Optional[CompatSource] = None) -> tuple[Argument, ...]:
    """The arguments 8.0.0 did not have, with the releases around their arrival (compat/ultralytics.toml)."""
    src = src or default_source()

    def build() -> tuple[Argument, ...]:
        where = f"{src.label}/{FILE}: [[argument]]"
        rows = []
        for i, e in enumerate(src.table(FILE, "argument", ("name", "last_version_without", "first_version_with"))):
            for key in ("last_version_without", "first_version_with"):
                field(where, e, i, key, V.pep440)
            rows.append(Argument(field(where, e, i, "name", text), field(where, e, i, "last_version_without", text),
                                 field(where, e, i, "first_version_with", text)))
        return tuple(rows)

    return src.memo("ultralytics.argument", build)


def ultralytics_argument(name: str, src: Optional[CompatSource] = None) -> Optional[Argument]:
    return next((a for a in ultralytics_arguments(src) if a.name == name), None)


@dataclass(frozen=True)
class Requirement:
    package: str
    specifier: str
    marker: Optional[str] = None
    applies_to: Optional[str] = None
    reason: Optional[str] = None
    reason_zh: Optional[str] = None  # the reason in Chinese, beside the English in the table

    def reason_in(self, chinese: bool) -> Optional[str]:
        return self.reason_zh if chinese and self.reason_zh else self.reason


def ultralytics_requirements(src: Optional[CompatSource] = None) -> tuple[Requirement, ...]:
    src = src or default_source()

    def build() -> tuple[Requirement, ...]:
        where = f"{src.label}/{FILE}: [[requirement]]"
        return tuple(Requirement(field(where, e, i, "package", text), field(where, e, i, "specifier", text),
                                 e.get("marker"), e.get("applies_to"), e.get("reason"), e.get("reason_zh"))
                     for i, e in enumerate(src.table(FILE, "requirement", ("package", "specifier"))))

    return src.memo("ultralytics.requirement", build)


def excluded_torch_versions(os_name: Optional[str], src: Optional[CompatSource] = None) -> list[tuple[str, Requirement]]:
    """torch versions Ultralytics excludes on this OS ("!=2.4.0" on Windows), with the requirement saying so."""
    windows = (os_name or "").lower().startswith("win")
    found = []
    for req in ultralytics_requirements(src):
        if req.package != "torch":
            continue
        marker = req.marker or ""
        if "win32" in marker and not windows:
            continue
        if marker and "win32" not in marker:
            continue  # extras and other platforms are not general requirements
        for clause in req.specifier.split(","):
            clause = clause.strip()
            if clause.startswith("!="):
                found.append((clause[2:].strip(), req))
    return found


@dataclass(frozen=True)
class TorchvisionPair:
    """Ultralytics' check_torchvision table: torch minor (or range) -> torchvision minor (or range)."""

    torch: str  # "2.4" or ">=2.14"
    torchvision: str  # "0.19" or ">=0.29"

    def matches_torch(self, torch_version: str) -> bool:
        return V.in_minor_range(V.base_release(torch_version), self.torch)

    def accepts(self, torchvision_version: str) -> bool:
        return V.in_minor_range(V.base_release(torchvision_version), self.torchvision)


def torchvision_pairs(src: Optional[CompatSource] = None) -> tuple[TorchvisionPair, ...]:
    src = src or default_source()

    def build() -> tuple[TorchvisionPair, ...]:
        where = f"{src.label}/{FILE}: [[torchvision_pair]]"
        rows = []
        for i, e in enumerate(src.table(FILE, "torchvision_pair", ("torch", "torchvision"))):
            pair = TorchvisionPair(field(where, e, i, "torch", text), field(where, e, i, "torchvision", text))
            field(where, e, i, "torch", lambda r: V.in_minor_range("0.0", r))
            field(where, e, i, "torchvision", lambda r: V.in_minor_range("0.0", r))
            rows.append(pair)
        return tuple(rows)

    return src.memo("ultralytics.torchvision_pair", build)


def torchvision_pair(torch_version: str, src: Optional[CompatSource] = None) -> Optional[TorchvisionPair]:
    for pair in torchvision_pairs(src):
        if pair.matches_torch(torch_version):
            return pair
    return None


# --------------------------------------------------------------- profiles ---

# One Profile type for the whole program: yolodoctor.profiles loads and validates compat/profiles.toml
# (errors name file, profile, key and allowed values); these accessors read it through a CompatSource.
from ..profiles.model import Profile  # noqa: E402


def profiles(src: Optional[CompatSource] = None) -> tuple[Profile, ...]:
    from ..profiles.load import parse_profiles

    src = src or default_source()

    def build() -> tuple[Profile, ...]:
        rows = src.table(PROFILES_FILE, "profile", ("name",))
        return parse_profiles({"profile": rows}, f"{src.label}/{PROFILES_FILE}")

    return src.memo("profiles.profile", build)


def profile(name: str, src: Optional[CompatSource] = None) -> Optional[Profile]:
    for row in profiles(src):
        if row.name == name:
            return row
    return None
