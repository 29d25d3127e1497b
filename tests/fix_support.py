"""Shared pieces of the fix tests: the local index, throwaway venvs, a presented GPU machine,
and an environment isolated from this machine's own pip configuration."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from localindex.server import LocalIndex
from localindex.standins import build_index

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def local_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("index")
    build_index(root)
    server = LocalIndex(root).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def template_venv(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=300)
    return path


@pytest.fixture
def venv(template_venv, tmp_path):
    """A fresh venv (copied from the template: `python -m pip` works from a copy)."""
    path = tmp_path / "venv"
    shutil.copytree(template_venv, path, symlinks=True)
    return path


def venv_python(path: Path) -> str:
    return str(path / "bin" / "python")


def isolated_env(tmp_path: Path, extra: dict | None = None) -> dict:
    """The process environment for pip/uv and yolodoctor: this machine's pip settings
    (/etc/xdg/pip, PIP_* variables, proxies) left out, data dirs in tmp_path."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "UV_", "VIRTUAL_ENV", "CONDA", "PYTHON"))
           and k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update({
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CONFIG_DIRS": str(tmp_path / "no-xdg"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "YOLODOCTOR_DATA_DIR": str(tmp_path / "ydata"),
        "YOLODOCTOR_ALLOW_LOOPBACK_INDEX": "1",
        "YOLODOCTOR_OFFLINE": "1",  # the tests never leave the machine
        "UV_NO_CONFIG": "1",
        "UV_CACHE_DIR": str(home / ".cache" / "uv"),
        "NO_PROXY": "127.0.0.1,localhost",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    })
    env.update(extra or {})
    return env


def configure_index(venv_path: Path, url: str) -> None:
    """The target's own pip config (site config of the venv) points at the local PyPI stand-in."""
    (venv_path / "pip.conf").write_text(f"[global]\nindex-url = {url}\n")


def pip_install(python: str, env: dict, *args: str) -> None:
    subprocess.run([python, "-m", "pip", "install", "--disable-pip-version-check", "-q", *args],
                   check=True, env=env, timeout=300, capture_output=True)


def freeze(python: str, env: dict) -> str:
    return subprocess.run([python, "-m", "pip", "freeze", "--all"], check=True, env=env, timeout=120,
                          capture_output=True, text=True).stdout


def _write_exe(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


SMI = '''#!{python}
import sys
args = sys.argv[1:]
if any(a.startswith("--query-gpu") for a in args):
    print("0, {name}, GPU-5c2f0000-1111-2222-3333-444455556666, 00000000:01:00.0, {memory}, {free}, {driver}, [N/A], {cap}")
else:
    print("+-----------------------------------------------------------------------------------------+")
    print("| NVIDIA-SMI {driver}              Driver Version: {driver}      CUDA Version: {cuda}     |")
    print("+-----------------------------------------------------------------------------------------+")
'''


def present_gpu_machine(tmp_path: Path, env: dict, driver: str = "550.54.14", cuda: str = "12.4",
                        name: str = "NVIDIA GeForce RTX 3090", cap: str = "8.6", memory_mib: int = 24576) -> dict:
    """A machine with an NVIDIA driver and one GPU, as the probes read it: /sys and /proc under
    YOLODOCTOR_FS_ROOT, an nvidia-smi on PATH, and the GPU the stand-in CUDA torch sees."""
    root = tmp_path / "machine"
    (root / "sys/module/nvidia").mkdir(parents=True, exist_ok=True)
    (root / "sys/module/nvidia/version").write_text(driver + "\n")
    (root / "proc/driver/nvidia").mkdir(parents=True, exist_ok=True)
    (root / "proc/driver/nvidia/version").write_text(
        f"NVRM version: NVIDIA UNIX x86_64 Kernel Module  {driver}  Thu Feb 22 01:44:30 UTC 2024\n")
    (root / "dev").mkdir(exist_ok=True)
    for node in ("nvidia0", "nvidiactl", "nvidia-uvm"):
        (root / "dev" / node).write_text("")
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    _write_exe(bindir / "nvidia-smi", SMI.format(python=sys.executable, name=name, memory=memory_mib,
                                                  free=memory_mib - 500, driver=driver, cap=cap, cuda=cuda))
    env = dict(env)
    env["YOLODOCTOR_FS_ROOT"] = str(root)
    # The presented machine's PATH: its nvidia-smi, uv if this machine has one, basic tools; not this
    # machine's own CUDA toolkit (the presented one has none).
    uv = shutil.which("uv")
    env["PATH"] = os.pathsep.join([str(bindir)] + ([os.path.dirname(os.path.realpath(uv))] if uv else [])
                                  + ["/usr/bin", "/bin"])
    env.pop("CUDA_HOME", None)
    env.pop("CUDA_PATH", None)
    env["YOLODOCTOR_STANDIN_GPUS"] = f"{name}={cap}={memory_mib * 2 ** 20}"
    return env


def run_cli(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "yolodoctor", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=str(REPO))


def target_of(python: str, env: dict):
    """The identity a plan made now for `python` records (prefix, path as given, distributions), read the
    way `fix` reads it: by the target interpreter itself, in the test's environment."""
    import json

    from yolodoctor.facts.model import facts_from_dict
    from yolodoctor.fix.identity import identity_of

    facts = run_cli(env, "facts", "--python", python, "--fast", "--format", "json")
    assert facts.returncode == 0, facts.stderr
    return identity_of(facts_from_dict(json.loads(facts.stdout)))


def write_plan(path: Path, python: str, env: dict, *actions, **kw) -> str:
    """A plan file for `python` as it is now (its target identity included)."""
    from yolodoctor.fix.plan import Plan, plan_to_json

    path.write_text(plan_to_json(Plan(python=python, actions=tuple(actions), target=target_of(python, env), **kw)))
    return str(path)


def externally_managed_python(root: Path) -> str:
    """A real, non-venv interpreter whose stdlib carries PEP 668's EXTERNALLY-MANAGED marker: this
    machine's Python binary copied into root/bin, its stdlib linked entry by entry into root/lib, and an
    empty site-packages of its own (so nothing can be installed into this machine's interpreter)."""
    import sysconfig

    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    stdlib = Path(sysconfig.get_path("stdlib"))
    (root / "bin").mkdir(parents=True)
    (root / "lib" / version / "site-packages").mkdir(parents=True)
    binary = root / "bin" / version
    shutil.copy2(os.path.realpath(sys.executable), binary)
    libdir = Path(sysconfig.get_config_var("LIBDIR") or "")
    for lib in libdir.glob("libpython*.so*") if libdir.is_dir() else ():
        (root / "lib" / lib.name).symlink_to(lib)
    for entry in stdlib.iterdir():
        if entry.name not in ("site-packages", "EXTERNALLY-MANAGED"):
            (root / "lib" / version / entry.name).symlink_to(entry)
    (root / "lib" / version / "EXTERNALLY-MANAGED").write_text("[externally-managed]\nError=managed by the OS\n")
    (root / "bin" / "python3").symlink_to(binary.name)
    return str(root / "bin" / "python3")
