"""The env probe read in-process (the target is yolodoctor's own interpreter)
says exactly what the probe run as a separate `python` says."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.harness.run import REPO
from yolodoctor.facts.target import Target, _in_process_search_path


def _facts(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "facts", "--fast", "--offline", "--format", "json", *args],
                          capture_output=True, text=True, cwd=str(REPO), timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _other_name_for_this_interpreter(tmp_path) -> str:
    # A venv is found from where its interpreter is started (pyvenv.cfg beside
    # or above it), so inside a venv the other name must be a sibling in its
    # bin/ (python3, python3.11); elsewhere a link in tmp_path, which Python
    # resolves to the same install.
    here = os.path.dirname(sys.executable)
    real = os.path.realpath(sys.executable)
    if sys.prefix != sys.base_prefix:
        for name in (f"python{sys.version_info[0]}.{sys.version_info[1]}", f"python{sys.version_info[0]}", "python"):
            sibling = os.path.join(here, name)
            if name != os.path.basename(sys.executable) and os.path.realpath(sibling) == real:
                return sibling
    link = tmp_path / "python3"
    link.symlink_to(real)
    return str(link)


def test_in_process_and_subprocess_env_probes_agree(tmp_path):
    # The same interpreter under another name: a different path, so the probe
    # runs as a subprocess.
    link = _other_name_for_this_interpreter(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "CONDA_PREFIX")}
    here = subprocess.run([sys.executable, "-m", "yolodoctor", "facts", "--fast", "--offline", "--format", "json"],
                          capture_output=True, text=True, cwd=str(REPO), timeout=120, env=env)
    assert here.returncode == 0, here.stderr
    inside = json.loads(here.stdout)
    outside = _facts("--python", link)
    assert inside["python"]["selected_by"] == "current"
    for key in ("version", "prefix", "base_prefix", "is_venv", "user_site", "user_site_enabled",
                "externally_managed", "pip_version", "pip_config", "distributions", "duplicates"):
        assert inside["python"][key] == outside["python"][key], key
    assert inside["torch"] == outside["torch"]
    assert inside["packages"] == outside["packages"]


def test_only_the_running_interpreter_is_read_in_process():
    assert _in_process_search_path(Target("/usr/bin/python3-elsewhere", "--python"), dict(os.environ)) is None
    assert _in_process_search_path(Target(sys.executable, "current"), {"PATH": "/bin"}) is None
    path = _in_process_search_path(Target(sys.executable, "current"), dict(os.environ))
    assert path is not None and (sys.flags.safe_path or path == sys.path[1:])


def test_quick_python_check(tmp_path):
    from yolodoctor.facts.target import is_usable_python

    env = dict(os.environ)
    assert is_usable_python(Target(sys.executable, "--python"), 10, env)
    old = tmp_path / "python2.7"
    old.write_text("#!/bin/sh\necho 2.7\n")
    old.chmod(0o755)
    assert not is_usable_python(Target(str(old), "--python"), 10, env)
    liar = tmp_path / "python3"
    liar.write_text("#!/bin/sh\necho 'Python 3.12, trust me'\n")
    liar.chmod(0o755)
    assert not is_usable_python(Target(str(liar), "--python"), 10, env)


def test_a_python_that_hangs_is_refused_within_the_timeout(tmp_path):
    import time

    hung = tmp_path / "python3"
    hung.write_text("#!/bin/sh\nexec sleep 60\n")
    hung.chmod(0o755)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "facts", "--offline", "--timeout", "1",
                           "--python", str(hung)], capture_output=True, text=True, cwd=str(REPO), timeout=60)
    assert proc.returncode == 64
    assert "did not answer within 1 s" in proc.stderr and "Traceback" not in proc.stderr
    assert time.monotonic() - started < 10
