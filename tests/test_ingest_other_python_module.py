"""A module missing in one Python and present for another, and torch missing from a build step or said needed first.

- any module (cv2, ultralytics, rich, torch) that one run cannot import while the paste shows it for another
  interpreter: an interactive session imports it, pip says it is installed, two interpreters are printed (strong);
  or the run went through sudo, or bypassed a portable build's own Python (weak);
- pip's "[end of output]" closing the build step whose traceback has "No module named 'torch'";
- torch said to be needed before an install ("requires torch to be installed beforehand").

Each on small pastes written here, retyped variants, the look-alikes that must not fire, and dev reports of the
corpus.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids

OTHER_PYTHON = "module-missing-other-python"
BUILD_ISOLATION = "build-isolation-torch-missing"
NEEDED_FIRST = "torch-needed-before-install-words"


def _first(text: str) -> dict:
    findings = check_findings(text)
    assert findings, "no finding"
    return findings[0]


def _ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


# ---- the module imports for another interpreter (strong) -----------------------------------------------------------

@pytest.mark.parametrize("paste", [
    # Python 3's wording, the session on the following lines
    "$ python3 detect.py\nTraceback (most recent call last):\n  File \"detect.py\", line 2, in <module>\n"
    "    import cv2\nModuleNotFoundError: No module named 'cv2'\n$ python\n>>> import cv2\n>>> cv2.__version__\n"
    "'4.8.0'\n",
    # Python 2's wording, the session first, lower case
    ">>> import ultralytics\n>>> \n$ sudo ./train.sh\nimporterror: no module named ultralytics\n",
    # IPython's prompt, a value printed after the import
    "In [1]: import rich\nIn [2]: rich.__file__\nOut[2]: '/opt/env/lib/python3.11/site-packages/rich/__init__.py'\n"
    "$ uv run main.py\nModuleNotFoundError: No module named 'rich'\n",
    # `python -m` names its interpreter; the package's submodule is what it asked for
    "$ bash run.sh\n/usr/bin/python: No module named torch.distributed\n$ python\n>>> import torch\n>>>\n",
])
def test_a_module_an_interactive_session_imports(paste):
    first = _first(paste)
    assert (first["id"], first["category"], first["severity"]) == (OTHER_PYTHON, "wrong_interpreter", "error")


@pytest.mark.parametrize("paste", [
    # the session's import fails too: the module is missing everywhere
    ">>> import cv2\nTraceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n"
    "ModuleNotFoundError: No module named 'cv2'\n",
    # another module imports; cv2 is still missing
    ">>> import numpy\n>>> \n$ python demo.py\nModuleNotFoundError: No module named 'cv2'\n",
    # the package imports and one of its parts does not (Python 3 quotes the dotted name): an API change
    ">>> import ultralytics\n>>> \nModuleNotFoundError: No module named 'ultralytics.yolo'\n",
    # the import is only code in a traceback, not a session
    "  File \"demo.py\", line 3, in <module>\n    import cv2\nModuleNotFoundError: No module named 'cv2'\n",
])
def test_no_other_interpreter_without_the_module_shown_elsewhere(paste):
    assert OTHER_PYTHON not in _ids(paste)


def test_two_interpreters_printed():
    paste = ("In the notebook:\n"
             "ModuleNotFoundError: No module named 'sklearn'\n"
             "sys.executable in the shell:\n'C:\\\\Users\\\\me\\\\miniconda3\\\\envs\\\\ml\\\\python.exe'\n"
             "sys.executable in the notebook:\n'C:\\\\Users\\\\me\\\\miniconda3\\\\python.exe'\n")
    assert OTHER_PYTHON in _ids(paste)
    assert check_categories(paste)[0] == "wrong_interpreter"
    # the same interpreter printed twice is one interpreter
    same = paste.replace("envs\\\\ml\\\\", "")
    assert OTHER_PYTHON not in _ids(same)


def test_pip_says_the_distribution_is_installed():
    paste = ("(cv) $ pip install opencv-python\n"
             "Requirement already satisfied: opencv-python in /home/u/venvs/cv/lib/python3.10/site-packages (4.9.0.80)\n"
             "$ python3 app.py\nModuleNotFoundError: No module named 'cv2'\n")
    first = _first(paste)
    assert (first["id"], first["category"]) == (OTHER_PYTHON, "wrong_interpreter")
    # another distribution satisfied says nothing about cv2
    assert OTHER_PYTHON not in _ids(paste.replace("opencv-python in", "numpy in"))
    # pip's build step runs in its own isolated environment: what pip lists is not what the build can import
    build = paste.replace("$ python3 app.py\n", "  Getting requirements to build wheel ... error\n")
    assert OTHER_PYTHON not in _ids(build)


# ---- where it ran: sudo, a portable build (weak) ------------------------------------------------------------------

def test_a_script_run_through_sudo():
    paste = "$ sudo bash scripts/train.sh\nModuleNotFoundError: No module named 'mmcv'\n"
    assert check_categories(paste)[0] == "wrong_interpreter"
    assert _first(paste)["severity"] == "warning"  # where it ran, not what the other Python has
    assert check_categories(paste.replace("sudo bash", "bash")) != ["wrong_interpreter"]
    assert OTHER_PYTHON not in _ids("$ sudo apt install ffmpeg\nModuleNotFoundError: No module named 'mmcv'\n")


def test_a_portable_build_bypassed():
    paste = ("ComfyUI_windows_portable\\ComfyUI\\custom_nodes\\some-node\n"
             "ModuleNotFoundError: No module named 'rich'\n")
    assert _ids(paste)[0] == OTHER_PYTHON
    # the build's own Python ran: the module is missing there, not in another Python
    ran = paste + "  File \"D:\\ComfyUI_windows_portable\\python_embeded\\Lib\\site-packages\\x.py\", line 1\n"
    assert OTHER_PYTHON not in _ids(ran)


# ---- torch said installed in words ---------------------------------------------------------------------------------

def test_torch_said_installed_then_missing():
    paste = "torch is installed, but the script still fails:\nImportError: No module named torch\n"
    assert check_categories(paste)[0] == "wrong_interpreter"
    assert check_categories(paste.replace("torch is installed", "I have torch installed"))[0] == "wrong_interpreter"
    # a request or a condition says nothing about what is installed
    for words in ("make sure torch is installed", "check whether torch is installed"):
        assert check_categories(paste.replace("torch is installed", words))[0] == "torch_missing"


# ---- pip's build step -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("paste", [
    '      File "<string>", line 24, in <module>\n      ModuleNotFoundError: No module named \'torch\'\n'
    "      [end of output]\n",
    "modulenotfounderror: no module named 'torch'\n\n[end of output]\n",  # retyped in lower case
])
def test_the_build_step_output_without_a_build_path(paste):
    assert BUILD_ISOLATION in signal_ids(paste)
    assert check_categories(paste)[0] == "torch_missing"


@pytest.mark.parametrize("paste", [
    "ModuleNotFoundError: No module named 'torchvision'\n      [end of output]\n",  # another module
    "ModuleNotFoundError: No module named 'torch'\na\nb\nc\nd\n[end of output]\n",  # too far apart
    "ModuleNotFoundError: No module named 'torch'\n",
])
def test_not_the_build_step(paste):
    assert BUILD_ISOLATION not in signal_ids(paste)


def test_pip_lists_torch_and_the_build_cannot_import_it():
    # the environment has torch (pip list), its build step does not: a missing torch, not another interpreter
    paste = ("python.exe -m pip list\ntorch                2.6.0+cu126\n"
             '      File "<string>", line 9, in <module>\n      ModuleNotFoundError: No module named \'torch\'\n'
             "      [end of output]\n")
    assert check_categories(paste)[0] == "torch_missing"


# ---- torch needed before the install, in words -------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "the install stops: some packages require torch to be installed beforehand",
    "torch is not installed, please install torch first!",
    "Torch must be installed first",
    "NEEDS PYTORCH INSTALLED FIRST",
    "这个包需要先安装torch",
])
def test_torch_needed_first(line):
    assert NEEDED_FIRST in signal_ids(line + "\n")
    assert check_categories(line + "\n")[0] == "torch_missing"


@pytest.mark.parametrize("line", [
    "we installed torch first and then the rest",
    "make sure to install torchvision first",
    "first install torch, then run setup.py",
])
def test_not_torch_needed_first(line):
    assert NEEDED_FIRST not in signal_ids(line + "\n")


# ---- dev reports of the corpus ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("3003-face-ripper-3-python3-demo-cv2-repl-works.txt", "wrong_interpreter"),
    ("3004-squash-generation-27-sudo-bash-usr-bin-python-torch.txt", "wrong_interpreter"),
    ("2062-jupyter-notebook-5054-kernel-other-python.txt", "wrong_interpreter"),
    ("3017-comfyui-manager-1516-portable-rich-missing-system-python.txt", "wrong_interpreter"),
    ("3006-hidream-sampler-74-requirements-build-no-torch-portable.txt", "torch_missing"),
    ("3025-tgx-35-requirements-need-torch-first.txt", "torch_missing"),
    ("607-wan22-344-flash-attn-isolation-torch210-cn.txt", "flash_attn_build"),  # pip's word, a build step
])
def test_dev_reports(name, category):
    assert report_categories(name)[0] == category


# ---- pip and python of different versions, in words ---------------------------------------------------------------

WORDS_DIFFER = "pip-and-python-versions-differ-in-words"


@pytest.mark.parametrize("line", [
    "pip3 puts packages into Python 3.6, but typing python3 starts python 3.8",
    "PIP IS FOR PYTHON 2.7 WHILE PYTHON IS 3.9",  # capitals
    "pip points to python3.8   and python3 runs 3.10",  # spacing
    "it seems pip installs to python 3.9, and `python` gives 3.11.",
])
def test_pip_and_python_versions_differ_in_words(line):
    assert WORDS_DIFFER in signal_ids(line + "\n")
    assert check_categories(line + "\n")[0] == "wrong_interpreter"


@pytest.mark.parametrize("line", [
    "pip installs to python 3.8 and python3 runs 3.8.",  # the same version
    "pip install torch for python 3.10 and it runs fine",  # one version only
    "pip installs to python 3.8 and python3 runs 3.8.1",  # the same minor
])
def test_pip_and_python_versions_same_or_one(line):
    assert WORDS_DIFFER not in signal_ids(line + "\n")


def test_dev_report_pip3_and_python3_differ():
    assert report_categories("3031-pyautogui-429-pip3-python36-python3-is-38.txt")[0] == "wrong_interpreter"


# ---- an IDE beside an environment; a conda channel mirror is not a PyPI mirror -----------------------------------

IDE = "ide-interpreter-environment"


@pytest.mark.parametrize("paste", [
    "I made a conda env and installed torch there.\nimport torch does not work in PyCharm\n",
    "(venv) installed everything\nthe same script fails in VS Code with an error\n",
    "conda activate ml\nSPYDER CANNOT IMPORT TORCH\n",  # capitals
])
def test_an_ide_failing_beside_an_environment(paste):
    first = _first(paste)
    assert (first["id"], first["category"], first["severity"]) == (IDE, "wrong_interpreter", "warning")


@pytest.mark.parametrize("paste", [
    "import torch does not work in PyCharm\n",  # no environment set up
    "conda activate ml\nPyCharm works fine with the env\n",  # nothing fails there
    "conda activate ml\nimport torch does not work in PyCharm\nCUDA error: out of memory\n",  # another cause
])
def test_no_ide_finding(paste):
    assert IDE not in _ids(paste)


def test_a_conda_channel_mirror_is_not_a_pypi_mirror():
    listing = ("pytorch                   1.2.0               py3.6_cpu_1  [cpuonly]\n"
               "torchtext                 0.4.0              pyhb384e40_1    {channel}\n")
    conda = listing.format(channel="https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud/pytorch")
    assert "cpu-build-from-pypi-mirror" not in _ids("Windows 10\n" + conda)
    pypi = "pip install torch -i https://pypi.tuna.tsinghua.edu.cn/simple\ntorch 2.1.0+cpu\n"
    assert "cpu-build-from-pypi-mirror" in _ids("Windows 10\n" + pypi)


def test_dev_report_pycharm_conda():
    assert report_categories("3037-pytorch-27447-pycharm-conda-cpu-torch-not-found.txt")[0] == "wrong_interpreter"
