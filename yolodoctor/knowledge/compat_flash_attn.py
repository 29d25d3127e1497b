"""flash-attn: GPU generations per major, arch rejections, prebuilt wheels, build needs
(compat/flash_attn.toml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from . import versions as V
from .files import KnowledgeError
from .tables import CompatSource, default_source, entry_label, field, is_verified, text, text_list

FILE = "flash_attn.toml"


def _spec_or_none(value: str) -> Optional[str]:
    """A row's version range when it is a PEP 440 specifier; FA3/FA4 rows name other packages."""
    try:
        V.specifier(value)
        return value
    except ValueError:
        return None


@dataclass(frozen=True)
class FlashAttnMajor:
    name: str
    version_range: str  # ">=2.0,<3", or a description for other packages (FA3, FA4)
    spec: Optional[str]  # version_range when it applies to the flash-attn distribution
    min_capability: tuple[int, int]
    supported_capabilities: tuple[str, ...]
    min_cuda: Optional[str]
    min_torch: Optional[str]
    import_module: Optional[str]
    extension_module: Optional[str]
    verified: bool = True
    note: str = ""


def flash_attn_majors(src: Optional[CompatSource] = None) -> tuple[FlashAttnMajor, ...]:
    src = src or default_source()

    def build() -> tuple[FlashAttnMajor, ...]:
        where = f"{src.label}/{FILE}: [[major]]"
        rows = []
        for i, e in enumerate(src.table(FILE, "major", ("name", "version_range", "min_capability"))):
            rng = field(where, e, i, "version_range", text)
            rows.append(FlashAttnMajor(
                name=field(where, e, i, "name", text), version_range=rng, spec=_spec_or_none(rng),
                min_capability=field(where, e, i, "min_capability", V.capability),
                supported_capabilities=field(where, e, i, "supported_capabilities", text_list, optional=True) or (),
                min_cuda=e.get("min_cuda"), min_torch=e.get("min_torch"), import_module=e.get("import_module"),
                extension_module=e.get("extension_module"), verified=is_verified(where, e, i),
                note=e.get("note", "")))
        return tuple(rows)

    return src.memo("flash_attn.major", build)


def flash_attn_major(version: str, src: Optional[CompatSource] = None) -> Optional[FlashAttnMajor]:
    """The major line an installed flash-attn belongs to ("2.5.8" -> FA2)."""
    for row in flash_attn_majors(src):
        if row.spec and V.satisfies(V.base_release(version), row.spec):
            return row
    return None


_CAP_TEST = re.compile(r"(<=|>=|<|>|!=|==)\s*(\d+\.\d+)")
_FAMILY_EXCEPT = re.compile(r"(\d+)\.x other than (\d+\.\d+)")


def capability_test(expression: str) -> Callable[[tuple[int, int]], bool]:
    """ "<8.0", ">=10.0", "!=9.0", "9.x other than 9.0" -> a test on a compute capability."""
    expression = expression.strip()
    match = _CAP_TEST.fullmatch(expression)
    if match:
        op, cap = match.group(1), V.capability(match.group(2))
        return {
            "<": lambda c: c < cap, "<=": lambda c: c <= cap, ">": lambda c: c > cap, ">=": lambda c: c >= cap,
            "!=": lambda c: c != cap, "==": lambda c: c == cap,
        }[op]
    match = _FAMILY_EXCEPT.fullmatch(expression)
    if match:
        family, kept = int(match.group(1)), V.capability(match.group(2))
        return lambda c: c[0] == family and c != kept
    raise ValueError(f"{expression!r} is not a capability test like '<8.0' or '9.x other than 9.0'")


