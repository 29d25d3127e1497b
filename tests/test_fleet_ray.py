"""`fleet --ray ADDRESS` against a real Ray cluster started here (tests/engines.py): three raylets on one
host, each presenting its own machine, one of which hangs in `import torch`."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.engines import REPO, start_ray
from tests.fleet_machines import build, node_env

MACHINES = {"head": "healthy", "n2": "small-shm", "n3": "hang"}


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory):
    base = tmp_path_factory.mktemp("ray")
    machines = {name: node_env(build(kind, base / name), REPO) for name, kind in MACHINES.items()}
    yield from start_ray(machines)


def fleet(cluster, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("RAY_")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run([sys.executable, "-m", "yolodoctor", "fleet", "--ray", cluster.address, "--offline",
                           *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=str(REPO))


def test_each_alive_node_runs_check_on_itself_and_a_hung_node_is_bounded(ray_cluster):
    cluster, ids = ray_cluster
    started = time.monotonic()
    proc = fleet(cluster, "--timeout", "8", "--format", "json")
    elapsed = time.monotonic() - started
    assert proc.returncode == 2, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["source"] == "ray"
    nodes = {ids[n["where"]]: n for n in doc["nodes"]}  # where = the Ray node id each answer came from
    assert set(nodes) == {"head", "n2", "n3"}
    assert nodes["head"]["status"] == "answered" and nodes["head"]["findings"] == []
    assert nodes["n2"]["status"] == "answered" and nodes["n2"]["findings"] == ["YD701"]
    assert nodes["n2"]["values"]["shm"] == "64 MiB" and nodes["head"]["values"]["shm"] != "64 MiB"
    # The hung node is named with its bound and does not hold the fleet past it.
    assert nodes["n3"]["status"] == "timed_out"
    assert "did not finish within 8 s" in nodes["n3"]["reason"]
    assert elapsed < 8 + 60, elapsed
    shm = next(d for d in doc["drift"] if d["fact"] == "shm")
    assert shm["odd"][0]["value"] == "64 MiB" and len(shm["odd"][0]["nodes"]) == 1


def test_terminal_report_names_the_group_and_the_silent_node(ray_cluster):
    cluster, ids = ray_cluster
    proc = fleet(cluster, "--timeout", "5")
    assert proc.returncode == 2, proc.stderr
    assert "1 of 3 nodes: YD701 /dev/shm too small in a container" in proc.stdout
    assert "Nodes not judged:" in proc.stdout and "(timed out)" in proc.stdout


def test_an_unreachable_cluster_is_a_usage_error():
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "fleet", "--ray", "127.0.0.1:1"],
                          capture_output=True, text=True, timeout=120, cwd=str(REPO),
                          env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 64, proc.stdout + proc.stderr
    assert "cannot connect to the Ray cluster at 127.0.0.1:1" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_smoke_all_reduce_across_the_nodes_that_answered(ray_cluster):
    cluster, ids = ray_cluster
    # The simulated nodes' torch sees a GPU; the real torch of the Ray workers runs on the CPU: gloo.
    proc = fleet(cluster, "--timeout", "8", "--smoke", "--smoke-backend", "gloo", "--format", "json")
    doc = json.loads(proc.stdout)
    smoke = doc["smoke"]
    assert smoke["status"] == "ok", smoke
    assert smoke["backend"] == "gloo" and smoke["world"] == 2  # the hung node is not asked to join
    hung = next(n["node"] for n in doc["nodes"] if n["status"] == "timed_out")
    assert hung not in smoke["nodes"]
