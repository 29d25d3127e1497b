"""YD30x: torchvision and torchaudio paired with torch (rules/torchvision.toml)."""

from __future__ import annotations

from typing import Optional

from ..knowledge import compat
from ..knowledge import versions as V
from .context import Context
from .evidence import ev, excerpt, matching_line
from ..i18n import tr
from .model import Hit, predicate
from .repair import torch_repair


def _local(version: str) -> Optional[str]:
    try:
        return V.local_tag(version)
    except ValueError:
        return None


def _pair_ok(torch_release: str, torchvision: str) -> Optional[bool]:
    """Whether this torchvision belongs with this torch: PyTorch's own pairing, then Ultralytics' table
    (which accepts any torchvision >= 0.29 from torch 2.14, whose torchvision ABI is stable)."""
    paired = compat.torchvision_for_torch(torch_release)
    base = V.base_release(torchvision)
    if paired is not None and V.base_release(paired) == base:
        return True
    pair = compat.torchvision_pair(torch_release)
    if pair is not None and pair.torchvision.startswith(">") and pair.accepts(base):
        return True
    if paired is None and pair is None:
        return None  # neither table knows this torch
    if paired is not None:
        return False
    return pair.accepts(base)


def _reinstall(ctx: Context, with_audio: bool) -> tuple[str, dict[str, object]]:
    """The companions built for this torch, as the chooser pairs them (diagnose/repair.py)."""
    release = compat.torch_release(ctx.torch_release) if ctx.torch_release else None
    variant = ctx.torch_variant if ctx.torch_kind == "cuda" else ("cpu" if ctx.torch_kind == "cpu" else None)
    if ctx.torch_kind == "rocm" and "+rocm" in (ctx.torch_version or ""):
        variant = ctx.torch_version.split("+", 1)[1]
    if ctx.platform.kind in ("macos", "jetson"):
        variant = None  # macOS wheels carry no +cpu tag; a Jetson's torch is NVIDIA's build, not download.pytorch.org's
    data = {"torch_version": release.version, "wanted_torchvision": release.torchvision,
            "wanted_variant": variant} if release is not None else {}
    return torch_repair(tr("Install the torchvision built for this torch, from torch's own variant index")), data


@predicate("YD301")
def torchvision_mismatch(ctx: Context) -> Optional[Hit]:
    pkg = ctx.facts.package("torchvision")
    version = pkg.version or ctx.installed("torchvision")
    if not version or not ctx.torch_release:
        return None
    problems, evidence = [], [ev("torch", ctx.torch_version), ev("torchvision", version)]
    pair_ok = _pair_ok(ctx.torch_release, version)
    paired = compat.torchvision_for_torch(ctx.torch_release)
    if pair_ok is False:
        problems.append(tr("torchvision {version} is not the release paired with torch {torch} (that is {paired})",
                           version=version, torch=ctx.torch_release, paired=paired) if paired else
                        tr("torchvision {version} is not the release paired with torch {torch}", version=version,
                           torch=ctx.torch_release))
    tv_tag, torch_tag = _local(version), _local(ctx.torch_version or "")
    if tv_tag and torch_tag and tv_tag != torch_tag and (V.is_cuda_variant(tv_tag) or V.is_cuda_variant(torch_tag)):
        problems.append(tr("torchvision is the {torchvision} build while torch is the {torch} build",
                           torchvision=tv_tag, torch=torch_tag))
    operator = matching_line(ctx.param("pattern", ""), ctx.package_text("torchvision")) or \
        matching_line(ctx.param("pattern", ""), str(pkg.details.get("nms_error") or ""))
    # The live probe loads the compiled operators without importing torchvision (facts/probe_target.py):
    # its loader's own error (an undefined symbol, another CUDA major) stands for the import's.
    native_error = pkg.details.get("ops_error") or \
        (pkg.error if pkg.status == "error" and pkg.details.get("proof") == "compiled operators" else None)
    if operator:
        problems.append(tr("its compiled operators do not load"))
        evidence.append(ev("torchvision error", operator))
    elif native_error:
        problems.append(tr("its compiled operators do not load"))
        evidence.append(ev("torchvision compiled operators", excerpt(str(native_error))))
    elif pkg.details.get("nms_ok") is False and pkg.details.get("nms_error"):
        evidence.append(ev("torchvision.ops.nms", excerpt(str(pkg.details["nms_error"]))))
    if not problems:
        return None
    fix, data = _reinstall(ctx, ctx.installed("torchaudio") is not None)
    message = tr("torchvision does not match torch: {problems}.", problems=tr("; ").join(problems))
    return Hit(message, fix=fix, evidence=tuple(evidence), data={"torchvision_version": version, **data})


@predicate("YD302")
def torchaudio_mismatch(ctx: Context) -> Optional[Hit]:
    pkg = ctx.facts.package("torchaudio")
    version = pkg.version or ctx.installed("torchaudio")
    if not version or not ctx.torch_release:
        return None
    release = compat.torch_release(ctx.torch_release)
    if release is None:
        return None
    if release.torchaudio is None:
        if pkg.status not in ("error", "crashed"):
            return None
        message = tr("No torchaudio release exists for torch {torch}, and the installed torchaudio {version} fails "
                     "to import: {error}", torch=ctx.torch_release, version=version, error=excerpt(pkg.error))
        fix = tr("Uninstall it unless something needs it:\n  {command}", command=f"{ctx.pip} uninstall -y torchaudio")
    elif V.major_minor(V.base_release(version)) != V.major_minor(release.torchaudio):
        message = tr("torchaudio {version} is not the release paired with torch {torch} (that is {paired}).",
                     version=version, torch=ctx.torch_release, paired=release.torchaudio)
        fix, _ = _reinstall(ctx, with_audio=True)
    else:
        return None
    return Hit(message, fix=fix, evidence=(ev("torch", ctx.torch_version), ev("torchaudio", version)),
               data={"torchaudio_version": version, "wanted_torchaudio": release.torchaudio})
