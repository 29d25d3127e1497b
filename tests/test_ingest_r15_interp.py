"""Another Python running, and torch missing where a package is built, in the wordings of the fifteenth round's reports:

- the running interpreter's path printed twice, and the two differ (a launcher's workers, a notebook and a terminal);
- the wrong or another interpreter named with its major version ("uses wrong python3"), a dotted version staying a
  version statement;
- DeepSpeed's op builder failing on its torch version names (TORCH_MAJOR, TORCH_MINOR) when torch was not importable
  where it was built.

Small pastes written here in several wordings, the look-alikes that must not match, and dev reports of the corpus.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids

PATHS = "running-python-paths-differ"
WORDS = "different-interpreters-in-words"
OP_BUILDER = "op-builder-torch-names-missing"


# ---- the running interpreter's path printed twice, different --------------------------------------------------------

@pytest.mark.parametrize("text", [
    """When I use multiple nodes the log shows no GPUs found. Before it goes into deepspeed, the python path is
/root/miniconda3/bin/python
After it goes into deepspeed, the python path is
/usr/bin/python""",
    """In the terminal:
sys.executable: C:\\Users\\jpm1\\AppData\\Local\\Continuum\\anaconda3\\envs\\py36\\python.exe
In jupyter:
sys.executable: C:\\Users\\jpm1\\AppData\\Local\\Continuum\\anaconda3\\python.exe
ModuleNotFoundError: No module named 'tensorflow'""",
    """python executable = /home/u/venv/bin/python3
...
python executable = /usr/bin/python3
ModuleNotFoundError: No module named 'ultralytics'""",
])
def test_two_different_running_interpreters_are_read(text):
    assert PATHS in signal_ids(text)
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # the same interpreter printed twice
    """the python path is /root/miniconda3/bin/python
after the launcher, the python path is /root/miniconda3/bin/python""",
    # one statement only, another kind of path after it
    """sys.executable: /opt/conda/bin/python
CUDA_HOME: /usr/local/cuda""",
    # a python path that is a directory list, not an interpreter
    """PYTHONPATH is /home/u/project
python path is /home/u/project/src""",
])
def test_one_interpreter_or_no_interpreter_is_not_read(text):
    assert PATHS not in signal_ids(text)


def test_a_multi_node_launcher_on_the_system_python_dev_report():
    assert report_categories("10015-deepspeed-1481-multinode-usr-bin-python-no-gpus.txt")[0] == "wrong_interpreter"


# ---- the wrong interpreter named with its major version -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The Dockerfile uses wrong python3 because of a missing ln -s link.",
    "I found out the script was running the wrong python3.",
    "the service starts another python3, so torch is not found",
])
def test_the_wrong_python3_in_words_is_read(text):
    assert WORDS in signal_ids(text)


@pytest.mark.parametrize("text", [
    "It uses a different python3.8 build than the docs.",
    "The project is not using a different python3 here.",
    "Could you try another python3.10 install?",
])
def test_a_dotted_version_or_a_negation_is_not_read(text):
    assert WORDS not in signal_ids(text)


def test_a_docker_image_with_the_wrong_python3_dev_report():
    assert report_categories("10011-diffusers-1981-dockerfile-python3-link-wrong-python.txt")[0] == \
        "wrong_interpreter"


# ---- DeepSpeed's op builder without torch --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    """  × python setup.py egg_info did not run successfully.
  │ exit code: 1
  ╰─> [27 lines of output]
      Traceback (most recent call last):
        File "/tmp/pip-install-3_cq/deepspeed_405e/op_builder/xpu/builder.py", line 14, in <module>
          from op_builder.builder import OpBuilder, TORCH_MAJOR, TORCH_MINOR
      ImportError: cannot import name 'TORCH_MAJOR' from 'op_builder.builder'""",
    "ImportError: cannot import name 'TORCH_MINOR' from 'deepspeed.ops.op_builder.builder' (/x/builder.py)",
])
def test_op_builder_without_torch_is_read(text):
    assert OP_BUILDER in signal_ids(text)
    assert check_categories(text)[0] == "torch_missing"


@pytest.mark.parametrize("text", [
    # another package's names
    "ImportError: cannot import name 'TORCH_MAJOR' from 'mmcv.utils'",
    # the names mentioned without an import error
    "op_builder/builder.py defines TORCH_MAJOR and TORCH_MINOR from torch.__version__",
])
def test_other_torch_version_names_are_not_read(text):
    assert OP_BUILDER not in signal_ids(text)


def test_deepspeed_0130_in_a_fresh_environment_dev_report():
    assert report_categories("10004-deepspeed-4984-deepspeed-0130-fresh-env-no-torch.txt")[0] == "torch_missing"


# ---- a training launcher's command not on PATH ----------------------------------------------------------------------

CLI = "python-cli-script-not-on-path"


@pytest.mark.parametrize("text", [
    "./scripts/TimeLLM_ETTm2.sh: line 14: accelerate: command not found",
    """+ accelerate config
+ ~~~~~~~~~~
    + CategoryInfo          : ObjectNotFound: (accelerate:String) [], CommandNotFoundException
    + FullyQualifiedErrorId : CommandNotFoundException""",
    "'torchrun' is not recognized as an internal or external command,",
    "zsh: command not found: deepspeed",
])
def test_a_launcher_command_not_on_path_is_read(text):
    assert CLI in signal_ids(text)
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # another program's command
    "    + CategoryInfo          : ObjectNotFound: (conda:String) [], CommandNotFoundException",
    "bash: nvcc: command not found",
    # a longer name that only starts like one
    "accelerated: command not found",
])
def test_other_commands_not_on_path_are_not_read(text):
    assert CLI not in signal_ids(text)


def test_accelerate_config_outside_the_venv_dev_report():
    assert report_categories("10018-sd-scripts-730-accelerate-config-not-recognized.txt")[0] == "wrong_interpreter"
