"""Interpreter and index families of the real-report corpus: torch installed by the paste's own command (or pip
saying it is there) and then missing is another interpreter; an editor's unresolved import is its selected
interpreter; a +cuXXX torch asked from a PyPI mirror is the index. Each is checked on small pastes written here
(matching and not matching) and, where one exists, on reports of the dev split, through the same pipeline as
`check --from`.
"""

from pathlib import Path

import pytest

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.ingest.triage import triage
from yolodoctor.report.check_report import CheckOptions
from pasted import signal_categories as categories

REPORTS = Path(__file__).parent / "fixtures" / "reports"
MISSING = "ModuleNotFoundError: No module named 'torch'\n"


def first_category(path):
    document = build_pasted_report(ingest_path(str(REPORTS / path)), CheckOptions()).document
    return document["findings"][0]["category"]


@pytest.mark.parametrize("install", [
    "conda install pytorch torchvision cudatoolkit=10.1 -c pytorch\n",
    "pip3 install torch torchvision\n",
    "Requirement already satisfied: torch in /usr/local/lib/python3.10/dist-packages (2.1.0)\n",
    "Successfully installed filelock-3.13.1 torch-2.1.0 typing-extensions-4.9.0\n",
])
def test_torch_installed_then_missing_is_another_interpreter(install):
    assert categories(install + MISSING)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    MISSING,                                                         # nothing says torch was installed
    "pip install -r requirements.txt\n" + MISSING,                   # torch not named
    "pip install torchvision\n" + MISSING,                           # another package
])
def test_a_missing_torch_without_an_install_stays_missing(text):
    assert categories(text)[0] == "torch_missing"


def test_a_failed_torch_install_is_not_another_interpreter():
    text = ("pip install torch==1.12.1+cu113\n"
            "ERROR: Could not find a version that satisfies the requirement torch==1.12.1+cu113 (from versions: none)\n"
            "ERROR: No matching distribution found for torch==1.12.1+cu113\n" + MISSING)
    assert categories(text)[0] != "wrong_interpreter"


def test_torch_installed_elsewhere_on_dev_reports():
    assert first_category("532-pytorch-29020-ipython-from-base-anaconda.txt") == "wrong_interpreter"
    assert first_category("534-pytorch-25512-alias-python-base-anaconda.txt") == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    'Import "torch" could not be resolvedPylancereportMissingImports',
    'Import "ultralytics" could not be resolved',
    'Import "cv2" could not be resolved from source Pylance(reportMissingModuleSource)',
])
def test_an_editor_unresolved_import_is_its_interpreter(text):
    ingested = ingest_text(text + "\n")
    assert "editor-import-unresolved" in [s.id for s in ingested.signals]
    assert triage(ingested, [])[0].category == "wrong_interpreter"


def test_an_unresolved_name_in_prose_is_not_the_editor():
    assert "editor-import-unresolved" not in [s.id for s in ingest_text("the DNS name could not be resolved\n").signals]


def test_an_editor_unresolved_import_on_a_dev_report():
    assert first_category("533-pylance-1594-import-torch-unresolved.txt") == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    "pip install torch==1.12.1+cu113 -i https://pypi.tuna.tsinghua.edu.cn/simple\n"
    "ERROR: No matching distribution found for torch==1.12.1+cu113\n",
    "用清华源安装 torch==2.1.0+cu118 失败\n",
])
def test_a_cuda_build_asked_from_a_pypi_mirror(text):
    first = triage(ingest_text(text), [])[0]
    assert first.category == "pip_index"  # pip's own message, where pasted, says so first


