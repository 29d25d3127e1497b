"""collect_env output in the formats it has had, from real reports (tests/fixtures/ingest/sources.toml)."""

from pathlib import Path

from yolodoctor.ingest import PARSER_FAILURE, ingest_text

INPUTS = Path(__file__).parent / "fixtures" / "ingest"


def read(name):
    result = ingest_text((INPUTS / name).read_text(encoding="utf-8"))
    assert not [n for n in result.summary.notes if n.startswith(PARSER_FAILURE)]
    return result


def test_torch_1_7_on_colab():
    result = read("collect_env-1.7-colab.txt")
    f = result.facts
    assert (f.torch.version, f.torch.cuda, f.torch.status, f.torch.cuda_available) == ("1.7.0+cu101", "10.1", "ok", True)
    assert f.python.version == "3.6"
    assert f.nvidia.driver_version == "418.67"
    assert [(g.index, g.name) for g in f.nvidia.gpus] == [(0, "Tesla T4")]
    assert f.cuda.nvcc_version == "10.1"  # "CUDA runtime version" is what nvcc says
    assert (f.host.os, f.host.distro, f.host.arch) == ("Linux", "Ubuntu 18.04.5 LTS", "x86_64")
    assert [p.kind for p in result.summary.parts] == ["collect_env"]


def test_torch_not_importable_leaves_torch_unknown_and_says_so():
    result = read("collect_env-na-pip3.txt")
    f = result.facts
    assert f.torch.status is None and f.torch.cuda is None
    assert f.torch.version == "1.7.0.dev20200803"  # from the [pip3] list: installed, import unknown
    assert f.python.version == "2.7" and f.host.os == "Darwin"
    assert f.package("torchvision").version == "0.8.0.dev20200804"
    assert f.nvidia.driver_version is None and f.nvidia.gpus == []
    assert any("could not import torch" in n for n in result.summary.unmapped)


def test_macos_cpu_build_with_a_wrapped_python_line():
    f = read("collect_env-macos-wrapped.txt").facts
    assert (f.torch.version, f.torch.status, f.torch.cuda, f.torch.hip) == ("2.2.2", "ok", None, None)
    assert f.torch.cuda_available is False
    assert f.python.version == "3.10.13"  # the wrapped line did not end the dump
    assert f.host.os == "Darwin" and f.host.distro == "macOS 14.5"
    assert f.package("numpy").version == "1.26.4"
    assert f.package("onnxruntime").version == "1.19.2"


def test_lines_run_together_in_a_paste_are_read_apart():
    f = read("collect_env-cpu-collapsed-lines.txt").facts
    assert f.python.version == "3.12.10"
    assert f.host.kernel == "6.8.0-40-generic"
    assert (f.torch.version, f.torch.status, f.torch.cuda) == ("2.8.0.dev20250528+cpu", "ok", None)


def test_torch_1_0_on_windows_with_conda_packages():
    f = read("collect_env-1.0-windows-conda.txt").facts
    assert (f.torch.version, f.torch.cuda, f.torch.cuda_available) == ("1.0.0", "9.0", True)
    assert f.host.os == "Windows" and f.host.distro == "Microsoft Windows 10 Enterprise"
    assert f.nvidia.driver_version == "398.36"
    assert f.nvidia.gpus[0].name == "GeForce GTX 1050"
    assert f.package("torchvision").version == "0.2.2"
    assert f.distribution("torch").installer == "conda"


def test_current_format_with_several_gpus_and_rocm_line():
    text = """Collecting environment information...
PyTorch version: 2.5.1+cu124
Is debug build: False
CUDA used to build PyTorch: 12.4
ROCM used to build PyTorch: N/A

OS: Ubuntu 22.04.4 LTS (x86_64)
Python version: 3.10.12 (main, Nov  6 2024, 20:22:13) [GCC 11.4.0] (64-bit runtime)
Python platform: Linux-5.15.0-1061-azure-x86_64-with-glibc2.35
Is CUDA available: True
CUDA runtime version: 12.1.105
GPU models and configuration:
GPU 0: NVIDIA A100-SXM4-80GB
GPU 1: NVIDIA A100-SXM4-80GB

Nvidia driver version: 535.183.01
cuDNN version: Probably one of the following:
/usr/lib/x86_64-linux-gnu/libcudnn.so.8.9.0
Caching allocator config: expandable_segments:True

CPU:
Architecture:                         x86_64
Model name:                           AMD EPYC 7V12 64-Core Processor
Vulnerability Spectre v2:             Mitigation; Retpolines

Versions of relevant libraries:
[pip3] numpy==1.26.4
[pip3] torch==2.5.1+cu124
[pip3] torchvision==0.20.1+cu124
[conda] Could not collect
Traceback (most recent call last):
"""
    result = ingest_text(text)
    f = result.facts
    assert [(g.index, g.name) for g in f.nvidia.gpus] == [(0, "NVIDIA A100-SXM4-80GB"), (1, "NVIDIA A100-SXM4-80GB")]
    assert f.torch.cuda == "12.4" and f.cuda.nvcc_version == "12.1"
    assert f.host.kernel == "5.15.0-1061-azure"
    assert f.env.pytorch_cuda_alloc_conf == "expandable_segments:True"
    assert f.torch.cudnn_version is None  # files on disk are not the cuDNN torch loads
    assert f.package("torchvision").version == "0.20.1+cu124"
    [part] = [p for p in result.summary.parts if p.kind == "collect_env"]
    assert part.last_line == 30  # the dump ends at the libraries list, not at the traceback


# collect_env prints a None torch.version.cuda as "Could not collect" whenever a driver or GPU was found (it writes
# "None" only when none was): with a driver present, "Could not collect" is a CPU build, unless a ROCm version follows.
_CPU_BUILD_WITH_DRIVER = """Collecting environment information...
PyTorch version: 2.2.2
Is debug build: False
CUDA used to build PyTorch: Could not collect
ROCM used to build PyTorch: N/A

OS: Microsoft Windows 11 Education
Is CUDA available: False
CUDA runtime version: 12.4.99
GPU models and configuration: GPU 0: NVIDIA GeForce RTX 4080 Laptop GPU
Nvidia driver version: 551.86
"""


def test_could_not_collect_beside_a_driver_is_a_cpu_build():
    f = ingest_text(_CPU_BUILD_WITH_DRIVER).facts
    assert (f.torch.version, f.torch.status, f.torch.cuda) == ("2.2.2", "ok", None)
    assert f.nvidia.driver_version == "551.86"


def test_could_not_collect_beside_a_rocm_version_is_not_read_as_a_cpu_build():
    text = _CPU_BUILD_WITH_DRIVER.replace("ROCM used to build PyTorch: N/A", "ROCM used to build PyTorch: 6.0.32830")
    f = ingest_text(text).facts
    assert f.torch.status is None  # neither a CUDA nor a CPU build is claimed


def test_the_conda_cpu_build_report_on_the_dev_split():
    from yolodoctor.ingest import ingest_path
    from yolodoctor.ingest.check_from import build_pasted_report
    from yolodoctor.report.check_report import CheckOptions

    result = ingest_path(str(Path(__file__).parent / "fixtures" / "reports"
                             / "1938-pytorch-122924-conda-env-torch-222-no-cuda-build.txt"))
    findings = build_pasted_report(result, CheckOptions()).document["findings"]
    assert findings[0]["category"] == "torch_cpu_only"
