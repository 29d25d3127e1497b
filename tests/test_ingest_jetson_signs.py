"""An NVIDIA Jetson read from a paste (L4T's release line, "L4T 36.4.3", "JetPack 5.1.2", a Jetson model, a -tegra
kernel, a prompt on a host named after one): the machine is an aarch64 Jetson, no PyPI CUDA build is inferred for a
plain torch version there, and a torch without NVIDIA's JetPack tag that cannot use CUDA is YD230's wrong build."""

import pytest

from pasted import check_categories, check_findings, report_categories
from yolodoctor.ingest import ingest_text


@pytest.mark.parametrize("line, l4t, jetpack, model", [
    ("# R35 (release), REVISION: 4.1, GCID: 33958178, BOARD: t186ref, EABI: aarch64", "35.4.1", None, None),
    ("Model: NVIDIA Jetson Orin Nano Developer Kit - Jetpack 6.2 [L4T 36.4.3]", "36.4.3", "6.2", "Jetson Orin Nano"),
    ("* **L4T Release:** R35.4.1 on my Jetson AGX Orin with JetPack 5.1.2", "35.4.1", "5.1.2", "Jetson Agx Orin"),
    ("jetpack6.2 cuda12.2 now on a jetson orin nx", None, "6.2", "Jetson Orin Nx"),
    ("docker run jetson_huggingface_l4t:r36.3.0-cu122-22.04", "36.3.0", None, None),
])
def test_jetson_lines_are_read(line, l4t, jetpack, model):
    facts = ingest_text(line + "\n").facts
    assert facts.platform.jetson is not None
    assert (facts.platform.jetson.l4t_version, facts.platform.jetson.jetpack_version,
            facts.platform.jetson.model) == (l4t, jetpack, model)
    assert facts.host.arch == "aarch64"


@pytest.mark.parametrize("text", [
    "Linux nano 4.9.253-tegra #1 SMP PREEMPT Mon Jul 26 12:13:06 PDT 2021 aarch64 aarch64 aarch64 GNU/Linux",
    "admin@agx-orin:/workspaces/isaac_ros-dev$ python3",
    "nvidia@jetson-nano:~$ pip3 list",
])
def test_a_tegra_kernel_or_a_jetson_host_is_a_jetson(text):
    assert ingest_text(text + "\n").facts.platform.jetson is not None


@pytest.mark.parametrize("text", [
    "I will deploy the model on a Jetson later, for now it runs on my desktop.",  # no model, no L4T
    "The integrated graphics take 512 MB.",
    "Contact me at someone@orin.example.com for the weights.",
    "Linux box 5.15.0-91-generic #101-Ubuntu SMP x86_64 GNU/Linux",
])
def test_other_lines_are_not_a_jetson(text):
    assert ingest_text(text + "\n").facts.platform.jetson is None


_PIP_TORCH_ON_JETSON = ("admin@agx-orin:/workspaces/dev$ python3\n>>> import torch\n>>> print(torch.__version__)\n"
                        "{version}\n>>> torch.cuda.is_available()\n{available}\n")


def test_a_plain_torch_that_cannot_use_cuda_on_a_jetson_is_not_the_jetpack_build():
    paste = _PIP_TORCH_ON_JETSON.format(version="1.12.0", available="False")
    assert ingest_text(paste).facts.torch.cuda is None  # no PyPI CUDA build inferred on aarch64
    assert "YD230" in [f["id"] for f in check_findings(paste)]
    assert check_categories(paste)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("version, available", [("1.12.0a0+2c916ef.nv22.3", "True"), ("1.12.0a0+2c916ef.nv22.3", "False"),
                                                ("2.1.0", "True")])
def test_the_jetpack_build_or_a_working_cuda_is_not_yd230(version, available):
    assert "YD230" not in [f["id"] for f in check_findings(_PIP_TORCH_ON_JETSON.format(version=version,
                                                                                        available=available))]


def test_a_jetson_named_beside_an_x86_machine_is_not_this_machine():
    paste = ("I export on my desktop for a Jetson Orin Nano.\nCollecting environment information...\n"
             "PyTorch version: 2.1.0+cu121\nIs CUDA available: False\nOS: Ubuntu 22.04.3 LTS (x86_64)\n"
             "Python platform: Linux-6.5.0-14-generic-x86_64-with-glibc2.35\n")
    assert "YD230" not in [f["id"] for f in check_findings(paste)]


def test_the_dev_report_of_a_pip_torch_on_an_agx_orin():
    assert report_categories("1850-isaac-ros-common-29-agx-orin-pip-torch-no-cuda.txt")[:1] == ["torch_cpu_only"]
