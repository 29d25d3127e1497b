"""Another Python running, and torch missing where a package is built, in the wordings of the sixteenth round's
reports:

- `which python` and `which pip` answering different directories (pip belongs to another interpreter);
- a console script inside an environment whose first line (shebang) names an interpreter outside it;
- the IDE's interpreter and the terminal's python named with their paths, and different;
- a torch extension said to have been installed (built) before torch;
- torch said installed in Chinese ("安装过torch", "装好了 torch") beside "No module named 'torch'".

Small pastes written here in several wordings, the look-alikes that must not match, and dev reports of the corpus.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids

WHICH = "which-python-and-which-pip-differ"
SHEBANG = "environment-script-shebang-other-python"
IDE = "ide-and-terminal-pythons-named"
BEFORE = "built-before-torch-words"


# ---- `which python` and `which pip` in different directories ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    """$ which python
/Users/me/.pyenv/shims/python

$ pyenv versions
  system
* 3.6.1 (set by /Users/me/.pyenv/version)

$ which pip
/usr/local/bin/pip""",
    """(myenv) user@host:~$ which pip
/home/user/.local/bin/pip
(myenv) user@host:~$ which python
/home/user/miniconda3/envs/myenv/bin/python
ModuleNotFoundError: No module named 'ultralytics'""",
    """which python3
/opt/venv/bin/python3
which pip3
/usr/bin/pip3
ModuleNotFoundError: No module named 'torch'""",
])
def test_which_python_and_which_pip_in_different_places_are_read(text):
    assert WHICH in signal_ids(text)
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # the same directory for both: the environment's own pip
    """$ which python
/home/u/venv/bin/python
$ which pip
/home/u/venv/bin/pip""",
    # pip first, then python, in the same directory
    """which pip3
/opt/conda/envs/yolo/bin/pip3
which python3
/opt/conda/envs/yolo/bin/python3""",
    # only one of them asked
    """$ which python
/usr/bin/python3
$ pip --version
pip 23.0 from /usr/lib/python3/dist-packages/pip (python 3.10)""",
])
def test_one_directory_or_one_command_is_not_read(text):
    assert WHICH not in signal_ids(text)


def test_a_pip_not_shimmed_by_pyenv_dev_report():
    assert report_categories("11017-pyenv-1342-pip-not-shimmed-usr-local.txt")[0] == "wrong_interpreter"


# ---- a console script of an environment that starts another Python ---------------------------------------------------

@pytest.mark.parametrize("text", [
    """$ head -n1 .venv/bin/yapf
#!/usr/local/Cellar/python/3.7.6_1/bin/python3.7
$ source .venv/bin/activate
$ yapf
Traceback (most recent call last):
  File "/Users/irvin/Projects/dotfiles/.venv/bin/yapf", line 5, in <module>
    from yapf import run_main
ModuleNotFoundError: No module named 'yapf'""",
    """$ head -1 /srv/envs/train/bin/deepspeed
#!/home/olduser/envs/py310/bin/python
$ deepspeed train.py
Traceback (most recent call last):
  File "/srv/envs/train/bin/deepspeed", line 3, in <module>
    from deepspeed.launcher.runner import main
ModuleNotFoundError: No module named 'deepspeed'""",
])
def test_a_script_whose_shebang_names_another_python_is_read(text):
    assert SHEBANG in signal_ids(text)
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # the shebang names the script's own environment
    """#!/home/u/.venv/bin/python
Traceback (most recent call last):
  File "/home/u/.venv/bin/yolo", line 5, in <module>
    from ultralytics.cfg import entrypoint
ModuleNotFoundError: No module named 'ultralytics.cfg'""",
    # `#!/usr/bin/env python` starts the first python on PATH
    """#!/usr/bin/env python
Traceback (most recent call last):
  File "/home/u/.venv/bin/tool", line 5, in <module>
ModuleNotFoundError: No module named 'tool'""",
    # a shebang and a traceback, but nothing missing
    """#!/usr/local/bin/python3.9
