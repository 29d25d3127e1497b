"""Compiled torch extensions, twelfth round: a build pip was still running when the paste was copied (its spinner,
or the "Building wheels for collected packages" line with nothing after it); flash-attn's build said in words to be
slow or never to finish; an nvcc that cannot even print its version; a shell that finds no nvcc at the path composed
from CUDA_HOME; and an isolated build whose own output shows it reached the toolkit check. Small pastes written
here, with ones each must not fire on, through the same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- a build pip was still running ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Building wheels for collected packages: flash-attn\n  Building wheel for flash-attn (setup.py) ... -\n",
    "Building wheels for collected packages: flash-attn, simple-watchdog-timer, dictor\n"
    "  Building wheel for flash-attn (setup.py) ... |\n",
    "  Building wheel for xformers (setup.py) ... /\n",
    "  Building wheel for mamba_ssm (pyproject.toml) ... \\\n",
    "  Running setup.py install for apex ... |\n",
    "  Building editable for causal-conv1d (pyproject.toml) ... -\n",
    # the list line last, with no result after it (a pip deprecation notice cut off)
    "Using cached einops-0.8.1-py3-none-any.whl (64 kB)\nBuilding wheels for collected packages: flash-attn\n"
    "  DEPRECATION: Building 'flash-attn' usi\n",
    "Building wheels for collected packages: causal-conv1d, mamba-ssm\n",
])
def test_a_build_still_running_is_the_extension_build(text):
    assert "extension-build-still-running" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # finished builds say so on the same line
    "Building wheels for collected packages: flash-attn\n  Building wheel for flash-attn (setup.py) ... done\n",
    "  Building wheel for xformers (setup.py) ... error\n  error: subprocess-exited-with-error\n",
    # the list line followed by the result of the build
    "Building wheels for collected packages: flash-attn\n  Building wheel for flash-attn (setup.py) ... done\n"
    "  Created wheel for flash-attn\nSuccessfully built flash-attn\n",
    "Building wheels for collected packages: mamba-ssm\n  error: subprocess-exited-with-error\n",
    # a package that is no compiled torch extension
    "Building wheels for collected packages: pycocotools\n  Building wheel for pycocotools (setup.py) ... -\n",
    "  Building wheel for antlr4-python3-runtime (setup.py) ... |\n",
    # pip's summary of a failed build
    "ERROR: Failed building wheel for flash-attn\nFailed to build flash-attn\n",
    # the list line with more of the log after it
    "Building wheels for collected packages: flash-attn\n  Building wheel for flash-attn (setup.py) ... done\n"
    "Installing collected packages: flash-attn\nSuccessfully installed flash-attn-2.7.4\nline\nline\nline\nline\n",
])
def test_a_finished_build_or_another_package_is_not_a_running_build(text):
    assert "extension-build-still-running" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "7300-flash-attention-1567-flash-attn-256-build-looks-stuck.txt",
    "7304-hip-ad-10-flash-attn-build-never-finishes.txt",
    "7339-flash-attention-1628-flash-attn-263-hangs-torch27.txt",
])
def test_dev_reports_of_a_build_still_running_are_the_extension_build(name):
    assert report_categories(name)[:1] == ["flash_attn_build"]


# ---- flash-attn's build said to be slow ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Building flash-attn from source is extremely slow.\n",
    "compiling flash attention takes forever on my 8-core laptop\n",
    "Installing flash_attn never finishes\n",
    "It takes hours to build flash-attn here.\n",
    "very slow to compile flash-attention, is that normal?\n",
    "the installation of flash-attn 2 is taking way too long\n",
])
def test_a_slow_flash_attn_build_in_words_is_the_build(text):
    assert "flash-attn-build-slow-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # slowness at run time, not of the build
    "flash-attn inference is very slow on my A100\n",
    "with flash attention the training is extremely slow\n",
    "installing flash-attn made generation fast; before it took forever\n",
    # a build that is named without any wait
    "Building flash-attn from source worked after installing ninja.\n",
])
def test_flash_attn_slow_at_run_time_or_a_build_without_a_wait_is_not_it(text):
    assert "flash-attn-build-slow-words" not in signal_ids(text)


def test_a_dev_report_of_a_slow_flash_attn_build_told_in_words_is_the_build():
    assert report_categories("7311-flash-attention-945-build-very-slow-low-cpu.txt")[:1] == ["flash_attn_build"]


# ---- an nvcc that cannot run --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "subprocess.CalledProcessError: Command '['/usr/bin/nvcc', '--version']' returned non-zero exit status 127.\n",
    "subprocess.CalledProcessError: Command '['/usr/local/cuda/bin/nvcc', '-V']' returned non-zero exit status 1.\n",
    "CalledProcessError: Command '['C:\\\\Program Files\\\\NVIDIA GPU Computing Toolkit\\\\CUDA\\\\v12.1\\\\bin\\\\nvcc.exe', "
    "'-V']' returned non-zero exit status 1.\n",
])
def test_an_nvcc_whose_version_probe_fails_is_the_toolkit(text):
    assert "nvcc-version-probe-failed" in signal_ids(text)
    assert check_categories(text)[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    # the compiler ran and failed on a source: another message says why
    "subprocess.CalledProcessError: Command '['ninja', '-v']' returned non-zero exit status 1.\n",
    "error: command '/usr/local/cuda/bin/nvcc' failed with exit status 1\n",
    # a version probe of another tool
    "subprocess.CalledProcessError: Command '['gcc', '--version']' returned non-zero exit status 1.\n",
])
def test_a_failed_compile_or_another_tools_probe_is_not_the_nvcc_probe(text):
    assert "nvcc-version-probe-failed" not in signal_ids(text)


def test_a_dev_report_of_an_nvcc_that_cannot_run_is_the_toolkit():
    assert report_categories("7323-pointcept-363-usr-bin-nvcc-version-exit-127.txt")[:1] == ["cuda_home_nvcc"]


# ---- the shell finds no nvcc at the composed path ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "1: :/usr/local/cuda-11.0:/usr/local/cuda-11.0/bin/nvcc: not found\n",
    "2: /data1/usr/local/cuda-10.1:/bin/nvcc: not found\n",
    "/usr/local/cuda-11.8:/opt/cuda/bin/nvcc: No such file or directory\n",
    ":/usr/local/cuda/bin/nvcc: command not found\n",
])
def test_a_shell_without_the_composed_nvcc_is_the_toolkit_path(text):
    assert "nvcc-path-not-found-in-shell" in signal_ids(text)
    assert check_categories(text)[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    # a plain path without a line number or a colon list: another entry's reading, not this one
    "/usr/local/cuda/bin/nvcc: not found\n",
    # nvcc found and run
    "/usr/local/cuda-11.8/bin/nvcc -V\nCuda compilation tools, release 11.8, V11.8.89\n",
])
def test_a_plain_path_or_a_running_nvcc_is_not_the_composed_path(text):
    assert "nvcc-path-not-found-in-shell" not in signal_ids(text)


def test_a_dev_report_of_a_path_list_nvcc_is_the_toolkit():
    assert report_categories("7324-poisson-flow-2-cuda-home-stray-colon-nvcc-not-found.txt")[:1] == ["cuda_home_nvcc"]


# ---- an isolated build that reached the toolkit check --------------------------------------------------------------

ISOLATED_NO_NVCC = """Collecting mamba-ssm
  Using cached mamba_ssm-2.2.4.tar.gz (91 kB)
  Installing build dependencies ... done
  Getting requirements to build wheel ... error
  error: subprocess-exited-with-error

  × Getting requirements to build wheel did not run successfully.
  │ exit code: 1
  ╰─> [23 lines of output]
      <string>:118: UserWarning: mamba_ssm was requested, but nvcc was not found.  Are you sure your environment has nvcc available?

      torch.__version__  = 2.7.0+cu126

      Traceback (most recent call last):
