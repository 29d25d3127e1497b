"""Snapshots: listing the installed set under the target interpreter, repacking installed
distributions into wheels, where snapshots live, and restoring direct-URL installs."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from fix_support import freeze, isolated_env, local_index, pip_install, template_venv, venv, venv_python  # noqa: F401
from yolodoctor.fix import snapshot as snapshots
from yolodoctor.fix.plan import Action, Plan
from yolodoctor.fix.rollback import rollback
from yolodoctor.fix.snapshot import PROBE, SnapshotError, data_dir, list_installed


def test_data_dir_order():
    assert data_dir({"YOLODOCTOR_DATA_DIR": "/x/y", "XDG_DATA_HOME": "/a"}) == Path("/x/y")
    assert data_dir({"XDG_DATA_HOME": "/a", "HOME": "/h"}) == Path("/a/yolodoctor")
    assert data_dir({"HOME": "/h"}) == Path("/h/.local/share/yolodoctor")


@pytest.mark.slow
def test_list_and_pack(venv, tmp_path, local_index):
    env = isolated_env(tmp_path)
    python = venv_python(venv)
    pip_install(python, env, "--index-url", local_index.url + "/whl/cpu", "torch==2.4.1+cpu")
    installed = list_installed(python, env)
    assert installed.versions()["torch"] == "2.4.1+cpu"
    assert installed.get("torch").direct_url is None

    out = tmp_path / "wheels"
    result = subprocess.run([python, PROBE, "pack", str(out), "torch", "not-installed"], capture_output=True,
                            text=True, env=env, timeout=120)
    packed = json.loads(result.stdout)["packed"]
    assert packed["not-installed"] == {"error": "not installed"}
    wheel = Path(packed["torch"]["wheel"])
    assert wheel.name == "torch-2.4.1+cpu-cp311-cp311-linux_x86_64.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        record = zf.read("torch-2.4.1+cpu.dist-info/RECORD").decode()
    assert "torch/version.py" in names
    assert "torch-2.4.1+cpu.data/data/share/torch-standin/NOTICE" in names  # outside site-packages
    assert not any("torchrun" in n for n in names)  # an entry-point wrapper: pip writes it again
    assert not any("__pycache__" in n or n.endswith(("INSTALLER", "direct_url.json")) for n in names)
    assert all(line.split(",")[0] in names for line in record.splitlines())

    # Installed into another venv from the repacked wheel: the same files.
    other = tmp_path / "other"
    subprocess.run([python, "-m", "venv", "--without-pip", str(other)], check=True, timeout=120)
    subprocess.run([python, "-m", "pip", "install", "--no-index", "--no-deps", "--target",
                    str(tmp_path / "target"), str(wheel)], check=True, env=env, timeout=120, capture_output=True)
    site = Path(venv) / "lib" / "python3.11" / "site-packages"
    for rel in ("torch/version.py", "torch/cuda/__init__.py"):
        assert (tmp_path / "target" / rel).read_bytes() == (site / rel).read_bytes()


@pytest.mark.slow
def test_pack_refuses_a_broken_install(venv, tmp_path, local_index):
    env = isolated_env(tmp_path)
    python = venv_python(venv)
    pip_install(python, env, "--index-url", local_index.url + "/whl/cpu", "torch==2.4.1+cpu")
    (Path(venv) / "lib" / "python3.11" / "site-packages" / "torch" / "version.py").unlink()
    result = subprocess.run([python, PROBE, "pack", str(tmp_path / "w"), "torch"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert "installed file missing: torch/version.py" in json.loads(result.stdout)["packed"]["torch"]["error"]


@pytest.mark.slow
def test_direct_url_install_restored_from_its_url(venv, tmp_path, local_index):
    env = isolated_env(tmp_path)
    python = venv_python(venv)
    wheel = next((Path(local_index.root) / "simple").glob("numpy-1.26.4-*.whl"))
    pip_install(python, env, str(wheel))
    before = freeze(python, env)
    assert f"numpy @ file://{wheel}" in before
    plan = Plan(python=python, actions=(Action(kind="install", title="numpy 2", why="test",
                                               index_url=local_index.url + "/simple", requirements=("numpy==2.1.0",)),))
    snap = snapshots.create(plan, env)
    pip_install(python, env, "--index-url", local_index.url + "/simple", "numpy==2.1.0")
    assert "numpy==2.1.0" in freeze(python, env)
    result = rollback(snap, env, out=lambda line: None)
    assert result.ok, result.message
    assert freeze(python, env) == before  # "numpy @ file://..." again, not "numpy==1.26.4"


def test_load_by_id_prefix_and_errors(tmp_path):
    env = {"YOLODOCTOR_DATA_DIR": str(tmp_path)}
    with pytest.raises(SnapshotError, match="no snapshots"):
        snapshots.load(None, env)
    for sid in ("20261122T010000Z-aaaa", "20261122T020000Z-bbbb", "20261122T020000Z-bccc"):
        snap = snapshots.Snapshot(id=sid, path=tmp_path / "snapshots" / sid, created_at=sid[:15], python="/p")
        snap.save()
    (tmp_path / "snapshots" / "garbage").mkdir()
    (tmp_path / "snapshots" / "garbage" / "snapshot.json").write_text("{not json")
    assert [s.id for s in snapshots.list_snapshots(env)] == ["20261122T020000Z-bccc", "20261122T020000Z-bbbb",
                                                           "20261122T010000Z-aaaa"]
    assert snapshots.load(None, env).id == "20261122T020000Z-bccc"
    assert snapshots.load("20261122T01", env).id == "20261122T010000Z-aaaa"
    with pytest.raises(SnapshotError, match="names 2 snapshots"):
        snapshots.load("20261122T020000Z-b", env)
    with pytest.raises(SnapshotError, match="no snapshot 'zzz'"):
        snapshots.load("zzz", env)
    with pytest.raises(SnapshotError, match="cannot be read"):
        snapshots.read(tmp_path / "snapshots" / "garbage")
