"""The package index and a Python too new, in the wordings other tools and other releases of pip use.

- pip's closing "No matching distribution found for X" alone (a title, prose) reads as pip's full message does, and
  under pip's full message it only restates it;
- a build-tagged release a resolver could not find (uv's "there is no version of torch==2.1.0+cpu", Poetry's newer
  "wheel(s) were skipped" on a Mac) is the index or the platform, and the +cpu it names is no torch in use;
- newer pip's and uv's 404/403 on a package file or index page ("404 Client Error: Not Found for url: ...whl.metadata",
  "HTTP status client error (404 Not Found) for url (...)") and pip's "Skipping page ... Content-Type" are the index;
- a standard-library module a Python release removed (compat/platforms.toml [[stdlib_removal]]: distutils and imp in
  3.12, cgi and lib2to3 in 3.13) is a Python too new for the package, judged against the Python the paste shows.

Every paste is written for the mechanism, in several of the shapes the same fact takes; each family also has a paste
the mechanism must leave alone."""

from tests.pasted import check_categories, check_findings, signal_ids
from yolodoctor.knowledge.compat_platforms import stdlib_removal


def _first(text: str) -> str:
    categories = check_categories(text)
    return categories[0] if categories else ""


# ---- pip's closing line alone ----------------------------------------------------------------------------------

def test_the_closing_line_alone_reads_as_pips_message():
    for paste in ("ERROR: No matching distribution found for torch",
                  "No matching distribution found for torch on pyenv apple silicon",
                  "no matching distributions found for torchvision with Python 3.13",
                  "Pip says: No matching distribution found for torch==2.1.2。怎么办"):
        assert "pip-no-version-bare" in signal_ids(paste), paste
        assert _first(paste) == "python_unsupported", paste


def test_under_pips_full_message_the_closing_line_only_restates_it():
    paste = """ERROR: Could not find a version that satisfies the requirement torch==1.13.1 (from versions: 2.2.0, 2.2.1)
ERROR: No matching distribution found for torch==1.13.1"""
    ids = signal_ids(paste)
    assert "pip-no-matching-version" in ids and "pip-no-version-bare" not in ids
    # a dependency missing from the index keeps its own reading; pip's "(from ...)" tail is not a bare line
    paste = """ERROR: Could not find a version that satisfies the requirement jinja2 (from torch) (from versions: none)
ERROR: No matching distribution found for jinja2 (from torch)"""
    assert "pip-no-version-bare" not in signal_ids(paste)
    assert _first(paste) == "pip_index"


# ---- a build-tagged release a resolver could not find -----------------------------------------------------------

def test_uv_saying_there_is_no_version_of_a_tagged_build_is_the_index():
    for paste in ("""uv pip install torch==2.1.0+cpu --find-links https://download.pytorch.org/whl/torch_stable.html
  × No solution found when resolving dependencies:
  ╰─▶ Because there is no version of torch==2.1.0+cpu and you require torch==2.1.0+cpu, we can conclude that the requirements are unsatisfiable.""",
                  """  ╰─▶ Because torchvision==0.19.0+cu121 was not found in the package registry and you require
      torchvision==0.19.0+cu121, we can conclude that your requirements are unsatisfiable.""",
                  """  ╰─▶ Because there is no version of torch==2.7.0+cu126 and your project depends on
      torch==2.7.0+cu126, we can conclude that your project's requirements are unsatisfiable."""):
        assert "pip-local-variant-not-found" in signal_ids(paste), paste
        assert _first(paste) == "pip_index", paste
    # an untagged release missing from the registry is not a build of another index
    assert "pip-local-variant-not-found" not in signal_ids(
        "  ╰─▶ Because torch==2.1.0 was not found in the package registry and you require torch==2.1.0")


def test_a_cpu_build_a_resolver_failed_to_find_is_no_torch_in_use():
    for paste in ("ERROR: Could not find a version that satisfies the requirement torch==2.7.0+cpu (from versions: 2.6.0, 2.7.0)",
                  "  ╰─▶ Because there is no version of torch==2.1.0+cpu and you require torch==2.1.0+cpu, we can conclude",
                  "  - Installing torch (2.2.0+cpu): Failed",
                  "  Unable to find installation candidates for torch (2.2.0+cpu)"):
        assert "torch-cpu-build-named" not in signal_ids(paste), paste
    # the torch a tool or a listing shows is still read
    for paste in ("torch version: 2.5.0+cpu", "torch==2.5.0+cpu\ntorchvision==0.20.0+cpu",
                  "when I checked my torch version it said mine was 2.5.0+cpu"):
        assert "torch-cpu-build-named" in signal_ids(paste), paste


