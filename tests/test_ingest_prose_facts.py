"""Facts a reporter states in words: read where the words describe the failing setup, believed least, and
marked as stated (or inferred) in the evidence of every finding resting on them."""

import pytest

from yolodoctor.ingest import ingest_text
from yolodoctor.knowledge.compat_gpus import capability_from_name
from pasted import check_categories, check_findings as findings, pasted_facts as facts


def gpu_names(f):
    return [g.name for g in f.nvidia.gpus]


@pytest.mark.parametrize("text, gpu", [
    ("I have a GTX 1070", "NVIDIA GeForce GTX 1070"),
    ("my GPU is an A100", "NVIDIA A100"),
    ("Tesla K80 here", "Tesla K80"),
    ("RTX 5090, 32 GB", "NVIDIA GeForce RTX 5090"),
    ("GPU: Quadro RTX 5000", "Quadro RTX 5000"),
    ("TITAN X on Ubuntu 16.04, nvidia-smi shows Device-ID 0", "NVIDIA TITAN X"),
    ("RTX2060", "NVIDIA GeForce RTX 2060"),
    ("- 显卡型号: GeForce GTX 1650", "NVIDIA GeForce GTX 1650"),
    ("GPU: Tesla P100-PCIE", "Tesla P100-PCIE"),
    ("Nvidia GeForce RTX 3050 laptop GPU", "NVIDIA GeForce RTX 3050 laptop"),
    ("The machine has a GTX 1080.", "NVIDIA GeForce GTX 1080"),  # the sentence ends at the model
    ("Training on one Tesla V100. Python 3.10", "Tesla V100"),
])
def test_a_gpu_named_in_words_is_read(text, gpu):
    assert gpu_names(facts(text)) == [gpu]


@pytest.mark.parametrize("text", ["My GPU is a T4.2 node", "the RTX 3090.1 entry of the table"])
def test_a_model_run_into_a_number_is_no_gpu(text):
    assert gpu_names(facts(text)) == []


@pytest.mark.parametrize("text, driver", [
    ("driver 470.82", "470.82"),
    ("nvidia driver version: 535", "535"),
    ("Nvidia driver version: 430.86", "430.86"),
    ("- 驱动版本: Driver Version: 460.80", "460.80"),
    ("我的系统ubuntu20.04+nvidia530.30+cuda12.1+cudnn12.X", "530.30"),
    ("- CUDA toolkit: 12.4 (driver 570.124.06 from NVIDIA)", "570.124.06"),
])
def test_a_driver_version_in_words_is_read_and_said_stated(text, driver):
    f = facts(text)
    assert f.nvidia.driver_version == driver
    assert f.nvidia.driver_version_source == "the report's own words on line 1, stated"


@pytest.mark.parametrize("text, torch, python, os_name", [
    ("torch 1.12.1", "1.12.1", None, None),
    ("Pytorch version: '1.3.1'", "1.3.1", None, None),
    ("- PyTorch: `2.7.0.dev20250310+cu124` (nightly wheel)", "2.7.0.dev20250310+cu124", None, None),
    ("python 3.12", None, "3.12", None),
    ("I am running windows 11, python 3.11. In an anaconda environment.", None, "3.11", "Windows"),
    ("win10, python3.5.2, cuda8.0, cudnn6.0", None, "3.5.2", "Windows"),
    (" - OS (e.g., Linux):Ubuntu 16.04", None, None, "Linux"),
    ("python3.6.2\ntorch1.3.0", "1.3.0", "3.6.2", None),
])
def test_versions_and_the_system_in_words_are_read(text, torch, python, os_name):
    f = facts(text)
    assert (f.torch.version, f.python.version, f.host.os) == (torch, python, os_name)


@pytest.mark.parametrize("text", [
    "I will try torch 2.1.0 next",
    "it runs on my other machine with driver 535",
    "requires driver >= 525.60",
    "you need python 3.10 or newer",
    "upgraded torch 2.0.1 to 2.1.0",
    "torch 2.10.0+cu130 → torch 2.9.1 (no CUDA)",
    "ERROR: No matching distribution found for torch==1.13.1",
    "pip install torch==2.0.1",
    "- OS, e.g. Ubuntu18.04",
    "  File \"/usr/lib/python3.8/site-packages/torch/__init__.py\", line 5",
    "see table T4 for details",
    "- pytorch=1.3.1=py3.6_cuda10.1.243_cudnn7.6.3_0",
    "Same error on Kaggle's notebook (GPU T4)",
    "it worked with torch 1.13",
])
def test_words_about_another_setup_a_plan_or_a_requirement_state_nothing(text):
    result = ingest_text(text)
    assert [o for o in result.observations if o.source == "prose"] == []
    assert result.stated == [] and gpu_names(result.facts) == []


