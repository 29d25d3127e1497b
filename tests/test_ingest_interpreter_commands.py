"""Commands that name the wrong thing: a shell without `pip`/`python` on PATH, and pip asked for `pytorch`.

Each on small pastes written here (the wordings of cmd.exe, PowerShell, bash/sh and zsh, retyped in lower or
upper case, cut short), the look-alikes that must not match, and one report of the dev split of the corpus.
"""

from pathlib import Path

import pytest

from yolodoctor.ingest import ingest_path, ingest_text
from pasted import result_categories as categories, signal_ids

REPORTS = Path(__file__).parent / "fixtures" / "reports"
NOT_ON_PATH = "pip-or-python-command-not-on-path"
PYTORCH_NAME = "install-command-names-pytorch"


# ---- the shell has no pip / python ---------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "pip : The term 'pip' is not recognized as the name of a cmdlet, function, script file, or operable program.",
    "'pip' is not recognized as an internal or external command,",
    "'pip3' is not recognized as an internal or external command, operable program or batch file.",
    "'python' is not recognized as an internal or external command,",
    "'PIP' IS NOT RECOGNIZED AS AN INTERNAL OR EXTERNAL COMMAND",      # retyped in capitals
    "the term 'pip.exe' is not recognized",                           # lower case, tail cut
    "bash: pip: command not found",
    "-bash: pip3:   command not found".replace("   ", " "),
    "/bin/sh: 1: pip: not found",
    "zsh: command not found: pip3",
    "zsh: command not found: python3.10",
    "bash: python: Command Not Found",
])
def test_a_shell_without_pip_or_python(line):
    assert NOT_ON_PATH in signal_ids(line + "\n")
    assert categories(ingest_text(line + "\n"))[0] == "wrong_interpreter"


@pytest.mark.parametrize("line", [
    "bash: pipx: command not found",
    "bash: pipenv: command not found",
    "zsh: command not found: python3.10x",
    "'nvidia-smi' is not recognized as an internal or external command,",
    "ERROR: file not found: pip.txt",
    "ModuleNotFoundError: No module named 'pip'",
    "the pip I need was not found on the mirror",
])
def test_other_missing_commands_are_not_a_missing_pip(line):
    assert NOT_ON_PATH not in signal_ids(line + "\n")


def test_the_portable_build_report_on_the_dev_split():
    result = ingest_path(str(REPORTS / "1905-comfyui-2317-portable-pip-not-recognized.txt"))
    assert categories(result)[0] == "wrong_interpreter"


# ---- pip asked for the PyPI placeholder `pytorch` ------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "➜ pipenv install pytorch",
    "$ pip install pytorch torchvision",
    "pip3 install --upgrade pytorch==1.0.2",
    "Pip install pytorch",                                            # retyped with a capital
    "pip install -U numpy pytorch",
    "poetry add pytorch",
    "uv pip install pytorch",
])
def test_an_install_command_asking_for_pytorch(line):
    assert PYTORCH_NAME in signal_ids(line + "\n")
    assert categories(ingest_text(line + "\n"))[0] == "pip_index"


@pytest.mark.parametrize("line", [
    "conda install pytorch torchvision -c pytorch",
    "mamba install pytorch pytorch-cuda=12.1 -c pytorch -c nvidia",
    "pip install torch -c pytorch",
    "pip install pytorch-lightning",
    "pip install pytorch3d",
    "pip install torch --index-url https://download.pytorch.org/whl/cu121",
    "I installed pytorch with pip yesterday",
    "pip install torch\npytorch is installed now",                    # the name on the next line is not the command's
])
def test_other_commands_and_names_are_not_the_placeholder(line):
    assert PYTORCH_NAME not in signal_ids(line + "\n")


def test_the_pipenv_report_on_the_dev_split():
    result = ingest_path(str(REPORTS / "1914-pytorch-16316-pipenv-install-pytorch-placeholder.txt"))
    assert categories(result)[0] == "pip_index"


# ---- "works in the terminal" on one line, the IDE named on the next ------------------------------------------------

WORKS_ELSEWHERE = "import-works-in-one-place-not-another"


@pytest.mark.parametrize("text", [
    "Running the file in the terminal: `import torch` works.\n"
    "Running the same file in the Python Interactive window:\nModuleNotFoundError: No module named 'torch'\n",
    "in the Anaconda prompt import torch works fine\nbut in Spyder:\nModuleNotFoundError: No module named 'torch'\n",
    "IN THE TERMINAL IMPORT TORCH WORKS\nIN PYCHARM IT FAILS\n",                       # retyped in capitals
])
def test_the_place_that_works_and_the_ide_on_different_lines(text):
    assert WORKS_ELSEWHERE in signal_ids(text)
    assert categories(ingest_text(text))[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # one outcome only: it fails in both places
    "In the terminal import torch fails too\nand in the notebook:\nModuleNotFoundError: No module named 'torch'\n",
    # the IDE is named far away (more than 300 characters later)
    "In the terminal import torch works.\n" + "x" * 320 + "\nin the notebook it fails\n",
])
def test_the_works_elsewhere_reading_needs_both_outcomes_and_nearby_places(text):
    assert WORKS_ELSEWHERE not in signal_ids(text)


