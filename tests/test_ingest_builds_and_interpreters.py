"""torch missing inside a package's build, and the wrong interpreter in more of the ways people show it.

- an install that builds from source (`pip -q install -e .`, `pip install git+...`) or poetry's build step, then
  "No module named 'torch'" with no program run between: the isolated build's missing torch, even where torch is
  said installed; a `~/.local` path of the installer's own code is not a user-site shadowing;
- op builders' words for torch needed first ("Unable to pre-compile ops without torch installed");
- a module the paste's own command installs, still missing ("... still the same error", `!pip install` in a notebook);
- a notebook kernel that dies for want of ipykernel / IPython;
- "works in one place, fails in another" between two shells, and between two interpreter commands.

Each on small pastes written here, the look-alikes that must not fire, and dev reports of the corpus.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids

OTHER_PYTHON = "module-missing-other-python"
NEEDED_FIRST = "torch-needed-before-install-words"
KERNEL = "notebook-kernel-python-without-ipykernel"
TWO_SHELLS = "import-works-in-one-shell-not-another"
TWO_COMMANDS = "import-works-with-one-python-command-not-another"


def _ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


# ---- torch missing in a build step -----------------------------------------------------------------------------------

@pytest.mark.parametrize("paste", [
    # an editable install with pip's options before `install`, torch said installed in words
    "$ pip -q install -e .\nModuleNotFoundError: No module named 'torch'\nI have torch installed already.\n",
    # a VCS URL, torch shown by pip list
    "pip list\nPackage    Version\n---------- -------\ntorch      2.3.1\n\n"
    "pip install \"git+https://github.com/example/ext.git\"\n  error: subprocess-exited-with-error\n"
    "ModuleNotFoundError: No module named 'torch'\n",
    # uv, an sdist archive
    "uv pip install ./dist/ext-0.1.tar.gz\nModuleNotFoundError: No module named 'torch'\nconda install pytorch done\n",
])
def test_torch_missing_right_after_a_source_build_is_the_builds(paste):
    assert check_categories(paste)[0] == "torch_missing"


@pytest.mark.parametrize("paste", [
    # the build went through; a program run after it cannot import torch: that interpreter lacks it
    "$ pip install -e .\nSuccessfully installed ext-0.1\n$ python train.py\n"
    "ModuleNotFoundError: No module named 'torch'\nI have torch installed already.\n",
    # setup.py run directly (no isolation) through sudo: root's Python
    "$ sudo python3 setup.py develop\nModuleNotFoundError: No module named 'torch'\ntorch is installed and works.\n",
])
def test_a_run_or_a_direct_setup_py_is_not_a_build(paste):
    assert check_categories(paste)[0] == "wrong_interpreter"


POETRY = ("  2  ~/.local/lib/python3.8/site-packages/poetry/utils/env/base_env.py:359 in _run\n"
          "  CalledProcessError\n"
          "  Command '['/tmp/tmpxdbpwgq0/.venv/bin/python', 'setup.py', 'egg_info']' returned non-zero exit status 1.\n"
          "ModuleNotFoundError: No module named 'torch'\n")


def test_poetrys_own_user_site_path_is_not_a_shadowing_copy():
    assert "user-site-shadowing" not in _ids(POETRY)
    assert check_categories(POETRY)[0] == "torch_missing"


def test_a_package_of_the_user_site_still_shadows():
    paste = ("$ conda activate myenv\n$ python run.py\n"
             "  File \"/home/u/.local/lib/python3.8/site-packages/numpy/core/__init__.py\", line 22, in <module>\n"
             "ImportError: numpy.core.multiarray failed to import\n")
    assert "user-site-shadowing" in _ids(paste)


# ---- torch needed first, in op builders' words ----------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "AssertionError: Unable to pre-compile ops without torch installed. Please install torch before attempting "
    "to pre-compile ops.",
    "AssertionError: torch is required for pre-compiling ops, please install it first.",
    "      [WARNING] Unable to import torch, pre-compiling ops will be disabled.",
    "Please install PyTorch before building this package.",
])
def test_op_builders_words_for_torch_needed_first(line):
    assert NEEDED_FIRST in signal_ids(line)
    assert check_categories(line)[0] == "torch_missing"


@pytest.mark.parametrize("line", [
    "torch is required for this example; see the docs for the supported versions.",
    "Unable to import torch_geometric, pre-compiling ops will be disabled",
    "install it first, then restart the kernel",
])
def test_op_builder_look_alikes(line):
    assert NEEDED_FIRST not in signal_ids(line)


# ---- a module the paste installs, still missing -----------------------------------------------------------------

def test_an_install_said_not_to_help():
    paste = ("import folium\nModuleNotFoundError: No module named 'folium'\n"
             "I ran pip install folium and conda install folium, the notebook still gives the same error.\n")
    findings = check_findings(paste)
    assert (findings[0]["id"], findings[0]["category"]) == (OTHER_PYTHON, "wrong_interpreter")


def test_a_notebook_bang_pip_and_a_module_said_missing():
    paste = ("Open the notebook, select the Python 3.11 kernel.\nThe cell fails: folium is missing\n"
             "!pip install folium works, but the import still fails\n")
    findings = check_findings(paste)
    assert findings[0]["id"] == OTHER_PYTHON
    assert any("!pip install" in line for line in findings[0]["evidence"])


@pytest.mark.parametrize("paste", [
    # the install came after the error, and fixed it (no word that it did not)
    "$ python app.py\nModuleNotFoundError: No module named 'folium'\n$ pip install folium\n",
    # another distribution installed
    "I ran pip install numpy, still the same error:\nModuleNotFoundError: No module named 'folium'\n",
    # a retold command: the sentence's words after it are not distributions
    "pip install tensorrt but it reports 'ModuleNotFoundError: No module named 'tensorrt_bindings''\n",
    # said missing, nothing installed
    "The cell fails: folium is missing\n",
])
def test_installs_that_say_nothing_about_another_interpreter(paste):
    assert OTHER_PYTHON not in _ids(paste)


# ---- a notebook kernel without its own packages ---------------------------------------------------------------------

@pytest.mark.parametrize("paste", [
    "[I 10:36:46.139 NotebookApp] Kernel started: 48e51be7\n/usr/local/opt/python3/bin/python3.5: No module named "
    "ipykernel_launcher\n",
    "/opt/env/bin/python: No module named ipykernel\n",
    "[I 16:20:42.414 NotebookApp] KernelRestarter: restarting kernel (1/5)\nTraceback (most recent call last):\n"
    "  File \"/usr/local/lib/python3.5/dist-packages/ipykernel_launcher.py\", line 15, in <module>\n"
    "    from ipykernel import kernelapp as app\nImportError: No module named 'IPython'\n",
])
def test_a_kernel_without_ipykernel(paste):
    assert KERNEL in signal_ids(paste)
    assert check_categories(paste)[0] == "wrong_interpreter"


def test_a_script_that_imports_ipython_is_not_a_kernel():
    paste = ("$ python plot.py\n  File \"plot.py\", line 1, in <module>\n    from IPython.display import display\n"
             "ModuleNotFoundError: No module named 'IPython'\n")
    assert KERNEL not in signal_ids(paste)


# ---- works in one place, fails in another: two shells, two interpreter commands ------------------------------------

@pytest.mark.parametrize("paste", [
    "It runs fine from the Anaconda Prompt, but in cmd I get ModuleNotFoundError: No module named 'torch'",
    "import torch works in PowerShell but fails in Git Bash: No module named 'torch'",
    "In the Miniconda Prompt import torch succeeds; in Windows Terminal it says No module named 'torch'",
])
def test_two_shells(paste):
    assert TWO_SHELLS in signal_ids(paste)
    assert check_categories(paste)[0] == "wrong_interpreter"


@pytest.mark.parametrize("paste", [
    "In PowerShell, import torch fails: No module named 'torch'. It worked yesterday.",
    "Anaconda Prompt: import torch works fine. Then in my script: No module named 'torch'",
])
def test_one_shell_is_not_two(paste):
    assert TWO_SHELLS not in signal_ids(paste)


@pytest.mark.parametrize("paste", [
    "py -3.10 -c \"import torch\" works, but python main.py fails: ModuleNotFoundError: No module named 'torch'",
    "python can import torch but python3 gives ImportError: No module named torch",
])
def test_two_interpreter_commands(paste):
    assert TWO_COMMANDS in signal_ids(paste)
    assert check_categories(paste)[0] == "wrong_interpreter"


@pytest.mark.parametrize("paste", [
    "python works but python fails with No module named 'torch'",
    "python3 train.py works fine but then crashes with CUDA out of memory",
])
def test_one_command_or_another_failure(paste):
    assert TWO_COMMANDS not in signal_ids(paste)


def test_a_listing_retold_in_words_counts_as_installed():
    paste = "Spyder: ModuleNotFoundError: No module named 'torch' although conda list shows pytorch in my env"
    assert check_categories(paste)[0] == "wrong_interpreter"


# ---- dev reports of the corpus -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("4001-jupyter-notebook-3086-system-site-packages-kernel-system-python.txt", "wrong_interpreter"),
    ("4006-unmasked-teacher-32-requirements-deepspeed-before-torch.txt", "torch_missing"),
    ("4007-yolox-1368-pip-install-e-torch-required-pre-compiling-ops.txt", "torch_missing"),
    ("4013-groundingdino-272-pip-install-e-no-torch-pip-24.txt", "torch_missing"),
    ("4027-pytorch3d-1673-poetry-setup-egg-info-tmp-venv-no-torch.txt", "torch_missing"),
    ("4029-bmeaut-nlp-7-notebook-import-wikipedia-anaconda-kernel.txt", "wrong_interpreter"),
    ("4031-vscode-jupyter-6864-bang-pip-installs-into-python27-on-path.txt", "wrong_interpreter"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[0] == category


# ---- installed into another environment, in words ------------------------------------------------------------------

INTO_ANOTHER = "installed-into-another-environment-words"


@pytest.mark.parametrize("paste", [
    "It turned out pip installed torch into the system python instead of my venv: No module named 'torch'",
    "the launcher does not pick up packages installed in the virtualenv, although python does",
    "It only works if the launcher is installed in the same virtual environment.",
    "`pip3 install opencv-python` goes outside the conda env, the notebook can't import cv2",
])
def test_installed_into_another_environment_in_words(paste):
    assert INTO_ANOTHER in signal_ids(paste)
    assert check_categories(paste)[0] == "wrong_interpreter"


@pytest.mark.parametrize("paste", [
    "I installed torch in the conda env and it works.",
    "pip installs packages into site-packages of the environment",
    "The files are stored outside the environment folder",
])
def test_installed_in_the_environment_is_not_another(paste):
    assert INTO_ANOTHER not in signal_ids(paste)


@pytest.mark.parametrize("name", [
    "4036-deepspeed-6664-launcher-outside-virtualenv-system-site.txt",
    "4037-pytorch-31773-pip3-installs-outside-conda-env-jupyter.txt",
])
def test_dev_reports_installed_elsewhere(name):
    assert report_categories(name)[0] == "wrong_interpreter"


# ---- an activated environment whose python is not the one found -------------------------------------------------

ACTIVATION = "activated-environment-not-first-on-path"


@pytest.mark.parametrize("paste", [
    "(base) u@host:~$ conda activate trainenv\n(trainenv) u@host:~$ which python\n/home/u/.pyenv/shims/python\n",
    "$ source venv/bin/activate\n$ python -c \"import sys; print(sys.executable)\"\nsys.executable\n/usr/bin/python3\n"
    "$ python train.py\nModuleNotFoundError: No module named 'torch'\n",
])
def test_an_activation_that_does_not_reach_python(paste):
    findings = check_findings(paste)
    assert (findings[0]["id"], findings[0]["category"]) == (ACTIVATION, "wrong_interpreter")


@pytest.mark.parametrize("paste", [
    # the environment's own python
    "$ conda activate trainenv\n$ which python\n/home/u/miniconda3/envs/trainenv/bin/python\n",
    # base is conda's root: its python has no environment name in its path
    "$ conda activate base\n$ which python\n/home/u/miniconda3/bin/python\n",
    # the interpreter printed before the activation
    "$ which python\n/usr/bin/python\n$ conda activate trainenv\n",
])
def test_an_activation_that_reaches_python(paste):
    assert ACTIVATION not in _ids(paste)


def test_dev_report_activation_kept_pyenv_shims():
    assert report_categories("4041-conda-10401-activate-keeps-pyenv-shims-python.txt")[0] == "wrong_interpreter"


# ---- a traceback's missing torch, explained in words by another message of the paste -----------------------------

@pytest.mark.parametrize("paste", [
    "ModuleNotFoundError: No module named 'torch'\nIt turned out pip installed torch into the system python instead "
    "of my venv\n",
    "The created environment has python but no pip of its own.\n$ conda run -n env python -c \"import torch\"\n"
    "ModuleNotFoundError: No module named 'torch'\n",
    "ModuleNotFoundError: No module named 'torch'\npip3 installs packages into Python 3.6, but python3 runs 3.8\n",
])
def test_the_explanation_outranks_the_symptom(paste):
    assert check_categories(paste)[0] == "wrong_interpreter"


def test_a_bare_missing_torch_stays_missing():
    assert check_categories("$ python app.py\nModuleNotFoundError: No module named 'torch'\n")[0] == "torch_missing"


def test_dev_report_env_without_pip():
    name = "4043-fbgemm-5691-conda-env-without-pip-base-pip-installs-torch.txt"
    assert report_categories(name)[0] == "wrong_interpreter"


# ---- works in one place: "imports ... but not in the notebook" ----------------------------------------------------

def test_imports_in_the_terminal_but_not_in_the_notebook():
    paste = "The package imports in the VS Code terminal, but not in the notebook open in the editor."
    assert "import-works-in-one-place-not-another" in signal_ids(paste)
    assert check_categories(paste)[0] == "wrong_interpreter"


def test_a_notebook_that_imports_is_not_a_failure():
    paste = "The package imports in the terminal and in the notebook; the plot is empty."
    assert "import-works-in-one-place-not-another" not in signal_ids(paste)


def test_dev_report_notebook_editor_default_python():
    name = "4044-vscode-83109-notebook-editor-default-python-not-conda-env.txt"
    assert report_categories(name)[0] == "wrong_interpreter"


# ---- torch said not installed, in words -----------------------------------------------------------------------------

MISSING_WORDS = "torch-missing-in-words"


@pytest.mark.parametrize("paste", [
    "This fails: torch is not already in the new venv and the package does not install it.",
    "torch isn't installed, so the script fails",
    "torch was never installed in this env",
])
def test_torch_said_not_installed(paste):
    assert MISSING_WORDS in signal_ids(paste)
    assert check_categories(paste)[0] == "torch_missing"


@pytest.mark.parametrize("paste", [
    "torch is not installed in the kernel",  # the wrong interpreter's words
    "make sure torch is not installed twice",
    "check if torch is not installed",
])
def test_torch_not_installed_look_alikes(paste):
    assert MISSING_WORDS not in signal_ids(paste)


def test_dev_report_fresh_venv_in_words():
    assert report_categories("4017-detectron2-5228-fresh-venv-requirements-no-torch.txt")[0] == "torch_missing"
