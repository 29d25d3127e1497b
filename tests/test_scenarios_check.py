"""Every scenario machine, built for real, through the real `yolodoctor check`:
exactly the expected rule ids, no more, no fewer, and the exit code they imply."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.harness import NoCompiler, materialise
from tests.harness.run import REPO
from tests.scenarios import SCENARIOS
from yolodoctor import exitcodes


def test_every_scenario_states_its_findings():
    missing = [s.name for s in SCENARIOS if s.expected_findings is None]
    assert not missing, f"scenarios without expected findings: {missing}"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario_check(scenario, tmp_path):
    try:
        m = materialise(scenario, tmp_path)
    except NoCompiler as exc:  # the fake NVML library is compiled from C
        pytest.skip(str(exc))
    argv = [sys.executable, "-s", "-m", "yolodoctor", "check", "--format", "json", "--offline",
            *m.cli_args(), *scenario.args]
    proc = subprocess.run(argv, capture_output=True, text=True, env=m.env, timeout=180, cwd=str(REPO))
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
