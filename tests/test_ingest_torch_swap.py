"""A CUDA build of torch replaced by PyPI's untagged torch (ingest.torch_swap): on Windows that is the CPU-only build,
however the paste tells the swap (pip's uninstall/install lines, uv's -/+ lines, words, an arrow); on Linux PyPI's
torch has CUDA and the swap is not read."""

import pytest

from yolodoctor.ingest.torch_swap import untagged_after_cuda, windows_named
from pasted import check_findings, report_findings


def numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), 1))


PIP = """Attempting uninstall: torch
    Found existing installation: torch 2.1.0+cu121
    Uninstalling torch-2.1.0+cu121:
      Successfully uninstalled torch-2.1.0+cu121
Successfully installed fsspec-2024.6.1 torch-2.3.1 torchvision-0.18.1"""
UV = """Uninstalled 2 packages in 1.21s
 - torch==2.7.1+cu128
 + torch==2.8.0
 - torchvision==0.22.1+cu128
 + torchvision==0.23.0"""


@pytest.mark.parametrize("text, old, new", [
    (PIP, "2.1.0+cu121", "2.3.1"),
    (UV, "2.7.1+cu128", "2.8.0"),
    ("installing it uninstalled `torch-2.11.0+cu128` and replaced it with `torch-2.12.0`", "2.11.0+cu128", "2.12.0"),
    ("Removing torch==2.4.1+cu124\nthen it installed torch==2.5.0 from requirements.txt", "2.4.1+cu124", "2.5.0"),
    ("torch 2.10.0+cu130 → torch 2.9.1", "2.10.0+cu130", "2.9.1"),
    ("torch==2.5.1+cu124 -> 2.6.0", "2.5.1+cu124", "2.6.0"),
    ("the update script downgraded torch from 2.5.1+cu124 to 2.4.0", "2.5.1+cu124", "2.4.0"),
])
def test_a_cuda_build_swapped_for_an_untagged_torch_is_read(text, old, new):
    swap = untagged_after_cuda(numbered(text))
    assert swap is not None and swap[2:] == (old, new)


@pytest.mark.parametrize("text", [
    # the other way round: the CPU build taken out, a CUDA build put in (the fix)
    "Successfully uninstalled torch-2.3.0+cpu\nSuccessfully installed torch-2.3.0+cu121",
    "Successfully uninstalled torch-2.3.0\nSuccessfully installed torch-2.3.0+cu121",
    # the same CUDA build back, or a CUDA build from the PyTorch index told without its tag
    "Found existing installation: torch 2.1.0+cu121\nSuccessfully installed torch-2.1.0+cu121",
    "Found existing installation: torch 2.1.0+cu121\npip install torch==2.1.0 --index-url https://download.pytorch.org/whl/cu121",
    # a CUDA build named, nothing taken out; torchvision's and pytorch-lightning's versions are not torch's
    "torch 2.1.0+cu121 works here, torchvision 0.16.0",
    "Successfully uninstalled torchvision-0.16.0+cu121\nSuccessfully installed torchvision-0.17.0",
    "Successfully installed torch-2.3.0 pytorch-lightning-2.2.0",
])
def test_other_lines_are_not_a_swap(text):
    assert untagged_after_cuda(numbered(text)) is None


def test_windows_is_named_unless_wsl_is():
    assert windows_named(numbered("Downloading torch-2.3.1-cp311-cp311-win_amd64.whl (2.4 GB)")) == 1
    assert windows_named(numbered("on Windows 10 with an RTX 3060")) == 1
    assert windows_named(numbered("Windows 11, inside WSL2 Ubuntu 22.04")) is None
    assert windows_named(numbered("Linux-6.5.0-x86_64 with glibc2.35")) is None


@pytest.mark.parametrize("where", [
    "C:\\Users\\me\\comfy\\venv\\Scripts\\python.exe -m pip install -r requirements.txt",
    "pip install -r requirements.txt   (on Windows 11, RTX 4070)",
])
def test_on_windows_the_swap_is_the_cpu_build(where):
    first = check_findings(where + "\n" + PIP + "\n")[0]
    assert (first["id"], first["category"]) == ("untagged-torch-replaced-cuda", "torch_cpu_only")


def test_a_gpu_asked_for_makes_it_an_error():
    text = "on Windows 10\n" + UV + "\n>>> torch.cuda.is_available()\nFalse\n"
    found = [f for f in check_findings(text) if f["id"] == "untagged-torch-replaced-cuda"]
    assert found and found[0]["severity"] == "error"


@pytest.mark.parametrize("where", [
    "/home/me/venv/bin/python -m pip install -r requirements.txt",  # Linux: PyPI's torch has CUDA
    "pip install -r requirements.txt",  # no system named: nothing to judge the untagged version by
    "Windows 11, WSL2 Ubuntu 22.04: pip install -r requirements.txt",
])
def test_elsewhere_the_swap_is_not_a_cpu_build(where):
    assert not any(f["id"] == "untagged-torch-replaced-cuda" for f in check_findings(where + "\n" + PIP + "\n"))


def test_the_swap_on_a_dev_report():
    first = report_findings("6100-whisperjav-334-clearervoice-replaces-cu128-with-cpu-torch.txt")[0]
    assert (first["id"], first["category"]) == ("untagged-torch-replaced-cuda", "torch_cpu_only")


def test_windows_is_named_by_pythons_banner_and_a_drive_path():
    assert windows_named(numbered("Python 3.8.7 (tags/v3.8.7:6503f05) [MSC v.1928 64 bit (AMD64)] on win32")) == 1
    assert windows_named(numbered("(venv) C:\\Users\\me\\app>pip list")) == 1
    assert windows_named(numbered('  File "/usr/lib/python3.10/site-packages/torch/__init__.py"')) is None


@pytest.mark.parametrize("text, cuda", [
    ("pip install torch==2.1.0 torchvision==0.16.0\n", "12.1"),  # Linux, or no system named: PyPI's CUDA build
    ("pip install torch==2.1.0+cu118 --index-url https://download.pytorch.org/whl/cu118\n"
     "C:\\Users\\me>python -c \"import torch\"\n", "11.8"),  # a tag says the build wherever it runs
    ("C:\\Users\\me>pip install torch==2.1.0 torchvision==0.16.0\n", None),  # PyPI's Windows build has no CUDA
    ("pip install torch===1.7.1 -f https://download.pytorch.org/whl/torch_stable.html\n"
     "Python 3.8.7 (tags/v3.8.7:6503f05) [MSC v.1928 64 bit (AMD64)] on win32\n", None),
])
def test_an_untagged_pin_says_nothing_of_cuda_on_windows(text, cuda):
    from pasted import pasted_facts

    assert pasted_facts(text).torch.cuda == cuda


def test_an_untagged_pin_on_windows_on_a_dev_report():
    first = report_findings("6125-pytorch-52662-windows-torch-171-cu102-command-gets-cpu-wheel.txt")[0]
    assert first["category"] == "torch_cpu_only"


def test_windows_named_gives_the_first_line_naming_windows_in_a_long_paste():
    bar = "  12/300   7.85G   1.234   640: 100%|##########| 500/500"
    lines = list(enumerate([bar] * 3000 + ["C:\\Users\\me\\venv\\Scripts\\python.exe train.py", bar, "Windows 11"], 7))
    assert windows_named(lines) == 3007
    assert windows_named(lines + [(9000, "running under WSL2")]) is None
    assert windows_named(list(enumerate([bar] * 3000 + ["ubuntu 22.04, windowsill plant"], 1))) is None
