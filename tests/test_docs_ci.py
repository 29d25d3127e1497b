"""Every example in docs/ci.md parses, matches the CI system's published schema where one exists, and
calls yolodoctor only with options it has."""

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

from ci_examples import check_invocation, examples, shell_commands, yolodoctor_argvs
from dockerfile_syntax import DockerfileError, parse
from yolodoctor.policy import load_policy

EXPECTED = {"policy-pyproject", "policy-file", "github-action", "github-actions", "gitlab-ci", "dockerfile",
            "docker-run", "devcontainer", "kubernetes", "slurm-batch", "slurm-prolog", "facts-elsewhere",
            "kubernetes-fleet", "kubernetes-fleet-judge", "slurm-fleet"}
EX = examples()


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1, where `on:` is the boolean True; GitHub and GitLab read it as the key "on"."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))


def load_yaml(text):
    return yaml.load(text, Loader=Yaml12Loader)


def vendored_schema(name: str) -> dict:
    """A CI system's JSON schema as vendored (from SchemaStore) by the check-jsonschema project."""
    text = resources.files("check_jsonschema.builtin_schemas.vendor").joinpath(f"{name}.json").read_text("utf-8")
    return json.loads(text)


def schema_errors(document, schema_name: str) -> list[str]:
    schema = vendored_schema(schema_name)
    validator_cls = jsonschema.validators.validator_for(schema)
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator_cls(schema).iter_errors(document)]


def all_invocation_problems(argvs) -> list[str]:
    found = yolodoctor_argvs(argvs)
    assert found, "the example runs no yolodoctor command"
    return [p for argv in found for p in check_invocation(argv)]


def test_the_doc_has_every_example():
    assert set(EX) == EXPECTED


@pytest.mark.parametrize("name", ["policy-pyproject", "policy-file"])
def test_policy_examples_load_through_the_real_policy_loader(tmp_path, name):
    language, code = EX[name]
    assert language == "toml"
    path = tmp_path / ("pyproject.toml" if name == "policy-pyproject" else "yolodoctor.toml")
    path.write_text(code, encoding="utf-8")
    policy = load_policy(path)
    assert policy.profile in ("yolov12", "tensorrt-export") and policy.fail_on in ("error", "warning")


