"""Broken machines: the right stage fails with the right finding, and the others still run.

Each machine is a real interpreter (see smoke_standins): the real torch with
one fault patched in, or a stand-in torch that crashes, hangs or fails at import.
"""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import REPO

from smoke_standins import (AMP_NAN, HANGING_ALL_REDUCE, NO_KERNEL_IMAGE, bare_python, fake_torch_python,
                            patched_python)
from yolodoctor import exitcodes

pytestmark = pytest.mark.slow


def _smoke(cli, python, *args, timeout=300):
    result = cli("smoke", "--python", str(python), "--format", "json", *args, timeout=timeout)
    assert "Traceback" not in result.stderr  # stage tracebacks are data in the JSON; none of yolodoctor
    report = json.loads(result.stdout)
    return result, report, {(s["name"], s["device"]): s for s in report["stages"]}


def _finding(report, finding_id):
    return next(f for f in report["findings"] if f["id"] == finding_id)


def test_gpu_without_kernels_fails_the_device_stage_and_the_cpu_still_runs(cli, tmp_path):
    python = patched_python(tmp_path / "venv", NO_KERNEL_IMAGE)
    result, report, stages = _smoke(cli, python, "--device", "all", "--stage", "model,vision")
    assert result.returncode == exitcodes.ERRORS
    gpu = stages[("device", "cuda:0")]
    assert gpu["status"] == "fail" and gpu["finding"] == "YDS103"
    assert "no kernel image is available for execution on the device" in gpu["error"]
    assert gpu["data"]["name"] == "Tesla K80" and gpu["data"]["capability"] == "3.7"
    assert _finding(report, "YDS103")["category"] == "gpu_arch_unsupported"
    assert stages[("device", "cpu")]["status"] == "pass"
    for name in ("model", "vision"):
        assert stages[(name, "cpu")]["status"] == "pass"
        assert stages[(name, "cuda:0")] == {**stages[(name, "cuda:0")], "status": "skip",
                                            "detail": "cuda:0 failed the device stage"}
    assert [f["category"] for f in report["findings"]] == ["gpu_arch_unsupported"]


def test_nan_under_autocast_fails_the_model_stage_with_the_amp_finding(cli, tmp_path):
    python = patched_python(tmp_path / "venv", AMP_NAN)
    result, report, stages = _smoke(cli, python, "--device", "cpu", "--stage", "model,attention")
    assert result.returncode == exitcodes.ERRORS
    model = stages[("model", "cpu")]
    assert model["status"] == "fail" and model["finding"] == "YDS118"
    assert "NaN/Inf in the network output under autocast bfloat16" in model["error"]
    checks = {c["name"]: c["status"] for c in model["checks"]}
    assert checks == {"float32 forward and backward": "pass", "autocast bfloat16": "fail"}
    assert "AMP" in _finding(report, "YDS118")["title"]
    assert stages[("attention", "cpu")]["status"] == "pass"
    assert stages[("device", "cpu")]["status"] == "pass"


def test_a_hanging_all_reduce_times_out_as_an_nccl_finding_and_leaves_no_process(cli, tmp_path):
    python = patched_python(tmp_path / "venv", HANGING_ALL_REDUCE)
    keep = tmp_path / "kept"
    started = time.monotonic()
    result, report, stages = _smoke(cli, python, "--device", "cpu", "--stage", "distributed,attention",
                                    "--timeout", "45", "--keep", str(keep))
    elapsed = time.monotonic() - started
    assert result.returncode == exitcodes.ERRORS
    dist = stages[("distributed", "cpu")]
    assert dist["status"] == "fail" and dist["finding"] == "YDS114"
    assert dist["detail"].startswith("all-reduce did not finish within 27 s (gloo, 2 processes on cpu)")
    assert "ranks 0, 1 stopped in all_reduce" in dist["detail"]
    assert "ydstandin_patch.py" in dist["error"]  # the ranks' stacks say where they hung
    assert _finding(report, "YDS114")["category"] == "nccl_problem"
    assert stages[("attention", "cpu")]["status"] == "pass"
    assert elapsed < 120
    for rank_log in (keep / "distributed-cpu" / "distributed").glob("rank*.jsonl"):
        pid = json.loads(rank_log.read_text().splitlines()[0])["pid"]
        assert not os.path.exists(f"/proc/{pid}") or "Z" in open(f"/proc/{pid}/stat").read().split()[2]


def test_torch_that_segfaults_at_import_fails_the_device_stage_and_skips_the_rest(cli, tmp_path):
    python = fake_torch_python(tmp_path / "venv", "segfault")
    result, report, stages = _smoke(cli, python)
    assert result.returncode == exitcodes.ERRORS
    device = stages[("device", "auto")]
    assert device["detail"] == "the process died on signal 11 (SIGSEGV) (last step: import torch)"
    assert "Segmentation fault" in device["error"]  # faulthandler's stack, verbatim
    others = [s for s in report["stages"] if s["name"] != "device"]
    assert len(others) == 7 and all(s["status"] == "skip" for s in others)
    assert "SIGSEGV" in others[0]["detail"]


def test_torch_that_hangs_at_import_is_stopped_at_the_limit(cli, tmp_path):
    python = fake_torch_python(tmp_path / "venv", "hang")
    started = time.monotonic()
    result, report, stages = _smoke(cli, python, "--timeout", "4", "--stage", "model")
    assert time.monotonic() - started < 30
    assert stages[("device", "auto")]["detail"] == "did not finish within 4 s (last step: import torch)"
    assert stages[("model", "-")]["status"] == "skip"


def test_a_missing_cudnn_library_is_a_cudnn_finding(cli, tmp_path):
    python = fake_torch_python(tmp_path / "venv", "cudnn_missing")
    result, report, stages = _smoke(cli, python, "--stage", "network")  # the old name of the model stage
    device = stages[("device", "auto")]
    assert device["finding"] == "YDS108"
    assert device["error"] == "OSError: libcudnn.so.9: cannot open shared object file: No such file or directory"
    assert stages[("model", "-")]["detail"] == "torch could not be imported (see the device stage)"


def test_an_interpreter_without_torch_is_a_torch_missing_finding(cli, tmp_path):
    result, report, stages = _smoke(cli, bare_python(tmp_path / "venv"), "--stage", "network")
    assert result.returncode == exitcodes.ERRORS
    assert [f["category"] for f in report["findings"]] == ["torch_missing"]


def test_interrupting_yolodoctor_leaves_no_stage_or_rank_behind(tmp_path):
    python = patched_python(tmp_path / "venv", HANGING_ALL_REDUCE)
    keep = tmp_path / "kept"
    proc = subprocess.Popen([sys.executable, "-m", "yolodoctor", "smoke", "--python", str(python), "--device", "cpu",
                             "--stage", "distributed", "--keep", str(keep)], cwd=str(REPO),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ranks = keep / "distributed-cpu" / "distributed"
    deadline = time.monotonic() + 120
    while len([p for p in ranks.glob("rank*.jsonl") if "all_reduce" in p.read_text()]) < 2:
        assert time.monotonic() < deadline and proc.poll() is None, "the ranks never reached the all-reduce"
        time.sleep(0.5)
    pids = [json.loads(p.read_text().splitlines()[0])["pid"] for p in ranks.glob("rank*.jsonl")]
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == exitcodes.INTERRUPTED
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in pids), "a rank outlived yolodoctor"


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
