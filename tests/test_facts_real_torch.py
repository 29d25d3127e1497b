"""The real thing: facts about real torch installs must be what torch itself says.

A CPU build (torch 2.13.0+cpu) is installed with real pip into a fresh venv
once per test session; the interpreter running the tests carries the CUDA
build the project is tested with. Ground truth comes from asking torch in a
separate process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness.run import REPO

pytestmark = pytest.mark.slow

GROUND_TRUTH = """
import json, warnings
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    import torch
    available = torch.cuda.is_available()
    arch = torch.cuda.get_arch_list()
cudnn = torch.backends.cudnn.version()
print(json.dumps({
    "version": torch.__version__, "cuda": torch.version.cuda, "hip": torch.version.hip,
    "git_version": torch.version.git_version, "cuda_available": available, "arch_list": arch,
    "cudnn": cudnn, "cxx11_abi": bool(torch._C._GLIBCXX_USE_CXX11_ABI),
    "location": __import__("os").path.dirname(torch.__file__),
    "warnings": ["%s: %s" % (w.category.__name__, w.message) for w in caught],
}))
"""


def facts_for(python: str, *extra: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "facts", "--format", "json", "--offline", "--python", python,
                           *extra], capture_output=True, text=True, cwd=str(REPO), timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def ground_truth(python: str) -> dict:
    proc = subprocess.run([python, "-c", GROUND_TRUTH], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"torch does not import under {python}: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def cpu_torch_venv(tmp_path_factory) -> Path:
    """A venv with torch 2.13.0 (the CPU build) installed by real pip; built once per session."""
    venv = tmp_path_factory.mktemp("torch-2.13.0-cpu") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    proc = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           "torch==2.13.0"], capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, f"pip install torch==2.13.0 failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return python


def test_real_cpu_torch(cpu_torch_venv):
    truth = ground_truth(str(cpu_torch_venv))
    assert truth["version"] == "2.13.0+cpu"  # what was installed
    facts = facts_for(str(cpu_torch_venv))
    torch = facts["torch"]
    assert torch["status"] == "ok" and torch["source"] == "import"
    assert torch["version"] == "2.13.0+cpu"
    assert torch["cuda"] is None and truth["cuda"] is None
    assert torch["cuda_available"] is False
    assert torch["import_seconds"] > 0
    assert torch["arch_list"] == truth["arch_list"] == []
    assert torch["cudnn_version"] is None
    assert (torch["git_version"], torch["cxx11_abi"], torch["location"]) == \
        (truth["git_version"], truth["cxx11_abi"], truth["location"])
    # The venv has no numpy: torch says so on import, and the facts keep its words.
    assert [w for w in truth["warnings"] if "NumPy" in w]
    for warning in truth["warnings"]:
        assert warning in torch["warnings"]
    assert facts["python"]["executable"] == str(cpu_torch_venv)
    assert facts["python"]["is_venv"] is True
    names = {d["name"]: d["version"] for d in facts["python"]["distributions"]}
    assert names["torch"] == "2.13.0+cpu"
    assert facts["packages"]["numpy"]["status"] == "missing"
    assert facts["packages"]["torchvision"]["status"] == "missing"


def test_real_cpu_torch_fast(cpu_torch_venv):
    torch = facts_for(str(cpu_torch_venv), "--fast")["torch"]
    assert (torch["status"], torch["source"], torch["version"], torch["cuda"]) == ("ok", "metadata", "2.13.0+cpu", None)
    assert torch["cuda_available"] is None and torch["import_seconds"] is None


def test_installed_cuda_torch_of_this_interpreter():
    truth = ground_truth(sys.executable)
    facts = facts_for(sys.executable)
    torch = facts["torch"]
    assert torch["status"] == "ok"
    assert torch["version"] == truth["version"]
    assert torch["cuda"] == truth["cuda"]
    assert torch["arch_list"] == truth["arch_list"]
    assert torch["cuda_available"] == truth["cuda_available"]
    assert torch["cxx11_abi"] == truth["cxx11_abi"]
    if truth["cudnn"]:
        number = truth["cudnn"]
        major, minor, patch = (number // 10000, number % 10000 // 100, number % 100) if number >= 10000 else \
            (number // 1000, number % 1000 // 100, number % 100)
        assert torch["cudnn_version"] == f"{major}.{minor}.{patch}"
    if truth["version"] == "2.14.1+cu130":  # the build this project's test setup installs
        assert torch["cuda"] == "13.0"
    vision = facts["packages"]["torchvision"]
    if vision["status"] == "ok":
        assert vision["details"]["nms_ok"] is True


@pytest.mark.skipif(not Path("/usr/lib/python3.11/EXTERNALLY-MANAGED").exists()
                    or not os.access("/usr/bin/python3.11", os.X_OK),
                    reason="needs Debian's own python3.11 (PEP 668 marked)")
def test_real_debian_system_python_is_externally_managed():
    facts = facts_for("/usr/bin/python3.11", "--fast")
    assert facts["python"]["externally_managed"] is True
    assert facts["python"]["is_venv"] is False
    assert facts["python"]["prefix"] == "/usr"
