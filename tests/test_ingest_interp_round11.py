"""Another Python running, and torch missing where a build needs it, in the wordings of the eleventh round's reports:

- uv's hint that a package "depends on `torch`, but doesn't declare it as a build dependency" (hard-wrapped, with a
  build log's prefix on each line) and the same fact retold in words; the flash-attn family's own refinement;
- an install command that is only advised, asked about, a condition, or failed is not torch installed;
- the isolated build of flash-attn or a neighbour (xformers, mamba-ssm) explains the "No module named 'torch'" of the
  paste: the failed build ranks first, the missing torch is its symptom;
- "installing auto-gptq fails, but torch is already installed" (and its other orders and verbs);
- prose saying an import works (in another run, a REPL, a terminal) beside the same module missing.

Small pastes written here in several wordings, the look-alikes that must not match, and dev reports of the corpus.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids
from yolodoctor.ingest.context import read_context

UNDECLARED = "torch-undeclared-build-dependency"
FLASH_UNDECLARED = "flash-attn-undeclared-build-dependency"
INSTALL_FAILS_WORDS = "torch-importing-package-install-fails-torch-installed-words"


def _context(text: str):
    return read_context(list(enumerate(text.splitlines(), 1)))


def _ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


# ---- torch not declared as a build dependency ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "hint: This error likely indicates that `detectron2@0.6` depends on `torch`, but doesn't declare it as a build "
    "dependency.",
    # uv wraps its hint; a Docker build prefixes every line with the step's time
    "hint: This error likely indicates that `pytorch3d@0.7.8` depends\non `torch`, but doesn't declare it as a build\n"
    "dependency.",
    "12.31   hint: This error likely indicates that `natten@0.17` depends\n12.31   on `torch`, but does not declare it "
    "as a build dependency.",
    "torch is not declared as a build requirement, so pip cannot see it while building.",
    "The setup imports torch, but torch isn't listed in the build-system requires.",
    "The package does not declare torch as a build dependency.",
    "mmcv doesn't list `torch` in its build-system.requires",
])
def test_torch_undeclared_as_build_dependency_is_read_in_every_wording(text):
    assert UNDECLARED in signal_ids(text)
    assert check_categories(text)[0] == "torch_missing"


@pytest.mark.parametrize("text", [
    "torch is declared as a build dependency in pyproject.toml",
    "The package depends on torch and declares it as a build dependency.",
    "flash-attn depends on torch at run time.",
])
def test_a_declared_or_runtime_dependency_is_not_read(text):
    assert UNDECLARED not in signal_ids(text) and FLASH_UNDECLARED not in signal_ids(text)


@pytest.mark.parametrize("package", ["flash-attn@2.7.3", "xformers@0.0.29.post2", "mamba-ssm@2.2.2",
                                     "causal-conv1d@1.4.0"])
def test_the_flash_attn_family_refines_the_hint_and_explains_the_missing_torch(package):
    text = (f"      ModuleNotFoundError: No module named 'torch'\n\n"
            f"      hint: This error likely indicates that `{package}` depends\n"
            f"      on `torch`, but doesn't declare it as a build dependency. If\n")
    ids = signal_ids(text)
    assert FLASH_UNDECLARED in ids and UNDECLARED not in ids and "torch-module-missing" not in ids
    assert check_categories(text)[0] == "flash_attn_build"


def test_the_uv_hint_report_of_the_corpus_is_a_flash_attn_build():
    assert report_categories("6015-r1-vlm-27-uv-sync-flash-attn-docker-pytorch-image.txt")[0] == "flash_attn_build"


# ---- an install command that did not run (or failed) is not torch installed ---------------------------------------

@pytest.mark.parametrize("text", [
    "adding `torch` to its `build-system.requires`. Otherwise, `uv pip install torch` into the",
    "Should I pip install torch first?",
    "Do I need to conda install pytorch before this?",
    "If I do a pip install torch or a conda install pytorch, I get another error.",
    "Running pip install torch gives another error.",
    "pip install torch fails with a timeout",
    "conda install pytorch doesn't work either",
    "You need to pip install torch first.",
    "请先 pip install torch 再安装",
])
def test_an_advised_asked_conditional_or_failed_install_is_not_torch_installed(text):
    assert _context(text).torch_install is None


@pytest.mark.parametrize("text", [
    "I did pip install torch but get ModuleNotFoundError: No module named 'torch'",
    "$ pip3 install torch==2.1.0",
    "pip install torch torchvision",
    "I ran pip install torch and it worked, but python says No module named torch",
    "conda install pytorch torchvision -c pytorch. Then import torch gives an error.",
])
def test_an_install_that_ran_is_torch_installed(text):
    assert _context(text).torch_install == 1


# ---- the isolated build of a compiled extension explains the missing torch ----------------------------------------

@pytest.mark.parametrize("text", [
    # the error retold in a title above the build's log (its last line cut)
    "Install fails: ModuleNotFoundError: No module named 'torch', though torch is installed\n"
    "Collecting xformers==0.0.28.post3\n  Installing build dependencies ... done\n"
    "  Getting requirements to build wheel ... error\n  error: subprocess-exited-with-error\n",
    # uv's report, its lines prefixed by a Docker build, the traceback cut before its last line
    "#7 12.5    Building xformers==0.0.29.post2\n#7 12.9   × Failed to build `xformers==0.0.29.post2`\n"
    "#7 12.9   ├─▶ The build backend returned an error\n#7 12.9   ╰─▶ Call to `setuptools.build_meta:__legacy__."
    "build_wheel` failed (exit\n#7 12.9       status: 1)\n#7 12.9 \n#7 12.9       [stderr]\n"
    "#7 12.9       Traceback (most recent call last):\n#7 12.9         File \"<string>\", line 14, in <module>\n"
    "#7 12.9         File\n#7 12.9       \"/root/.cache/uv/builds-v0/.tmpAbCdEf/lib/python3.12/site-packages/"
    "setuptools/build_meta.py\",\n#7 12.9       line 331, in get_requires_for_build_wheel\n",
])
def test_the_failed_isolated_build_ranks_before_the_torch_it_misses(text):
    categories = check_categories(text)
    assert categories[0] == "flash_attn_build"


def test_a_missing_torch_without_an_extension_build_stays_torch_missing():
    text = "Traceback (most recent call last):\n  File \"train.py\", line 1, in <module>\n    import torch\n" \
           "ModuleNotFoundError: No module named 'torch'\n"
    assert check_categories(text)[0] == "torch_missing"


# ---- a torch-importing package fails to install although torch is installed --------------------------------------

@pytest.mark.parametrize("text", [
    "Installing auto-gptq fails with an error (screenshot),\nbut torch is already installed (screenshot).",
    "I have Torch 2.0.1 installed on my system, but my attempt to install auto-gptq is met with this error message.",
    "Error when installing detectron2 although I already installed pytorch",
    "pytorch is installed, but pip install pytorch3d fails",
    "torch 2.1.2 has been installed in the conda env, yet mmdet3d cannot be installed",
])
def test_a_torch_importing_install_failing_beside_an_installed_torch_is_build_isolation(text):
    assert INSTALL_FAILS_WORDS in signal_ids(text)
    assert check_categories(text)[0] == "torch_missing"


@pytest.mark.parametrize("text", [
    "torch is already installed and detectron2 installed fine",
    "detectron2 fails with CUDA error: no kernel image is available for execution on the device",
    "Installing requests fails, but torch is already installed",
])
def test_a_working_install_or_another_package_is_not_read(text):
    assert INSTALL_FAILS_WORDS not in signal_ids(text)


# ---- an import said to work beside the same module missing ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ImportError: No module named mymodule (but when I enter Python, I can import it)",
    "Traceback (most recent call last):\n  File \"app.py\", line 2, in <module>\n    import psycopg2\n"
    "ModuleNotFoundError: No module named 'psycopg2'\n\nA python started in the same terminal, same\n"
    "virtualenv: the import works.\n",
    "ModuleNotFoundError: No module named 'yaml'\nIn the other shell, python -c 'import yaml' runs without any error.\n",
    "No module named 'cv2'\nThen I imported it from IPython succesfully.\n",
])
def test_an_import_said_to_work_beside_the_module_missing_is_another_interpreter(text):
    assert "import-works-in-another-run" in _ids(text)
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # another module works
    "ModuleNotFoundError: No module named 'torchvision'\nimport of torch works fine, though.\n",
    # the import fails everywhere
    "ModuleNotFoundError: No module named 'yaml'\nThe import fails in the terminal too.\n",
    # no module missing
    "The import works, but training is slow.\n",
])
def test_no_import_working_elsewhere_is_read_where_none_is_said(text):
    assert "import-works-in-another-run" not in _ids(text)


@pytest.mark.parametrize("name", ["6000-vscode-47146-run-file-in-terminal-import-fails-python-imports.txt",
                                  "6003-foursquare-97-vscode-shift-enter-venv-module-missing.txt"])
def test_dev_reports_of_an_import_working_in_another_run(name):
    assert report_categories(name)[0] == "wrong_interpreter"


# ---- two commands named with opposite outcomes, and a script's shebang -------------------------------------------

@pytest.mark.parametrize("text", [
    "import ciw runs fine with python 2. Run with python 3 it gives a module not found error.",
    "Installed it with pip3; importing it still says the\nmodule does not exist. Installing it with pip instead, it "
    "worked.",
    "It works with python3.\nWith python, import cv2 fails: No module named cv2",
    "With py -3.10 the import succeeds. python main.py cannot import yaml.",
])
def test_two_commands_with_opposite_outcomes_are_two_interpreters(text):
    assert _context(text).commands_disagree is not None
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # an install refused on one Python version is not an import failing there
    "torch installs fine with python 3.8. With python 3.12 pip says no matching distribution.",
    # the same command both times
    "It works with python3. Later python3 cannot import it.",
    "python3 works. python works too.",
    # pip's own line names pip and python with no outcome
    "pip 20.2.4 from /usr/local/lib/python3.9/site-packages/pip (python 3.9)",
])
def test_no_disagreement_is_read_without_two_commands_and_an_import_failing(text):
    assert _context(text).commands_disagree is None


def test_a_shebang_naming_the_system_python_bypasses_the_environment():
    text = "Working in a conda environment, the script fails:\nImportError: No module named numpy\n\n" \
           "#!/usr/bin/python\nimport numpy\n"
    assert _context(text).system_shebang == 4
    assert "shebang-system-python" in _ids(text)
    env = text.replace("#!/usr/bin/python", "#!/usr/bin/env python")
    assert _context(env).system_shebang is None and "shebang-system-python" not in _ids(env)


@pytest.mark.parametrize("name", ["6026-conda-9621-script-shebang-usr-bin-python-numpy.txt",
                                  "6028-pip-6757-pip3-numpy-not-seen-atom-python3.txt",
                                  "6029-ciw-142-import-works-python2-not-python3.txt"])
def test_dev_reports_of_two_interpreters_said_in_words(name):
    assert report_categories(name)[0] == "wrong_interpreter"


# ---- torch installed, an isolated build without it ----------------------------------------------------------------

def test_pdms_isolated_build_of_a_torch_importing_package_is_read():
    text = ("  Adding requirement pytorch3d @ git+https://github.com/facebookresearch/pytorch3d.git@stable\n"
            "Preparing isolated env for PEP 517 build...\n"
            "Reusing shared build env: /tmp/pdm-build-env-abcd1234-shared\n"
            "Traceback (most recent call last):\n"
            "  File \"/home/u/.pyenv/versions/3.9.6/lib/python3.9/site-packages/pep517/in_process/_in_process.py\", "
            "line 363, in <module>\n    main()\n"
            "  File \"/home/u/.pyenv/versions/3.9.6/lib/python3.9/site-packages/pep517/in_process/_in_process.py\", "
            "line 345, in main\n    json_out['return_val'] = hook(**hook_input['kwargs'])\n"
            "  File \"/home/u/.pyenv/versions/3.9.6/lib/python3.9/site-packages/pep517/in_process/_in_process.py\", "
            "line 130, in get_requires_for_build_wheel\n")
    assert "torch-importing-package-build-step-failed" in signal_ids(text)
    assert check_categories(text)[0] == "torch_missing"


@pytest.mark.parametrize("said", ["torch is already installed", "I have installed torch",
                                  "Requirement already satisfied: torch in ./venv/lib/python3.12/site-packages (2.5.1)"])
def test_torch_said_installed_beside_an_isolated_build_is_that_builds_missing_torch(said):
    text = (f"{said}\n"
            "Collecting git+https://github.com/facebookresearch/detectron2.git\n"
            "  Installing build dependencies ... done\n"
            "  Getting requirements to build wheel ... error\n"
            "      ModuleNotFoundError: No module named 'torch'\n")
    assert check_categories(text)[0] == "torch_missing"


def test_torch_said_installed_without_a_build_is_still_another_interpreter():
    text = "I have installed torch\nTraceback (most recent call last):\n  File \"app.py\", line 1, in <module>\n" \
           "    import torch\nModuleNotFoundError: No module named 'torch'\n"
    assert check_categories(text)[0] == "wrong_interpreter"


# ---- torch left out of an environment file, a pyproject, the list of packages --------------------------------------

@pytest.mark.parametrize("text", [
    "torch is missing from environment.yml",
    "The conda environment lacks torch.",
    "torch needs to be added to the dependencies",
    "Add torch to requirements",
    "torch is not listed in pyproject.toml",
    "pytorch should be added to the list of packages",
    "torch was left out of setup.py's install_requires",
])
def test_torch_left_out_of_what_sets_up_the_environment(text):
    assert "requirements-leave-out-torch" in signal_ids(text)
    assert check_categories(text)[0] == "torch_missing"


@pytest.mark.parametrize("text", [
    "torch is listed in environment.yml",
    "dependencies:\n  - pytorch=2.1",
    "I added torch to my script and it runs",
    "torch is not in the GPU list",
])
def test_a_file_that_lists_torch_is_not_read_as_leaving_it_out(text):
    assert "requirements-leave-out-torch" not in signal_ids(text)


# ---- the python that runs said not to be the environment's ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "After activating the env, the python path is not the env's python.",
    "After activating, the python path is incorrect",
    "which python still points to the base anaconda install",
    "python is not the venv's interpreter",
])
def test_the_python_said_not_to_be_the_environments(text):
    assert "different-interpreters-in-words" in signal_ids(text)


@pytest.mark.parametrize("text", ["PYTHONPATH is incorrect", "the python path is correct",
                                  "python is the env's python", "The output is wrong"])
def test_a_correct_python_or_pythonpath_is_not_read(text):
    assert "different-interpreters-in-words" not in signal_ids(text)
