"""What was read, and what the text could not tell."""

from __future__ import annotations

from typing import Any, Callable

from ..facts.model import Facts

# The facts a diagnosis leans on most, in the words a reader uses.
KEY_FACTS: tuple[tuple[str, Callable[[Facts], Any]], ...] = (
    ("NVIDIA driver version", lambda f: f.nvidia.driver_version),
    ("highest CUDA version the driver supports", lambda f: f.nvidia.cuda_driver_version),
    ("GPU model", lambda f: [g.name for g in f.nvidia.gpus if g.name] + [d.name for d in f.torch.devices if d.name]),
    ("GPU compute capability", lambda f: [g for g in f.nvidia.gpus if g.compute_capability]
     + [d for d in f.torch.devices if d.capability]),
    ("torch version", lambda f: f.torch.version),
    # torch.cuda = None is an answer (a CPU build) only when the torch record is complete (status ok)
    ("CUDA version torch was built for", lambda f: f.torch.cuda or (f.torch.status == "ok" and f.torch.version)),
    ("whether torch can use the GPU", lambda f: f.torch.cuda_available is not None or None),
    ("torchvision version", lambda f: f.package("torchvision").version),
    ("Python version", lambda f: f.python.version),
    ("operating system", lambda f: f.host.os),
    ("whether it runs in a container", lambda f: f.host.container),
    ("Ultralytics version", lambda f: f.package("ultralytics").version),
    ("CUDA toolkit (nvcc) version", lambda f: f.cuda.nvcc_version),
    ("/dev/shm size", lambda f: f.host.shm_total_bytes),
)


def unknown_facts(facts: Facts) -> tuple[str, ...]:
    return tuple(name for name, read in KEY_FACTS if read(facts) in (None, "", [], False))
