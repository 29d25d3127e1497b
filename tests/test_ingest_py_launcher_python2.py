"""Two facts that say which interpreter ran, read off the paste rather than off a phrase: the Windows py launcher
starting a script in a paste that sets up a conda or virtual environment (it runs the newest registered Python, not
the environment's), and Python 2's own wording of a missing module beside a Python 3 (ingest.context_words
PY_LAUNCHER_RUN, PYTHON2_IMPORT_ERROR, PYTHON3_NAMED; interpreter_findings). Pastes are written here."""

import pytest

from pasted import check_categories, check_findings, report_categories


def _ids(text):
    return [f["id"] for f in check_findings(text)]


@pytest.mark.parametrize("text", [
    "conda activate yolo\npy main.py\nModuleNotFoundError: No module named 'torch'\n",
    "conda activate myenv\n(myenv) C:\\work\\proj>py -3.10 train.py\nTraceback (most recent call last):\n"
    "ModuleNotFoundError: No module named 'ultralytics'\n",
    "在 conda 环境里装好了 torch，用 py setup.py develop 安装，再 py demo.py 运行，提示找不到 torch\n",
    "I created a venv and installed everything, then ran py -m streamlit run app.py\n"
    "ModuleNotFoundError: No module named 'cv2'\n",
])
def test_py_launcher_in_an_environment_runs_another_python(text):
    assert check_categories(text)[:1] == ["wrong_interpreter"]
    assert "py-launcher-outside-environment" in _ids(text)


@pytest.mark.parametrize("text", [
    # no environment set up: py may well be the only Python
    "py main.py\nModuleNotFoundError: No module named 'torch'\n",
    # python, not py; a .py file is not the launcher
    "conda activate yolo\npython main.py\nModuleNotFoundError: No module named 'torch'\n",
    'conda activate yolo\n  File "C:\\proj\\main.py", line 3, in <module>\nModuleNotFoundError: No module named \'torch\'\n',
    # py in an environment, but nothing missing: another failure is not the launcher's
    "conda activate yolo\npy main.py\nRuntimeError: CUDA error: out of memory\n",
])
def test_no_launcher_finding_without_all_three(text):
    assert "py-launcher-outside-environment" not in _ids(text)


@pytest.mark.parametrize("text", [
    "$ python -V\nPython 3.8.10\n$ ./train.sh\nImportError: No module named torch\n",
    "torch is installed for python 3.8\nTraceback (most recent call last):\n  File \"run.py\", line 2, in <module>\n"
    "ImportError: No module named torch.utils.data\n",
    "python3 -c 'import torch' works\n$ ./run.sh\nImportError: No module named cv2\n",
])
def test_python2_wording_beside_a_python3(text):
    assert check_categories(text)[:1] == ["wrong_interpreter"]
    assert "python2-ran-not-python3" in _ids(text)


@pytest.mark.parametrize("text", [
    # Python 3's own wordings, quoted
    "python3 train.py\nModuleNotFoundError: No module named 'torch'\n",
    "python3 train.py\nImportError: No module named 'torch'\n",
    # Python 2's wording with no Python 3 anywhere: a missing package in Python 2, nothing more
    "python train.py\nImportError: No module named torch\n",
])
def test_no_python2_finding_without_both(text):
    assert "python2-ran-not-python3" not in _ids(text)


@pytest.mark.parametrize("name", [
    "6600-deepke-214-py-launcher-not-conda-torch-missing-cn.txt",
    "6619-speech-transformer-27-step3-python2-no-torch-cn.txt",
])
def test_corpus_reports(name):
    assert report_categories(name)[:1] == ["wrong_interpreter"]
