"""Facts a paste states without labels: inferred, believed least, and said to be inferred."""

from yolodoctor.ingest import ingest_text
from pasted import check_findings as findings


def test_a_torch_pin_implies_its_default_cuda_and_a_bare_csv_row_the_driver():
    # What someone pastes when asked "which torch did you install, which driver do you have?"
    text = "pip install torch==2.1.0 torchvision==0.16.0\nNVIDIA GeForce RTX 3060, 470.82.01\n"
    facts = ingest_text(text).facts
    assert (facts.torch.version, facts.torch.cuda) == (None, "12.1")  # requested, not installed: no version
    assert facts.torch.source == "inferred from torch==2.1.0 in the install command on line 1"
    assert facts.nvidia.driver_version == "470.82.01"
    assert "inferred" in facts.nvidia.driver_version_source
    [first] = [f for f in findings(text) if f["id"] == "YD101"]
    assert first["category"] == "driver_too_old" and first["severity"] == "error"
    assert any("inferred from torch==2.1.0" in e for e in first["evidence"])
    assert any("bare nvidia-smi CSV row on line 2, inferred" in e for e in first["evidence"])


def test_the_variant_comes_from_the_tag_then_the_index():
    assert ingest_text("pip install torch==2.4.1 --index-url https://download.pytorch.org/whl/cu118\n"
                       ).facts.torch.cuda == "11.8"
    assert ingest_text("pip3 install torch==1.13.1+cu117 torchvision==0.14.1+cu117\n").facts.torch.cuda == "11.7"
    cpu = ingest_text("pip install torch==2.7.0+cpu --index-url https://download.pytorch.org/whl/cpu\n").facts.torch
    assert cpu.cuda is None and cpu.source is None


def test_an_install_that_failed_in_the_paste_implies_nothing():
    text = ("pip install torch==1.12.1+cu113 --extra-index-url https://download.pytorch.org/whl/cu113\n"
            "ERROR: Could not find a version that satisfies the requirement torch==1.12.1+cu113 "
            "(from versions: 1.13.0, 1.13.1, 2.0.0)\n")
    assert ingest_text(text).facts.torch.cuda is None


def test_an_install_that_pip_said_had_nothing_to_do_implies_nothing():
    command = "pip3 install torch torchvision torchaudio --index-url https://download.pytorch.org/whl/cu121\n"
    for answer in ("Requirement already satisfied: torch in c:\\python311\\lib\\site-packages (2.3.1)\n",
                   'It only printed "Requirement already satisfied...." for everything.\n'):
        assert ingest_text(command + answer).facts.torch.cuda is None
    # other packages already there while torch is fetched: the command did install a torch
    fetched = (command + "Requirement already satisfied: numpy in ./venv/lib/python3.11/site-packages (1.26.4)\n"
               "Collecting torch\n  Downloading https://download.pytorch.org/whl/cu121/torch-2.3.1%2Bcu121-cp311-"
               "cp311-linux_x86_64.whl (781.0 MB)\nSuccessfully installed torch-2.3.1+cu121\n")
    assert ingest_text(fetched).facts.torch.cuda == "12.1"
    assert ingest_text(command).facts.torch.cuda == "12.1"  # no answer from pip: the command's index stands


def test_a_labelled_reading_beats_an_inferred_one():
    text = ("pip install torch==2.1.0\n"
            "Ultralytics 8.3.40 🚀 Python-3.11.9 torch-2.4.1+cu118 CUDA:0 (NVIDIA GeForce RTX 3060, 12288MiB)\n")
    facts = ingest_text(text).facts
    assert (facts.torch.version, facts.torch.cuda, facts.torch.source) == ("2.4.1+cu118", "11.8", "pasted")


def test_a_conda_command_implies_the_cuda_its_spec_asks_for():
    # PyTorch's own conda commands: the spec names the CUDA of the pytorch build; the channel flag is no package
    text = ("conda install pytorch==1.8.1 torchvision cudatoolkit=10.2 -c pytorch\n"
            "| NVIDIA-SMI 410.79       Driver Version: 410.79       CUDA Version: 10.0     |\n")
    facts = ingest_text(text).facts
    assert facts.torch.cuda == "10.2"
    assert facts.torch.source == "inferred from cudatoolkit=10.2 in the conda install command on line 1"
    [first] = [f for f in findings(text) if f["id"] == "YD101"]
    assert first["category"] == "driver_too_old"
    assert any("spec asks conda's solver for" in e for e in first["evidence"])
    assert ingest_text("mamba install pytorch torchvision pytorch-cuda=12.1 -c pytorch -c nvidia\n"
                       ).facts.torch.cuda == "12.1"
    for nothing in ("conda install cudatoolkit=11.3 -c pytorch\n",  # the toolkit alone, no pytorch
                    "conda install pytorch torchvision cpuonly cudatoolkit=10.2 -c pytorch\n",
                    "conda install -c pytorch -c nvidia pytorch-cuda=11.8 torchaudio\n"):
        assert ingest_text(nothing).facts.torch.cuda is None, nothing


def test_cuda_unavailable_after_a_conda_cuda_spec_is_still_the_solver_taking_the_cpu_build():
    # the spec's CUDA is what was asked for, not the build that came: the spec stays the evidence of a CPU build
    text = ("conda install pytorch=1.9.0 torchvision cudatoolkit=11.3 -c pytorch\n"
            ">>> torch.cuda.is_available()\nFalse\n")
    [first] = findings(text)[:1]
    assert first["id"] == "conda-cuda-spec-cuda-unavailable" and first["category"] == "torch_cpu_only"


def test_a_gpu_too_new_for_the_cuda_a_conda_command_asks_for_says_both_are_from_the_paste():
    text = "GPU compute capability: 8.6\nconda install pytorch torchvision cudatoolkit=10.2 -c pytorch\n"
    [arch] = [f for f in findings(text) if f["id"] == "YD205"]
    assert any("inferred from cudatoolkit=10.2" in e for e in arch["evidence"])
    # the capability is stated in words: it comes from no tool, and the evidence names none
    assert not any("(from None)" in e for e in arch["evidence"])
    assert any(e.endswith("compute capability = 8.6") for e in arch["evidence"])