def test_a_tools_output_wins_over_words_silently():
    text = ("My driver is 470.82 and python 3.9\n"
            "+-----------------------------------------------------------------------------+\n"
            "| NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2     |\n"
            "Python 3.10.12 (main, Nov 20 2023, 15:14:05) [GCC 11.4.0] on linux\n"
            "RuntimeError: CUDA error: out of memory\n")
    result = ingest_text(text)
    assert result.facts.nvidia.driver_version == "535.104.05"
    assert result.facts.nvidia.driver_version_source == "nvidia-smi"
    assert result.facts.python.version == "3.10.12"
    assert result.summary.conflicts == ()  # words outweighed are not a second environment
    assert not any("more than one environment" in n for n in result.summary.notes)
    assert result.stated == []


def test_words_that_state_one_fact_two_ways_state_neither():
    f = facts("torch 2.1.0 on this box\nand torch 2.3.0 on the cluster box\n")
    assert f.torch.version is None
    assert facts("python 3.10\npython 3.10.12\n").python.version == "3.10.12"  # the same, more precisely


def test_the_driver_too_old_rule_works_from_words_with_the_inference_chain_visible():
    text = "torch 2.1.0\nnvidia driver version: 470.82\nUbuntu 22.04\n"
    result = ingest_text(text)
    assert (result.facts.torch.version, result.facts.torch.cuda) == ("2.1.0", "12.1")
    [yd101] = [f for f in findings(text) if f["id"] == "YD101"]
    evidence = yd101["evidence"]
    assert "nvidia.driver_version = 470.82 (from the report's own words on line 2, stated)" in evidence
    assert "stated in the report = torch.version 2.1.0 (line 1)" in evidence
    assert any(e.startswith("inferred = torch.cuda 12.1: torch 2.1.0 with no +cuXXX tag (line 1) is the cu121 build")
               for e in evidence)
    assert yd101["certainty"] == "likely"  # resting on an inference, and no error of the paste says so


def test_the_arch_rule_works_from_a_gpu_named_in_words():
    first = findings("GPU: RTX 5090\nPyTorch version: 2.5.0+cu121\n")[0]
    assert (first["id"], first["category"]) == ("YD205", "gpu_arch_unsupported")
    assert "stated in the report = nvidia.gpus[0].name NVIDIA GeForce RTX 5090 (line 1)" in first["evidence"]


@pytest.mark.parametrize("text", [
    "torch 2.1.0\non Windows 11\n",  # PyPI serves the CPU build on Windows
    "Ubuntu 22.04 (WSL2 and native); PyTorch 2.0.0, CUDA 11.8.\n",  # which build "CUDA 11.8" means is not said
    "torch 2.1.0\nAssertionError: Torch not compiled with CUDA enabled\n",
    "torch 1.9.0\n",  # older than the release table: nothing to infer from
])
def test_no_cuda_is_inferred_where_the_paste_says_or_hints_otherwise(text):
    assert facts(text).torch.cuda is None


def test_an_error_is_weighed_against_tool_output_not_against_words():
    # torch merely said installed does not turn "No module named 'torch'" into another interpreter's doing.
    first = findings("I have torch 2.1.0\nModuleNotFoundError: No module named 'torch'\n")[0]
    assert first["category"] == "torch_missing"


def test_a_gpu_model_number_is_not_a_longer_one():
    assert capability_from_name("NVIDIA A100") == (8, 0)  # not the A10's 8.6
    assert capability_from_name("NVIDIA A10") == (8, 6)
    assert capability_from_name("NVIDIA GeForce RTX 3060 Ti") == (8, 6)


