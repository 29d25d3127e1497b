"""`fleet --ray [ADDRESS]`: one task per alive node of a running Ray cluster, pinned to it with
node-affinity scheduling (hard, never moved elsewhere), each running node_task's check in the cluster's
own Python environment. Tasks ask for no CPU, so a node busy with training still answers.

The wait is bounded: whatever has not answered within the per-node bound plus grace is cancelled and
named. Nodes Ray reports dead are named too.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Optional, Sequence

from ..exitcodes import USAGE, UserError
from .judge import from_envelope
from .model import DOWN, FAILED, TIMED_OUT, NodeResult, unanswered


def _check_on_node(check_args: Sequence[str], timeout: float) -> dict[str, Any]:
    """Runs inside a Ray worker on the chosen node."""
    import ray

    from yolodoctor.fleet.node_task import run_check

    envelope = run_check(list(check_args), timeout)
    envelope["ray_node_id"] = ray.get_runtime_context().get_node_id()
    return envelope


def _names(nodes: Sequence[dict]) -> dict[str, str]:
    """Node id -> a name: the host name, with the node id's start where several nodes share a host."""
    hosts = [str(n.get("NodeManagerHostname") or n.get("NodeManagerAddress") or "node") for n in nodes]
    return {n["NodeID"]: (h if hosts.count(h) == 1 else f"{h}:{n['NodeID'][:8]}") for n, h in zip(nodes, hosts)}


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (f"{type(exc).__name__}: " + (text[-1] if text else ""))[:1000]


def _reachable(address: Optional[str], timeout: float = 5.0) -> None:
    """Ray's client retries an absent GCS for minutes; a closed port is answered here in seconds."""
    import socket

    if not address or address == "auto" or "://" in address:
        return
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise UserError(f"--ray {address}: expected HOST:PORT of the cluster's head (GCS)", USAGE)
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise UserError(f"cannot connect to the Ray cluster at {address}: {exc.strerror or exc}", USAGE) from None


def gather(address: Optional[str], check_args: Sequence[str], options: Any, node_timeout: float,
           grace: float = 30.0, then: Optional[Callable[[list[NodeResult]], Any]] = None
           ) -> tuple[list[NodeResult], Any]:
    """The nodes' results, and what `then(results)` returns, run while still connected (the smoke)."""
    try:
        import ray
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy
    except ImportError:
        raise UserError("--ray needs the ray package in the interpreter running yolodoctor "
                        "(pip install ray)", USAGE) from None
    started_here = not ray.is_initialized()
    if started_here:
        _reachable(address)
        try:
            ray.init(address=address or "auto", log_to_driver=False, configure_logging=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise UserError(f"cannot connect to the Ray cluster at {address or 'auto'}: {_reason(exc)}",
                            USAGE) from None
    try:
        nodes = [n for n in ray.nodes() if n.get("NodeID")]
        names = _names(nodes)
        results: list[NodeResult] = []
        task = ray.remote(num_cpus=0, max_retries=0)(_check_on_node)
        refs: dict[Any, str] = {}
        for node in nodes:
            node_id = node["NodeID"]
            if not node.get("Alive"):
                why = node.get("DeathReasonMessage") or "dead"
                results.append(unanswered(names[node_id], DOWN, f"Ray reports the node {why}", node_id))
                continue
            strategy = NodeAffinitySchedulingStrategy(node_id=node_id, soft=False)
            refs[task.options(scheduling_strategy=strategy).remote(list(check_args), node_timeout)] = node_id
        bound = node_timeout + grace
        deadline = time.monotonic() + bound
        pending = list(refs)
        while pending and time.monotonic() < deadline:
            _, pending = ray.wait(pending, num_returns=len(pending), timeout=max(0.1, deadline - time.monotonic()))
        for ref, node_id in refs.items():
            name = names[node_id]
            if ref in pending:
                ray.cancel(ref, force=True)
                results.append(unanswered(name, TIMED_OUT, f"no answer within {bound:g} s", node_id))
                continue
            try:
                envelope = ray.get(ref, timeout=5)
            except Exception as exc:  # the task's failure is the node's reason: worker crash, node died, ...
                results.append(unanswered(name, FAILED, _reason(exc), node_id))
                continue
            if isinstance(envelope, dict):
                envelope["node"] = name  # every node of a host reports the host's name; keep them apart
            results.append(from_envelope(envelope, options, name, node_id))
        return results, (then(results) if then is not None else None)
    finally:
        if started_here:
            ray.shutdown()
