"""`fleet --smoke`: after the checks, one small all-reduce across the nodes that answered, started by the
engine's own launch (one srun step; Ray tasks pinned to each node), then a ring pass so that a broken link
is named as a pair of nodes. gloo on CPU; NCCL when every node's torch sees a GPU.

The smoke runs smoke_task.py under `--python` when given, else under the interpreter running yolodoctor;
that interpreter needs torch on every node.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional, Sequence

from .model import ANSWERED, NodeResult
from .smoke_task import RESULT

SCRIPT = Path(__file__).with_name("smoke_task.py")
GRACE = 30.0


def backend_for(nodes: Sequence[NodeResult], wanted: str = "auto") -> str:
    if wanted in ("gloo", "nccl"):
        return wanted
    answered = [n for n in nodes if n.status == ANSWERED]
    return "nccl" if answered and all(n.values.get("cuda_available") == "yes" for n in answered) else "gloo"


def _port() -> int:
    # The rendezvous listens on the first node, which this process cannot probe; a port drawn from a range
    # torchrun users keep free makes a clash unlikely, and a clash is reported like any failure to join.
    return random.randint(29500, 29999)


def judge(names: Sequence[str], results: dict[int, dict], backend: str, engine_error: Optional[str] = None) -> dict:
    """The smoke's verdict from each rank's result: ok, or the nodes and pairs that failed, and why."""
    world = len(names)
    failed_nodes, failed_pairs = [], []
    for rank, name in enumerate(names):
        result = results.get(rank)
        if result is None:
            failed_nodes.append({"node": name, "reason": engine_error or "no result (not started or past the bound)"})
        elif not result.get("joined"):
            failed_nodes.append({"node": name, "reason": f"could not join the group: {result.get('error')}"})
        elif result.get("all_reduce") != "ok":
            why = result.get("all_reduce") or result.get("error")
            failed_nodes.append({"node": name, "reason": f"all-reduce: {why}"})
        if result is not None and result.get("all_reduce") == "ok" and world > 1 and result.get("ring") != "ok":
            # This rank's receive from the previous one is the link that failed.
            failed_pairs.append({"from": names[(rank - 1) % world], "to": name,
                                 "reason": str(result.get("ring") or result.get("error") or "no data")})
    ok = not failed_nodes and not failed_pairs
    seconds = [r.get("seconds") for r in results.values() if isinstance(r.get("seconds"), (int, float))]
    return {"backend": backend, "world": world, "status": "ok" if ok else "failed", "nodes": list(names),
            "failed_nodes": failed_nodes, "failed_pairs": failed_pairs,
            "seconds_max": max(seconds) if seconds else None}


def _parse(stdout: str) -> dict[int, dict]:
    results = {}
    for line in stdout.splitlines():
        _, _, text = line.partition(": ") if not line.startswith(RESULT) else ("", "", line)
        text = text.strip()
        if text.startswith(RESULT):
            try:
                data = json.loads(text[len(RESULT):])
            except ValueError:
                continue
            if isinstance(data, dict) and isinstance(data.get("rank"), int):
                results[data["rank"]] = data
    return results


def slurm_smoke(nodes: Sequence[NodeResult], request: Any, python: Optional[str], timeout: float,
                wanted: str = "auto") -> Optional[dict]:
    from .gather_slurm import srun_options

    names = sorted(n.node for n in nodes if n.status == ANSWERED)
    if len(names) < 2:
        return None
    backend = backend_for(nodes, wanted)
    addr = _node_addr(names[0])
    argv = srun_options(names, request, in_allocation="SLURM_JOB_ID" in os.environ)
    argv += [python or sys.executable, str(SCRIPT), "--master", f"{addr}:{_port()}", "--backend", backend,
             "--timeout", f"{timeout:g}"]
    # srun gives task K to the K-th node of the list in Slurm's order: the names are sorted the same way
    # for the common case; the result lines carry each rank's node name, which is what is reported.
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout + GRACE + 60,
                              stdin=subprocess.DEVNULL, errors="replace")
        stdout, error = proc.stdout, (proc.stderr.strip().splitlines() or [None])[-1]
    except subprocess.TimeoutExpired as exc:
        stdout = exc.stdout.decode("utf-8", "replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        error = f"no result within {timeout + GRACE + 60:g} s"
    results = _parse(stdout)
    ranked = [results[r].get("node") if r in results else names[r] for r in range(len(names))]
    return judge(ranked, results, backend, error)


def _node_addr(name: str) -> str:
    from .gather_slurm import _run

    for field in _run(["scontrol", "show", "node", name, "--oneliner"]).split():
        key, _, value = field.partition("=")
        if key == "NodeAddr" and value:
            return value
    return name


def _on_node(rank: int, world: int, master: str, backend: str, timeout: float, python: Optional[str]) -> dict:
    """Inside a Ray worker: the smoke under the requested interpreter, or in this worker's own."""
    import ray

    script = str(SCRIPT)
    if python:
        proc = subprocess.run([python, script, "--master", master, "--backend", backend, "--timeout",
                               f"{timeout:g}", "--rank", str(rank), "--world", str(world)],
                              capture_output=True, text=True, timeout=timeout + GRACE)
        result = _parse(proc.stdout).get(rank, {"rank": rank, "joined": False,
                                               "error": proc.stderr.strip()[-500:] or "no result"})
    else:
        from yolodoctor.fleet.smoke_task import run

        result = run(rank, world, master, backend, timeout)
    result["ray_node_id"] = ray.get_runtime_context().get_node_id()
    return result


def ray_smoke(nodes: Sequence[NodeResult], python: Optional[str], timeout: float,
              wanted: str = "auto") -> Optional[dict]:
    """Ray tasks pinned to the answered nodes (their `where` is the Ray node id); the caller holds the
    connection to the cluster."""
    import ray
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    chosen = sorted((n for n in nodes if n.status == ANSWERED and n.where), key=lambda n: n.node)
    if len(chosen) < 2:
        return None
    backend = backend_for(nodes, wanted)
    head = next(n for n in ray.nodes() if n.get("NodeID") == chosen[0].where)
    master = f"{head['NodeManagerAddress']}:{_port()}"
    task = ray.remote(num_cpus=0, max_retries=0)(_on_node)
    refs = [task.options(scheduling_strategy=NodeAffinitySchedulingStrategy(node_id=n.where, soft=False))
            .remote(rank, len(chosen), master, backend, timeout, python) for rank, n in enumerate(chosen)]
    ready, pending = ray.wait(refs, num_returns=len(refs), timeout=timeout + GRACE)
    results: dict[int, dict] = {}
    for rank, ref in enumerate(refs):
        if ref in pending:
            ray.cancel(ref, force=True)
            continue
        try:
            results[rank] = ray.get(ref, timeout=5)
        except Exception as exc:
            results[rank] = {"rank": rank, "joined": False, "error": f"{type(exc).__name__}: {exc}"[:500]}
    return judge([n.node for n in chosen], results, backend)
