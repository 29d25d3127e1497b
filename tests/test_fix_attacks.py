"""`fix` tried as an attacker would: an edited plan file, the wrong or a changed env, two applies at once,
a SIGKILL mid-install, a full disk, a backup that cannot be made, credentials in what a snapshot keeps.

Everything is real: venvs, pip (and uv where present), the loopback index, the CLI in a subprocess. Programs
a plan names are shell scripts that leave a marker file when they run: the marker must never appear."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fix_support import REPO, configure_index, freeze, isolated_env, local_index, pip_install, run_cli, \
    target_of, template_venv, venv, venv_python, write_plan  # noqa: F401 (fixtures)
from localindex.server import LocalIndex
from localindex.wheelfile import build_wheel
from yolodoctor import exitcodes
from yolodoctor.fix.plan import Action, Plan, plan_to_json

pytestmark = pytest.mark.slow


def _marker_program(path: Path, marker: Path) -> str:
    """An executable that records that it ran (and would have done anything else)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\necho ran \"$@\" >> {marker}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(path)


def _einops(index) -> Action:
    return Action(kind="install", title="einops", why="test", index_url=index.url + "/simple/",
                  requirements=("einops==0.8.0",))


@pytest.fixture
def box(venv, tmp_path, local_index):
    """A venv whose pip is configured for the local PyPI stand-in, in an isolated environment."""
    env = isolated_env(tmp_path)
    configure_index(venv, local_index.url + "/simple/")
    return venv_python(venv), env


# ------------------------------------------------------------ plan = data ---

def test_installer_path_from_the_plan_never_runs(box, local_index, tmp_path):
    python, env = box
    marker = tmp_path / "ran"
    evil = _marker_program(tmp_path / "evil" / "uv", marker)
    plan = write_plan(tmp_path / "p.json", python, env, _einops(local_index), installer="uv", installer_path=evil)
    result = run_cli(env, "fix", "--plan", plan, "--python", python, "--yes", "--no-verify")
    assert not marker.exists(), marker.read_text()
    assert evil not in result.stdout
    if shutil.which("uv", path=env["PATH"]):  # the installer comes from PATH, verified by its --version
        assert result.returncode == 0, result.stdout + result.stderr
        assert "einops==0.8.0" in freeze(python, env)
    else:
        assert result.returncode == exitcodes.USAGE and "no uv on PATH" in result.stderr


def test_dry_run_of_a_plan_runs_nothing_the_plan_names(box, local_index, tmp_path):
    python, env = box
    marker = tmp_path / "ran"
    evil = _marker_program(tmp_path / "evil" / "python", marker)
    data = json.loads(plan_to_json(Plan(python=python, actions=(_einops(local_index),),
                                        target=target_of(python, env))))
    data["python"] = evil  # edited after review
    for action in data["actions"]:
        del action["commands"]
    plan = tmp_path / "p.json"
    plan.write_text(json.dumps(data))
    dry = run_cli(env, "fix", "--plan", str(plan), "--python", python)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert f"{python} -m pip install" in dry.stdout and evil not in dry.stdout
    elsewhere = run_cli(env, "fix", "--plan", str(plan))  # no --python: this interpreter, not the plan's
    assert elsewhere.returncode == exitcodes.USAGE and "the plan is for the environment" in elsewhere.stderr
    assert not marker.exists(), marker.read_text()


def test_setting_scope_cannot_name_a_program(box, tmp_path):
    python, env = box
    marker = tmp_path / "ran"
    evil = _marker_program(tmp_path / "evil" / "python", marker)
    setting = Action(kind="setting", title="pip mirror", why="test", scope=f"pip-user:{evil}",
                     settings=(("global.index-url", "https://pypi.org/simple"),))
    plan = write_plan(tmp_path / "p.json", python, env, setting)
    for extra in ((), ("--yes",)):
        result = run_cli(env, "fix", "--plan", plan, "--python", python, *extra)
        assert result.returncode == exitcodes.USAGE and "is not the target env's own" in result.stderr
    assert not marker.exists()


