"""Compiled torch extensions and GPU architectures, eighteenth round: torch's newer warning for a GPU its build lacks
("Found GPU0 <name> which is of compute capability (CC) 6.1." / "The following list shows the CCs this version of
PyTorch was built for"), and a paste that says in words that torch does not support an old GPU it names. Small
pastes written here, with ones each must not fire on, through the same pipeline as `check --from`, and dev reports
of each.
"""

import pytest

from pasted import check_findings, report_categories, signal_ids


def first(text: str) -> tuple[str, str]:
    findings = check_findings(text)
    assert findings, "nothing found"
    return findings[0]["category"], findings[0]["id"]


# ---- torch's warning in the wording of torch 2.9 and later ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    # the GPU's name wrapped by the console, as pasted
    "D:\\apps\\invoke\\.venv\\Lib\\site-packages\\torch\\cuda\\__init__.py:371: UserWarning: Found GPU0 NVIDIA GeFor\n"
    "ce GTX 1060 which is of compute capability (CC) 6.1.\n"
    "The following list shows the CCs this version of PyTorch was built for and the hardware CCs it supports\n"
    ":\n- 7.5 which supports hardware CC >=7.5,<8.0\n",
    "UserWarning: Found GPU0 Tesla P100-PCIE-16GB which is of compute capability (CC) 6.0.\n",
    "The following list shows the CCs this version of PyTorch was built for and the hardware CCs it supports:\n"
    "- 7.5 which supports hardware CC >=7.5,<8.0\n- 8.0 which supports hardware CC >=8.0,<9.0 except {8.7}\n",
    "Your installed torch==2.12.0+cu130 does not include kernels for this GPU. Reinstall the same version against a "
    "CUDA build that does, e.g.:\n  For CUDA 12.6 use pip install torch==2.12.0 --index-url "
    "https://download.pytorch.org/whl/cu126\n",
    "No published PyTorch CUDA builds for release 2.15.0 support this GPU. Visit https://pytorch.org/get-started/"
    "locally/ to find a compatible release.\n",
])
def test_torch_cc_warning_is_an_unsupported_gpu(text):
    assert first(text) == ("gpu_arch_unsupported", "torch-gpu-cc-not-in-build")


@pytest.mark.parametrize("text", [
    # a person naming a capability, torch's capability query, a capability in a device line
    "My GPU has compute capability (CC) 6.1, is it supported?\n",
    ">>> torch.cuda.get_device_capability()\n(6, 1)\n",
    "GPU 0: NVIDIA GeForce GTX 1060 (compute capability 6.1)\n",
    "Your installed torch version does not include kernels for AMD GPUs, use the ROCm build.\n",
])
def test_capability_words_that_are_not_the_warning(text):
    assert "torch-gpu-cc-not-in-build" not in signal_ids(text)


def test_the_old_warning_stays_its_own_signature():
    text = ("    Found GPU0 GeForce 820M which is of cuda capability 2.1.\n"
            "    PyTorch no longer supports this GPU because it is too old.\n")
    ids = signal_ids(text)
    assert "torch-gpu-too-old" in ids and "torch-gpu-cc-not-in-build" not in ids


# ---- torch said in words not to support an old GPU the paste names --------------------------------------------------

@pytest.mark.parametrize("text", [
    "### What GPU / hardware type are you using?\n\nnvidia gtx 1060 6gb\n\n### What happened?\n\n"
    "When installing comfyui after the last 2 updates, I get an error that my GPU doesn't support the latest compute "
    "capabilities (it only supports 61).\n",
    "I installed InvokeAI on a pc with a GTX 980TI and it installed versions of torch and torchvision that did not "
    "support the old CUDA version of this specific card.\n",
    "Tesla P100 here. PyTorch does not support my GPU anymore after the update.\n",
    "Quadro M4000\nthe new pytorch is not supported on this card, compute capability 5.2\n",
])
def test_torch_said_not_to_support_an_old_gpu(text):
    assert first(text) == ("gpu_arch_unsupported", "gpu-unsupported-said")


@pytest.mark.parametrize("text", [
    # a GPU the newest builds run on
    "RTX 4090. torch does not support my GPU?\n",
    "GPU: RTX 2060 Super\nIt says torch does not support this card.\n",
    # an extension's kernels, a precision, the driver, Triton: not torch's build
    "GTX 1080 Ti\nflash-attn does not support my GPU (compute capability 6.1).\n",
    "Tesla P100\nValueError: Bfloat16 is not supported on this GPU, compute capability 6.0\n",
    "GTX 1060\nThe driver does not support this CUDA version, torch 2.8\n",
    "Tesla P40\nRuntimeError: Found Tesla P40 which is too old to be supported by the triton GPU compiler, which is "
    "used as the backend. Triton only supports devices of CUDA Capability >= 7.0, but your device is of CUDA "
    "capability 6.1\n",
    # no GPU named, or support not denied
    "torch does not support my GPU anymore, what can I do?\n",
    "GTX 1070\nIs my GPU supported by torch 2.8? It says compute capability 6.1 and everything runs fine.\n",
])
def test_support_words_that_are_not_read(text):
    assert "gpu-unsupported-said" not in [f["id"] for f in check_findings(text)]


# ---- dev reports -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "13318-invokeai-9532-gtx1060-cc61-new-torch-warning.txt",
    "13319-invoke-launcher-125-gtx980ti-installer-torch-too-new.txt",
    "13320-stabilitymatrix-1268-gtx1060-only-supports-61.txt",
])
def test_dev_reports(name):
    assert report_categories(name)[0] == "gpu_arch_unsupported"
