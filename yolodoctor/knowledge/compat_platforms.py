"""Jetson (JetPack -> NVIDIA's torch wheels) and the pytorch conda channel (compat/platforms.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import versions as V
from .tables import CompatSource, default_source, field, is_verified, text, text_list

FILE = "platforms.toml"


@dataclass(frozen=True)
class JetpackWheels:
    """One JetPack release, the L4T releases it covers and NVIDIA's torch build for it."""

    jetpack: str  # "6.1"
    l4t_min: str  # "36.4.0"
    l4t_max: str
    cuda: str
    python: str  # "3.10"
    torch: str  # "2.5.0a0+872d972e41.nv24.08"
    index: str  # where NVIDIA publishes the wheels
    verified: bool = True
    note: str = ""

    def covers_l4t(self, l4t: str) -> bool:
        return V.at_least(l4t, self.l4t_min) and V.at_least(self.l4t_max, l4t)


@dataclass(frozen=True)
class CondaPytorch:
    """The pytorch-cuda versions the pytorch conda channel published for a range of releases."""

    torch_min: str
    torch_max: str
    pytorch_cuda: tuple[str, ...]
    verified: bool = True

    def covers(self, torch_version: str) -> bool:
        release = V.base_release(torch_version)
        return V.at_least(release, self.torch_min) and V.at_least(self.torch_max, release)


def jetpack_wheels(src: Optional[CompatSource] = None) -> tuple[JetpackWheels, ...]:
    """Every JetPack row, newest first (as in the file)."""
    src = src or default_source()

    def build() -> tuple[JetpackWheels, ...]:
        where = f"{src.label}/{FILE}: [[jetpack]]"
        rows = []
        for i, e in enumerate(src.table(FILE, "jetpack", ("jetpack", "l4t_min", "l4t_max", "torch", "index"))):
            rows.append(JetpackWheels(
                jetpack=field(where, e, i, "jetpack", text), l4t_min=field(where, e, i, "l4t_min", text),
                l4t_max=field(where, e, i, "l4t_max", text), cuda=field(where, e, i, "cuda", text),
                python=field(where, e, i, "python", text), torch=field(where, e, i, "torch", text),
                index=field(where, e, i, "index", text), verified=is_verified(where, e, i),
                note=field(where, e, i, "note", text, optional=True) or ""))
        return tuple(rows)

    return src.memo("jetpack", build)


def jetpack_for(l4t: Optional[str] = None, jetpack: Optional[str] = None,
                src: Optional[CompatSource] = None) -> Optional[JetpackWheels]:
    """The JetPack row for an installed JetPack version (6.1) or, failing that, an L4T release (36.4.0)."""
    rows = jetpack_wheels(src)
    if jetpack:
        for candidate in (jetpack, V.mm_text(jetpack) if "." in jetpack else jetpack):
            row = next((r for r in rows if r.jetpack == candidate), None)
            if row is not None:
                return row
    if l4t:
        for row in rows:
            try:
                if row.covers_l4t(l4t):
                    return row
            except ValueError:
                return None
    return None


def conda_pytorch(src: Optional[CompatSource] = None) -> tuple[CondaPytorch, ...]:
    src = src or default_source()

    def build() -> tuple[CondaPytorch, ...]:
        where = f"{src.label}/{FILE}: [[conda_pytorch]]"
        return tuple(CondaPytorch(field(where, e, i, "torch_min", text), field(where, e, i, "torch_max", text),
                                  field(where, e, i, "pytorch_cuda", text_list), is_verified(where, e, i))
                     for i, e in enumerate(src.table(FILE, "conda_pytorch", ("torch_min", "torch_max",
                                                                             "pytorch_cuda"))))

    return src.memo("conda_pytorch", build)


def conda_pytorch_cuda(torch_version: str, src: Optional[CompatSource] = None) -> tuple[str, ...]:
    """The pytorch-cuda versions published for this pytorch release on the pytorch channel (empty: none)."""
    for row in conda_pytorch(src):
        try:
            if row.covers(torch_version):
                return row.pytorch_cuda
        except ValueError:
            return ()
    return ()


