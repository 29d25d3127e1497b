"""Packaging messages of the real-report corpus: a CPU-only torch said in words, an Ultralytics older than
its package layout. Each is checked on small pastes written here (matching and not matching) and on one
report of the dev split (tests/fixtures/reports), through the same pipeline as `check --from`.
"""

from pathlib import Path

import pytest

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.ingest.triage import triage
from yolodoctor.report.check_report import CheckOptions
from pasted import signal_ids

REPORTS = Path(__file__).parent / "fixtures" / "reports"


def first_category(path):
    document = build_pasted_report(ingest_path(str(REPORTS / path)), CheckOptions()).document
    return document["findings"][0]["category"]


@pytest.mark.parametrize("text", [
    "torch 2.10.0+cu130 → torch 2.9.1 (no CUDA)",
    "requirements里torch install时默认是cpu版本，所以cuda.is_available()只会返回false",
    "pip gave me the CPU version of PyTorch",
    "my torch is the CPU-only build",
])
def test_a_cpu_only_torch_said_in_words(text):
    assert "torch-cpu-build-in-words" in signal_ids(text)
    first = triage(ingest_text(text), [])[0]
    assert (first.category, first.certainty) == ("torch_cpu_only", "likely")


@pytest.mark.parametrize("text", [
    "torchvision 0.24.1 (no CUDA)",                      # another package
    "the CPU version is slow, the GPU is idle",          # no torch named
    "onnxruntime cpu only build installed",
])
def test_words_about_other_things_are_not_a_cpu_torch(text):
    assert "torch-cpu-build-in-words" not in signal_ids(text)


def test_a_stated_cpu_torch_ranks_after_an_error():
    text = "I have the CPU version of torch\nImportError: libGL.so.1: cannot open shared object file: " \
           "No such file or directory\n"
    categories = [f.category for f in triage(ingest_text(text), [])]
    assert categories[0] == "opencv_libgl"
    assert "torch_cpu_only" in categories


def test_a_cpu_torch_in_words_on_dev_reports():
    assert first_category("245-manga-translator-requirements-cpu-torch-cn.txt") == "torch_cpu_only"
    assert first_category("243-comfyui-1hew-requirements-overwrite-cu130.txt") == "torch_cpu_only"


@pytest.mark.parametrize("module", ["utils", "engine", "models.yolo", "data.build", "cfg"])
def test_modules_of_the_current_layout_missing_is_an_old_ultralytics(module):
    text = f"ModuleNotFoundError: No module named 'ultralytics.{module}'\n"
    assert "ultralytics-old-package-layout" in signal_ids(text)
    assert triage(ingest_text(text), [])[0].category == "ultralytics_outdated"


@pytest.mark.parametrize("text", [
    "ModuleNotFoundError: No module named 'ultralytics'",            # not installed at all
    "ModuleNotFoundError: No module named 'ultralytics.yolo'",       # code written for the old layout
])
def test_other_missing_ultralytics_modules_are_not_an_old_layout(text):
    assert "ultralytics-old-package-layout" not in signal_ids(text)


def test_an_old_ultralytics_layout_on_a_dev_report():
    assert first_category("329-ultralytics-5054-no-module-ultralytics-utils.txt") == "ultralytics_outdated"


PARSE_MODEL = ('  File "/env/lib/python3.11/site-packages/ultralytics/nn/tasks.py", line 1014, in parse_model\n'
               "    else globals()[m]\n")


def test_a_yaml_block_of_a_newer_family_is_an_old_ultralytics():
    findings = triage(ingest_text(PARSE_MODEL + "KeyError: 'A2C2f'\n"), [])
    assert (findings[0].category, findings[0].id) == ("ultralytics_outdated", "ultralytics-yaml-newer-block")
    # The bare KeyError of a known block says so even without the traceback above it.
    assert triage(ingest_text("KeyError: 'C3k2'\n"), [])[0].category == "ultralytics_outdated"


def test_an_unknown_yaml_module_is_a_fork_module_not_certainly_an_environment_problem():
    findings = triage(ingest_text(PARSE_MODEL + "KeyError: 'C3STR'\n"), [])
    assert (findings[0].category, findings[0].certainty) == ("other", "likely")
    assert "ultralytics_outdated" in [f.category for f in findings[1:]]
    # A KeyError elsewhere (a dict lookup in the user's code) is not about model YAML modules.
    assert "ultralytics-yaml-unknown-module" not in signal_ids("    hyp[k] = max(hyp[k], v[1])\nKeyError: 'anchors'\n")


def test_yaml_modules_on_dev_reports():
    assert first_category("332-yolov12-8-keyerror-a2c2f-pypi-ultralytics-cn.txt") == "ultralytics_outdated"
    assert first_category("333-stf-yolo-1-keyerror-custom-module.txt") == "other"


def test_an_undefined_symbol_in_torchvisions_extension_is_torchvision_for_another_torch():
    text = ("ImportError: /env/lib/python3.10/site-packages/torchvision/_C.so: undefined symbol: "
            "_ZN3c1019UndefinedTensorImpl10_singletonE\n")
    first = triage(ingest_text(text), [])[0]
    assert (first.category, first.certainty) == ("torchvision_mismatch", "certain")
    # The same message from a CUDA library is not torchvision's.
    lib = "ImportError: /env/lib/libcusparse.so.12: undefined symbol: __nvJitLinkAddData_12_1\n"
    assert "torchvision-extension-undefined-symbol" not in signal_ids(lib)


def test_torchvisions_extension_asking_for_another_cuda_runtime():
    text = ('  File "/env/lib/python3.7/site-packages/torchvision/ops/boxes.py", line 2, in <module>\n'
            "    from torchvision import _C\n"
            "ImportError: libcudart.so.9.0: cannot open shared object file: No such file or directory\n")
    findings = triage(ingest_text(text), [])
    assert findings[0].category == "torchvision_mismatch"
    assert "cuda_lib_missing" in [f.category for f in findings[1:]]
    # libcudart missing anywhere else stays a missing CUDA library.
    plain = "ImportError: libcudart.so.9.0: cannot open shared object file: No such file or directory\n"
    assert triage(ingest_text(plain), [])[0].category == "cuda_lib_missing"


def test_torchvision_extension_on_dev_reports():
    assert first_category("341-pytorch-21477-torchvision-binary-on-source-torch.txt") == "torchvision_mismatch"
    assert first_category("342-faster-rcnn-612-torchvision-c-undefined-symbol.txt") == "torchvision_mismatch"


def test_code_newer_than_the_python_that_runs_it():
    walrus = ('  File "train.py", line 116\n'
              "    lengths = [n := int(0.9 * len(dataset)), len(dataset) - n]\n"
              "                 ^\n"
              "SyntaxError: invalid syntax\n")
    first = triage(ingest_text(walrus), [])[0]
    assert (first.category, first.id) == ("python_unsupported", "python-too-old-for-walrus")
    # A SyntaxError on a line without := says nothing about the Python's age.
    assert "python-too-old-for-walrus" not in signal_ids(walrus.replace(":=", "="))
    union = "E   TypeError: unsupported operand type(s) for |=: 'dict' and 'dict'\n"
    assert triage(ingest_text(union), [])[0].category == "python_unsupported"
    assert "python-too-old-for-dict-union" not in signal_ids(
        "TypeError: unsupported operand type(s) for |: 'int' and 'str'\n")


def test_code_newer_than_the_python_on_dev_reports():
    assert first_category("345-ultralytics-18661-8360-python38-dict-union.txt") == "python_unsupported"
    assert first_category("346-fragmentvc-7-walrus-old-python.txt") == "python_unsupported"
