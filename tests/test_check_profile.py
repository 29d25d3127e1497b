"""`yolodoctor check --profile` / policy / CI formats, run as a CI job would: on facts gathered elsewhere
(`--facts FILE`), from a working directory that may hold a policy file."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from junit_schema import problems
from machines import A100, L4, T4, machine
from workflow_commands import parse

REPO = Path(__file__).resolve().parent.parent


def check(tmp_path, data, *args, env=None, cwd=None):
    """`yolodoctor check --facts FILE ...` from `cwd` (default: an empty directory, so no policy applies)."""
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(data), encoding="utf-8")
    work = cwd or tmp_path / "job"
    work.mkdir(exist_ok=True)
    run_env = dict(os.environ if env is None else env)
    run_env["PYTHONPATH"] = str(REPO)  # this checkout, whatever the working directory
    run_env.pop("GITHUB_STEP_SUMMARY", None) if env is None else None
    return subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--facts", str(facts), *args],
                          capture_output=True, text=True, env=run_env, cwd=str(work), timeout=120)


def report(result):
    assert result.returncode in (0, 1, 2), result.stderr
    return json.loads(result.stdout)


def ids(document):
    return {f["id"] for f in document["findings"]} | {e["id"] for f in document["findings"] for e in f["explained"]}


FORK = dict(torch="2.2.2+cu118", torch_cuda="11.8",
            packages={"torchvision": "0.17.2", "flash_attn": "2.7.3", "ultralytics": "8.3.63"})
ULTRA = {"torchvision": "0.19.1", "ultralytics": "8.4.190"}


def fork(**over):
    data = machine(**{**FORK, "gpus": [A100], **over})
    for dist in data["python"]["distributions"]:
        if dist["name"] == "ultralytics":
            dist.update(editable=True, direct_url="file:///src/yolov12")
    return data


# profile, machine, exit code, rule ids that must be reported
PROFILE_MACHINES = [
    ("yolov8", machine(gpus=[T4], packages=ULTRA), 0, set()),
    ("yolov8", machine(gpus=[T4], packages={"torchvision": "0.19.1", "ultralytics": None}), 2, {"YD601"}),
    ("yolo11", machine(gpus=[L4], packages=ULTRA), 0, set()),
    ("yolo11", machine(gpus=[L4], packages={"torchvision": "0.19.1", "ultralytics": "8.2.103"}), 2, {"YD601"}),
    ("yolo12", machine(gpus=[L4], packages=ULTRA), 0, set()),
    ("yolo12", machine(python="3.7.16", gpus=[L4], packages=ULTRA), 2, {"YD1001"}),
    ("yolo26", machine(gpus=[A100], packages=ULTRA), 0, set()),
    ("yolo26", machine(gpus=[A100], packages={"torchvision": "0.19.1", "ultralytics": "8.3.253"}), 2, {"YD601"}),
    ("yolov12", fork(), 0, set()),
    ("yolov12", fork(gpus=[T4]), 0, {"YD1008"}),  # flash-attn cannot run on a T4: a note, the fallback runs
    ("yolov12", machine(gpus=[A100], packages=ULTRA), 1, {"YD1002", "YD1003", "YD1004", "YD1013"}),
    ("yolov13", fork(), 0, set()),
    ("yolov13", fork(packages={**FORK["packages"], "ultralytics": None}), 1, {"YD1013"}),
    ("tensorrt-export", machine(gpus=[L4], packages={**ULTRA, "tensorrt": "10.13.3.9"}), 0, set()),
    ("tensorrt-export", machine(gpus=[L4], packages={**ULTRA, "tensorrt": None}), 2, {"YD1010"}),
    ("tensorrt-export", machine(torch="2.4.1+cpu", torch_cuda=None, gpus=[L4], cuda_available=False,
                                packages={**ULTRA, "tensorrt": "10.13.3.9"}), 2, {"YD1005"}),
    ("multi-gpu-train", machine(gpus=[A100, A100], packages=ULTRA), 0, set()),
    ("multi-gpu-train", machine(gpus=[A100], packages=ULTRA), 2, {"YD111"}),
]


@pytest.mark.parametrize("profile, data, code, expected", PROFILE_MACHINES,
                         ids=[f"{p}-{i}" for i, (p, *_) in enumerate(PROFILE_MACHINES)])
def test_each_profile_on_a_machine_that_meets_it_and_one_that_does_not(tmp_path, profile, data, code, expected):
    result = check(tmp_path, data, "--profile", profile, "--format", "json")
    document = report(result)
    assert expected <= ids(document), (expected, ids(document))
    assert result.returncode == code, [(f["id"], f["severity"], f["not_counted"]) for f in document["findings"]]
    assert document["profile"] == profile


def test_every_profile_is_exercised_both_ways():
    names = {"yolov8", "yolo11", "yolo12", "yolo26", "yolov12", "yolov13", "tensorrt-export", "multi-gpu-train"}
    for name in names:
        codes = {code for p, _, code, _ in PROFILE_MACHINES if p == name}
        assert 0 in codes and codes - {0}, name


def test_only_what_matters_for_the_profile_counts(tmp_path):
    # flash-attn installed on a machine without a usable GPU: a real problem for the fork, none for YOLOv8.
    data = machine(torch="2.4.1+cpu", torch_cuda=None, gpus=[], packages={**ULTRA, "flash_attn": "2.6.3"})
    plain = check(tmp_path, data, "--format", "json")
    assert plain.returncode == 2 and "YD405" in ids(report(plain))
    yolov8 = check(tmp_path, data, "--profile", "yolov8", "--format", "json")
    document = report(yolov8)
    assert yolov8.returncode == 0
    # "No NVIDIA GPU" is the root cause (it explains the flash-attn finding); YOLOv8 runs on the CPU.
    root = next(f for f in document["findings"] if "YD405" in {e["id"] for e in f["explained"]})
    assert root["counted"] is False and "runs on the CPU" in root["not_counted"]
    assert document["summary"]["not_counted"] == 1 and document["summary"]["error"] == 0
    # A GPU profile on the same machine fails.
    assert check(tmp_path, data, "--profile", "tensorrt-export", "--format", "json").returncode == 2


def test_same_facts_same_verdict_and_same_report(tmp_path):
    data = machine(gpus=[T4], container="docker", shm_bytes=64 * 2 ** 20, packages={**ULTRA, "flash_attn": "2.7.3"})
    runs = [check(tmp_path, data, "--profile", "yolov12", "--format", fmt) for fmt in ("json", "json", "junit",
                                                                                        "junit", "github", "github")]
    assert len({r.returncode for r in runs}) == 1
    for a, b in zip(runs[::2], runs[1::2]):
        assert a.stdout == b.stdout


def test_junit_is_valid_with_one_case_per_area_and_failures_carrying_finding_and_fix(tmp_path):
    data = machine(container="docker", gpus=[], kernel_module=True, device_nodes=[], packages=ULTRA)
    result = check(tmp_path, data, "--profile", "tensorrt-export", "--format", "junit")
    assert result.returncode == 2
    xml = result.stdout
    assert problems(xml) == []
    document = report(check(tmp_path, data, "--profile", "tensorrt-export", "--format", "json"))
    import xml.etree.ElementTree as ET

    suite = ET.fromstring(xml).find("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [a["label"] for a in document["areas"]]
    failures = [c for c in cases if c.find("failure") is not None]
    assert failures
    system = next(c for c in cases if c.get("name") == "System")
    failure = system.find("failure")
    assert "YD710" in failure.get("message")
    assert "docker run --gpus all" in failure.text and "Fix:" in failure.text
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["profile"] == "tensorrt-export"


def test_github_annotations_parse_and_the_job_summary_is_written(tmp_path):
    summary = tmp_path / "summary.md"
    env = dict(os.environ, GITHUB_STEP_SUMMARY=str(summary), GITHUB_ACTIONS="true")
    data = machine(gpus=[T4], packages={**ULTRA, "flash_attn": "2.7.3"})
    result = check(tmp_path, data, "--profile", "yolov8", "--format", "github", env=env)
    assert result.returncode == 0  # flash-attn problems do not count for YOLOv8
    commands = [parse(line) for line in result.stdout.splitlines() if line.startswith("::")]
    assert commands and all(c is not None for c in commands)
    flash = next(c for c in commands if c.properties["title"].startswith("YD401"))
    assert flash.name == "notice" and "not counted: yolov8 does not use flash-attn" in flash.properties["title"]
    assert "Fix:" in flash.data and "\n" in flash.data  # multi-line messages survive the escaping
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## yolodoctor pre-flight: ✓ passed") and "profile **yolov8**" in text


def test_policy_from_pyproject_sets_profile_fail_on_and_ignore(tmp_path):
    job = tmp_path / "repo" / "train"
    job.mkdir(parents=True)
    (tmp_path / "repo" / "pyproject.toml").write_text(
        '[project]\nname = "train"\n\n[tool.yolodoctor]\nprofile = "multi-gpu-train"\nfail-on = "error"\n'
        'ignore = ["YD701"]\n', encoding="utf-8")
    data = machine(gpus=[A100], container="docker", shm_bytes=64 * 2 ** 20, packages=ULTRA)
    document = report(check(tmp_path, data, "--format", "json", cwd=job))
    assert document["profile"] == "multi-gpu-train" and document["fail_on"] == "error"
    assert document["policy"].endswith("pyproject.toml") and document["ignored"] == ["YD701"]
    assert "YD111" in ids(document) and "YD701" not in ids(document)
    # The command line overrides the file.
    result = check(tmp_path, data, "--format", "json", "--profile", "yolov8", "--fail-on", "never", cwd=job)
    assert result.returncode == 0 and report(result)["profile"] == "yolov8"
    assert check(tmp_path, data, "--format", "json", "--no-policy", cwd=job).returncode in (0, 1)


def test_policy_requirements_fail_the_job(tmp_path):
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "yolodoctor.toml").write_text(
        'gpus-min = 4\nrequired-packages = ["onnx>=1.16"]\n', encoding="utf-8")
    result = check(tmp_path, machine(gpus=[A100, A100], packages=ULTRA), "--format", "json")
    document = report(result)
    assert result.returncode == 2 and {"YD111", "YD1015"} <= ids(document)
    assert document["profile"] is None  # the policy's requirements apply without a profile


@pytest.mark.parametrize("body, must_mention", [
    ('fail-on = "critical"\n', ["yolodoctor.toml: key 'fail-on'", "error, warning, never"]),
    ('profile = "yolov99"\n', ["key 'profile'", "'yolov99'", "yolov13"]),
    ('ignore = ["YD999"]\n', ["YD999 is not a rule id"]),
])
def test_a_bad_policy_stops_the_run_with_a_precise_message(tmp_path, body, must_mention):
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "yolodoctor.toml").write_text(body, encoding="utf-8")
    result = check(tmp_path, machine(gpus=[T4]), "--format", "json")
    assert result.returncode in (64, 65) and result.stdout == ""
    for text in must_mention:
        assert text in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_profile_and_conflicting_policy_flags_are_usage_errors(tmp_path):
    result = check(tmp_path, machine(gpus=[T4]), "--profile", "yolov5")
    assert result.returncode == 64 and "'yolov5' is not a known profile" in result.stderr and "yolo26" in result.stderr
    result = check(tmp_path, machine(gpus=[T4]), "--policy", "x.toml", "--no-policy")
    assert result.returncode == 64 and "cannot be used together" in result.stderr
    result = check(tmp_path, machine(gpus=[T4]), "--policy", str(tmp_path / "missing.toml"))
    assert result.returncode == 64 and "does not exist" in result.stderr