# ---------------------------------------------------- target, staleness ---

@pytest.fixture
def two_venvs(template_venv, tmp_path, local_index):
    env = isolated_env(tmp_path)
    out = []
    for name in ("a", "b"):
        path = tmp_path / name
        shutil.copytree(template_venv, path, symlinks=True)
        configure_index(path, local_index.url + "/simple/")
        out.append(path)
    return out[0], out[1], env


def test_plan_for_one_venv_is_refused_on_another(two_venvs, local_index, tmp_path):
    a, b, env = two_venvs
    # Both venvs come from one base interpreter: their pythons resolve to the same file.
    assert os.path.realpath(venv_python(a)) == os.path.realpath(venv_python(b))
    before_a, before_b = freeze(venv_python(a), env), freeze(venv_python(b), env)
    plan = write_plan(tmp_path / "p.json", venv_python(a), env, _einops(local_index))
    refused = run_cli(env, "fix", "--plan", plan, "--python", venv_python(b), "--yes")
    assert refused.returncode == exitcodes.USAGE, refused.stdout + refused.stderr
    assert f"the plan is for the environment {a}" in refused.stderr and "nothing was changed" in refused.stderr
    assert freeze(venv_python(a), env) == before_a and freeze(venv_python(b), env) == before_b
    as_directory = run_cli(env, "fix", "--plan", plan, "--python", str(a))  # the right env, given as a directory
    assert as_directory.returncode == 0, as_directory.stdout + as_directory.stderr
    assert "Dry run" in as_directory.stdout


def test_stale_plan_is_refused(box, local_index, tmp_path):
    python, env = box
    plan = write_plan(tmp_path / "p.json", python, env, _einops(local_index))
    pip_install(python, env, "numpy==1.26.4")  # the env changes after the review
    before = freeze(python, env)
    stale = run_cli(env, "fix", "--plan", plan, "--python", python, "--yes")
    assert stale.returncode == exitcodes.DATA, stale.stdout + stale.stderr
    assert "the plan is stale" in stale.stderr and "nothing was changed" in stale.stderr
    assert freeze(python, env) == before
    no_target = tmp_path / "old.json"
    no_target.write_text(plan_to_json(Plan(python=python, actions=(_einops(local_index),))))
    old = run_cli(env, "fix", "--plan", str(no_target), "--python", python, "--yes")
    assert old.returncode == exitcodes.DATA and "does not say which environment" in old.stderr


# -------------------------------------------------------------- settings ---

@pytest.mark.parametrize("name,value,scope", [
    ("BASH_ENV", "/tmp/x.sh", "profile:{tmp}/somewhere/new/evil.sh"),
    ("PIP_CONFIG_FILE", "/tmp/pip.conf", "venv:{venv}"),
    ("REQUESTS_CA_BUNDLE", "/tmp/ca.pem", "venv:{venv}"),
    ("HTTPS_PROXY", "http://127.0.0.1:3128", "venv:{venv}"),
    ("PYTHONSTARTUP", "/tmp/startup.py", "venv:{venv}"),
    ("HF_ENDPOINT", "http://hf-mirror.com", "venv:{venv}"),
    ("HF_ENDPOINT", "https://evil.example", "venv:{venv}"),
    ("HF_ENDPOINT", "https://hf-mirror.com", "venv:{tmp}/another-venv"),
    ("global.index-url", "https://pypi.org/simple", "venv:{venv}"),
])
def test_settings_outside_the_allow_list_are_refused(box, tmp_path, name, value, scope):
    python, env = box
    venv_dir = Path(python).parent.parent
    activate = venv_dir / "bin" / "activate"
    before = activate.read_bytes()
    setting = Action(kind="setting", title=f"set {name}", why="test", settings=((name, value),),
                     scope=scope.format(tmp=tmp_path, venv=venv_dir))
    plan = write_plan(tmp_path / "p.json", python, env, setting)
    result = run_cli(env, "fix", "--plan", plan, "--python", python, "--yes")
    assert result.returncode == exitcodes.USAGE, result.stdout + result.stderr
    assert "refused" in result.stderr
    assert activate.read_bytes() == before
    assert not (tmp_path / "somewhere").exists()


