"""Another Python running, in the wordings of the fourteenth round's reports:

- a program frozen with PyInstaller that cannot import a top-level module (the bootloader's "Failed to execute script"
  next to it, or PyInstaller's importer frames above it), a dotted module being a missing hidden import instead;
- the program said to work in the activated environment, the failing run started by something else;
- the command found first in ~/.local/bin while the packages went into a conda environment or venv;
- a portable build's embedded Python named as the environment the system Python ran instead of;
- a pip configuration file whose install location (target, prefix) sends a venv's installs outside it.

Small pastes written here in several wordings, the look-alikes that must not match, and dev reports of the corpus.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids

FROZEN = "frozen-program-module-missing"
ACTIVATED = "works-in-activated-environment-words"
USER_TOOL = "user-local-tool-not-the-environment"
DEFAULT_PYTHON = "default-python-not-the-environment-words"
PIP_CONFIG = "pip-config-installs-outside-the-environment"


# ---- a frozen program without a top-level module ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    """Traceback (most recent call last):
  File "checkSpeed.py", line 5, in <module>
    import speech_recognition as sr
ModuleNotFoundError: No module named 'speech_recognition'
[20356] Failed to execute script checkSpeed""",
    "Failed to execute script 'CaptureHub' due to unhandled exception: No module named 'wx'",
    """Traceback (most recent call last):
File "main.py", line 3, in <module>
File "PyInstaller\\loader\\pyimod02_importers.py", line 450, in exec_module
File "src\\util.py", line 5, in <module>
ModuleNotFoundError: No module named 'wmi'""",
])
def test_a_frozen_program_without_a_top_level_module(text):
    assert FROZEN in signal_ids(text)
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # a submodule of a collected package: a hidden import, not another Python
    """ModuleNotFoundError: No module named 'numpy.random.common'
[1234] Failed to execute script main""",
    """File "PyInstaller\\loader\\pyimod03_importers.py", line 495, in exec_module
ModuleNotFoundError: No module named 'sklearn.utils._weight_vector'""",
    # the same module missing without any frozen program
    """Traceback (most recent call last):
  File "app.py", line 1, in <module>
    import wx
ModuleNotFoundError: No module named 'wx'""",
    # the bootloader's line for another failure
    """FileNotFoundError: [Errno 2] No such file or directory: 'config.yaml'
[4242] Failed to execute script app""",
])
def test_a_hidden_import_or_an_unfrozen_program_is_not_read(text):
    assert FROZEN not in signal_ids(text)


def test_the_round_reports_of_frozen_programs():
    assert report_categories("9002-pyinstaller-7719-exe-no-module-wx-pyinstaller-python37-32.txt")[0] == \
        "wrong_interpreter"
    assert report_categories("9004-pyinstaller-6385-exe-no-module-speech-recognition.txt")[0] == "wrong_interpreter"


# ---- works in the activated environment ------------------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    "ModuleNotFoundError when running with `uv run`, but works fine with activated virtual environment",
    "`uv tool run` fails because it can't find modules, despite working when run in activated venv.",
    "When I go into the project, activate the venv and run that command, the deployed process runs correctly.",
    "The script works in the activated conda environment; from the scheduler it says No module named 'yaml'.",
    "when I activate my env it works, but the IDE's Run button fails",
])
def test_the_program_said_to_work_in_the_activated_environment(words):
    assert ACTIVATED in signal_ids(words)
    assert check_categories(words)[0] == "wrong_interpreter"


@pytest.mark.parametrize("words", [
    "It is not working in the activated venv either.",
    "It doesn't work with the activated environment.",
    "When I activate the venv and run it, it still doesn't work.",
    "Remember to activate the venv before installing the requirements.",
    "the environment is activated and torch is missing",
])
def test_a_failure_in_the_activated_environment_is_not_read(words):
    assert ACTIVATED not in signal_ids(words)


def test_the_round_report_of_uv_tool_run():
    assert report_categories("9007-uv-9477-uv-tool-run-prefect-worker-missing-deps.txt")[0] == "wrong_interpreter"


# ---- the user site's command first on PATH ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    """I installed accelerate with pip in my own anaconda environment. Locating it gives:
> which accelerate
/home/user/.local/bin/accelerate""",
    """(myenv) $ conda activate myenv  # the conda environment with the packages
