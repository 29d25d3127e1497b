"""Package indexes against unsupported Pythons, eighteenth round: pip offering no release at all of torch,
torchvision or torchaudio (the Python has none, whatever the build tag asked for), a redacted "(from ***)" that is not
a dependency, conda's PackagesNotFoundError retold on one line, the words saying PyTorch left its conda channel, a
title about releases yanked from PyPI, and the words saying a Python's wheels are missing ("no cp310 files", "Python
3.7 wheels missing"). Small pastes written here, with ones each must not fire on, through the same pipeline as
`check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- pip offered no release of a torch-family package at all: the Python has none -----------------------------------

@pytest.mark.parametrize("text", [
    "ERROR: Could not find a version that satisfies the requirement torch==1.11.0+cu113 (from versions: none)\n"
    "ERROR: No matching distribution found for torch==1.11.0+cu113\n",
    # the title retells pip's last line; pip's full message further down lists nothing
    "No matching distribution found for torch==1.12.1+cu113\n\nHow do I fix this?\n\n\n\n"
    "ERROR: Could not find a version that satisfies the requirement torch==1.12.1+cu113 (from versions: none)\n",
    "Looking in indexes: https://pypi.org/simple, https://download.pytorch.org/whl/cu117\n"
    "ERROR: Could not find a version that satisfies the requirement torch==2.0.1+cu117 (from versions: none)\n"
    "ERROR: No matching distribution found for torch==2.0.1+cu117\n",
])
def test_no_torch_release_at_all_is_the_python(text):
    assert check_categories(text)[0] == "python_unsupported"


@pytest.mark.parametrize("text", [
    # the index could not be read: pip saw nothing for that reason
    "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by "
    "'SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed'))': /simple/torch/\n"
    "ERROR: Could not find a version that satisfies the requirement torch==2.0.1+cu118 (from versions: none)\n",
    # a private index as the only index: that index lacks it
    "Looking in indexes: https://nexus.example.com/repository/pypi-group/simple\n"
    "ERROR: Could not find a version that satisfies the requirement torch==2.1.0+cu121 (from versions: none)\n",
])
def test_no_torch_release_when_the_index_is_the_gap_is_not_the_python(text):
    assert check_categories(text)[0] != "python_unsupported"


def test_the_bare_line_alone_still_reads_the_missing_vendor_index():
    text = "ERROR: No matching distribution found for torch==1.13.0+cu116\n"
    assert check_categories(text)[0] == "pip_index"


def test_a_release_never_built_for_the_variant_stays_the_index():
    text = ("Looking in indexes: https://pypi.org/simple, https://download.pytorch.org/whl/cu118\n"
            "ERROR: Could not find a version that satisfies the requirement torch==1.9.0+cu118 (from versions: none)\n")
    assert check_categories(text)[0] == "pip_index"


# ---- a redacted parent is not a dependency -------------------------------------------------------------------------

def test_a_parent_written_as_asterisks_is_not_a_dependency_on_another_index():
    text = ("ERROR: Could not find a version that satisfies the requirement onnxruntime (from ***) (from versions: none)\n"
            "ERROR: No matching distribution found for onnxruntime\n")
    assert "pip-dependency-not-on-index" not in signal_ids(text)


def test_a_named_parent_is_still_a_dependency():
    text = ('ERROR: Could not find a version that satisfies the requirement cuda-bindings==13.0.3 (from torch) '
            '(from versions: 12.9.2)\n')
    assert "pip-dependency-not-on-index" in signal_ids(text)


# ---- conda: PackagesNotFoundError retold on one line; PyTorch's conda channel gone -----------------------------------

@pytest.mark.parametrize("text", [
    "PackagesNotFoundError: pytorch==2.3.1[build=py3.10_cuda11.8.*]\n",
    'Error on install, "PackagesNotFoundError" "pytorch==2.3.1[build=\'^py3.10_cuda11.8$\']"\n',
    "PackagesNotFoundError: detectron2=0.6\n",
])
def test_packages_not_found_on_one_line_is_the_channel(text):
    assert "conda-package-not-in-channels" in signal_ids(text)
    assert check_categories(text)[0] == "pip_index"


@pytest.mark.parametrize("text", [
    # conda's own header with no package after it
    "PackagesNotFoundError: The following packages are not available from current channels:\n",
    # the name of the exception alone
    "Why do I get PackagesNotFoundError here?\n",
])
def test_packages_not_found_without_a_spec_is_not_read(text):
    assert "conda-package-not-in-channels" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "PyTorch dropped its conda channel. I suggest updating `environment.yml` to install `pytorch` with pip.\n",
    "this is likely because pytorch stopped publishing on conda channels from 2.6\n",
    "PyTorch no longer publishes to its conda channel, so the environment file fails.\n",
    "Conda packages are no longer available. Please use pip instead.\n",
])
def test_pytorch_leaving_its_conda_channel_is_the_index(text):
    assert "pytorch-conda-channel-dropped-in-words" in signal_ids(text)
    assert check_categories(text)[0] == "pip_index"


@pytest.mark.parametrize("text", [
    "conda install pytorch-cuda=12.1 -c pytorch -c nvidia\nChannels:\n - pytorch\n - nvidia\n - defaults\n",
    "Add the nvidia conda channel for cudatoolkit.\n",
    "PyTorch dropped support for Python 3.8; use the conda channel conda-forge for numpy.\n",
])
def test_other_words_about_conda_channels_are_not_read(text):
    assert "pytorch-conda-channel-dropped-in-words" not in signal_ids(text)


# ---- releases yanked from PyPI, in a title ----------------------------------------------------------------------------

def test_releases_yanked_from_pypi_are_the_index():
    text = ("Yanking of polars packages on pypi\n\n"
            "ERROR: Could not find a version that satisfies the requirement polars==0.14.22 (from versions: 0.8.10, "
            "0.8.11, 0.9.0)\n")
    assert "pypi-release-deleted" in signal_ids(text)
    assert check_categories(text)[0] == "pip_index"


@pytest.mark.parametrize("text", [
    # pip's own warning about a yanked candidate
    "WARNING: The candidate selected for download or install is a yanked version: 'foo' candidate "
    "(version 1.0 at https://files.pythonhosted.org/packages/foo-1.0.tar.gz)\nReason for being yanked: broken\n",
    "ERROR: Ignored the following yanked versions: 0.1.6, 0.1.7\n",
])
def test_pips_own_yanked_lines_are_not_the_words(text):
    assert "pypi-release-deleted" not in signal_ids(text)


# ---- a Python's wheels said missing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Python 3.7 wheels missing\n",
    "The project's file list on PyPI has no cp310 files, on any system.\n",
    "There is no cp312 release of this package yet.\n",
])
def test_a_pythons_wheels_said_missing_is_the_python(text):
    assert "python-wheels-missing-in-words" in signal_ids(text)
    assert check_categories(text)[0] == "python_unsupported"


@pytest.mark.parametrize("text", [
    "Downloading onnx-1.12.0-cp310-cp310-win_amd64.whl (11.5 MB)\n",
    "ERROR: torch-2.1.0-cp311-cp311-linux_x86_64.whl is not a supported wheel on this platform.\n",
    "Stored in directory: /root/.cache/pip/wheels/cp310\n",
])
def test_wheel_file_names_are_not_the_words(text):
    assert "python-wheels-missing-in-words" not in signal_ids(text)


# ---- dev reports -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("13214-lunar-212-torch1110-cu113-none.txt", "python_unsupported"),
    ("13208-onnxruntime-11680-py310-none.txt", "python_unsupported"),
    ("13210-onnx-1750-py37-wheels-missing.txt", "python_unsupported"),
    ("13220-polars-5350-version-removed-from-pypi.txt", "pip_index"),
    ("13229-gpsr-28-pytorch-dropped-conda-channel.txt", "pip_index"),
    ("13231-tts-webui-428-conda-pytorch-231-cuda118-gone.txt", "pip_index"),
    ("13232-tts-webui-473-conda-pytorch-231-py310-cuda118.txt", "pip_index"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[0] == category
