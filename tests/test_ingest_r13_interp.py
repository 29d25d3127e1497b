"""Another Python running, or torch not there for a build, in the wordings of the thirteenth round's reports:

- the run said to use the default (system, global, base) Python and not one's own environment;
- packages said to be installed for one's own user while another user (root, a service, cron) runs the program;
- a Python upgrade said with its target alone ("upgraded python to 3.9"), and pip's refusal to reinstall under the new
  Python, below the failing import, taken as what followed the failure rather than its cause;
- a package said not installable unless torch is already there.

Small pastes written here in several wordings, the look-alikes that must not match, and dev reports of the corpus.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids
from yolodoctor.ingest.context import read_context
from yolodoctor.ingest.interpreter_words import python_upgraded

DEFAULT_PYTHON = "default-python-not-the-environment-words"
OTHER_USER = "installed-for-another-user-words"
TORCH_FIRST = "torch-needed-before-install-words"


def _ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


# ---- the default Python, not one's own environment ------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    "After running the training node I get an error that torch was not found: it is accessing the default Python "
    "environment, not my venv.",
    "It looks like the node is started with the default Python environment and not my venv.",
    "The cron job runs the system python instead of my conda env, so numpy is missing.",
    "VS Code keeps using the global Python interpreter rather than the project's .venv.",
    "Instead of my venv's python it calls /usr/bin/python3 and fails with a module not found.",
    "the service picks up /usr/local/bin/python3.10, not the virtualenv",
])
def test_the_default_python_said_to_run_instead_of_the_environment(words):
    assert DEFAULT_PYTHON in signal_ids(words)
    assert check_categories(words)[0] == "wrong_interpreter"


@pytest.mark.parametrize("words", [
    # a choice, not a failure: no environment of one's own named
    "I use the system python rather than a venv on this box.",
    "The default Python is 3.11.",
    # the environment is the one that runs
    "Now it runs my venv's python, not the system python.",
    "Set the interpreter to the venv, not the default.",
])
def test_no_default_python_instead_of_an_own_environment_is_not_read(words):
    assert DEFAULT_PYTHON not in signal_ids(words)


def test_the_round_report_of_a_comfy_node_that_runs_the_default_python():
    assert report_categories("8007-lora-training-comfy-30-node-runs-default-python-not-venv.txt")[0] == \
        "wrong_interpreter"


# ---- installed for one's own user, run by another --------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    "The service script says module not found, no doubt because conda or pip installed those packages in my normal "
    "user environment.",
    "The packages have been installed only for your user and not for root.",
    "I installed it under my user account but the cron job runs as root.",
    "hid is installed for my user, not for root, so sudo ./cm-rgb-cli fails.",
])
def test_packages_said_installed_for_ones_own_user(words):
    assert OTHER_USER in signal_ids(words)
    assert check_categories(words)[0] == "wrong_interpreter"


@pytest.mark.parametrize("words", [
    "pip install --user puts packages in the user site-packages directory.",
    "Defaulting to user installation because normal site-packages is not writeable",
    "I created a new user account and installed Python there.",
    "Installed for the user who runs the service, as the docs say.",
])
def test_a_user_install_that_says_nothing_of_another_user_is_not_read(words):
    assert OTHER_USER not in signal_ids(words)


def test_the_round_report_of_a_systemd_service_user():
    assert report_categories("8015-systemd-tutorial-14-service-user-cannot-import-conda-packages.txt")[0] == \
        "wrong_interpreter"


# ---- a Python upgrade said with its target alone --------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    "Arch Linux recently upgraded python to 3.9 and since then the tool stopped working.",
    "There was recently an upgrade to python 3.9.",
    "after updating my Python to 3.12 nothing imports",
    "brew upgraded python to version 3.11 overnight",
])
def test_an_upgrade_to_a_release_is_read(words):
    assert python_upgraded(words.lower())


@pytest.mark.parametrize("words", [
    # a new environment, not an upgrade of the one that had the packages
    "I switched to python 3.10 for this project.",
    "moved to Python 3.11 in a fresh conda env",
    # an upgrade of something else to a version
    "I upgraded pip to 23.3 and torch to 2.1",
    "upgrade numpy to 1.26 first",
])
def test_a_move_that_is_not_an_upgrade_of_python_is_not_read(words):
    assert not python_upgraded(words.lower())


UPGRADE_THEN_REINSTALL = """Arch Linux recently upgraded python to 3.9 and since then the app stopped working:

