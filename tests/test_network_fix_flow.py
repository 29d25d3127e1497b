"""The whole loop on loopback: defaults unreachable, a mirror answers -> finding -> persistent
setting -> the next check uses the mirror -> rollback puts everything back."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import venv

import pytest

import network_servers as ns
from yolodoctor.diagnose.model import PREDICATES, Hit
from yolodoctor.diagnose import network  # noqa: F401  (registers YD801, YD802)
from yolodoctor.facts.model import Facts
from yolodoctor.facts.system import SystemView
from yolodoctor.fix.persist_env import apply, restore, settings_for
from yolodoctor.network.probe import collect_network

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash sources the activation script")


def hits(rule_id: str, facts: Facts) -> list[Hit]:
    fn = PREDICATES[rule_id]
    supply = {"facts": facts, "params": {"min_usable_kbs": 20.0}}
    result = fn(**{n: supply[n] for n in inspect.signature(fn).parameters})
    return [] if result is None else ([result] if isinstance(result, Hit) else list(result))


def test_mirror_found_set_in_the_venv_used_next_time_and_rolled_back(tmp_path):
    mirror = ns.LoopbackServer(ns.serve_routes({"/api/models/gpt2": (200, {}, b'{"sha": "abc1234"}')})).start()
    hub = ns.LoopbackServer(ns.never_answer).start()
    try:
        catalogue = tmp_path / "mirrors.toml"
        catalogue.write_text(ns.mirrors_toml(
            endpoints=[{"kind": "huggingface", "name": "Hub", "url": hub.url, "probe_path": "/api/models/gpt2"}],
            mirrors=[{"kind": "huggingface", "name": "mirror", "url": mirror.url, "probe_path": "/api/models/gpt2"}]))
        prefix = tmp_path / "venv"
        venv.EnvBuilder(with_pip=False).create(prefix)
        activate = prefix / "bin" / "activate"
        original = activate.read_bytes()
        base_env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "YOLODOCTOR_MIRRORS_FILE": str(catalogue)}

        facts = Facts()
        facts.python.is_venv, facts.python.prefix = True, str(prefix)
        facts.network = collect_network(SystemView.from_environment(base_env), facts, timeout=1.0)
        [finding] = hits("YD801", facts)

        [setting] = settings_for(finding.data["actions"], facts, base_env)
        assert setting.scope == f"venv:{prefix}"
        record = apply({"settings": setting.settings, "scope": setting.scope}, str(tmp_path / "snapshot"))

        # A new shell that activates the venv now has the mirror ...
        shell = subprocess.run(["bash", "--noprofile", "--norc", "-c", '. "$1"; printf %s "$HF_ENDPOINT"', "bash",
                                str(activate)], capture_output=True, text=True, timeout=30, env=base_env)
        assert shell.stdout == mirror.url
        # ... and the next check, run from it, probes the mirror as configured and is quiet.
        after = Facts()
        after.python.is_venv, after.python.prefix = True, str(prefix)
        after.env.hf_endpoint = shell.stdout
        after.network = collect_network(SystemView.from_environment(dict(base_env, HF_ENDPOINT=shell.stdout)),
                                        after, timeout=1.0)
        configured = [p for p in after.network.endpoints if p.role == "configured"]
        assert [(p.setting, p.status) for p in configured] == [("HF_ENDPOINT", "ok")]
        assert hits("YD801", after) == [] and hits("YD802", after) == []

        restore(record)
        assert activate.read_bytes() == original
    finally:
        mirror.close()
        hub.close()
