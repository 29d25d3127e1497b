"""`yolodoctor smoke` on this machine's real CPU torch, torchvision, Ultralytics and onnx."""

import importlib.util
import json
import os
import pty
import select
import subprocess
import sys

import pytest

from conftest import REPO
from smoke_standins import patched_python
from yolodoctor import exitcodes

CPU_STAGES = ("device", "model", "attention", "vision", "ultralytics", "export", "distributed")


@pytest.mark.slow
def test_quick_cpu_run_passes_every_cpu_stage_for_real_and_offline(cli, tmp_path):
    # The real torch, seen through a venv whose every process logs (and refuses) any non-loopback connection.
    python = patched_python(tmp_path / "venv")
    netlog = tmp_path / "network-attempts.log"
    env = dict(os.environ, YDSTANDIN_NETLOG=str(netlog))
    result = cli("smoke", "--python", str(python), "--device", "cpu", "--level", "quick", "--format", "json",
                 env=env, timeout=300)
    assert result.returncode == exitcodes.HEALTHY, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["schema"] == "yolodoctor.smoke/1"
    assert report["python"] == str(python)
    assert report["summary"]["ok"] is True and report["summary"]["failed"] == 0
    stages = {s["name"]: s for s in report["stages"]}
    for stage in report["stages"]:
        assert {"name", "status", "seconds", "detail"} <= set(stage)
        assert stage["status"] in ("pass", "fail", "skip")
    for name in CPU_STAGES:
        assert stages[name]["status"] == "pass", (name, stages[name])
        assert stages[name]["device"] == "cpu"
    assert stages["health"]["status"] == "skip" and "--level full" in stages["health"]["detail"]

    checks = {s["name"]: {c["name"]: c for c in s["checks"]} for s in report["stages"]}
    assert checks["model"]["autocast bfloat16"]["status"] == "pass"
    assert checks["model"]["autocast bfloat16"]["data"]["max_rel_err"] < 0.06
    assert checks["attention"]["sdpa float32 causal"]["status"] == "pass"
    assert checks["ultralytics"]["train 1 epoch on 4 generated images"]["status"] == "pass"
    assert stages["ultralytics"]["data"]["network_blocked"] == []
    assert checks["export"]["ONNX export"]["status"] == "pass"
    if importlib.util.find_spec("onnxruntime"):
        assert checks["export"]["ONNX Runtime inference"]["status"] == "pass"
    assert checks["export"]["TensorRT engine"]["status"] == "skip"
    assert stages["distributed"]["data"]["backend"] == "gloo"
    assert not netlog.exists(), netlog.read_text()
    assert "smoke: [7/7] distributed [cpu] running" in result.stderr  # the progress lines (not a terminal)


def test_text_report_on_the_current_interpreter(cli):
    result = cli("smoke", "--device", "cpu", "--stage", "vision", timeout=180)
    assert result.returncode == exitcodes.HEALTHY, result.stdout + result.stderr
    assert "✓ device [cpu]" in result.stdout and "✓ vision [cpu]" in result.stdout
    assert "2 passed, 0 failed, 0 skipped" in result.stdout
    assert "model" not in result.stdout  # only what was asked for
    assert "smoke: [1/2] device [cpu] running" in result.stderr  # a known total from the start


def test_keep_leaves_the_stage_files(cli, tmp_path):
    keep = tmp_path / "kept"
    result = cli("smoke", "--device", "cpu", "--stage", "export", "--keep", str(keep), timeout=180)
    assert result.returncode == exitcodes.HEALTHY, result.stdout + result.stderr
    assert (keep / "export-cpu" / "tiny_yolo.onnx").stat().st_size > 1000


@pytest.mark.parametrize("args,message", [
    (("--device", "gpu"), "expected cpu, cuda, cuda:N, all or auto"),
    (("--level", "medium"), "--level must be quick or full"),
    (("--stage", "nope"), "unknown stage"),
    (("--format", "xml"), "--format must be text or json"),
    (("--python", "/nonexistent/python3"), "no such file"),
])
def test_bad_options_are_usage_errors(cli, args, message):
    result = cli("smoke", *args)
    assert result.returncode == exitcodes.USAGE, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_terminal_gets_a_spinner_naming_the_stage_and_stdout_keeps_the_report():
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "yolodoctor", "smoke", "--device", "cpu", "--stage", "vision"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, cwd=str(REPO))
    os.close(slave)
    screen = b""
    deadline = 180
    while proc.poll() is None or select.select([master], [], [], 0)[0]:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
        deadline -= 0.5
        assert deadline > 0, "smoke did not finish"
    os.close(master)
    report = proc.stdout.read().decode()
    proc.wait(timeout=10)
    assert proc.returncode == exitcodes.HEALTHY
    assert b"vision [cpu]" in screen and b"[2/2]" in screen  # the running stage, markup-safe
    assert b"smoke: [" not in screen  # a terminal gets the spinner, not the log lines
    assert "✓ vision [cpu]" in report


def test_asking_for_a_gpu_on_this_machine_without_one_is_gpu_not_visible(cli):
    # The real CUDA build of torch, no driver: torch's own reason is the evidence.
    result = cli("smoke", "--device", "cuda:0", "--stage", "model", "--format", "json", timeout=180)
    assert result.returncode == exitcodes.ERRORS
    report = json.loads(result.stdout)
    device = report["stages"][0]
    assert (device["name"], device["device"], device["status"]) == ("device", "cuda:0", "fail")
    assert "Found no NVIDIA driver on your system" in device["error"]
    assert [f["category"] for f in report["findings"]] == ["gpu_not_visible"]
    assert report["stages"][1]["detail"] == "no selected device passed the device stage"