@dataclass(frozen=True)
class FlashAttnRejection:
    """Which GPUs a range of flash-attn releases refuses, and how."""

    flash_attn: str  # ">=2.0,<2.7.3"
    spec: Optional[str]
    rejected_capabilities: tuple[str, ...]
    rejects: tuple[str, ...]  # "Volta sm_70", ...
    mechanism: str  # runtime_check | build_target
    error_message: Optional[str]
    blackwell_prebuilt_wheel: Optional[str]
    first_blackwell_wheel: Optional[str]
    verified: bool = True
    note: str = ""

    def rejects_capability(self, capability: tuple[int, int]) -> bool:
        return any(capability_test(t)(capability) for t in self.rejected_capabilities)


def flash_attn_rejections(src: Optional[CompatSource] = None) -> tuple[FlashAttnRejection, ...]:
    src = src or default_source()

    def build() -> tuple[FlashAttnRejection, ...]:
        where = f"{src.label}/{FILE}: [[arch_rejection]]"
        rows = []
        for i, e in enumerate(src.table(FILE, "arch_rejection", ("flash_attn", "rejected_capabilities"))):
            rng = field(where, e, i, "flash_attn", text)
            tests = field(where, e, i, "rejected_capabilities", text_list)
            for t in tests:
                try:
                    capability_test(t)
                except ValueError as exc:
                    raise KnowledgeError(f"{where} entry {entry_label(e, i)}: {exc}") from None
            rows.append(FlashAttnRejection(
                rng, _spec_or_none(rng), tests, field(where, e, i, "rejects", text_list, optional=True) or (),
                str(e.get("mechanism", "")), e.get("error_message"), e.get("blackwell_prebuilt_wheel"),
                e.get("first_blackwell_wheel"), is_verified(where, e, i), e.get("note", "")))
        return tuple(rows)

    return src.memo("flash_attn.arch_rejection", build)


def flash_attn_rejection(version: str, src: Optional[CompatSource] = None) -> Optional[FlashAttnRejection]:
    """The arch-rejection row that applies to an installed flash-attn version."""
    for row in flash_attn_rejections(src):
        if row.spec and V.satisfies(V.base_release(version), row.spec):
            return row
    return None


@dataclass(frozen=True)
class FlashAttnWheel:
    """The prebuilt wheels one flash-attn release tag published (from its build matrix)."""

    version: str
    cuda_tag_style: str  # "major_minor" (cu118, cu122) or "major" (cu12)
    cuda_tags: tuple[str, ...]
    torch_mm: tuple[str, ...]
    python: tuple[str, ...]
    cxx11_abi: tuple[str, ...]
    platforms: tuple[str, ...]
    excluded: tuple[str, ...]
    assets_verified: bool = False

    def cuda_tag_for(self, torch_cuda: str) -> Optional[str]:
        """The tag setup.py would pick for a torch built with CUDA `torch_cuda`."""
        wanted = V.major(torch_cuda)
        for tag in self.cuda_tags:
            digits = tag[2:]
            tag_major = int(digits) if self.cuda_tag_style == "major" else int(digits[:-1])
            if tag_major == wanted:
                return tag
        return None

    def is_excluded(self, torch_mm: str, python_mm: str) -> bool:
        for combo in self.excluded:
            parts = dict(p.split("=", 1) for p in combo.split(",") if "=" in p)
            torch = parts.get("torch")
            if torch and V.mm_text(V.base_release(torch)) == torch_mm and parts.get("python", python_mm) == python_mm \
                    and "cuda" not in parts:
                return True
        return False


@dataclass(frozen=True)
class PrebuiltWheel:
    release: FlashAttnWheel
    filename: str
    url: str


