"""The cross-node smoke: one process per node joins one torch.distributed group (gloo on CPU, NCCL where
every node has a usable GPU), runs an all-reduce, then passes a tensor around the ring (each rank sends to
the next), so that a link that fails is named as a pair of nodes.

Run as a script by the target interpreter (it never imports yolodoctor):

    PYTHON smoke_task.py --master ADDR:PORT --backend gloo --timeout 60 [--rank R --world W]

Under srun the rank and world come from SLURM_PROCID / SLURM_NTASKS. Prints one line:
YDFLEET1-SMOKE {json}.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from typing import Any, Optional, Sequence

RESULT = "YDFLEET1-SMOKE "


def run(rank: int, world: int, master: str, backend: str, timeout: float, node: Optional[str] = None) -> dict:
    """Never raises: what failed, and where, is the result."""
    started = time.monotonic()
    out: dict[str, Any] = {"rank": rank, "world": world, "backend": backend,
                           "node": node or os.environ.get("SLURMD_NODENAME") or socket.gethostname(),
                           "joined": False, "all_reduce": None, "ring": None, "error": None}
    try:
        from datetime import timedelta

        import torch
        import torch.distributed as dist
    except Exception as exc:  # a torch that does not import is this node's answer
        out["error"] = f"import torch failed: {type(exc).__name__}: {exc}"[:1000]
        return out
    try:
        dist.init_process_group(backend, init_method=f"tcp://{master}", rank=rank, world_size=world,
                                timeout=timedelta(seconds=timeout))
        out["joined"] = True
        device = torch.device("cuda", torch.cuda.current_device()) if backend == "nccl" else torch.device("cpu")
        value = torch.full((1024,), float(rank + 1), device=device)
        dist.all_reduce(value)
        expected = world * (world + 1) / 2
        got = float(value[0].item())
        out["all_reduce"] = "ok" if got == expected else f"wrong sum {got:g}, expected {expected:g}"
        if world > 1:  # the ring: receive from the previous rank, send to the next
            token = torch.full((16,), float(rank), device=device)
            incoming = torch.empty(16, device=device)
            ops = [dist.P2POp(dist.isend, token, (rank + 1) % world),
                   dist.P2POp(dist.irecv, incoming, (rank - 1) % world)]
            for request in dist.batch_isend_irecv(ops):
                request.wait()
            got = float(incoming[0].item())
            out["ring"] = "ok" if got == (rank - 1) % world else f"received {got:g} from rank {(rank - 1) % world}"
        dist.barrier()
    except Exception as exc:
        out["error"] = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"[:1000]
    finally:
        try:
            if dist.is_initialized():
                dist.destroy_process_group()
        except Exception:
            pass
    out["seconds"] = round(time.monotonic() - started, 3)
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="smoke_task")
    parser.add_argument("--master", required=True)
    parser.add_argument("--backend", default="gloo", choices=("gloo", "nccl"))
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--rank", type=int, default=None)
    parser.add_argument("--world", type=int, default=None)
    args = parser.parse_args(argv)
    rank = args.rank if args.rank is not None else int(os.environ.get("SLURM_PROCID", "0"))
    world = args.world if args.world is not None else int(os.environ.get("SLURM_NTASKS", "1"))
    result = run(rank, world, args.master, args.backend, args.timeout)
    sys.stdout.write(RESULT + json.dumps(result, separators=(",", ":")) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
