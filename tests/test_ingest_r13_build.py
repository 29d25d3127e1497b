"""Compiled torch extensions, thirteenth round: a missing wheel of flash-attn's family told in words ("there is no
xformers wheel for torch 2.6", "compile this wheel for me"), a release not yet published, a compile of a named
extension said to fail, a source build that exhausted the RAM or froze the machine, flash-attn's sm80 check and its
README's "Head dim > 64 backward requires A100", an xFormers wheel built for another Python, and an extension build
on a machine with several CUDA toolkits. Small pastes written here, with ones each must not fire on, through the same
pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- no prebuilt wheel for the extension, in words ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "There is no xformers wheel for torch 2.6.0+cu126 on Windows.",
    "Can't find the whl of torch2.6.0+cu126 version, how to compile xformers locally on windows",
    "Looking at the releases there is no win_amd64 wheel at all. Is building mamba_ssm on Windows not possible?",
    "mamba-ssm has no prebuilt wheel for torch 2.5, so pip compiles it",
    "I could not find a flash-attn wheel for cu128 and Python 3.13",
    "sageattention for cu130 torch 2.9.1 on Windows: could someone compile this wheel for me?",
])
def test_a_missing_extension_wheel_in_words_is_the_extension_build(text):
    assert "extension-no-wheel-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # pip's own wheel lines
    "  Building wheel for flash-attn (setup.py) ... done\nSuccessfully built xformers",
    "  Created wheel for xformers: filename=xformers-0.0.29-cp312-cp312-win_amd64.whl",
    # a missing wheel of a package that is no compiled torch extension
    "there is no wheel for numpy on this python",
    # the extension named without any missing wheel
    "No module named 'xformers'",
])
def test_wheel_lines_and_other_packages_are_not_a_missing_extension_wheel(text):
    assert "extension-no-wheel-words" not in signal_ids(text)


# ---- not yet published ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "as far as I can see xformers has not been uploaded there yet",
    "xFormers for Torch 2.6 and CUDA 12.6 published?",
    "the causal-conv1d wheels haven't been published yet",
])
def test_an_extension_not_yet_published_is_the_extension_build(text):
    assert "extension-not-published-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "the model weights have not been published yet",
    "xformers 0.0.29 was published last week and works",
])
def test_other_unpublished_things_are_not_it(text):
    assert "extension-not-published-words" not in signal_ids(text)


# ---- a compile of a named extension failed --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I tried compiling pytorch3d myself on Windows and it failed.",
    "failed to compile flash-attn on the cluster",
    "SageAttention 2 compile fails on my machine",
])
def test_a_failed_extension_compile_in_words_is_the_extension_build(text):
    assert "extension-compile-failed-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "torch.compile of the model failed",
    "compiling the model failed with an inductor error",
    # how a wheel was built, not a failed build
    "When xFormers is compiled with Flash Attention it fails at run time",
])
def test_torch_compile_and_build_options_are_not_a_failed_extension_compile(text):
    assert "extension-compile-failed-words" not in signal_ids(text)


def test_a_cause_the_paste_names_ranks_before_the_failed_compile():
    """A failed compile in words is a symptom: the toolkit too old for the GPU, said by the setup, comes first."""
    text = ("SageAttention V2 compile fails\n"
            "      RuntimeError: CUDA 12.4 or higher is required for compute capability 8.9.\n")
    assert check_categories(text)[:1] == ["cuda_home_nvcc"]


# ---- a source build that exhausted the machine ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "On my workstation with 256GB of RAM, building from source exhausted memory and crashed the whole system.",
    "On running `pip install flash-attn --no-build-isolation`, my system freezes.",
    "Any time I try to install or compile flash attention it exhausts the RAM and the PC crashes.",
    "compiling xformers runs out of memory on a 32 GB laptop",
])
def test_a_build_that_exhausts_the_machine_is_the_extension_build(text):
    assert "extension-build-exhausts-machine" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "training exhausted the RAM",
    "torch.compile crashed the machine",
    "the build finished, then the training crashed the machine",
])
def test_a_run_that_exhausts_the_machine_is_not_a_build(text):
    assert "extension-build-exhausts-machine" not in signal_ids(text)


# ---- slow builds with a number of hours -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "installing Flash Attention 2 takes almost two hours",
    "building flash-attn took over 3 hours on my laptop",
])
def test_a_build_taking_a_number_of_hours_is_slow(text):
    assert "flash-attn-build-slow-words" in signal_ids(text)


def test_a_run_taking_hours_is_not_a_slow_build():
    assert "flash-attn-build-slow-words" not in signal_ids("flash-attn inference takes almost two hours per epoch")


# ---- flash-attn's architecture checks -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: Expected is_sm80 to be true, but got false.",
    "RuntimeError: Expected is_sm80 || is_sm90 to be true, but got false.",
    "The README says: Head dim > 64 backward requires A100 or H100. Can it support the A40?",
])
def test_flash_attn_architecture_checks_are_the_architecture(text):
    assert "flash-attn-ampere-only" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_arch"]


def test_an_unrelated_a100_sentence_is_not_the_architecture():
    assert "flash-attn-ampere-only" not in signal_ids("training on an A100 requires 80 GB for head dim 128")


# ---- xFormers built for another Python ------------------------------------------------------------------------------

XFORMERS = ("WARNING[XFORMERS]: xFormers can't load C++/CUDA extensions. xFormers was built for:\n"
            "    PyTorch {built} with CUDA 1209 (you have {have})\n"
            "    Python  {py_built} (you have {py_have})\n"
            "  Please reinstall xformers (see https://github.com/facebookresearch/xformers#installing-xformers)\n")


def test_xformers_built_for_another_python_is_the_abi():
    text = XFORMERS.format(built="2.8.0", have="2.8.0", py_built="3.12.3", py_have="3.10.12")
    assert "xformers-built-for-other-python" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_abi"]


@pytest.mark.parametrize("built, have, py_built, py_have", [
    ("2.8.0", "2.8.0", "3.10.13", "3.10.12"),  # a patch release of the same Python
    ("2.8.0", "2.8.0+cpu", "3.12.3", "3.10.12"),  # another torch: its own finding
    ("2.2.0+cu121", "2.3.0+cu121", "3.11.7", "3.10.1"),
])
def test_a_patch_release_or_another_torch_is_not_the_python_finding(built, have, py_built, py_have):
    text = XFORMERS.format(built=built, have=have, py_built=py_built, py_have=py_have)
    assert "xformers-built-for-other-python" not in signal_ids(text)


# ---- several CUDA toolkits beside an extension build ----------------------------------------------------------------

def test_several_toolkits_beside_an_extension_build_is_the_toolkit():
    text = ("python setup.py install --cpp_ext --cuda_ext\nerror: command failed with exit status 1\n"
            "Note: the server has several CUDA versions installed.\n")
    assert "extension-build-several-cuda-toolkits" in signal_ids(text)
    assert check_categories(text)[:1] == ["cuda_home_nvcc"]


def test_several_toolkits_without_a_build_is_not_it():
    assert "extension-build-several-cuda-toolkits" not in signal_ids(
        "I have multiple CUDA versions installed and the training is slow")


# ---- dev reports ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("8309-torch-packages-builder-10-pytorch3d-torch27-cu128-windows.txt", "flash_attn_build"),
    ("8310-sageattention-344-no-wheel-cu130-torch291-cp313-windows.txt", "flash_attn_build"),
    ("8313-apex-214-several-cuda-versions-wrong-cuda-path.txt", "cuda_home_nvcc"),
    ("8321-flash-attention-79-rtx4090-is-sm80-headdim-80.txt", "flash_attn_arch"),
    ("8327-jetson-inference-1946-xformers-wheel-built-for-python-312.txt", "flash_attn_abi"),
    ("8329-xformers-1207-torch-260-cu126-no-wheel-windows-long-path.txt", "flash_attn_build"),
    ("8330-xformers-1215-no-whl-torch260-cu126-windows.txt", "flash_attn_build"),
    ("8332-flash-attention-1659-two-hour-build-all-archs-max-jobs.txt", "flash_attn_build"),
    ("8333-flash-attention-803-unbounded-jobs-crash-256gb-workstation.txt", "flash_attn_build"),
    ("8334-flash-attention-276-a40-backward-headdim-question.txt", "flash_attn_arch"),
    ("8340-flash-attention-968-cuda121-build-two-hours-four-cores.txt", "flash_attn_build"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[:1] == [category]


@pytest.mark.parametrize("text", [
    "Building flash-attn against CUDA 12.1 in a Docker build has been compiling for about two hours",
    "installing flash-attn is still not finished",
])
def test_a_build_still_compiling_after_hours_is_slow(text):
    assert "flash-attn-build-slow-words" in signal_ids(text)


def test_a_training_run_still_going_is_not_a_slow_build():
    assert "flash-attn-build-slow-words" not in signal_ids("flash-attn training has been running for two hours")