def test_github_actions_workflow_matches_the_workflow_schema():
    language, code = EX["github-actions"]
    workflow = load_yaml(code)
    assert language == "yaml" and schema_errors(workflow, "github-workflows") == []
    steps = workflow["jobs"]["preflight"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert not all_invocation_problems(a for run in runs for a in shell_commands(run))
    assert workflow["jobs"]["train"]["needs"] == "preflight"
    # The report is kept even when the pre-flight fails.
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "always()"


def test_a_broken_workflow_is_caught_by_the_schema():
    workflow = load_yaml(EX["github-actions"][1])
    workflow["jobs"]["preflight"]["steps"][0]["with"] = "not-a-mapping"
    del workflow["jobs"]["train"]["runs-on"]
    assert schema_errors(workflow, "github-workflows")


def test_gitlab_ci_matches_the_gitlab_schema_and_reports_junit():
    language, code = EX["gitlab-ci"]
    pipeline = load_yaml(code)
    assert language == "yaml" and schema_errors(pipeline, "gitlab-ci") == []
    job = pipeline["preflight"]
    assert job["artifacts"]["reports"]["junit"] == "yolodoctor-junit.xml"
    assert not all_invocation_problems(a for line in job["script"] for a in shell_commands(line))
    broken = dict(pipeline, preflight=dict(job, artifacts={"reports": {"junit": 42}}))
    assert schema_errors(broken, "gitlab-ci")


def test_dockerfile_parses_and_its_commands_exist():
    language, code = EX["dockerfile"]
    assert language == "dockerfile"
    instructions = parse(code)
    assert instructions[0].keyword == "FROM"
    argvs = []
    for ins in instructions:
        if ins.keyword == "RUN" and ins.exec_form is None:
            argvs += list(shell_commands(ins.arguments))
        if ins.keyword == "ENTRYPOINT":
            assert ins.exec_form[:2] == ["/bin/sh", "-c"]
            argvs += list(shell_commands(ins.exec_form[2]))
    assert not all_invocation_problems(argvs)


@pytest.mark.parametrize("broken", [
    'RUN echo hi\nFROM x',  # FROM must come first
    'FROM x\nCMD ["yolo", "train"',  # exec form that Docker would silently run as a shell string
    'FROM x\nRUNN echo',
    'FROM x\nRUN echo \\',
    'FROM x\nCMD ["a"]\nCMD ["b"]',
])
def test_the_dockerfile_checker_rejects_mistakes(broken):
    with pytest.raises(DockerfileError):
        parse(broken)


@pytest.mark.parametrize("name", ["docker-run", "slurm-batch", "slurm-prolog", "facts-elsewhere",
                                  "kubernetes-fleet-judge", "slurm-fleet"])
def test_shell_examples_pass_bash_syntax_check_and_use_real_options(name):
    language, code = EX[name]
    assert language == "bash"
    bash = shutil.which("bash")
    result = subprocess.run([bash, "-n"], input=code, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert not all_invocation_problems(shell_commands(code))


def test_bash_syntax_check_does_catch_errors():
    result = subprocess.run([shutil.which("bash"), "-n"], input='if [ 1 ]; then echo\n', capture_output=True,
                            text=True, timeout=30)
    assert result.returncode != 0


def test_docker_run_uses_gpu_and_shm_flags():
    code = EX["docker-run"][1]
    docker = [argv for argv in shell_commands(code) if argv[0] in ("docker", "exec")]
    assert docker and all("--gpus" in argv and "--shm-size=8g" in argv for argv in docker)


def test_devcontainer_is_json_with_gpu_access():
    language, code = EX["devcontainer"]
    config = json.loads(code)
    assert language == "json" and config["runArgs"][:2] == ["--gpus", "all"] and "--shm-size=8g" in config["runArgs"]
    assert not all_invocation_problems(shell_commands(config["postStartCommand"]))


def test_kubernetes_job_is_well_formed_and_gives_the_init_container_gpus_and_shm():
    language, code = EX["kubernetes"]
    job = load_yaml(code)
    assert language == "yaml" and (job["apiVersion"], job["kind"]) == ("batch/v1", "Job")
    pod = job["spec"]["template"]["spec"]
    assert pod["restartPolicy"] in ("Never", "OnFailure")  # a Job's pods may not use Always
    volumes = {v["name"]: v for v in pod["volumes"]}
    names = set()
    for container in pod["initContainers"] + pod["containers"]:
        assert container["name"] not in names
        names.add(container["name"])
        assert isinstance(container["image"], str)
        assert all(isinstance(a, str) for a in container["command"])
        assert isinstance(container["resources"]["limits"]["nvidia.com/gpu"], int)
        for mount in container["volumeMounts"]:
            assert mount["name"] in volumes and mount["mountPath"].startswith("/")
    assert volumes["dshm"]["emptyDir"]["medium"] == "Memory"
    init = pod["initContainers"][0]
    assert {m["mountPath"] for m in init["volumeMounts"]} == {"/dev/shm"}
    assert not all_invocation_problems([init["command"]])


def test_kubernetes_fleet_daemonset_writes_one_report_per_node_to_a_shared_volume():
    language, code = EX["kubernetes-fleet"]
    ds = load_yaml(code)
    assert language == "yaml" and (ds["apiVersion"], ds["kind"]) == ("apps/v1", "DaemonSet")
    assert ds["spec"]["selector"]["matchLabels"] == ds["spec"]["template"]["metadata"]["labels"]
    pod = ds["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["reports"]["persistentVolumeClaim"]["claimName"]
    [check] = pod["initContainers"]
    assert {m["mountPath"]: m["name"] for m in check["volumeMounts"]}["/reports"] == "reports"
    env = {e["name"]: e for e in check["env"]}
    assert env["NODE_NAME"]["valueFrom"]["fieldRef"]["fieldPath"] == "spec.nodeName"
    shell, flag, script = check["command"]
    assert (shell, flag) == ("sh", "-c") and '"/reports/$NODE_NAME.json"' in script
    argvs = list(shell_commands(script))
    assert not all_invocation_problems(argvs)
    assert any(argv[:2] == ["yolodoctor", "check"] and "json" in argv for argv in argvs)
    assert all("nvidia.com/gpu" not in c.get("resources", {}).get("limits", {}) for c in pod["containers"])


def test_invocation_checker_rejects_unknown_options_and_profiles():
    assert check_invocation(["yolodoctor", "profiles", "--colour"])
    assert check_invocation(["yolodoctor", "fly"])
    assert check_invocation(["yolodoctor", "facts", "--format"])  # a value is missing
    assert check_invocation(["yolodoctor", "facts", "--format", "json"]) == []
    assert check_invocation(["yolodoctor", "check", "gpus-and-stuff"])  # not an area
    assert check_invocation(["yolodoctor", "check", "--profile", "yolov5"])
    assert check_invocation(["yolodoctor", "check", "driver", "system", "--profile", "yolov12"]) == []


def _shim(tmp_path) -> dict:
    """A PATH where `yolodoctor` is this checkout's CLI, as `pip install yolodoctor` would provide."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "yolodoctor"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m yolodoctor "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
               PYTHONPATH=str(Path(__file__).resolve().parent.parent), YOLODOCTOR_OFFLINE="1")
    env.pop("GITHUB_STEP_SUMMARY", None)
    return env


def test_the_github_pre_flight_step_runs_for_real(tmp_path):
    """The workflow's Pre-flight step, run by bash on this machine: real facts, a valid JUnit file, annotations
    GitHub's runner can read, a job summary, and the step's exit code from the check."""
    workflow = load_yaml(EX["github-actions"][1])
    step = next(s for s in workflow["jobs"]["preflight"]["steps"] if s.get("name") == "Pre-flight")
    env = _shim(tmp_path)
    summary = tmp_path / "summary.md"
    env.update(GITHUB_STEP_SUMMARY=str(summary), GITHUB_ACTIONS="true")
    work = tmp_path / "work"
    work.mkdir()
    # GitHub runs `run:` with bash -e {0}.
    result = subprocess.run([shutil.which("bash"), "-e", "-c", step["run"]], cwd=work, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr
    facts = json.loads((work / "facts.json").read_text(encoding="utf-8"))
    assert facts["schema"].startswith("yolodoctor.facts/")
    from junit_schema import problems
    from workflow_commands import parse

    assert problems((work / "yolodoctor-junit.xml").read_text(encoding="utf-8")) == []
    commands = [parse(line) for line in result.stdout.splitlines() if line.startswith("::")]
    assert all(c is not None for c in commands)
    assert (result.returncode == 0) == (not any(c.name == "error" for c in commands) and
                                        not any(c.name == "warning" for c in commands))
    assert summary.read_text(encoding="utf-8").startswith("## yolodoctor pre-flight:")
