"""One rank of the "distributed" stage, started by torchrun.

    ydsmoke_dist_worker.py --backend gloo|nccl --devices cpu|0,1 --workdir DIR --deadline SECONDS

Writes its progress to DIR/rank<N>.jsonl, one JSON line per phase, flushed,
so that the stage knows where a rank hung. Two guards end a stuck rank even
inside a C call that never returns: faulthandler exits the process after
the deadline (printing every thread's stack first), and a watcher exits when
the launcher has gone.
"""

import argparse
import datetime
import faulthandler
import json
import os
import sys
import threading
import time


def _watch_parent():
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:  # torchrun died: nothing will collect this rank
                os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", required=True)
    parser.add_argument("--devices", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--deadline", type=float, required=True)
    args = parser.parse_args(argv)
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    world = int(os.environ.get("WORLD_SIZE", "1"))
    log = open(os.path.join(args.workdir, "rank%d.jsonl" % rank), "a")

    def note(phase, **data):
        data.update(phase=phase, rank=rank, time=time.time())
        log.write(json.dumps(data) + "\n")
        log.flush()

    note("start", pid=os.getpid(), world_size=world)
    faulthandler.dump_traceback_later(args.deadline, exit=True)
    _watch_parent()
    note("import torch")
    import torch
    import torch.distributed as dist

    device, index = "cpu", None
    if args.backend == "nccl":
        index = int(args.devices.split(",")[local_rank])
        torch.cuda.set_device(index)
        device = "cuda:%d" % index
    note("init_process_group", device=device)
    dist.init_process_group(args.backend, timeout=datetime.timedelta(seconds=args.deadline))
    note("all_reduce")
    small = torch.full((1024,), float(rank + 1), device=device)
    dist.all_reduce(small)
    if device != "cpu":
        torch.cuda.synchronize(device)
    want = world * (world + 1) / 2.0
    if not bool((small == want).all()):
        note("wrong_result", got=float(small[0]), want=want)
        return 4
    note("all_reduce 16 MiB")
    big = torch.ones(4 << 20, device=device)
    if device != "cpu":
        torch.cuda.synchronize(device)
    t0 = time.perf_counter()
    dist.all_reduce(big)
    if device != "cpu":
        torch.cuda.synchronize(device)
    seconds = time.perf_counter() - t0
    if float(big[0]) != world or float(big[-1]) != world:
        note("wrong_result", got=float(big[0]), want=world)
        return 4
    note("barrier")
    if args.backend == "nccl":
        dist.barrier(device_ids=[index])
    else:
        dist.barrier()
    dist.destroy_process_group()
    faulthandler.cancel_dump_traceback_later()
    note("done", all_reduce_16mib_seconds=seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