$ which pip
/home/alice/.local/bin/pip""",
    """I created a venv and installed jupyter in it.
which jupyter
~/.local/bin/jupyter""",
])
def test_a_user_site_command_while_an_environment_has_the_packages(text):
    assert USER_TOOL in signal_ids(text)
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # the environment's own command
    """I installed accelerate in my conda environment.
which accelerate
/home/user/miniconda3/envs/llm/bin/accelerate""",
    # ~/.local/bin with no environment said
    """pip install --user black
which black
/home/user/.local/bin/black""",
])
def test_an_environments_own_command_or_no_environment_is_not_read(text):
    assert USER_TOOL not in signal_ids(text)


def test_the_round_report_of_which_accelerate():
    assert report_categories("9018-accelerate-2660-which-accelerate-user-local-bin-conda-env.txt")[0] == \
        "wrong_interpreter"


# ---- a portable build's embedded Python as the environment -----------------------------------------------------------

@pytest.mark.parametrize("words", [
    "comfy launch and node install use the system Python instead of the workspace's python_embeded",
    "The node runs the system python, not the portable's python",
    "It picks the global Python rather than the embedded python of ComfyUI",
])
def test_the_embedded_python_named_as_the_environment(words):
    assert DEFAULT_PYTHON in signal_ids(words)
    assert check_categories(words)[0] == "wrong_interpreter"


@pytest.mark.parametrize("words", [
    "Install the system python rather than an embedded python.",
    "The embedded python, not the system python, runs the nodes.",
])
def test_the_embedded_python_as_the_one_that_runs_is_not_read(words):
    assert DEFAULT_PYTHON not in signal_ids(words)


def test_the_round_report_of_comfy_cli_on_a_portable_build():
    assert report_categories("9011-comfy-cli-906-portable-system-python-not-python-embeded.txt")[0] == \
        "wrong_interpreter"


# ---- a pip configuration's install location ---------------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    "[Bug]: Pip.ini file specifying install location is not overridden by venv",
    "My pip.conf has target = /opt/pylibs, so pip installs outside the virtualenv.",
    "In the venv, pip.ini with a prefix= line sends every package to C:\\pylibs; the venv cannot import them.",
])
def test_a_pip_configuration_sending_installs_outside_the_venv(words):
    assert PIP_CONFIG in signal_ids(words)
    assert check_categories(words)[0] == "wrong_interpreter"


@pytest.mark.parametrize("words", [
    "My pip.conf sets index-url to our mirror inside the venv.",
    "pip.ini has a proxy setting; the environment is fine.",
    "Create a venv and put a pip.ini next to it.",
])
def test_other_pip_settings_are_not_read(words):
    assert PIP_CONFIG not in signal_ids(words)


def test_the_round_report_of_a_pip_ini_install_location():
    assert report_categories("9015-sd-webui-13441-pip-ini-install-location-not-venv-torch.txt")[0] == \
        "wrong_interpreter"


@pytest.mark.parametrize("name,category", [
    ("9000-jupyter-notebook-1486-pip-list-ipython-python-m-no-module.txt", "wrong_interpreter"),
    ("9005-auto-py-to-exe-227-no-module-rich-hidden-import.txt", "wrong_interpreter"),
    ("9013-jupyter-notebook-1524-anaconda-prompt-scipy-notebook-envs-py35.txt", "wrong_interpreter"),
    ("9050-deepspeed-6568-windows-venv-torch-241-getting-requirements.txt", "torch_missing"),
    ("9059-lmflow-282-pip-install-e-deepspeed-egg-info-no-torch-cn.txt", "torch_missing"),
])
def test_round_reports_already_read(name, category):
    assert report_categories(name)[0] == category
