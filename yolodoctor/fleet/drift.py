"""The facts compared across nodes, and the drift table: each fact that differs, its majority value, and
the nodes that differ from it.

A node's values are drawn from its facts document once (values_from_facts); the table is built from those
small dicts, so the full reports need not stay in memory.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional, Sequence

from .model import ANSWERED, NodeResult

UNKNOWN = "unknown"
# Packages whose version should be the same on every node of a job: a mismatch changes results or breaks
# distributed runs. The torch build itself is compared through torch.version.
KEY_PACKAGES = ("torchvision", "torchaudio", "numpy", "ultralytics", "flash-attn", "tensorrt", "onnxruntime-gpu",
                "opencv-python", "opencv-python-headless", "triton", "nvidia-nccl-cu12", "nvidia-cudnn-cu12")


def _get(data: Any, *path: str) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _text(value: Any) -> Optional[str]:
    if value is None or value == "" or isinstance(value, (dict, list)):
        return None
    return str(value)[:200]


def _gpus(facts: dict) -> list[dict]:
    gpus = _get(facts, "nvidia", "gpus")
    return [g for g in gpus if isinstance(g, dict)] if isinstance(gpus, list) else []


def _gpu_models(facts: dict) -> Optional[str]:
    names = Counter(str(g.get("name")) for g in _gpus(facts) if g.get("name"))
    return ", ".join(f"{n} x {name}" for name, n in sorted(names.items())) or None


def _gpu_count(facts: dict) -> Optional[str]:
    gpus = _gpus(facts)
    if gpus:
        return str(len(gpus))
    return "0" if _get(facts, "nvidia", "gpus_source") else None


def _gpu_memory(facts: dict) -> Optional[str]:
    sizes = sorted({g["memory_total_mib"] for g in _gpus(facts) if isinstance(g.get("memory_total_mib"), int)})
    return ", ".join(f"{s} MiB" for s in sizes) or None


def _shm(facts: dict) -> Optional[str]:
    size = _get(facts, "host", "shm_total_bytes")
    if not isinstance(size, int) or isinstance(size, bool):
        return None
    return f"{size / 2 ** 30:.1f} GiB" if size >= 2 ** 30 else f"{size // 2 ** 20} MiB"


def _torch_build(facts: dict) -> Optional[str]:
    version = _text(_get(facts, "torch", "version"))
    if version is None:
        status = _text(_get(facts, "torch", "status"))
        return f"({status})" if status and status != "ok" else None
    cuda = _text(_get(facts, "torch", "cuda"))
    return f"{version} (CUDA {cuda})" if cuda else f"{version} (CPU only)"


def _cuda_available(facts: dict) -> Optional[str]:
    value = _get(facts, "torch", "cuda_available")
    return None if value is None else ("yes" if value is True else "no")


def _distributions(facts: dict) -> dict[str, Any]:
    """name -> version of the node's distributions, read once per node."""
    out: dict[str, Any] = {}
    dists = _get(facts, "python", "distributions")
    for dist in dists if isinstance(dists, list) else ():
        if isinstance(dist, dict):
            out.setdefault(str(dist.get("name", "")).lower().replace("_", "-"), dist.get("version"))
    return out


@dataclass(frozen=True)
class DriftFact:
    key: str
    label: str
    read: Optional[Callable[[dict], Optional[str]]]  # None: the version of the distribution `label`
    # Whether a difference counts as a warning in the fleet's verdict: nodes of one job that run different
    # drivers, torch builds, NCCL or Python give different results or hang in collectives.
    counts: bool


FACTS: tuple[DriftFact, ...] = (
    DriftFact("driver", "NVIDIA driver", lambda f: _text(_get(f, "nvidia", "driver_version")), True),
    DriftFact("driver_cuda", "CUDA (driver)", lambda f: _text(_get(f, "nvidia", "cuda_driver_version")), False),
    DriftFact("torch", "torch build", _torch_build, True),
    DriftFact("cudnn", "cuDNN", lambda f: _text(_get(f, "torch", "cudnn_version")), True),
    DriftFact("nccl", "NCCL", lambda f: _text(_get(f, "torch", "nccl_version")), True),
    DriftFact("cuda_toolkit", "CUDA toolkit (nvcc)", lambda f: _text(_get(f, "cuda", "nvcc_version")), False),
    DriftFact("cuda_available", "torch sees a GPU", _cuda_available, False),
    DriftFact("gpu_model", "GPU model", _gpu_models, False),
    DriftFact("gpu_count", "GPU count", _gpu_count, False),
    DriftFact("gpu_memory", "GPU memory", _gpu_memory, False),
    DriftFact("shm", "/dev/shm", _shm, False),
    DriftFact("python", "Python", lambda f: _text(_get(f, "python", "version")), True),
    DriftFact("os", "OS", lambda f: _text(_get(f, "host", "distro")), False),
    DriftFact("container", "container", lambda f: _text(_get(f, "host", "container")) or "none", False),
) + tuple(DriftFact(f"pkg:{name}", name, None, False) for name in KEY_PACKAGES)

BY_KEY = {fact.key: fact for fact in FACTS}


def values_from_facts(facts: dict) -> dict[str, Optional[str]]:
    """Every compared fact of one node; facts it does not have are left out (a package not installed
    anywhere never shows up as drift)."""
    out: dict[str, Optional[str]] = {}
    dists = _distributions(facts)
    for fact in FACTS:
        try:
            value = fact.read(facts) if fact.read is not None else _text(dists.get(fact.label))
        except (TypeError, ValueError, AttributeError):
            value = None
        if value is not None:
            out[fact.key] = value
    return out


@dataclass(frozen=True)
class OddValue:
    value: str
    nodes: tuple[str, ...]


@dataclass(frozen=True)
class Drift:
    key: str
    label: str
    majority: str
    majority_count: int
    odd: tuple[OddValue, ...]
    counts: bool

    @property
    def odd_nodes(self) -> tuple[str, ...]:
        return tuple(n for o in self.odd for n in o.nodes)

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.key, "label": self.label, "majority": self.majority,
                "majority_nodes": self.majority_count, "counts": self.counts,
                "odd": [{"value": o.value, "nodes": list(o.nodes)} for o in self.odd]}


def drift_table(nodes: Sequence[NodeResult]) -> list[Drift]:
    """One row per compared fact whose value is not the same on every answered node. A fact some nodes
    lack (a package installed on some only) shows "unknown" for those."""
    answered = [n for n in nodes if n.status == ANSWERED]
    rows = []
    for fact in FACTS:
        if not any(fact.key in n.values for n in answered):
            continue
        by_value: dict[str, list[str]] = {}
        for node in answered:
            by_value.setdefault(node.values.get(fact.key) or UNKNOWN, []).append(node.node)
        if len(by_value) < 2:
            continue
        # The majority: most nodes, then a known value over "unknown", then the value's text (stable).
        ranked = sorted(by_value.items(), key=lambda kv: (-len(kv[1]), kv[0] == UNKNOWN, kv[0]))
        majority, majority_nodes = ranked[0]
        rows.append(Drift(fact.key, fact.label, majority, len(majority_nodes),
                          tuple(OddValue(value, tuple(sorted(ns))) for value, ns in ranked[1:]), fact.counts))
    return rows


def compact(nodes: Iterable[str], limit: int = 12) -> str:
    """"gpu07, gpu11, gpu12" — and "... and 40 more" past the limit."""
    names = list(nodes)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
