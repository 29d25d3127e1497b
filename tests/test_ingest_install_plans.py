"""Install-side families of the real-report corpus: conda's and mamba's transaction plans read as the builds
they install, CPU-only PyTorch packages named by name, a conda CUDA spec followed by CUDA being unavailable,
a torch release asked for under a Python it has no wheels for, and pip walking back because no torch at all
installs. Each is checked on small pastes written here (matching and not matching) and on reports of the
dev split (tests/fixtures/reports), through the same pipeline as `check --from`.
"""

from pathlib import Path

import pytest

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.ingest.triage import triage
from yolodoctor.report.check_report import CheckOptions
from pasted import signal_ids

REPORTS = Path(__file__).parent / "fixtures" / "reports"


def finding_ids(text):
    return [f.id for f in triage(ingest_text(text), [])]


def first_category(path):
    document = build_pasted_report(ingest_path(str(REPORTS / path)), CheckOptions()).document
    return document["findings"][0]["category"]


# ---- conda / mamba plans ------------------------------------------------------------------

@pytest.mark.parametrize("line, version, cuda", [
    ("  pytorch            pytorch/win-64::pytorch-1.10.0-py3.6_cpu_0", "1.10.0", None),
    ("    pytorch-1.12.1             |      py3.8_cpu_0       133.8 MB  pytorch", "1.12.1", None),
    ("  + pytorch       1.10.0  py3.8_cpu_0        pytorch/win-64     100MB", "1.10.0", None),
    ("  pytorch            pytorch/linux-64::pytorch-2.1.0-py3.10_cuda12.1_cudnn8.9.2_0", "2.1.0", "12.1"),
    ("    pytorch-2.1.0              |py3.10_cuda11.8_cudnn8.7.0_0        1.43 GB  pytorch", "2.1.0", "11.8"),
    ("  pytorch   pytorch::pytorch-1.9.0-py3.8_cuda11.1_cudnn8.0.5_0 --> 1.10.0-py3.8_cpu_0", "1.10.0", None),
    # SUPERSEDED / DOWNGRADED: a channel on both sides, a long spec cut short with "~"
    ("  pytorch            pytorch::pytorch-1.12.1-py3.9_cuda11~ --> pkgs/main::pytorch-1.12.1-cpu_py39hb1f1ab4_1",
     "1.12.1", None),
    ("  pytorch    conda-forge::pytorch-2.1.0-cpu_generic_py311h8354fdb_2 --> pytorch::pytorch-2.1.0-py3.11_cuda12.1~",
     "2.1.0", "12.1"),
    ("  pytorch      pkgs/main/linux-64::pytorch-1.7.1-cuda102py38h2b8b8c8_0 --> conda-forge/linux-64::pytorch-1.8.0-cpu_py38h9e5ecb5~",
     "1.8.0", None),
    # an UPDATED line of an older conda: version-build on both sides, no channel
    ("  pytorch                  1.4.0-py3.7_cuda10.1.243_cudnn7.6.3_0 --> 1.5.0-py3.7_cpu_0", "1.5.0", None),
    ("  pytorch                  1.5.0-py3.7_cpu_0 --> 1.6.0-py3.7_cuda10.2.89_cudnn7.6.5_0", "1.6.0", "10.2"),
])
def test_a_conda_plan_line_is_read_as_the_build_it_installs(line, version, cuda):
    facts = ingest_text("conda install pytorch cudatoolkit=11.3 -c pytorch\n" + line + "\n").facts
    assert facts.torch.version == version
    assert facts.torch.cuda == cuda


@pytest.mark.parametrize("line", [
    "  cudatoolkit        pkgs/main/win-64::cudatoolkit-11.3.1-h59b6b97_2",   # not torch
    "  openssl            1.1.1g-h516909a_0 --> 1.1.1h-h516909a_0",           # another package changing
    "  pytorch   pytorch::pytorch-1.12.1-py3.9_cuda11~ --> pkgs/main::torchvision-0.13.1-cpu_py39h5a9c5dc_1",  # two names
    "| torch-1.12.1 | a table cell, no build |",
    "pytorch-lightning 1.9.0 requires torch>=1.10",
])
def test_other_plan_lines_give_no_torch(line):
    assert ingest_text(line + "\n").facts.torch.version is None