def flash_attn_wheels(src: Optional[CompatSource] = None) -> tuple[FlashAttnWheel, ...]:
    """Every release tag with prebuilt wheels, oldest first."""
    src = src or default_source()

    def build() -> tuple[FlashAttnWheel, ...]:
        where = f"{src.label}/{FILE}: [[wheel]]"
        rows = []
        for i, e in enumerate(src.table(FILE, "wheel", ("flash_attn", "cuda_tags", "torch_mm", "python"))):
            version = field(where, e, i, "flash_attn", text)
            field(where, e, i, "flash_attn", V.pep440)
            style = field(where, e, i, "cuda_tag_style", text)
            if style not in ("major", "major_minor"):
                raise KnowledgeError(f"{where} entry {version}: cuda_tag_style must be major or major_minor")
            tags = field(where, e, i, "cuda_tags", text_list)
            if not all(re.fullmatch(r"cu\d+", t) for t in tags):
                raise KnowledgeError(f"{where} entry {version}: cuda_tags must look like cu12 or cu118")
            rows.append(FlashAttnWheel(
                version, style, tags, field(where, e, i, "torch_mm", text_list), field(where, e, i, "python", text_list),
                field(where, e, i, "cxx11_abi", text_list, optional=True) or ("FALSE", "TRUE"),
                field(where, e, i, "platforms", text_list, optional=True) or ("linux_x86_64",),
                field(where, e, i, "excluded_combinations", text_list, optional=True) or (),
                e.get("assets_verified", True) is not False))
        return tuple(sorted(rows, key=lambda r: V.pep440(r.version)))

    return src.memo("flash_attn.wheel", build)


def flash_attn_prebuilt(torch_version: str, torch_cuda: str, python_version: str, cxx11_abi: Optional[bool],
                        flash_attn_version: Optional[str] = None, platform: str = "linux_x86_64",
                        src: Optional[CompatSource] = None) -> Optional[PrebuiltWheel]:
    """The newest prebuilt flash-attn wheel (or the one of `flash_attn_version`) that matches an
    installed torch, its CUDA, the C++ ABI and the interpreter; None when it must be built."""
    src = src or default_source()
    meta = src.meta(FILE, "wheel")
    torch_mm = V.mm_text(V.base_release(torch_version))
    py_mm = V.mm_text(python_version)
    abi = "TRUE" if cxx11_abi else "FALSE"
    for row in reversed(flash_attn_wheels(src)):
        if flash_attn_version and row.version != V.base_release(flash_attn_version) \
                and row.version != flash_attn_version:
            continue
        tag = row.cuda_tag_for(torch_cuda)
        if tag is None or torch_mm not in row.torch_mm or py_mm not in row.python or platform not in row.platforms:
            continue
        if cxx11_abi is not None and abi not in row.cxx11_abi:
            continue
        if row.is_excluded(torch_mm, py_mm):
            continue
        cp = "cp" + py_mm.replace(".", "")
        filename = str(meta.get("filename_template", "")).format(
            version=row.version, cuda_tag=tag[2:], torch_mm=torch_mm, abi=abi, py=cp)
        url = str(meta.get("url_template", "")).format(version=row.version, filename=filename)
        return PrebuiltWheel(row, filename, url)
    return None


@dataclass(frozen=True)
class BuildNeed:
    """One prerequisite of building flash-attn from source."""

    item: str
    requirement: str
    why: str
    min_cuda: Optional[str] = None
    verified: bool = True
    extra: tuple[tuple[str, object], ...] = ()  # the row's other keys (blackwell_min_cuda, ...)

    def get(self, key: str, default: object = None) -> object:
        return dict(self.extra).get(key, default)


def flash_attn_build_needs(src: Optional[CompatSource] = None) -> tuple[BuildNeed, ...]:
    src = src or default_source()

    def build() -> tuple[BuildNeed, ...]:
        where = f"{src.label}/{FILE}: [[build]]"
        known = {"item", "requirement", "why", "min_cuda", "verified"}
        return tuple(BuildNeed(field(where, e, i, "item", text), field(where, e, i, "requirement", text),
                               str(e.get("why", "")), e.get("min_cuda"), is_verified(where, e, i),
                               tuple((k, v) for k, v in e.items() if k not in known))
                     for i, e in enumerate(src.table(FILE, "build", ("item", "requirement"))))

    return src.memo("flash_attn.build", build)


def flash_attn_build_need(item: str, src: Optional[CompatSource] = None) -> Optional[BuildNeed]:
    for need in flash_attn_build_needs(src):
        if need.item == item:
            return need
    return None
