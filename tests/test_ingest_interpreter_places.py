"""Which interpreter ran, read from how people say it: a program that works in one place (a terminal, a shell) and
fails in another (an IDE, an editor) in other verbs and editors; pip's site-packages of another Python than the one
that runs; two interpreters said in words; and pip's isolated build step failing for a package whose setup imports
torch, with the build's own output cut off.

Each on small pastes written here (several wordings of the same fact), the look-alikes that must not match, and
reports of the dev split of the corpus.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids

BUILD_STEP = "torch-importing-package-build-step-failed"
TWO_INTERPRETERS = "different-interpreters-in-words"


def _ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


# ---- works in one place, fails in another ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The Django project runs from the terminal, but not from PyCharm:\nModuleNotFoundError: No module named 'dotenv'\n",
    "It imports in the shell, but not in VS Code.\nModuleNotFoundError: No module named 'requests'\n",
    "Running the program from vim reports an error.\nRunning it from the terminal works fine.\n",
    "In Emacs the script fails: No module named 'yaml'\nFrom bash it runs.\n",
    "Sublime's build gives ModuleNotFoundError: No module named 'numpy'\nFrom the command line it is fine.\n",
    "Code Runner cannot import cv2, while the REPL imports it.\n",
])
def test_works_in_one_place_fails_in_another_is_two_interpreters(text):
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # one place only: where it fails, with nothing saying it works elsewhere
    "I run it from the terminal and it fails with ModuleNotFoundError: No module named 'dotenv'\n",
    # both places work
    "It runs from the terminal and PyCharm runs it too.\n",
    # a vim config file, not the editor running code
    "cp ~/.vimrc backup\nThe terminal shows no output.\n",
])
def test_one_place_or_no_failure_is_not_two_interpreters(text):
    assert "ide-and-terminal-differ" not in _ids(text)


# ---- pip's site-packages belong to another Python ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # pip show's Location in Python 3.9's site-packages, Python 3.11 runs
    "$ pip show foo\nName: foo\nLocation: /usr/local/lib/python3.9/site-packages\n"
    "$ python app.py\nPython 3.11.4\nModuleNotFoundError: No module named 'foo'\n",
    # pip show's Location on Windows (Python312), a 3.10 banner
    "Location: c:\\users\\me\\appdata\\local\\programs\\python\\python312\\lib\\site-packages\n"
    "Python 3.10.11 (tags/v3.10.11:7d4cc5a, Apr  5 2023) [MSC v.1929 64 bit (AMD64)] on win32\n"
    ">>> import foo\nModuleNotFoundError: No module named 'foo'\n",
    # said in words, the macOS framework path
    "Python version: 3.7.6\npip is installing the module to: "
    "/Library/Frameworks/Python.framework/Versions/3.8/lib/python3.8/site-packages\n"
    "ModuleNotFoundError: No module named 'psutil'\n",
])
def test_site_packages_of_another_python(text):
    assert "installed-for-another-python" in _ids(text)
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # the same minor where pip installs and where the program runs
    "Requirement already satisfied: foo in /usr/local/lib/python3.11/site-packages (1.0)\n"
    "Python 3.11.4\nModuleNotFoundError: No module named 'foo'\n",
    # no running Python shown: nothing to compare the site with
    "Requirement already satisfied: foo in /usr/local/lib/python3.9/site-packages (1.0)\n"
    "ModuleNotFoundError: No module named 'foo'\n",
    # a module missing inside pip's isolated build step is the build's, not another interpreter's
    "Python 3.11.4\nRequirement already satisfied: setuptools in /tmp/pip-build-env-x/overlay/lib/python3.9/"
    "site-packages\n  Getting requirements to build wheel ... error\n      ModuleNotFoundError: No module named 'foo'\n",
    # nothing is missing
    "Requirement already satisfied: foo in /usr/local/lib/python3.9/site-packages (1.0)\nPython 3.11.4\n",
])
def test_same_python_or_nothing_missing_is_not_another_site(text):
    assert "installed-for-another-python" not in _ids(text)


# ---- two interpreters, said in words -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The `python` command and the `py` launcher were starting different interpreters.",
    "It turned out PyCharm was using a different interpreter.",
    "the notebook kernel points to another python",
    "sudo runs a different python installation",
    "VS Code was running the wrong python.",
    "原来 jupyter 和终端用的不是同一个 python",
    "两个命令的解释器不一样",
    "when activating the kernel, it goes to the root environment",
    "PyCharm uses the system python, not my venv",
    "the notebook was running the base env all along",
])
def test_two_interpreters_in_words(text):
    assert TWO_INTERPRETERS in signal_ids(text + "\n")


@pytest.mark.parametrize("text", [
    "I am using a different python version (3.12) than the README says.",
    "It is not using a different interpreter, I checked sys.executable.",
    "Should I install another python?",
    "The other interpreters work.",
    "I run the base environment on purpose.",        # no place that runs code
    "The kernel uses the GPU of the system.",        # not an interpreter
])
def test_a_version_a_negation_or_a_question_is_not_two_interpreters(text):
    assert TWO_INTERPRETERS not in signal_ids(text + "\n")


# ---- a failed build step of a package whose setup imports torch --------------------------------------------------

@pytest.mark.parametrize("text", [
    "Collecting git+https://github.com/facebookresearch/detectron2.git\n"
    "  Resolved https://github.com/facebookresearch/detectron2.git to commit 8a9d885\n"
    "  Installing build dependencies ... done\n  Getting requirements to build wheel ... error\n",
    "Collecting auto-gptq\n  Using cached auto_gptq-0.7.1.tar.gz (126 kB)\n  Installing build dependencies ... done\n"
    "  Getting requirements to build wheel ... error\n",
    "Collecting mmcv-full==1.7.1\n  Downloading mmcv-full-1.7.1.tar.gz (605 kB)\n"
    "  Preparing metadata (setup.py) ... error\n",
    "Obtaining file:///app/src/GroundingDINO\nObtaining dependency information for groundingdino\n"
    "  Getting requirements to build editable ... error\n",
    "Collecting gptqmodel\n  Using cached gptqmodel-2.2.0.tar.gz (284 kB)\n"
    "  × python setup.py egg_info did not run successfully.\n",
    # uv's wordings of the same step
    "error: Failed to download and build `torch-scatter==2.1.2`\n  Caused by: Failed to build: `torch-scatter==2.1.2`\n"
    "  Caused by: Build backend failed to determine extra requires with `build_wheel()` with exit status: 1\n",
    "  × Failed to build `pytorch3d @ git+https://github.com/facebookresearch/pytorch3d.git`\n"
    "  ├─▶ The build backend returned an error\n",
])
def test_build_step_of_a_torch_importing_package(text):
    assert BUILD_STEP in signal_ids(text)
    assert check_categories(text)[0] == "torch_missing"


@pytest.mark.parametrize("text", [
    # a package whose build does not need torch
    "Collecting numpy==1.19.5\n  Using cached numpy-1.19.5.zip (7.3 MB)\n  Getting requirements to build wheel ... error\n",
    # the build step went through
    "Collecting git+https://github.com/facebookresearch/detectron2.git\n  Getting requirements to build wheel ... done\n",
    # a name that only contains one of them
    "Collecting apexcharts\n  Getting requirements to build wheel ... error\n",
    # uv failing to build a package whose build needs no torch
    "  × Failed to build `lxml==4.9.1`\n  ├─▶ The build backend returned an error\n",
])
def test_other_packages_or_a_build_that_went_through(text):
    assert BUILD_STEP not in signal_ids(text)


# ---- reports of the dev split ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("5001-python-dotenv-185-runs-from-terminal-not-pycharm.txt", "wrong_interpreter"),
    ("5026-coc-python-248-vim-runs-usr-bin-python-not-anaconda-torch.txt", "wrong_interpreter"),
    ("5016-pip-7919-conda-env-pip-installs-into-framework-python38.txt", "wrong_interpreter"),
    ("5019-pymanager-383-python-and-py-launcher-different-interpreters-314t.txt", "wrong_interpreter"),
    ("5005-tree-detection-171-poetry-env-pip-detectron2-build-no-torch.txt", "torch_missing"),
    ("5032-jupyter-notebook-5956-kernel-python37-no-such-file.txt", "wrong_interpreter"),
    ("5034-nb-conda-kernels-55-kernel-error-removed-env-python.txt", "wrong_interpreter"),
])
def test_reports_of_the_dev_split(name, category):
    assert report_categories(name)[0] == category


# ---- an interpreter that is no longer there ----------------------------------------------------------------------

GONE = "interpreter-path-no-longer-exists"


@pytest.mark.parametrize("line", [
    "FileNotFoundError: [Errno 2] No such file or directory: '/home/me/anaconda3/envs/old/bin/python'",
    "No such file or directory: '/usr/local/opt/python/bin/python3.7'",
    "-bash: /home/me/venv/bin/pip: /home/me/moved/venv/bin/python3: bad interpreter: No such file or directory",
    "No Python at '\"C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python311\\python.exe'",
    "Fatal error in launcher: Unable to create process using '\"C:\\Python310\\python.exe\"  \"C:\\venv\\Scripts\\pip.exe\" '",
    "FILENOTFOUNDERROR: [ERRNO 2] NO SUCH FILE OR DIRECTORY: '/OPT/CONDA/ENVS/X/BIN/PYTHON3.10'",   # retyped in capitals
])
def test_an_interpreter_that_is_gone(line):
    assert GONE in signal_ids(line + "\n")
    assert check_categories(line + "\n")[0] == "wrong_interpreter"


@pytest.mark.parametrize("line", [
    "FileNotFoundError: [Errno 2] No such file or directory: 'data/train/labels.txt'",
    "FileNotFoundError: [Errno 2] No such file or directory: '/usr/local/cuda/bin/nvcc'",
    "python: can't open file '/home/me/train.py': [Errno 2] No such file or directory",
    "No such file or directory: '/home/me/python_scripts/run.sh'",
])
def test_other_missing_files_are_not_a_missing_interpreter(line):
    assert GONE not in signal_ids(line + "\n")


# ---- two printed module search paths ---------------------------------------------------------------------------

def test_two_search_paths_without_a_common_site_are_two_interpreters():
    text = ("$ python3 -c 'import sys; print(sys.path)'\n"
            "['', '/usr/lib/python311.zip', '/usr/lib/python3.11', '/usr/lib/python3/dist-packages']\n"
            "$ /opt/venv/bin/python -c 'import sys; print(sys.path)'\n"
            "['', '/usr/local/lib/python3.11', '/opt/venv/lib/python3.11/site-packages']\n"
            "$ python3 train.py\nModuleNotFoundError: No module named 'ultralytics'\n")
    assert "module-missing-other-python" in _ids(text)


def test_one_search_path_printed_twice_is_one_interpreter():
    listing = "['', '/usr/lib/python3.11', '/opt/venv/lib/python3.11/site-packages']\n"
    text = listing + "$ python train.py\n" + listing + "ModuleNotFoundError: No module named 'ultralytics'\n"
    assert "module-missing-other-python" not in _ids(text)


# ---- installed for one Python, another runs, without naming pip ---------------------------------------------------

DIFFER = "pip-and-python-versions-differ-in-words"


@pytest.mark.parametrize("text", [
    "It is being installed under python2 despite python3 being the default.",
    "numpy got installed for python 3.9 while python 3.11 runs the script",
    "the package was installed into python3.8, but python 3.10 is what VS Code starts",
])
def test_installed_for_one_python_another_runs(text):
    assert DIFFER in signal_ids(text + "\n")


@pytest.mark.parametrize("text", [
    "installed for python 3.9 and python 3.9 runs it",          # the same version: no contrast
    "installed under python3 although python3 is the default",  # the same version named twice
    "I installed it for python 3.9 yesterday.",                  # one version only
])
def test_one_version_is_not_two_pythons(text):
    assert DIFFER not in signal_ids(text + "\n")


# ---- a third-party module said installed, or missing inside an IDE -----------------------------------------------

@pytest.mark.parametrize("text", [
    "pip install was already done, they should be installed.\nModuleNotFoundError: No module named 'termcolor'\n",
    "The installation was successful, but:\nModuleNotFoundError: No module named 'facenet_pytorch'\n",
    "ModuleNotFoundError: No module named 'visa'\nI have installed it, pip list shows pyvisa.\n",
])
def test_a_module_said_installed_yet_missing(text):
    assert "module-missing-other-python" in _ids(text)


@pytest.mark.parametrize("text", [
    # torch said installed: torch's own signals weigh that
    "torch is installed.\nModuleNotFoundError: No module named 'torch'\n",
    # a request, not a statement
    "Please make sure it is installed.\nModuleNotFoundError: No module named 'termcolor'\n",
    # nothing said installed
    "ModuleNotFoundError: No module named 'termcolor'\n",
])
def test_a_request_or_torch_is_not_said_installed(text):
    assert "module-missing-other-python" not in _ids(text)


def test_a_third_party_module_missing_inside_an_ide():
    text = "Running the demos in PyCharm, every import gives this error:\nModuleNotFoundError: No module named 'requests'\n"
    assert "ide-interpreter-environment" in _ids(text)
    assert "ide-interpreter-environment" not in _ids("ModuleNotFoundError: No module named 'requests'\n")
