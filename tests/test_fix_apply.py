"""fix end to end: real pip (and uv) into throwaway venvs, from the local index on 127.0.0.1,
on a presented machine (driver 550.54.14, one RTX 3090)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import psutil
import pytest

from fix_support import REPO, configure_index, freeze, isolated_env, local_index, pip_install, \
    present_gpu_machine, run_cli, template_venv, venv, venv_python, write_plan  # noqa: F401 (fixtures)
from yolodoctor.fix.plan import Action, Plan, plan_to_json

pytestmark = pytest.mark.slow


@pytest.fixture
def cpu_torch_box(venv, tmp_path, local_index):
    """The CPU-only-torch-on-a-GPU scenario: torch/torchvision 2.4.1+cpu in a venv whose pip is
    configured for the local PyPI stand-in, on a machine with driver 550.54.14 and an RTX 3090."""
    env = isolated_env(tmp_path)
    configure_index(venv, local_index.url + "/simple/")
    python = venv_python(venv)
    pip_install(python, env, "--index-url", local_index.url + "/whl/cpu", "torch==2.4.1+cpu",
                "torchvision==0.19.1+cpu")
    return python, present_gpu_machine(tmp_path, env)


def site_files(venv_dir) -> dict[str, bytes]:
    """Every installed file (bytecode caches and pip's own bookkeeping left out), with its content."""
    out = {}
    for root, dirs, files in os.walk(venv_dir):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if name in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json") or name.endswith(".pyc"):
                continue
            path = os.path.join(root, name)
            if os.path.islink(path):
                continue
            with open(path, "rb") as fh:
                out[os.path.relpath(path, venv_dir)] = fh.read()
    return out


def test_cpu_torch_on_gpu_fix_check_rollback(cpu_torch_box, local_index, venv):
    python, env = cpu_torch_box
    before_freeze, before_files = freeze(python, env), site_files(venv)
    torch_index = local_index.url + "/whl"
    sick = run_cli(env, "check", "--python", python)
    assert sick.returncode == 2 and "YD204" in sick.stdout  # CPU-only torch on a machine with an NVIDIA GPU

    dry = run_cli(env, "fix", "--python", python, "--torch-index", torch_index)
    assert dry.returncode == 0, dry.stderr
    assert "torch 2.4.1+cu124" in dry.stdout and "Dry run" in dry.stdout
    assert f"run: {python} -m pip install --disable-pip-version-check --index-url {torch_index}/cu124 " \
           "torch==2.4.1+cu124 torchvision==0.19.1+cu124" in dry.stdout
    assert freeze(python, env) == before_freeze  # a dry run changes nothing

    applied = run_cli(env, "fix", "--python", python, "--torch-index", torch_index, "--yes")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "findings: YD204" in applied.stdout
    assert "check after fix: healthy" in applied.stdout
    healthy = run_cli(env, "check", "--python", python)
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    after = freeze(python, env)
    assert "torch==2.4.1+cu124" in after and "torchvision==0.19.1+cu124" in after
    facts = json.loads(run_cli(env, "facts", "--python", python, "--format", "json").stdout)
    assert facts["torch"]["cuda"] == "12.4" and facts["torch"]["cuda_available"] is True
    assert facts["packages"]["torchvision"]["status"] == "ok"

    again = run_cli(env, "fix", "--python", python, "--torch-index", torch_index)
    assert "Nothing to do" in again.stdout  # fixed stays fixed

    history = run_cli(env, "history", "--python", python, "--format", "json")
    snaps = json.loads(history.stdout)
    assert len(snaps) == 1 and snaps[0]["status"] == "applied"
    assert snaps[0]["backed_up"] == ["torch", "torchvision"]

    rolled = run_cli(env, "rollback", "--python", python, "--yes")
    assert rolled.returncode == 0, rolled.stdout + rolled.stderr
    assert "restored the exact previous set" in rolled.stdout
    assert freeze(python, env) == before_freeze
    assert site_files(venv) == before_files  # the same files, byte for byte (scripts, data files too)
    assert run_cli(env, "check", "--python", python).returncode == 2  # and the original problem is back
    assert json.loads(run_cli(env, "history", "--python", python, "--format", "json").stdout)[0]["status"] \
        == "rolled-back"
    assert run_cli(env, "rollback", "--python", python, "--yes").returncode == 64  # already rolled back


def test_rollback_from_the_index_without_saved_wheels(cpu_torch_box, local_index):
    python, env = cpu_torch_box
    before = freeze(python, env)
    applied = run_cli(env, "fix", "--python", python, "--torch-index", local_index.url + "/whl", "--yes",
                      "--no-backup-wheels", "--format", "json")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    result = json.loads(applied.stdout)  # one document on stdout; the progress went to stderr
    assert result["status"] == "applied" and result["snapshot"] and result["verification"]["new"] == []
    assert "Successfully installed" in applied.stderr
    rolled = run_cli(env, "rollback", "--python", python, "--yes")
    assert rolled.returncode == 0, rolled.stdout
    assert f"--index-url {local_index.url}/whl/cpu" in rolled.stdout  # the index the +cpu build came from
    assert freeze(python, env) == before


def test_uv_installer(cpu_torch_box, local_index):
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed")
    python, env = cpu_torch_box
    before = freeze(python, env)
    applied = run_cli(env, "fix", "--python", python, "--torch-index", local_index.url + "/whl", "--yes",
                      "--installer", "uv")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert f"{uv} pip install --python {python}" in applied.stdout
    assert "torch==2.4.1+cu124" in freeze(python, env)
    rolled = run_cli(env, "rollback", "--python", python, "--yes")
    assert rolled.returncode == 0, rolled.stdout + rolled.stderr
    assert freeze(python, env) == before


def test_saved_plan_is_applied_as_reviewed(cpu_torch_box, local_index, tmp_path):
    python, env = cpu_torch_box
    plan_file = tmp_path / "plan.json"
    made = run_cli(env, "fix", "--python", python, "--torch-index", local_index.url + "/whl", "--format", "json",
                   "--plan-out", str(plan_file))
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout) == json.loads(plan_file.read_text())
    applied = run_cli(env, "fix", "--plan", str(plan_file), "--python", python, "--yes")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "torch==2.4.1+cu124" in freeze(python, env)


