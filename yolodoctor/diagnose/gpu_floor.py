"""YD521: a GPU older than every PyTorch CUDA build in the tables (rules/torch.toml).

YD205 judges a GPU against the arch list of the torch that is installed; when that torch is not known (a paste
that names the GPU and its compute capability but no torch version), a GPU below the lowest architecture of
every official build is still certain to have no kernels in any of them.
"""

from __future__ import annotations

from typing import Optional

from ..i18n import tr
from ..knowledge import compat
from ..knowledge import versions as V
from .context import Context
from .evidence import ev, from_source
from .model import Hit, predicate


def lowest_supported() -> Optional[tuple[int, int]]:
    """The lowest compute capability any official torch CUDA build in compat/torch.toml has kernels for."""
    caps = [V.capability(arch.split("_", 1)[1][:-1] + "." + arch.split("_", 1)[1][-1])
            for entry in compat.arch_entries() for arch in entry.arch_list
            if arch.startswith("sm_") and arch[3:].isdigit()]
    return min(caps) if caps else None


@predicate("YD521")
def gpu_below_every_build(ctx: Context) -> Optional[Hit]:
    if ctx.torch_kind in ("cpu", "rocm"):
        return None
    if ctx.torch_release and compat.torch_release(ctx.torch_release) is not None:
        return None  # a torch the tables know: YD205 compares the GPU with its own arch list
    floor = lowest_supported()
    old = [g for g in ctx.gpus if g.capability and floor and g.capability < floor]
    if not old:
        return None
    gpu = old[0]
    return Hit(tr("{gpu}: no official PyTorch CUDA build in the tables has kernels below compute capability {floor} "
                  "({sm}), so CUDA work fails on it (\"no kernel image\", \"invalid device function\", or torch's "
                  "too-old-GPU warning).", gpu=gpu.describe(), floor=V.capability_text(floor), sm=V.sm_name(floor)),
               fix=tr("Run on a GPU of compute capability {floor} or newer, or on the CPU; only a PyTorch built from "
                      "source with TORCH_CUDA_ARCH_LIST naming {cap} (and a CUDA toolkit that still supports it) "
                      "can use this GPU.", floor=V.capability_text(floor), cap=gpu.cap_text),
               evidence=(ev(f"{gpu.label} compute capability", from_source(gpu.cap_text, gpu.capability_source)
                            if gpu.capability_source else gpu.cap_text),
                         ev("lowest architecture of the official builds", V.sm_name(floor))),
               data={"capability": gpu.cap_text, "lowest_supported": V.capability_text(floor)})