"""

ISOLATED_NO_TORCH = """Collecting flash-attn
  Using cached flash_attn-2.7.4.post1.tar.gz (6.0 MB)
  Installing build dependencies ... done
  Getting requirements to build wheel ... error
  error: subprocess-exited-with-error

  × Getting requirements to build wheel did not run successfully.
  │ exit code: 1
  ╰─> [20 lines of output]
      Traceback (most recent call last):
"""


def test_an_isolated_build_that_found_no_nvcc_is_the_toolkit():
    assert {"flash-attn-isolated-build-step-failed", "extension-nvcc-not-found"} <= set(signal_ids(ISOLATED_NO_NVCC))
    assert check_categories(ISOLATED_NO_NVCC)[:1] == ["cuda_home_nvcc"]


def test_an_isolated_build_without_a_toolkit_message_stays_the_build():
    assert check_categories(ISOLATED_NO_TORCH)[:1] == ["flash_attn_build"]


def test_a_toolkit_message_far_below_the_isolated_build_is_not_its_output():
    text = ISOLATED_NO_TORCH + "\n".join(f"line {i}" for i in range(60)) + (
        "\nUserWarning: flash_attn was requested, but nvcc was not found.\n")
    assert check_categories(text)[:1] == ["flash_attn_build"]


def test_a_dev_report_of_an_isolated_build_without_nvcc_is_the_toolkit():
    assert report_categories("7322-u-mamba-76-mamba-ssm-nvcc-not-found.txt")[:1] == ["cuda_home_nvcc"]
