"""Probes that crash, hang or lie never take the rest of the facts with them,
and everything ends within the time it was given."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time

import pytest

from tests.harness import materialise, run_facts
from tests.harness.run import REPO
from tests.scenarios import BY_NAME


def _run(scenario, tmp_path, *extra):
    m = materialise(scenario, tmp_path)
    result = run_facts(m, *extra)
    assert result.proc.returncode == 0, result.proc.stderr
    assert "Traceback" not in result.proc.stderr
    return m, result


def test_torch_segfault_is_a_fact_and_the_other_group_survives(tmp_path):
    _, result = _run(BY_NAME["torch-segfaults-on-import"], tmp_path)
    torch = result.facts["torch"]
    assert (torch["status"], torch["signal"]) == ("crashed", 11)
    # The Python stack at the crash (faulthandler) is kept: it says where it died.
    assert 'File "' in torch["stderr"] and "torch/__init__.py" in torch["stderr"]
    assert result.facts["packages"]["numpy"]["version"] == "1.26.4"
    assert result.facts["packages"]["cv2"]["version"] == "4.10.0"


def test_torch_hang_ends_within_the_timeout(tmp_path):
    scenario = BY_NAME["torch-hangs-on-import"]
    assert scenario.args == ("--timeout", "3")
    _, result = _run(scenario, tmp_path)
    assert result.facts["torch"]["status"] == "timeout"
    # 3 s for the hung import, plus start-up and the other probes; never the hang's hour.
    assert result.seconds < 12, result.seconds


def test_crash_late_in_torch_keeps_what_was_learnt(tmp_path):
    _, result = _run(BY_NAME["torch-crashes-in-cuda-is-available"], tmp_path)
    torch = result.facts["torch"]
    assert torch["status"] == "crashed"
    assert (torch["version"], torch["cuda"], torch["git_version"]) == ("2.5.1+cu124", "12.4", "0" * 40)
    assert torch["import_seconds"] > 0
    assert torch["cuda_available"] is None


def test_nvidia_smi_hang_is_bounded(tmp_path):
    scenario = BY_NAME["nvidia-smi-hangs"]
    _, result = _run(scenario, tmp_path)
    smi = result.facts["nvidia"]["nvidia_smi"]
    assert smi["status"] == "timeout"
    assert 2.5 <= smi["seconds"] < 6
    # nvidia-smi (3 s), the torch chain (3 s hang, then the rest within the group's 6 s).
    assert result.seconds < 15, result.seconds


def test_hostile_nvidia_smi_output_is_bounded(tmp_path):
    for name in ("nvidia-smi-prints-binary-junk", "nvidia-smi-floods-output"):
        _, result = _run(BY_NAME[name], tmp_path / name)
        assert len(result.proc.stdout) < 200_000  # 10 MB of output did not travel into the facts
        json.loads(result.proc.stdout)  # and junk bytes did not break the JSON
        assert result.facts["nvidia"]["gpus"] == []


def test_fast_imports_nothing_even_where_torch_would_crash_or_hang(tmp_path):
    for name in ("torch-segfaults-on-import", "torch-hangs-on-import"):
        _, result = _run(BY_NAME[name], tmp_path / name, "--fast")
        torch = result.facts["torch"]
        assert (torch["status"], torch["source"], torch["version"], torch["cuda"]) == \
            ("ok", "metadata", "2.5.1+cu124", "12.4")
        assert torch["cuda_available"] is None
        assert result.facts["packages"]["torchvision"]["details"] == {"source": "metadata"}
        assert result.seconds < 5


def test_a_package_printing_fake_probe_records_cannot_spoof_facts(tmp_path):
    _, result = _run(BY_NAME["package-printing-fake-probe-records"], tmp_path)
    assert result.facts["torch"]["version"] == "2.5.1+cu124"


def test_crashed_probes_leave_no_stderr_files_behind(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    for name in ("torch-segfaults-on-import", "torch-hangs-on-import"):
        scenario = BY_NAME[name]
        scenario = dataclasses.replace(scenario, env={**scenario.env, "TMPDIR": str(scratch)})
        _run(scenario, tmp_path / name)
    assert list(scratch.iterdir()) == []


def test_every_package_probe_fails_alone(tmp_path):
    _, result = _run(BY_NAME["every-optional-package-broken"], tmp_path)
    packages = result.facts["packages"]
    assert {name: packages[name]["status"] for name in ("numpy", "cv2", "onnx", "onnxruntime", "tensorrt")} == {
        "numpy": "ok", "cv2": "error", "onnx": "error", "onnxruntime": "crashed", "tensorrt": "error"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_hung_import_dies_with_a_killed_yolodoctor(tmp_path):
    """yolodoctor killed mid-collection (a fleet's time bound, a cancelled CI job) leaves no hung
    import behind, though the probe runs in a session of its own."""
    probes, survivors = _kill_yolodoctor_during_a_hung_import(tmp_path, tmp_path / "tmp")
    assert probes, "the import probe never started"
    assert survivors == [], "a probe outlived yolodoctor"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_next_probe_removes_the_stderr_file_a_killed_yolodoctor_left(tmp_path):
    """Nobody is left to read the stderr file of a probe killed with its caller: a later probe
    removes it once it is ten minutes old, and leaves a live probe's and a recent one alone."""
    scratch = tmp_path / "tmp"
    probes, survivors = _kill_yolodoctor_during_a_hung_import(tmp_path / "killed", scratch)
    assert probes and survivors == []
    orphans = sorted(scratch.glob("yolodoctor-probe-*.stderr"))
    assert orphans, "the killed probe's file is the case this test is about"
    hour_ago = time.time() - 3600
    for orphan in orphans:
        os.utime(orphan, (hour_ago, hour_ago))
    recent = scratch / "yolodoctor-probe-999999999-recent.stderr"  # no such process, written just now
    recent.write_bytes(b"")
    live = scratch / f"yolodoctor-probe-{os.getpid()}-live.stderr"  # this very process: alive
    live.write_bytes(b"")
    os.utime(live, (hour_ago, hour_ago))
    older_tool = scratch / "yolodoctor-probe-abcdefgh.stderr"  # no process id in the name
    older_tool.write_bytes(b"")
    os.utime(older_tool, (hour_ago, hour_ago))
    overflowing = scratch / f"yolodoctor-probe-{'9' * 40}-x.stderr"  # a number no process id can be
    overflowing.write_bytes(b"")
    os.utime(overflowing, (hour_ago, hour_ago))

    scenario = BY_NAME["torch-segfaults-on-import"]
    _run(dataclasses.replace(scenario, env={**scenario.env, "TMPDIR": str(scratch)}), tmp_path / "next")

    assert not [orphan for orphan in orphans if orphan.exists()]
    assert sorted(p.name for p in scratch.iterdir()) == sorted(p.name for p in (recent, live, older_tool, overflowing))


def _kill_yolodoctor_during_a_hung_import(tmp_path, scratch) -> tuple[list[int], list[int]]:
    """Start `yolodoctor facts` on a torch that hangs on import (TMPDIR: `scratch`), kill it once the import probe is
    under way; (the probes seen, those still alive ten seconds later)."""
    scratch.mkdir(parents=True, exist_ok=True)
    scenario = BY_NAME["torch-hangs-on-import"]
    m = materialise(dataclasses.replace(scenario, env={**scenario.env, "TMPDIR": str(scratch)}), tmp_path)
    argv = [sys.executable, "-s", "-m", "yolodoctor", "facts", "--format", "json", "--offline", *m.cli_args(),
            "--timeout", "120"]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=m.env, cwd=str(REPO))
    try:
        probes: list[int] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not probes:
            probes = [pid for pid in _children(proc.pid) if b"probe_target.py" in _cmdline(pid)]
            time.sleep(0.1)
        while probes and time.monotonic() < deadline and not list(scratch.glob("yolodoctor-probe-*.stderr")):
            time.sleep(0.1)  # killed once the import is under way
    finally:
        proc.kill()
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in probes):
        time.sleep(0.1)
    return probes, [pid for pid in probes if _alive(pid)]


def _children(pid: int) -> list[int]:
    """Every descendant: children are listed per thread (/proc/PID/task/TID/children)."""
    direct = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                direct += [int(p) for p in fh.read().split()]
    except OSError:
        return direct
    return direct + [grandchild for child in direct for grandchild in _children(child)]


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read()
    except OSError:
        return b""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_the_probe_leaves_without_the_interpreter_teardown(tmp_path):
    """After the records are out the probe exits at once: the teardown after `import torch` is a
    quarter of the import's time, and a library that crashes in it has still imported fine."""
    (tmp_path / "sitecustomize.py").write_text(
        "import atexit, os, signal\n"
        "atexit.register(lambda: os.kill(os.getpid(), signal.SIGSEGV))\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    from yolodoctor.facts.target import PROBE_SCRIPT, parse_records

    proc = subprocess.run([sys.executable, PROBE_SCRIPT, "import", "numpy"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr  # the handler that would have crashed never ran
    result = [r for r in parse_records(proc.stdout) if r.get("kind") == "result"][-1]  # one per step
    assert result["item"] == "numpy" and result["report"]["status"] == "ok"
