"""Compiled-extension builds told in the reporter's words or in torch's warnings rather than by an error: a flash-attn
wheel build that runs for hours (the wait said as a duration), the local nvcc said to be another version than the
CUDA in use, and torch's minor-version-mismatch warning, whose two versions let the toolkit be judged against
torch's CUDA. Small pastes written here, with ones each must not fire on, through the same pipeline as
`check --from`.
"""

import pytest

from pasted import check_findings, pasted_facts, signal_ids


# ---- a flash-attn wheel build that never seems to end, said as a duration ------------------------------------------

@pytest.mark.parametrize("text", [
    "Building wheel for flash_attn (setup.py) ...\nIt has been loading for hours and I have 32gb of ram.\n",
    "  Building wheel for flash-attn (pyproject.toml) ... |\n(waited a few hours, nothing more happens)\n",
    "Building wheels for collected packages: flash-attn\n  Building wheel for flash-attn (setup.py) ... still running\n",
    "I let it run overnight, still at Building wheel for flash-attn (setup.py)\n",
    "3 hours now on 'Building wheel for flash_attn (setup.py)' on a 4090 laptop\n",
    "Building wheel for flash-attn (setup.py) ... it has taken two days so far\n",
])
def test_a_flash_attn_wheel_build_said_to_run_for_hours_is_the_slow_build(text):
    assert "flash-attn-build-never-finishes" in signal_ids(text)


@pytest.mark.parametrize("text", [
    # the build finished
    "Building wheel for flash-attn (setup.py) ... done\n  Created wheel for flash-attn: filename=flash_attn-2.7.4."
    "post1-cp310-cp310-linux_x86_64.whl size=187797312\nSuccessfully installed flash-attn-2.7.4.post1\n",
    # a duration that is not about the build
    "I trained for 3 hours with flash-attn 2.6.3 and then the loss went nan\n",
])
def test_a_finished_build_or_an_unrelated_duration_is_not_a_hang(text):
    assert "flash-attn-build-never-finishes" not in signal_ids(text)


# ---- nvcc said to be another version than the CUDA in use ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Nevermind the error was mine: CUDA was on 12.4 but nvcc was on 11.5.\n",
    "nvcc -V shows 11.5 while torch.version.cuda is 11.8\n",
    "my nvcc is 10.1, whereas nvidia-smi says CUDA 12.2\n",
    "torch is built with cuda 12.1 however nvcc reports 11.7\n",
    "nvcc版本是11.5，但CUDA是12.1\n",
])
def test_nvcc_contrasted_with_the_cuda_in_use_is_the_toolkit(text):
    assert "nvcc-differs-from-cuda-in-words" in signal_ids(text)
    assert [f["category"] for f in check_findings(text)][:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    "nvcc 12.1 and CUDA 12.1 are both installed\n",
    "Cuda compilation tools, release 12.1, V12.1.105\n",
    "CUDA 12.4 but the driver is 535.104\n",
])
def test_versions_without_a_contrast_between_nvcc_and_cuda_are_not_read_as_one(text):
    assert "nvcc-differs-from-cuda-in-words" not in signal_ids(text)


# ---- torch's minor-version-mismatch warning names both versions ------------------------------------------------

OLDER = ("      UserWarning: The detected CUDA version (11.5) has a minor version mismatch with the version that was "
         "used to compile PyTorch (11.7). Most likely this shouldn't be a problem.\n")
OLDER_WRAPPED = ("/opt/conda/lib/python3.10/site-packages/torch/utils/cpp_extension.py:387: UserWarning: The detected "
                 "CUDA version (12.1) has a minor version mismatch with the version that was used to compile\n"
                 "PyTorch (12.4). Most likely this shouldn't be a problem.\n")
NEWER = ("UserWarning: The detected CUDA version (12.4) has a minor version mismatch with the version that was used "
         "to compile PyTorch (12.1). Most likely this shouldn't be a problem.\n")


@pytest.mark.parametrize("text, nvcc, torch_cuda", [(OLDER, "11.5", "11.7"), (OLDER_WRAPPED, "12.1", "12.4"),
                                                    (NEWER, "12.4", "12.1")])
def test_the_minor_mismatch_warning_states_nvcc_and_torchs_cuda(text, nvcc, torch_cuda):
    facts = pasted_facts(text)
    assert facts.cuda.nvcc_version == nvcc
    assert facts.torch.cuda == torch_cuda


def test_a_toolkit_older_than_torchs_cuda_is_judged_and_a_newer_one_is_not():
    assert "YD520" in [f.get("rule_id") or f.get("id") for f in check_findings(OLDER)]
    assert "YD520" not in [f.get("rule_id") or f.get("id") for f in check_findings(NEWER)]


# ---- a CUDA-only extension built on a Mac --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "      /private/var/folders/x1/abc/T/pip-install-q1/causal-conv1d_9f/setup.py:110: UserWarning: causal_conv1d was "
    "requested, but nvcc was not found.  Are you sure your environment has nvcc available?\n",
    "Apple M3 Pro, macOS 14.5\n$ pip install xformers\n    OSError: CUDA_HOME environment variable is not set. Please set "
    "it to your CUDA install root.\n",
    "  File \"/opt/homebrew/Caskroom/miniconda/base/envs/x/lib/python3.11/site-packages/torch/utils/cpp_extension.py\", "
    "line 2416, in _join_cuda_home\n    raise OSError('CUDA_HOME environment variable is not set. '\n"
    "OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.\n",
])
def test_a_cuda_extension_build_on_a_mac_is_the_platform_not_the_toolkit(text):
    assert "cuda-extension-build-on-macos" in signal_ids(text)
    assert [f["category"] for f in check_findings(text)][:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "      /tmp/pip-install-x4jog5zz/flash-attn_43/setup.py:95: UserWarning: flash_attn was requested, but nvcc was not "
    "found.  Are you sure your environment has nvcc available?\n",
    "C:\\Users\\me\\env\\lib\\site-packages\\torch\\utils\\cpp_extension.py:2416\n"
    "OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.\n",
])
def test_the_same_messages_off_a_mac_stay_the_missing_toolkit(text):
    assert "cuda-extension-build-on-macos" not in signal_ids(text)
    assert [f["category"] for f in check_findings(text)][:1] == ["cuda_home_nvcc"]