def test_a_cpu_build_in_a_plan_after_a_cuda_spec_is_the_cpu_fallback():
    text = ("conda install pytorch torchvision cudatoolkit=10.1 -c pytorch\n"
            "The following NEW packages will be INSTALLED:\n"
            "  pytorch            pytorch/win-64::pytorch-1.10.0-py3.6_cpu_0\n")
    first = triage(ingest_text(text), [])[0]
    assert (first.id, first.category, first.severity) == ("cuda-requested-cpu-installed", "torch_cpu_only", "error")


def test_a_cuda_build_in_a_plan_is_not_a_cpu_fallback():
    text = ("conda install pytorch cudatoolkit=11.8 -c pytorch\n"
            "  pytorch            pytorch/linux-64::pytorch-2.1.0-py3.10_cuda11.8_cudnn8.7.0_0\n")
    assert not any(f.category == "torch_cpu_only" for f in triage(ingest_text(text), []))


def test_conda_plans_on_dev_reports():
    assert first_category("501-conda-11001-cudatoolkit-101-cpu-build-win.txt") == "torch_cpu_only"
    assert first_category("508-pytorch-92273-conda-1121-cudatoolkit-102-cpu-win.txt") == "torch_cpu_only"
    assert first_category("6111-anaconda-issues-12302-update-all-supersedes-cuda-pytorch-with-cpu.txt") \
        == "torch_cpu_only"


# ---- CPU-only packages by name --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Somehow `conda env -f ...` installs pytorch-cpu on cuda toolkit v10.1.",
    "it shows that I installed `pytorch_cpu` rather than `pytorch_cuda`",
    "pip install torch-cpu",
])
def test_a_cpu_only_package_named(text):
    assert "torch-cpu-package-name" in signal_ids(text)
    assert triage(ingest_text(text), [])[0].category == "torch_cpu_only"


@pytest.mark.parametrize("text", [
    "/usr/lib/python3/site-packages/torch/lib/libtorch_cpu.so",
    "the torch_cpu_only category",
    "pytorch-cuda=12.1 -c nvidia",
])
def test_other_names_are_not_a_cpu_only_package(text):
    assert "torch-cpu-package-name" not in signal_ids(text)


def test_cpu_only_package_names_on_dev_reports():
    assert first_category("502-gaussianpretrain-4-conda-cudatoolkit-113-pytorch-cpu.txt") == "torch_cpu_only"
    assert first_category("509-cv-recipes-450-conda-env-pytorch-cpu-cuda101.txt") == "torch_cpu_only"


# ---- a conda CUDA spec, then CUDA unavailable ------------------------------------------------

def test_is_available_without_parentheses_is_read():
    assert ingest_text("torch.cuda.is_available=False\n").facts.torch.cuda_available is False
    assert ingest_text("torch.cuda.is_available() returns True\n").facts.torch.cuda_available is True


def test_a_conda_cuda_spec_then_cuda_unavailable():
    text = "conda install -c pytorch pytorch=1.9.0 torchvision cudatoolkit=11.3\ntorch.cuda.is_available=False\n"
    first = triage(ingest_text(text), [])[0]
    assert (first.id, first.category, first.certainty) == ("conda-cuda-spec-cuda-unavailable", "torch_cpu_only",
                                                           "likely")


@pytest.mark.parametrize("text", [
    # pip's CUDA index is not conda's silent fallback
    "pip install torch --index-url https://download.pytorch.org/whl/cu118\ntorch.cuda.is_available() False\n",
    # the build is shown and it is a CUDA one
    "conda install pytorch cudatoolkit=11.3 -c pytorch\ntorch.__version__ '1.10.0'\ntorch.version.cuda '11.3'\n"
    "torch.cuda.is_available() False\n",
    # CUDA is available
    "conda install pytorch cudatoolkit=11.3 -c pytorch\ntorch.cuda.is_available() True\n",
])
def test_no_conda_fallback_without_its_conditions(text):
    assert "conda-cuda-spec-cuda-unavailable" not in finding_ids(text)


def test_the_conda_fallback_on_a_dev_report():
    assert first_category("503-pytorch-69202-conda-190-cudatoolkit-113-cpu.txt") == "torch_cpu_only"


# ---- a torch release asked for under a Python without its wheels --------------------------------