@pytest.mark.parametrize(("name", "capability"), [
    ("Tesla K80", (3, 7)), ("GeForce GTX 780", (3, 5)), ("GeForce GTX 750 Ti", (5, 0)),
    ("NVIDIA GeForce GTX 970", (5, 2)), ("GeForce GTX TITAN X", (5, 2)), ("NVIDIA TITAN X", (6, 1)),
    ("NVIDIA GeForce GTX 1050 Ti", (6, 1)), ("NVIDIA GeForce GTX 1660 SUPER", (7, 5)), ("GeForce GTX 1650", (7, 5)),
    ("NVIDIA GeForce RTX 4060 Laptop GPU", (8, 9)), ("NVIDIA GeForce RTX 5070 Ti", (12, 0)),
    ("NVIDIA GeForce RTX 5060", (12, 0)),
])
def test_the_arch_table_names_older_and_newer_consumer_gpus(name, capability):
    """Kepler, Maxwell, the GTX 16 series and the RTX 40/50 ranges are named by gpus.toml's [[arch]] rows."""
    assert capability_from_name(name) == capability


def test_a_nightly_is_not_an_unpublished_build():
    ids = [f["id"] for f in findings("- PyTorch: `2.7.0.dev20250310+cu124` (nightly wheel)\n")]
    assert "YD207" not in ids
    assert "YD207" in [f["id"] for f in findings("torch 2.7.0+cu124\n")]


def test_a_bare_driver_version_answering_a_question_about_the_driver_is_read_as_inferred():
    text = ("pip install torch==2.1.0\n>>> torch.cuda.is_available()\nFalse\n"
            "Would you please update the gpu driver? What's the output of nvidia-smi?\n410.48,,\nneed higher ??\n")
    result = ingest_text(text)
    assert result.facts.nvidia.driver_version == "410.48"
    assert result.facts.nvidia.driver_version_source == \
        "a bare version on line 5 answering line 4 about the driver, inferred"
    [yd101] = [f for f in findings(text) if f["id"] == "YD101"]
    assert "nvidia.driver_version = 410.48 (from a bare version on line 5 answering line 4 about the driver, " \
           "inferred)" in yd101["evidence"]
    assert yd101["certainty"] == "likely"  # every fact it rests on is inferred


@pytest.mark.parametrize("text", [
    "which driver?\nsee 12.1\n",  # not driver-shaped
    "The driver is broken.\none\ntwo\nthree\n470.82\n",  # too far from the question
    "Driver Version: 535.104.05\n470.82\n",  # the line itself holds the version: it is read as words or a tool
    "Epoch 3 loss\n410.48\n",  # nobody asked about the driver
])
def test_a_bare_number_is_a_driver_only_right_after_a_question_about_it(text):
    assert [o for o in ingest_text(text).observations if o.source == "driver_answer"] == []


def test_a_geforce_number_after_the_makers_name_is_a_gpu_but_a_resolution_is_not():
    assert gpu_names(facts("The card is an nvidia 5090, on Windows.")) == ["NVIDIA GeForce RTX 5090"]
    assert gpu_names(facts("Nvidia 1080 Ti here")) == ["NVIDIA GeForce GTX 1080 Ti"]
    assert gpu_names(facts("an nvidia 1080p screen")) == []
    assert facts("nvidia 530.30").nvidia.driver_version == "530.30"  # a driver, not a GPU


def test_words_on_a_line_a_tool_reader_understood_are_not_read_nor_listed_as_read():
    text = "Ultralytics 8.3.94 🚀 Python-3.12.3 torch-2.6.0+cu126 CUDA:0 (NVIDIA GeForce RTX 3090, 24253MiB)\n"
    result = ingest_text(text)
    assert result.facts.nvidia.gpus == []  # the banner proves what torch saw, not what the words say
    assert [d.name for d in result.facts.torch.devices] == ["NVIDIA GeForce RTX 3090"]
    assert "prose" not in [p.kind for p in result.summary.parts]


def test_an_install_pinned_with_pips_arbitrary_equality_implies_its_build_too():
    assert facts("pip install torch===1.13.1 torchvision===0.14.1\n").torch.cuda == "11.7"


@pytest.mark.parametrize("name", ["LINE_PATTERN", "ANSWER_PATTERN"])
def test_the_splitter_patterns_of_the_prose_readers_are_linear(name):
    # The splitter compiles these itself (no module-level compiled pattern for the audit to find): check them here.
    import re
    import sys
    from pathlib import Path

    from yolodoctor.ingest import prose_facts

    sys.path.insert(0, str(Path(__file__).parent))
    import pattern_audit

    found = pattern_audit.Found(f"prose_facts.{name}", getattr(prose_facts, name), re.MULTILINE)
    cost = pattern_audit.worst(found, 16 * 1024, 0.010)
    assert cost.within(0.010), f"{name}: {cost.per_kb * 1000:.1f} ms per KB on {cost.shape}"


