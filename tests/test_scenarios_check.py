"""Every scenario machine, built for real, through the real `yolodoctor check`:
exactly the expected rule ids, no more, no fewer, and the exit code they imply."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.harness import NoCompiler, materialise, serve_network
from tests.harness.run import REPO
from tests.scenarios import SCENARIOS
from yolodoctor import exitcodes


def test_every_scenario_states_its_findings():
    missing = [s.name for s in SCENARIOS if s.expected_findings is None]
    assert not missing, f"scenarios without expected findings: {missing}"


def run_check(scenario, m, tmp_path, fmt="json") -> subprocess.CompletedProcess:
    """`yolodoctor check` on the built machine: --offline, or against the scenario's loopback endpoints."""
    argv = [sys.executable, "-s", "-m", "yolodoctor", "check", "--format", fmt, *m.cli_args(), *scenario.args]
    if not scenario.network:
        return subprocess.run([*argv, "--offline"], capture_output=True, text=True, env=m.env, timeout=180,
                              cwd=str(REPO))
    with serve_network(scenario, tmp_path) as extra:
        env = {k: v for k, v in m.env.items() if k != "YOLODOCTOR_OFFLINE"}
        env.update(extra)
        return subprocess.run([*argv, "--network-timeout", "1"], capture_output=True, text=True, env=env,
                              timeout=180, cwd=str(REPO))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario_check(scenario, tmp_path):
    try:
        m = materialise(scenario, tmp_path)
    except NoCompiler as exc:  # the fake NVML library is compiled from C
        pytest.skip(str(exc))
    proc = run_check(scenario, m, tmp_path)
    assert "Traceback" not in proc.stderr
    document = json.loads(proc.stdout)
    findings = document["findings"]
    assert {f["id"] for f in findings} == set(scenario.expected_findings)
    severities = {f["severity"] for f in findings}
    wanted = (exitcodes.ERRORS if "error" in severities else
              exitcodes.WARNINGS if "warning" in severities else exitcodes.HEALTHY)
    assert proc.returncode == wanted == document["exit_code"]
    if findings:  # root cause first: the first finding is never milder than any other
        order = ("error", "warning", "info")
        assert order.index(findings[0]["severity"]) == min(order.index(s) for s in severities)
