"""Choosing the torch build that would work on this machine, for the fixes findings suggest.

A build is a torch release and one of its CUDA wheel variants. It fits when
its official wheels carry kernels for every GPU, the driver can run its CUDA,
its bundled cuDNN still supports the GPUs, and it has wheels for the
interpreter. The installed release is kept when one of its variants fits;
otherwise the newest verified release that fits is offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..knowledge import compat
from ..knowledge import versions as V
from .context import Context


@dataclass(frozen=True)
class BuildChoice:
    torch: str  # "2.4.1"
    variant: str  # "cu124"
    torchvision: Optional[str]
    torchaudio: Optional[str]
    index_url: str
    full_driver_support: bool  # the driver is at or above the variant's toolkit driver

    def pins(self, with_torchaudio: bool = False) -> list[str]:
        """Exact pins with the variant's local tag, so pip replaces a same-numbered other build."""
        pins = [f"torch=={self.torch}+{self.variant}"]
        if self.torchvision:
            pins.append(f"torchvision=={self.torchvision}+{self.variant}")
        if with_torchaudio and self.torchaudio:
            pins.append(f"torchaudio=={self.torchaudio}+{self.variant}")
        return pins

    def command(self, pip: str, with_torchaudio: bool = False) -> str:
        return f"{pip} install {' '.join(self.pins(with_torchaudio))} --index-url {self.index_url}"

    def as_data(self) -> dict[str, object]:
        return {"wanted_torch": self.torch, "wanted_variant": self.variant, "wanted_torchvision": self.torchvision,
                "wanted_torchaudio": self.torchaudio, "index_url": self.index_url}


def fits(ctx: Context, release: compat.TorchRelease, variant: str, caps: tuple[tuple[int, int], ...],
         driver: Optional[str]) -> Optional[bool]:
    """Whether (release, variant) works here; None when the tables cannot tell (no arch list)."""
    python = ctx.facts.python.version
    if python and not release.supports_python(python):
        return False
    if driver is not None:
        # platform gate: ctx.driver_os is Windows under WSL 2 (the Windows driver's minimums)
        need = compat.driver_requirement(V.variant_cuda(variant), ctx.driver_os)
        if need.allows(driver) is False:
            return False
    if caps:
        entry = compat.arch_entry(variant, release.version)
        if entry is None:
            return None
        if not all(entry.runs_on(cap) for cap in caps):
            return False
        bundled = compat.cudnn_bundled(release.version, variant)
        cudnn = compat.cudnn_release(bundled) if bundled else None
        if cudnn is not None and any(cap < cudnn.min_capability for cap in caps):
            return False
    return True


def choose_build(ctx: Context, caps: Optional[tuple[tuple[int, int], ...]] = None,
                 driver: Optional[str] = None, keep_release: bool = True,
                 cuda_major: Optional[int] = None, any_driver: bool = False) -> Optional[BuildChoice]:
    """The build to suggest for this machine (by default: its GPUs and its driver), optionally
    only among variants of one CUDA major (to match a local nvcc)."""
    if ctx.platform.cuda_wheels_impossible:  # platform gate: Jetson, macOS, AMD GPU: no CUDA wheel can work
        return None
    caps = ctx.gpu_caps if caps is None else caps
    driver = None if any_driver else (ctx.driver if driver is None else driver)
    releases = list(reversed(compat.torch_releases()))
    ordered = [r for r in releases if r.verified] + [r for r in releases if not r.verified]
    installed = compat.torch_release(ctx.torch_release) if (keep_release and ctx.torch_release) else None
    if installed is not None:
        ordered.remove(installed)
        ordered.insert(0, installed)
    for release in ordered:
        candidates = []
        for variant in release.cuda_variants:
            if cuda_major is not None and V.major(V.variant_cuda(variant)) != cuda_major:
                continue
            if fits(ctx, release, variant, caps, driver):
                full = True
                if driver is not None:
                    full = bool(compat.driver_requirement(V.variant_cuda(variant), ctx.driver_os).fully(driver))
                candidates.append((full, V.numeric(V.variant_cuda(variant)), variant))
        if candidates:
            # Prefer a variant the driver supports fully, then the newest CUDA.
            full, _, variant = max(candidates)
            return BuildChoice(release.version, variant, release.torchvision, release.torchaudio,
                               compat.pytorch_index_url(variant), full)
    return None


def cpu_build_command(ctx: Context) -> str:
    """Install the CPU-only build: of the installed release when there is one (pinned with +cpu, so pip
    replaces a CUDA build of the same version), else the newest."""
    index = compat.pytorch_index_url("cpu")
    release = compat.torch_release(ctx.torch_release) if ctx.torch_release else None
    if release is None:
        return f"{ctx.pip} install torch torchvision --index-url {index}"
    pins = [f"torch=={release.version}+cpu"] + ([f"torchvision=={release.torchvision}+cpu"] if release.torchvision else [])
    return f"{ctx.pip} install {' '.join(pins)} --index-url {index}"
