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