def test_allowed_setting_still_applies(box, tmp_path):
    python, env = box
    venv_dir = Path(python).parent.parent
    setting = Action(kind="setting", title="set HF_ENDPOINT", why="test", scope=f"venv:{venv_dir}",
                     settings=(("HF_ENDPOINT", "https://hf-mirror.com"),))
    plan = write_plan(tmp_path / "p.json", python, env, setting)
    result = run_cli(env, "fix", "--plan", plan, "--python", str(venv_dir), "--yes", "--no-verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert b"HF_ENDPOINT='https://hf-mirror.com'" in (venv_dir / "bin" / "activate").read_bytes()
    settings = list((Path(env["YOLODOCTOR_DATA_DIR"]) / "snapshots").glob("*/settings"))
    assert settings and all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in settings)
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for p in settings for f in p.iterdir())


# ------------------------------------------------------ URLs and packages ---

def test_dot_segments_do_not_escape_the_release_allow_list(box, tmp_path):
    python, env = box
    wheel = ("https://github.com/Dao-AILab/flash-attention/releases/download/../../../../other/repo/releases/"
             "download/v1/flash_attn-2.6.3-cp311-cp311-linux_x86_64.whl")
    for url in (wheel, wheel.replace("..", "%2e%2e"), wheel.replace("https://", "https://user:pw@")):
        action = Action(kind="install", title="flash-attn", why="test", requirements=(url,))
        plan = write_plan(tmp_path / "p.json", python, env, action)
        result = run_cli(env, "fix", "--plan", plan, "--python", python, "--yes")
        assert result.returncode == exitcodes.USAGE, result.stdout + result.stderr
        assert "refused" in result.stderr


@pytest.mark.parametrize("uninstall,message", [
    (("-r", "{req}"), "not a distribution name"),
    (("pip",), "never removed"),
    (("setuptools",), "never removed"),
    (("--break-system-packages", "einops"), "not a distribution name"),
])
def test_uninstall_entries_are_names_and_never_pip(box, local_index, tmp_path, uninstall, message):
    python, env = box
    pip_install(python, env, "einops==0.8.0")
    before = freeze(python, env)
    requirements = tmp_path / "req.txt"
    requirements.write_text("einops\npip\n")
    action = Action(kind="uninstall", title="remove", why="test",
                    uninstall=tuple(u.format(req=requirements) for u in uninstall))
    plan = write_plan(tmp_path / "p.json", python, env, action)
    result = run_cli(env, "fix", "--plan", plan, "--python", python, "--yes")
    assert result.returncode == exitcodes.USAGE, result.stdout + result.stderr
    assert message in result.stderr
    assert freeze(python, env) == before


# ------------------------------------------------------------------ lock ---

def _start(env, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "yolodoctor", *args], cwd=str(REPO), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def test_a_second_apply_to_the_same_env_is_refused_while_one_runs(box, local_index, tmp_path):
    python, env = box
    plan = write_plan(tmp_path / "p.json", python, env, _einops(local_index))
    other = write_plan(tmp_path / "q.json", python, env, Action(
        kind="install", title="numpy", why="test", index_url=local_index.url + "/simple/",
        requirements=("numpy==1.26.4",)))
    hold = local_index.hold("einops-0.8.0")
    try:
        first = _start(env, "fix", "--plan", plan, "--python", python, "--yes", "--no-verify")
        assert hold.requested.wait(120), first.communicate()
        second = run_cli(env, "fix", "--plan", other, "--python", python, "--yes", "--no-verify")
        assert second.returncode == exitcodes.ERRORS, second.stdout + second.stderr
        assert f"another yolodoctor (pid {first.pid})" in second.stderr
        assert "nothing was changed" in second.stderr
        rollback = run_cli(env, "rollback", "--python", python, "--yes")  # nor may a rollback interleave
        assert rollback.returncode != 0 and "another yolodoctor" in rollback.stderr + rollback.stdout
    finally:
        hold.released.set()
        local_index.clear_holds()
    out, err = first.communicate(timeout=180)
    assert first.returncode == 0, out + err
    frozen = freeze(python, env)
    assert "einops==0.8.0" in frozen and "numpy" not in frozen
    snaps = json.loads(run_cli(env, "history", "--python", python, "--format", "json").stdout)
    assert [s["status"] for s in snaps] == ["applied"]


