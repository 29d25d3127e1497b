"""Package indexes and unsupported Pythons, fourteenth round: the paste's words saying a package has no wheels for
the platform it ran on (read as the index's gap beside pip's "no matching version") or none for a Python version,
onnxruntime-gpu without Linux aarch64 wheels on PyPI, an index or find-links URL with its placeholder left in,
llvmlite's source build wanting another LLVM, and a release said deleted from the official PyPI. Small pastes written
here, with ones each must not fire on, through the same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- no wheels for the platform, said in words ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I think this is because there is an x64 Intel macOS wheel but not an ARM64 macos wheel.\n",
    "PyPI has no M1 wheel for it.\n",
    "We do not have wheels for M1 yet.\n",
    "llvmlite publishes no wheels on PyPI for Mac ARM (M1); they exist only on conda.\n",
    "Looking at the files on PyPI, only Linux wheels are published; there is nothing for macOS.\n",
    "MacOS wheels are not built for pypi\n",
    "I suspect no wheel is built for that architecture.\n",
    "The release has no wheel for 64-bit Python 3.8 on Windows, only the 32-bit one.\n",
    "There are no Windows wheels for this release.\n",
])
def test_no_wheels_for_the_platform_said_in_words(text):
    assert "platform-wheels-missing-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


def test_platform_words_turn_pips_no_matching_version_to_the_index():
    text = ("Operating System: macOS Monterey on Apple Silicon (M1 Max)\n"
            "(venv) ➜  pip install dearpygui\n"
            "ERROR: Could not find a version that satisfies the requirement dearpygui (from versions: none)\n"
            "ERROR: No matching distribution found for dearpygui\n"
            "(venv) ➜  python -V\nPython 3.10.1\n"
            "My guess: there is an x64 macOS wheel but none built for ARM64, so PyPI has no M1 wheel for it.\n")
    assert check_categories(text)[:1] == ["pip_index"]


def test_without_the_words_pips_no_matching_version_stays_the_python():
    text = ("(venv) ➜  pip install dearpygui\n"
            "ERROR: Could not find a version that satisfies the requirement dearpygui (from versions: none)\n"
            "ERROR: No matching distribution found for dearpygui\n")
    assert check_categories(text)[:1] == ["python_unsupported"]


def test_a_python_without_wheels_said_beside_leaves_the_python_reading():
    text = ("ERROR: Could not find a version that satisfies the requirement foo==1.2 (from versions: 1.0, 1.1)\n"
            "ERROR: No matching distribution found for foo==1.2\n"
            "There are no M1 wheels, and no Python 3.12 wheels either.\n")
    assert check_categories(text)[:1] == ["python_unsupported"]


@pytest.mark.parametrize("text", [
    "Building wheels for collected packages: numpy\n",
    "ERROR: Could not build wheels for numpy, which is required to install pyproject.toml-based projects\n",
    "There are wheels for macOS arm64 now.\n",
    "pip installs the Windows wheel fine.\n",
    "no wheel for Python 3.12 yet\n",  # a Python version: the next reader's
    "It only has a few wheels for older releases.\n",
])
def test_other_words_about_wheels_are_not_a_platform_gap(text):
    assert "platform-wheels-missing-in-words" not in signal_ids(text)


# ---- no wheels for a Python version, said in words --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The 1.2.3 release on PyPI cannot be installed on Python 3.12: it has no Python 3.12 wheels and no source "
    "distribution.\n",
    "numpy 2.0.2 has no wheel for Python 3.13.\n",
    "There are no Python 3.12 wheels for that package on PyPI.\n",
    "The package doesn't have wheels for cp313 yet.\n",
    "Python 3.13 wheels are not available yet.\n",
])
def test_no_wheels_for_a_python_said_in_words(text):
    assert "python-wheels-missing-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["python_unsupported"]


@pytest.mark.parametrize("text", [
    "The release has no wheel for 64-bit Python 3.8 on Windows.\n",  # one platform's build: the platform reader's
    "Wheels for Python 3.12 are available on PyPI.\n",
    "Downloading numpy-2.1.0-cp313-cp313-manylinux_2_17_x86_64.whl (16 MB)\n",
    "Successfully installed the wheel for Python 3.11\n",
])
def test_other_words_are_not_a_python_without_wheels(text):
    assert "python-wheels-missing-in-words" not in signal_ids(text)


# ---- onnxruntime-gpu on a Jetson (Linux aarch64) ----------------------------------------------------------------------

def test_onnxruntime_gpu_not_found_on_a_jetson_is_the_index():
    text = ("Jetson Nano 4GB, JetPack 4.4.1\n"
            "Linux jetson 4.9.140-tegra #1 SMP PREEMPT aarch64 aarch64 aarch64 GNU/Linux\n"
            "pip3 install onnxruntime-gpu\n"
            "ERROR: Could not find a version that satisfies the requirement onnxruntime-gpu (from versions: none)\n"
            "ERROR: No matching distribution found for onnxruntime-gpu\n")
    assert check_categories(text)[:1] == ["pip_index"]


# ---- an index URL with its placeholder left in ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "It still fails when I try `pip install torch-scatter -f https://data.pyg.org/whl/torch-2.5.1+${121}.html`\n",
    "pip install torch --index-url https://download.pytorch.org/whl/<cuda>\n",
    "pip install torch-scatter -f https://data.pyg.org/whl/torch-{torch_version}+{cuda}.html\n",
    "Looking in links: https://data.pyg.org/whl/torch-+cu121.html\n",
    "Looking in links: https://data.pyg.org/whl/torch-2.1.0+.html\n",
])
def test_an_index_url_with_a_placeholder_is_the_index(text):
    assert "index-url-placeholder-left" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


def test_a_placeholder_url_turns_pips_no_matching_version_to_the_index():
    text = ("pip install torch-scatter -f https://data.pyg.org/whl/torch-2.5.1+${121}.html\n"
            "ERROR: Could not find a version that satisfies the requirement torch-scatter (from versions: none)\n"
            "ERROR: No matching distribution found for torch-scatter\n")
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    "pip install torch-scatter -f https://data.pyg.org/whl/torch-${TORCH}+${CUDA}.html\n",  # the shell fills it in
    "pip install torch-scatter -f https://data.pyg.org/whl/torch-2.5.1+cu121.html\n",
    "pip install torch --index-url https://download.pytorch.org/whl/cu121\n",
    "Looking in links: https://data.pyg.org/whl/torch-2.1.0+cu121.html\n",
])
def test_real_index_urls_are_not_a_placeholder(text):
    assert "index-url-placeholder-left" not in signal_ids(text)


NOTEBOOK_INSTALL = (
    'version_str = "".join([f"py3{sys.version_info.minor}_cu", torch.version.cuda.replace(".", ""), "_pyt1131"])\n'
    "!pip install --no-index --no-cache-dir pytorch3d -f "
    "https://dl.fbaipublicfiles.com/pytorch3d/packaging/wheels/{version_str}/download.html\n")


def test_a_notebook_variable_in_a_shell_escape_is_no_placeholder():
    # IPython fills in {version_str} from the notebook before the shell runs the line
    assert "pip_index" not in check_categories(NOTEBOOK_INSTALL)


@pytest.mark.parametrize("text", [
    "!pip install torch-scatter -f https://data.pyg.org/whl/torch-2.5.1+${121}.html\n",
    "%pip install torch --index-url https://download.pytorch.org/whl/<cuda>\n",
    "!pip install torch --index-url https://download.pytorch.org/whl/cuXXX\n",
    "pip install pytorch3d -f https://dl.fbaipublicfiles.com/pytorch3d/packaging/wheels/{version_str}/download.html\n",
])
def test_placeholders_a_notebook_does_not_fill_in_are_the_index(text):
    assert check_categories(text)[:1] == ["pip_index"]


# ---- llvmlite built from source, wanting another LLVM -----------------------------------------------------------------

def test_llvmlite_wanting_another_llvm_is_the_python():
    text = ("pip install llvmlite==0.43.0 with Python 3.13 ends with:\n"
            "      RuntimeError: Building llvmlite requires LLVM 14, got '20.1.3'. Be sure to set LLVM_CONFIG to the "
            "right executable path.\n")
    assert "llvmlite-source-build-wrong-llvm" in signal_ids(text)
    assert check_categories(text)[:1] == ["python_unsupported"]


def test_llvmlite_built_from_a_wheel_is_not_that():
    text = "Successfully installed llvmlite-0.44.0 numba-0.61.0\nLLVM 14 is what llvmlite 0.43 was built against.\n"
    assert "llvmlite-source-build-wrong-llvm" not in signal_ids(text)


# ---- a release deleted from the official PyPI -------------------------------------------------------------------------

def test_a_release_said_deleted_from_the_official_pypi_is_the_index():
    text = ("`pip install ilit -i https://pypi.tuna.tsinghua.edu.cn/simple` installs ilit v0.1 instead of v1.0a, "
            "although we deleted 0.1 from the official PyPI.\n")
    assert "pypi-release-deleted" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


def test_words_about_the_official_pypi_alone_are_not_a_deletion():
    text = "The official PyPI has version 1.0a; I removed the cache and tried again.\n"
    assert "pypi-release-deleted" not in signal_ids(text)


# ---- dev reports --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("9203-dearpygui-1487-no-m1-arm64-wheel.txt", "pip_index"),
    ("9205-onnxruntime-6124-jetson-nano-onnxruntime-gpu-not-on-pypi.txt", "pip_index"),
    ("9206-onnxruntime-15732-orin-nano-jetpack511-no-gpu-wheel.txt", "pip_index"),
    ("9213-tuna-892-mirror-serves-deleted-old-version.txt", "pip_index"),
    ("9215-fastexcel-117-arm-mac-no-wheel-found.txt", "pip_index"),
    ("9219-llvmlite-664-0350-no-py38-win64-wheel-yet.txt", "pip_index"),
    ("9222-tc-light-2-find-links-url-left-placeholder.txt", "pip_index"),
    ("9235-pypmc-104-123-no-py312-wheels-no-sdist.txt", "python_unsupported"),
    ("9243-llvmlite-1207-0430-no-py313-wheel-builds-from-source.txt", "python_unsupported"),
    ("9245-whisperx-1257-numpy-202-no-py313-wheel.txt", "python_unsupported"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[:1] == [category]
