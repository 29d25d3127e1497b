"""Another Python running, and torch missing where a package is built, in the wordings of the seventeenth round's
reports:

- a command installed as an isolated tool (pipx, pipxu, uv tool) whose own environment's Python lacks a module;
- pip's isolated build step failing while the paste says, in words, that torch is missing although installed;
- a traceback inside a portable build's own environment (text-generation-webui's portable_env): that build's own
  Python ran, so a missing torch is missing there, not in another Python.

Small pastes written here in several wordings, the look-alikes that must not match, and dev reports of the corpus.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, report_findings, signal_ids

TOOL = "tool-environment-python-module-missing"
BUILD_SAID = "isolated-build-torch-said-missing"


# ---- an isolated tool's own Python lacks the module ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    """/home/dev/.local/share/pipxu/venvs/1/bin/python3: No module named pip
Failed to install PyTorch dependencies. Please check your environment (`comfy env`) and try again""",
    """$ yolo train model=yolo11n.pt
Traceback (most recent call last):
  File "/home/me/.local/share/pipx/venvs/ultralytics/lib/python3.12/site-packages/ultralytics/utils/checks.py", line 30, in <module>
    import torch
ModuleNotFoundError: No module named 'torch'""",
    r"""C:\Users\me\.local\pipx\venvs\mytool\Scripts\python.exe: No module named torch""",
    """Traceback (most recent call last):
  File "/Users/me/.local/share/uv/tools/llm/lib/python3.11/site-packages/llm/plugins.py", line 12, in <module>
    import torch
ModuleNotFoundError: No module named 'torch'""",
])
def test_a_tool_environments_python_without_the_module_is_read(text):
    assert TOOL in signal_ids(text)
    assert check_categories(text)[0] == "wrong_interpreter"


@pytest.mark.parametrize("text", [
    # pipx's own output, no missing module
    """  installed package ultralytics 8.3.40, installed using Python 3.12.3
  These apps are now globally available
    - yolo
done! ✨ 🌟 ✨""",
    # a tool environment's path with another error
    """  File "/home/me/.local/share/pipx/venvs/ultralytics/lib/python3.12/site-packages/torch/__init__.py", line 290, in <module>
    from torch._C import *
ImportError: libcudnn.so.9: cannot open shared object file: No such file or directory""",
    # a project's own .venv missing pip (uv creates environments without pip): not a tool's environment
    """/home/me/project/.venv/bin/python3: No module named pip""",
])
def test_other_errors_or_a_projects_venv_are_not_read(text):
    assert TOOL not in signal_ids(text)


def test_comfy_cli_installed_with_pipxu_dev_report():
    assert report_categories("12004-comfy-cli-245-pipxu-venv-no-pip.txt")[0] == "wrong_interpreter"


# ---- pip's isolated build failed, torch said missing in words -------------------------------------------------------

@pytest.mark.parametrize("text", [
    """Install fails due to missing torch, but torch is installed

[info]     Installing build dependencies: finished with status 'done'
   Getting requirements to build wheel: started
[info]     Getting requirements to build wheel: finished with status 'error'
[error] [!]   error: subprocess-exited-with-error""",
    """The build claims there is no torch even though torch 2.5.1 is in my venv.

  Installing build dependencies ... done
  Getting requirements to build wheel ... error
  error: subprocess-exited-with-error""",
    """Collecting git+https://github.com/NVlabs/nvdiffrast
  Installing build dependencies ... done
  Getting requirements to build wheel ... error
  error: subprocess-exited-with-error

  × Getting requirements to build wheel did not run successfully.

It says torch is not found, but pip list shows torch 2.4.0+cu121.""",
])
def test_a_failed_isolated_build_with_torch_said_missing_is_read(text):
    # words next to the build's lines are read by build-isolation-torch-not-found-words already; the finding here
    # reads them anywhere in the paste (a title far above the log)
    ids = [f["id"] for f in check_findings(text)]
    assert BUILD_SAID in ids or "build-isolation-torch-not-found-words" in signal_ids(text)
    assert check_categories(text)[0] == "torch_missing"


def test_words_far_above_the_build_log_are_read():
    log = "\n".join(f"  Requirement already satisfied: pkg{i} in ./venv/lib/python3.11/site-packages" for i in range(20))
    text = ("Install fails due to missing torch, but torch is installed\n\n" + log +
            "\n  Getting requirements to build wheel ... error\n  error: subprocess-exited-with-error")
    assert [f["id"] for f in check_findings(text)][0] == BUILD_SAID


@pytest.mark.parametrize("text", [
    # the build step failed, nothing said about torch
    """  Installing build dependencies ... done
  Getting requirements to build wheel ... error
  error: subprocess-exited-with-error""",
    # torch said missing, the build step succeeded
    """torch is missing from my environment?
  Getting requirements to build wheel ... done
  Preparing metadata (pyproject.toml) ... done""",
    # torchvision is not torch
    """no torchvision in this image
  Getting requirements to build wheel ... error""",
    # pip's own resolver line is not words that torch is missing
    """ERROR: Could not find a version that satisfies the requirement torch==1.4.0 (from versions: none)
  Getting requirements to build wheel ... error""",
])
def test_a_build_step_or_words_alone_are_not_read(text):
    assert BUILD_SAID not in [f["id"] for f in check_findings(text)]


def test_diso_built_by_comfyui_manager_dev_report():
    findings = report_findings("12008-comfyui-3d-pack-516-diso-manager-isolated-build.txt")
    assert findings[0]["id"] == BUILD_SAID


# ---- a portable build's own environment ran ------------------------------------------------------------------------

PORTABLE_ENV = r"""No module named 'torch'

Traceback (most recent call last):
  File "D:\AI\text-generation-webui\portable_env\Lib\site-packages\gradio\queueing.py", line 541, in process_events
    response = await route_utils.call_process_api(
ModuleNotFoundError: No module named 'torch'"""


def test_a_traceback_inside_portable_env_is_that_builds_own_python():
    assert check_categories(PORTABLE_ENV)[0] == "torch_missing"


def test_a_portable_build_run_with_another_python_stays_another_interpreter():
    text = r"""I use the portable version but ran it with my own python:
C:\text-generation-webui-portable>python server.py
Traceback (most recent call last):
  File "C:\text-generation-webui-portable\server.py", line 4, in <module>
    import torch
ModuleNotFoundError: No module named 'torch'"""
    assert check_categories(text)[0] == "wrong_interpreter"


def test_text_generation_webui_portable_env_dev_report():
    assert report_categories("12013-textgen-6982-portable-env-no-torch.txt")[0] == "torch_missing"
