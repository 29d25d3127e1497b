"""What people print from Python."""

from yolodoctor.ingest import ingest_text
from pasted import pasted_facts as facts_of


def test_repl_answers_on_the_next_line():
    f = facts_of(">>> import torch\n>>> torch.__version__\n'2.1.0+cu121'\n>>> torch.cuda.is_available()\nFalse\n"
                 ">>> torch.backends.cudnn.version()\n8902\n>>> torch.cuda.get_arch_list()\n['sm_50', 'sm_86']\n")
    assert (f.torch.version, f.torch.cuda, f.torch.cuda_available) == ("2.1.0+cu121", "12.1", False)
    assert f.torch.cudnn_version == "8.9.2"
    assert f.torch.arch_list == ["sm_50", "sm_86"]


def test_answers_on_the_same_line_in_prose():
    f = facts_of('"torch.cuda.is_available()" returns "False".\ntorch.cuda.device_count(): 0\n'
                 'torch.version.cuda = 11.8\n')
    assert (f.torch.cuda_available, f.torch.device_count, f.torch.cuda) == (False, 0, "11.8")


def test_code_fences_between_question_and_answer():
    f = facts_of("print(torch.cuda.get_device_name(0))\n```\n```\nNVIDIA GeForce RTX 2080 Ti\n")
    assert [(d.index, d.name) for d in f.torch.devices] == [(0, "NVIDIA GeForce RTX 2080 Ti")]


def test_cudnn_9_numbering():
    assert facts_of("torch.backends.cudnn.version(): 90100\n").torch.cudnn_version == "9.1.0"


def test_interpreter_banners_that_disagree_are_a_conflict():
    result = ingest_text("Python 3.6.7 | packaged by conda-forge | (default, Jul  2 2019, 02:18:42)\n\n"
                         "Python 3.6.5 |Anaconda, Inc.| (default, Apr 29 2018, 16:14:56)\n")
    assert result.facts.python.version == "3.6.7"
    [conflict] = result.summary.conflicts
    assert (conflict.path, conflict.kept, conflict.other, conflict.other_line) == ("python.version", "3.6.7", "3.6.5", 3)


def test_a_question_without_an_answer_reads_nothing():
    f = facts_of("torch.cuda.is_available()\nTraceback (most recent call last):\n")
    assert f.torch.cuda_available is None


def test_torch_for_r_and_returned_answers():
    assert ingest_text("cuda_is_available() returned FALSE\n").facts.torch.cuda_available is False
    assert ingest_text("torch::cuda_is_available() is TRUE\n").facts.torch.cuda_available is True
    assert ingest_text("torch.cuda.is_available() returned False\n").facts.torch.cuda_available is False
    # Another object's method, or no answer, is not torch's.
    assert ingest_text("gpu.cuda_is_available() FALSE\n").facts.torch.cuda_available is None
    assert ingest_text("cuda_is_available() returned maybe\n").facts.torch.cuda_available is None


def test_torch_for_r_in_a_container_on_a_dev_report():
    from pathlib import Path

    from yolodoctor.ingest import ingest_path
    from yolodoctor.ingest.check_from import build_pasted_report
    from yolodoctor.report.check_report import CheckOptions

    path = Path(__file__).parent / "fixtures" / "reports" / "175-mlverse-torch-docker-gpus-flag.txt"
    result = ingest_path(str(path))
    assert result.facts.torch.cuda_available is False
    assert build_pasted_report(result, CheckOptions()).document["findings"][0]["category"] == "gpu_not_visible"


def test_checks_listed_with_spaces_answer_strings_and_booleans_alike():
    f = facts_of("torch.__version__ '1.10.0'\ntorch.version.cuda '11.3'\ntorch.cuda.is_available() False\n")
    assert (f.torch.version, f.torch.cuda, f.torch.cuda_available) == ("1.10.0", "11.3", False)
    # a quoted string that does not end the line is prose or code, not an answer
    assert facts_of("torch.version.cuda 'x' is what the docs call it\n").torch.cuda is None
