"""torch unable to use the GPU, said by the grammar of a sentence (a negation, a verb of using or finding in any tense,
the GPU; or a verb of running with the CPU as its place and a word setting it against the GPU), and CUDA unavailable
beside a driver new enough for the torch in question: both read as a CPU-only torch, the likely cause."""

import pytest

from yolodoctor.ingest.context_words import GPU_NOT_USED
from pasted import check_findings, report_findings


@pytest.mark.parametrize("line", [
    "neither way detects the gpu.",
    "it didn't use my gpu at all",
    "the app does not utilize the graphics card",
    "whisper won't pick up the gpu",
    "comfyui couldn’t detect the nvidia gpu",
    "on windows the app uses the cpu by default",
    "it trains on the cpu instead of my rtx 3060",
    "generation runs only on the cpu rather than the gpu",
])
def test_sentences_that_say_the_gpu_is_not_used(line):
    assert GPU_NOT_USED.search(line)


@pytest.mark.parametrize("line", [
    "i run it on the cpu on purpose",       # the CPU chosen, nothing set against the GPU
    "use the cpu for this test",
    "the gpu is not used for preprocessing",  # the GPU as subject: a stage that runs elsewhere by design
    "not only the gpu but also the cpu",
    "does it use the gpu?",
])
def test_other_sentences_are_not_read(line):
    assert not GPU_NOT_USED.search(line)


SMI = "| NVIDIA-SMI 555.85                 Driver Version: 555.85         CUDA Version: 12.5     |"


@pytest.mark.parametrize("text", [
    SMI + "\non Windows 11\n>>> torch.cuda.is_available()\nFalse\n",
    SMI + "\n>>> import torch; torch.__version__\n'2.1.0'\n>>> torch.cuda.is_available()\nFalse\n",
    SMI + "\nWindows 10: it uses the CPU instead of the GPU\n",
])
def test_cuda_unavailable_beside_a_driver_that_fits_is_the_cpu_build(text):
    first = check_findings(text)[0]
    assert (first["id"], first["category"]) == ("cuda-unavailable-driver-fits", "torch_cpu_only")


@pytest.mark.parametrize("text", [
    # a driver too old for PyPI's torch 2.1.0 (CUDA 12.1): the driver is the cause
    "| NVIDIA-SMI 470.57       Driver Version: 470.57       CUDA Version: 11.4     |\n"
    ">>> import torch; torch.__version__\n'2.1.0'\n>>> torch.cuda.is_available()\nFalse\n",
    # no system and no torch version: nothing to weigh the driver against
    SMI + "\n>>> torch.cuda.is_available()\nFalse\n",
    # inside a container, the GPU not reaching it is as likely
    SMI + "\non Windows 11, inside docker run -it ubuntu:22.04\n>>> torch.cuda.is_available()\nFalse\n",
])
def test_no_cpu_build_guess_where_the_driver_or_the_place_may_be_the_cause(text):
    assert not any(f["id"] == "cuda-unavailable-driver-fits" for f in check_findings(text))


def test_words_on_a_dev_report():
    first = report_findings("6104-chattts-ui-13-windows-gpu-not-used-cpu-torch.txt")[0]
    assert first["category"] == "torch_cpu_only"
