"""CUDA toolkits and the NVIDIA drivers they need (compat/cuda.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import versions as V
from .tables import CompatSource, default_source, field, flag, integer, is_verified, text

FILE = "cuda.toml"


def _os_key(os_name: Optional[str]) -> str:
    return "windows" if (os_name or "").lower().startswith("win") else "linux"


@dataclass(frozen=True)
class ToolkitDriver:
    """A CUDA minor release and the driver its GA toolkit needs without minor-version compatibility."""

    cuda: str  # "12.4"
    linux_driver: Optional[str]
    windows_driver: Optional[str]
    verified: bool = True
    note: str = ""
    windows_verified: bool = True  # False: the Windows value rests on a secondary source

    def driver(self, os_name: Optional[str]) -> Optional[str]:
        return self.windows_driver if _os_key(os_name) == "windows" else self.linux_driver

    def verified_for(self, os_name: Optional[str]) -> bool:
        return self.verified and (self.windows_verified or _os_key(os_name) != "windows")


@dataclass(frozen=True)
class MinorCompat:
    """The driver floor of one CUDA major family (minor-version compatibility, CUDA >= 11)."""

    cuda_major: int
    linux_min_driver: Optional[str]
    windows_min_driver: Optional[str]
    verified: bool = True
    note: str = ""
    windows_verified: bool = True

    def driver(self, os_name: Optional[str]) -> Optional[str]:
        return self.windows_min_driver if _os_key(os_name) == "windows" else self.linux_min_driver

    def verified_for(self, os_name: Optional[str]) -> bool:
        return self.verified and (self.windows_verified or _os_key(os_name) != "windows")


@dataclass(frozen=True)
class DriverRequirement:
    """What a program built with CUDA `cuda` needs from the driver on one OS.

    `minimum` is the lowest driver it runs on at all (the family's minor-compat
    floor, or the toolkit's own driver where no floor exists); `full` is the
    toolkit's own driver, below which it runs only through minor-version
    compatibility (no PTX JIT of newer PTX, some newer features missing).
    """

    cuda: str
    os: str  # "linux" | "windows"
    minimum: Optional[str]
    full: Optional[str]
    minimum_source: str  # "minor_compat" | "toolkit"
    verified: bool = True  # False when a value used rests on an unverified row

    def allows(self, driver: str) -> Optional[bool]:
        """Whether `driver` can run this CUDA at all (None: not known)."""
        return None if self.minimum is None else V.at_least(driver, self.minimum)

    def fully(self, driver: str) -> Optional[bool]:
        """Whether `driver` is at or above the toolkit's own driver (None: not known)."""
        return None if self.full is None else V.at_least(driver, self.full)


def toolkit_drivers(src: Optional[CompatSource] = None) -> tuple[ToolkitDriver, ...]:
    """Every CUDA minor release known, oldest first."""
    src = src or default_source()

    def build() -> tuple[ToolkitDriver, ...]:
        where = f"{src.label}/{FILE}: [[toolkit]]"
        rows = []
        for i, e in enumerate(src.table(FILE, "toolkit", ("version",))):
            cuda = field(where, e, i, "version", text)
            field(where, e, i, "version", V.numeric)
            linux = field(where, e, i, "linux_driver", text, optional=True)
            windows = field(where, e, i, "windows_driver", text, optional=True)
            for key, value in (("linux_driver", linux), ("windows_driver", windows)):
                if value is not None:
                    field(where, e, i, key, V.numeric)
            rows.append(ToolkitDriver(cuda, linux, windows, is_verified(where, e, i),
                                      e.get("note", ""), _windows_verified(where, e, i)))
        return tuple(sorted(rows, key=lambda r: V.numeric(r.cuda)))

    return src.memo("cuda.toolkit", build)


def minor_compat_floors(src: Optional[CompatSource] = None) -> tuple[MinorCompat, ...]:
    src = src or default_source()

    def build() -> tuple[MinorCompat, ...]:
        where = f"{src.label}/{FILE}: [[minor_compat]]"
        rows = []
        for i, e in enumerate(src.table(FILE, "minor_compat", ("cuda_major",))):
            cuda_major = field(where, e, i, "cuda_major", integer)
            linux = field(where, e, i, "linux_min_driver", text, optional=True)
            windows = field(where, e, i, "windows_min_driver", text, optional=True)
            for key, value in (("linux_min_driver", linux), ("windows_min_driver", windows)):
                if value is not None:
                    field(where, e, i, key, V.numeric)
            rows.append(MinorCompat(cuda_major, linux, windows, is_verified(where, e, i),
                                    e.get("note", ""), _windows_verified(where, e, i)))
        return tuple(rows)

    return src.memo("cuda.minor_compat", build)


def _windows_verified(where: str, entry: dict, index: int) -> bool:
    return field(where, entry, index, "windows_verified", flag, optional=True) is not False


def toolkit_driver(cuda: str, src: Optional[CompatSource] = None) -> Optional[ToolkitDriver]:
    """The row of CUDA `cuda` ("12.4", "12.4.1"); None when that minor is not in the table."""
    wanted = V.major_minor(cuda)
    for row in toolkit_drivers(src):
        if V.major_minor(row.cuda) == wanted:
            return row
    return None


def minor_compat(cuda_major: int, src: Optional[CompatSource] = None) -> Optional[MinorCompat]:
    """The minor-compat floor of a CUDA major (None for 10.x and unknown majors)."""
    for row in minor_compat_floors(src):
        if row.cuda_major == cuda_major:
            return row
    return None


def driver_requirement(cuda: str, os_name: Optional[str] = "Linux",
                       src: Optional[CompatSource] = None) -> DriverRequirement:
    """What CUDA `cuda` (torch.version.cuda, nvcc's release) needs from the driver on `os_name`.

    A minor newer than the table knows (a future 13.9) takes the newest row of
    its major as its toolkit driver, marked unverified.
    """
    key = _os_key(os_name)
    row = toolkit_driver(cuda, src)
    verified = True
    if row is None:
        same_major = [r for r in toolkit_drivers(src) if V.major(r.cuda) == V.major(cuda)
                      and V.major_minor(r.cuda) < V.major_minor(cuda) and r.driver(os_name)]
        row = same_major[-1] if same_major else None
        verified = False
    full = row.driver(os_name) if row else None
    if row is not None and not row.verified_for(os_name):
        verified = False
    floor = minor_compat(V.major(cuda), src)
    if floor is not None and floor.driver(os_name):
        minimum, source = floor.driver(os_name), "minor_compat"
        verified = verified and floor.verified_for(os_name)
    else:
        minimum, source = full, "toolkit"
    return DriverRequirement(V.mm_text(cuda), key, minimum, full, source, verified)


def highest_cuda_for_driver(driver: str, os_name: Optional[str] = "Linux",
                            src: Optional[CompatSource] = None) -> Optional[str]:
    """The newest CUDA minor whose toolkit driver is <= `driver` (what nvidia-smi calls "CUDA Version").
    None when the driver is older than every row."""
    best = None
    for row in toolkit_drivers(src):
        needed = row.driver(os_name)
        if needed is not None and V.at_least(driver, needed):
            best = row.cuda
    return best
