"""The import probes start before the command line is parsed (facts/prestart.py)
and the collection takes over exactly those processes: each import group runs
once, under the interpreter being inspected, never twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.harness.run import REPO
from yolodoctor.facts import prestart
from yolodoctor.facts.runner import finish
from yolodoctor.facts.target import INDEPENDENT, TORCH_CHAIN, probe_environ

LOGGER = """
import os, sys
with open(os.environ["YD_ARGV_LOG"], "a") as fh:
    fh.write(" ".join(sys.argv[1:]) + "\\n")
"""


def _logging_venv(tmp_path: Path) -> Path:
    """A venv (no packages) whose every Python process writes its arguments to a log."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    (site / "sitecustomize.py").write_text(LOGGER)
    return venv


def _run(venv: Path, log: Path, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    env = dict(os.environ, VIRTUAL_ENV=str(venv), YD_ARGV_LOG=str(log))
    env.pop("CONDA_PREFIX", None)
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", *args], capture_output=True, text=True,
                          cwd=str(REPO), env=env, timeout=180)
    lines = log.read_text().splitlines() if log.exists() else []
    return proc, lines


def _imports(lines: list[str]) -> list[str]:
    return [line.split(" ", 1)[1] for line in lines if line.startswith("import ")]


def test_each_import_group_runs_once_when_started_early(tmp_path):
    venv = _logging_venv(tmp_path)
    proc, lines = _run(venv, tmp_path / "argv.log", "facts", "--format", "json", "--offline")
    assert proc.returncode == 0, proc.stderr
    imports = _imports(lines)
    facts = json.loads(proc.stdout)
    assert facts["python"]["executable"] == str(venv / "bin" / "python")
    assert facts["torch"]["status"] == "missing"  # the venv has no torch, and the probe said so
    assert sorted(imports) == sorted(
        [" ".join(INDEPENDENT), " ".join(TORCH_CHAIN)])
    # Started before the command line was parsed: before the env probe, which collection
    # starts first of all its own probes (hundreds of milliseconds later, after the imports
    # of the command line).
    assert lines.index("import " + " ".join(TORCH_CHAIN)) < lines.index("env"), lines


def test_nothing_is_imported_for_fast_facts(tmp_path):
    venv = _logging_venv(tmp_path)
    proc, lines = _run(venv, tmp_path / "argv.log", "facts", "--fast", "--format", "json", "--offline")
    assert proc.returncode == 0, proc.stderr
    assert _imports(lines) == []
    # The env probe was started early, in a process of its own, and that process was taken over:
    # it ran once.
    assert lines.count("env") == 1, lines


def _fake_uv(tmp_path: Path, log: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    uv = bin_dir / "uv"
    uv.write_text(f"#!/bin/sh\necho \"uv $*\" >> {log}\necho 'uv 0.9.7 (0123abcd 2026-11-01)'\n")
    uv.chmod(0o755)
    return uv


def test_fast_starts_the_env_probe_and_uv_and_collection_takes_them(tmp_path):
    uv = _fake_uv(tmp_path, tmp_path / "argv.log")
    env = dict(os.environ, PYTHONPATH=str(tmp_path), PATH=f"{uv.parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("VIRTUAL_ENV", None)
    env.pop("CONDA_PREFIX", None)
    try:
        assert prestart.start_probes(["check", "--fast", "--offline"], env) == 2
        assert sorted(key[:2] for key in prestart._pending) == sorted(
            [(sys.executable, prestart.ENV_ITEMS), (str(uv), prestart.UV_ITEMS)])
        started = prestart.claim(str(uv), prestart.UV_ITEMS, env)
        assert started is not None and finish(started, 30).stdout.startswith("uv 0.9.7")
        started = prestart.claim(sys.executable, prestart.ENV_ITEMS, probe_environ(env))
        assert started is not None and prestart._pending == {}
        started.kill()
    finally:
        prestart.discard_all()


def test_fast_facts_runs_uv_once(tmp_path):
    venv = _logging_venv(tmp_path)
    log = tmp_path / "argv.log"
    uv = _fake_uv(tmp_path, log)
    env = dict(os.environ, VIRTUAL_ENV=str(venv), YD_ARGV_LOG=str(log),
               PATH=f"{uv.parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("CONDA_PREFIX", None)
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "facts", "--fast", "--format", "json", "--offline"],
                          capture_output=True, text=True, cwd=str(REPO), env=env, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["python"]["uv_version"] == "0.9.7"
    assert log.read_text().splitlines().count("uv --version") == 1


def test_only_a_collecting_command_line_starts_probes():
    for args in (["check", "--facts", "f.json"], ["check", "--from=paste.txt"], ["facts", "--fast", "-h"],
                 ["check", "--python", "/usr/bin/python3"], ["check", "network"], ["check", "--help"], ["rules"],
                 []):
        assert prestart.start_probes(args) == 0, args


def test_a_process_started_for_other_arguments_is_not_taken_and_is_killed(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(tmp_path))  # nothing to import there: the probes finish quickly
    try:
        assert prestart.start_probes(["check", "--offline"], env) == 2
        started = list(prestart._pending.values())
        other = dict(probe_environ(env), EXTRA="1")
        assert prestart.claim(sys.executable, TORCH_CHAIN, other) is None  # another environment
        assert prestart.claim(sys.executable, INDEPENDENT[:2], probe_environ(env)) is None  # other items
    finally:
        prestart.discard_all()
    assert prestart._pending == {}
    assert all(s.proc.poll() is not None for s in started)
