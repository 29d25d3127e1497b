"""Compiled torch extensions and GPU architectures, seventeenth round: torch's list of built architectures pasted
alone, CUTLASS's "is for smXX-smYY, but was built for smZZ", a Windows SDK header MSVC cannot open, torch headers that
need a newer C++ standard, ninja failing on an object of flash-attn and its family, a double-quoted nvcc path, and
"no kernel image" followed by a sentence naming the extension. Small pastes written here, with ones each must not fire
on, through the same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_findings, report_categories, signal_ids


def first(text: str) -> tuple[str, str]:
    findings = check_findings(text)
    assert findings, "nothing found"
    return findings[0]["category"], findings[0]["id"]


# ---- torch's architecture list pasted without the line before it ------------------------------------------------

@pytest.mark.parametrize("text", [
    "When trying to use a Nvidia RTX A6000 we get this error message:\n"
    "The current PyTorch install supports CUDA capabilities sm_37 sm_50 sm_60 sm_70.\n",
    "The current PyTorch install supports CUDA capabilities sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_90 compute_37.\n",
])
def test_torch_arch_list_line_alone_is_an_unsupported_gpu(text):
    assert first(text) == ("gpu_arch_unsupported", "torch-supported-arch-list-line")


@pytest.mark.parametrize("text", [
    # the architectures torch has, printed by get_arch_list(), not by the warning
    ">>> torch.cuda.get_arch_list()\n['sm_50', 'sm_60', 'sm_70', 'sm_75', 'sm_80', 'sm_86', 'sm_90']\n",
    "PyTorch supports CUDA capabilities sm_70 and newer in this release.\n",
])
def test_arch_lists_that_are_not_the_warning(text):
    assert "torch-supported-arch-list-line" not in signal_ids(text)


# ---- CUTLASS: a kernel built for an older architecture ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Enabling xformers in the code gives:\n\n"
    "FATAL: kernel `fmha_cutlassF_f32_aligned_32x128_gmem_sm80` is for sm80-sm90, but was built for sm70\n",
    "FATAL: kernel fmha_cutlassF_f16_aligned_64x128_rf_sm80 is for sm80-sm100, but was built for sm75.\n"
    "  File \"/venv/lib/python3.10/site-packages/xformers/ops/fmha/cutlass.py\", line 175, in apply\n",
])
def test_cutlass_kernel_built_for_an_older_sm_in_xformers(text):
    assert first(text) == ("flash_attn_arch", "xformers-cutlass-kernel-built-for-older-sm")


@pytest.mark.parametrize("text", [
    # torch's own memory-efficient attention: xFormers not named, or said not to be installed
    "FATAL: kernel `fmha_cutlassF_f32_aligned_64x64_rf_sm80` is for sm80-sm100, but was built for sm37\n",
    "xformers: NOT installed in the environment.\n"
    "FATAL: kernel 'fmha_cutlassF_f32_aligned_32x128_gmem_sm80' is for sm80-sm100, but was built for sm121\n"
    "Since xformers is not installed, the kernel must come from the torch wheel.\n",
])
def test_cutlass_kernel_built_for_an_older_sm_in_torch(text):
    assert first(text) == ("gpu_arch_unsupported", "cutlass-kernel-built-for-older-sm")


@pytest.mark.parametrize("text", [
    # a build log naming the architectures, and prose
    "-gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90\n",
    "The wheel was built for sm80 but my card is sm75.\n",
])
def test_build_words_that_are_not_the_cutlass_guard(text):
    ids = signal_ids(text)
    assert "cutlass-kernel-built-for-older-sm" not in ids and "xformers-cutlass-kernel-built-for-older-sm" not in ids


def test_torch_warning_ranks_before_the_cutlass_guard():
    text = ("NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the current PyTorch installation.\n"
            "FATAL: kernel `fmha_cutlassF_f32_aligned_64x64_rf_sm80` is for sm80-sm100, but was built for sm37\n")
    assert check_findings(text)[0]["category"] == "gpu_arch_unsupported"


# ---- MSVC: a Windows SDK header missing ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "E:/Microsoft Visual Studio/VC/Tools/MSVC/14.29.30133/include\\crtdefs.h(10): fatal error C1083: "
    "Cannot open include file: 'corecrt.h': No such file or directory\n",
    "Now the build fails with: Cannot open include file: 'signal.h': No such file or directory\n",
    "C:\\VS\\VC\\Tools\\MSVC\\14.41.34120\\include\\yvals.h(20): fatal error C1083: Cannot open include file: "
    "'crtdbg.h': No such file or directory\n",
    'crtdefs.h(10): fatal error C1083: 无法打开包括文件: "corecrt.h": No such file or directory\n',
])
def test_msvc_windows_sdk_header_missing(text):
    assert first(text) == ("flash_attn_build", "msvc-windows-sdk-header-missing")


@pytest.mark.parametrize("text", [
    # a CUDA or Python header: the toolkit or the Python install, not the Windows SDK
    "fatal error C1083: Cannot open include file: 'cuda_runtime.h': No such file or directory\n",
    "fatal error C1083: Cannot open include file: 'Python.h': No such file or directory\n",
    # gcc's wording on Linux
    "fatal error: signal.h: No such file or directory\n",
])
def test_other_missing_headers_are_not_the_windows_sdk(text):
    assert "msvc-windows-sdk-header-missing" not in signal_ids(text)


def test_sdk_header_outranks_the_build_summary():
    text = ("crtdefs.h(10): fatal error C1083: Cannot open include file: 'corecrt.h': No such file or directory\n"
            "error: command 'C:\\\\Program Files\\\\NVIDIA GPU Computing Toolkit\\\\CUDA\\\\v10.2\\\\bin\\\\nvcc.exe' "
            "failed with exit code 2\n")
    assert check_findings(text)[0]["category"] == "flash_attn_build"


# ---- torch's headers need a newer C++ standard ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "torch/include/c10/util/C++17.h:27:2: error: #error You need C++17 to compile PyTorch\n",
    "c10/util/C++17.h:24:2: error: #error You need C++14 to compile PyTorch\n",
])
def test_torch_headers_need_newer_cxx(text):
    assert first(text) == ("flash_attn_build", "torch-headers-need-newer-cxx-standard")


@pytest.mark.parametrize("text", [
    "set(CMAKE_CXX_STANDARD 17) # you need C++17 to build this project\n",
    "PyTorch 2.1 needs C++17 to compile extensions.\n",
])
def test_cxx_standard_words_that_are_not_the_error(text):
    assert "torch-headers-need-newer-cxx-standard" not in signal_ids(text)


# ---- ninja failed on an object of flash-attn and its family --------------------------------------------------------

@pytest.mark.parametrize("text", [
    "      FAILED: /tmp/pip-install-twax7067/flash-attn_c47cb9fa/build/temp.linux-x86_64-cpython-312/csrc/flash_attn/"
    "src/flash_bwd_hdim192_fp16_causal_sm80.o\n",
    "FAILED: /tmp/pip-install-x/causal-conv1d_1234/build/temp.linux-x86_64-cpython-310/csrc/causal_conv1d_fwd.o\n",
])
def test_ninja_failed_on_an_attention_extension_object(text):
    assert first(text) == ("flash_attn_build", "attention-extension-object-compile-failed")


@pytest.mark.parametrize("text", [
    # an object of another extension, and ninja's summary of a flash-attn build that did not fail
    "FAILED: /home/u/mmcv/build/temp.linux-x86_64-cpython-38/mmcv/ops/csrc/pytorch/nms.o\n",
    "[12/85] /usr/local/cuda/bin/nvcc -c csrc/flash_attn/src/flash_fwd_hdim64_fp16_sm80.cu -o build/flash_fwd.o\n",
    "FAILED tests/test_flash_attn.py::test_flash_attn_output - AssertionError\n",
])
def test_other_failures_are_not_an_attention_extension_object(text):
    assert "attention-extension-object-compile-failed" not in signal_ids(text)


def test_ram_kill_outranks_the_failed_object():
    text = ("FAILED: /tmp/pip-install-q/flash-attn_9/build/temp.linux-x86_64-cpython-310/csrc/flash_attn/src/"
            "flash_fwd_hdim128_bf16_sm80.o\n"
            "Killed\n"
            "ninja: build stopped: subcommand failed.\n"
            "The machine has 16 GB of RAM and 32 cores.\n")
    assert check_findings(text)[0]["id"] != "attention-extension-object-compile-failed"


# ---- a double-quoted nvcc path ---------------------------------------------------------------------------------------

def test_double_quoted_nvcc_path():
    text = ("unable to execute \"'/usr/local/cuda'/bin/nvcc\": No such file or directory\n"
            "error: command \"'/usr/local/cuda'/bin/nvcc\" failed with exit status 1\n")
    assert first(text) == ("cuda_home_nvcc", "nvcc-path-invalid")


# ---- "no kernel image", then a sentence naming the extension -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n\n"
    "The plain webui works, the error appears once xformers is enabled.\n",
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n\n"
    "The card is a Tesla P40: is it that mamba_ssm/ops/selective_scan_interface.py has no CUDA kernel built for it?\n",
    "After enabling xformers I get:\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
])
def test_no_kernel_image_with_the_extension_named_after(text):
    assert first(text) == ("flash_attn_arch", "extension-named-then-no-kernel-image")


@pytest.mark.parametrize("text", [
    # the extension named, but as what was removed or what works
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n\n"
    "I uninstalled xformers and it still happens.\n",
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n\n"
    "xformers works fine on my other machine.\n",
])
def test_no_kernel_image_with_the_extension_named_otherwise(text):
    assert "extension-named-then-no-kernel-image" not in [f["id"] for f in check_findings(text)]


# ---- dev reports of each -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("12310-fedbiomed-464-rtx-a6000-torch-sm37-sm70.txt", "gpu_arch_unsupported"),
    ("12332-ballonstranslator-1148-fmha-built-for-sm37-ocr.txt", "gpu_arch_unsupported"),
    ("12333-dgx-spark-config-5-custom-torch-fmha-sm121.txt", "gpu_arch_unsupported"),
    ("12309-xformers-692-cutlass-sm80-built-for-sm70-a100.txt", "flash_attn_arch"),
    ("12317-pytorch3d-1566-vs2019-corecrt-h-missing.txt", "flash_attn_build"),
    ("12318-pytorch3d-1226-windows-signal-h-missing.txt", "flash_attn_build"),
    ("12320-genefacepp-31-you-need-cxx17.txt", "flash_attn_build"),
    ("12313-radial-attention-10-flash-attn-wheel-nvcc-failed.txt", "flash_attn_build"),
    ("12326-alphapose-765-unable-to-execute-nvcc.txt", "cuda_home_nvcc"),
    ("12301-sd-webui-2039-xformers-wheel-30-series-only.txt", "flash_attn_arch"),
    ("12330-mambaad-18-tesla-p40-selective-scan-no-kernel.txt", "flash_attn_arch"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[0] == category
