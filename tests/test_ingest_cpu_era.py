"""CPU-only torch and drivers too old for torch's CUDA, as pasted: old torch releases judged by their own era,
a CPU build stated by collect_env, xFormers' "(you have X)", issue-template hints, a before/after around a
package change, and Whisper's FP16-on-CPU warning. Each mechanism has pastes it must fire on (retyped too) and
look-alikes it must not."""

import pytest

from pasted import check_categories, pasted_facts, signal_ids
from yolodoctor.knowledge import compat


# ------------------------------------------------------------------ era: PyPI's default CUDA of old releases ---

@pytest.mark.parametrize("version, variant", [
    ("1.2.0", "cu100"), ("1.3.0", "cu101"), ("1.3.1", "cu101"), ("1.4.0", "cu101"), ("1.5.0", "cu102"),
    ("1.7.1", "cu102"), ("1.8.0", "cu102"),
    ("1.1.0", None),  # installed from download.pytorch.org only: no PyPI default recorded
    ("1.9.0", None),  # previous-versions.md names +cu102 builds from 1.8.1 on, not a plain pip line
    ("2.1.0", "cu121"),  # the [[release]] table still answers for its own releases
])
def test_pypi_default_cuda_of_a_release_of_any_era(version, variant):
    assert compat.pypi_default_cuda(version) == variant


_SMI = "| NVIDIA-SMI {d}      Driver Version: {d}      CUDA Version: {c}     |\n"
_OLD_PIP = "pip install torch==1.5.0 torchvision==0.6.0\n>>> import torch\n>>> torch.cuda.is_available()\nFalse\n"


def test_a_2020_pip_torch_on_a_cuda_10_0_driver_is_a_driver_too_old():
    # torch 1.5.0 from PyPI is the CUDA 10.2 build: driver 410 (CUDA 10.0) cannot run it
    assert check_categories(_OLD_PIP + _SMI.format(d="410.104", c="10.0"))[:1] == ["driver_too_old"]


def test_a_2020_pip_torch_on_a_driver_new_enough_is_not_a_driver_too_old():
    assert "driver_too_old" not in check_categories(_OLD_PIP + _SMI.format(d="450.80.02", c="11.0"))


def test_a_release_with_no_recorded_default_infers_no_cuda():
    paste = _OLD_PIP.replace("torch==1.5.0 torchvision==0.6.0", "torch==1.9.0") + _SMI.format(d="410.104", c="10.0")
    assert "driver_too_old" not in check_categories(paste)


# ------------------------------------------------- collect_env: a CPU build is not overridden by PyPI's default ---

_COLLECT_ENV = """Collecting environment information...
PyTorch version: 2.3.0
Is debug build: False
CUDA used to build PyTorch: {built}
ROCM used to build PyTorch: N/A

OS: Ubuntu 22.04.4 LTS (x86_64)
Python version: 3.10.14 (main, Mar 21 2024, 16:24:04) [GCC 11.2.0] (64-bit runtime)
Is CUDA available: False
CUDA runtime version: 12.1.105
"""


def test_collect_env_could_not_collect_is_a_cpu_build_even_without_a_driver_line():
    paste = _COLLECT_ENV.format(built="Could not collect")
    assert pasted_facts(paste).torch.cuda is None  # not PyPI's cu121 of 2.3.0: collect_env said there is none
    assert check_categories(paste)[:1] == ["torch_cpu_only"]


def test_collect_env_with_a_cuda_build_is_not_a_cpu_build():
    paste = _COLLECT_ENV.format(built="12.1")
    assert pasted_facts(paste).torch.cuda == "12.1"
    assert "torch_cpu_only" not in check_categories(paste)


# ------------------------------------------------------------------- "(you have X)": what is installed ---

_XFORMERS = """WARNING[XFORMERS]: xFormers can't load C++/CUDA extensions. xFormers was built for:
    PyTorch 2.3.1+cu121 with CUDA 1201 (you have {have})
    Python  3.11.9 (you have 3.11.4)
  Please reinstall xformers (see https://github.com/facebookresearch/xformers#installing-xformers)
"""


@pytest.mark.parametrize("have", ["2.3.1+cpu", " 2.3.1+cpu ", "2.3.1+cpu  "])
def test_xformers_you_have_a_cpu_torch_is_the_installed_torch(have):
    paste = _XFORMERS.format(have=have)
    facts = pasted_facts(paste)
    assert facts.torch.version == "2.3.1+cpu" and facts.python.version == "3.11.4"
    assert check_categories(paste)[:1] == ["torch_cpu_only"]


def test_xformers_you_have_a_cuda_torch_is_no_cpu_build():
    paste = _XFORMERS.format(have="2.3.1+cu118")
    assert pasted_facts(paste).torch.version == "2.3.1+cu118"
    assert "torch_cpu_only" not in check_categories(paste)


# ------------------------------------------------------------------ issue templates' "(e.g., ...)" hints ---

