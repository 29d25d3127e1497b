"""Compiled torch extensions, fifteenth round: the setup.py notice that no prebuilt wheel fits and a source build
begins (flash-attn, mamba-ssm, causal-conv1d), gcc without the C++17 <filesystem> header, xformers' operators that
refuse a GPU older than Ampere, ptxas refusing bf16 below sm_80, and the failure to install an extension with the
versions named beside it. Small pastes written here, with ones each must not fire on, through the same pipeline as
`check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- no prebuilt wheel: the source build begins --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "      Guessing wheel URL:  https://github.com/Dao-AILab/flash-attention/releases/download/v2.7.4.post1/"
    "flash_attn-2.7.4.post1+cu12torch2.4cxx11abiFALSE-cp39-cp39-win_amd64.whl\n"
    "      Precompiled wheel not found. Building from source...\n      running build\n",
    "Guessing wheel URL:  https://github.com/state-spaces/mamba/releases/download/v2.2.2/"
    "mamba_ssm-2.2.2+cu122torch2.5cxx11abiTRUE-cp310-cp310-linux_x86_64.whl\n"
    "Precompiled wheel not found. Building from source...\n",
    "precompiled wheel not found.  building from source",
])
def test_no_precompiled_wheel_is_the_extension_build(text):
    assert "extension-precompiled-wheel-not-found" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # a wheel was found and downloaded
    "Guessing wheel URL:  https://github.com/Dao-AILab/flash-attention/releases/download/v2.5.8/x.whl\n"
    "Raw wheel path /tmp/x.whl\n",
    "The precompiled wheel was found and installed.",
])
def test_a_found_wheel_is_not_the_source_build(text):
    assert "extension-precompiled-wheel-not-found" not in signal_ids(text)


def test_a_cuda_mismatch_beside_the_notice_ranks_first():
    text = ("Precompiled wheel not found. Building from source...\n"
            "RuntimeError:\nThe detected CUDA version (11.8) mismatches the version that was used to compile\n"
            "PyTorch (12.1). Please make sure to use the same CUDA versions.\n")
    assert check_categories(text)[:1] == ["cuda_home_nvcc"]


# ---- gcc without <filesystem> ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "tiny-cuda-nn/dependencies/json/json.hpp:3954:14: fatal error: filesystem: No such file or directory",
    "/src/json.hpp:3954:14: fatal error: filesystem: 没有那个文件或目录",
])
def test_a_compiler_without_filesystem_is_the_extension_build(text):
    assert "extension-build-compiler-lacks-filesystem" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "fatal error: cuda_runtime.h: No such file or directory",
    "OSError: [Errno 2] No such file or directory: '/data/filesystem'",
    "The filesystem: ext4, mounted read-only",
])
def test_other_missing_files_are_not_the_old_compiler(text):
    assert "extension-build-compiler-lacks-filesystem" not in signal_ids(text)


# ---- xformers' operators refuse a pre-Ampere GPU -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "`flshattF@v2.5.7` is not supported because:\n"
    "    requires device with capability > (8, 0) but your GPU has capability (7, 0) (too old)\n",
    "`flshattF` is not supported because:\n    requires a GPU with compute capability > 7.5\n",
    "`cutlassF` is not supported because:\n    bf16 is only supported on A100+ GPUs\n",
    "requires device with capability > (7, 5) but your GPU has capability (6, 1) (too old)",
])
def test_xformers_refusing_an_old_gpu_is_the_attention_arch(text):
    assert "xformers-flash-operator-gpu-too-old" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("text", [
    # an Ampere/Ada GPU "too old" only for FlashAttention 3: another operator should run, the cause is elsewhere
    "`fa3F@0.0.0` is not supported because:\n"
    "    requires device with capability > (9, 0) but your GPU has capability (8, 6) (too old)\n",
    "requires device with capability > (8, 0) but your GPU has capability (8, 9) (too old)",
    # too new is not too old
    "requires device with capability < (8, 0) but your GPU has capability (12, 0) (too new)",
    "bf16 is supported on this GPU",
])
def test_a_new_enough_gpu_is_not_the_attention_arch(text):
    assert "xformers-flash-operator-gpu-too-old" not in signal_ids(text)


# ---- ptxas refuses bf16 below sm_80 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ptxas /tmp/tmp9g26w16j.ptx, line 471; error   : Feature '.bf16' requires .target sm_80 or higher",
    "error : Feature 'cvt with .f32.bf16' requires .target sm_80 or higher",
    "'.bf16' requires .target sm_80 or higher - Error -",
])
def test_bf16_below_sm80_is_the_attention_arch(text):
    assert "ptxas-bf16-needs-sm80" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("text", [
    "ptxas fatal   : Value 'sm_120' is not defined for option 'gpu-name'",
    "Feature '.bf16' is supported on sm_80",
    "ptxas /tmp/x.ptx, line 5; fatal   : Unsupported .version 7.3; current version is '7.2'",
])
def test_other_ptxas_lines_are_not_bf16_arch(text):
    assert "ptxas-bf16-needs-sm80" not in signal_ids(text)


# ---- an extension that fails to install with the versions named -----------------------------------------------------

@pytest.mark.parametrize("text", [
    "Unable to install `mamba-ssm` on Linux with CUDA 12.1 and PyTorch 2.5.1",
    "causal-conv1d failed to build for CUDA 12.4",
    "pytorch3d 0.7.5 fails to install with torch 2.4",
    "can't compile xformers for python 3.12",
])
def test_an_extension_failing_with_versions_is_the_extension_build(text):
    assert "extension-install-fails-with-versions-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "failed to install mamba-ssm with pip",
    "I could not install xformers",
    "Unable to install torch with CUDA 12.1",
    "mamba-ssm installed fine with CUDA 12.1",
])
def test_no_extension_or_no_versions_is_not_it(text):
    assert "extension-install-fails-with-versions-words" not in signal_ids(text)


# ---- dev reports ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("10312-tiny-cuda-nn-385-filesystem-header.txt", "flash_attn_build"),
    ("10316-mamba-634-no-wheel-torch-2-5-1.txt", "flash_attn_build"),
    ("10320-flash-attention-1684-windows-no-wheel.txt", "flash_attn_build"),
    ("10324-flash-attention-1418-no-wheel-build.txt", "flash_attn_build"),
    ("10328-xformers-891-v100-flshattf.txt", "flash_attn_arch"),
    ("10329-charactergen-18-v100-xformers-bf16.txt", "flash_attn_arch"),
    ("10330-sageattention-63-t4-bf16-sm80.txt", "flash_attn_arch"),
    ("10331-wan2gp-104-t4-sage-bf16.txt", "flash_attn_arch"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[:1] == [category]
