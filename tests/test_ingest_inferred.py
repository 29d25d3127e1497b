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
