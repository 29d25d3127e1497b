"""The twenty-first round's readers: linking against CUDA (a library the linker cannot find, a runtime function an
older toolkit lacks), a Python older than any with wheels on Apple silicon, a release minutes old, a GPU the driver
branch dropped, an Intel Python on Apple silicon, a device torch has no backend for, Triton's and FP8 kernels' GPU
floors, installer nouns said "not found", ai-edge-litert's platforms. Each paste is written for the mechanism, with
pastes it must leave alone."""

from __future__ import annotations

import pytest

from tests.pasted import check_categories, check_findings, signal_ids


# ---- ld: cannot find -lcuda ----------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "/usr/bin/ld: cannot find -lcuda",
    "/usr/bin/ld: cannot find -lcudart: No such file or directory",
    "collect2: error: ld returned 1 exit status ... x86_64-conda-linux-gnu/bin/ld: cannot find -lcublas",
])
def test_a_cuda_library_the_linker_cannot_find_is_a_missing_library(line):
    paste = f"python setup.py install\ng++ -shared build/temp/bindings.o -L/usr/local/cuda/lib64 -lcudart\n{line}\n" \
            "error: command '/usr/bin/g++' failed with exit code 1"
    assert "linker-cannot-find-cuda-library" in signal_ids(paste)
    assert check_categories(paste)[0] == "cuda_lib_missing"


@pytest.mark.parametrize("line", [
    "/usr/bin/ld: cannot find -lpython3.8",  # not a CUDA library
    "/usr/bin/ld: cannot find -lGL",
    "ImportError: libcuda.so.1: cannot open shared object file: No such file or directory",  # the loader, not ld
])
def test_other_libraries_and_the_loader_are_left_alone(line):
    assert "linker-cannot-find-cuda-library" not in signal_ids(f"make\n{line}\n")


# ---- undefined reference to `cuda...@libcudart.so.N` -----------------------------------------------------------

def test_a_runtime_function_missing_at_link_time_is_the_toolkit():
    paste = """set(CMAKE_CUDA_COMPILER "/opt/cuda-11.7/bin/nvcc")
[100%] Linking CXX executable example-app
/usr/bin/ld: libtorch/lib/libtorch_cuda.so: undefined reference to `cudaLaunchKernelExC@libcudart.so.11.0'
collect2: error: ld returned 1 exit status"""
    findings = check_findings(paste)
    assert findings[0]["id"] == "link-undefined-cuda-runtime-symbol"
    assert findings[0]["category"] == "cuda_home_nvcc"
    assert "cuda_lib_missing" in [f["category"] for f in findings[1:3]]


@pytest.mark.parametrize("line", [
    # the loader at import time: another message, another cause
    "ImportError: /usr/lib/libfoo.so: undefined symbol: cudaLaunchKernelExC, version libcudart.so.11.0",
    # not a CUDA runtime function
    "undefined reference to `omp_get_num_threads@OMP_1.0'",
])
def test_other_undefined_references_are_left_alone(line):
    assert "link-undefined-cuda-runtime-symbol" not in signal_ids(f"{line}\n")


# ---- a Python older than any with wheels on Apple silicon ----------------------------------------------------------

_EMPTY = """ERROR: Could not find a version that satisfies the requirement onnxruntime (from versions: none)
ERROR: No matching distribution found for onnxruntime"""


def test_python_37_on_apple_silicon_is_the_python():
    paste = f"pip install onnxruntime in a pyenv environment (Python 3.7.16) on a MacBook with an M1 chip fails:\n{_EMPTY}"
    findings = check_findings(paste)
    assert findings[0]["category"] == "python_unsupported"
    assert "3.7" in findings[0]["title"] and "Apple silicon" in findings[0]["title"]


