"""Other wordings of "installed here, missing there" and of a build that cannot see torch: pip's isolated build step
failing for flash-attn and its neighbours with the traceback cut off; an install said in other words (reinstalled,
installed with pip or conda, pip's "requirement already satisfied" retold in prose); a sentence about where a program
works and where it fails, wrapped over several lines of the paste; and an install command that ends where the prose
around it resumes.

Each on small pastes written here (several wordings of the same fact), the look-alikes that must not match, and
reports of the dev split of the corpus.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids

FLASH_STEP = "flash-attn-isolated-build-step-failed"
FLASH_TORCH = "flash-attn-build-isolation-torch-missing"
NAMES_PYTORCH = "install-command-names-pytorch"


# ---- flash-attn's isolated build step, cut before its last line -------------------------------------------------

@pytest.mark.parametrize("text", [
    # pip >= 21, from a requirements file
    "Collecting flash-attn==2.6.3 (from -r req.txt (line 4))\n  Downloading flash_attn-2.6.3.tar.gz (2.6 MB)\n"
    "  Installing build dependencies ... done\n  Getting requirements to build wheel ... error\n",
    # the neighbours, named on pip's line
    "Collecting causal-conv1d>=1.4.0\n  Using cached causal_conv1d-1.5.0.tar.gz (9.2 kB)\n"
    "  Installing build dependencies: finished with status 'done'\n"
    "  Getting requirements to build wheel: finished with status 'error'\n",
    "Collecting mamba_ssm\n  Using cached mamba_ssm-2.2.4.tar.gz (91 kB)\n"
    "  × Getting requirements to build wheel did not run successfully.\n",
    # the traceback's hook named instead of pip's summary
    "Collecting xformers\n  Using cached xformers-0.0.29.tar.gz (7.8 MB)\n  Installing build dependencies ... done\n"
    "      File \"/tmp/pip-build-env-1/overlay/lib/python3.11/site-packages/setuptools/build_meta.py\", line 331, "
    "in get_requires_for_build_wheel\n",
    # an older pip: the error first, the unpacked sdist named after it
    "  Getting requirements to build wheel ... error\n    ERROR: Command errored out with exit status 1:\n"
    "     command: /usr/bin/python3 /tmp/in_process.py get_requires_for_build_wheel /tmp/tmpabc\n"
    "         cwd: /tmp/pip-install-k2j9x/flash-attn_0c1d2e3f\n",
])
def test_flash_attn_family_isolated_build_step(text):
    assert FLASH_STEP in signal_ids(text)
    assert check_categories(text)[0] == "flash_attn_build"


@pytest.mark.parametrize("text", [
    # the build step went through; the failure is later (the compiler), which other entries read
    "Collecting flash-attn\n  Getting requirements to build wheel ... done\n  Building wheel for flash-attn (setup.py) ... error\n",
    # a package of its own name that is not flash-attn
    "Collecting flash-attention-jax\n  Getting requirements to build wheel ... error\n",
    # flash-attn named far from an unrelated package's build step
    "Successfully installed flash-attn-2.7.4\n" + "ok\n" * 12
    + "Collecting lxml==4.9.1\n  Getting requirements to build wheel ... error\n",
])
def test_other_build_failures_are_not_the_isolated_step(text):
    assert FLASH_STEP not in signal_ids(text)


def test_the_full_message_keeps_its_own_entry():
    text = ("Collecting flash-attn\n  Using cached flash_attn-2.8.3.tar.gz (8.4 MB)\n"
            "  Getting requirements to build wheel ... error\n      ModuleNotFoundError: No module named 'torch'\n")
    ids = signal_ids(text)
    assert FLASH_TORCH in ids and FLASH_STEP not in ids


# ---- an install said in other words, beside a module the run cannot import --------------------------------------

@pytest.mark.parametrize("said", [
    "I re-installed it with pip twice.",
    "Already reinstalled scipy, nothing changed.",
    "It was installed via pip from the terminal.",
    "I pip installed requests before running it.",
    "Installing it again only says requirement already satisfied.",
    "pip tells me requirement already satisfied.",
    "I installed with conda, as the README says.",
])
def test_other_words_for_an_install_make_the_missing_module_another_interpreter(said):
    text = f"{said}\nModuleNotFoundError: No module named 'scipy'\n"
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # pip's own line names another distribution: read by its own rule, not as the missing module said installed
    "Requirement already satisfied: numpy in /usr/lib/python3/dist-packages (1.24.2)\n"
    "ModuleNotFoundError: No module named 'scipy'\n",
    # a request, not a statement
    "Make sure it is reinstalled with pip.\nModuleNotFoundError: No module named 'scipy'\n",
])
def test_a_request_or_another_package_is_not_an_install_of_the_module(text):
    assert "wrong_interpreter" not in check_categories(text)[:1]


# ---- where it works and where it fails, in a sentence wrapped over lines ----------------------------------------

@pytest.mark.parametrize("text", [
    "The import works when I run it in the terminal\nbut Spyder can't find the package at all.\n",
    "From the Anaconda Prompt it runs without a problem, while\nPyCharm fails with the import error.\n",
    "In PyCharm it cannot import cv2, although the\ncommand line runs it fine.\n",
])
def test_a_wrapped_sentence_still_names_both_places(text):
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # a sentence that ends on its line: the next line is read alone
    "It runs in the terminal.\nnothing else to add; the GPU is a 3090.\n",
    # the terminal only, over two lines: no second place
    "Running it in the terminal\nfails with an import error.\n",
])
def test_a_line_that_ends_its_sentence_or_names_one_place(text):
    assert "wrong_interpreter" not in check_categories(text)[:1]


# ---- an install command ends where the prose resumes ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "用 `pip install \"git+https://github.com/org/pkg.git@v1\"` 安装时报错，提示 pytorch 未安装\n",
    "Ran `pip install -e .` and it said pytorch was missing.\n",
])
def test_pytorch_in_the_prose_after_a_command_is_not_its_package(text):
    assert NAMES_PYTORCH not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "pip install torchvision pytorch\n",
    "$ pipenv install pytorch==1.0.0\n",
])
def test_pytorch_in_the_command_is_still_read(text):
    assert NAMES_PYTORCH in signal_ids(text)


# ---- reports of the dev split ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("5702-unirig-24-windows-venv-requirements-flash-attn-no-torch.txt", "flash_attn_build"),
    ("5712-longnet-3-conda-flash-attn-build-requirements-error.txt", "flash_attn_build"),
    ("5349-openchat-8-requirements-flash-attn-pep517-no-torch.txt", "flash_attn_build"),
    ("5709-vscode-python-20983-py-launcher-pandas-vsc-cannot-find.txt", "wrong_interpreter"),
    ("5710-vscode-257636-pandas-requirement-already-satisfied-run-fails.txt", "wrong_interpreter"),
    ("5714-ultralytics-10087-reinstalled-still-no-module-ultralytics.txt", "wrong_interpreter"),
    ("5718-textgen-3903-autogptq-git-build-requires-pytorch-installed-cn.txt", "torch_missing"),
])
def test_reports_of_the_dev_split(name, category):
    assert report_categories(name)[0] == category


# ---- a requirements file installed, then pip's own "No module named 'torch'" ------------------------------------

SATISFIED = ("Requirement already satisfied: torch==2.5.1 in /home/u/miniconda3/envs/a/lib/python3.11/site-packages "
             "(2.5.1+cu124)\n")


@pytest.mark.parametrize("command", [
    "pip install -r requirements.txt",
    "python -m pip install -r requirements/base.txt",
    "uv pip install -r requirements.txt",
    "pip install --requirement requirements.txt",
])
def test_torch_missing_during_a_requirements_install_is_the_build(command):
    text = SATISFIED + f"$ {command}\nCollecting einops\n  Getting requirements to build wheel ... error\n" \
                       "      ModuleNotFoundError: No module named 'torch'\n"
    assert check_categories(text)[0] == "torch_missing"


def test_a_program_run_after_the_requirements_install_is_its_own():
    text = SATISFIED + ("$ pip install -r requirements.txt\nSuccessfully installed einops-0.8.0\n"
                        "$ python train.py\nTraceback (most recent call last):\n  File \"train.py\", line 1, in <module>\n"
                        "    import torch\nModuleNotFoundError: No module named 'torch'\n")
    assert check_categories(text)[0] == "wrong_interpreter"