def test_refused_indexes_change_nothing(cpu_torch_box, local_index):
    python, env = cpu_torch_box
    before = freeze(python, env)
    no_switch = dict(env)
    del no_switch["YOLODOCTOR_ALLOW_LOOPBACK_INDEX"]
    refused = run_cli(no_switch, "fix", "--python", python, "--torch-index", local_index.url + "/whl", "--yes")
    assert refused.returncode == 64
    assert "must use https" in refused.stderr and "Traceback" not in refused.stderr
    unknown = run_cli(env, "fix", "--python", python, "--torch-index", "https://wheels.example.net/whl", "--yes")
    assert unknown.returncode == 64 and "neither an official index" in unknown.stderr
    assert freeze(python, env) == before
    assert not os.path.exists(os.path.join(env["YOLODOCTOR_DATA_DIR"], "snapshots"))


def _write_plan(path, python, env, *actions, **kw):
    return write_plan(path, python, env, *actions, **kw)


def torch_action(index_url, variant="cu124"):
    return Action(kind="install", title=f"torch {variant}", why="test", index_url=f"{index_url}/whl/{variant}",
                  requirements=(f"torch==2.4.1+{variant}", f"torchvision==0.19.1+{variant}"))


def test_externally_managed_is_read_from_the_interpreter_not_the_plan(local_index, tmp_path):
    """The plan says the target is not externally managed and already carries the override; the
    interpreter's own PEP 668 marker decides, and only the command line can override it."""
    from fix_support import externally_managed_python

    env = isolated_env(tmp_path)
    python = externally_managed_python(tmp_path / "system")
    plan = _write_plan(tmp_path / "p.json", python, env, torch_action(local_index.url), externally_managed=False,
                       break_system_packages=True)
    refused = run_cli(env, "fix", "--plan", plan, "--python", python, "--yes")
    assert refused.returncode == 64, refused.stdout + refused.stderr
    assert "externally managed" in refused.stderr and "-m venv" in refused.stderr
    assert "--break-system-packages" not in refused.stdout
    shown = run_cli(env, "fix", "--plan", plan, "--python", python, "--break-system-packages")
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "--break-system-packages" in shown.stdout and "Dry run" in shown.stdout
    assert not any((tmp_path / "system" / "lib").glob("python3*/site-packages/*"))