@pytest.mark.parametrize("where", [
    "pip install onnxruntime with Python 3.10 on a MacBook with an M1 chip fails:",  # a Python with arm64 wheels
    "pip install onnxruntime with Python 3.7 on an Intel MacBook Pro (macOS 12) fails:",  # not Apple silicon
])
def test_a_python_with_wheels_or_an_intel_mac_stays_the_platform(where):
    assert check_categories(f"{where}\n{_EMPTY}")[0] == "pip_index"


def test_torch_is_left_to_its_own_tables():
    paste = """Python 3.7 on a Mac M1
ERROR: Could not find a version that satisfies the requirement torch==2.1.0 (from versions: none)
ERROR: No matching distribution found for torch==2.1.0"""
    assert not any("Apple silicon (macOS arm64): packages publish" in f["title"] for f in check_findings(paste))


# ---- a release published minutes or hours ago ------------------------------------------------------------------

_NOT_FOUND = "ERROR: Could not find a version that satisfies the requirement dagster==1.7.3\n" \
             "ERROR: No matching distribution found for dagster==1.7.3"


@pytest.mark.parametrize("words", [
    "Newly released package unavailable to pip install more than an hour after it was released",
    "We just published 1.7.3 but it is not available to pip yet",
    "1.7.3 was uploaded to PyPI 20 minutes ago and pip cannot find it",
    "The release went live on PyPI about an hour ago",
])
def test_a_release_said_to_be_minutes_old_is_the_index(words):
    paste = f"{words}\n{_NOT_FOUND}"
    assert "pypi-new-release-not-yet-served" in signal_ids(paste)
    assert check_categories(paste)[0] == "pip_index"


@pytest.mark.parametrize("words", [
    "The newly released YOLO26 weights are not found by ultralytics 8.3.0",  # not an index
    "The just released RTX 5090 is not available in torch",
    "torch 2.0 was released on PyPI years ago",
    "I released my fork 3 hours ago on GitHub",
])
def test_other_news_is_left_alone(words):
    assert "pypi-new-release-not-yet-served" not in signal_ids(f"{words}\n")


# ---- the kernel module ignores a GPU its branch dropped ---------------------------------------------------------

def test_a_gpu_the_driver_branch_dropped_is_not_visible():
    paste = """$ sudo dmesg | grep NVRM
[   12.3] NVRM: The NVIDIA GeForce GTX 1080 GPU installed in this system is
          NVRM:  supported through the NVIDIA 580.xx Legacy drivers. Please
          NVRM:  visit http://www.nvidia.com/object/unix.html for more
          NVRM:  information.  The 590.44.01 NVIDIA driver will ignore
          NVRM:  this GPU.  Continuing probe...
[   12.3] NVRM: No NVIDIA GPU found."""
    findings = check_findings(paste)
    assert findings[0]["id"] == "nvrm-gpu-needs-legacy-driver"
    assert findings[0]["category"] == "gpu_not_visible"


def test_legacy_words_elsewhere_are_left_alone():
    paste = "Should I install the legacy drivers for my old card?\nNVRM: loading NVIDIA UNIX x86_64 Kernel Module 580.95"
    assert "nvrm-gpu-needs-legacy-driver" not in signal_ids(paste)


# ---- an Intel Python under Rosetta on Apple silicon ------------------------------------------------------------

@pytest.mark.parametrize("paste", [
    "MPSAccelerator can not run on your system since the accelerator is not available.\n"
    "On this M1 Pro the platform is reported as i386 (platform.processor() output).",
    "Python platform: macOS-10.16-x86_64-i386-64bit\nIs CUDA available: False\n\nCPU:\nApple M2 Pro\n",
])
def test_an_intel_python_on_an_apple_chip_is_the_interpreter(paste):
    findings = check_findings(paste)
    assert findings[0]["id"] == "intel-python-on-apple-silicon"
    assert findings[0]["category"] == "wrong_interpreter"


