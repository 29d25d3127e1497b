"""Compiled torch extensions, fourteenth round: the missing prebuilt build in other words than "no wheel" (a
pre-built package that does not exist, a question for one, "mmcv-full for cuda10.0+torch1.6", "cuda12.1 can not
install pytorch3d", a request for wheels that include the compiled CUDA extensions), pytorch3d's wheel folder tags,
the pip build failure of the extension's neighbours (pytorch3d, mmcv-full, apex...), the compiled module a package
says it lacks ('cannot import name csrc'), ninja said to be missing, SageAttention 2 / FlashAttention 2 asked of a
pre-Ampere GPU, an extension named beside "no kernel image", and an extension's undefined symbol retyped without its
colon. Small pastes written here, with ones
each must not fire on, through the same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- the missing prebuilt build, in other words --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "mmcv 1.4.2 windows pre-built package doesnt exist for cuda11.3, torch1.10.0, python3.9",
    "the pytorch3d prebuilt binaries are not available for torch 2.2",
    "Is there an mmcv-full package for these combinations? I could not find one.",
    "Is there any prebuilt xformers wheel for torch 2.5.1?",
    "mmcv-full for cuda10.0+torch1.6 or cuda11.0+torch1.8",
    "cuda12.1 can not install pytorch3d",
    "I can't install detectron2 with cuda 12.4",
    "I would like this configuration to be available as a pre-built wheel that includes the compiled CUDA extensions:",
])
def test_a_missing_prebuilt_build_in_other_words_is_the_extension_build(text):
    assert "extension-prebuilt-missing-other-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # the prebuilt package exists and installed
    "the mmcv-full pre-built package for cu113 installed fine",
    # torch itself, no extension named
    "is there a package for torch 2.1 with cuda 12.1?",
    "cuda12.1 can not install torch",
    # an extension asked about, not its build
    "Is there an xformers option for memory efficient attention?",
    # a pre-built wheel of something that is no extension
    "a pre-built wheel with the numpy headers",
])
def test_other_packages_and_working_builds_are_not_a_missing_prebuilt_build(text):
    assert "extension-prebuilt-missing-other-words" not in signal_ids(text)


# ---- pytorch3d's wheel folder tag -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Could you please make the wheel for `py310_cu116_pyt1121` available?",
    ">>> version_str\n'py311_cu121_pyt210'",
    "pip install --no-index --no-cache-dir pytorch3d -f https://dl.fbaipublicfiles.com/pytorch3d/packaging/wheels/py39_cu111_pyt190/download.html",
])
def test_a_pytorch3d_wheel_tag_is_the_extension_build(text):
    assert "pytorch3d-wheel-tag-named" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "torch 2.1.0 py311_cu121 build",
    "site-packages/foo_py310_cu116_pyt1121.so",
    "mmcv-full==1.7.0+cu117torch2.0",
])
def test_other_build_tags_are_not_a_pytorch3d_wheel_tag(text):
    assert "pytorch3d-wheel-tag-named" not in signal_ids(text)


# ---- pip's failed build of the extension's neighbours ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "  ERROR: Failed building wheel for mmcv-full",
    "  ERROR: Failed building wheel for apex\nFailed to build apex",
    "ERROR: Could not build wheels for pytorch3d, which is required to install pyproject.toml-based projects",
    "  ERROR: Failed building wheel for diff-gaussian-rasterization",
])
def test_a_failed_build_of_a_neighbour_extension_is_the_extension_build(text):
    assert "attention-extension-build-failed" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


def test_a_failed_build_of_another_package_is_not_it():
    assert "attention-extension-build-failed" not in signal_ids("  ERROR: Failed building wheel for pycocotools")


# ---- the compiled module the package lacks --------------------------------------------------------------------------

def test_a_package_without_its_compiled_csrc_module_is_the_extension_build():
    text = ("ImportError: cannot import name 'csrc' from 'gsplat' "
            "(/home/u/envs/g/lib/python3.11/site-packages/gsplat/__init__.py)")
    assert "extension-compiled-module-absent" in signal_ids(text)
    assert "python-package-release-skew" not in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


def test_the_missing_compiler_behind_the_csrc_fallback_ranks_first():
    text = ("UserWarning: Error checking compiler version for cl: [WinError 2] The system cannot find the file specified\n"
            "ImportError: cannot import name 'csrc' from 'gsplat' (C:\\env\\lib\\site-packages\\gsplat\\__init__.py)\n"
            "subprocess.CalledProcessError: Command '['where', 'cl']' returned non-zero exit status 1.")
    ids = signal_ids(text)
    assert "extension-build-no-msvc" in ids and "extension-compiled-module-absent" in ids
    assert check_categories(text)[:1] == ["flash_attn_build"]


def test_another_missing_name_is_still_a_release_skew():
    text = "ImportError: cannot import name 'rasterization' from 'gsplat' (/x/gsplat/__init__.py)"
    assert "extension-compiled-module-absent" not in signal_ids(text)
    assert "python-package-release-skew" in signal_ids(text)


# ---- ninja said to be missing ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The custom CUDA extensions may be uncompatible with PyTorch 1.10.0, possible missing dependency `ninja`",
    "ninja is not installed in this venv",
    "the build needs ninja",
    "compiling without ninja takes hours",
])
def test_ninja_said_missing_is_the_extension_build(text):
    assert "ninja-missing-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "ninja: build stopped: subcommand failed.",
    "Allowing ninja to set a default number of workers... (overridable by setting the environment variable MAX_JOBS=N)",
    "ninja 1.11.1 is installed",
])
def test_ninja_that_ran_is_not_missing(text):
    assert "ninja-missing-words" not in signal_ids(text)


# ---- SageAttention 2 / FlashAttention 2 on a pre-Ampere GPU ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "sageatt 2.2 on 2060",
    "Or do you have wheels of the forked SageAttention 2 that run on a 2060?",
    "FlashAttention 2 on my V100 does not work",
    "my RTX 2080 Ti with flash-attn 2.5.8",
])
def test_an_sm80_library_on_an_older_gpu_is_the_extension_arch(text):
    assert "sm80-kernels-on-older-gpu-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("text", [
    "SageAttention 1 on my RTX 2060 works",
    "sageattention 2.2 on the RTX 4090",
    "flash-attn 2.5.8 on A100",
    "sage attention 2 on 5090",
])
def test_older_libraries_and_newer_gpus_are_not_it(text):
    assert "sm80-kernels-on-older-gpu-words" not in signal_ids(text)


# ---- an extension's undefined symbol retyped without the colon ------------------------------------------------------

def test_an_extension_undefined_symbol_without_its_colon_is_the_extension_abi():
    text = "ImportError: causal_conv1d_cuda.cpython-310-x86_64-linux-gnu.so undefined symbol"
    assert "extension-undefined-torch-symbol" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_abi"]


# ---- an extension named, then no kernel image -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Using mamba I get:\n\nCUDA error: no kernel image is available for execution on the device",
    "RuntimeError: CUDA error: no kernel image is available for execution on the device when running causal-conv1d",
])
def test_an_extension_named_beside_no_kernel_image_is_the_extension_arch(text):
    assert "extension-named-then-no-kernel-image" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_arch"]


def test_no_kernel_image_with_no_extension_named_stays_the_gpu_architecture():
    text = "Using the GPU I get:\nRuntimeError: CUDA error: no kernel image is available for execution on the device"
    assert "extension-named-then-no-kernel-image" not in signal_ids(text)
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


def test_torch_without_the_gpu_architecture_ranks_before_the_extension():
    text = ("NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the current PyTorch "
            "installation.\nUsing xformers I get:\nRuntimeError: CUDA error: no kernel image is available for "
            "execution on the device")
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


# ---- dev reports ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("9321-pytorch3d-1568-cuda121-cannot-install.txt", "flash_attn_build"),
    ("9322-pytorch3d-1615-wheel-request-py310-cu116-pyt1121.txt", "flash_attn_build"),
    ("9324-pytorch3d-1780-where-to-find-prebuilt-wheels.txt", "flash_attn_build"),
    ("9327-gsplat-821-prebuilt-wheel-py311-cu128-torch271.txt", "flash_attn_build"),
    ("9328-nerfstudio-3003-gsplat-where-cl-windows.txt", "flash_attn_build"),
    ("9331-mmcv-1615-windows-wheel-missing-cu113-torch1100.txt", "flash_attn_build"),
    ("9332-mmcv-904-mmcv-full-cuda100-torch16.txt", "flash_attn_build"),
    ("9333-track-anything-108-mmcv-full-torch210-cu121.txt", "flash_attn_build"),
    ("9334-gsplat-199-ninja-missing-jit-build.txt", "flash_attn_build"),
    ("9335-directvoxgo-9-colab-ninja-missing-extension.txt", "flash_attn_build"),
    ("9342-mamba-28-causal-conv1d-cuda-undefined-symbol.txt", "flash_attn_abi"),
    ("9361-sageattention-fork-20-sage22-on-rtx2060.txt", "flash_attn_arch"),
    ("9365-mamba-267-quadro-gp100-no-kernel-image.txt", "flash_attn_arch"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[:1] == [category]