@dataclass(frozen=True)
class WheelTag:
    """A build tag (cu, cpu, rocm, pytorch-cuda) PyTorch does not publish for a platform (before a release, or ever)."""

    platform: str  # "macos", "linux-aarch64"
    tag: str
    absent_before: Optional[str] = None  # None: never published there
    verified: bool = True

    def absent_for(self, torch_version: Optional[str]) -> bool:
        """Whether this tag is missing for that release on the platform (an unknown release: only if never)."""
        if self.absent_before is None:
            return True
        if not torch_version:
            return False
        try:
            return not V.at_least(V.base_release(torch_version), self.absent_before)
        except ValueError:
            return False


def wheel_tags(src: Optional[CompatSource] = None) -> tuple[WheelTag, ...]:
    src = src or default_source()

    def build() -> tuple[WheelTag, ...]:
        where = f"{src.label}/{FILE}: [[wheel_tag]]"
        return tuple(WheelTag(field(where, e, i, "platform", text), field(where, e, i, "tag", text),
                              field(where, e, i, "absent_before", text, optional=True), is_verified(where, e, i))
                     for i, e in enumerate(src.table(FILE, "wheel_tag", ("platform", "tag"))))

    return src.memo("wheel_tag", build)


def tag_absent(platform: str, tag: str, torch_version: Optional[str] = None,
               src: Optional[CompatSource] = None) -> Optional[WheelTag]:
    """The row saying PyTorch publishes no `tag` build for `platform` (at that release), or None."""
    for row in wheel_tags(src):
        if row.platform == platform and row.tag == tag and row.absent_for(torch_version):
            return row
    return None


@dataclass(frozen=True)
class StdlibRemoval:
    """A standard-library module that a Python release removed."""

    module: str  # "distutils"
    removed_in: str  # "3.12"


def stdlib_removals(src: Optional[CompatSource] = None) -> tuple[StdlibRemoval, ...]:
    src = src or default_source()

    def build() -> tuple[StdlibRemoval, ...]:
        where = f"{src.label}/{FILE}: [[stdlib_removal]]"
        return tuple(StdlibRemoval(field(where, e, i, "module", text), field(where, e, i, "removed_in", text))
                     for i, e in enumerate(src.table(FILE, "stdlib_removal", ("module", "removed_in"))))

    return src.memo("stdlib_removal", build)


def stdlib_removal(module: str, src: Optional[CompatSource] = None) -> Optional[StdlibRemoval]:
    """The release that removed `module` (or the top package of a dotted name: distutils.core), or None."""
    top = module.split(".", 1)[0]
    for row in stdlib_removals(src):
        if row.module == top:
            return row
    return None


@dataclass(frozen=True)
class PythonBoundedRelease:
    """A release series of a compiled package and the first Python it does not support."""

    package: str  # "llvmlite"
    series: str  # "0.36" (covers 0.36.x)
    python_below: str  # "3.10"


def python_bounded_releases(src: Optional[CompatSource] = None) -> tuple[PythonBoundedRelease, ...]:
    src = src or default_source()

    def build() -> tuple[PythonBoundedRelease, ...]:
        where = f"{src.label}/{FILE}: [[python_bounded_release]]"
        return tuple(PythonBoundedRelease(field(where, e, i, "package", text), field(where, e, i, "series", text),
                                          field(where, e, i, "python_below", text))
                     for i, e in enumerate(src.table(FILE, "python_bounded_release",
                                                     ("package", "series", "python_below"))))

    return src.memo("python_bounded_release", build)


def python_bounded_release(package: str, version: str,
                           src: Optional[CompatSource] = None) -> Optional[PythonBoundedRelease]:
    """The row of `package`'s release series holding `version` ("0.36.0" is in "0.36"), or None."""
    name = package.lower()
    series = ".".join(version.split(".")[:2])
    for row in python_bounded_releases(src):
        if row.package == name and row.series == series:
            return row
    return None
