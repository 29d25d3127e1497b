"""Another Python running, in the wordings of the twelfth round's reports:

- uv's "Audited N packages" after its own `uv pip install X` is X already installed (pip's "already satisfied");
- a module missing after the paste says Python was upgraded from one 3.x release to a later one;
- pip's site-packages of another Python than the one the paste shows running, with no failing import;
- the environment said not to be the Python that runs: not kept between CI steps, "not the one of the venv", a place
  that goes back to (or seems to use) the system or default Python.

Small pastes written here in several wordings, the look-alikes that must not match, and dev reports of the corpus.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids
from yolodoctor.ingest.context import read_context

IN_WORDS = "environment-not-the-python-that-runs-in-words"


def _context(text: str):
    return read_context(list(enumerate(text.splitlines(), 1)))


def _ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


# ---- uv's "Audited" answer -----------------------------------------------------------------------------------------

def test_uv_audited_after_its_install_is_already_installed():
    context = _context("C:\\proj>uv pip install mcp[cli]\nAudited 1 package in 240ms\n")
    assert context.satisfied == ((2, "mcp"),)


@pytest.mark.parametrize("text", [
    # an answer too far from the command, or no uv install before it
    "uv pip install requests\none\ntwo\nthree\nfour\nAudited 3 packages in 12ms\n",
    "Audited 3 packages in 12ms\n",
    # pip's own install is not uv's
    "pip install requests\nAudited 3 packages in 12ms\n",
])
def test_an_audit_with_no_uv_install_just_before_is_not_read(text):
    assert _context(text).satisfied == ()


def test_a_module_uv_audited_yet_missing_runs_in_another_python():
    text = ("$ uv pip install httpx\nAudited 1 package in 3ms\n$ uv run app.py\nTraceback (most recent call last):\n"
            "  File \"app.py\", line 1, in <module>\n    import httpx\nModuleNotFoundError: No module named 'httpx'\n")
    assert check_categories(text)[0] == "wrong_interpreter"
    assert "module-missing-other-python" in _ids(text)


def test_the_round_report_uv_tool_against_uv_pip():
    assert report_categories("7003-uv-13101-uv-tool-run-vs-uv-pip-install-mcp-cli.txt")[0] == "wrong_interpreter"


# ---- a Python upgrade ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    "My distribution recently updated Python from 3.7.x to 3.8.0, and that broke every package.",
    "After upgrading python from 3.9 to 3.10 nothing imports any more.",
    "Homebrew upgraded python 3.10.4 to 3.11.1 last night.",
    "Python upgrade 3.11 -> 3.12 broke my tools.",
])
def test_a_module_missing_after_python_was_upgraded_is_the_old_pythons(words):
    text = (words + "\n$ guessit x\nTraceback (most recent call last):\n  File \"/home/u/.local/bin/guessit\", line 5, "
            "in <module>\n    from guessit.__main__ import main\nModuleNotFoundError: No module named 'guessit'\n")
    assert _context(text).python_upgraded == 1
    assert check_categories(text)[0] == "wrong_interpreter"
    assert "module-missing-after-python-upgrade" in _ids(text)


@pytest.mark.parametrize("text", [
    # a standard-library module the new release removed is the package's age
    "I upgraded python from 3.11 to 3.12.\nModuleNotFoundError: No module named 'distutils'\n",
    # a move back to an older release, or from Python 2, is not an upgrade of one Python 3
    "I moved python from 3.12 to 3.10.\nModuleNotFoundError: No module named 'guessit'\n",
    "We updated python from 2.7 to 3.6.\nModuleNotFoundError: No module named 'urllib2'\n",
])
def test_no_upgrade_finding_for_removed_stdlib_or_other_moves(text):
    assert "module-missing-after-python-upgrade" not in _ids(text)


def test_an_upgrade_with_nothing_missing_says_nothing():
    assert "module-missing-after-python-upgrade" not in _ids("I upgraded python from 3.9 to 3.10 yesterday.\n")


# ---- pip of another Python, with no failing import -----------------------------------------------------------------

def test_pip_satisfied_in_another_pythons_site_with_python_3_shown():
    text = ("$ python --version\nPython 3.6.0\n$ sudo pip install django\nRequirement already satisfied (use "
            "--upgrade to upgrade): django in /usr/local/lib/python2.7/dist-packages\n")
    assert check_categories(text)[0] == "wrong_interpreter"
    assert "pip-installs-for-another-python" in _ids(text)


def test_pip_site_of_the_running_python_says_nothing():
    text = ("$ python --version\nPython 3.10.12\n$ pip install django\nRequirement already satisfied: django in "
            "/usr/local/lib/python3.10/dist-packages (4.2)\n")
    assert "pip-installs-for-another-python" not in _ids(text)


def test_the_round_report_pyenv_global_and_sudo_pip():
    assert report_categories("7007-pyenv-855-pyenv-global-36-sudo-pip-installs-system-27.txt")[0] == \
        "wrong_interpreter"


# ---- the environment said not to be the Python that runs -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Converting the workflows to uv: the virtual environment does not seem to be kept between workflow steps.",
    "The venv isn't active across steps, so the next step runs without it.",
    "It looks like the environment is not activated in the next step of the job.",
    "The python the action runs is not the one of the uv venv, so the project is not installed.",
    "The python used by the hook is not the one from my virtualenv.",
    "The project uses uv, and the action appears to use the system Python.",
    "In the packaged app it goes back to Apple's default Python (v2.7), so our modules won't load.",
    "When launched from the service it falls back to the system python.",
])
def test_the_environment_said_not_to_be_the_python_that_runs(text):
    assert IN_WORDS in signal_ids(text)
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    "The pip cache is not kept between steps.",
    "I use the system python on Ubuntu 22.04.",
    "This is not the one I wanted.",
    "The environment is kept between steps, and it works.",
    "Install it into the system python if you have no venv.",
    "python 3.12 is the default python on this image.",
])
def test_look_alikes_of_the_environment_words_are_not_read(text):
    assert IN_WORDS not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "7002-uv-1386-github-actions-uv-venv-not-retained-between-steps.txt",
    "7015-publish-kedro-viz-6-action-system-python-not-uv-venv.txt",
    "7018-electron-packager-724-packaged-app-apple-python27-modules.txt",
    "7014-pipx-278-distro-python-37-to-38-pipx-apps-no-module.txt",
])
def test_round_reports_rank_the_wrong_interpreter_first(name):
    assert report_categories(name)[0] == "wrong_interpreter"
