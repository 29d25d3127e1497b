"""The stage scripts that run under the target interpreter: standalone, old-Python
safe, and right about their references."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from yolodoctor.smoke.runner import MARK, STAGE_SCRIPT, TARGET_DIR, parse_records

SCRIPTS = sorted(TARGET_DIR.glob("ydsmoke_*.py"))


def test_every_stage_module_is_there():
    names = {p.stem for p in SCRIPTS}
    for stage in ("device", "model", "attention", "vision", "ultralytics", "export", "distributed", "health"):
        assert f"ydsmoke_{stage}" in names


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_scripts_import_nothing_from_yolodoctor_and_parse_as_python_38(path):
    tree = ast.parse(path.read_text(), str(path), feature_version=(3, 8))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "yolodoctor" for a in node.names), path
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0 and (node.module or "").split(".")[0] != "yolodoctor", path


def _run(*args, cwd=None, timeout=120):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)


def test_an_isolated_copy_runs_on_its_own(tmp_path):
    # -I: no script directory, no user site, no PYTHONPATH on sys.path; the copy has no yolodoctor beside it.
    copy = tmp_path / "stages"
    copy.mkdir()
    for path in SCRIPTS:
        (copy / path.name).write_text(path.read_text())
    result = _run("-I", str(copy / "ydsmoke_run.py"), "device", "--device", "cpu", "--workdir", str(tmp_path))
    records = parse_records(result.stdout)
    assert result.returncode == 0, result.stderr
    assert [r["kind"] for r in records][-1] == "end"
    assert any(r.get("kind") == "result" and r.get("status") == "pass" for r in records)
    assert all(line.startswith(MARK) for line in result.stdout.split("\n") if line), "stdout carries only records"


def test_an_unknown_stage_is_a_usage_error():
    result = _run(str(STAGE_SCRIPT), "nope")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def _target_module(name):
    sys.path.insert(0, str(TARGET_DIR))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(TARGET_DIR))


def test_reference_nms_agrees_with_torchvision():
    import torch
    from torchvision.ops import nms

    vision = _target_module("ydsmoke_vision")
    boxes, scores, _ = vision._boxes(torch, 300, seed=7)
    assert vision.reference_nms(boxes.tolist(), scores.tolist(), 0.5) == nms(boxes, scores, 0.5).tolist()
    # and it does suppress: a box inside another with a lower score goes
    assert vision.reference_nms([[0, 0, 10, 10], [0, 0, 10, 9.5]], [0.9, 0.8], 0.5) == [0]


def test_the_generated_dataset_has_yolo_labels(tmp_path):
    ultra = _target_module("ydsmoke_ultralytics")
    data_yaml = Path(ultra.make_dataset(str(tmp_path / "ds"), images=3, size=64))
    assert "train: images/train" in data_yaml.read_text()
    labels = sorted((tmp_path / "ds" / "labels" / "train").glob("*.txt"))
    assert len(labels) == 3 and len(list((tmp_path / "ds" / "images" / "val").glob("*.png"))) == 3
    for label in labels:
        for line in label.read_text().split("\n"):
            if line:
                cls, *coords = line.split()
                assert int(cls) in (0, 1, 2) and all(0.0 < float(c) <= 1.0 for c in coords)


NETWORK_PROBE = r'''
import json, socket, sys, threading
sys.path.insert(0, sys.argv[1])
import ydsmoke_common as common
blocked = common.block_network()
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
threading.Thread(target=server.accept, daemon=True).start()
results = {}
client = socket.socket(); client.connect(server.getsockname()); results["loopback"] = "ok"
try:
    socket.create_connection(("example.com", 443), timeout=2)
    results["remote"] = "connected"
except OSError as exc:
    results["remote"] = str(exc)
try:
    socket.socket().connect(("93.184.216.34", 80))
    results["ip"] = "connected"
except OSError as exc:
    results["ip"] = str(exc)
print(json.dumps({"results": results, "blocked": blocked}))
'''


def test_block_network_refuses_remote_hosts_and_allows_loopback():
    result = _run("-c", NETWORK_PROBE, str(TARGET_DIR), timeout=30)
    out = json.loads(result.stderr.strip().splitlines()[-1] if not result.stdout else result.stdout)
    assert out["results"]["loopback"] == "ok"
    assert "blocked during the yolodoctor smoke test" in out["results"]["remote"]
    assert "blocked during the yolodoctor smoke test" in out["results"]["ip"]
    assert out["blocked"] == ["example.com", "93.184.216.34:80"]


def test_the_health_stage_skips_a_cpu(tmp_path):
    result = _run(str(STAGE_SCRIPT), "health", "--device", "cpu", "--workdir", str(tmp_path))
    records = [r for r in parse_records(result.stdout) if r.get("kind") == "result"]
    assert records == [{**records[0], "status": "skip", "detail": "GPU health needs a CUDA device"}]


def test_torch_uuids_become_nvml_uuids():
    device = _target_module("ydsmoke_device")
    assert device.nvml_uuid("01234567-89AB-cdef-0123-456789abcdef") == "GPU-01234567-89ab-cdef-0123-456789abcdef"
    assert device.nvml_uuid("GPU-01234567-89ab-cdef-0123-456789abcdef") == "GPU-01234567-89ab-cdef-0123-456789abcdef"
    assert device.nvml_uuid("mig-0a1b") == "MIG-0a1b"
