"""Persistent settings on real files, real venvs and real pip: applied, checked in a real shell, restored."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from types import SimpleNamespace

import pytest

from yolodoctor.facts.model import Facts
from yolodoctor.fix import persist_env
from yolodoctor.fix.persist_env import PersistError, apply, restore, settings_for

BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is needed to source the scripts")
MIRROR = "https://hf-mirror.com"


def in_bash(script: str, *args: str, env: dict | None = None) -> str:
    """Run a bash snippet (argv list, no user start-up files) and return its stdout."""
    result = subprocess.run([BASH, "--noprofile", "--norc", "-c", script, "bash", *args], capture_output=True,
                            text=True, timeout=30, env=env if env is not None else {"PATH": os.environ["PATH"]})
    assert result.returncode == 0, result.stderr
    return result.stdout


def action(scope: str, **settings: str) -> dict:
    return {"kind": "setting", "settings": list(settings.items()), "scope": scope}


# ------------------------------------------------------------------ profile ---

@needs_bash
def test_profile_block_added_merged_and_restored_exactly(tmp_path):
    rc = tmp_path / ".bashrc"
    original = b"# my bashrc\nexport PATH=$PATH:/opt/bin\nalias ll='ls -l'"  # no final newline
    rc.write_bytes(original)
    os.chmod(rc, 0o600)
    backups = tmp_path / "backups"
    first = apply(action(f"profile:{rc}", HF_ENDPOINT=MIRROR), str(backups))
    second = apply(action(f"profile:{rc}", HF_HUB_DISABLE_XET="1"), str(backups))
    text = rc.read_text()
    assert text.startswith(original.decode())
    assert text.count(">>> yolodoctor >>>") == 1  # one block holding both
    assert in_bash('. "$1"; printf "%s|%s" "$HF_ENDPOINT" "$HF_HUB_DISABLE_XET"', str(rc)) == f"{MIRROR}|1"
    assert oct(rc.stat().st_mode & 0o777) == oct(0o600)  # the file's mode is kept
    json.dumps(first)  # records go into the snapshot as JSON
    restore(second)
    assert in_bash('. "$1"; printf "%s|%s" "$HF_ENDPOINT" "${HF_HUB_DISABLE_XET-unset}"', str(rc)) == f"{MIRROR}|unset"
    restore(first)
    assert rc.read_bytes() == original


def test_profile_created_when_absent_and_removed_with_its_directories(tmp_path):
    fish = tmp_path / ".config" / "fish" / "conf.d" / "yolodoctor.fish"
    record = apply(action(f"profile:{fish}", HF_ENDPOINT=MIRROR), str(tmp_path / "b"))
    assert f"set -gx HF_ENDPOINT '{MIRROR}'" in fish.read_text()
    restore(record)
    assert not (tmp_path / ".config").exists()


def test_profile_file_follows_the_login_shell(tmp_path):
    home = str(tmp_path)
    assert persist_env.profile_file({"HOME": home, "SHELL": "/bin/bash"}) == tmp_path / ".bashrc"
    assert persist_env.profile_file({"HOME": home, "SHELL": "/usr/bin/zsh", "ZDOTDIR": home + "/z"}) == \
        tmp_path / "z" / ".zshrc"
    assert persist_env.profile_file({"HOME": home, "SHELL": "/usr/bin/fish"}).name == "yolodoctor.fish"
    assert persist_env.profile_file({"HOME": home, "SHELL": "/bin/dash"}) == tmp_path / ".profile"


def test_file_changed_after_the_fix_is_kept_not_lost(tmp_path):
    rc = tmp_path / ".profile"
    rc.write_text("umask 022\n")
    backups = tmp_path / "b"
    record = apply(action(f"profile:{rc}", HF_ENDPOINT=MIRROR), str(backups))
    rc.write_text(rc.read_text() + "export EDITOR=vim\n")  # the user edits it later
    messages = restore(record)
    assert rc.read_text() == "umask 022\n"
    [kept] = backups.glob("*.changed-after-fix")
    assert "EDITOR=vim" in kept.read_text()
    assert any("changed after the fix" in m for m in messages)


@pytest.mark.parametrize("value", ["https://x/'; rm -rf ~; '", "a\nb", "$(id)", "https://x/%PATH%"])
def test_unsafe_values_are_refused_and_nothing_changes(tmp_path, value):
    rc = tmp_path / ".bashrc"
    rc.write_text("# mine\n")
    with pytest.raises(PersistError):
        apply(action(f"profile:{rc}", HF_ENDPOINT=value), str(tmp_path / "b"))
    assert rc.read_text() == "# mine\n"


def test_damaged_markers_are_refused(tmp_path):
    rc = tmp_path / ".bashrc"
    rc.write_text("# >>> yolodoctor >>>\nexport X=1\n")  # no end marker
    with pytest.raises(PersistError, match="damaged"):
        apply(action(f"profile:{rc}", HF_ENDPOINT=MIRROR), str(tmp_path / "b"))
    assert rc.read_text() == "# >>> yolodoctor >>>\nexport X=1\n"


def test_bad_records_and_scopes(tmp_path):
    with pytest.raises(PersistError):
        restore({"version": 99})
    with pytest.raises(PersistError):
        apply(action("somewhere", HF_ENDPOINT=MIRROR), str(tmp_path))
    with pytest.raises(PersistError, match="not a conda environment"):
        apply(action(f"conda:{tmp_path}", HF_ENDPOINT=MIRROR), str(tmp_path / "b"))


def test_damaged_backup_is_reported(tmp_path):
    rc = tmp_path / ".bashrc"
    rc.write_text("x\n")
    record = apply(action(f"profile:{rc}", HF_ENDPOINT=MIRROR), str(tmp_path / "b"))
    Path(record["files"][0]["backup"]).write_text("tampered")
    with pytest.raises(PersistError, match="missing or damaged"):
        restore(record)


# --------------------------------------------------------------------- venv ---

@needs_bash
def test_venv_activation_scripts(tmp_path):
    prefix = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(prefix)
    activate = prefix / "bin" / "activate"
    before = {p: p.read_bytes() for p in (prefix / "bin").glob("activate*")}
    plan_action = SimpleNamespace(kind="setting", settings=(("HF_ENDPOINT", MIRROR),), scope=f"venv:{prefix}")
    record = apply(plan_action, str(tmp_path / "b"))
    env = {"PATH": os.environ["PATH"]}
    assert in_bash('. "$1"; printf "%s" "$HF_ENDPOINT"', str(activate), env=env) == MIRROR
    assert f"set -gx HF_ENDPOINT '{MIRROR}'" in (prefix / "bin" / "activate.fish").read_text()
    restore(record)
    assert {p: p.read_bytes() for p in (prefix / "bin").glob("activate*")} == before
    assert in_bash('. "$1"; printf "%s" "${HF_ENDPOINT-unset}"', str(activate), env=env) == "unset"


# -------------------------------------------------------------------- conda ---

@needs_bash
def test_conda_hooks_set_and_put_back_previous_values(tmp_path):
    prefix = tmp_path / "envs" / "yolo"
    (prefix / "conda-meta").mkdir(parents=True)
    first = apply(action(f"conda:{prefix}", HF_ENDPOINT=MIRROR), str(tmp_path / "b"))
    second = apply(action(f"conda:{prefix}", PIP_INDEX_URL="https://pypi.tuna.tsinghua.edu.cn/simple"),
                   str(tmp_path / "b"))
    on = prefix / "etc" / "conda" / "activate.d" / "yolodoctor-env.sh"
    off = prefix / "etc" / "conda" / "deactivate.d" / "yolodoctor-env.sh"
    script = ('. "$1"; printf "%s %s|" "$HF_ENDPOINT" "$PIP_INDEX_URL"; . "$2"; '
              'printf "%s %s" "${HF_ENDPOINT-unset}" "${PIP_INDEX_URL-unset}"')
    assert in_bash(script, str(on), str(off)) == \
        f"{MIRROR} https://pypi.tuna.tsinghua.edu.cn/simple|unset unset"
    env = {"PATH": os.environ["PATH"], "HF_ENDPOINT": "https://old.example"}
    assert in_bash(script, str(on), str(off), env=env).endswith("|https://old.example unset")
    restore(second)
    assert "PIP_INDEX_URL" not in on.read_text() and MIRROR in on.read_text()
    restore(first)
    assert not (prefix / "etc").exists()


# ---------------------------------------------------------------------- pip ---

@pytest.fixture(scope="module")
def pip_venv(tmp_path_factory):
    prefix = tmp_path_factory.mktemp("pipvenv") / "venv"
    venv.EnvBuilder(with_pip=True).create(prefix)
    return prefix / "bin" / "python"


def pip_get(python: Path, key: str, env: dict | None = None) -> str:
    result = subprocess.run([str(python), "-m", "pip", "config", "get", key], capture_output=True, text=True,
                            timeout=60, env=env)
    return result.stdout.strip() if result.returncode == 0 else "<unset>"


def test_pip_config_site_level_in_a_real_venv(pip_venv, tmp_path):
    conf = pip_venv.parent.parent / "pip.conf"
    record = apply(action(f"pip-site:{pip_venv}", **{"global.index-url": "http://127.0.0.1:9/simple"}),
                   str(tmp_path / "b"))
    assert conf.is_file()
    assert pip_get(pip_venv, "global.index-url") == "http://127.0.0.1:9/simple"
    restore(record)
    assert not conf.exists()


def test_pip_config_existing_file_restored_byte_for_byte(pip_venv, tmp_path):
    conf = pip_venv.parent.parent / "pip.conf"
    original = b"[global]\n# my comment\ntimeout = 60\n"
    conf.write_bytes(original)
    try:
        record = apply(action(f"pip-site:{pip_venv}", **{"global.index-url": "https://mirror.example/simple"}),
                       str(tmp_path / "b"))
        assert "index-url" in conf.read_text()
        restore(record)
        assert conf.read_bytes() == original
    finally:
        conf.unlink()


def test_pip_config_user_level(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    record = apply(action(f"pip-user:{sys.executable}", **{"global.index-url": "https://mirror.example/simple"}),
                   str(tmp_path / "b"))
    user_conf = tmp_path / ".config" / "pip" / "pip.conf"
    assert "https://mirror.example/simple" in user_conf.read_text()
    restore(record)
    assert not user_conf.exists()


def test_pip_setting_outside_the_allowed_keys_is_refused(tmp_path):
    with pytest.raises(PersistError, match="not one yolodoctor changes"):
        apply(action(f"pip-user:{sys.executable}", **{"global.trusted-host-x": "x"}), str(tmp_path))


def test_failing_pip_leaves_nothing_changed(tmp_path):
    with pytest.raises(PersistError):
        apply(action(f"pip-site:{tmp_path / 'no-python'}", **{"global.index-url": "https://x/simple"}),
              str(tmp_path / "b"))


# ----------------------------------------------------------------- planning ---

def test_scope_follows_the_target_interpreter(tmp_path):
    facts = Facts()
    facts.python.executable = "/envs/yolo/bin/python"
    facts.python.conda_env = "/envs/yolo"
    actions = [{"kind": "set_env", "name": "HF_ENDPOINT", "value": MIRROR},
               {"kind": "pip_config", "key": "global.index-url", "value": "https://m/simple"}]
    env_setting, pip_setting = settings_for(actions, facts, {"HOME": str(tmp_path), "SHELL": "/bin/bash"})
    assert env_setting.scope == "conda:/envs/yolo"
    assert env_setting.settings == (("HF_ENDPOINT", MIRROR),)
    assert pip_setting.scope == "pip-site:/envs/yolo/bin/python"
    facts.python.conda_env, facts.python.is_venv, facts.python.prefix = None, True, "/p/.venv"
    assert settings_for(actions[:1], facts, {})[0].scope == "venv:/p/.venv"
    facts.python.is_venv = False
    [profile] = settings_for(actions[:1], facts, {"HOME": str(tmp_path), "SHELL": "/bin/bash"})
    assert profile.scope == f"profile:{tmp_path / '.bashrc'}" and profile.files == (str(tmp_path / ".bashrc"),)
    assert settings_for(actions[1:], facts, {})[0].scope == "pip-user:/envs/yolo/bin/python"
