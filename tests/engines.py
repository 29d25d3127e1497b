"""Real cluster engines, started by the tests on this host: a Slurm cluster (munged, slurmctld and one
slurmd per node name, from Debian's slurm-wlm and munge) and a Ray cluster (several raylets, as Ray's own
tests build one). Each node presents its own simulated machine (tests/fleet_machines.py):

- Slurm: the task prolog (TaskProlog in slurm.conf) prints the node's environment as `export` lines,
  the mechanism sites use to give job steps per-node settings;
- Ray: each raylet is started with the node's environment, which its workers inherit.

Where an engine cannot start, `unavailable()` says exactly why: the test fails in CI (CI=true) and is
skipped elsewhere. Clusters are tiny (one CPU per node) and are stopped when the tests end.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator, Mapping

import pytest

REPO = Path(__file__).resolve().parent.parent
SLURM_SCRIPTS = REPO / "tests" / "slurm"
STARTUP_BOUND = 60.0


def unavailable(why: str) -> None:
    """An engine that cannot start: a failure in CI, where it must run; a skip on a workstation."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"the cluster engine cannot start in CI: {why}", pytrace=False)
    pytest.skip(why)


def free_port_block(size: int) -> int:
    """The first of `size` consecutive loopback ports that are free now."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + size >= 65000:
            continue
        ok = True
        for port in range(base, base + size):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    raise RuntimeError("no block of free ports")


# ------------------------------------------------------------------ Slurm ---

class SlurmCluster:
    def __init__(self, directory: Path, conf: Path, nodes: list[str]) -> None:
        self.directory, self.conf, self.nodes = directory, conf, nodes

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env["SLURM_CONF"] = str(self.conf)
        env["PYTHONPATH"] = str(REPO)
        env.update(extra)
        return env

    def run(self, *argv: str, timeout: float = 30) -> subprocess.CompletedProcess:
        return subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout, env=self.env())

    def logs(self) -> str:
        out = []
        for log in sorted((self.directory / "log").glob("*.log")):
            out.append(f"--- {log.name}\n" + log.read_text(errors="replace")[-2000:])
        return "\n".join(out)


def _write_prolog(directory: Path, machines: Mapping[str, Mapping[str, str]]) -> Path:
    """TaskProlog: `export NAME=value` lines for the node the task runs on."""
    for name, env in machines.items():
        # slurmstepd takes the rest of an `export NAME=value` line as the value, quotes and all.
        lines = [f"printf '%s\\n' {shlex.quote(f'export {k}={v}')}" for k, v in sorted(env.items())]
        (directory / f"prolog-{name}.sh").write_text("#!/bin/sh\n" + "\n".join(lines) + "\n")
    prolog = directory / "task_prolog.sh"
    prolog.write_text('#!/bin/sh\nf="$(dirname "$0")/prolog-$SLURMD_NODENAME.sh"\n[ -f "$f" ] && . "$f"\nexit 0\n')
    for p in directory.glob("*.sh"):
        p.chmod(0o755)
    return prolog


def start_slurm(directory: Path, machines: Mapping[str, Mapping[str, str]]) -> Iterator[SlurmCluster]:
    """Start a cluster whose nodes yd1..ydN present `machines` (node name -> environment)."""
    missing = [d for d in ("munged", "slurmctld", "slurmd", "srun", "sinfo", "scontrol") if not shutil.which(d)]
    if missing:
        unavailable(f"Slurm is not installed here ({', '.join(missing)} not on PATH); "
                    "apt-get install slurm-wlm munge")
    if os.geteuid() != 0:
        unavailable("the local Slurm cluster runs its daemons as root (SlurmUser=root); this user is not root")
    directory.mkdir(parents=True, exist_ok=True)
    prolog = _write_prolog(directory, machines)
    base = free_port_block(len(machines) + 2)
    proc = subprocess.run([str(SLURM_SCRIPTS / "start_local_cluster.sh"), str(directory), str(len(machines)),
                           str(base), str(prolog)], capture_output=True, text=True, timeout=STARTUP_BOUND)
    cluster = SlurmCluster(directory, directory / "slurm.conf", [f"yd{i}" for i in range(1, len(machines) + 1)])
    try:
        if proc.returncode != 0:
            unavailable(f"start_local_cluster.sh failed ({proc.returncode}): {proc.stderr.strip()[-1500:]}\n"
                        f"{cluster.logs()}")
        deadline = time.monotonic() + STARTUP_BOUND
        states = ""
        while time.monotonic() < deadline:
            info = cluster.run("sinfo", "--noheader", "--Node", "--format=%N %T", timeout=10)
            states = info.stdout + info.stderr
            if info.returncode == 0 and sum(" idle" in line for line in info.stdout.splitlines()) == len(machines):
                break
            time.sleep(0.5)
        else:
            unavailable(f"the Slurm nodes did not become idle within {STARTUP_BOUND:g} s: {states.strip()}\n"
                        f"{cluster.logs()}")
        yield cluster
    finally:
        subprocess.run([str(SLURM_SCRIPTS / "stop_local_cluster.sh"), str(directory)], timeout=30)


# -------------------------------------------------------------------- Ray ---

def start_ray(machines: Mapping[str, Mapping[str, str]]) -> Iterator[tuple[object, dict[str, str]]]:
    """A Ray cluster of len(machines) nodes on this host; yields (cluster, node id -> machine name)."""
    try:
        from ray.cluster_utils import Cluster
    except ImportError as exc:
        unavailable(f"Ray is not installed here ({exc}); pip install ray (it is in the test extras)")
    cluster = None
    try:
        names = list(machines)
        common = {"num_cpus": 1, "object_store_memory": 80 * 2 ** 20}
        try:
            cluster = Cluster(initialize_head=True, connect=False,
                              head_node_args={**common, "include_dashboard": False,
                                              "env_vars": dict(machines[names[0]])})
            ids = {cluster.head_node.node_id: names[0]}
            for name in names[1:]:
                node = cluster.add_node(**common, env_vars=dict(machines[name]))
                ids[node.node_id] = name
            cluster.wait_for_nodes(timeout=STARTUP_BOUND)
        except Exception as exc:  # Ray's own start-up failure, whatever its type, is the reason
            unavailable(f"the local Ray cluster did not start: {type(exc).__name__}: {exc}")
        yield cluster, ids
    finally:
        if cluster is not None:
            cluster.shutdown()
