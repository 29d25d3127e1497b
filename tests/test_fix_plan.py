"""The plan document: JSON round trip, schema, and refusal of inconsistent or widened files."""

import json

import pytest

from yolodoctor.fix.commands import action_commands
from yolodoctor.fix.plan import Action, Plan, PlanFormatError, load_plan_text, plan_to_json

PLAN = Plan(python="/envs/yolo/bin/python", installer="pip", python_version="3.11.7", actions=(
    Action(kind="install", title="Install torch 2.4.1+cu124", why="the driver runs CUDA 12.4",
           findings=("YD101",), requirements=("torch==2.4.1+cu124", "torchvision==0.19.1+cu124"),
           index_url="https://download.pytorch.org/whl/cu124"),
    Action(kind="install", title="Use headless OpenCV", why="no libGL", uninstall=("opencv-python",),
           requirements=("opencv-python-headless==4.10.0.84",)),
    Action(kind="install", title="Build flash-attn", why="no wheel", requirements=("ninja", "flash-attn==2.8.3"),
           options=("--no-build-isolation",), env=(("MAX_JOBS", "4"),)),
    Action(kind="manual", title="Upgrade the driver", why="too old", steps=("sudo ubuntu-drivers install",),
           needs_root=True),
), findings=(("YD101", "CPU-only torch on a GPU machine"),))


def test_round_trip():
    text = plan_to_json(PLAN)
    loaded = load_plan_text(text)
    assert loaded == PLAN
    data = json.loads(text)
    assert data["schema"] == "yolodoctor.plan/1"
    assert data["actions"][0]["commands"] == [[
        "/envs/yolo/bin/python", "-m", "pip", "install", "--disable-pip-version-check",
        "--index-url", "https://download.pytorch.org/whl/cu124", "torch==2.4.1+cu124", "torchvision==0.19.1+cu124"]]
    assert data["actions"][1]["commands"][0][:4] == ["/envs/yolo/bin/python", "-m", "pip", "uninstall"]
    assert data["actions"][3]["commands"] == []  # manual steps are never run


def test_uv_commands():
    plan = Plan(python="/envs/yolo/bin/python", installer="uv", installer_path="/usr/bin/uv",
                actions=(PLAN.actions[2], Action(kind="install", title="t", why="w", requirements=("x==1",),
                                                 options=("--force-reinstall",))))
    assert action_commands(plan, plan.actions[0]) == [[
        "/usr/bin/uv", "pip", "install", "--python", "/envs/yolo/bin/python", "--no-build-isolation", "ninja",
        "flash-attn==2.8.3"]]
    assert "--reinstall" in action_commands(plan, plan.actions[1])[0]


def test_edited_command_is_refused():
    data = json.loads(plan_to_json(PLAN))
    data["actions"][0]["commands"][0].append("--trusted-host=evil.example")
    with pytest.raises(PlanFormatError, match="edited inconsistently"):
        load_plan_text(json.dumps(data))


def test_edited_fields_are_rederived():
    # Changing a field and dropping the shown commands is allowed: the commands come from the fields
    # (and the safety checks judge them before anything runs).
    data = json.loads(plan_to_json(PLAN))
    data["actions"][0]["requirements"] = ["torch==2.4.1+cu121"]
    del data["actions"][0]["commands"]
    assert load_plan_text(json.dumps(data)).actions[0].requirements == ("torch==2.4.1+cu121",)


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d.update(schema="yolodoctor.plan/9"), "not supported"),
    (lambda d: d.update(schema="something"), "not a yolodoctor plan"),
    (lambda d: d["actions"][0].update(options=["--trusted-host", "x"]), "not allowed"),
    (lambda d: d["actions"][0].update(kind="shell"), "is not one of"),
    (lambda d: d["actions"][0].update(shell="rm -rf /"), "unknown field"),
    (lambda d: d.update(python=None), "plan.python: expected string"),
    (lambda d: d.update(installer="conda"), "installer"),
    (lambda d: d["actions"][0].update(requirements="torch"), "requirements: expected array"),
    (lambda d: d["actions"][2].update(env=[["MAX_JOBS"]]), r"env\[0\]: fewer than 2 items"),
    (lambda d: d["actions"][0].update(title="x" * 9000), "longer than 8192"),
    (lambda d: d.update(actions=[d["actions"][0]] * 65), "more than 64 items"),
    (lambda d: d.update(target={"prefix": "/v", "executable": "/v/bin/python", "fingerprint": "z"}),
     "target: matches none"),
])
def test_bad_plans(mutate, message):
    data = json.loads(plan_to_json(PLAN))
    for action in data["actions"]:
        action.pop("commands", None)
    mutate(data)
    with pytest.raises(PlanFormatError, match=message):
        load_plan_text(json.dumps(data))


def test_not_json():
    with pytest.raises(PlanFormatError, match="not valid JSON"):
        load_plan_text("\x00{")


def test_touched_distributions():
    assert PLAN.touched_distributions() == ("torch", "torchvision", "opencv-python-headless", "opencv-python",
                                            "ninja", "flash-attn")
