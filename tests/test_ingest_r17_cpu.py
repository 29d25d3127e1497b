"""A CPU-only torch, hidden GPUs, old drivers and driver/library mismatches, as the seventeenth round's reports say
them: CUDA_VISIBLE_DEVICES set to a word (a launcher's placeholder, "all", "none") while torch sees no GPU and the
paste shows no GPU list, and "torch.cuda.is_available() == false" written in prose. Each with look-alikes that must
not be read; and the container toolkit's requirement error and the NVML mismatch of the round's reports."""

import pytest

from pasted import check_categories, check_findings, pasted_facts, report_categories


def _first(text: str) -> tuple[str, str]:
    first = check_findings(text)[0]
    return first["id"], first["category"]


# ---- CUDA_VISIBLE_DEVICES set to a word ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # Jina's replica placeholder, read by torch before Jina resolves it
    "CUDA_VISIBLE_DEVICES=RR does not work\n\nCUDA_VISIBLE_DEVICES=RR Python xxx.py\n"
    "After running the program, it prompts torch.cuda.is_available() == false\n",
    # the container runtime's value copied into CUDA's variable
    "My ~/.bashrc has export CUDA_VISIBLE_DEVICES=all\ntorch.cuda.is_available() returns False\n",
    "export CUDA_VISIBLE_DEVICES=none\n>>> import torch\n>>> torch.cuda.is_available()\nFalse\n",
])
def test_cuda_visible_devices_word_hides_every_gpu(text):
    assert _first(text) == ("cuda-visible-devices-word", "gpu_not_visible")


def test_the_jina_report_reads_the_placeholder():
    assert report_categories("12114-jina-serve-5652-cuda-visible-devices-rr.txt")[:1] == ["gpu_not_visible"]


@pytest.mark.parametrize("text", [
    # an index or a UUID is a GPU: not this reading
    "export CUDA_VISIBLE_DEVICES=0\ntorch.cuda.is_available() == false\n",
    "CUDA_VISIBLE_DEVICES=GPU-8932f937-d72c-4106-c12f-20bd9faed9f6 python train.py\n"
    "torch.cuda.is_available() returns False\n",
    # the container runtime's own variable, where "all" is right
    "docker run -e NVIDIA_VISIBLE_DEVICES=all image\ntorch.cuda.is_available() returns False\n",
    # code comparing with Python's False is not a report that torch sees no GPU
    "export CUDA_VISIBLE_DEVICES=RR\nif torch.cuda.is_available() == False:\n    device = 'cpu'\n",
    # the word, but nothing says torch sees no GPU
    "CUDA_VISIBLE_DEVICES=RR python serve.py\nServer started on port 8080\n",
    # torch uses the GPU
    "CUDA_VISIBLE_DEVICES=all python app.py\n>>> torch.cuda.is_available()\nTrue\n",
])
def test_cuda_visible_devices_look_alikes_are_not_read(text):
    assert "cuda-visible-devices-word" not in [f["id"] for f in check_findings(text)]


def test_a_word_beside_the_gpu_list_stays_with_the_rule():
    text = ("export CUDA_VISIBLE_DEVICES=all\n"
            "| NVIDIA-SMI 550.54.14              Driver Version: 550.54.14      CUDA Version: 12.4     |\n"
            "|   0  NVIDIA GeForce RTX 3060        Off |   00000000:01:00.0  On |                  N/A |\n"
            ">>> torch.cuda.is_available()\nFalse\n")
    ids = [f["id"] for f in check_findings(text)]
    assert "cuda-visible-devices-word" not in ids
    assert check_categories(text)[0] == "gpu_not_visible"


def test_the_word_is_read_from_a_prefix_assignment():
    assert pasted_facts("CUDA_VISIBLE_DEVICES=RR Python xxx.py\n").nvidia.cuda_visible_devices == "RR"


# ---- the round's container requirement errors and NVML mismatch -------------------------------------------------

@pytest.mark.parametrize("name", [
    "12106-petric2-27-sirf-image-cuda128-driver-551.txt",
    "12109-tabby-4309-image-cuda129-driver-570.txt",
    "12110-nvidia-docker-177-driver-75-image-80.txt",
])
def test_container_cuda_requirement_is_an_old_driver(name):
    assert report_categories(name)[:1] == ["driver_too_old"]


def test_nvml_library_newer_than_the_kernel_module_is_a_mismatch():
    assert report_categories("12120-truenas-nvidia-drivers-19-nvml-580-178-vs-module-580-173.txt")[:1] == \
        ["driver_mismatch"]