def test_poetrys_newer_wording_for_a_cpu_build_on_a_mac_is_the_index_and_on_linux_the_python():
    tail = """  - Installing torch (2.3.0+cpu): Failed

    | Unable to find installation candidates for torch (2.3.0+cpu)
    |
    |   - 12 wheel(s) were skipped as your project's environment does not support the identified {tags} tags"""
    assert _first("MacBook Pro M2, poetry install\n" + tail.format(tags="platform")) == "pip_index"
    assert _first("Ubuntu 22.04, Python 3.13, poetry install\n" + tail.format(tags="abi")) == "python_unsupported"


# ---- the index's server: missing files, refused pages, pages of the wrong type ----------------------------------

def test_newer_pip_and_uv_404_on_a_wheel_or_its_metadata_is_the_index():
    for paste in (
            "ERROR: 404 Client Error: Not Found for url: https://mirrors.aliyun.com/pypi/packages/aa/bb/numpy-1.26.4-cp310-cp310-manylinux_2_17_x86_64.whl.metadata",
            """error: Failed to fetch: `https://pypi.example.edu/web/packages/59/73/litellm-1.81.1-py3-none-any.whl.metadata`
  Caused by: HTTP status client error (404 Not Found) for url (https://pypi.example.edu/web/packages/59/73/litellm-1.81.1-py3-none-any.whl.metadata)""",
            "Could not install packages due to an OSError: 403 Client Error: Forbidden for url: https://download.pytorch.org/whl/cpu/typing-extensions/"):
        assert "pip-index-file-not-served" in signal_ids(paste), paste
        assert _first(paste) == "pip_index", paste


def test_a_404_from_a_model_hub_or_a_release_download_is_not_the_index():
    for paste in ("requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://huggingface.co/org/model/resolve/main/model.safetensors",
                  "404 Client Error: Not Found for url: https://github.com/ultralytics/assets/releases/download/v8.2.0/yolov8n.pt",
                  "403 Client Error: Forbidden for url: https://api.github.com/repos/ultralytics/assets/releases/latest"):
        assert "pip-index-file-not-served" not in signal_ids(paste), paste


def test_a_page_served_as_another_content_type_is_the_index_and_explains_the_missing_release():
    for paste in ("""Looking in links: https://download.pytorch.org/whl/torch_stable.html
WARNING: Skipping page https://download.pytorch.org/whl/torch_stable.html because the GET request got Content-Type: application/octet-stream.The only supported Content-Types are application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html, and text/html
ERROR: Could not find a version that satisfies the requirement torch==1.8.1+cu111 (from versions: 1.8.0, 1.8.1)
ERROR: No matching distribution found for torch==1.8.1+cu111""",
                  "  Skipping page https://mirror.example.org/simple/torch/ because the HEAD request got Content-Type: text/plain",
                  "  Skipping page https://download.pytorch.org/whl/cu80/stable.html because of Content-Type: binary/octet-stream"):
        ids = signal_ids(paste)
        assert "pip-index-page-wrong-content-type" in ids, paste
        assert "pip-no-matching-version" not in ids, paste
        assert _first(paste) == "pip_index", paste
    # pip's skipped links (wheels of other platforms) are not skipped pages
    assert "pip-index-page-wrong-content-type" not in signal_ids(
        "  Skipping link: none of the wheel's tags match: cp38-none-macosx_10_9_x86_64: https://files.example/torch.whl")


# ---- a standard-library module the Python no longer has -------------------------------------------------------

def test_the_table_says_which_release_removed_a_module():
    assert stdlib_removal("distutils").removed_in == "3.12"
    assert stdlib_removal("distutils.core").removed_in == "3.12"
    assert stdlib_removal("lib2to3").removed_in == "3.13"
    assert stdlib_removal("numpy") is None


def test_a_removed_module_on_a_python_that_removed_it_is_a_python_too_new():
    for paste, module in (
            ("""  File "/home/me/venv/lib/python3.12/site-packages/setuptools/__init__.py", line 10, in <module>
    import distutils.core
ModuleNotFoundError: No module named 'distutils'""", "distutils"),
            ("Python 3.12.1 (main, Dec  8 2023) [GCC 11.4.0] on linux\n>>> import imp\nModuleNotFoundError: No module named 'imp'", "imp"),
            ("No module named distutils error during installation on Python 3.12", "distutils"),
            ("Python 3.13.0 (tags/v3.13.0:60403a5, Oct  7 2024) [MSC v.1941 64 bit (AMD64)] on win32\nModuleNotFoundError: No module named 'cgi'", "cgi")):
        findings = check_findings(paste)
        assert findings and findings[0]["category"] == "python_unsupported", paste
        assert module in findings[0]["title"] and "removed in Python" in findings[0]["title"], paste


