"""Never swap torch by accident: real pip and uv, a loopback index, a CPU-torch venv.

The index holds what makes the trap real: a newer ultralytics that wants a newer torch, and that torch
on the PyPI-style index with an nvidia-* dependency. Unguarded, `pip install ultralytics` would replace
the CPU torch; the guard resolves the action with the installed stack held and pins the ultralytics
release that keeps it, or refuses.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fix_support import isolated_env, pip_install, venv_python
from localindex.server import LocalIndex
from localindex.standins import PLATFORM_TAG, simple_wheel, torch_wheel, torchvision_wheel
from yolodoctor.facts.model import Distribution, Facts, canonical_name
from yolodoctor.fix.commands import action_commands
from yolodoctor.fix.plan import Action, Plan
from yolodoctor.fix.resolve import guard_plan, resolve

UV = shutil.which("uv")


@pytest.fixture(scope="module")
def trap_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("trap-index")
    cpu = root / "whl" / "cpu"
    torch_wheel(cpu, "2.4.1", "cpu")
    torchvision_wheel(cpu, "0.19.1", "cpu", "2.4.1")
    simple = root / "simple"
    simple_wheel(simple, "numpy", "1.26.4", "numpy")
    simple_wheel(simple, "nvidia-cublas-cu12", "12.4.5.8", "nvidia_cublas")
    simple_wheel(simple, "torch", "2.5.0", "torch", requires=["nvidia-cublas-cu12==12.4.5.8"], tag=PLATFORM_TAG)
    simple_wheel(simple, "torchvision", "0.20.0", "torchvision", requires=["torch==2.5.0"], tag=PLATFORM_TAG)
    simple_wheel(simple, "ultralytics", "8.3.78", "ultralytics",
                 requires=["numpy>=1.23.0", "torch>=1.8.0", "torchvision>=0.9.0"])
    simple_wheel(simple, "ultralytics", "8.3.200", "ultralytics",
                 requires=["numpy>=1.23.0", "torch>=2.5.0", "torchvision>=0.20.0"])
    server = LocalIndex(root).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cpu_env(trap_index, tmp_path_factory):
    """A venv with torch 2.4.1+cpu and its torchvision, as a CPU-only user has it."""
    tmp = tmp_path_factory.mktemp("cpu-env")
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True, timeout=300)
    env = isolated_env(tmp)
    python = venv_python(tmp / "venv")
    pip_install(python, env, "--index-url", f"{trap_index.url}/whl/cpu", "torch==2.4.1+cpu",
                "torchvision==0.19.1+cpu")
    pip_install(python, env, "--index-url", f"{trap_index.url}/simple", "numpy==1.26.4")
    return python, env, tmp / "venv"


def _installed(python: str, env: dict) -> dict[str, str]:
    out = subprocess.run([python, "-m", "pip", "list", "--format", "freeze", "--disable-pip-version-check"],
                         capture_output=True, text=True, env=env, timeout=120, check=True).stdout
    return {canonical_name(line.split("==")[0]): line.split("==")[1] for line in out.splitlines() if "==" in line}


def _torch_bytes(venv: Path) -> dict[str, str]:
    """sha256 of every file of the torch distribution (its RECORD), to compare byte for byte."""
    site = next(venv.glob("lib/python*/site-packages"))
    record = next(site.glob("torch-*.dist-info")) / "RECORD"
    digests = {}
    for line in record.read_text().splitlines():
        path = line.split(",")[0]
        digests[path] = hashlib.sha256((site / path).read_bytes()).hexdigest() if (site / path).is_file() else "-"
    return digests


def _facts(python: str, env: dict) -> Facts:
    facts = Facts()
    facts.python.executable = python
    facts.python.distributions = [Distribution(name, version) for name, version in _installed(python, env).items()]
    return facts


def _plan(python: str, installer: str, index: str, requirement: str) -> Plan:
    action = Action(kind="install", title="Install ultralytics", why="the profile needs it", findings=("YD601",),
                    requirements=(requirement,), index_url=f"{index}/simple")
    return Plan(python=python, installer=installer, installer_path=UV if installer == "uv" else None,
                actions=(action,))


INSTALLERS = ["pip", pytest.param("uv", marks=pytest.mark.skipif(UV is None, reason="uv is not on PATH"))]


@pytest.mark.parametrize("installer", INSTALLERS)
def test_unguarded_ultralytics_would_swap_torch(cpu_env, trap_index, installer):
    """The trap is real in this index: resolved freely, ultralytics brings torch 2.5.0 and an nvidia-* wheel."""
    python, env, _ = cpu_env
    plan = _plan(python, installer, trap_index.url, "ultralytics>=8.0.0")
    free = resolve(plan, plan.actions[0], _installed(python, env), {}, env)
    assert free.ok, free.error
    changed = {c.name: (c.before, c.after) for c in free.changes}
    assert changed["torch"] == ("2.4.1+cpu", "2.5.0")
    assert changed["nvidia-cublas-cu12"] == (None, "12.4.5.8")
    assert changed["ultralytics"] == (None, "8.3.200")


@pytest.mark.parametrize("installer", INSTALLERS)
def test_guarded_ultralytics_keeps_the_cpu_torch_byte_for_byte(cpu_env, trap_index, installer, tmp_path):
    python, env, venv = cpu_env
    before = _torch_bytes(venv)
    plan = _plan(python, installer, trap_index.url, "ultralytics>=8.0.0")
    guarded = guard_plan(plan, _facts(python, env), env)
    action = guarded.actions[0]
    assert action.kind == "install"
    assert action.requirements == ("ultralytics==8.3.78",)  # the release that accepts the installed stack
    assert action.changes == ("ultralytics: (new) -> 8.3.78",)
    assert any("torch: 2.4.1+cpu -> 2.5.0" in note for note in action.notes)  # says what it avoided
    try:
        for argv in action_commands(guarded, action):  # apply exactly what the plan shows
            subprocess.run(argv, check=True, env=env, timeout=300, capture_output=True)
        installed = _installed(python, env)
        assert installed["torch"] == "2.4.1+cpu" and installed["torchvision"] == "0.19.1+cpu"
        assert installed["ultralytics"] == "8.3.78"
        assert not any(name.startswith("nvidia-") for name in installed)
        assert _torch_bytes(venv) == before
    finally:
        subprocess.run([python, "-m", "pip", "uninstall", "-y", "-q", "ultralytics"], env=env, timeout=120,
                       capture_output=True)


@pytest.mark.parametrize("installer", INSTALLERS)
def test_action_that_needs_another_torch_is_refused_with_the_reason(cpu_env, trap_index, installer):
    python, env, _ = cpu_env
    plan = _plan(python, installer, trap_index.url, "ultralytics>=8.3.100")  # only 8.3.200: torch>=2.5
    guarded = guard_plan(plan, _facts(python, env), env)
    action = guarded.actions[0]
    assert action.kind == "info" and action.title.startswith("Not done")
    assert "torch 2.4.1+cpu" in action.why and "ultralytics" in action.why
    assert _installed(python, env)["torch"] == "2.4.1+cpu"


def test_torch_action_lists_every_change(cpu_env, trap_index):
    """The torch set itself is not held: its dry run lists what changes, from -> to."""
    python, env, _ = cpu_env
    action = Action(kind="install", title="Upgrade torch", why="asked", requirements=("torch==2.5.0",),
                    index_url=f"{trap_index.url}/simple")
    plan = Plan(python=python, actions=(action,))
    guarded = guard_plan(plan, _facts(python, env), env)
    assert "torch: 2.4.1+cpu -> 2.5.0" in guarded.actions[0].changes
    assert "nvidia-cublas-cu12: (new) -> 12.4.5.8" in guarded.actions[0].changes


def test_fix_cli_shows_what_each_install_would_change(cpu_env, trap_index):
    """The real `fix` resolves its plan against the target before showing it (here: the pinned torch set,
    already installed, so nothing would change), and never applied anything to find out."""
    import json

    from fix_support import run_cli

    python, env, venv = cpu_env
    before = _torch_bytes(venv)
    result = run_cli(env, "fix", "--python", python, "--torch", "2.4.1+cpu", "--torch-index",
                     f"{trap_index.url}/whl", "--installer", "pip", "--format", "json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    torch = next(a for a in plan["actions"] if a["kind"] == "install")
    assert torch["requirements"] == ["torch==2.4.1+cpu", "torchvision==0.19.1+cpu"]
    assert torch["changes"] == ["nothing would change (already satisfied)"]
    assert "Resolving each install against the target" in result.stderr
    assert _torch_bytes(venv) == before