def test_the_interactive_window_report_on_the_dev_split():
    result = ingest_path(str(REPORTS / "1935-vscode-python-6950-interactive-window-other-env.txt"))
    assert categories(result)[0] == "wrong_interpreter"


# ---- an application says torch sees no GPU and carries on on the CPU -----------------------------------------------

@pytest.mark.parametrize("text", [
    "Loading pygmalion-6b...\nWarning: no GPU has been detected.\nFalling back to CPU mode.\n",
    "Warning: torch.cuda.is_available() returned False.\nThis means that no GPU has been detected.\n",
    "WARNING: NO GPU DETECTED, FALLING BACK TO CPU\n",                                # retyped in capitals
    "Warning: No GPU detected, falling back to CPU\n",  # not read as the no-GPU words: the app's fallback
    "AssertionError: Torch is not able to use GPU\n",
    "the settings show it uses the CPU; how do I switch to the GPU?\n",
])
def test_an_application_falling_back_to_the_cpu_points_at_a_cpu_only_torch(text):
    assert categories(ingest_text(text))[0] == "torch_cpu_only"


def test_a_fallback_message_does_not_outrank_the_error_that_explains_it():
    text = ("Warning: no GPU has been detected.\nFalling back to CPU mode.\n"
            "RuntimeError: The NVIDIA driver on your system is too old (found version 10010).\n")
    assert categories(ingest_text(text))[0] != "torch_cpu_only"


def test_the_installer_order_report_on_the_dev_split():
    result = ingest_path(str(REPORTS / "1943-textgen-100-install-cpu-bat-before-nvidia.txt"))
    assert categories(result)[0] == "torch_cpu_only"


# ---- messages of the new dev reports, retyped: lower case, other spacing, the tail cut ------------------------------

@pytest.mark.parametrize("line, signal", [
    ("assertionerror: torch not compiled with cuda enabled", "torch-not-compiled-with-cuda"),
    ("Torch  not compiled  with CUDA", "torch-not-compiled-with-cuda"),
    ("torch not compiled with cuda", "torch-not-compiled-with-cuda"),
    ("the repository located at pypi.v2ex.com is not a trusted or secure host", "pip-index-untrusted-http-host"),
    ("packagesnotfounderror: the following packages are not available from current channels:\n  - cudatoolkit=11.7",
     "conda-torch-not-in-channels"),
])
def test_messages_of_the_new_reports_retyped(line, signal):
    assert signal in signal_ids(line + "\n")


@pytest.mark.parametrize("line, signal", [
    ("PyTorch was compiled with CUDA 11.8", "torch-not-compiled-with-cuda"),
    ("torchvision not compiled with CUDA", "torch-not-compiled-with-cuda"),
    ("Torch was not compiled with flash attention", "torch-not-compiled-with-cuda"),
    ("this host is not a trusted or secure host", "pip-index-untrusted-http-host"),
])
def test_look_alikes_of_those_messages(line, signal):
    assert signal not in signal_ids(line + "\n")


# ---- the requirements leave torch out, said in words ------------------------------------------------------------

LEAVE_OUT = "requirements-leave-out-torch"


@pytest.mark.parametrize("line", [
    "test.py imports torch, but requirements.txt does not list it.",
    "requirements.txt doesn't include torch",
    "Missing torch in requirements.txt",
    "TORCH IS MISSING FROM REQUIREMENTS.TXT",                                          # retyped in capitals
    "torch  is not in requirements.txt",                                               # doubled space
    "requirements 里没有 torch",
])
def test_requirements_that_leave_torch_out(line):
    assert LEAVE_OUT in signal_ids(line + "\n")
    assert categories(ingest_text(line + "\n"))[0] == "torch_missing"


@pytest.mark.parametrize("line", [
    "Requirement already satisfied: torch in ./venv/lib/python3.10/site-packages (2.1.0)",
    "Collecting torch==2.0.1 (from -r requirements.txt (line 3))",
    "torch is not pinned in requirements.txt",
    "requirements.txt does not list numpy",
])
def test_pip_lines_and_other_packages_are_not_a_left_out_torch(line):
    assert LEAVE_OUT not in signal_ids(line + "\n")


def test_the_requirements_report_on_the_dev_split():
    result = ingest_path(str(REPORTS / "1925-old-photos-22-requirements-missing-torch.txt"))
    assert categories(result)[0] == "torch_missing"