@pytest.mark.parametrize("text", [
    # the PyTorch index is given too: the mirror is not what lacks the build
    "pip install torch==2.1.0+cu118 -i https://pypi.tuna.tsinghua.edu.cn/simple "
    "--extra-index-url https://download.pytorch.org/whl/cu118\n",
    # no +cuXXX build asked for
    "pip install torch==2.1.0 -i https://mirrors.aliyun.com/pypi/simple\n",
    # the +cuXXX torch is already installed, not asked for: the mirror serves another package
    "pip install flash-attn\nLooking in indexes: https://mirrors.aliyun.com/pypi/simple\n"
    "Requirement already satisfied: torch in c:\\envs\\a\\lib\\site-packages (from flash-attn) (2.8.0+cu128)\n",
    # a printed torch.__version__
    "Looking in indexes: https://pypi.tuna.tsinghua.edu.cn/simple\n>>> torch.__version__\n'2.1.0+cu118'\n",
])
def test_no_mirror_finding_without_its_conditions(text):
    assert "cuda-build-from-pypi-mirror" not in [f.id for f in triage(ingest_text(text), [])]


def test_the_mirror_finding_explains_a_pin_said_in_words():
    first = triage(ingest_text("用清华源安装 torch==2.1.0+cu118 失败\n"), [])[0]
    assert (first.id, first.category, first.severity) == ("cuda-build-from-pypi-mirror", "pip_index", "error")


@pytest.mark.parametrize("text", [
    "Fatal error in launcher: Unable to create process using '\"D:\\a\\ComfyUI\\python_embeded\\python.exe\"  "
    "\"F:\\ComfyUI\\python_embeded\\Scripts\\pip3.exe\" install torch': The system cannot find the file specified.",
    # wrapped by the terminal after "using"
    "Fatal error in launcher: Unable to create process using\n'\"C:\\Python39\\python.exe\" \"C:\\venv\\Scripts\\pip.exe\" "
    "install ultralytics'",
])
def test_a_launcher_of_a_missing_python_is_another_interpreter(text):
    ingested = ingest_text(text + "\n")
    assert "pip-launcher-python-missing" in [s.id for s in ingested.signals]
    assert triage(ingested, [])[0].category == "wrong_interpreter"


def test_other_launcher_messages_are_not_a_missing_python():
    text = "Unable to create process: access is denied\n"
    assert "pip-launcher-python-missing" not in [s.id for s in ingest_text(text).signals]


def test_a_launcher_of_a_missing_python_on_a_dev_report():
    assert first_category("576-comfyui-3263-pip-exe-embeded-nvdiffrast.txt") == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    "uv pip install torch torchvision torchaudio --index-url https://download.pytorch.org/whl/cu118\n"
    "error: Failed to download and build: lit==15.0.7\n"
    "  Caused by: Because wheel was not found in the package registry and you require wheel, we can conclude "
    "that the requirements are unsatisfiable.\n",
    "> uv add torch --index https://download.pytorch.org/whl/cu126\n"
    "error: Distribution `markupsafe==3.0.2 @ registry+https://download.pytorch.org/whl/cu126` can't be installed "
    "because it doesn't have a source distribution or wheel for the current platform\n",
])
def test_uv_on_the_pytorch_index_alone(text):
    ingested = ingest_text(text)
    assert "uv-pytorch-index-only" in [s.id for s in ingested.signals]
    assert triage(ingested, [])[0].category == "pip_index"


@pytest.mark.parametrize("text", [
    # no PyTorch index: a private registry that lacks the package is another matter
    "uv pip install foo --index-url https://pypi.example.com/simple\n"
    "  Caused by: Because wheel was not found in the package registry and you require wheel\n",
    # torch's own packages on its own index: a platform or version question
    "error: Distribution `torchaudio==2.0.0 @ registry+https://download.pytorch.org/whl/cu118` can't be installed "
    "because it doesn't have a source distribution or wheel for the current platform\n",
])
def test_other_uv_failures_are_not_the_pytorch_index(text):
    assert "uv-pytorch-index-only" not in [s.id for s in ingest_text(text).signals]


def test_uv_on_the_pytorch_index_on_a_dev_report():
    assert first_category("580-uv-1884-pytorch-index-only-lit-wheel.txt") == "pip_index"
