"""fix / history / rollback on bad input: one clear line, the right exit code, nothing changed."""

from __future__ import annotations

import dataclasses
import json
import sys

from fix_support import REPO, isolated_env, run_cli, write_plan
from yolodoctor import exitcodes
from yolodoctor.facts.model import OK, Facts, Gpu, Host, Nvidia, PythonEnv, Torch
from yolodoctor.fix.plan import Action, Plan, plan_to_json


def gpu_facts_file(tmp_path, externally_managed=False):
    facts = Facts(host=Host(os="Linux", distro="Ubuntu 22.04"),
                  nvidia=Nvidia(driver_version="550.54.14", gpus=[Gpu(index=0, name="RTX 3090",
                                                                      compute_capability="8.6")]),
                  python=PythonEnv(executable="/elsewhere/bin/python", version="3.11.7", platform="linux-x86_64",
                                   externally_managed=externally_managed),
                  torch=Torch(status=OK, version="2.4.1+cpu", source="import"))
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(dataclasses.asdict(facts)))
    return str(path)


def test_history_and_rollback_without_snapshots(tmp_path):
    env = isolated_env(tmp_path)
    history = run_cli(env, "history")
    assert history.returncode == 0 and "No snapshots yet" in history.stdout
    assert json.loads(run_cli(env, "history", "--format", "json").stdout) == []
    rolled = run_cli(env, "rollback")
    assert rolled.returncode == exitcodes.USAGE and "no snapshots" in rolled.stderr
    assert "history --all" in rolled.stderr
    assert "Traceback" not in rolled.stderr
    assert run_cli(env, "rollback", "nope").returncode == exitcodes.USAGE


def test_plan_from_facts_file_is_for_review(tmp_path):
    env = isolated_env(tmp_path)
    facts = gpu_facts_file(tmp_path)
    shown = run_cli(env, "fix", "--facts", facts)
    assert shown.returncode == 0, shown.stderr
    assert "torch==2.4.1+cu124" in shown.stdout and "https://download.pytorch.org/whl/cu124" in shown.stdout
    as_json = json.loads(run_cli(env, "fix", "--facts", facts, "--format", "json").stdout)
    assert as_json["schema"] == "yolodoctor.plan/1" and as_json["python"] == "/elsewhere/bin/python"
    refused = run_cli(env, "fix", "--facts", facts, "--yes")
    assert refused.returncode == exitcodes.USAGE and "for review" in refused.stderr


def test_pep668_refused_at_planning_time(tmp_path):
    env = isolated_env(tmp_path)
    result = run_cli(env, "fix", "--facts", gpu_facts_file(tmp_path, externally_managed=True))
    assert result.returncode == exitcodes.USAGE
    assert "externally managed" in result.stderr and "-m venv" in result.stderr


def test_bad_options(tmp_path):
    env = isolated_env(tmp_path)
    assert "--format must be" in run_cli(env, "fix", "--format", "xml").stderr
    assert run_cli(env, "fix", "--installer", "conda").returncode == exitcodes.USAGE
    assert run_cli(env, "history", "--format", "xml").returncode == exitcodes.USAGE


def test_bad_plan_files(tmp_path):
    env = isolated_env(tmp_path)
    missing = run_cli(env, "fix", "--plan", str(tmp_path / "missing.json"))
    assert missing.returncode == exitcodes.USAGE and "cannot read plan" in missing.stderr
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_bytes(b"\x00\xff{")
    result = run_cli(env, "fix", "--plan", str(corrupt))
    assert result.returncode == exitcodes.DATA and "Traceback" not in result.stderr
    widened = tmp_path / "widened.json"
    data = json.loads(plan_to_json(Plan(python=sys.executable, actions=(
        Action(kind="install", title="t", why="w", requirements=("numpy<2",)),))))
    data["actions"][0]["options"] = ["--trusted-host", "evil.example"]
    del data["actions"][0]["commands"]
    widened.write_text(json.dumps(data))
    result = run_cli(env, "fix", "--plan", str(widened), "--yes")
    assert result.returncode == exitcodes.DATA and "not allowed in a plan" in result.stderr


def test_no_snapshot_no_change(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    env = isolated_env(tmp_path, {"YOLODOCTOR_DATA_DIR": str(blocker / "sub")})
    plan = write_plan(tmp_path / "plan.json", sys.executable, env,
                      Action(kind="install", title="t", why="w", index_url="http://127.0.0.1:9/simple",
                             requirements=("numpy==9.9.9",)))
    result = run_cli(env, "fix", "--plan", str(plan), "--yes", "--no-verify")
    assert result.returncode == exitcodes.ERRORS
    assert "no snapshot could be taken, nothing was changed" in result.stderr


def test_terminal_asks_and_no_means_no(tmp_path):
    import os
    import pty
    import subprocess
    import time

    env = isolated_env(tmp_path)
    plan = write_plan(tmp_path / "plan.json", sys.executable, env,
                      Action(kind="install", title="never run", why="w", index_url="http://127.0.0.1:9/simple",
                             requirements=("numpy==9.9.9",)))
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "yolodoctor", "fix", "--plan", str(plan)], stdin=slave,
                            stdout=slave, stderr=slave, env=env, cwd=str(REPO))
    os.close(slave)
    seen, answered, deadline = b"", False, time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        if not answered and b"Apply this plan?" in seen:
            os.write(master, b"n\n")
            answered = True
    proc.wait(timeout=60)
    os.close(master)
    assert answered, seen.decode(errors="replace")
    assert proc.returncode == 0
    assert b"Dry run: nothing was changed" in seen
    assert not (tmp_path / "ydata" / "snapshots").exists()


def test_target_without_pip_is_refused_clearly(tmp_path):
    import subprocess

    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True, timeout=120)
    env = isolated_env(tmp_path)
    plan = write_plan(tmp_path / "plan.json", str(bare / "bin" / "python"), env,
                      Action(kind="install", title="t", why="w", requirements=("numpy<2",)), installer="pip")
    result = run_cli(env, "fix", "--plan", str(plan), "--python", str(bare / "bin" / "python"), "--yes",
                     "--no-verify")
    assert result.returncode == exitcodes.USAGE
    assert "has no working pip" in result.stderr and "ensurepip" in result.stderr
