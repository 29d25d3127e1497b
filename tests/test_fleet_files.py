"""`fleet --from PATH...`: reports collected on simulated nodes (the scenario harness) by the real CLI,
read back as check JSON, facts JSON and `yolodoctor report` markdown, and judged as one fleet."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.engines import REPO
from tests.fleet_machines import build, node_env
from tests.junit_schema import problems

NODES = {"gpu01": "healthy", "gpu02": "old-driver", "gpu03": "cpu-torch", "gpu04": "small-shm", "gpu05": "healthy"}


def _yolodoctor(m, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-s", "-m", "yolodoctor", *args], capture_output=True, text=True,
                          env=node_env(m, REPO), cwd=str(REPO), timeout=120)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """What a DaemonSet leaves on its volume: one report per node, named after the node, in every form
    yolodoctor writes (check JSON for most, facts JSON for gpu04, report markdown for gpu03)."""
    base = tmp_path_factory.mktemp("fleet")
    reports = base / "reports"
    reports.mkdir()
    for name, kind in NODES.items():
        m = build(kind, base / "nodes" / name)
        if name == "gpu03":
            proc = _yolodoctor(m, "report", "-o", str(reports / f"{name}.md"))
            assert proc.returncode == 0, proc.stderr
        elif name == "gpu04":
            proc = _yolodoctor(m, "facts", "--format", "json", "--offline")
            assert proc.returncode == 0, proc.stderr
            (reports / f"{name}.json").write_text(proc.stdout)
        else:
            proc = _yolodoctor(m, "check", "--format", "json", "--offline")
            assert proc.returncode in (0, 1, 2), proc.stderr
            (reports / f"{name}.json").write_text(proc.stdout)
    return reports


def fleet(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "yolodoctor", "fleet", *args], capture_output=True, text=True,
                          cwd=str(REPO), timeout=120, env={**__import__("os").environ, "PYTHONPATH": str(REPO)})


def test_a_directory_of_reports_in_every_form_is_one_fleet(collected):
    proc = fleet("--from", str(collected), "--format", "json")
    assert proc.returncode == 2, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["schema"] == "yolodoctor.fleet/1" and doc["source"] == "files"
    assert doc["summary"]["nodes"] == 5 and doc["summary"]["answered"] == 5, doc["not_answered"]
    nodes = {n["node"]: n for n in doc["nodes"]}
    assert nodes["gpu03"]["findings"] == ["YD204"]  # from the markdown report, judged here
    assert nodes["gpu04"]["findings"] == ["YD701"]  # from a facts document, judged here
    assert nodes["gpu01"]["findings"] == [] and nodes["gpu05"]["findings"] == []
    assert doc["summary"]["healthy"] == 3  # gpu02 has a note only
    drift = {d["fact"]: d for d in doc["drift"]}
    assert drift["driver"] == {"fact": "driver", "label": "NVIDIA driver", "majority": "550.127.05",
                               "majority_nodes": 4, "counts": True,
                               "odd": [{"value": "535.183.01", "nodes": ["gpu02"]}]}
    assert drift["shm"]["odd"] == [{"value": "64 MiB", "nodes": ["gpu04"]}]
    assert "python" not in drift and "gpu_model" not in drift  # the same everywhere: no row
    first = doc["groups"][0]
    assert (first["id"], first["nodes"], first["count"], first["of"]) == ("YD204", ["gpu03"], 1, 5)
    # the one chooser's command: the node's own interpreter, pip, and an explicit CUDA local tag
    assert re.search(r"/gpu03/env/bin/python3? -m pip install .*torch==2\.5\.1\+cu124 torchvision==0\.20\.1\+cu124",
                     first["fix"]), first["fix"]


def test_markdown_and_terminal_say_the_same(collected):
    md = fleet("--from", str(collected), "--format", "markdown")
    term = fleet("--from", str(collected))
    assert md.returncode == term.returncode == 2
    line = "1 of 5 nodes: YD204 CPU-only torch on a machine with an NVIDIA GPU — gpu03"
    assert f"#### {line}" in md.stdout and line in term.stdout
    assert "| NVIDIA driver (!) | 550.127.05 | 4 | 535.183.01 on gpu02 |" in md.stdout
    assert "NVIDIA driver: 550.127.05 on 4 nodes; 535.183.01 on gpu02" in term.stdout


def test_junit_is_valid_and_fails_the_right_nodes(collected):
    proc = fleet("--from", str(collected), "--format", "junit")
    assert problems(proc.stdout) == []
    cases = {c.get("name"): c for c in ET.fromstring(proc.stdout).iter("testcase")}
    assert set(cases) == {"gpu01", "gpu02", "gpu03", "gpu04", "gpu05", "drift"}
    assert cases["gpu03"].find("failure").get("type") == "error"
    assert cases["gpu04"].find("failure").get("type") == "warning"
    assert cases["gpu01"].find("failure") is None and cases["gpu02"].find("failure") is None


def test_fail_on_decides_the_exit_code(collected, tmp_path):
    assert fleet("--from", str(collected), "--fail-on", "never").returncode == 0
    calm = tmp_path / "calm"
    calm.mkdir()
    for name in ("gpu01", "gpu05"):
        shutil.copy(collected / f"{name}.json", calm)
    assert fleet("--from", str(calm)).returncode == 0
    shutil.copy(collected / "gpu02.json", calm)  # a driver that differs: drift counts as a warning
    assert fleet("--from", str(calm)).returncode == 1
    assert fleet("--from", str(calm), "--fail-on", "error").returncode == 0
    # The team policy found from the working directory decides too, as for check.
    team = tmp_path / "team"
    team.mkdir()
    (team / "yolodoctor.toml").write_text('fail-on = "error"\n')
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "fleet", "--from", str(calm)], capture_output=True,
                          text=True, cwd=str(team), timeout=120,
                          env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ignored_rules_leave_every_node(collected):
    proc = fleet("--from", str(collected), "--ignore", "YD204", "--format", "json")
    doc = json.loads(proc.stdout)
    assert "YD204" not in {g["id"] for g in doc["groups"]}
    assert {n["node"]: n["findings"] for n in doc["nodes"]}["gpu03"] == []
    assert proc.returncode == 1  # the shm warning and the drift remain
    bad = fleet("--from", str(collected), "--ignore", "YD9999")
    assert bad.returncode == 64 and "YD9999" in bad.stderr


def test_unreadable_reports_are_named_and_the_rest_still_judged(collected, tmp_path):
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    shutil.copy(collected / "gpu01.json", mixed)
    (mixed / "gpu06.json").write_text('{"schema": "yolodoctor.check/1", "findings": [')
    (mixed / "gpu07.json").write_text('{"kind": "List", "items": []}')
    (mixed / "gpu08.md").write_text("# notes\nnothing from yolodoctor here\n")
    (mixed / "gpu09.json").write_text("{\x1b]0;pwned\x07 not json")
    proc = fleet("--from", str(mixed))
    assert proc.returncode == 2
    assert "\x1b" not in proc.stdout
    doc = json.loads(fleet("--from", str(mixed), "-f", "json").stdout)
    reasons = {n["node"]: (n["status"], n["reason"]) for n in doc["not_answered"]}
    assert set(reasons) == {"gpu06", "gpu07", "gpu08", "gpu09"}
    assert reasons["gpu06"][0] == "unreadable" and "not valid JSON" in reasons["gpu06"][1]
    assert "no schema member" in reasons["gpu07"][1]
    assert "no yolodoctor report block" in reasons["gpu08"][1]
    assert doc["summary"]["answered"] == 1


@pytest.mark.parametrize("args, message", [
    (("--from",), "--from needs at least one report file or directory"),
    (("--from", "/nonexistent/reports"), "no such file or directory"),
    (("--from", "--slurm", "x"), "choose one of"),
    ((), "choose one of"),
    (("--ray", "a:1", "b:2"), "one cluster address at most"),
    (("--from", ".", "--format", "github"), "--format must be one of"),
    (("--from", "x", "--partition", "gpu"), "--partition and --nodes go with --slurm"),
])
def test_bad_command_lines_are_usage_errors(args, message):
    proc = fleet(*args)
    assert proc.returncode == 64, proc.stdout + proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_an_empty_directory_is_a_usage_error(tmp_path):
    proc = fleet("--from", str(tmp_path))
    assert proc.returncode == 64 and "no reports found" in proc.stderr


def test_a_fifo_among_the_reports_does_not_block(collected, tmp_path):
    import os

    shutil.copy(collected / "gpu01.json", tmp_path)
    os.mkfifo(tmp_path / "gpu02.json")
    proc = fleet("--from", str(tmp_path), "-f", "json")
    doc = json.loads(proc.stdout)
    assert doc["not_answered"] == [{"node": "gpu02", "status": "unreadable", "reason": "not a regular file",
                                    "where": str(tmp_path / "gpu02.json")}]


def test_slurm_missing_is_a_clear_usage_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "fleet", "--slurm"], capture_output=True, text=True,
                          cwd=str(REPO), timeout=60, env={"PATH": str(tmp_path), "PYTHONPATH": str(REPO),
                                                          "HOME": str(tmp_path)})
    assert proc.returncode == 64, proc.stderr
    assert "--slurm needs Slurm's sinfo on PATH; it was not found" in proc.stderr


def test_each_node_gets_the_verdict_check_gives_it(tmp_path):
    """Facts documents kept from real and scenario machines (tests/fixtures/facts): the fleet judges each
    node exactly as `check --facts` does, and groups nodes only by what they share."""
    fixtures = REPO / "tests" / "fixtures" / "facts"
    names = sorted(p.stem for p in fixtures.glob("*.json"))
    assert len(names) >= 5
    expected = {}
    for name in names:
        shutil.copy(fixtures / f"{name}.json", tmp_path)
        proc = subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--facts", str(fixtures / f"{name}.json"),
                               "--format", "json"], capture_output=True, text=True, cwd=str(REPO), timeout=120,
                              env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
        expected[name] = [f["id"] for f in json.loads(proc.stdout)["findings"]]
    doc = json.loads(fleet("--from", str(tmp_path), "--format", "json").stdout)
    assert {n["node"]: n["findings"] for n in doc["nodes"]} == expected
    for group in doc["groups"]:
        assert group["nodes"] == sorted(n for n, ids in expected.items() if group["id"] in ids) or \
            set(group["nodes"]) < {n for n, ids in expected.items() if group["id"] in ids}
    assert sum(g["count"] for g in doc["groups"]) == sum(len(ids) for ids in expected.values())