# ------------------------------------------- SIGKILL mid-install, rollback ---

FAT_FILES = 2500


@pytest.fixture(scope="module")
def fat_index(tmp_path_factory):
    """fatpkg 1.0 and 2.0, each with thousands of files (different names): installing one takes long
    enough to be killed in the middle, with pip's stash of the old version in site-packages."""
    root = tmp_path_factory.mktemp("fat")
    folder = root / "simple"
    body = "x = 1\n" + "# padding\n" * 200
    for version, prefix in (("1.0", "a"), ("2.0", "b")):
        files = {f"fatpkg/{prefix}_{i}.py": body for i in range(FAT_FILES)}
        files["fatpkg/__init__.py"] = f"__version__ = '{version}'\n"
        build_wheel(folder, "fatpkg", version, files, tag="py3-none-any")
    # one file of 1 MiB: what a full disk stops in the middle of an install
    build_wheel(folder, "bigpkg", "1.0", {"bigpkg/__init__.py": "", "bigpkg/blob.py": "#" * 2 ** 20},
                tag="py3-none-any")
    build_wheel(folder, "smallpkg", "1.0", {"smallpkg/__init__.py": "x = 1\n"}, tag="py3-none-any")
    server = LocalIndex(root).start()
    yield server
    server.stop()


def _stash_dirs(venv_dir: Path) -> list[Path]:
    return list(venv_dir.glob("lib/python3*/site-packages/~*"))


def test_sigkill_mid_install_then_rollback_is_exact(venv, tmp_path, fat_index):
    env = isolated_env(tmp_path)
    python = venv_python(venv)
    pip_install(python, env, "--index-url", fat_index.url + "/simple/", "fatpkg==1.0")
    before = freeze(python, env)
    before_files = sorted(p.relative_to(venv) for p in venv.rglob("*") if "__pycache__" not in p.parts)
    plan = write_plan(tmp_path / "p.json", python, env, Action(
        kind="install", title="fatpkg 2", why="test", index_url=fat_index.url + "/simple/",
        requirements=("fatpkg==2.0",)))
    proc = _start(env, "fix", "--plan", plan, "--python", python, "--yes", "--no-verify")
    deadline = time.monotonic() + 180
    stashed = False
    while not stashed and time.monotonic() < deadline and proc.poll() is None:
        if not _stash_dirs(venv):
            time.sleep(0.002)
            continue
        os.killpg(proc.pid, signal.SIGSTOP)  # freeze at once, so pip cannot finish between seeing and killing
        stashed = bool(_stash_dirs(venv))
        if not stashed:
            # pip empties a stash folder's place (rmdir) just before it renames the package into it: frozen in
            # that instant, it shows no stash yet. Let it go on and look again.
            os.killpg(proc.pid, signal.SIGCONT)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)  # the whole process group: yolodoctor and pip
    # read what it printed only once it is dead: a stopped process never closes its pipes
    output = "".join(proc.communicate(timeout=60))
    assert stashed, "pip's stash never appeared, or was gone before the freeze: " + output
    assert _stash_dirs(venv)  # what the killed install left behind

    history = run_cli(env, "history", "--python", python)
    assert "interrupted — run `yolodoctor rollback" in history.stdout, history.stdout
    check = run_cli(env, "fix", "--python", python)
    assert "was interrupted" in check.stderr and "yolodoctor rollback" in check.stderr

    rolled = run_cli(env, "rollback", "--python", python, "--yes")
    assert rolled.returncode == 0, rolled.stdout + rolled.stderr
    assert "left by an interrupted install" in rolled.stdout
    assert "restored the exact previous set" in rolled.stdout
    assert not _stash_dirs(venv)
    assert freeze(python, env) == before
    after_files = sorted(p.relative_to(venv) for p in venv.rglob("*") if "__pycache__" not in p.parts)
    assert after_files == before_files
    statuses = json.loads(run_cli(env, "history", "--python", python, "--format", "json").stdout)
    assert statuses[0]["status"] == "rolled-back"


