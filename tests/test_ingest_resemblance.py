"""Leads where nothing in a paste proves a cause: the word model (ingest.resemblance) and its findings (ingest.leads)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.check_from import build_pasted_report, category_areas
from yolodoctor.ingest.leads import DOUBT, LEAD_PREFIX, doubted_notes, lead_findings
from yolodoctor.ingest.model import ReadPart
from yolodoctor.ingest.resemblance import (SAMPLE_CHARS, WordModel, load_model, parse_model, resemblances,
                                           sample_of, shows_trouble, word_probabilities, words_of)
from yolodoctor.knowledge.files import KnowledgeError, load_toml
from yolodoctor.report.check_report import CheckOptions

sys.path.insert(0, "benchmarks")
from report_split import REPORTS, load_manifest, split_of  # noqa: E402


def findings_of(text: str) -> list[dict]:
    return build_pasted_report(ingest_text(text), CheckOptions()).document["findings"]


# -- reading words --------------------------------------------------------------------------------------------------

def test_words_are_lower_cased_runs_that_start_with_a_letter():
    assert words_of("No module named 'Ultralytics' (x86_64, 3.10)") == {"no", "module", "named", "ultralytics",
                                                                         "x86_64"}


def test_the_letter_runs_inside_an_identifier_are_words_too():
    # A library named by one of its files gives its name ("libcudnn"); a version glued to a name ("cuda118") gives
    # the name. A run under three letters ("sm" of sm_86) adds nothing.
    words = words_of("OSError: libcudnn_ops_infer.so.8 missing; torch 2.0.1+cuda118 on sm_86")
    assert {"libcudnn_ops_infer", "libcudnn", "ops", "infer", "cuda118", "cuda"} <= words
    assert "sm_86" in words and "sm" not in words
    assert words_of("cuda") == {"cuda"}  # a plain word is not split


def test_an_overlong_identifier_still_gives_its_parts():
    assert words_of("x" + "_segment" * 6) == {"segment"}


def test_chinese_is_read_as_pairs_of_neighbouring_characters():
    assert words_of("显卡没用上") == {"显卡", "卡没", "没用", "用上"}
    assert words_of("卡") == {"卡"}


def test_overlong_runs_are_not_words():
    assert words_of("a" * 31 + " ok") == {"ok"}


def test_the_sample_is_the_start_of_the_paste_and_bounded():
    lines = [(n, "x" * 999) for n in range(1, 100)]
    sample = sample_of(lines)
    assert len(sample) == SAMPLE_CHARS and sample.startswith("x" * 999 + "\n") and sample.count("\n") == 20
    assert sample_of([(1, "first"), (2, "second")]) == "first\nsecond"


def test_trouble_is_a_failure_said_in_english_or_chinese():
    assert shows_trouble("pip install flash-attn fails")
    assert shows_trouble("训练一直用的是CPU，怎么办")
    assert not shows_trouble("PyTorch version: 2.1.0+cu121\nIs CUDA available: True")
    assert not shows_trouble("GCC version: Could not collect\nCMake version: Could not collect")
    assert shows_trouble("ERROR: Could not install packages due to an OSError")


def test_trouble_without_an_error_word_is_still_trouble():
    # Reports that named no error word: a build still running, a wait too long, a question, a refusal in Chinese.
    assert shows_trouble("Building flash-attn has been compiling for two hours and is still not finished.")
    assert shows_trouble("(installing mmcv-full is taking too long)")
    assert shows_trouble("My card is an RTX 3060 12GB. Is this normal?")
    assert shows_trouble("出现了 CPU training is not allowed.")
    assert shows_trouble("镜像上还是看不到新版本")
    assert shows_trouble("ERROR: No matching distribution found for torch")
    assert shows_trouble("the link answers with 403 Forbidden")


def test_trouble_said_as_what_is_missing_or_short():
    # A mismatch, a lack, an unsupported or a short resource, a module not found, a GPU answered False, said in words.
    assert shows_trouble("The detected CUDA version (12.0) mismatches the version that was used to compile PyTorch")
    assert shows_trouble("CUDA driver version is insufficient for CUDA runtime version")
    assert shows_trouble("Missing libGL.so.1 in the docker image")
    assert shows_trouble("uvloop on the mirror lacks the rc versions")
    assert shows_trouble("with RAM caching my training goes OOM")
    assert shows_trouble("In the container torch.cuda.is_available() returned FALSE")
    assert shows_trouble("训练的时候总是显示已杀死")
    assert shows_trouble("阿里云镜像下载 pytorch 慢得出奇")
    assert not shows_trouble("torch.cuda.is_available() returns True\nRoom for 4 GPUs, the slack is fine")


def test_trouble_said_as_what_a_resolver_or_an_index_could_not_give():
    assert shows_trouble("  × No solution found when resolving dependencies:")
    assert shows_trouble("we can conclude that your requirements are unsatisfiable.")
    assert shows_trouble("https://pypi.tuna.tsinghua.edu.cn/simple/ta/ is out of sync with pypi")
    assert shows_trouble("on a node with CUDA 8 it quietly falls back to the CPU")
    assert shows_trouble("No wheel can be found on PyPI for it.")
    assert shows_trouble("no version of triton is available on Windows")
    assert not shows_trouble("Successfully installed torch-2.4.1 torchvision-0.19.1")
    assert not shows_trouble("Is debug build: False\nno builds were cached, 3 wheels were built")


def test_a_healthy_record_is_no_trouble_though_it_has_question_marks_and_installs():
    assert not shows_trouble("Install             pip\nRAM                 31.8 GB")
    assert not shows_trouble("Looking in indexes: https://example.org/simple?page=2")
    assert not shows_trouble("No running processes found")
    assert not shows_trouble("Is debug build: False\nIs CUDA available: False\nCUDA runtime version: No CUDA")


# -- the model's arithmetic, on a model written here ---------------------------------------------------------------

TOY = WordModel(categories=("torch_cpu_only", "wrong_interpreter", "other"), bias=(0.0, 0.0, 0.0),
                weights={"cpu": ((0, 4.0),), "kernel": ((1, 4.0),), "jupyter": ((1, 2.0),), "slow": ((0, 1.0),)},
                min_probability=0.1, limit=2)


def test_the_most_probable_category_comes_first_with_its_heaviest_words():
    leads = resemblances("the jupyter kernel fails, it is slow on the cpu", TOY)
    assert [lead.category for lead in leads] == ["wrong_interpreter", "torch_cpu_only"]
    assert leads[0].words == ("kernel", "jupyter") and leads[1].words == ("cpu", "slow")
    assert leads[0].probability > leads[1].probability > 0.1


def test_improbable_categories_and_those_past_the_limit_are_not_shown():
    leads = resemblances("the jupyter kernel fails", TOY)
    assert [lead.category for lead in leads] == ["wrong_interpreter"]  # the others are under 10%
    assert len(resemblances("cpu kernel jupyter slow error", TOY)) <= TOY.limit


def test_a_paste_that_tells_of_no_trouble_has_no_lead():
    assert resemblances("the jupyter kernel on the cpu", TOY) == []


def test_a_malformed_model_is_a_knowledge_error():
    good = {"model": {"categories": ["other", "gpu_oom"], "bias": [0, 0], "min_probability": 0.1, "limit": 3},
            "weights": {"oom": "1:2.5"}}
    assert parse_model(good).weights == {"oom": ((1, 2.5),)}
    for broken in ({"weights": {}}, {**good, "weights": {"oom": "9:1"}}, {**good, "weights": {"oom": "one"}},
                   {**good, "model": {**good["model"], "bias": [0]}}):
        with pytest.raises(KnowledgeError):
            parse_model(broken)


# -- the shipped model -------------------------------------------------------------------------------------------

def test_the_shipped_model_was_fitted_on_dev_reports_only():
    data = load_toml("compat", "report_words.toml")["model"]
    numbers = data["trained_on"].split()
    split_by_number = {r["file"].split("-", 1)[0]: (r["file"], split_of(r["source"])) for r in load_manifest()}
    assert len(numbers) > 1000
    assert all(split_by_number[n][1] == "dev" for n in numbers), "a test report was used for training"
    files = sorted(split_by_number[n][0] for n in numbers)
    assert hashlib.sha256("\n".join(files).encode()).hexdigest() == data["trained_on_sha256"]


def test_the_shipped_model_names_only_known_categories():
    from yolodoctor.diagnose.model import CATEGORIES

    model = load_model()
    assert set(model.categories) <= set(CATEGORIES) and len(model.weights) > 500


@pytest.mark.parametrize("paste, category", [
    ("I installed the package in my conda env but jupyter notebook still can't import it", "wrong_interpreter"),
    ("the jupyter kernel can't find the package although I installed it", "wrong_interpreter"),
    ("the training process always dies after a few epochs, I have 16GB of memory", "resources_low"),
    ("训练跑了几个epoch进程就没了，机器也卡死了，内存只有16G，怎么办", "resources_low"),
])
def test_a_paste_of_words_only_gets_a_lead_of_its_cause(paste, category):
    findings = findings_of(paste)
    assert findings, "nothing at all for a paste that tells of trouble"
    first = findings[0]
    assert first["id"] == LEAD_PREFIX + category and first["category"] == category
    assert first["severity"] == "info" and first["certainty"] == "likely"
    assert all(f["id"].startswith(LEAD_PREFIX) for f in findings)
    assert 0.1 <= first["data"]["resemblance"] <= 1 and first["data"]["words"]


# -- when leads are shown -----------------------------------------------------------------------------------------

def test_no_lead_beside_a_certain_finding():
    findings = findings_of("I installed it but it fails:\nImportError: libGL.so.1: cannot open shared object file: "
                           "No such file or directory")
    assert findings and not any(f["id"].startswith(LEAD_PREFIX) for f in findings)
    assert findings[0]["category"] == "opencv_libgl" and findings[0]["certainty"] == "certain"


def _certain(category):
    from yolodoctor.diagnose.model import Finding

    return Finding(id=category, category=category, severity="error", area="system", title="t", message="m", fix="",
                   evidence=(), certainty="certain")


def _troubled_paste():
    """A paste that tells of trouble, the areas, and the categories its words resemble most and least."""
    result = ingest_text("the training fails, it is slow on the cpu, jupyter kernel")
    probability = word_probabilities(result.sample)
    agreed = max(probability, key=probability.get)
    doubted = min(probability, key=probability.get)
    assert probability[agreed] >= DOUBT > probability[doubted]
    return result, category_areas(), agreed, doubted


def test_leads_follow_a_certain_finding_only_where_the_words_doubt_it():
    result, areas, agreed, doubted = _troubled_paste()
    assert lead_findings(result, areas, [_certain(agreed)]) == []
    leads = lead_findings(result, areas, [_certain(doubted)])
    assert 1 <= len(leads) <= 2 and doubted not in [f.category for f in leads]
    assert all(f.title.startswith("If not the above") and f.severity == "info" for f in leads)
    # one certain cause the words agree with is enough to keep them out
    assert lead_findings(result, areas, [_certain(doubted), _certain(agreed)]) == []
    calm = ingest_text("the training ran for 10 epochs on the cpu, jupyter kernel")
    assert lead_findings(calm, areas, [_certain(doubted)]) == []


BUILD_FAILS_IN_WORDS = ("pip install flash-attn fails in my conda env, nvcc not found, cuda toolkit\n"
                        "ERROR: Failed building wheel for flash-attn\n")


def test_leads_follow_a_likely_finding_without_repeating_its_cause():
    findings = findings_of(BUILD_FAILS_IN_WORDS)
    proven = [f for f in findings if not f["id"].startswith(LEAD_PREFIX)]
    leads = [f for f in findings if f["id"].startswith(LEAD_PREFIX)]
    assert proven and proven[0]["category"] == "flash_attn_build" and proven[0]["certainty"] == "likely"
    assert leads and findings[:len(proven)] == proven  # leads only after what is proven
    categories = [f["category"] for f in findings]
    assert len(categories) == len(set(categories)) <= 3
    assert "cuda_home_nvcc" in [f["category"] for f in leads]  # "nvcc not found" said in words
    assert all(f["title"].startswith("If not the above") and f["severity"] == "info" for f in leads)


def test_no_lead_where_three_causes_are_proven_or_the_paste_tells_of_no_trouble():
    from yolodoctor.diagnose.model import Finding

    def likely(category):
        return Finding(id=category, category=category, severity="warning", area="system", title="t",
                       message="m", fix="", evidence=(), certainty="likely")

    result = ingest_text("the training fails, it is slow on the cpu, jupyter kernel")
    areas = category_areas()
    assert len(lead_findings(result, areas, [likely("other")])) >= 1
    assert lead_findings(result, areas, [likely("other"), likely("gpu_oom"), likely("nccl_problem")]) == []
    calm = ingest_text("the training ran for 10 epochs on the cpu, jupyter kernel")
    assert lead_findings(calm, areas, [likely("other")]) == []


def _note(category):
    from yolodoctor.diagnose.model import Finding

    return Finding(id="YD" + category, category=category, severity="info", area="system", title="t", message="m",
                   fix="", evidence=(), certainty="certain")


def test_a_note_whose_cause_the_words_do_not_resemble_follows_the_leads():
    result, areas, agreed, doubted = _troubled_paste()
    assert doubted_notes(result.sample, [_note(doubted), _note(agreed)]) == [_note(doubted)]
    leads = lead_findings(result, areas, [], [_note(doubted)])
    # a note is no cause: the leads say nothing is proven, do not repeat its category, and leave it its place
    assert 1 <= len(leads) <= 2 and doubted not in [f.category for f in leads]
    assert all(f.title.startswith("Nothing in the paste proves a cause") for f in leads)
    # a certain note does not keep the leads out as a certain cause does
    assert lead_findings(result, areas, [_certain(doubted)]) != [] == lead_findings(result, areas, [_certain(agreed)])
    calm = ingest_text("the training ran for 10 epochs on the cpu, jupyter kernel")
    assert doubted_notes(calm.sample, [_note(doubted)]) == []


def _report(name: str) -> str:
    return (REPORTS / name).read_text(encoding="utf-8")


def test_an_old_ultralytics_note_goes_after_the_leads_of_an_unrelated_failure():
    # a DDP run whose mAP stays zero: the installed Ultralytics predates newer model families (YD602, a note), but the
    # paste is about none of them
    findings = findings_of(_report("14500-ultralytics-978-ddp-python-map-zero.txt"))
    assert findings[0]["id"].startswith(LEAD_PREFIX) and findings[0]["category"] == "other"
    assert "YD602" in [f["id"] for f in findings[:3]]
    # where the words resemble an outdated Ultralytics (a YOLOv10 export), the same note stays first
    findings = findings_of(_report("17304-ultralytics-13868-yolov10-onnx-simplify-onnxslim-pin.txt"))
    assert findings[0]["id"] == "YD602"


def test_no_lead_for_a_healthy_environment_dump():
    text = ("Collecting environment information...\nPyTorch version: 2.1.0+cu121\nIs debug build: False\n"
            "CUDA used to build PyTorch: 12.1\nIs CUDA available: True\n")
    assert findings_of(text) == []


def test_no_lead_for_yolodoctors_own_report():
    result = ingest_text("the training fails, it is slow on the cpu, jupyter kernel")
    assert lead_findings(result, category_areas())  # the words alone get one
    own = ingest_text("the training fails, it is slow on the cpu, jupyter kernel")
    own.summary = type(own.summary)(**{**own.summary.__dict__, "parts": (
        ReadPart("yolodoctor_report", "yolodoctor report", 1, 40, ()),)})
    assert lead_findings(own, category_areas()) == []


def test_check_from_shows_a_lead_as_a_note_that_does_not_fail_the_run(tmp_path):
    paste = tmp_path / "issue.txt"
    paste.write_text("I installed the package in my conda env but jupyter notebook still can't import it\n")
    run = subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--from", str(paste), "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)
    assert [f["id"] for f in document["findings"]][:1] == [LEAD_PREFIX + "wrong_interpreter"]
    text = subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--from", str(paste)],
                          capture_output=True, text=True, timeout=120).stdout
    assert "Nothing in the paste proves a cause" in text and "Traceback" not in text


def test_the_lead_speaks_chinese():
    from yolodoctor.i18n import set_language

    set_language("zh-CN")
    try:
        findings = findings_of("训练跑了几个epoch进程就没了，机器也卡死了，内存只有16G，怎么办")
    finally:
        set_language("en")
    assert findings and findings[0]["id"].startswith(LEAD_PREFIX)
    assert "粘贴内容中没有能证明原因的信息" in findings[0]["title"]


def test_a_lead_after_a_proven_cause_speaks_chinese():
    from yolodoctor.i18n import set_language

    set_language("zh-CN")
    try:
        findings = findings_of(BUILD_FAILS_IN_WORDS)
    finally:
        set_language("en")
    leads = [f for f in findings if f["id"].startswith(LEAD_PREFIX)]
    assert leads and all(f["title"].startswith("如果不是以上原因") for f in leads)
