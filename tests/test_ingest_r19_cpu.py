"""CPU-only torch and hidden GPUs as the nineteenth round's reports show them: a fine-tuning library's refusal when
torch sees no CUDA device (Unsloth), read as torch without CUDA and not as the reporter saying the machine has no
NVIDIA GPU; and torch seeing the GPU in a plain check while the program finds none, which the program's launch
(a CUDA_VISIBLE_DEVICES set to an index the machine lacks) explains. Each with look-alikes that must not be read."""

import pytest

from pasted import check_findings, report_categories


def _first(text: str) -> tuple[str, str]:
    first = check_findings(text)[0]
    return first["id"], first["category"]


def _ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


def _categories(text: str) -> list[str]:
    return [f["category"] for f in check_findings(text)]


# ---- a library's refusal when torch sees no CUDA device ---------------------------------------------------------------

_UNSLOTH_RAISE = (
    "Traceback (most recent call last):\n"
    "  File \"C:\\Users\\me\\train.py\", line 12, in <module>\n"
    "    from unsloth import FastLanguageModel\n"
    "  File \"C:\\Users\\me\\.conda\\envs\\unsloth_env\\lib\\site-packages\\unsloth\\__init__.py\", line 93, in "
    "<module>\n"
    "    raise NotImplementedError(\"Unsloth: No NVIDIA GPU found? Unsloth currently only supports GPUs!\")\n"
    "NotImplementedError: Unsloth: No NVIDIA GPU found? Unsloth currently only supports GPUs!\n")


@pytest.mark.parametrize("text", [
    _UNSLOTH_RAISE + "\nI have a 4060 Ti with new drivers.\n",
    # the later wordings of the same refusal
    "NotImplementedError: Unsloth currently only works on NVIDIA GPUs and Intel GPUs.\n",
    "NotImplementedError: Unsloth cannot find any torch accelerator? You need a GPU.\n",
])
def test_a_library_refusing_without_cuda_reads_torch_without_cuda(text):
    categories = _categories(text)
    assert categories[:1] == ["torch_cpu_only"]
    assert "other" not in categories  # the library's question is not the reporter saying there is no NVIDIA GPU


@pytest.mark.parametrize("text", [
    # the reporter saying it, with no library refusal: still the machine without an NVIDIA GPU
    "I don't have an NVIDIA GPU\ntorch.cuda.is_available() is False\n",
])
def test_the_reporter_saying_no_nvidia_gpu_is_still_read(text):
    assert "no-nvidia-gpu" in _ids(text)


@pytest.mark.parametrize("text", [
    # a README's sentence about what a project supports, with no failure in the paste
    "This project currently only supports GPUs! See the docs for the CPU version.\n",
    "Support matrix: the kernels currently only works on NVIDIA GPUs with compute capability 8.0.\n",
])
def test_support_sentences_without_a_failure_rank_no_cpu_only_torch(text):
    assert "torch_cpu_only" not in _categories(text)[:1]


def test_the_unsloth_report_reads_a_cpu_only_torch():
    assert report_categories("14100-unsloth-2024-no-nvidia-gpu-found-windows-cpu-torch.txt")[:1] == ["torch_cpu_only"]


# ---- torch sees the GPU in a plain check, the program finds none --------------------------------------------------------

@pytest.mark.parametrize("text", [
    # the check's True beside the program running on the CPU (the round's dev report, in its words)
    "why this program is not using my gpu?\n\nIn my own Python shell torch.cuda.is_available() is True, yet this "
    "program trains on the CPU and never touches my GPU.\n",
    # beside CUDA's own "no device" from the program
    "python -c \"import torch; print(torch.cuda.is_available())\" returns True\nbash scripts/run.sh\n"
    "  File \"run.py\", line 49, in __init__\n    self.model = self._build_model().to(self.device)\n"
    "RuntimeError: No CUDA GPUs are available\n",
    # said in Chinese
    "单独运行 torch.cuda.is_available() 返回 True，但是用脚本跑模型时报错：\nRuntimeError: No CUDA GPUs are available\n",
])
def test_a_gpu_seen_outside_the_program_is_hidden_by_its_launch(text):
    assert _categories(text)[:1] == ["gpu_not_visible"]
    assert "gpu-hidden-from-program" in _ids(text)


def test_the_program_on_the_cpu_beside_a_true_check_ranks_the_hidden_gpu_first():
    text = ("why this program is not using my gpu?\n\nIn my own Python shell torch.cuda.is_available() is True, yet "
            "this program trains on the CPU and never touches my GPU.\n")
    assert _first(text) == ("gpu-hidden-from-program", "gpu_not_visible")


@pytest.mark.parametrize("text", [
    # the program's torch is a CPU-only build: two Pythons (ingest.cuda_true_elsewhere), not a hidden GPU
    "torch.cuda.is_available() returns True in the terminal, but the program says:\n"
    "AssertionError: Torch not compiled with CUDA enabled\n",
    # the True is the outcome of the fix
    "RuntimeError: No CUDA GPUs are available\nAfter reinstalling the driver, torch.cuda.is_available() now returns "
    "True and training works.\n",
    # a CPU-only build shown in the paste
    "torch.cuda.is_available() is True on the server\ntorch 2.3.0+cpu\nthe program runs on the CPU instead of the GPU\n",
    # the True alone, with no failure of the program
    "torch.cuda.is_available() returns True and training runs at 12 it/s on the RTX 3090.\n",
])
def test_look_alikes_of_a_hidden_gpu_are_not_read(text):
    assert "gpu-hidden-from-program" not in _ids(text)


def test_the_dev_report_of_a_program_that_hides_the_gpu():
    assert report_categories("8127-ddc-transfer-learning-3-cuda-visible-devices-2.txt")[:1] == ["gpu_not_visible"]