def test_installed_describes_the_setup_but_installing_is_a_change():
    assert gpu_names(facts("(on RTX 3060 6gb card with cuda 12.1 installed)")) == \
        ["NVIDIA GeForce RTX 3060"]
    assert facts("stable Pytorch1.0 installed in conda env").torch.version == "1.0"
    result = ingest_text("now installing torch 2.1.0 on the RTX 3060\n")
    assert [o for o in result.observations if o.source == "prose"] == []


def test_a_gpu_a_tool_saw_outweighs_a_gpu_the_words_name():
    text = ("my GPU is a T4\n"
            "Ultralytics 8.3.40 🚀 Python-3.10.12 torch-2.1.0+cu121 CUDA:0 (Tesla V100-SXM2-16GB, 16160MiB)\n")
    f = facts(text)
    assert f.nvidia.gpus == [] and [d.name for d in f.torch.devices] == ["Tesla V100-SXM2-16GB"]


@pytest.mark.parametrize("text, version, cuda", [
    ("torch方法查看CUDA版本： 9.2.148\n查看torch版本： 0.4.1\n", "0.4.1", "9.2"),
    ("PyTorch CUDA version: 11.8\n", None, "11.8"),
    ("torch.version.cuda: 10.2\n", None, "10.2"),
    ("torchvision cuda: 11.8\n", None, None),
    ("torch: 2.1.0, cuda: 12.1\n", "2.1.0", None),
    ("CUDA Version: 12.2\n", None, None),
    ("torchaudio 0.13.1\n", None, None),
])
def test_torchs_own_cuda_and_a_torch_0x_are_read_where_a_label_names_them(text, version, cuda):
    f = facts(text)
    assert (f.torch.version, f.torch.cuda) == (version, cuda)


def test_an_ampere_card_under_a_cuda_9_torch_of_the_chinese_check_script_is_an_architecture_problem():
    text = ("RuntimeError: cuDNN error: CUDNN_STATUS_EXECUTION_FAILED\n"
            "torch方法查看CUDA版本： 10.0.130\n查看torch版本： 1.2.0\nGPU名称： NVIDIA GeForce RTX 3060\n")
    assert [f["category"] for f in findings(text)][0] == "gpu_arch_unsupported"
    turing = text.replace("RTX 3060", "RTX 2060")
    assert [f["category"] for f in findings(turing)][0] == "cudnn_problem"


@pytest.mark.parametrize("text, nvcc", [
    ("My nvcc is 11.5 and torch is 2.1.0+cu118.\n", "11.5"),
    ("nvcc version: 10.1, torch 1.12.1+cu113\n", "10.1"),
    ("my nvcc -V shows 12.3\n", "12.3"),
    ("CUDA toolkit 12.4, Ubuntu 22.04, RTX 4090\n", "12.4"),
    ("cuda-toolkit version 11.8\n", "11.8"),
])
def test_the_local_toolkit_named_in_words_is_read(text, nvcc):
    assert facts(text).cuda.nvcc_version == nvcc


@pytest.mark.parametrize("text", [
    "CUDA 11.8, torch 2.1.0\n",  # a bare CUDA version: the toolkit, nvidia-smi's figure or torch's build?
    "I will install CUDA toolkit 11.8 tomorrow\n",
    "flash-attn requires nvcc 11.6 or newer\n",
    "/usr/local/cuda-11.8/bin/nvcc -c ops.cu -o ops.o\n",
    "Ubuntu 20.04, RTX 3060, a conda env with cudatoolkit=10.2, system CUDA 11.6\n",  # conda's runtime: no nvcc
])
def test_words_that_do_not_state_the_local_toolkit(text):
    assert facts(text).cuda.nvcc_version is None


def test_a_toolkit_named_in_words_against_torchs_cuda_is_the_toolkit_mismatch():
    text = "Building diff-gaussian-rasterization: my nvcc is 11.5 and torch is 2.1.0+cu118.\n"
    assert check_categories(text)[:1] == ["cuda_home_nvcc"]