Traceback (most recent call last):
  File "/home/u/.venv/bin/tool", line 8, in <module>
RuntimeError: CUDA error: out of memory""",
])
def test_the_environments_own_shebang_or_no_missing_module_is_not_read(text):
    assert SHEBANG not in signal_ids(text)


def test_a_console_script_written_for_homebrew_python_dev_report():
    assert report_categories("11002-virtualenv-api-46-pyvenv-launcher-shebang-homebrew.txt")[0] == "wrong_interpreter"


# ---- the IDE's interpreter and the terminal's python, named and different --------------------------------------------

@pytest.mark.parametrize("text", [
    """The interpreter VS Code picks by default is `/bin/python3.11`.
The python of the terminal is `/opt/app-root/bin/python`.""",
    """PyCharm's project interpreter is C:\\Python39\\python.exe, but in the terminal `where python` gives
C:\\work\\proj\\venv\\Scripts\\python.exe and that is where pip installed torch.""",
    """In the terminal the python is /home/u/miniconda3/envs/yolo/bin/python.
VS Code shows its interpreter as /usr/bin/python3 and cannot import ultralytics.""",
])
def test_an_ide_interpreter_and_another_terminal_python_are_read(text):
    assert IDE in signal_ids(text)
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # the same interpreter in both places
    """The interpreter VS Code uses is /home/u/venv/bin/python.
The terminal's python is /home/u/venv/bin/python too.""",
    # an interpreter named, no terminal
    """I selected the interpreter /home/u/venv/bin/python in VS Code and the import works.""",
])
def test_the_same_interpreter_or_no_terminal_is_not_read(text):
    assert IDE not in signal_ids(text)


def test_a_code_server_whose_interpreter_is_not_the_terminals_dev_report():
    assert report_categories("11004-workbench-images-41-vscode-interpreter-not-terminal-python.txt")[0] \
        == "wrong_interpreter"


# ---- a torch extension installed before torch ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "It looks like `torch-scatter` is trying to be installed before torch.",
    "poetry builds pytorch3d before PyTorch is in the environment, so setup.py fails.",
    "The requirements file gets torch_sparse compiled before torch, and the build cannot import it.",
])
def test_an_extension_built_before_torch_is_read(text):
    assert BEFORE in signal_ids(text)
    assert check_categories(text)[0] == "torch_missing"


@pytest.mark.parametrize("text", [
    # advice naming torch first
    "Install torch before torch-scatter, then run poetry install again.",
    "Make sure to install PyTorch before installing this package.",
    # torch imported before something else: a statement about import order
    "The module is loaded before torch is imported.",
])
def test_advice_to_install_torch_first_is_not_read(text):
    assert BEFORE not in signal_ids(text)


def test_a_poetry_install_that_builds_torch_scatter_first_dev_report():
    assert report_categories("11014-enn-incubator-96-poetry-torch-scatter-before-torch.txt")[0] == "torch_missing"


# ---- torch said installed in Chinese, and "No module named 'torch'" where it runs -----------------------------------

@pytest.mark.parametrize("said", ["已经在wsl里安装过torch了，但是在程序里就是调用不到", "已经在 wsl 里装好了 torch，但训练时还是找不到"])
def test_torch_said_installed_in_chinese_then_missing_is_another_python(said):
    text = f"{said}\nTraceback (most recent call last):\n  File \"train.py\", line 8, in <module>\n    import torch\n" \
           "ModuleNotFoundError: No module named 'torch'"
    assert check_categories(text)[0] == "wrong_interpreter"


def test_torch_to_be_installed_in_chinese_is_not_installed():
    # a request ("请先安装过torch再运行") is advice, not an install that was done
    text = "请先装好了 torch 再运行\nModuleNotFoundError: No module named 'torch'"
    assert check_categories(text)[0] == "torch_missing"


def test_a_wsl_runner_that_trains_as_another_user_dev_report():
    assert report_categories("11007-rwkv-runner-385-wsl-train-root-no-torch-zh.txt")[0] == "wrong_interpreter"