def test_rollback_says_what_still_differs(box, local_index, tmp_path):
    """A file the snapshot did not have, outside anything the plan touched, is reported, not removed."""
    python, env = box
    plan = write_plan(tmp_path / "p.json", python, env, _einops(local_index))
    applied = run_cli(env, "fix", "--plan", plan, "--python", python, "--yes", "--no-verify")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    site = next(Path(python).parent.parent.glob("lib/python3*/site-packages"))
    stray = site / "someone-elses-file.txt"
    stray.write_text("not ours")
    rolled = run_cli(env, "rollback", "--python", python, "--yes")
    assert rolled.returncode == exitcodes.ERRORS, rolled.stdout + rolled.stderr
    assert "1 file(s) not in the snapshot" in rolled.stdout and str(stray) in rolled.stdout
    assert stray.exists()


# --------------------------------------------------- failures before change ---

def _limited_fsize(limit: int):
    def setup():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return setup


def test_full_disk_before_the_change_is_a_clean_refusal(box, local_index, tmp_path):
    """A full disk, simulated with RLIMIT_FSIZE (mounting a small tmpfs needs privileges the test
    machine may not have): no file yolodoctor writes may grow past 2 KiB, so the snapshot cannot be
    written. Exit 2, "nothing was changed", nothing left behind."""
    python, env = box
    before = freeze(python, env)
    plan = write_plan(tmp_path / "p.json", python, env, _einops(local_index))
    result = subprocess.run([sys.executable, "-m", "yolodoctor", "fix", "--plan", plan, "--python", python, "--yes",
                             "--no-verify"], cwd=str(REPO), env=env, capture_output=True, text=True, timeout=300,
                            preexec_fn=_limited_fsize(2048))
    assert result.returncode == exitcodes.ERRORS, result.stdout + result.stderr
    assert "nothing was changed" in result.stderr and "Traceback" not in result.stderr
    assert freeze(python, env) == before
    snapshots = Path(env["YOLODOCTOR_DATA_DIR"]) / "snapshots"
    assert not snapshots.exists() or not any(snapshots.iterdir())


def test_full_disk_in_the_middle_rolls_back(venv, tmp_path, fat_index):
    """The disk fills up (RLIMIT_FSIZE of 256 KiB for yolodoctor and the installer it starts) after the
    first step changed the env: the apply stops, rolls back, and never says applied."""
    env = isolated_env(tmp_path)
    python = venv_python(venv)
    before = freeze(python, env)
    index = fat_index.url + "/simple/"
    plan = write_plan(tmp_path / "p.json", python, env,
                      Action(kind="install", title="smallpkg", why="test", index_url=index,
                             requirements=("smallpkg==1.0",)),
                      Action(kind="install", title="bigpkg", why="test", index_url=index,
                             requirements=("bigpkg==1.0",)))
    result = subprocess.run([sys.executable, "-m", "yolodoctor", "fix", "--plan", plan, "--python", python, "--yes",
                             "--no-verify"], cwd=str(REPO), env=env, capture_output=True, text=True, timeout=300,
                            preexec_fn=_limited_fsize(256 * 1024))
    assert result.returncode == exitcodes.ERRORS, result.stdout + result.stderr
    assert "[1/2] smallpkg" in result.stdout and "Successfully installed smallpkg-1.0" in result.stdout
    assert "'bigpkg' failed" in result.stdout and "the previous state was restored" in result.stdout
    assert "✓ applied" not in result.stdout and "Traceback" not in result.stderr
    assert freeze(python, env) == before


