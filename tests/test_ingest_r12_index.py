"""The package index and a Python too new, twelfth round: the wordings and facts that settle which of the two it is.

- a build's own refusal of the Python ("Cannot install on Python version 3.11.3; only versions >=3.7,<3.11 are
  supported.", numba's and llvmlite's setup guard, wrapped by uv or not) is a Python outside the package's range;
- numba/llvmlite fetched or built from source ("Using cached llvmlite-0.34.0.tar.gz", uv's "Failed to build
  `llvmlite==0.36.0`", Poetry's "Installing llvmlite (0.39.1): Failed") is judged by the release's Python bound
  (compat/platforms.toml [[python_bounded_release]]) against the Python the paste shows;
- pip's retries on an index path after an SSLError are the index unreachable by TLS, not a model download;
- a reporter's "no PyTorch for Python 3.12 (yet)" is a Python too new;
- only 0.0.x placeholder archives of a package before pip's "No matching distribution found for" it are a vendor's
  name-holder on PyPI: the real releases are on the vendor's index;
- a +cuXXX pin asked for without the PyTorch index is the index, even when the reporter's later fix names it.

Each paste is written for the mechanism, in the shapes the fact takes; each family also has pastes it must leave
alone."""

from tests.pasted import check_categories, signal_ids
from yolodoctor.knowledge.compat_platforms import python_bounded_release


def _first(text: str) -> str:
    categories = check_categories(text)
    return categories[0] if categories else ""


# ---- a build refusing the Python ------------------------------------------------------------------------------

def test_a_builds_own_refusal_of_the_python_is_the_python():
    for paste in ("      RuntimeError: Cannot install on Python version 3.11.3; only versions >=3.7,<3.11 are supported.",
                  """      RuntimeError: Cannot install on Python version 3.11.14; only versions
      >=3.6,<3.10 are supported.""",
                  "RuntimeError: Cannot install on Python version 3.13.7; only versions >=3.9,<3.13 are supported."):
        assert "python-build-refuses-python-version" in signal_ids(paste), paste
        assert _first(paste) == "python_unsupported", paste


def test_other_install_refusals_are_not_the_python_range():
    for paste in ("error: Cannot install on this platform; only Linux is supported.",
                  "Cannot install on Python version 3.11 because the wheel is missing"):
        assert "python-build-refuses-python-version" not in signal_ids(paste), paste


# ---- numba / llvmlite from source, judged by the release's Python bound ----------------------------------------

def test_the_release_bounds_are_read_from_the_table():
    assert python_bounded_release("llvmlite", "0.36.0").python_below == "3.10"
    assert python_bounded_release("numba", "0.56.4").python_below == "3.11"
    assert python_bounded_release("LLVMLITE", "0.39.1").python_below == "3.11"
    assert python_bounded_release("numba", "9.9.0") is None
    assert python_bounded_release("torch", "0.36.0") is None


def test_an_old_release_built_from_source_on_a_newer_python_is_the_python():
    for paste in ("""I have Python 3.10.1 (tags/v3.10.1:2cd268a, Dec  6 2021, 19:10:37) on Windows 10.
PS C:\\Users\\me> pip install numba
Collecting numba
  Using cached numba-0.51.2.tar.gz (2.1 MB)
Collecting llvmlite<0.35,>=0.34.0.dev0
  Using cached llvmlite-0.34.0.tar.gz (107 kB)""",
                  """Using CPython 3.13.7 interpreter at: /usr/bin/python3.13
  × Failed to build `llvmlite==0.36.0`
  ├─▶ The build backend returned an error
        File "/home/me/.cache/uv/builds-v0/.tmp8o3bfy/lib/python3.13/site-packages/setuptools/build_meta.py", line 331""",
                  """Python 3.11.2 (brew install python@3.11)
• Installing llvmlite (0.39.1): Failed

  ChefBuildError"""):
        assert "python-bounded-release-source-build" in signal_ids(paste), paste
        assert _first(paste) == "python_unsupported", paste


def test_a_release_inside_its_python_range_is_not_the_python():
    # llvmlite 0.36 supports Python 3.8: its source build there has another cause (an arm board without wheels)
    paste = """Python 3.8.10 (default, Nov 22 2023) on linux
Collecting llvmlite==0.36.0
  Downloading llvmlite-0.36.0.tar.gz (126 kB)
  Building wheel for llvmlite (setup.py) ... error"""
    assert "python_unsupported" not in check_categories(paste)[:1]


def test_wheels_and_other_packages_are_left_alone():
    for paste in ("  Using cached llvmlite-0.41.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl (43.6 MB)",
                  "  Using cached numpy-1.21.0.tar.gz (10.3 MB)",
                  "numba==0.53.1\nllvmlite==0.36.0\ntorch==2.1.0"):
        assert "python-bounded-release-source-build" not in signal_ids(paste), paste


