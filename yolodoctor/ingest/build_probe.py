"""torch found no driver or no GPU while an extension was being built: the build asked for the GPU's architecture on a
machine that shows none (a `docker build`, a login node), so the build, not the machine's GPU, is what failed.

torch's extension builder (torch.utils.cpp_extension) compiles for the architectures in TORCH_CUDA_ARCH_LIST; where
that is unset it asks torch for the visible GPUs' compute capabilities. During `docker build`, or on a node without a
GPU, there are none: older torch raises "Found no NVIDIA driver on your system" from that query, newer torch finds an
empty list and fails on `arch_list[-1] += '+PTX'` with an IndexError (the signature extension-build-arch-probe-no-gpu
reads that one). Naming the architectures lets the build run without a GPU; the machine that later runs the extension
needs its GPU, not the one that builds it.

ingest.context decides that the message came from a build (PasteContext.no_gpu_in_build); this turns the message's
"no GPU visible" into the build's failure. Nothing here parses: constant time.
"""

from __future__ import annotations

from typing import Any, Optional

from ..i18n import tr
from .model import LIKELY, Signal
from .proofs import Proof

# torch's messages for a missing driver or GPU, which a build's architecture query raises.
NO_GPU_SIGNALS = frozenset({"torch-no-nvidia-driver", "torch-no-cuda-gpus"})


def judge(context: Any, signal: Signal) -> Optional[tuple[str, Proof]]:
    """("flash_attn_build", proof) when `signal` (torch finding no driver or no GPU) was raised by a build from source
    with no program run in between; None otherwise."""
    line = getattr(context, "no_gpu_in_build", None)
    if signal.id not in NO_GPU_SIGNALS or line is None or abs(line - signal.line) > 2:
        return None
    return "flash_attn_build", Proof(
        tr("The extension's build asked torch for the GPU's architecture where no GPU is visible (a docker build, a "
           "machine without a GPU): with TORCH_CUDA_ARCH_LIST unset, torch's extension builder compiles for the "
           "visible GPUs, and there are none"),
        (tr("pasted line {line}: {text}", line=signal.line, text=signal.text[:160]),),
        tr("Name the architectures to build for before the build, e.g. {env} in the Dockerfile (ENV) or the shell "
           "(the GPUs that will run it: 7.5 Turing, 8.0/8.6 Ampere, 8.9 Ada, 9.0 Hopper, 12.0 Blackwell, with +PTX "
           "on the newest), with FORCE_CUDA=1 where the project reads it; then build again.",
           env='TORCH_CUDA_ARCH_LIST="7.5;8.0;8.6;8.9;9.0+PTX"'), LIKELY)
