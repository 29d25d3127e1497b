"""The GitHub Action (action.yml at the repository root): valid against the published
schema for action metadata (SchemaStore's, as vendored by check-jsonschema), and its
steps' scripts run for real here by bash, the way a runner runs a composite action:
the inputs and `github.action_path` substituted into the steps' environment,
GITHUB_ENV carried from one step to the next, GITHUB_OUTPUT and the job summary
written to files. The install step is real pip into a new venv from this checkout.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.harness.run import REPO
from workflow_commands import parse

ACTION = REPO / "action.yml"
_EXPRESSION = re.compile(r"\$\{\{\s*([a-z_.-]+)\s*\}\}")


def _action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def _schema_errors(document) -> list[str]:
    text = resources.files("check_jsonschema.builtin_schemas.vendor").joinpath("github-actions.json").read_text("utf-8")
    schema = json.loads(text)
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(document)]


def test_the_action_matches_the_published_schema():
    assert _schema_errors(_action()) == []


def test_the_schema_check_would_see_a_broken_action():
    broken = _action()
    broken["runs"]["steps"][0].pop("shell")  # a composite `run` step must name its shell
    assert _schema_errors(broken)


def test_the_action_takes_the_documented_inputs_and_is_shown_in_the_docs():
    action = _action()
    assert set(action["inputs"]) == {"profile", "policy", "fail-on", "python"}
    assert action["runs"]["using"] == "composite"
    for step in action["runs"]["steps"]:
        # An input pasted into a script would be run as shell code: inputs go through env only.
        assert "${{" not in step.get("run", ""), step["name"]
    doc = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "uses: " in doc and "yolodoctor@v1" in doc
    for name in action["inputs"]:
        assert f"`{name}`" in doc, name


def test_the_docs_example_uses_the_action_with_its_inputs():
    from ci_examples import examples

    language, code = examples()["github-action"]
    workflow = yaml.load(code, Loader=_Yaml12Loader)
    text = resources.files("check_jsonschema.builtin_schemas.vendor").joinpath("github-workflows.json").read_text("utf-8")
    schema = json.loads(text)
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(workflow)) == []
    steps = [s for job in workflow["jobs"].values() for s in job["steps"] if "yolodoctor@" in s.get("uses", "")]
    assert steps, "the example does not use the action"
    assert set(steps[0].get("with", {})) <= set(_action()["inputs"])


class _Yaml12Loader(yaml.SafeLoader):
    """`on:` is a key for GitHub, not the YAML 1.1 boolean True."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _substitute(value: str, context: dict[str, str]) -> str:
    return _EXPRESSION.sub(lambda m: context[m.group(1)], value)


def _run_action(tmp_path: Path, inputs: dict[str, str], first_step: int = 0,
                carried: dict[str, str] | None = None) -> list[subprocess.CompletedProcess]:
    """Run the steps as the runner would, from `first_step` on, with `carried` as what the
    earlier steps wrote to GITHUB_ENV."""
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    files = {name: tmp_path / f"{name.lower()}.txt" for name in ("GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY")}
    context = {"github.action_path": str(REPO)}
    context.update({f"inputs.{name}": inputs.get(name, spec.get("default", ""))
                    for name, spec in _action()["inputs"].items()})
    carried = dict(carried or {})
    results = []
    for step in _action()["runs"]["steps"][first_step:]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "VIRTUAL_ENV", "PYTHON"))}
        env.update(carried, RUNNER_TEMP=str(runner_temp), GITHUB_ACTIONS="true", YOLODOCTOR_OFFLINE="1",
                   **{k: str(v) for k, v in files.items()})
        env.update({k: _substitute(str(v), context) for k, v in (step.get("env") or {}).items()})
        assert step["shell"] == "bash"
        # GitHub runs a bash step as `bash --noprofile --norc -eo pipefail {0}`.
        script = tmp_path / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        result = subprocess.run([shutil.which("bash"), "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                                cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=900)
        results.append(result)
        if result.returncode != 0:
            break
        if files["GITHUB_ENV"].exists():
            carried.update(line.split("=", 1) for line in files["GITHUB_ENV"].read_text().splitlines() if "=" in line)
    return results


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, str]:
    """The install step, run once: real pip into a new venv, from this checkout."""
    work = tmp_path_factory.mktemp("action-install")
    (install,) = _run_action(work, {}, first_step=0)[:1]
    assert install.returncode == 0, install.stderr[-3000:]
    written = dict(line.split("=", 1) for line in (work / "github_env.txt").read_text().splitlines())
    assert written["YOLODOCTOR"] == str(work / "runner-temp" / "yolodoctor-venv" / "bin" / "yolodoctor")
    version = subprocess.run([written["YOLODOCTOR"], "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("yolodoctor "), version.stderr
    return written


@pytest.mark.slow
def test_the_action_reports_a_broken_environment(tmp_path, installed):
    # The environment to inspect: a venv without torch, which is an error (torch_missing).
    target = tmp_path / "target"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(target)], check=True, timeout=120)
    (check,) = _run_action(tmp_path, {"python": str(target / "bin" / "python"), "fail-on": "error",
                                      "profile": "yolo11"}, first_step=1, carried=installed)
    work = tmp_path
    assert check.returncode == 2, check.stdout + check.stderr
    assert "Traceback" not in check.stderr
    annotations = [parse(line) for line in check.stdout.splitlines() if line.startswith("::")]
    assert annotations and all(a is not None for a in annotations), check.stdout + check.stderr
    assert any(a.name == "error" and "torch" in a.properties.get("title", "").lower() for a in annotations), \
        check.stdout
    outputs = dict(line.split("=", 1) for line in (work / "github_output.txt").read_text().splitlines())
    assert outputs["exit-code"] == "2"
    report = json.loads(Path(outputs["report"]).read_text(encoding="utf-8"))
    assert report["exit_code"] == 2 and report["profile"] == "yolo11"
    assert report["facts"]["python"]["executable"] == str(target / "bin" / "python")
    assert any(f["category"] == "torch_missing" for f in report["findings"])
    assert (work / "github_step_summary.txt").read_text(encoding="utf-8").startswith("## yolodoctor pre-flight:")


@pytest.mark.slow
def test_a_bad_input_stops_the_action_with_a_usage_error(tmp_path, installed):
    (check,) = _run_action(tmp_path, {"fail-on": "sometimes"}, first_step=1, carried=installed)
    assert check.returncode == 64, check.stdout + check.stderr
    assert check.stderr.count("'sometimes' is not allowed") == 1, check.stderr
    assert "Traceback" not in check.stderr
