"""Stage "distributed": processes launched the standard way (torchrun) form
a process group and all-reduce: gloo on the CPU, NCCL across GPUs. DEVICE is
"cpu" or a comma-separated list of CUDA devices (one rank each).

Every wait is bounded: the ranks end themselves at the deadline, the
launcher is stopped a little later, and the runner kills this stage last.
"""

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time

import ydsmoke_common as common
from ydsmoke_common import Failure, Skip

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER = os.path.join(HERE, "ydsmoke_dist_worker.py")
CPU_RANKS = 2
COLLECTIVES = ("all_reduce", "all_reduce 16 MiB", "barrier")
# torchrun's line announcing that a rank failed; what follows is its own traceback
_LAUNCHER_REPORT = re.compile(r"elastic/multiprocessing/api\.py:\d+\].*failed|ChildFailedError")


def _torchrun_available():
    spec = importlib.util.find_spec("torch")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise Skip("torch is not installed")
    base = list(spec.submodule_search_locations)[0]
    if not os.path.isfile(os.path.join(base, "distributed", "run.py")):
        raise Skip("this torch has no torch.distributed.run (torchrun)")


def _read_ranks(rundir, world):
    ranks = {}
    for rank in range(world):
        path = os.path.join(rundir, "rank%d.jsonl" % rank)
        phases = []
        try:
            with open(path) as fh:
                for line in fh:
                    try:
                        phases.append(json.loads(line))
                    except ValueError:
                        pass
        except OSError:
            pass
        ranks[rank] = phases
    return ranks


def _kill_ranks(ranks):
    """Ranks run in their own sessions (torchrun starts them so): end any still alive."""
    for phases in ranks.values():
        pids = [p.get("pid") for p in phases if p.get("pid")]
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (OSError, ValueError):
                pass


def _verdict(ranks, backend, world, where, deadline, launcher_timed_out):
    """The failure message for ranks that did not all finish."""
    stuck = {}
    for rank, phases in sorted(ranks.items()):
        last = phases[-1]["phase"] if phases else None
        if last == "wrong_result":
            info = phases[-1]
            return "all-reduce returned a wrong result on rank %d (%s, %d processes on %s): got %r, expected %r" % (
                rank, backend, world, where, info.get("got"), info.get("want"))
        if last != "done":
            stuck.setdefault(last or "never started", []).append(rank)
    if not stuck:
        return None
    parts = ["rank%s %s %s" % ("s" if len(r) > 1 else "", ", ".join(map(str, r)),
                               "never started" if phase == "never started" else "stopped in " + phase)
             for phase, r in sorted(stuck.items())]
    if any(phase in COLLECTIVES for phase in stuck):
        head = "all-reduce did not finish within %d s" % deadline
    elif "init_process_group" in stuck:
        head = "the process group did not form (rendezvous / init_process_group) within %d s" % deadline
    elif launcher_timed_out:
        head = "the ranks did not finish within %d s" % deadline
    else:
        head = "the distributed run failed"
    return "%s (%s, %d processes on %s): %s" % (head, backend, world, where, "; ".join(parts))


def _ranks_output(output):
    """What the ranks printed (faulthandler stacks, NCCL warnings, exceptions), without torchrun's
    own ChildFailedError report that follows it."""
    lines = output.strip().splitlines()
    for index, line in enumerate(lines):
        if _LAUNCHER_REPORT.search(line):
            return "\n".join(lines[:index]).strip() or output.strip()
    return output.strip()


def run(ctx):
    _torchrun_available()
    if ctx.device == "cpu":
        backend, world, devices, where = "gloo", CPU_RANKS, "cpu", "cpu"
    else:
        indices = [d.split(":")[1] for d in ctx.device.split(",")]
        backend, world, devices, where = "nccl", len(indices), ",".join(indices), ctx.device
    rundir = os.path.join(ctx.workdir, "distributed")
    os.makedirs(rundir, exist_ok=True)
    for name in os.listdir(rundir):
        os.remove(os.path.join(rundir, name))
    # The runner kills this stage at ctx.timeout: the ranks give up first, then the launcher is stopped.
    deadline = max(3.0, ctx.timeout * 0.6)
    launcher_timeout = max(deadline + 2, ctx.timeout * 0.75)
    term_wait = min(5.0, ctx.timeout * 0.1)
    env = dict(os.environ)
    env.setdefault("NCCL_DEBUG", "WARN")  # NCCL explains its failures only when asked
    env.setdefault("OMP_NUM_THREADS", "1")
    argv = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nnodes=1",
            "--nproc-per-node=%d" % world, "--max-restarts=0", WORKER, "--backend", backend, "--devices", devices,
            "--workdir", rundir, "--deadline", str(int(deadline))]
    with ctx.check("torchrun %d processes, %s all-reduce" % (world, backend)) as check:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env=env, cwd=rundir)
        timed_out = False
        try:
            output, _ = proc.communicate(timeout=launcher_timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            proc.send_signal(signal.SIGTERM)  # torchrun passes it on to the ranks
            try:
                output, _ = proc.communicate(timeout=term_wait)
            except subprocess.TimeoutExpired:
                proc.kill()
                output, _ = proc.communicate()
        seconds = time.perf_counter() - t0
        ranks = _read_ranks(rundir, world)
        _kill_ranks({r: p for r, p in ranks.items() if not p or p[-1].get("phase") != "done"})
        output = output.decode("utf-8", "replace") if output else ""
        verdict = _verdict(ranks, backend, world, where, deadline, timed_out)
        if verdict is None and proc.returncode != 0:
            verdict = "torchrun exited with code %s although every rank finished" % proc.returncode
        if verdict:
            tail = _ranks_output(output)[-common.ERROR_TAIL:]
            raise Failure(verdict + ("\n" + tail if tail else ""), data={"launcher_seconds": seconds})
        done = [p[-1] for p in ranks.values()]
        slowest = max(d.get("all_reduce_16mib_seconds", 0.0) for d in done)
        check.detail = "%d ranks agree; 16 MiB all-reduce in %.1f ms; %.1f s with start-up" % (
            world, slowest * 1000, seconds)
        check.data = {"all_reduce_16mib_seconds": slowest, "launcher_seconds": seconds}
    return {"detail": "%s all-reduce across %d processes on %s: correct" % (backend, world, where),
            "data": {"backend": backend, "world_size": world, "all_reduce_16mib_seconds": slowest}}
