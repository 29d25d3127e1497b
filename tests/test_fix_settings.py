"""Persistent settings (HF_ENDPOINT, pip index) go through persist_env with a backup in the
snapshot, and rollback puts the files back byte for byte. Skipped where persist_env is absent."""

from __future__ import annotations

import pytest

from fix_support import isolated_env, template_venv, venv, venv_python  # noqa: F401
from yolodoctor.diagnose.model import Finding
from yolodoctor.facts.model import Facts, Host, PythonEnv
from yolodoctor.fix import snapshot as snapshots
from yolodoctor.fix.apply import apply_plan
from yolodoctor.fix.planner import make_plan
from yolodoctor.fix.rollback import rollback
from yolodoctor.fix.safety import AllowList

pytest.importorskip("yolodoctor.fix.persist_env")
pytestmark = pytest.mark.slow


def test_hf_endpoint_setting_applied_and_rolled_back(venv, tmp_path):
    env = isolated_env(tmp_path)
    python = venv_python(venv)
    facts = Facts(host=Host(os="Linux"), python=PythonEnv(executable=python, version="3.11.7", prefix=str(venv),
                                                          is_venv=True, platform="linux-x86_64"))
    finding = Finding(id="YD801", category="network_download", severity="warning", area="network",
                      title="Hugging Face is unreachable", message="huggingface.co timed out; hf-mirror.com answered",
                      fix="export HF_ENDPOINT=https://hf-mirror.com",
                      data={"actions": [{"kind": "set_env", "name": "HF_ENDPOINT", "value": "https://hf-mirror.com"}]})
    plan = make_plan(facts, [finding])
    setting = next(a for a in plan.actions if a.kind == "setting")
    assert setting.settings == (("HF_ENDPOINT", "https://hf-mirror.com"),) and setting.scope == f"venv:{venv}"
    activate = venv / "bin" / "activate"
    before = activate.read_bytes()
    result = apply_plan(plan, AllowList(), env=env, out=lambda line: None)
    assert result.status == "applied", result.message
    assert b"HF_ENDPOINT" in activate.read_bytes()
    rolled = rollback(snapshots.load(result.snapshot_id, env), env, out=lambda line: None)
    assert rolled.ok, rolled.message
    assert activate.read_bytes() == before


def test_cli_plans_the_mirror_setting_applies_and_rolls_back(venv, tmp_path):
    """On loopback: the Hub never answers, a mirror does -> `fix --yes` writes HF_ENDPOINT into the
    venv's activation scripts -> `rollback` puts them back byte for byte."""
    import network_servers as ns
    from fix_support import run_cli

    mirror = ns.LoopbackServer(ns.serve_routes({"/api/models/gpt2": (200, {}, b'{"sha": "abc1234"}')})).start()
    hub = ns.LoopbackServer(ns.never_answer).start()
    try:
        catalogue = tmp_path / "mirrors.toml"
        catalogue.write_text(ns.mirrors_toml(
            endpoints=[{"kind": "huggingface", "name": "Hub", "url": hub.url, "probe_path": "/api/models/gpt2"}],
            mirrors=[{"kind": "huggingface", "name": "mirror", "url": mirror.url, "probe_path": "/api/models/gpt2"}]))
        env = isolated_env(tmp_path, {"YOLODOCTOR_MIRRORS_FILE": str(catalogue)})
        del env["YOLODOCTOR_OFFLINE"]  # every endpoint probed here is on 127.0.0.1
        python = venv_python(venv)
        activate = venv / "bin" / "activate"
        before = activate.read_bytes()
        applied = run_cli(env, "fix", "--python", python, "--yes", "--network-timeout", "1")
        assert applied.returncode in (0, 1), applied.stdout + applied.stderr
        assert f"Set HF_ENDPOINT={mirror.url}" in applied.stdout
        assert mirror.url.encode() in activate.read_bytes()
        rolled = run_cli(env, "rollback", "--python", python, "--yes")
        assert rolled.returncode == 0, rolled.stdout + rolled.stderr
        assert activate.read_bytes() == before
    finally:
        mirror.close()
        hub.close()