/usr/bin/python: Error while finding module specification for 'cryptoadvance.specter' (ModuleNotFoundError: No module named 'cryptoadvance')

Reinstalling with pip gives:

Collecting cryptoadvance.specter
ERROR: Could not find a version that satisfies the requirement hwi==1.1.2 (from cryptoadvance.specter) (from versions: 1.0.0, 1.0.1)
ERROR: No matching distribution found for hwi==1.1.2 (from cryptoadvance.specter)
"""


def test_pips_refusal_below_the_failing_import_after_an_upgrade_follows_it():
    assert check_categories(UPGRADE_THEN_REINSTALL)[0] == "wrong_interpreter"
    assert _ids(UPGRADE_THEN_REINSTALL)[0] == "module-missing-after-python-upgrade"


def test_pips_refusal_above_the_failing_import_is_not_taken_as_the_reinstall():
    # pip failed first: the module is missing because its install failed, whatever Python was upgraded
    lines = UPGRADE_THEN_REINSTALL.splitlines()
    text = "\n".join([lines[0], *lines[6:9], "", lines[2]]) + "\n"
    assert "module-missing-after-python-upgrade" not in _ids(text)


def test_no_upgrade_said_leaves_pips_refusal_first():
    text = UPGRADE_THEN_REINSTALL.replace("Arch Linux recently upgraded python to 3.9 and since then", "Since today")
    assert check_categories(text)[0] != "wrong_interpreter"


def test_the_round_report_of_an_arch_python_upgrade():
    assert report_categories("8008-specter-741-arch-python39-upgrade-packages-left-in-38.txt")[0] == \
        "wrong_interpreter"


def test_the_upgrade_line_is_the_contexts():
    context = read_context(list(enumerate(UPGRADE_THEN_REINSTALL.splitlines(), 1)))
    assert context.python_upgraded == 1 and context.missing_module == "cryptoadvance"


# ---- not installable unless torch is there ---------------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    "Since 0.7.0 DeepSpeed can't be installed if pytorch is not already on the system.",
    "The package cannot be installed unless torch is installed.",
    "it won't be installed without torch present",
])
def test_a_package_not_installable_without_torch(words):
    assert TORCH_FIRST in signal_ids(words)
    assert check_categories(words)[0] == "torch_missing"


@pytest.mark.parametrize("words", [
    "It can't be installed if the disk is full.",
    "torch can't be installed if python is 3.13",
])
def test_other_conditions_of_an_install_are_not_read(words):
    assert TORCH_FIRST not in signal_ids(words)


def test_the_round_report_of_deepspeed_in_accelerates_extras():
    assert report_categories("8029-deepspeed-2166-accelerate-ci-extras-torch-not-yet-installed.txt")[0] == \
        "torch_missing"


@pytest.mark.parametrize("name,category", [
    ("8000-tgwui-sd-2-webuiapi-installer-env-not-textgen-env.txt", "wrong_interpreter"),
    ("8018-spyder-18480-standalone-bundled-python-no-user-modules.txt", "wrong_interpreter"),
    ("8020-catvton-3-venv-detectron2-v06-build-isolation-no-torch.txt", "torch_missing"),
    ("8025-cogstudio-3-deepspeed-before-torch-in-requirements.txt", "torch_missing"),
])
def test_round_reports_already_read(name, category):
    assert report_categories(name)[0] == category
