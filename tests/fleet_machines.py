"""Simulated cluster nodes for the fleet tests: a healthy GPU node and the ways a node of a fleet
drifts from it (an older driver branch, a CPU-only torch from an image rebuilt without the CUDA
index, a container with a 64 MB /dev/shm). Each is a full scenario the harness materialises."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tests.harness import PythonSpec, materialise
from tests.scenarios import DRIVER_535, NUMPY_1, PIP, SCENARIOS, torch_cpu, torch_cu, vision

_HEALTHY = next(s for s in SCENARIOS if s.name == "healthy-rtx4090-cu124")
_TORCH = torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), cuda_available=True)


def node(kind: str):
    """A scenario for one node: "healthy", "old-driver", "cpu-torch" or "small-shm"."""
    base = dataclasses.replace(_HEALTHY, name=f"fleet-{kind}", env={}, home_files={}, expect={},
                               expected_findings=None, args=(),
                               # Found through VIRTUAL_ENV, as on a node whose job activates its venv: one
                               # fleet command then inspects each node's own environment.
                               python=PythonSpec(select="VIRTUAL_ENV"),
                               dists=(_TORCH, vision("0.20.1+cu124"), NUMPY_1, PIP))
    if kind == "healthy":
        return base
    if kind == "old-driver":  # 535 runs cu124 only through minor-version compatibility
        return dataclasses.replace(base, machine=dataclasses.replace(base.machine, driver=DRIVER_535))
    if kind == "cpu-torch":
        return dataclasses.replace(base, dists=(torch_cpu("2.5.1+cpu"), vision("0.20.1+cpu"), NUMPY_1, PIP))
    if kind == "small-shm":
        return dataclasses.replace(base, machine=dataclasses.replace(base.machine, shm_kib=65_536,
                                                                     container="docker"))
    if kind == "hang":  # `import torch` never returns (a wedged GPU): the node's check outlives any bound
        hang = next(s for s in SCENARIOS if s.name == "torch-hangs-on-import")
        return dataclasses.replace(base, dists=hang.dists)
    raise ValueError(kind)


def node_env(m, repo: Path) -> dict[str, str]:
    """The environment a job step on that node sees: the machine's, with this checkout importable."""
    env = dict(m.env)
    env["PYTHONPATH"] = str(repo)
    return env


def build(kind: str, directory: Path):
    return materialise(node(kind), directory)


__all__ = ["node", "build", "node_env"]
