"""Messages met in forum and Q&A reports (discuss.pytorch.org, Hugging Face discussions, Stack Overflow).

Each on small pastes written here (including the near misses that must not match) and on one report of the
dev split of the real-report corpus.
"""

from pathlib import Path

import pytest

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.report.check_report import CheckOptions

REPORTS = Path(__file__).parent / "fixtures" / "reports"


def signal_ids(text):
    return [s.id for s in ingest_text(text).signals]


def categories(result):
    return [f["category"] for f in build_pasted_report(result, CheckOptions()).document["findings"]]


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
