"""Which stages run, on which devices, with which time limits.

The device stage runs first, alone: it says which devices exist and which
of them work. Every other stage is planned from that answer: one job per
working device for the per-device stages, one job for export and
distributed, and a skip (with its reason) for what cannot run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

LEVELS = ("quick", "full")


@dataclass(frozen=True)
class StageSpec:
    name: str
    title: str
    timeout: float  # seconds, per job; generous: a cold `import torch` alone can take 20 s
    per_device: bool = True
    full_only: bool = False


STAGES = (
    StageSpec("device", "device init, allocation, kernels", 180),
    StageSpec("model", "YOLO-shaped model, float32 and autocast", 180),
    StageSpec("attention", "attention: SDPA, flash-attn", 180),
    StageSpec("vision", "torchvision ops: nms, roi_align", 180),
    StageSpec("ultralytics", "Ultralytics: build, predict, train 1 epoch", 420),
    StageSpec("export", "export: ONNX, TensorRT", 300, per_device=False),
    StageSpec("distributed", "torchrun all-reduce: gloo, NCCL", 180, per_device=False),
    StageSpec("health", "GPU health against its datasheet", 300, full_only=True),
)
STAGE_NAMES = tuple(s.name for s in STAGES)
# Names a stage had before: still accepted where a user names stages.
OLD_STAGE_NAMES = {"network": "model"}  # renamed so it cannot be taken for the Network area (the internet)
_DEVICE_ITEM = re.compile(r"^(cpu|cuda|cuda:\d+|all|auto)$")


def stage(name: str) -> StageSpec:
    for spec in STAGES:
        if spec.name == name:
            return spec
    raise KeyError(name)


def check_device_spec(spec: str) -> Optional[str]:
    """None if DEVICE is valid, else what is wrong with it."""
    items = [p.strip() for p in spec.split(",")]
    bad = [p for p in items if not _DEVICE_ITEM.match(p)]
    if not items or bad:
        return f"--device {spec!r}: expected cpu, cuda, cuda:N, all or auto (comma-separated for several)"
    return None


@dataclass(frozen=True)
class Job:
    stage: str
    device: str  # what the stage script is given: cpu, cuda:N, or cuda:0,cuda:1 for distributed
    timeout: float
    note: str = ""  # why this job looks the way it does, shown with its result


@dataclass(frozen=True)
class Skipped:
    stage: str
    device: str
    reason: str


@dataclass(frozen=True)
class Discovery:
    """What the device stage reported."""

    selected: tuple[str, ...] = ()  # devices asked for that exist
    working: tuple[str, ...] = ()  # of those, the ones that passed the device stage
    gpus: tuple[dict[str, Any], ...] = ()
    torch: dict[str, Any] = field(default_factory=dict)
    torch_usable: bool = True
    why_unusable: str = ""


def plan(discovery: Discovery, level: str, wanted: tuple[str, ...], timeout: Optional[float]) -> list:
    """Jobs and Skipped entries, in stage order, for every stage after device."""
    out: list = []
    working = list(discovery.working)
    cudas = [d for d in working if d.startswith("cuda")]
    failed = [d for d in discovery.selected if d not in working]
    for spec in STAGES[1:]:
        if spec.name not in wanted:
            continue
        limit = timeout or spec.timeout
        if not discovery.torch_usable:
            out.append(Skipped(spec.name, "-", discovery.why_unusable))
        elif spec.full_only and level != "full":
            out.append(Skipped(spec.name, "-", "runs with --level full"))
        elif not working:
            out.append(Skipped(spec.name, "-", "no selected device passed the device stage"))
        elif spec.name == "health":
            if not cudas:
                out.append(Skipped(spec.name, "-", "needs a working CUDA device"))
            out += [Job(spec.name, d, limit) for d in cudas]
            out += [Skipped(spec.name, d, f"{d} failed the device stage") for d in failed if d.startswith("cuda")]
        elif spec.per_device:
            out += [Job(spec.name, d, limit) for d in working]
            out += [Skipped(spec.name, d, f"{d} failed the device stage") for d in failed]
        elif spec.name == "export":
            out.append(Job(spec.name, cudas[0] if cudas else working[0], limit))
        elif spec.name == "distributed":
            if len(cudas) >= 2:
                out.append(Job(spec.name, ",".join(cudas), limit))
            else:
                note = "gloo on the CPU: NCCL needs two GPUs, one was selected" if cudas else ""
                out.append(Job(spec.name, "cpu", limit, note))
    return out