# ---- TLS to the package index -----------------------------------------------------------------------------------

def test_pips_ssl_retries_on_an_index_path_are_the_index():
    for path in ("/whl/lts/1.8/torch_lts.html", "/simple/torch/", "/pypi/simple/numpy/",
                 "/packages/62/a1/0d452b6901b0157a0134fd27ba89bf95a857fbda64ba52e1ca2cf61d8412/pip-10.0.0-py2.py3-none-any.whl"):
        paste = ("WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after "
                 "connection broken by 'SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] "
                 "certificate verify failed: self signed certificate in certificate chain (_ssl.c:1124)'))': " + path)
        assert "pip-index-ssl-retry" in signal_ids(paste), path
        assert _first(paste) == "pip_index", path
    # the +cpu build in the command that could not reach the index is no CPU-only torch in use
    paste = """pip3 install torch==1.8.2+cpu torchvision==0.9.2+cpu -f https://download.pytorch.org/whl/lts/1.8/torch_lts.html
WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1131)'))': /whl/lts/1.8/torch_lts.html"""
    assert _first(paste) == "pip_index"


def test_ssl_errors_of_model_downloads_are_not_the_index():
    paste = ("urllib3 WARNING Retrying (Retry(total=4)) after connection broken by 'SSLError(SSLCertVerificationError(1, "
             "'[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed'))': /ultralytics/assets/releases/download/"
             "v8.2.0/yolov8n.pt")
    assert "pip-index-ssl-retry" not in signal_ids(paste)
    assert "pip_index" not in check_categories(paste)[:1]


# ---- "no PyTorch for Python 3.12" -------------------------------------------------------------------------------

def test_no_torch_for_this_python_said_in_words_is_the_python():
    for paste in ("Homebrew release can't install plugins that use PyTorch (no PyTorch for Python 3.12 yet)",
                  "There is no torch linux version for python 3.12 i suspect you are using.",
                  "PyTorch is not available for Python 3.13 yet, so pip finds nothing",
                  "Found it -- python mismatch, torch isn't out for 3.13."):
        assert "torch-no-wheels-for-python-in-words" in signal_ids(paste), paste
        assert _first(paste) == "python_unsupported", paste


def test_torch_being_available_for_a_python_is_not_the_python():
    for paste in ("PyTorch is available for Python 3.12 since 2.2, so this should work.",
                  "no issues for Python 3.11, torch 2.3 installs fine",
                  "There are wheels of torch for python 3.10 on the index."):
        assert "torch-no-wheels-for-python-in-words" not in signal_ids(paste), paste


# ---- a vendor's placeholder archives on PyPI ----------------------------------------------------------------------

def test_only_placeholder_archives_before_no_matching_distribution_is_the_vendor_index():
    for name in ("nvidia-tensorrt", "nvidia-tensorflow"):
        paste = f"""pip install {name}
Collecting {name}
  Using cached {name}-0.0.1.dev5.tar.gz (7.9 kB)
  Using cached {name}-0.0.1.dev4.tar.gz (3.8 kB)
WARNING: Discarding https://files.pythonhosted.org/packages/b8/a3/{name}-0.0.1.dev5.tar.gz (from https://pypi.org/simple/{name}/). Command errored out with exit status 1: python setup.py egg_info Check the logs for full command output.
ERROR: No matching distribution found for {name}"""
        assert "pip-vendor-placeholder-archives-only" in signal_ids(paste), name
        assert _first(paste) == "pip_index", name


def test_a_placeholder_of_another_package_is_not_read():
    paste = """Collecting foo
  Using cached bar-0.0.1.tar.gz (3 kB)
ERROR: No matching distribution found for foo"""
    assert "pip-vendor-placeholder-archives-only" not in signal_ids(paste)
    paste = """  Using cached nvidia-tensorrt-0.0.1.dev5.tar.gz (7.9 kB)
ERROR: No matching distribution found for nvidia-tensorrt-libs"""
    assert "pip-vendor-placeholder-archives-only" not in signal_ids(paste)


# ---- a +cuXXX pin without the PyTorch index, the fix named after it ----------------------------------------------

def test_a_cuda_build_pin_without_the_index_is_the_index_even_when_the_fix_names_it():
    paste = """Installing with the requirements file gives:
could not find a version that satisfies the requirement torch==1.7.1+cu110

What worked: pip3 install torch==1.7.0+cu110 -f https://download.pytorch.org/whl/torch_stable.html"""
    assert _first(paste) == "pip_index"


def test_a_cuda_build_pin_with_the_index_in_the_failing_run_stays_open():
    # the index was given to the run that failed: then the Python or the platform is the likelier gap
    paste = """pip3 install torch==1.7.1+cu110 -f https://download.pytorch.org/whl/torch_stable.html
could not find a version that satisfies the requirement torch==1.7.1+cu110"""
    assert _first(paste) == "python_unsupported"