def test_a_removed_module_said_in_words_reads_the_same():
    for paste in ("distutils was removed in Python 3.12, so pip install -r requirements.txt fails",
                  "Python 3.12 removed distutils and the build breaks"):
        assert "python-stdlib-module-removed" in signal_ids(paste), paste
        assert _first(paste) == "python_unsupported", paste


def test_a_removed_module_missing_from_an_older_python_is_not_the_python_being_too_new():
    paste = "Python 3.10.12\nModuleNotFoundError: No module named 'distutils.util'"
    assert "python_unsupported" not in check_categories(paste)
    # names that only begin like a removed module are other modules
    for paste in ("ModuleNotFoundError: No module named 'distutils_extra'", "No module named 'impala'",
                  "No module named 'cgitb2'"):
        assert "python-stdlib-module-removed" not in signal_ids(paste), paste


def test_pdms_no_candidate_reads_as_poetrys_and_a_build_tag_said_in_words_counts_on_a_mac():
    message = "pdm.exceptions.CandidateNotFound: No candidate is found for `torch` that matches the environment or hashes"
    assert "poetry-no-installation-candidates" in signal_ids(message)
    for said in ("PDM locked torch+cpu from the CPU index", "it adds +cpu to the torch version",
                 "torch +cu121 from the pytorch source"):
        assert _first(f"MacBook Air M3, /opt/homebrew/bin/pdm\n{said}\n{message}") == "pip_index", said
    # no build asked for: the Python (or the platform's age) stays the reading
    assert _first(f"Ubuntu 24.04, Python 3.14\n{message}") == "python_unsupported"
    # a versioned tag is read once, not again as a bare one
    assert _first("MacBook Pro M1\ntorch==2.3.1+cpu\n" + message) == "pip_index"


# ---- nothing on PyPI for this Python, with pip's note of releases set aside for another Python ------------------

_SET_ASIDE = ("ERROR: Ignored the following versions that require a different python version: 1.21.2 Requires-Python "
              ">=3.7,<3.11; 1.21.3 Requires-Python >=3.7,<3.11; 0.5.13 Requires-Python >=3.7,<3.12")


def test_nothing_for_this_python_beside_releases_set_aside_for_another_python_is_the_python():
    tail = """ERROR: Could not find a version that satisfies the requirement onnxruntime>=1.14.1 (from chromadb) (from versions: none)
ERROR: No matching distribution found for onnxruntime>=1.14.1"""
    assert _first(_SET_ASIDE + "\n" + tail) == "python_unsupported"
    assert _first("Looking in indexes: https://pypi.tuna.tsinghua.edu.cn/simple\n" + _SET_ASIDE + "\n" + tail) \
        == "python_unsupported"  # a public mirror of PyPI is PyPI
    # the PyTorch index as the only index lacks the dependency: the index stays the reading
    assert _first("Looking in indexes: https://download.pytorch.org/whl/cu121\n" + _SET_ASIDE + "\n" + tail) == "pip_index"
    # without pip's note the dependency's own reading stands
    assert _first(tail) == "pip_index"


# ---- said in words: a 32-bit Windows or Python, pip's failure retold --------------------------------------------

def test_a_32_bit_windows_or_python_said_in_words_is_a_python_torch_has_no_wheels_for():
    for paste in ("Windows 10 32bit, Python 3.13", "on a 32-bit Windows 7 laptop", "I use a 32 bit Python 3.8",
                  "Python 3.11 32-bit from python.org", "the 32-bit version of Python"):
        assert "python-32bit" in signal_ids(paste), paste
        assert _first(paste) == "python_unsupported", paste
    # the CPU's modes in lscpu, and the "on win32" of every Windows banner, say nothing of the Python
    for paste in ("CPU op-mode(s):                     32-bit, 64-bit",
                  "Python 3.11.4 (tags/v3.11.4:d2340ef, Jun  7 2023) [MSC v.1934 64 bit (AMD64)] on win32"):
        assert "python-32bit" not in signal_ids(paste), paste


def test_pips_failure_retold_in_words_naming_torch_reads_as_pips_message():
    for paste in ("pip says it is unable to find an applicable version of torch",
                  "Can't find a matching version for torch when I run pip install",
                  "it failed to find a compatible wheel of torchvision"):
        assert "pip-no-version-bare" in signal_ids(paste), paste
    # the same words about another piece of software are not pip's message
    assert "pip-no-version-bare" not in signal_ids("could not find a compatible version of cuDNN for CUDA 12")
