"""`yolodoctor fix --profile NAME`: the plan moves the environment toward the profile."""

import json
import os
import subprocess
import sys
from pathlib import Path

from machines import A100, L4, T4, machine

REPO = Path(__file__).resolve().parent.parent


def plan(cli, tmp_path, data, *args):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(data), encoding="utf-8")
    result = cli("fix", "--facts", str(facts), "--format", "json", "--no-policy", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_fork_profile_plans_its_pinned_torch_from_the_cuda_variant_it_needs(cli, tmp_path):
    data = machine(gpus=[T4], packages={"torchvision": "0.19.1", "ultralytics": "8.4.190"})
    doc = plan(cli, tmp_path, data, "--profile", "yolov12")
    torch = next(a for a in doc["actions"] if a["kind"] == "install" and "torch" in a["title"])
    assert torch["requirements"] == ["torch==2.2.2+cu118", "torchvision==0.17.2+cu118"]
    assert "YD1002" in torch["findings"]  # the profile's torch rule is what this action settles
    assert torch["index_url"] == "https://download.pytorch.org/whl/cu118"
    assert "the profile's pin" in torch["why"]
    # What cannot run on a T4 is said, not installed.
    flash = next(a for a in doc["actions"] if "YD1008" in a["findings"])
    assert flash["kind"] == "info"
    # Without the profile the same machine needs nothing.
    plain = plan(cli, tmp_path, data)
    assert not any(a["kind"] == "install" for a in plain["actions"])


def test_an_explicit_torch_wins_over_the_profile_pin(cli, tmp_path):
    data = machine(gpus=[A100], packages={"torchvision": "0.19.1", "ultralytics": "8.4.190"})
    doc = plan(cli, tmp_path, data, "--profile", "yolov13", "--torch", "2.3.1")
    torch = next(a for a in doc["actions"] if a["kind"] == "install" and "torch" in a["title"])
    assert any(r.startswith("torch==2.3.1") for r in torch["requirements"])


def test_profile_findings_drive_the_plan_and_unknown_profiles_are_usage_errors(cli, tmp_path):
    data = machine(gpus=[L4], packages={"torchvision": "0.19.1", "ultralytics": "8.2.103"})
    doc = plan(cli, tmp_path, data, "--profile", "yolo26")
    assert any("YD601" in a["findings"] for a in doc["actions"])  # ultralytics too old for YOLO26
    facts = tmp_path / "facts.json"
    result = cli("fix", "--facts", str(facts), "--profile", "yolov5")
    assert result.returncode == 64 and "'yolov5' is not a known profile" in result.stderr


def test_a_policy_file_chooses_the_profile(tmp_path):
    job = tmp_path / "job"
    job.mkdir()
    (job / "yolodoctor.toml").write_text('profile = "yolov12"\n', encoding="utf-8")
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(machine(gpus=[T4], packages={"torchvision": "0.19.1", "ultralytics": "8.4.190"})),
                     encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-m", "yolodoctor", "fix", "--facts", str(facts), "--format", "json"],
                            capture_output=True, text=True, cwd=str(job), env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    actions = json.loads(result.stdout)["actions"]
    assert any("torch==2.2.2+cu118" in a["requirements"] for a in actions)