def test_failed_step_rolls_back(cpu_torch_box, local_index, tmp_path):
    python, env = cpu_torch_box
    before = freeze(python, env)
    broken = Action(kind="install", title="a version that does not exist", why="test", requirements=("numpy==9.9.9",))
    plan = _write_plan(tmp_path / "p.json", python, env, torch_action(local_index.url), broken)
    result = run_cli(env, "fix", "--plan", plan, "--python", python, "--yes")
    assert result.returncode == 2
    assert "the previous state was restored" in result.stdout
    assert freeze(python, env) == before


def test_worse_after_apply_is_rolled_back(cpu_torch_box, local_index, tmp_path):
    python, env = cpu_torch_box
    pip_install(python, env, "--index-url", local_index.url + "/whl/cu124", "torch==2.4.1+cu124",
                "torchvision==0.19.1+cu124")
    before = freeze(python, env)
    # torch alone moved to the CUDA 11.8 build: the cu124 torchvision then refuses to import.
    lone_torch = Action(kind="install", title="torch cu118 alone", why="test",
                        index_url=f"{local_index.url}/whl/cu118", requirements=("torch==2.4.1+cu118",))
    plan = _write_plan(tmp_path / "p.json", python, env, lone_torch)
    result = run_cli(env, "fix", "--plan", plan, "--python", python, "--yes")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "got worse" in result.stdout and "import torchvision" in result.stdout
    assert "rolled back" in result.stdout
    assert freeze(python, env) == before


def _start_fix(env, plan, python):
    return subprocess.Popen([sys.executable, "-m", "yolodoctor", "fix", "--plan", plan, "--python", python, "--yes"],
                            cwd=str(REPO),
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _pip_child(proc) -> psutil.Process:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for child in psutil.Process(proc.pid).children(recursive=True):
            try:
                if "pip" in child.cmdline() and "install" in child.cmdline():
                    return child
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.1)
    raise AssertionError("pip never started")


@pytest.fixture
def two_step_plan(cpu_torch_box, local_index, tmp_path):
    """The torch set changes first; the second step's download is held by the index."""
    python, env = cpu_torch_box
    second = Action(kind="install", title="numpy", why="test", requirements=("numpy==1.26.4",))
    plan = _write_plan(tmp_path / "p.json", python, env, torch_action(local_index.url), second)
    hold = local_index.hold("numpy-1.26.4")
    yield python, env, plan, hold
    local_index.clear_holds()


def test_ctrl_c_during_apply_leaves_a_snapshot_that_rollback_restores(two_step_plan):
    python, env, plan, hold = two_step_plan
    before = freeze(python, env)
    proc = _start_fix(env, plan, python)
    assert hold.requested.wait(120), proc.communicate()[0]
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C at the terminal does: the whole foreground group
    hold.released.set()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out + err
    assert "interrupted" in out and "Traceback" not in err
    assert "torch==2.4.1+cu124" in freeze(python, env)  # the first step had run
    snaps = json.loads(run_cli(env, "history", "--python", python, "--format", "json").stdout)
    assert snaps[0]["status"] == "interrupted"
    rolled = run_cli(env, "rollback", snaps[0]["id"], "--yes")
    assert rolled.returncode == 0, rolled.stdout + rolled.stderr
    assert freeze(python, env) == before


def test_killed_pip_rolls_back(two_step_plan):
    python, env, plan, hold = two_step_plan
    before = freeze(python, env)
    proc = _start_fix(env, plan, python)
    assert hold.requested.wait(120), proc.communicate()[0]
    _pip_child(proc).kill()
    hold.released.set()
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 2, out + err
    assert "killed by signal 9" in out and "the previous state was restored" in out
    assert freeze(python, env) == before