def test_a_template_example_is_not_the_answer():
    facts = pasted_facts("- PyTorch Version (e.g., 1.0): 1.3\n- OS (e.g., Linux): Ubuntu 18.04\n")
    assert facts.torch.version == "1.3" and facts.host.os == "Linux"


def test_an_unanswered_template_line_states_nothing():
    assert pasted_facts("- PyTorch Version (e.g., 1.0):\n").torch.version is None


# ------------------------------------------- is_available() before and after a package change: the failing one ---

_REPL = ">>> import torch\n>>> torch.cuda.is_available()\n{a}\n{between}\n>>> torch.cuda.is_available()\n{b}\n"


@pytest.mark.parametrize("between", ["$ pip install somepackage", "conda install somepackage -c conda-forge",
                                     "python -m pip   install -U somepackage", "(env) > mamba update --all"])
def test_a_package_change_that_broke_cuda_keeps_the_failing_state(between):
    paste = _REPL.format(a="True", between=between, b="False")
    assert pasted_facts(paste).torch.cuda_available is False
    assert check_categories(paste)[:1] == ["torch_cpu_only"]


def test_a_package_change_that_fixed_cuda_still_diagnoses_the_failing_state():
    paste = _REPL.format(a="False", between="pip install torch --index-url https://download.pytorch.org/whl/cu121",
                         b="True")
    assert pasted_facts(paste).torch.cuda_available is False


def test_two_readings_without_a_change_between_keep_the_first():
    # no command between them: not a before/after the paste explains (the earlier rule stands)
    assert pasted_facts(_REPL.format(a="True", between="(later that day)", b="False")).torch.cuda_available is True


# ------------------------------------------------------ Whisper's FP16 warning: torch gave it no CUDA device ---

@pytest.mark.parametrize("warning", [
    "UserWarning: FP16 is not supported on CPU; using FP32 instead",
    "userwarning: fp16 is not supported on cpu; using fp32 instead",
    "warnings.warn(\"FP16 is not supported on CPU",
])
def test_whisper_on_the_cpu_with_an_nvidia_gpu_named_is_a_cpu_only_torch(warning):
    assert check_categories(f"{warning}\nGPU: RTX 4070\n")[:1] == ["torch_cpu_only"]


def test_whisper_on_the_cpu_with_another_vendors_gpu_is_not_a_cpu_only_torch():
    categories = check_categories("UserWarning: FP16 is not supported on CPU; using FP32 instead\n"
                                  "My GPU is an AMD Radeon RX 6800.\n")
    assert categories[:1] != ["torch_cpu_only"]


# --------------------------------------- a CPU build shown, the GPU wanted: a note does not hide the cause ---

_BANNER = "Ultralytics YOLOv8.0.196  Python-3.10.5 torch-2.2.1+cpu CPU (12th Gen Intel Core(TM) i5-12600KF)\n"


@pytest.mark.parametrize("complaint", ["Training uses the CPU instead of the GPU.", "it uses my cpu instead of gpu",
                                       "The app does not find the GPU."])
def test_a_cpu_build_and_a_gpu_wanted_rank_the_cpu_build_before_a_release_note(complaint):
    # the banner's old Ultralytics release gives a note; the +cpu torch is what keeps the GPU unused
    assert check_categories(f"{_BANNER}{complaint}\n")[:1] == ["torch_cpu_only"]


def test_a_cpu_build_with_no_gpu_wanted_is_not_a_problem():
    assert "torch_cpu_only" not in check_categories(_BANNER)
    assert "torch_cpu_only" not in check_categories(_BANNER + "This laptop has no NVIDIA GPU.\n")


@pytest.mark.parametrize("line, gpu", [("显卡 3070ti", "NVIDIA GeForce RTX 3070 Ti"), ("显卡：4090", "NVIDIA GeForce RTX 4090")])
def test_a_card_named_after_the_chinese_word_for_it(line, gpu):
    assert [g.name for g in pasted_facts(f"{line}\n").nvidia.gpus] == [gpu]


def test_a_driver_number_after_the_chinese_word_is_no_card():
    assert pasted_facts("显卡驱动 535.104\n").nvidia.gpus == []


# ------------------------------------------------------- "torch without CUDA", said in words: a CPU build ---

@pytest.mark.parametrize("text", ["The package installed Torch without the CUDA version",
                                  "requirements installed torch WITHOUT CUDA support",
                                  "pip gave me torch  without  cuda"])
def test_torch_without_cuda_in_words_is_a_cpu_build(text):
    assert "torch-cpu-build-in-words" in signal_ids(text)


@pytest.mark.parametrize("text", ["I built torchvision without CUDA", "torch without cudatoolkit from conda-forge",
                                  "we compile without CUDA, then torch"])
def test_without_cuda_about_something_else_is_no_cpu_build(text):
    assert "torch-cpu-build-in-words" not in signal_ids(text)
