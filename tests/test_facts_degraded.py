"""Platforms without /proc, /sys, nvidia-smi or os.killpg (Windows, macOS,
minimal containers): facts degrade to null with a reason, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.harness.run import REPO
from yolodoctor.facts import runner
from yolodoctor.facts.cuda_toolkit import collect_cuda
from yolodoctor.facts.host import collect_host
from yolodoctor.facts.nvidia import collect_nvidia
from yolodoctor.facts.settings import collect_settings
from yolodoctor.facts.system import SystemView


@pytest.fixture
def bare_view(tmp_path):
    """A machine root with nothing in it, and a PATH with nothing on it."""
    root, bin_dir, home = tmp_path / "root", tmp_path / "bin", tmp_path / "home"
    for d in (root, bin_dir, home):
        d.mkdir()
    return SystemView(root=root, env={"PATH": str(bin_dir), "HOME": str(home)}, command_timeout=2)


def test_host_without_proc_sys_etc(bare_view):
    host = collect_host(bare_view)
    assert (host.kernel, host.distro, host.memory_total_bytes, host.memory_available_bytes) == (None,) * 4
    assert (host.container, host.container_evidence, host.shm_total_bytes) == (None, [], None)
    assert host.os and host.arch  # from the interpreter, always known


def test_nvidia_without_any_driver_trace(bare_view):
    nv = collect_nvidia(bare_view)
    assert nv.driver_version is None and nv.driver_versions_seen == {}
    # No /proc/modules and no /sys/module: whether a module is loaded is unknown, not "no".
    assert nv.kernel_module_loaded is None and nv.nouveau_loaded is None
    assert nv.device_nodes == [] and nv.gpus == []
    assert nv.nvidia_smi.status == "missing"
    assert nv.nvml_status == "missing" and nv.nvml_error


def _nvml_loadable() -> bool:
    import ctypes

    try:
        ctypes.CDLL("libnvidia-ml.so.1")
    except OSError:
        return False
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux") or _nvml_loadable(),
                    reason="needs a Linux machine without the NVIDIA driver's NVML library")
def test_this_machine_without_nvml_says_so_without_importing_the_bindings():
    code = ("import sys; from yolodoctor.facts.nvidia import collect_nvidia; "
            "from yolodoctor.facts.system import SystemView; nv = collect_nvidia(SystemView.from_environment()); "
            "print(nv.nvml_status, 'pynvml' in sys.modules); print(nv.nvml_error)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO), timeout=60)
    status_line, error_line = proc.stdout.splitlines()[:2]
    assert status_line == "missing False", proc.stderr
    assert error_line.startswith("NVML Shared Library Not Found (") and "libnvidia-ml.so.1" in error_line


def test_cuda_and_settings_without_anything(bare_view):
    cuda = collect_cuda(bare_view)
    assert cuda.nvcc.status == "missing" and cuda.nvcc_version is None and cuda.toolkits == []
    settings = collect_settings(bare_view)
    assert settings.hf_endpoint is None and settings.ultralytics_settings_path is None
    assert settings.hf_token_set is False and settings.proxies == {}


def test_cli_on_a_bare_root_reports_nulls(tmp_path):
    root, bin_dir, home = tmp_path / "root", tmp_path / "bin", tmp_path / "home"
    for d in (root, bin_dir, home):
        d.mkdir()
    env = {"PATH": str(bin_dir), "HOME": str(home), "YOLODOCTOR_FS_ROOT": str(root), "PIP_CONFIG_FILE": os.devnull}
    for fmt in ("json", "table"):
        proc = subprocess.run([sys.executable, "-s", "-m", "yolodoctor", "facts", "--fast", "--offline", "--format", fmt],
                              capture_output=True, text=True, env=env, cwd=str(REPO), timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr and "probe" not in proc.stderr


def test_host_facts_survive_a_deleted_working_directory(tmp_path, bare_view):
    gone = tmp_path / "gone"
    gone.mkdir()
    here = os.getcwd()
    os.chdir(gone)
    try:
        gone.rmdir()
        host = collect_host(bare_view)
    finally:
        os.chdir(here)
    cwd_disk = [d for d in host.disks if d.purpose == "cwd"]
    assert cwd_disk and cwd_disk[0].path is None and cwd_disk[0].free_bytes is None


def test_runner_stops_a_hang_without_process_groups(monkeypatch):
    # Windows has no os.killpg: the hung command itself is killed instead.
    monkeypatch.delattr(os, "killpg")
    started = time.monotonic()
    result = runner.run([sys.executable, "-c", "import time; time.sleep(60)"], timeout=1)
    assert result.status == "timeout"
    assert time.monotonic() - started < 10


def test_runner_reports_a_program_that_cannot_start(tmp_path):
    script = tmp_path / "tool"
    script.write_text("#!/nonexistent/interpreter\n")
    script.chmod(0o755)
    result = runner.run([str(script)], timeout=5)
    assert result.status in ("missing", "error") and result.error


def test_a_broken_nvml_library_is_an_error_not_a_crash(bare_view):
    library = bare_view.root / "usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1"
    library.parent.mkdir(parents=True)
    library.write_bytes(b"\x7fELF not really" + bytes(range(256)))
    nv = collect_nvidia(bare_view)
    assert nv.nvml_status == "error"
    assert str(library) in nv.nvml_error
