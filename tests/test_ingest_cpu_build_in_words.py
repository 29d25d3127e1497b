"""A CPU build of torch stated in words, in the wordings beyond "CPU version": "a non-CUDA version of Torch", "the
CPU build / wheel of torch", "a cpu torch", "from cuda118 to cpu" (the signature torch-cpu-build-in-words), and the
before/after told in words: a CUDA build the paste shows, and the words saying an install swapped it for a CPU build
(the context's cpu-build-replaced-cuda). Each has look-alikes it must not fire on."""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids


def _ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


@pytest.mark.parametrize("paste", [
    "After adding the node, it broke my installation by forcing a non-CUDA version of Torch to be installed.",
    "pip install -r requirements.txt pulled the CPU build of torch, training is slow now",
    "The CPU wheel of PyTorch came from PyPI on Windows.",
    "After the update the environment ended up with a cpu torch and my RTX 3060 sits idle.",
    "Installing the package changes the pytorch version from cuda121 to cpu.",
    "torch (non-CUDA) is what the installer left me with",
])
def test_other_names_of_the_cpu_build_are_the_statement(paste):
    assert "torch-cpu-build-in-words" in signal_ids(paste)
    assert check_categories(paste)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("paste", [
    "model = torch.load(path, map_location='cpu')",
    "torch.device('cpu') is used when CUDA is missing",
    "Moving the model to cpu with torch works fine.",
    "The CUDA build of torch 2.1 is installed.",
    "non-CUDA parts of the pipeline run on numpy",  # no torch named
])
def test_look_alikes_are_not_the_statement(paste):
    assert "torch-cpu-build-in-words" not in signal_ids(paste)


_BEFORE = ("Before:\nPyTorch version: 2.0.0+cu118\nCUDA used to build PyTorch: 11.8\nIs CUDA available: True\n"
           "GPU models and configuration: GPU 0: NVIDIA H100 PCIe\n")


@pytest.mark.parametrize("said", [
    "Installing lightning replaced torch: the pytorch version changed from cuda118 to cpu.",
    "After pip install of the node pack, torch was overwritten with the cpu version.",
    "Updating the dependencies forced the CPU-only torch back in.",
    "装完依赖之后 torch 被覆盖为 cpu 版本",
])
def test_a_cuda_build_said_to_be_replaced_by_a_cpu_build_is_the_cpu_build(said):
    paste = said + "\n" + _BEFORE
    assert "cpu-build-replaced-cuda" in _ids(paste)
    assert check_categories(paste)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("said", [
    "I installed the CUDA version of torch, not the CPU version; it was replaced by nothing.",
    "The CPU version of torch works, but I switched to the CUDA build.",
    "Successfully uninstalled torch-2.0.0+cpu and replaced it.",
    "I tried the CPU build of torch first.",  # no swap said: the CUDA build shown is simply installed
])
def test_a_cuda_build_with_no_swap_to_a_cpu_build_said_is_not_replaced(said):
    assert "cpu-build-replaced-cuda" not in _ids(said + "\n" + _BEFORE)


def test_a_machine_without_an_nvidia_gpu_is_not_a_replaced_build():
    paste = "I have an AMD Radeon RX 6600 and no NVIDIA GPU; the installer replaced torch with the CPU build.\n"
    assert "cpu-build-replaced-cuda" not in _ids(paste)


@pytest.mark.parametrize("name", [
    "4142-lightning-18968-pip-install-lightning-replaces-cu118.txt",
    "5108-comfyui-image2prompt-79-node-forces-non-cuda-torch.txt",
])
def test_dev_reports_that_say_the_build_in_words(name):
    assert report_categories(name)[:1] == ["torch_cpu_only"]
