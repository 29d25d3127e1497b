"""Compiled torch extensions and GPU architectures, sixteenth round: a cuDNN kernel failure on a GPU newer than the
CUDA torch was built with (the GPU named by its series alone, torch's CUDA read from a wheel's tag or from the
newest build of the release named), a torch extension binary that needs a C++ standard library symbol, and
SageAttention 2 named beside a Turing GPU. Small pastes written here, with ones each must not fire on, through the
same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids

from yolodoctor.ingest.cudnn_gpu_newer_than_build import series_capability, torch_cuda


# ---- a cuDNN kernel failure on a GPU newer than torch's CUDA --------------------------------------------------------

@pytest.mark.parametrize("text", [
    # the GPU by its model, torch named by its release only (no build of torch 1.4 is newer than CUDA 10.1)
    "RuntimeError: cuDNN error: CUDNN_STATUS_EXECUTION_FAILED\nI'm using an RTX 3090 with pytorch 1.4.0 and CUDA 10.1\n",
    # the series alone
    "RuntimeError: cuDNN error: CUDNN_STATUS_EXECUTION_FAILED\nmy 30 series card, torch 1.5.1\n",
    "RuntimeError: cuDNN error: CUDNN_STATUS_MAPPING_ERROR\n显卡是30系的, pytorch 1.2\n",
    # torch's CUDA from the wheel the reporter installed
    "pip install https://download.pytorch.org/whl/cu91/torch-0.3.1-cp36-cp36m-linux_x86_64.whl\n"
    "RuntimeError: CUDNN_STATUS_EXECUTION_FAILED\nThe GPU is a GeForce RTX card.\n",
    "pip install torch==1.7.1+cu101\nRuntimeError: cuDNN error: CUDNN_STATUS_NOT_SUPPORTED\nGPU: RTX 40 series\n",
])
def test_cudnn_failure_on_a_gpu_newer_than_the_build(text):
    findings = check_findings(text)
    assert findings[0]["category"] == "gpu_arch_unsupported"
    assert findings[0]["id"] == "cudnn-failure-gpu-newer-than-build"
    assert "cudnn_problem" in [f["category"] for f in findings]


@pytest.mark.parametrize("text", [
    # the build's CUDA compiles for the GPU
    "RuntimeError: cuDNN error: CUDNN_STATUS_EXECUTION_FAILED\nmy RTX 3090 with torch 1.8.1+cu111\n",
    "RuntimeError: cuDNN error: CUDNN_STATUS_EXECUTION_FAILED\nmy RTX 2080 with torch 1.8.1\n",
    # a cuDNN failure of another kind: a parameter, a version check, memory
    "RuntimeError: cuDNN error: CUDNN_STATUS_ALLOC_FAILED\nmy 30 series card, torch 1.5.1\n",
    "RuntimeError: cuDNN error: CUDNN_STATUS_VERSION_MISMATCH\nRTX 40 series, pip install torch==1.7.1+cu101\n",
    # no torch CUDA to compare with, or no GPU
    "RuntimeError: cuDNN error: CUDNN_STATUS_EXECUTION_FAILED\nmy 30 series card\n",
    "RuntimeError: cuDNN error: CUDNN_STATUS_EXECUTION_FAILED\ntorch 1.4.0\n",
    # two wheels of different CUDA named in words: which one ran is not said
    "download.pytorch.org/whl/cu92/torch-1.4.0 or download.pytorch.org/whl/cu110/torch-1.7.0\n"
    "RuntimeError: cuDNN error: CUDNN_STATUS_EXECUTION_FAILED\nRTX 30 series\n",
])
def test_cudnn_failure_not_read_as_a_gpu_newer_than_the_build(text):
    assert "cudnn-failure-gpu-newer-than-build" not in [f["id"] for f in check_findings(text)]


@pytest.mark.parametrize("text, capability", [
    ("the GPU is a GeForce RTX card", (7, 5)),
    ("RTX cards, here an RTX 30 series one", (8, 6)),
    ("a 40-series laptop", (8, 9)),
    ("50系显卡", (12, 0)),
])
def test_a_gpu_series_named_without_a_model(text, capability):
    assert series_capability(text)[0] == capability


@pytest.mark.parametrize("text", [
    "Quadro RTX 4000",  # a model, not a series
    "RTX 3090",
    "the 30 series and the 40 series",  # two series: which card is not said
    "RTX 2000 Ada",
])
def test_no_gpu_series_read(text):
    assert series_capability(text) is None


def test_torch_cuda_from_the_release_when_no_build_is_said():
    class Torch:
        cuda = None
        version = "1.4.0"

    class Facts:
        torch = Torch()

    assert torch_cuda(Facts(), "")[0] == "10.1"


def test_the_dev_report_of_a_cudnn_failure_on_a_newer_gpu():
    assert report_categories("11303-p2pala-11-rtx-torch031-cudnn-execution-failed.txt")[:1] == ["gpu_arch_unsupported"]


# ---- a torch extension binary needs a C++ standard library symbol ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "ImportError: /envs/p3d/lib/python3.8/site-packages/pytorch3d/_C.cpython-38-x86_64-linux-gnu.so: "
    "undefined symbol: _ZNSt15__exception_ptr13exception_ptr9_M_addrefEv",
    "ImportError: /opt/conda/lib/python3.10/site-packages/selective_scan_cuda.cpython-310-x86_64-linux-gnu.so: "
    "undefined symbol: _ZSt28__throw_bad_array_new_lengthv",
    "ImportError: /home/u/mmcv/mmcv/_ext.cpython-39-x86_64-linux-gnu.so: undefined symbol: "
    "_ZNKSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE7compareEPKc",
])
def test_extension_needing_a_cxx_runtime_symbol(text):
    assert "extension-undefined-cxx-runtime-symbol" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_abi"]


@pytest.mark.parametrize("text", [
    # not a torch extension's binary
    "ImportError: /usr/lib/python3/dist-packages/cv2.cpython-38-x86_64-linux-gnu.so: undefined symbol: "
    "_ZNSt15__exception_ptr13exception_ptr9_M_addrefEv",
    # a torch symbol is extension-undefined-torch-symbol's
    "ImportError: /x/site-packages/pytorch3d/_C.cpython-38-x86_64-linux-gnu.so: undefined symbol: _ZN3c104cuda9SetDeviceEi",
    # libstdc++ too old, said by the loader, not an undefined symbol
    "ImportError: /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.30' not found",
])
def test_not_an_extension_needing_a_cxx_runtime_symbol(text):
    assert "extension-undefined-cxx-runtime-symbol" not in signal_ids(text)


def test_the_dev_report_of_a_cxx_runtime_symbol():
    assert report_categories("11331-pytorch3d-1921-c-undefined-exception-ptr.txt")[:1] == ["flash_attn_abi"]


# ---- SageAttention 2 on a Turing GPU --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "SAGE ATTENTION 2 - Kill the RTX 2060 (6VRAM)",
    "With my GTX 1660 Super, SageAttention 2.2 gives a black image",
    "sageattention-2.1.1 on a Tesla T4 fails",
    "Quadro RTX 4000 and sageattention v2 do not work together",
])
def test_sageattention2_on_a_turing_gpu(text):
    assert "sageattention2-on-turing-gpu-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("text", [
    "I use SageAttention 1.0.6 on my RTX 2060",  # SageAttention 1 runs on Turing
    "sageattention 2.2 on RTX 3090 works fine",  # an Ampere card
    "SageAttention 2 on a T40 machine",  # not a T4
])
def test_not_sageattention2_on_a_turing_gpu(text):
    assert "sageattention2-on-turing-gpu-in-words" not in signal_ids(text)


def test_the_dev_report_of_sageattention2_on_turing():
    assert report_categories("11320-forge-classic-1036-sageattention2-rtx2060.txt")[:1] == ["flash_attn_arch"]
