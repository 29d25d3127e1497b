"""`fleet --slurm` against a real Slurm cluster started here (tests/engines.py): four node names on one
host, each presenting its own machine through the task prolog; on one of them `import torch` hangs."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest

from tests.engines import REPO, start_slurm
from tests.fleet_machines import build, node_env

MACHINES = {"yd1": "healthy", "yd2": "cpu-torch", "yd3": "old-driver", "yd4": "hang"}
BOUND = "20"  # seconds: the hung node's check is cut there, the others finish well within it


@pytest.fixture(scope="module")
def slurm(tmp_path_factory):
    base = tmp_path_factory.mktemp("slurm")
    machines = {name: node_env(build(kind, base / "nodes" / name), REPO) for name, kind in MACHINES.items()}
    # yd3's network setting names an interface it does not have: gloo cannot open its side of any link
    # there, which only the cross-node smoke touches.
    machines["yd3"]["GLOO_SOCKET_IFNAME"] = "ydnone0"
    yield from start_slurm(base / "cluster", machines)


def fleet(cluster, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "yolodoctor", "fleet", "--slurm", "--offline", *args],
                          capture_output=True, text=True, timeout=timeout, env=cluster.env(), cwd=str(REPO))


def by_node(document):
    return {n["node"]: n for n in document["nodes"]}


def test_every_node_answers_or_is_named_and_the_fleet_is_judged(slurm):
    started = time.monotonic()
    proc = fleet(slurm, "--timeout", BOUND, "--format", "json")
    elapsed = time.monotonic() - started
    assert proc.returncode == 2, proc.stderr + slurm.logs()
    doc = json.loads(proc.stdout)
    assert doc["source"] == "slurm"
    assert doc["summary"]["nodes"] == 4 and doc["summary"]["answered"] == 3, doc["not_answered"]
    # The node whose `import torch` hangs is cut at the bound and named; it does not hold the others.
    [hung] = doc["not_answered"]
    assert (hung["node"], hung["status"]) == ("yd4", "timed_out")
    assert hung["reason"] == f"yolodoctor check did not finish within {BOUND} s on this node"
    assert elapsed < int(BOUND) + 60, elapsed
    nodes = by_node(doc)
    assert nodes["yd2"]["findings"] == ["YD204"]  # the CPU-only torch, on that node only
    assert nodes["yd1"]["findings"] == []
    assert "YD102" in nodes["yd3"]["findings"]
    groups = {g["id"]: g for g in doc["groups"]}
    assert groups["YD204"]["nodes"] == ["yd2"] and groups["YD204"]["of"] == 4
    drift = {d["fact"]: d for d in doc["drift"]}
    assert drift["driver"]["majority"] == "550.127.05"
    assert drift["driver"]["odd"] == [{"value": "535.183.01", "nodes": ["yd3"]}]
    assert drift["torch"]["odd"] == [{"value": "2.5.1+cpu (CPU only)", "nodes": ["yd2"]}]
    # Each task ran on its own node: the step's tasks are where the reports came from.
    assert sorted(n["where"] for n in doc["nodes"]) == [f"srun task {i}" for i in range(4)]
    assert all(n["seconds"] > 0 for n in doc["nodes"])


def test_nodes_from_a_host_list_and_junit(slurm):
    proc = fleet(slurm, "--nodes", "yd[1,3]", "--format", "junit")
    assert proc.returncode == 1, proc.stderr  # 535 vs 550 is drift that counts; YD102 is a note
    root = ET.fromstring(proc.stdout)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"yd1", "yd3", "drift"}
    assert cases["drift"].find("failure") is not None
    assert "NVIDIA driver" in cases["drift"].find("failure").get("message")


def test_a_node_that_cannot_run_yolodoctor_is_named_with_the_reason(slurm):
    proc = fleet(slurm, "--nodes", "yd1", "--python", "/nonexistent/bin/python", "--format", "json")
    assert proc.returncode == 2, proc.stderr
    doc = json.loads(proc.stdout)
    [silent] = doc["not_answered"]
    assert silent["node"] == "yd1" and silent["status"] == "failed"
    assert "/nonexistent/bin/python" in silent["reason"], silent


def test_a_drained_node_is_reported_not_waited_for(slurm):
    update = slurm.run("scontrol", "update", "nodename=yd3", "state=drain", "reason=fleet-test")
    assert update.returncode == 0, update.stderr
    try:
        proc = fleet(slurm, "--timeout", BOUND, "--format", "json")
    finally:
        slurm.run("scontrol", "update", "nodename=yd3", "state=resume")
    doc = json.loads(proc.stdout)
    assert proc.returncode == 2
    assert [(n["node"], n["status"]) for n in doc["not_answered"]] == [("yd3", "down"), ("yd4", "timed_out")]
    assert "drain" in doc["not_answered"][0]["reason"].lower()
    assert doc["summary"]["answered"] == 2


def test_a_node_slurm_does_not_know_is_a_usage_error(slurm):
    proc = fleet(slurm, "--nodes", "yd[1,9]")
    assert proc.returncode == 64, proc.stdout + proc.stderr
    assert "sinfo lists no node yd9" in proc.stderr


def test_smoke_all_reduce_runs_across_the_nodes_through_srun(slurm):
    proc = fleet(slurm, "--nodes", "yd[1-2]", "--smoke", "--timeout", "60", "--format", "json", timeout=400)
    doc = json.loads(proc.stdout)
    smoke = doc["smoke"]
    assert smoke["status"] == "ok", smoke
    assert (smoke["backend"], smoke["world"], smoke["nodes"]) == ("gloo", 2, ["yd1", "yd2"])
    assert proc.returncode == 2  # the CPU-only torch on yd2 still fails the fleet


def test_smoke_names_the_node_that_cannot_join(slurm):
    # The simulated nodes' torch sees a GPU, the real torch that runs the smoke here does not: gloo.
    proc = fleet(slurm, "--nodes", "yd[1,3]", "--smoke", "--smoke-backend", "gloo", "--timeout", "20", "-f", "json",
                 timeout=400)
    assert proc.returncode == 2, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["smoke"]["status"] == "failed" and doc["smoke"]["backend"] == "gloo"
    reasons = {n["node"]: n["reason"] for n in doc["smoke"]["failed_nodes"]}
    assert "ydnone0" in reasons["yd3"], reasons


def test_auto_backend_is_nccl_when_every_node_sees_a_gpu(slurm):
    proc = fleet(slurm, "--nodes", "yd1", "--smoke", "-f", "json")
    assert json.loads(proc.stdout)["smoke"] == {"status": "skipped", "reason": "fewer than two nodes answered",
                                                "failed_nodes": [], "failed_pairs": []}
    proc = fleet(slurm, "--nodes", "yd[1,3]", "--smoke", "--timeout", "20", "-f", "json", timeout=400)
    smoke = json.loads(proc.stdout)["smoke"]
    assert smoke["backend"] == "nccl" and smoke["status"] == "failed"
    assert all("NCCL" in n["reason"] or "GPU" in n["reason"] for n in smoke["failed_nodes"]), smoke
