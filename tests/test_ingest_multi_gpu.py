"""A small /dev/shm with several GPUs given to the processes by CUDA_VISIBLE_DEVICES is NCCL's problem (YD702),
even when the paste lists no GPUs."""

from pathlib import Path

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.report.check_report import CheckOptions

REPORTS = Path(__file__).parent / "fixtures" / "reports"
DF = ("$ df -h\nFilesystem      Size  Used Avail Use% Mounted on\n"
      "shm             1.0G     0  1.0G   0% /dev/shm\n")


def findings(result):
    return build_pasted_report(result, CheckOptions()).document["findings"]


def test_two_visible_gpus_and_a_small_shm_is_nccl():
    two = ingest_text(DF + "$ CUDA_VISIBLE_DEVICES=2,3 ./build/all_reduce_perf -b 8 -e 16M -g 2\n")
    found = findings(two)
    assert found[0]["id"] == "YD702" and found[0]["category"] == "nccl_problem"
    assert any("CUDA_VISIBLE_DEVICES" in e for e in found[0]["evidence"])
    one = ingest_text(DF + "$ CUDA_VISIBLE_DEVICES=0 python train.py\n")
    assert "YD702" not in [f["id"] for f in findings(one)]
    big = ingest_text(DF.replace("1.0G     0  1.0G", "8.0G     0  8.0G") + "$ CUDA_VISIBLE_DEVICES=2,3 python t.py\n")
    assert "YD702" not in [f["id"] for f in findings(big)]


def test_two_visible_gpus_and_a_small_shm_on_a_dev_report():
    found = findings(ingest_path(str(REPORTS / "039-nccl-tests-hang-small-dev-shm.txt")))
    assert found[0]["category"] == "nccl_problem"
