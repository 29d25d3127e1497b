"""The runner: stage records -> results, and stages that hang, crash or lie."""

import json
import os
import stat

from yolodoctor import exitcodes
from yolodoctor.facts.runner import RunResult
from yolodoctor.smoke.model import FAIL, PASS
from yolodoctor.smoke.plan import Job
from yolodoctor.smoke.runner import MARK, parse_records, results_of


def _out(*records):
    return "".join(MARK + json.dumps(r) + "\n" for r in records)


def test_records_survive_noise_and_garbage():
    stdout = ("library chatter\n" + MARK + "{not json\n" + MARK + "[1, 2]\n"
              + _out({"kind": "end"}) + "\x1eYDSMOKE")
    assert parse_records(stdout) == [{"kind": "end"}]


def test_a_hung_stage_names_its_last_step_and_keeps_its_checks():
    job = Job("model", "cpu", 30.0)
    stdout = _out({"kind": "start", "device": "cpu"},
                  {"kind": "step", "name": "float32 forward and backward"},
                  {"kind": "check", "name": "float32 forward and backward", "status": "pass", "seconds": 0.1},
                  {"kind": "step", "name": "autocast bfloat16"})
    results, _ = results_of(job, RunResult("timeout", None, stdout, "some stderr\n", 30.2))
    (result,) = results
    assert result.status == FAIL
    assert result.detail == "did not finish within 30 s (last step: autocast bfloat16)"
    assert [c.name for c in result.checks] == ["float32 forward and backward"]
    assert "some stderr" in result.error


def test_a_crash_names_its_signal():
    job = Job("vision", "cpu", 30.0)
    results, _ = results_of(job, RunResult("crashed", -11, "", "Fatal Python error: Segmentation fault", 1.0,
                                           signal=11))
    assert results[0].detail == "the process died on signal 11 (SIGSEGV)"


def test_the_device_stage_reports_one_result_per_device_without_a_phantom_entry():
    job = Job("device", "all", 60.0)
    stdout = _out({"kind": "step", "name": "import torch"},
                  {"kind": "check", "name": "import torch", "status": "pass", "seconds": 2.0},
                  {"kind": "devices", "selected": ["cpu", "cuda:0"], "gpus": [{"id": "cuda:0"}]},
                  {"kind": "start", "device": "cpu"},
                  {"kind": "result", "device": "cpu", "status": "pass", "detail": "ok", "seconds": 0.5},
                  {"kind": "start", "device": "cuda:0"},
                  {"kind": "step", "name": "allocate and fill 256 MiB"})
    results, devices = results_of(job, RunResult("crashed", -6, stdout, "", 4.0, signal=6))
    assert [(r.device, r.status) for r in results] == [("cpu", PASS), ("cuda:0", FAIL)]
    assert results[0].checks[0].name == "import torch"
    assert "SIGABRT" in results[1].detail and "allocate and fill 256 MiB" in results[1].detail
    assert devices["selected"] == ["cpu", "cuda:0"]


FAKE_PYTHON = r'''#!/bin/sh
# A "python" that plays the stage scripts: the device stage passes on the CPU,
# every other stage announces a step and then hangs (with a child, like torchrun).
stage="$2"
mark=$(printf '\036YDSMOKE ')
if [ "$stage" = "device" ]; then
  printf '%s{"kind": "devices", "selected": ["cpu"], "gpus": [], "torch": {"version": "9.9"}}\n' "$mark"
  printf '%s{"kind": "start", "device": "cpu"}\n' "$mark"
  printf '%s{"kind": "result", "device": "cpu", "status": "pass", "detail": "fine", "seconds": 0.1}\n' "$mark"
  exit 0
fi
printf '%s{"kind": "step", "name": "the step that hangs"}\n' "$mark"
sleep 300 &
echo $! > "$PIDFILE"
wait
'''


def test_a_hanging_stage_is_killed_with_its_children_and_the_rest_still_run(cli, tmp_path):
    fake = tmp_path / "python3"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    env = dict(os.environ, PIDFILE=str(tmp_path / "child.pid"))
    result = cli("smoke", "--python", str(fake), "--device", "cpu", "--stage", "model,vision", "--timeout", "2",
                 "--format", "json", env=env, timeout=60)
    assert result.returncode == exitcodes.ERRORS, result.stderr
    report = json.loads(result.stdout)
    stages = {(s["name"], s["device"]): s for s in report["stages"]}
    assert stages[("device", "cpu")]["status"] == "pass"
    for name in ("model", "vision"):
        stage = stages[(name, "cpu")]
        assert stage["status"] == "fail"
        assert stage["detail"] == "did not finish within 2 s (last step: the step that hangs)"
        assert stage["finding"] == "YDS120"
    # Progress counts stages with a total known from the start: device, model, vision.
    counters = [line.split()[1] for line in result.stderr.splitlines() if line.startswith("smoke: [")]
    assert counters == ["[1/3]", "[2/3]", "[3/3]"], result.stderr
    child = int((tmp_path / "child.pid").read_text())
    try:
        os.kill(child, 0)
        alive = os.path.exists(f"/proc/{child}") and "zombie" not in open(f"/proc/{child}/status").read().lower()
    except ProcessLookupError:
        alive = False
    assert not alive, "the hung stage's child process survived"
