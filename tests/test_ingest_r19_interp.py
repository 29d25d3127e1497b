"""A package installed into another Python than the one that runs, nineteenth round: the paste says the install went
outside the environment ("installed globally and not in the venv", "does not install into the environment itself",
the signature installed-into-another-environment-words, widened), or a module the run cannot import was installed
with the system's package manager (brew, apt, dnf, pacman: ingest.system_manager_install). Small pastes written here, with the same words that must not fire (advice,
questions, a failed install, a package simply missing, pip's and uv's own messages), and dev reports of each.
"""

import pytest

from pasted import check_findings, report_categories


def ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


def first(text: str) -> tuple[str, str]:
    findings = check_findings(text)
    assert findings, "nothing found"
    return findings[0]["category"], findings[0]["id"]


OUTSIDE = "installed-into-another-environment-words"  # the signature, widened in this round
SYSTEM = "missing-module-installed-by-system-package-manager"


# ---- the install said to have gone outside the environment --------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Looking closer, almost all packages are in fact installed globally and not in the venv.\n",
    "I try to install DeepSpeed for local use with a Conda environment, but DeepSpeed does not install into the "
    "environment itself.\n",
    "After the wheel is built, it is not installed into the Conda environment's location.\n",
    "Everything got installed not in the venv but globally, somehow.\n",
    "The packages were installed system-wide instead of in the conda env.\n",
])
def test_install_said_outside_the_environment(text):
    assert first(text) == ("wrong_interpreter", OUTSIDE)


@pytest.mark.parametrize("text", [
    # advice, a request, a question
    # a failed install: its own error says why
    "I could not install into the environment: ERROR: Could not install packages due to an OSError\n",
    # installed globally, said without the environment it missed
    "I installed torch globally with pip.\n",
    # a package simply missing in the environment is not an install placed elsewhere
    "torch is not installed in the conda env, so the import fails.\n",
    # pip's and uv's own words
    "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the "
    "system package manager. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv\n",
    "error: No virtual environment found; run `uv venv` to create an environment, or pass `--system` to install into "
    "a non-virtual environment\n",
    "ERROR: Can not perform a '--user' install. User site-packages are not visible in this virtualenv.\n",
    "error: externally-managed-environment\n\n× This environment is externally managed\n╰─> To install Python packages "
    "system-wide, try apt install\n    python3-xyz, where xyz is the package you are trying to\n    install.\n",
    "Defaulting to user installation because normal site-packages is not writeable\n",
])
def test_install_outside_words_that_are_not_read(text):
    assert OUTSIDE not in ids(text)


# ---- a missing module installed with the system's package manager -------------------------------------------------

@pytest.mark.parametrize("text", [
    "[Bug]: No module named 'rich' on MacOS\n\nI get the no module named 'rich' error. Running `brew install rich` "
    "installs the module, but the error message stays the same.\n",
    "$ sudo apt install python3-rich\n...\n$ ./venv/bin/python app.py\nModuleNotFoundError: No module named 'rich'\n",
    "I did sudo pacman -S python-tqdm and it still says\nModuleNotFoundError: No module named 'tqdm'\n",
    "sudo apt-get install -y python3-opencv python3-yaml\nTraceback (most recent call last):\n  File \"run.py\", "
    "line 3, in <module>\n    import yaml\nModuleNotFoundError: No module named 'yaml'\n",
])
def test_missing_module_installed_with_system_package_manager(text):
    assert first(text) == ("wrong_interpreter", SYSTEM)


@pytest.mark.parametrize("text", [
    # another package installed, or the tool itself
    "brew install python@3.11\nModuleNotFoundError: No module named 'rich'\n",
    "sudo apt install ffmpeg libgl1\nModuleNotFoundError: No module named 'tqdm'\n",
    # advice and pip's hint
    "You can try brew install rich.\nModuleNotFoundError: No module named 'rich'\n",
    "╰─> To install Python packages system-wide, try brew install\n    xyz, where xyz is the package you are trying to "
    "install.\nModuleNotFoundError: No module named 'xyz'\n",
    # installed, and nothing fails
    "sudo apt install python3-rich\nDone.\n",
])
def test_system_package_manager_words_that_are_not_read(text):
    assert SYSTEM not in ids(text)


# ---- dev reports ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "14001-adetailer-428-macos-brew-rich-not-in-webui-venv.txt",
    "14006-sd-webui-16113-python-cmd-full-path-installs-globally.txt",
    "14007-deepspeed-95-conda-env-install-goes-system-wide.txt",
    "4037-pytorch-31773-pip3-installs-outside-conda-env-jupyter.txt",
    "5017-varkoder-29-conda-env-without-pip-root-pip-installs-outside.txt",
])
def test_dev_reports(name):
    assert report_categories(name)[:1] == ["wrong_interpreter"]
