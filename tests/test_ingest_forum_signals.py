"""Messages met in forum and Q&A reports (discuss.pytorch.org, Hugging Face discussions, Stack Overflow).

Each on small pastes written here (including the near misses that must not match) and on one report of the
dev split of the real-report corpus.
"""

from pathlib import Path

import pytest

from yolodoctor.ingest import ingest_path, ingest_text
from pasted import pasted_facts as facts_of, result_categories as categories, signal_ids

REPORTS = Path(__file__).parent / "fixtures" / "reports"


# ---- NCCL: the unique-id exchange through the c10d store failed ---------------------------------------------------

@pytest.mark.parametrize("line", [
    "RuntimeError: [1] is setting up NCCL communicator and retreiving ncclUniqueId from [0] via c10d key-value "
    "store by key '0', but store->get('0') got error: Broken pipe",
    "torch.distributed.DistBackendError: [3] is setting up NCCL communicator and retrieving ncclUniqueId from [0] "
    "via c10d key-value store by key '0', but store->get('0') got error: Connection reset by peer",
    "[rank1]: RuntimeError: [1] is setting up NCCL communicator and retrieving ncclUniqueId from [0] via c10d "
    "key-value store by key '0:1', but store->get('0:1') got error: Socket Timeout",
])
def test_the_unique_id_exchange_failing_is_an_nccl_problem(line):
    assert "nccl-unique-id-exchange-failed" in signal_ids(line + "\n")
    assert categories(ingest_text(line + "\n"))[0] == "nccl_problem"


def test_the_unique_id_exchange_near_misses():
    # NCCL's INFO lines about the unique id, and a store error of another backend, are not it.
    for text in ("node1:123:123 [0] NCCL INFO Bootstrap : Using eth0:10.0.0.1<0>\n",
                 "NCCL INFO comm 0x55d5 rank 0 nranks 2 cudaDev 0 busId 1000 - Init COMPLETE\n",
                 "RuntimeError: Connection reset by peer (gloo rendezvous)\n"):
        assert "nccl-unique-id-exchange-failed" not in signal_ids(text)


def test_the_unique_id_exchange_on_a_dev_report():
    result = ingest_path(str(REPORTS / "1710-wespeaker-221-nccl-store-broken-pipe-multi-gpu.txt"))
    assert categories(result)[0] == "nccl_problem"


# ---- "(latest)" after a stated version, and Fermi GPUs named in prose -------------------------------------------

def test_a_version_called_latest_in_parentheses_is_still_the_setup():
    facts = facts_of("I have GPU nvidia quadro 6000 version 377.83 (latest).\n")
    assert [g.name.lower() for g in facts.nvidia.gpus] == ["quadro 6000"]
    facts = facts_of("My GPU is an RTX 3060, driver 551.23 (the latest version)\n")
    assert str(facts.nvidia.driver_version) == "551.23"
    # "latest" outside such a parenthesis still marks advice, not the reporter's setup.
    assert not facts_of("Install the latest driver 551.23 for your RTX 3060\n").nvidia.gpus


@pytest.mark.parametrize("line", ["I have GPU nvidia quadro 6000 version 377.83 (latest).",
                                  "GPU: GeForce GTX 580\ntorch.cuda.is_available() returns False",
                                  "my card is a GeForce GT 430"])
def test_a_fermi_gpu_named_in_words_is_older_than_every_build(line):
    result = ingest_text(line + "\n")
    assert categories(result)[0] == "gpu_arch_unsupported"


def test_newer_cards_with_similar_names_are_not_fermi():
    for line in ("GPU: Quadro RTX 6000\ntorch.cuda.is_available() returns False",
                 "GPU: NVIDIA RTX A6000\ntorch.cuda.is_available() returns False",
                 "GPU: GeForce GTX 1080\ntorch.cuda.is_available() returns False"):
        assert "gpu_arch_unsupported" not in categories(ingest_text(line + "\n"))


def test_a_fermi_gpu_on_a_dev_report():
    result = ingest_path(str(REPORTS / "1727-discuss-pytorch-104951-quadro-6000-cuda-false.txt"))
    assert categories(result)[0] == "gpu_arch_unsupported"


# ---- pip's messages retyped in lower case (forum posts, titles) -------------------------------------------------

@pytest.mark.parametrize("text, signal", [
    ("could not find a version that satisfies the requirement torch==2.1.2 (from versions: 2.2.0, 2.2.2, 2.3.0)\n"
     "No matching distribution found for torch==2.1.2\n", "pip-no-matching-version"),
    ("no matching distribution found for torch==1.12.1+cu116\n", "pip-local-variant-not-found"),
])
def test_pips_messages_retyped_in_lower_case(text, signal):
    assert signal in signal_ids(text)


def test_lower_case_near_misses():
    for text in ("I could not find a version that works for me\n",
                 "we found no matching distribution of the weights\n"):
        assert not {"pip-no-matching-version", "pip-local-variant-not-found"} & set(signal_ids(text))


def test_a_retyped_pip_message_on_a_dev_report():
    result = ingest_path(str(REPORTS / "1731-a1111-discussion-15956-torch-212-not-found.txt"))
    assert categories(result)[0] == "python_unsupported"


# ---- a TensorRT engine from another TensorRT version, as TensorRT 5-7 word it --------------------------------------

@pytest.mark.parametrize("line", [
    "[TensorRT] ERROR: ../rtSafe/coreReadArchive.cpp (31) - Serialization Error in verifyHeader: 0 (Magic tag does "
    "not match)",
    "ERROR: coreReadArchive.cpp (31) - Serialization Error in verifyHeader: 0 (Magic tag does not match)",
])
def test_tensorrt_6_7_wording_of_an_engine_from_another_version(line):
    assert "tensorrt-engine-version" in signal_ids(line + "\n")
    assert categories(ingest_text(line + "\n"))[0] == "tensorrt_problem"


def test_tensorrt_engine_version_near_misses():
    for text in ("the magic tag does not match the file format we expected\n",
                 "TensorRT plan file loaded: engine compatible with this GPU\n"):
        assert "tensorrt-engine-version" not in signal_ids(text)


def test_an_older_tensorrt_engine_mismatch_on_a_dev_report():
    result = ingest_path(str(REPORTS / "1741-nvidia-forum-81872-tensorrt-magic-tag-mismatch.txt"))
    assert categories(result)[0] == "tensorrt_problem"
