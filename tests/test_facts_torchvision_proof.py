"""torchvision is proven by its compiled operators, not by `import torchvision`.

The probe loads the library torchvision itself would load and runs nms with it
(facts/probe_target.py). These tests hold that proof against the real
torchvision of the interpreter running them: whole, with its operator library
corrupted, and with the library gone (where the probe falls back to the full
import). In each case the full `import torchvision`, run separately, is the
ground truth the proof must agree with.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness.run import REPO
from yolodoctor.facts.target import parse_records

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("torchvision") is None, reason="needs a real torchvision"),
]

PROBE = REPO / "yolodoctor" / "facts" / "probe_target.py"
LIBRARIES = ("_C_stable", "_C")

FULL_IMPORT = """
import json
try:
    import torch, torchvision
    from torchvision.ops import nms
    kept = nms(torch.tensor([[0.0, 0.0, 10.0, 10.0], [1.0, 1.0, 11.0, 11.0]]), torch.tensor([0.9, 0.8]), 0.5)
    print(json.dumps({"ok": kept.tolist() == [0], "version": torchvision.__version__}))
except Exception as exc:
    print(json.dumps({"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)}))
"""


def _env(pythonpath: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH", "")]))
    return env


def probe_torchvision(pythonpath: Path | None = None) -> dict:
    proc = subprocess.run([sys.executable, str(PROBE), "import", "torch", "torchvision"], capture_output=True,
                          text=True, timeout=600, env=_env(pythonpath))
    reports = {r["item"]: r["report"] for r in parse_records(proc.stdout) if r.get("kind") == "result"}
    assert "torchvision" in reports, proc.stderr[-2000:]
    return reports["torchvision"]


def full_import(pythonpath: Path | None = None) -> dict:
    proc = subprocess.run([sys.executable, "-c", FULL_IMPORT], capture_output=True, text=True, timeout=600,
                          env=_env(pythonpath))
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _library(package: Path) -> Path:
    import importlib.machinery

    for name in LIBRARIES:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            if (package / (name + suffix)).is_file():
                return package / (name + suffix)
    pytest.skip("this torchvision has no operator library where releases put it")


@pytest.fixture()
def torchvision_copy(tmp_path) -> Path:
    """A private copy of the real torchvision package, first on PYTHONPATH when used."""
    source = Path(importlib.util.find_spec("torchvision").submodule_search_locations[0])
    shutil.copytree(source, tmp_path / "torchvision", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_whole_torchvision_is_proven_without_importing_it():
    truth = full_import()
    report = probe_torchvision()
    assert truth["ok"] is True
    assert report["status"] == "ok"
    assert report["details"]["proof"] == "compiled operators"
    assert report["version"] == truth["version"]
    assert report["details"]["nms_ok"] is True
    import torch

    if torch.version.cuda:  # a CUDA build of torchvision says which CUDA, as torchvision's own check reads it
        assert report["details"]["cuda_version"].split(".")[0] == torch.version.cuda.split(".")[0]


def test_a_corrupt_operator_library_fails_like_the_import(torchvision_copy):
    library = _library(torchvision_copy / "torchvision")
    library.write_bytes(b"\x7fELF but not really a shared object")
    truth = full_import(torchvision_copy)
    report = probe_torchvision(torchvision_copy)
    assert truth["ok"] is False  # the real import breaks on it too
    assert report["status"] == "error"
    assert report["details"]["proof"] == "compiled operators"
    assert report["details"]["nms_ok"] is False
    assert library.name in report["details"]["ops_error"] or "ELF" in report["details"]["ops_error"] \
        or "shared object" in report["details"]["ops_error"]


def test_without_the_library_the_probe_imports_torchvision(torchvision_copy):
    _library(torchvision_copy / "torchvision").unlink()
    truth = full_import(torchvision_copy)
    report = probe_torchvision(torchvision_copy)
    assert report["details"].get("proof") == "import"  # fell back to the full import
    assert (report["status"] == "ok") == truth["ok"]
    if not truth["ok"]:
        assert report["error"]


def test_check_names_the_broken_operators(torchvision_copy):
    _library(torchvision_copy / "torchvision").write_bytes(b"not a library")
    proc = subprocess.run([sys.executable, "-m", "yolodoctor", "check", "torchvision", "--offline", "--format", "json",
                           "--fail-on", "never"], capture_output=True, text=True, timeout=600, cwd=str(REPO),
                          env=_env(torchvision_copy))
    assert proc.returncode == 0, proc.stderr
    findings = {f["id"]: f for f in json.loads(proc.stdout)["findings"]}
    assert "YD301" in findings, sorted(findings)
    assert "compiled operators do not load" in findings["YD301"]["message"]