def test_a_pinned_torch_without_wheels_for_the_python():
    text = ("Python 3.11.1 (tags/v3.11.1:a7a450f, Dec  6 2022, 19:58:39) [MSC v.1934 64 bit (AMD64)]\n"
            "RuntimeError: Couldn't install torch.\n"
            "Command: \"venv\\Scripts\\python.exe\" -m pip install torch==1.12.1+cu113 torchvision==0.13.1+cu113 "
            "--extra-index-url https://download.pytorch.org/whl/cu113\n")
    first = triage(ingest_text(text), [])[0]
    assert (first.id, first.category) == ("pinned-torch-no-wheel-for-python", "python_unsupported")
    assert first.data["torch"] == "1.12.1"


@pytest.mark.parametrize("text", [
    # that release has wheels for this Python
    "Python 3.10.6 (main)\npip install torch==1.12.1+cu113 --extra-index-url https://download.pytorch.org/whl/cu113\n",
    # no Python in the paste
    "pip install torch==1.12.1+cu113 --extra-index-url https://download.pytorch.org/whl/cu113\n",
])
def test_no_pinned_torch_finding_when_the_python_fits_or_is_unknown(text):
    assert "pinned-torch-no-wheel-for-python" not in finding_ids(text)


def test_a_pinned_torch_on_a_dev_report():
    assert first_category("521-sd-webui-5841-python311-torch-whl.txt") == "python_unsupported"


# ---- pip walking back because no torch installs at all ---------------------------------------

def test_a_bare_lower_bound_on_torch_that_pip_cannot_meet():
    text = ("INFO: pip is looking at multiple versions of ultralytics to determine which version is compatible\n"
            "    ultralytics 8.0.89 depends on torch>=1.7.0\n")
    assert "pip-torch-lower-bound-unresolvable" in signal_ids(text)


@pytest.mark.parametrize("text", [
    "    torchvision 0.15.0 depends on torch==2.0.0\n",           # a pin: a version conflict, not a missing torch
    "    ultralytics 8.0.89 depends on torch>=1.7.0,<2.0\n",      # an upper bound
    "The user requested torch>=1.7.0\n",
])
def test_conflicts_that_are_not_a_missing_torch(text):
    assert "pip-torch-lower-bound-unresolvable" not in signal_ids(text)


def test_pip_walking_back_on_a_dev_report():
    assert first_category("526-pokegrinder-26-python312-ultralytics-torch-backtrack.txt") == "python_unsupported"


# ---- only torch's 0.1.2 placeholders on offer ----------------------------------------------

@pytest.mark.parametrize("text", [
    "ERROR: Could not find a version that satisfies the requirement torch==1.10.0+cu113 "
    "(from versions: 0.1.2, 0.1.2.post1, 0.1.2.post2)\n",
    "ERROR: Could not find a version that satisfies the requirement torch>=1.2 (from OpenNMT-py) "
    "(from versions: 0.1.2, 0.1.2.post1, 0.1.2.post2)\n",
    "  Using cached https://files.pythonhosted.org/packages/5f/e9/bac4/torch-0.1.2.post1.tar.gz\n",
    "RuntimeError: PyTorch does not currently provide packages for PyPI (see status at "
    "https://github.com/pytorch/pytorch/issues/566).\n",
])
def test_only_the_placeholder_releases_mean_no_wheel_for_this_python(text):
    ingested = ingest_text(text)
    assert "pip-torch-placeholder-only" in signal_ids(text)
    assert triage(ingested, [])[0].category == "python_unsupported"


@pytest.mark.parametrize("text", [
    # real releases are offered: another cause
    "ERROR: Could not find a version that satisfies the requirement torch==1.8.1+cu111 "
    "(from versions: 0.1.2, 0.1.2.post1, 1.11.0, 1.12.0)\n",
    # the 2017 `pytorch` placeholder is another package, another story (not on PyPI then)
    "Collecting pytorch\n  Using cached pytorch-0.1.tar.gz\n",
])
def test_other_version_lists_are_not_the_placeholders(text):
    assert "pip-torch-placeholder-only" not in signal_ids(text)


def test_the_placeholders_on_dev_reports():
    assert first_category("572-pytorch-29090-python380-windows-placeholder.txt") == "python_unsupported"
    assert first_category("573-opennmt-1653-python380-torch12.txt") == "python_unsupported"