def test_failed_backup_stops_the_apply_before_it_starts(box, local_index, tmp_path):
    python, env = box
    pip_install(python, env, "einops==0.8.0")
    record = next(Path(python).parent.parent.glob("lib/python3*/site-packages/einops-0.8.0.dist-info/RECORD"))
    record.unlink()  # installed without a RECORD: it cannot be repacked as a wheel
    before = freeze(python, env)
    plan = write_plan(tmp_path / "p.json", python, env, Action(
        kind="install", title="einops again", why="test", index_url=local_index.url + "/simple/",
        requirements=("einops==0.8.0",), options=("--force-reinstall",)))
    result = run_cli(env, "fix", "--plan", plan, "--python", python, "--yes", "--no-verify")
    assert result.returncode == exitcodes.ERRORS, result.stdout + result.stderr
    assert "could not save einops as a wheel" in result.stderr and "nothing was changed" in result.stderr
    assert "--no-backup-wheels" in result.stderr
    assert "$ " not in result.stdout  # no installer command ran
    assert freeze(python, env) == before


# ------------------------------------------------------ snapshot privacy ---

def test_snapshots_are_private_and_hold_no_credentials(box, local_index, tmp_path):
    python, env = box
    pip_install(python, env, "einops==0.8.0")
    dist_info = next(Path(python).parent.parent.glob("lib/python3*/site-packages/einops-0.8.0.dist-info"))
    secret = "s3cr3t-passw0rd"
    (dist_info / "direct_url.json").write_text(json.dumps({
        "url": f"https://deploy:{secret}@wheels.corp.example/einops-0.8.0-py3-none-any.whl", "archive_info": {}}))
    assert secret in freeze(python, env)  # pip freeze prints the credentials
    before = freeze(python, env)
    plan = write_plan(tmp_path / "p.json", python, env, Action(
        kind="install", title="numpy", why="test", index_url=local_index.url + "/simple/",
        requirements=("numpy==1.26.4",)))
    applied = run_cli(env, "fix", "--plan", plan, "--python", python, "--yes", "--no-verify")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    root = Path(env["YOLODOCTOR_DATA_DIR"]) / "snapshots"
    for here, dirs, files in os.walk(root):
        assert stat.S_IMODE(os.stat(here).st_mode) == 0o700, here
        for name in files:
            path = os.path.join(here, name)
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
            if not name.endswith(".whl"):
                assert secret not in Path(path).read_text(errors="replace"), path
    history = run_cli(env, "history", "--python", python, "--format", "json")
    assert secret not in history.stdout
    rolled = run_cli(env, "rollback", "--python", python, "--yes")
    assert rolled.returncode == 0, rolled.stdout + rolled.stderr
    assert secret not in rolled.stdout + rolled.stderr
    assert freeze(python, env) == before


# ------------------------------------------- per-environment history, --yes ---

def test_history_and_rollback_follow_the_target(two_venvs, local_index, tmp_path):
    a, b, env = two_venvs
    for path, name in ((a, "pa.json"), (b, "pb.json")):
        plan = write_plan(tmp_path / name, venv_python(path), env, _einops(local_index))
        applied = run_cli(env, "fix", "--plan", plan, "--python", venv_python(path), "--yes", "--no-verify")
        assert applied.returncode == 0, applied.stdout + applied.stderr
    only_a = json.loads(run_cli(env, "history", "--python", venv_python(a), "--format", "json").stdout)
    assert [s["prefix"] for s in only_a] == [str(a)]
    every = json.loads(run_cli(env, "history", "--all", "--format", "json").stdout)
    assert sorted(s["prefix"] for s in every) == sorted([str(a), str(b)])
    unasked = run_cli(env, "rollback", "--python", venv_python(a))  # no terminal, no --yes
    assert unasked.returncode == exitcodes.USAGE and "needs --yes" in unasked.stderr
    assert "einops" in freeze(venv_python(a), env)
    rolled = run_cli(env, "rollback", "--python", str(b), "--yes")
    assert rolled.returncode == 0, rolled.stdout + rolled.stderr
    assert "einops" not in freeze(venv_python(b), env) and "einops" in freeze(venv_python(a), env)
