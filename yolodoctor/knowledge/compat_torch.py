"""PyTorch releases, their wheel variants and the GPU archs each variant carries (compat/torch.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import versions as V
from .tables import CompatSource, default_source, field, is_verified, text, text_list

FILE = "torch.toml"


@dataclass(frozen=True)
class TorchRelease:
    version: str  # "2.4.1"
    date: str
    python: tuple[str, ...]  # "3.12", "3.13t" (free-threaded)
    cuda_variants: tuple[str, ...]  # "cu118", "cu121", ...
    pypi_default_cuda: Optional[str]  # the variant the plain PyPI wheel is
    torchvision: Optional[str]
    torchaudio: Optional[str]
    cudnn: Optional[str]  # cuDNN of the PyPI default wheel
    rocm_variants: tuple[str, ...] = ()
    verified: bool = True
    note: str = ""

    @property
    def minor(self) -> str:
        return V.mm_text(self.version)

    def supports_python(self, python_version: str) -> bool:
        """Whether CPython `python_version` ("3.11.7") has wheels (free-threaded builds not counted)."""
        return V.mm_text(python_version) in self.python


@dataclass(frozen=True)
class ArchEntry:
    """The GPU archs compiled into one torch CUDA variant over a range of releases."""

    variant: str
    torch_min: str
    torch_max: Optional[str]  # None: still current
    arch_list: tuple[str, ...]  # SASS targets, "sm_86"
    ptx: Optional[str] = None  # "compute_120": PTX also embedded
    verified: bool = True
    note: str = ""

    def covers_release(self, torch_version: str) -> bool:
        version = V.pep440(V.base_release(torch_version))
        if version < V.pep440(self.torch_min):
            return False
        return self.torch_max is None or version <= V.pep440(self.torch_max)

    @property
    def full_list(self) -> tuple[str, ...]:
        """What torch.cuda.get_arch_list() reports for such a build."""
        return self.arch_list + ((self.ptx,) if self.ptx else ())

    def runs_on(self, capability: tuple[int, int]) -> bool:
        return V.arch_list_covers(list(self.full_list), capability) is not None


def torch_releases(src: Optional[CompatSource] = None) -> tuple[TorchRelease, ...]:
    """Every published torch release from 1.12.0, oldest first."""
    src = src or default_source()

    def build() -> tuple[TorchRelease, ...]:
        where = f"{src.label}/{FILE}: [[release]]"
        rows = []
        seen = set()
        for i, e in enumerate(src.table(FILE, "release", ("version", "python", "cuda_variants"))):
            version = field(where, e, i, "version", text)
            field(where, e, i, "version", V.pep440)
            if version in seen:
                raise _error(where, e, i, "appears twice")
            seen.add(version)
            variants = field(where, e, i, "cuda_variants", text_list)
            for variant in variants:
                if not V.is_cuda_variant(variant):
                    raise _error(where, e, i, f"cuda_variants holds {variant!r}, not a variant like cu124")
            default = field(where, e, i, "pypi_default_cuda", text, optional=True)
            for key in ("torchvision", "torchaudio", "cudnn"):
                if e.get(key) is not None:
                    field(where, e, i, key, lambda v: V.pep440(text(v)))
            rows.append(TorchRelease(
                version=version, date=str(e.get("date", "")), python=field(where, e, i, "python", text_list),
                cuda_variants=variants, pypi_default_cuda=default,
                torchvision=e.get("torchvision"), torchaudio=e.get("torchaudio"), cudnn=e.get("cudnn"),
                rocm_variants=tuple(e.get("rocm_variants", ())), verified=is_verified(where, e, i),
                note=e.get("note", "")))
        return tuple(sorted(rows, key=lambda r: V.pep440(r.version)))

    return src.memo("torch.release", build)


def _error(where: str, entry: dict, index: int, problem: str):
    from .files import KnowledgeError
    from .tables import entry_label

    return KnowledgeError(f"{where} entry {entry_label(entry, index)}: {problem}")


def early_release_pythons(version: str, src: Optional[CompatSource] = None) -> Optional[tuple[str, ...]]:
    """The CPython minors with Linux wheels of a release older than the [[release]] table ("1.9.1" ->
    ("3.6", "3.7", "3.8", "3.9")); None when the release is not in [[early_release]]."""
    src = src or default_source()

    def build() -> dict[str, tuple[str, ...]]:
        where = f"{src.label}/{FILE}: [[early_release]]"
        out: dict[str, tuple[str, ...]] = {}
        for i, e in enumerate(src.table(FILE, "early_release", ("versions", "python"))):
            pythons = field(where, e, i, "python", text_list)
            for release in field(where, e, i, "versions", text_list):
                V.pep440(release)
                if release in out:
                    raise _error(where, e, i, f"{release} appears twice")
                out[release] = pythons
        return out

    try:
        base = V.base_release(version)
    except ValueError:
        return None
    return src.memo("torch.early_release", build).get(base)


def early_release_default_cuda(version: str, src: Optional[CompatSource] = None) -> Optional[str]:
    """The CUDA variant a plain `pip install torch==X` gave on Linux for a release older than the [[release]]
    table ("1.3.0" -> "cu101"); None where [[early_release]] records none (or the release is not there)."""
    src = src or default_source()

    def build() -> dict[str, str]:
        where = f"{src.label}/{FILE}: [[early_release]]"
        out: dict[str, str] = {}
        for i, e in enumerate(src.table(FILE, "early_release", ("versions", "python"))):
            default = field(where, e, i, "pypi_default_cuda", text, optional=True)
            if default is None:
                continue
            if not V.is_cuda_variant(default):
                raise _error(where, e, i, f"pypi_default_cuda holds {default!r}, not a variant like cu101")
            for release in field(where, e, i, "versions", text_list):
                out[release] = default
        return out

    try:
        base = V.base_release(version)
    except ValueError:
        return None
    return src.memo("torch.early_default_cuda", build).get(base)


def early_release_cuda_variants(version: str, src: Optional[CompatSource] = None) -> Optional[tuple[str, ...]]:
    """The +cuXXX builds published for a release older than the [[release]] table ("1.9.0" -> ("cu102",
    "cu111")); None where [[early_release]] records none (or the release is not there)."""
    src = src or default_source()

    def build() -> dict[str, tuple[str, ...]]:
        where = f"{src.label}/{FILE}: [[early_release]]"
        out: dict[str, tuple[str, ...]] = {}
        for i, e in enumerate(src.table(FILE, "early_release", ("versions", "python"))):
            variants = field(where, e, i, "cuda_variants", text_list, optional=True)
            if variants is None:
                continue
            for variant in variants:
                if not V.is_cuda_variant(variant):
                    raise _error(where, e, i, f"cuda_variants holds {variant!r}, not a variant like cu101")
            for release in field(where, e, i, "versions", text_list):
                out[release] = tuple(variants)
        return out

    try:
        base = V.base_release(version)
    except ValueError:
        return None
    return src.memo("torch.early_cuda_variants", build).get(base)


@dataclass(frozen=True)
class LtsRelease:
    """A long-term-support release, published only on an index of its own (compat/torch.toml [[lts_release]])."""

    version: str  # "1.8.2"
    index: str  # "https://download.pytorch.org/whl/lts/1.8/": the variant ("cu111", "cpu") follows
    cuda_variants: tuple[str, ...]
    python: tuple[str, ...]
    torchvision: Optional[str] = None
    torchaudio: Optional[str] = None

    def supports_python(self, python_version: str) -> bool:
        return V.mm_text(python_version) in self.python


def lts_releases(src: Optional[CompatSource] = None) -> tuple[LtsRelease, ...]:
    """Every long-term-support torch release in [[lts_release]], validated."""
    src = src or default_source()

    def build() -> tuple[LtsRelease, ...]:
        where = f"{src.label}/{FILE}: [[lts_release]]"
        out: dict[str, LtsRelease] = {}
        for i, e in enumerate(src.table(FILE, "lts_release", ("version", "index", "cuda_variants", "python"))):
            release = field(where, e, i, "version", text)
            field(where, e, i, "version", V.pep440)
            if release in out:
                raise _error(where, e, i, f"{release} appears twice")
            index = field(where, e, i, "index", text)
            if not index.startswith("https://") or not index.endswith("/"):
                raise _error(where, e, i, f"index holds {index!r}, not an https URL ending in /")
            variants = field(where, e, i, "cuda_variants", text_list)
            for variant in variants:
                if not V.is_cuda_variant(variant):
                    raise _error(where, e, i, f"cuda_variants holds {variant!r}, not a variant like cu111")
            out[release] = LtsRelease(release, index, tuple(variants), field(where, e, i, "python", text_list),
                                      field(where, e, i, "torchvision", text, optional=True),
                                      field(where, e, i, "torchaudio", text, optional=True))
        return tuple(out.values())

    return src.memo("torch.lts_release", build)


def lts_release(version: str, src: Optional[CompatSource] = None) -> Optional[LtsRelease]:
    """The long-term-support release `version` is ("1.8.2+cu111" -> 1.8.2); None when it is none."""
    try:
        base = V.base_release(version)
    except ValueError:
        return None
    return next((r for r in lts_releases(src) if r.version == base), None)


def pypi_default_cuda(version: str, src: Optional[CompatSource] = None) -> Optional[str]:
    """The CUDA variant PyPI's plain wheel of a torch release is built for on Linux, whatever its era
    ("2.1.0" -> "cu121", "1.5.0" -> "cu102"); None when not recorded."""
    release = torch_release(version, src)
    if release is not None:
        return release.pypi_default_cuda
    return early_release_default_cuda(version, src)


def torch_release(version: str, src: Optional[CompatSource] = None) -> Optional[TorchRelease]:
    """The release of an installed torch ("2.4.1+cu121" -> 2.4.1); None when not in the table."""
    try:
        base = V.base_release(version)
    except ValueError:
        return None
    for row in torch_releases(src):
        if row.version == base:
            return row
    return None


def newest_torch_release(python_version: Optional[str] = None,
                         src: Optional[CompatSource] = None) -> Optional[TorchRelease]:
    """The newest release (with wheels for `python_version`, when given)."""
    for row in reversed(torch_releases(src)):
        if python_version is None or row.supports_python(python_version):
            return row
    return None


def torchvision_for_torch(torch_version: str, src: Optional[CompatSource] = None) -> Optional[str]:
    """The torchvision release paired with a torch release (2.4.1 -> 0.19.1)."""
    row = torch_release(torch_version, src)
    return row.torchvision if row else None


def torchaudio_for_torch(torch_version: str, src: Optional[CompatSource] = None) -> Optional[str]:
    row = torch_release(torch_version, src)
    return row.torchaudio if row else None


def torch_for_torchvision(torchvision_version: str, src: Optional[CompatSource] = None) -> Optional[TorchRelease]:
    """The torch release a torchvision release was published for (0.19.1 -> 2.4.1)."""
    try:
        base = V.base_release(torchvision_version)
    except ValueError:
        return None
    for row in torch_releases(src):
        if row.torchvision and V.base_release(row.torchvision) == base:
            return row
    return None


def arch_entries(src: Optional[CompatSource] = None) -> tuple[ArchEntry, ...]:
    src = src or default_source()

    def build() -> tuple[ArchEntry, ...]:
        where = f"{src.label}/{FILE}: [[arch]]"
        rows = []
        for i, e in enumerate(src.table(FILE, "arch", ("variant", "torch_min", "arch_list"))):
            variant = field(where, e, i, "variant", text)
            if not V.is_cuda_variant(variant):
                raise _error(where, e, i, f"variant {variant!r} is not like cu124")
            arch_list = field(where, e, i, "arch_list", text_list)
            for arch in arch_list:
                try:
                    V.parse_arch(arch)
                except ValueError as exc:
                    raise _error(where, e, i, f"arch_list: {exc}") from None
            ptx = field(where, e, i, "ptx", text, optional=True)
            if ptx is not None:
                field(where, e, i, "ptx", V.parse_arch)
            torch_min = field(where, e, i, "torch_min", text)
            field(where, e, i, "torch_min", V.pep440)
            torch_max = field(where, e, i, "torch_max", text, optional=True)
            if torch_max is not None:
                field(where, e, i, "torch_max", V.pep440)
            rows.append(ArchEntry(variant, torch_min, torch_max, arch_list, ptx, is_verified(where, e, i),
                                  e.get("note", "")))
        return tuple(rows)

    return src.memo("torch.arch", build)


def arch_entry(variant: str, torch_version: str, src: Optional[CompatSource] = None) -> Optional[ArchEntry]:
    """The arch list row of `variant` ("cu124") for an installed torch ("2.4.1+cu124")."""
    for row in arch_entries(src):
        if row.variant == variant and row.covers_release(torch_version):
            return row
    return None


def installed_variant(torch_version: Optional[str], torch_cuda: Optional[str]) -> Optional[str]:
    """The CUDA variant of an installed torch: its local tag ("+cu124"), else torch.version.cuda.

    A plain PyPI wheel has no local tag; its torch.version.cuda names the variant."""
    if torch_version:
        try:
            tag = V.local_tag(torch_version)
        except ValueError:
            tag = None
        if V.is_cuda_variant(tag):
            return tag
    if torch_cuda:
        try:
            return V.cuda_variant(torch_cuda)
        except ValueError:
            return None
    return None


def builds_supporting(capability: tuple[int, int], src: Optional[CompatSource] = None) -> list[tuple[TorchRelease, str]]:
    """(release, variant) pairs whose official wheels carry kernels for `capability`, newest release first
    and, within a release, the lowest CUDA variant first (it needs the oldest driver)."""
    found = []
    for release in reversed(torch_releases(src)):
        for variant in sorted(release.cuda_variants, key=lambda v: V.numeric(V.variant_cuda(v))):
            entry = arch_entry(variant, release.version, src)
            if entry is not None and entry.runs_on(capability):
                found.append((release, variant))
    return found


def first_release_supporting(capability: tuple[int, int],
                             src: Optional[CompatSource] = None) -> Optional[tuple[TorchRelease, str]]:
    """The oldest (release, variant) with kernels for `capability` (sm_120 -> 2.7.0 cu128)."""
    builds = builds_supporting(capability, src)
    if not builds:
        return None
    oldest = min(builds, key=lambda b: (V.pep440(b[0].version), V.numeric(V.variant_cuda(b[1]))))
    return oldest


def variants_supporting(capability: tuple[int, int], torch_version: str,
                        src: Optional[CompatSource] = None) -> list[str]:
    """The variants of one torch release whose wheels carry kernels for `capability`."""
    release = torch_release(torch_version, src)
    if release is None:
        return []
    return [v for r, v in builds_supporting(capability, src) if r.version == release.version]


def newer_than_tables(torch_version: str, src: Optional[CompatSource] = None) -> bool:
    """Whether an installed torch ("2.16.0+cu136") is a release newer than every row of the table."""
    try:
        return V.pep440(V.base_release(torch_version)) > V.pep440(torch_releases(src)[-1].version)
    except ValueError:
        return False


def nearest_arch_entry(variant: str, torch_version: str,
                       src: Optional[CompatSource] = None) -> Optional[tuple[ArchEntry, str]]:
    """(arch row, release it was taken for) to judge a torch newer than the tables by: the newest known
    release's row of the same variant, else of its highest variant of the same CUDA major not above
    `variant`. None for a torch the tables know (use arch_entry) or when nothing is near enough."""
    if not newer_than_tables(torch_version, src) or not V.is_cuda_variant(variant):
        return None
    newest = torch_releases(src)[-1]
    entry = arch_entry(variant, newest.version, src)
    if entry is not None:
        return entry, newest.version
    wanted = V.numeric(V.variant_cuda(variant))
    near = [v for v in newest.cuda_variants
            if V.numeric(V.variant_cuda(v))[0] == wanted[0] and V.numeric(V.variant_cuda(v)) <= wanted]
    for candidate in sorted(near, key=lambda v: V.numeric(V.variant_cuda(v)), reverse=True):
        entry = arch_entry(candidate, newest.version, src)
        if entry is not None:
            return entry, newest.version
    return None