@pytest.mark.parametrize("paste", [
    # an Intel Mac: x86_64 is right there
    "Python platform: macOS-12.6-x86_64-i386-64bit\n\nCPU:\nIntel(R) Core(TM) i9-9880H CPU @ 2.30GHz\n",
    # a native Python on an Apple chip
    "On my M1 Max, platform.machine() returns arm64 and MPS is available.",
])
def test_an_intel_mac_or_a_native_python_is_left_alone(paste):
    assert "intel-python-on-apple-silicon" not in signal_ids(paste)


# ---- a device torch has no backend for -------------------------------------------------------------------------

def test_a_device_torch_is_not_linked_with_is_not_a_cuda_problem():
    paste = """>>> import torch
>>> torch.zeros(2).to("xpu")
RuntimeError: PyTorch is not linked with support for xpu devices"""
    findings = check_findings(paste)
    assert findings[0]["id"] == "torch-not-linked-with-device"
    assert findings[0]["category"] == "other"


def test_cuda_has_its_own_message():
    assert "torch-not-linked-with-device" not in signal_ids("PyTorch is not linked with support for cuda devices\n")


# ---- Triton's floor of compute capability 7.0 --------------------------------------------------------------------

def test_a_gpu_below_tritons_floor_is_the_kernel_compiler():
    paste = """torch._dynamo.exc.BackendCompilerFailed: backend='inductor' raised:
RuntimeError: Found NVIDIA GeForce GTX 1080 Ti which is too old to be supported by the triton GPU compiler, which is used as the backend. Triton only supports devices of CUDA Capability >= 7.0, but your device is of CUDA capability 6.1"""
    findings = check_findings(paste)
    assert findings[0]["id"] == "triton-gpu-too-old"
    assert findings[0]["category"] == "flash_attn_arch"
    assert "gpu_arch_unsupported" in [f["category"] for f in findings[1:3]]


# ---- an installer's nouns said "not found" are not modules -------------------------------------------------------

def test_a_wheel_not_found_is_not_a_module_missing_in_another_python():
    paste = """起因: pip install -r requirements.txt 报错找不到对应版本 (torch wheel not found).
--extra-index-url https://download.pytorch.org/whl/cu114
torch==2.4.1
It installed successfully, but torch.cuda.is_available() still returns False — it is still the CPU version."""
    assert "module-missing-other-python" not in [f["id"] for f in check_findings(paste)]


# ---- ai-edge-litert (Ultralytics' TFLite export) on Windows ------------------------------------------------------

_LITERT = """ERROR: Could not find a version that satisfies the requirement ai-edge-litert>=1.2.0 (from versions: none)
ERROR: No matching distribution found for ai-edge-litert>=1.2.0"""


def test_ai_edge_litert_on_windows_is_the_platforms_gap():
    paste = f"PS C:\\\\yolo> yolo export model=yolo11n.pt format=tflite\n{_LITERT}"
    findings = check_findings(paste)
    assert findings[0]["category"] == "pip_index"
    assert "ai-edge-litert" in findings[0]["title"]


def test_ai_edge_litert_on_linux_is_left_to_the_other_judgements():
    paste = f"OS: Ubuntu 22.04 x86_64\npython: 3.14.0\n{_LITERT}"
    assert check_categories(paste)[0] == "python_unsupported"


# ---- FP8 kernels on a GPU without FP8 ----------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "ValueError: The quantization method fp8 is not supported for the current GPU. Minimum capability: 89. "
    "Current capability: 86.",
    "ValueError(\"type fp8e4nv not supported in this architecture. The supported fp8 dtypes are ('fp8e4b15', 'fp8e5')\")",
])
def test_fp8_kernels_on_an_older_gpu_are_the_kernel_library(line):
    findings = check_findings(f"python -m vllm.entrypoints.openai.api_server --model Qwen/Qwen3-8B-FP8\n{line}")
    assert findings[0]["id"] == "fp8-kernels-need-newer-gpu"
    assert findings[0]["category"] == "flash_attn_arch"


def test_other_quantization_words_are_left_alone():
    assert "fp8-kernels-need-newer-gpu" not in signal_ids("Loading weights with quantization method awq (fp8 kv cache)\n")
