"""Every real report in tests/fixtures/reports parses; a sample is checked field by field
against what the text says (read by eye)."""

import json
import re
import sys
from pathlib import Path

import pytest

from yolodoctor.diagnose.model import CATEGORIES
from yolodoctor.facts.model import to_dict
from yolodoctor.ingest import PARSER_FAILURE, ingest_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPORTS = Path(__file__).parent / "fixtures" / "reports"
MANIFEST = tomllib.loads((REPORTS / "manifest.toml").read_text(encoding="utf-8"))["report"]
FILES = sorted(p.name for p in REPORTS.glob("*.txt"))


def test_manifest_lists_every_fixture_with_a_known_category_and_a_source():
    assert sorted(r["file"] for r in MANIFEST) == FILES
    for report in MANIFEST:
        assert report["category"] in CATEGORIES, report["file"]
        # A public page: a GitHub or GitLab thread, or a forum / Q&A thread (discuss.pytorch.org, HF discussions).
        assert re.match(r"https://(?:www\.)?(?:github\.com|discuss\.pytorch\.org|huggingface\.co|stackoverflow\.com"
                        r"|superuser\.com|askubuntu\.com|forums\.developer\.nvidia\.com|discuss\.huggingface\.co"
                        r"|community\.ultralytics\.com|gitlab\.com)/\S+$", report["source"]), report["file"]


@pytest.mark.parametrize("name", FILES)
def test_every_fixture_parses_cleanly(name):
    result = ingest_path(str(REPORTS / name))
    assert not [n for n in result.summary.notes if n.startswith(PARSER_FAILURE)]
    assert result.facts.origin == "pasted"
    json.dumps(to_dict(result.facts))  # a facts document like any other
    assert result.summary.lines == len((REPORTS / name).read_text(encoding="utf-8").splitlines())
    for signal in result.signals:
        assert signal.category in CATEGORIES and 1 <= signal.line <= result.summary.lines


def facts(name):
    return ingest_path(str(REPORTS / name)).facts


def signal_ids(name):
    return [s.id for s in ingest_path(str(REPORTS / name)).signals]


def test_001_banner_of_a_cpu_torch():
    f = facts("001-comic-translate-torch-cpu-wheel.txt")
    assert (f.torch.version, f.torch.status, f.torch.cuda, f.torch.cuda_available) == ("2.1.0+cpu", "ok", None, False)
    assert (f.package("ultralytics").version, f.python.version) == ("8.1.3", "3.10.11")
    assert f.nvidia.cuda_visible_devices == "0"


def test_002_003_driver_cuda_level_from_the_warning():
    assert facts("002-yuan2-driver-too-old-11000.txt").nvidia.cuda_driver_version == "11.0"
    assert facts("003-gpt-sovits-driver-too-old-11040.txt").nvidia.cuda_driver_version == "11.4"


def test_005_nvml_mismatch_with_versions_and_os():
    f = facts("005-open-kernel-modules-nvml-mismatch.txt")
    assert (f.host.distro, f.host.kernel) == ("Ubuntu 22.04.5 LTS", "5.15.0-157-generic")
    assert f.nvidia.nvml_error == "Driver/library version mismatch"
    assert f.nvidia.driver_versions_seen == {"nvml": "570.124"}
    assert signal_ids("005-open-kernel-modules-nvml-mismatch.txt") == ["nvml-driver-library-mismatch"]


def test_006_blackwell_gpu_and_the_build_arch_list():
    f = facts("006-leggedlab-rtx5090-sm120.txt")
    assert [(d.name, d.capability) for d in f.torch.devices] == [("NVIDIA GeForce RTX 5090", "12.0")]
    assert f.torch.arch_list[-1] == "sm_90"


def test_007_008_nvidia_smi_readings():
    f = facts("007-gpu-jupyter-docker-without-gpus.txt")
    assert (f.nvidia.driver_version, f.nvidia.cuda_driver_version) == ("450.51.05", "11.0")
    f = facts("008-docker-pytorch-no-gpus-flag.txt")
    assert [g.name for g in f.nvidia.gpus] == ["Tesla V100-PCIE", "Tesla V100-PCIE"]
    assert "docker-run-without-gpus" in signal_ids("008-docker-pytorch-no-gpus-flag.txt")


def test_011_012_versions_around_flash_attn():
    f = facts("011-flash-attn-940-undefined-symbol-torch23.txt")
    assert (f.cuda.nvcc_version, f.torch.version, f.package("flash_attn").status) == ("12.3", "2.3.0", "error")
    f = facts("012-minference-v100-flash-attn-ampere.txt")
    assert (f.nvidia.driver_version, f.package("flash_attn").version) == ("470.57.02", "2.6.0.post1")


def test_013_014_016_package_states():
    assert facts("013-torchsig-numpy2-abi.txt").package("numpy").version == "2.0.0"
    f = facts("014-pytorch-libcudnn9-lib64-venv.txt")
    assert f.torch.status == "error" and "libcudnn.so.9" in f.torch.error
    f = facts("016-sdnext-torch-cu121-torchvision-cu124.txt")
    assert (f.torch.cuda, f.package("torchvision").version) == ("12.1", "0.20.1+cu124")


def test_026_028_029_cuda_and_cudnn_versions():
    f = facts("026-embodiedocc-cuda-122-vs-torch-113-build.txt")
    assert (f.cuda.nvcc_version, f.torch.cuda) == ("12.2", "11.3")
    assert facts("028-functorch-cudnn-ld-library-path.txt").torch.cudnn_version == "8.0.3"
    assert facts("029-cogat-cudnn-runtime-older-than-compiled.txt").torch.cudnn_version == "8.3.3"


def test_031_033_038_interpreter_facts():
    f = facts("031-ultralytics-windows-fbgemm-dll-winerror126.txt")
    assert (f.host.os, f.torch.status) == ("Windows", "error")
    result = ingest_path(str(REPORTS / "033-jupyterlab-ipython-different-python-no-torch.txt"))
    # Two interpreters; the one that failed (ipython's 3.6.5, right before the ModuleNotFoundError) is kept.
    assert result.facts.python.version == "3.6.5"
    assert [(c.kept, c.other) for c in result.summary.conflicts] == [("3.6.5", "3.6.7")]
    assert any("more than one environment" in n for n in result.summary.notes)
    f = facts("038-ultralytics-assets-c3k2-ultralytics-8279.txt")
    assert (f.package("ultralytics").version, f.python.version) == ("8.2.79", "3.8.7")


def test_039_042_045_047_system_and_device_facts():
    f = facts("039-nccl-tests-hang-small-dev-shm.txt")
    assert (f.host.shm_total_bytes, f.nvidia.cuda_visible_devices) == (1 << 30, "2,3")
    f = facts("042-pytorch-geforce-820m-cc21-no-kernel-image.txt")
    assert [(d.name, d.capability) for d in f.torch.devices] == [("GeForce 820M", "2.1")]
    assert facts("045-comic-translate-radeon-no-cuda.txt").nvidia.cuda_visible_devices == ""
    assert facts("047-imagestore-container-cv2-libgl.txt").package("cv2").status == "error"


def test_what_could_not_be_known_is_listed():
    summary = ingest_path(str(REPORTS / "024-cyclegan-oom-shared-gpu.txt")).summary
    assert "NVIDIA driver version" in summary.unknown and "torch version" in summary.unknown
    summary = ingest_path(str(REPORTS / "008-docker-pytorch-no-gpus-flag.txt")).summary
    assert "NVIDIA driver version" not in summary.unknown and "GPU model" not in summary.unknown
