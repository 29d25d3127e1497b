"""The torch a program sees, said to differ from the torch its environment holds (ingest.seen_torch): two installs,
so the program ran another Python than the environment set up for it. Pastes written for the mechanism."""

from tests.pasted import check_findings
from yolodoctor.ingest.seen_torch import torch_seen_elsewhere


def _read(text: str):
    return torch_seen_elsewhere(list(enumerate(text.split("\n"), 1)))


def test_the_environment_and_the_program_name_two_torches_in_chinese_and_english():
    # on two lines, with the program's side not naming torch again; on one line in two clauses; in English with
    # build tags that differ on the same release
    assert _read("conda 环境里 pip show 出来 torch 是 2.2.1+cu121\n可是跑 webui 的时候日志显示 2.0.0+cpu") \
        == (1, 2, "2.2.1+cu121", "2.0.0+cpu")
    assert _read("虚拟环境中的 torch 是 1.13.1，但是运行时打印的却是 1.12.0") == (1, 1, "1.13.1", "1.12.0")
    assert _read("pip list in my venv shows torch 2.1.2+cu118, but the app reports torch 2.1.2+cpu") \
        == (1, 1, "2.1.2+cu118", "2.1.2+cpu")


def test_a_before_and_after_a_listing_or_other_numbers_are_not_two_installs():
    # an upgrade between the two: a before and an after
    assert _read("venv 里原来是 torch 2.0.1，升级之后显示 2.1.0") is None
    # the same torch seen, and one release written short ("2.1" is 2.1.0)
    assert _read("the venv has torch 2.1.0+cu121 but the script prints 2.1.0+cu121") is None
    assert _read("环境里 torch 是 2.1，但是启动显示 2.1.0+cu118") is None
    # no word that sets them apart: a listing
    assert _read("venv: torch 2.1.0\nthe app prints 2.0.1") is None
    # CUDA, Python and driver numbers are not torch versions
    assert _read("conda list 里 torch 1.13.1，但是显示 CUDA 11.7, python 3.10, driver 535.104.05") is None
    # too far apart to be said of each other
    assert _read("venv 中 torch 2.4.0\na\nb\nc\nd\n但是识别的是 2.3.1") is None


def test_the_finding_is_the_wrong_interpreter_and_names_both_versions():
    findings = check_findings("环境中 torch 版本是 2.4.0+cu121\n但执行 train.py 以后，识别出来的却是 2.3.1+cpu，用不了显卡")
    assert findings[0]["id"] == "torch-seen-other-than-environment"
    assert findings[0]["category"] == "wrong_interpreter"
    assert "2.3.1+cpu" in findings[0]["title"] and "2.4.0+cu121" in findings[0]["title"]
    # nothing of the kind where the program's version is the environment's
    plain = check_findings("环境中 torch 版本是 2.4.0+cu121\n但执行 train.py 以后，识别出来的也是 2.4.0+cu121，用不了显卡")
    assert "torch-seen-other-than-environment" not in {f["id"] for f in plain}
