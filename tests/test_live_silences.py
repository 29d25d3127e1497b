"""The live silences: machines whose trouble `check` used to leave unsaid, through the real CLI on the
scenario machines (tests/scenarios.py). The exact finding sets are asserted by test_scenarios_check; here,
what the user reads: the headline, the quoted evidence and the exit code."""

from __future__ import annotations

import json

import pytest

from tests.harness import NoCompiler, materialise
from tests.harness import texts
from tests.scenarios import BY_NAME
from tests.test_scenarios_check import run_check
from yolodoctor import exitcodes


def check(name: str, tmp_path, fmt: str):
    scenario = BY_NAME[name]
    try:
        m = materialise(scenario, tmp_path)
    except NoCompiler as exc:
        pytest.skip(str(exc))
    proc = run_check(scenario, m, tmp_path, fmt=fmt)
    assert "Traceback" not in proc.stderr
    return proc


def findings(name, tmp_path):
    proc = check(name, tmp_path, "json")
    return proc, {f["id"]: f for f in json.loads(proc.stdout)["findings"]}


def test_driver_installed_but_not_running_is_an_error_quoting_nvidia_smi(tmp_path):
    proc, found = findings("nvidia-smi-cannot-reach-driver", tmp_path)
    assert proc.returncode == exitcodes.ERRORS
    yd113 = found["YD113"]
    assert yd113["severity"] == "error" and yd113["category"] == "gpu_not_visible"
    assert any("couldn't communicate with the NVIDIA driver" in e and "exit status 9" in e for e in yd113["evidence"])
    assert "CPU only" in yd113["message"]
    out = " ".join(check("nvidia-smi-cannot-reach-driver", tmp_path / "t", "terminal").stdout.split())
    assert "no NVIDIA driver or GPU found" not in out
    assert "nvidia-smi error: NVIDIA-SMI has failed because it couldn't communicate" in out


def test_a_hanging_nvidia_smi_is_not_reported_as_no_driver(tmp_path):
    proc = check("nvidia-smi-hangs-while-cuda-works", tmp_path, "terminal")
    out = " ".join(proc.stdout.split())
    assert proc.returncode == exitcodes.ERRORS
    assert "nvidia-smi did not answer (driver 550.127.05 loaded)" in out
    assert "no NVIDIA driver or GPU found" not in out and "--gpus all" not in out and "YD104" not in out


def test_a_driver_library_mismatch_quotes_the_mismatch_and_says_torch_runs_on_the_cpu(tmp_path):
    proc, found = findings("driver-library-mismatch-after-upgrade", tmp_path)
    yd103 = found["YD103"]
    smi = [e for e in yd103["evidence"] if e.startswith("nvidia-smi error")]
    assert smi == ["nvidia-smi error = " + texts.SMI_MISMATCH]  # not the "NVML library version" line after it
    assert "535.216" in yd103["message"] and "runs on the CPU only" in yd103["message"]
    out = " ".join(check("driver-library-mismatch-after-upgrade", tmp_path / "t", "terminal").stdout.split())
    assert "nvidia-smi error: Failed to initialize NVML: Driver/library version mismatch (driver 535.183.01 loaded)" \
        in out
    assert "no NVIDIA driver or GPU found" not in out


def test_huggingface_blocked_while_pypi_answers_is_a_warning_not_a_green_network(tmp_path):
    proc, found = findings("huggingface-blocked-pypi-answers", tmp_path)
    assert proc.returncode == exitcodes.WARNINGS
    yd814 = found["YD814"]
    assert yd814["severity"] == "warning" and yd814["area"] == "network"
    assert "installed: huggingface_hub 0.26.2" in yd814["evidence"]
    assert sum("huggingface" in e and "no answer in time" in e for e in yd814["evidence"]) == 2
    out = check("huggingface-blocked-pypi-answers", tmp_path / "t", "terminal").stdout
    network = [line for line in out.splitlines() if "Network" in line][0]
    assert not network.lstrip().startswith("✓") and "huggingface unreachable" in network
