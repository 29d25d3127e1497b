"""`check --smoke` and `fix --smoke`: the verdicts combine, the stages ride along in JSON."""

import json
import subprocess
import sys

import pytest

from yolodoctor import exitcodes


@pytest.fixture(scope="module")
def venv_without_torch(tmp_path_factory):
    root = tmp_path_factory.mktemp("notorch")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")], check=True)
    return root / "venv" / "bin" / "python"


def test_smoke_failure_turns_a_healthy_check_red(cli, venv_without_torch):
    # The network area, offline, has nothing to report: the check alone would exit 0.
    result = cli("check", "network", "--offline", "--python", str(venv_without_torch), "--smoke", "--format", "json")
    document = json.loads(result.stdout)
    assert document["findings"] == []
    stages = {stage["name"]: stage for stage in document["smoke"]["stages"]}
    assert stages["device"]["status"] == "fail"
    assert "torch" in (stages["device"]["error"] or stages["device"]["detail"]).lower()
    assert result.returncode == exitcodes.ERRORS
    assert document["exit_code"] == exitcodes.ERRORS


def test_without_smoke_the_same_check_is_healthy(cli, venv_without_torch):
    result = cli("check", "network", "--offline", "--python", str(venv_without_torch), "--format", "json")
    document = json.loads(result.stdout)
    assert "smoke" not in document
    assert result.returncode == exitcodes.HEALTHY


@pytest.mark.parametrize("extra", [["--from", "-"], ["--format", "junit"]])
def test_smoke_refuses_what_it_cannot_do(cli, extra):
    result = cli("check", "--smoke", *extra, input="")
    assert result.returncode == exitcodes.USAGE
    assert "--smoke" in result.stderr


def test_fix_smoke_needs_text_output(cli):
    result = cli("fix", "--smoke", "--format", "json")
    assert result.returncode == exitcodes.USAGE
    assert "--smoke" in result.stderr
