"""A build asked for on a platform PyTorch never builds it for (ingest.platform_builds, compat/platforms.toml
[[wheel_tag]]), conda's missing __cuda virtual package, and pip's same message read again for a later pin.

Each paste is written for the mechanism, in the shapes pip, uv, Poetry and conda print; the answer follows from the
[[wheel_tag]] rows (macOS: no CUDA, +cpu or pytorch-cuda builds; Linux aarch64: no +cpu tag before 2.6.0), not
from one wording."""

from tests.pasted import check_categories, check_findings, pasted_facts, signal_ids
from yolodoctor.knowledge.compat_platforms import tag_absent


def _first(text: str) -> str:
    return check_categories(text)[0]


def test_the_table_says_which_tags_a_platform_never_has():
    assert tag_absent("macos", "cu") is not None
    assert tag_absent("macos", "pytorch-cuda") is not None
    assert tag_absent("linux-aarch64", "cpu", "2.4.0") is not None
    assert tag_absent("linux-aarch64", "cpu", "2.7.0") is None  # from 2.6.0 the tag exists there
    assert tag_absent("linux-aarch64", "cu", "1.10.0") is not None  # the x86_64-only CUDA builds of that era
    assert tag_absent("linux-aarch64", "cu", "2.9.0") is None
    assert tag_absent("linux-aarch64", "rocm", "2.4.0") is None  # not a row: not judged


# ---- pip: a CUDA pin on a Mac is the index, even where the versions on offer point at the Python -------------

def test_pip_cuda_pin_on_a_mac_named_in_prose_is_the_index():
    paste = """MacBook Pro with M2, Python 3.12
Looking in indexes: https://pypi.org/simple, https://download.pytorch.org/whl/cu118
ERROR: Could not find a version that satisfies the requirement torch==2.0.1+cu118 (from versions: 2.2.0, 2.2.1, 2.2.2)
ERROR: No matching distribution found for torch==2.0.1+cu118"""
    findings = check_findings(paste)
    assert findings[0]["category"] == "pip_index"
    assert "macOS" in findings[0]["title"] and "2.0.1+cu118" in findings[0]["title"]
    assert "python_unsupported" in [f["category"] for f in findings[1:4]]  # the other reading stays, below


def test_pip_cuda_index_as_the_only_index_on_a_homebrew_python_is_the_index():
    paste = """$ /opt/homebrew/bin/python3 -m pip install torchaudio --index-url https://download.pytorch.org/whl/cu121
Looking in indexes: https://download.pytorch.org/whl/cu121
ERROR: Could not find a version that satisfies the requirement torchaudio (from versions: none)
ERROR: No matching distribution found for torchaudio"""
    assert _first(paste) == "pip_index"


def test_the_same_pin_on_linux_is_still_the_python():
    paste = """Ubuntu 22.04, x86_64
Looking in indexes: https://pypi.org/simple, https://download.pytorch.org/whl/cu118
ERROR: Could not find a version that satisfies the requirement torch==2.0.1+cu118 (from versions: 2.2.0, 2.2.1, 2.2.2)
ERROR: No matching distribution found for torch==2.0.1+cu118"""
    assert _first(paste) == "python_unsupported"


def test_macos_wheel_names_in_pips_skipped_links_do_not_make_the_machine_a_mac():
    paste = """Looking in indexes: https://pypi.org/simple, https://download.pytorch.org/whl/cu117
  Skipping link: none of the wheel's tags match: cp38-none-macosx_10_9_x86_64: https://files.pythonhosted.org/packages/torch-1.13.1-cp38-none-macosx_10_9_x86_64.whl
ERROR: Could not find a version that satisfies the requirement torch==1.13.1+cu117 (from versions: 2.0.0, 2.0.1)
ERROR: No matching distribution found for torch==1.13.1+cu117"""
    assert _first(paste) == "python_unsupported"


# ---- uv: the platform it resolved for, the distribution it chose --------------------------------------------

def test_uv_cuda_distribution_on_macos_is_the_index():
    paste = """error: Distribution `torchvision==0.20.1+cu121 @ registry+https://download.pytorch.org/whl/cu121` can't be installed because it doesn't have a source distribution or wheel for the current platform

hint: You're on macOS (`macosx_14_0_arm64`), but `torchvision` (v0.20.1+cu121) only has wheels for the following platforms: `manylinux_2_28_x86_64`, `win_amd64`"""
    assert _first(paste) == "pip_index"


def test_uv_listing_cpu_builds_on_an_intel_mac_stays_the_platforms_python():
    # The +cpu builds are what uv found on the index, not what was asked for: an Intel Mac has no wheel of 2.6.
    paste = """  × No solution found when resolving dependencies:
  ╰─▶ Because only the following versions of torch are available:
          torch<=2.6.0
          torch==2.6.0+cpu
      and torch>=2.6.0 has no wheels with a matching platform tag (e.g., `macosx_14_0_x86_64`), we can conclude that torch>=2.6.0 cannot be used.
      And because you require torch>=2.6.0, we can conclude that your requirements are unsatisfiable.

      hint: Wheels are available for `torch` (v2.6.0+cpu) on the following platforms: `manylinux_2_28_x86_64`, `win_amd64`"""
    assert _first(paste) == "python_unsupported"


def test_uv_on_linux_naming_macos_wheels_in_its_hint_is_not_a_mac():
    paste = """error: Distribution `torch==2.6.0 @ registry+https://pypi.org/simple` can't be installed because it doesn't have a source distribution or wheel for the current platform

hint: You're on Linux (`manylinux_2_36_x86_64`), but `torch` (v2.6.0) only has wheels for the following platform: `macosx_11_0_arm64`"""
    assert _first(paste) != "pip_index"


# ---- Poetry: the locked build, a pyproject pin --------------------------------------------------------------

def test_poetry_locked_cpu_build_on_linux_aarch64_before_the_tag_existed_is_the_index():
    paste = """$ uname -a
Linux ip-10-0-0-12 6.1.0-aws #1 SMP aarch64 GNU/Linux
$ poetry install
  - Installing torch (2.4.0+cpu): Failed

  RuntimeError

  Unable to find installation candidates for torch (2.4.0+cpu)"""
    assert _first(paste) == "pip_index"


def test_poetry_locked_cpu_build_on_linux_aarch64_after_the_tag_exists_is_not_judged_by_the_tag():
    paste = """$ uname -a
Linux ip-10-0-0-12 6.1.0-aws #1 SMP aarch64 GNU/Linux
$ poetry install
  - Installing torch (2.7.0+cpu): Failed

  RuntimeError

  Unable to find installation candidates for torch (2.7.0+cpu)"""
    assert _first(paste) == "python_unsupported"


def test_poetry_cpu_source_pin_on_apple_silicon_with_a_shortened_message_is_the_index():
    paste = """Apple M2 Pro, Poetry 1.8
[tool.poetry.dependencies]
torch = { version = "^2.4.0+cpu", source = "pytorch-cpu" }

Unable to find candidates for torch"""
    assert "poetry-no-installation-candidates" in signal_ids(paste)
    assert _first(paste) == "pip_index"


# ---- conda: the __cuda virtual package a CUDA build needs --------------------------------------------------

def test_conda_cuda_virtual_package_missing_in_its_wordings():
    for message in (
            "  - nothing provides __cuda >=11.8 needed by pytorch-cuda-11.8-h7e8668a_5",
            "   └─ __cuda =*, which is missing on the system.",
            "  - package pytorch-2.1.0-py3.10_cuda12.1_cudnn8.9.2_0 requires __cuda >=12.1, but none of the "
            "providers can be installed",
            "Your installed CUDA driver is: not available"):
        assert "conda-cuda-virtual-package-missing" in signal_ids(message), message
        assert _first(message) == "pip_index", message


def test_conda_listing_its_cuda_virtual_package_is_not_that_failure():
    paste = """       virtual packages : __archspec=1=x86_64
                          __cuda=12.2=0
                          __glibc=2.35=0"""
    assert "conda-cuda-virtual-package-missing" not in signal_ids(paste)


# ---- pip's message repeated for a second pin ------------------------------------------------------------------

def test_a_later_pin_of_the_same_message_is_read_when_the_first_settles_nothing():
    # The scanner reports pip's message once, at the placeholder's pin; the torch pin below it says the Python.
    paste = """$ pip install pytorch==1.0.0
ERROR: Could not find a version that satisfies the requirement pytorch==1.0.0 (from versions: 0.1.2, 1.0.2)
ERROR: No matching distribution found for pytorch==1.0.0
$ pip install torch==1.0.0
ERROR: Could not find a version that satisfies the requirement torch==1.0.0 (from versions: 0.1.2, 0.1.2.post1, 0.1.2.post2, 1.4.0, 1.5.0, 1.6.0)
ERROR: No matching distribution found for torch==1.0.0"""
    findings = check_findings(paste)
    assert findings[0]["category"] == "python_unsupported"
    assert "1.0.0" in findings[0]["title"] and "1.4.0" in findings[0]["title"]


# ---- older pips' "(from -r requirements.txt (line N))" and the `pytorch` placeholder project ----------------

def test_an_older_pips_requirements_file_line_is_read_and_judged():
    paste = """Collecting torch==1.2.0 (from -r requirements.txt (line 4))
  ERROR: Could not find a version that satisfies the requirement torch==1.2.0 (from -r requirements.txt (line 4)) (from versions: 0.1.2, 0.1.2.post1, 0.1.2.post2, 1.7.1, 1.8.0, 1.8.1)
ERROR: No matching distribution found for torch==1.2.0 (from -r requirements.txt (line 4))"""
    ids = signal_ids(paste)
    assert "pip-no-matching-version" in ids
    assert "pip-dependency-not-on-index" not in ids  # a requirements file's line is not a parent package
    findings = check_findings(paste)
    assert findings[0]["category"] == "python_unsupported" and "1.7.1" in findings[0]["title"]


def test_the_pytorch_placeholder_project_in_a_requirements_file_is_the_index():
    paste = """$ pipenv install
ERROR: Could not find a version that satisfies the requirement pytorch==1.4.0 (from -r /tmp/pipenv-req.txt (line 2)) (from versions: 0.1.2, 1.0.2)
ERROR: No matching distribution found for pytorch==1.4.0"""
    findings = check_findings(paste)
    assert findings[0]["category"] == "pip_index"
    assert "`pytorch`" in findings[0]["title"]


# ---- uv naming the other CPython ----------------------------------------------------------------------------

def test_uv_naming_the_cpython_a_wheel_or_release_was_built_for_is_the_python():
    for paste in (
            "  Caused by: A URL dependency is incompatible with the current platform: "
            "https://example.org/whl/torch_scatter-2.1.2-cp39-cp39-linux_x86_64.whl\n\n"
            "hint: The wheel is compatible with CPython 3.9 (`cp39`), but you're using CPython 3.12 (`cp312`)",
            "  ╰─▶ Because torchaudio==2.1.0 has no wheels with a matching Python ABI tag and you require "
            "torchaudio==2.1.0, we can conclude that your requirements are unsatisfiable.\n\n"
            "      hint: You're using CPython 3.13 (`cp313`), but `torchaudio` (v2.1.0) only has wheels with the "
            "following Python ABI tags: `cp38`, `cp39`, `cp310`, `cp311`"):
        assert "uv-wheel-for-other-python" in signal_ids(paste), paste
        assert _first(paste) == "python_unsupported", paste


def test_uv_saying_only_which_python_it_uses_is_not_that_hint():
    assert "uv-wheel-for-other-python" not in signal_ids("Using CPython 3.12.3 interpreter at: /usr/bin/python3\n"
                                                         "You're using CPython 3.12 (`cp312`) for this project")


# ---- an ARM board named by its product --------------------------------------------------------------------

def test_a_cuda_build_of_the_x86_era_on_a_jetson_is_the_index_and_points_to_nvidias_wheels():
    # pip's versions on offer alone would say the Python is too new; on a Jetson the +cu113 build never existed
    paste = """Jetson AGX Xavier, JetPack 5.1
Looking in links: https://download.pytorch.org/whl/torch_stable.html
ERROR: Could not find a version that satisfies the requirement torch==1.10.0+cu113 (from versions: 1.11.0, 1.12.0, 1.12.1)
ERROR: No matching distribution found for torch==1.10.0+cu113"""
    findings = check_findings(paste)
    assert findings[0]["category"] == "pip_index"
    assert "Linux aarch64" in findings[0]["title"] and "JetPack" in findings[0]["fix"]


def test_a_later_aarch64_cuda_release_is_not_judged_by_the_tag():
    paste = """Jetson AGX Thor
Looking in indexes: https://download.pytorch.org/whl/cu130
ERROR: Could not find a version that satisfies the requirement torch==2.9.0+cu130 (from versions: 2.10.0+cu130)
ERROR: No matching distribution found for torch==2.9.0+cu130"""
    findings = check_findings(paste)
    assert not any("Linux aarch64" in f["title"] for f in findings)
    assert findings[0]["category"] == "python_unsupported"


# ---- a pinned nightly -----------------------------------------------------------------------------------------

def test_a_pinned_nightly_no_longer_listed_is_the_index_not_the_python():
    paste = """Looking in indexes: https://download.pytorch.org/whl/nightly/cu126
ERROR: Could not find a version that satisfies the requirement torchvision==0.22.0.dev20250115+cu126 (from versions: 0.23.0.dev20250501+cu126, 0.23.0.dev20250502+cu126)
ERROR: No matching distribution found for torchvision==0.22.0.dev20250115+cu126"""
    findings = check_findings(paste)
    assert findings[0]["category"] == "pip_index" and "nightly" in findings[0]["title"]


def test_a_vendor_placeholder_on_pypi_is_still_read_as_such():
    # a release asked for, only pre-releases on offer: the vendor's placeholder, not a pruned nightly
    paste = """ERROR: Could not find a version that satisfies the requirement nvidia-tensorrt==8.4.1.5 (from versions: 0.0.1.dev4, 0.0.1.dev5)
ERROR: No matching distribution found for nvidia-tensorrt==8.4.1.5"""
    findings = check_findings(paste)
    assert findings[0]["category"] == "pip_index" and "nightly" not in findings[0]["title"]


# ---- conda and pixi: what a channel has, what the solver cannot find ----------------------------------------

def test_the_solver_missing_a_torch_dependency_or_torch_itself_is_the_channels():
    for paste in ("Encountered problems while solving:\n  - nothing provides cuda-cudart 12.1.* needed by "
                  "pytorch-cuda-12.1-ha16c6d3_5",
                  "  × failed to solve requirements of environment 'gpu' for platform 'osx-64'\n"
                  "  ╰─▶ Cannot solve the request because of: No candidates were found for pytorch-cuda 12.4.*."):
        assert "conda-torch-dependency-not-in-channels" in signal_ids(paste), paste
        assert _first(paste) == "pip_index", paste
    # the Python and the driver's virtual package have their own entries
    assert "conda-torch-dependency-not-in-channels" not in signal_ids(
        "  - nothing provides python >=3.12,<3.13.0a0 needed by pytorch-2.5.1-py3.12_cuda12.4_cudnn9.1.0_0")
    assert "conda-torch-dependency-not-in-channels" not in signal_ids(
        "  - nothing provides __cuda needed by pytorch-2.0.1-py3.10_cuda11.8_cudnn8.7.0_0")


def test_rows_a_channel_search_lists_are_not_the_installed_torch():
    searched = """$ micromamba search -c pytorch pytorch | grep 1.12
 pytorch 1.12.1     py3.9_cpu_0                          pytorch/linux-64
 pytorch 1.12.1     py3.9_cuda11.6_cudnn8.3.2_0          pytorch/linux-64"""
    # at most a version said in passing; no installed build (status, CUDA build) is read from a search
    assert pasted_facts(searched).torch.status is None
    listed = """$ conda list | grep torch
pytorch                   1.12.1              py3.9_cpu_0    pytorch"""
    facts = pasted_facts(listed)
    assert facts.torch.status == "ok" and facts.torch.version == "1.12.1" and facts.torch.cuda is None


def test_darwin_named_beside_the_command_is_macos():
    paste = """(darwin-arm64) $ uv sync
error: Distribution `torchaudio==2.6.0+cu124 @ registry+https://download.pytorch.org/whl/cu124` can't be installed because it doesn't have a source distribution or wheel for the current platform"""
    assert _first(paste) == "pip_index"


# ---- uv's hint that the release has wheels for other platforms only --------------------------------------------

def test_uv_saying_the_release_has_wheels_only_for_other_platforms_is_the_index_or_lock():
    for paste in (
            # a lock made on an ARM machine, synced on 64-bit Windows
            "error: Distribution `torch==2.6.0+cu126 @ registry+https://download.pytorch.org/whl/cu126` can't be "
            "installed because it doesn't have a source distribution or wheel for the current platform\n\n"
            "hint: You're on Windows (`win_amd64`), but `torch` (v2.6.0+cu126) only has wheels for the following "
            "platform: `manylinux_2_28_aarch64`",
            # a +cpu build that exists for x86_64 and Windows only, on an ARM server
            "error: Distribution `torchvision==0.20.1+cpu @ registry+https://download.pytorch.org/whl/cpu` can't be "
            "installed because it doesn't have a source distribution or wheel for the current platform\n"
            "hint: You're on Linux (`manylinux_2_35_aarch64`), but `torchvision` (v0.20.1+cpu) only has wheels for "
            "the following platforms: `linux_x86_64`, `win_amd64`",
            # the hint first, the distribution from a CUDA index after it, no build tag
            "hint: You're on Linux (`manylinux_2_31_x86_64`), but `torch` (v2.4.1) only has wheels for the "
            "following platforms: `manylinux2014_aarch64`\nerror: Distribution `torch==2.4.1 @ "
            "registry+https://download.pytorch.org/whl/cu121` can't be installed because it doesn't have a source "
            "distribution or wheel for the current platform"):
        findings = check_findings(paste)
        assert findings[0]["category"] == "pip_index", paste
        assert "other platforms only" in findings[0]["title"], findings[0]["title"]


def test_uv_platform_hint_for_an_intel_mac_a_plain_pypi_release_or_a_python_tag_is_not_that_judgement():
    plain = ("error: Distribution `torch==2.6.0 @ registry+https://pypi.org/simple` can't be installed because it "
             "doesn't have a source distribution or wheel for the current platform\n"
             "hint: You're on Linux (`manylinux_2_34_aarch64`), but `torch` (v2.6.0) only has wheels for the following "
             "platform: `macosx_11_0_arm64`")
    assert not any("other platforms only" in f["title"] for f in check_findings(plain))
    intel = ("error: Distribution `torch==2.5.1 @ registry+https://pypi.org/simple` can't be installed because it "
             "doesn't have a source distribution or wheel for the current platform\n"
             "hint: You're on macOS (`macosx_14_0_x86_64`), but `torch` (v2.5.1) only has wheels for the following "
             "platforms: `manylinux1_x86_64`, `macosx_11_0_arm64`, `win_amd64`")
    findings = check_findings(intel)
    assert findings and not any("other platforms only" in f["title"] for f in findings)
    abi = ("error: Distribution `torch==2.1.2 @ registry+https://pypi.org/simple` can't be installed because it "
           "doesn't have a source distribution or wheel for the current platform\n"
           "hint: You're using CPython 3.13 (`cp313`), but `torch` (v2.1.2) only has wheels with the following Python "
           "ABI tags: `cp38`, `cp39`, `cp310`, `cp311`")
    findings = check_findings(abi)
    assert findings[0]["category"] == "python_unsupported"
    assert not any("other platforms only" in f["title"] for f in findings)


# ---- a Mac named by its shell prompt's host name --------------------------------------------------------------

def test_a_mac_host_name_in_the_prompt_makes_a_cuda_only_index_the_index():
    for prompt in ("(venv) kim@Kims-MBP project % ", "dev@Sams-MacBook-Air repo % ", "lee@Lees-Mac-mini ~ % ",
                   "ann@Anns-MBA.local:~/src$ "):
        paste = (prompt + "pip install torch==2.2.0 --index-url https://download.pytorch.org/whl/cu121\n"
                 "Looking in indexes: https://download.pytorch.org/whl/cu121\n"
                 "ERROR: Could not find a version that satisfies the requirement torch==2.2.0 (from versions: none)\n"
                 "ERROR: No matching distribution found for torch==2.2.0")
        assert _first(paste) == "pip_index", prompt


def test_a_linux_host_name_in_the_prompt_is_not_a_mac():
    paste = ("kim@gpu-box-01:~/project$ pip install torch==1.8.1 --index-url https://download.pytorch.org/whl/cu111\n"
             "Looking in indexes: https://download.pytorch.org/whl/cu111\n"
             "ERROR: Could not find a version that satisfies the requirement torch==1.8.1 (from versions: none)\n"
             "ERROR: No matching distribution found for torch==1.8.1")
    assert not any("macOS" in f["title"] for f in check_findings(paste))


# ---- placeholders: a vendor's 0.0.x on PyPI, offered for a real release ------------------------------------------

def test_only_a_vendors_zero_placeholders_on_offer_is_the_platform_or_index():
    for pin, offered in (("nvidia-cudnn-cu12==9.1.0.70", "0.0.1.dev5, 0.0.1"), ("tensorrt==8.6.1", "0.0.1"),
                         ("nvidia-nccl-cu12==2.21.5", "0.0.1")):
        paste = (f"ERROR: Could not find a version that satisfies the requirement {pin} (from versions: {offered})\n"
                 f"ERROR: No matching distribution found for {pin}")
        findings = check_findings(paste)
        assert findings[0]["category"] == "pip_index", pin
        assert "placeholder" in findings[0]["title"], findings[0]["title"]


def test_real_releases_on_offer_are_not_read_as_placeholders():
    paste = ("ERROR: Could not find a version that satisfies the requirement torch==1.12.1 (from versions: 2.2.0, "
             "2.2.1, 2.3.0)\nERROR: No matching distribution found for torch==1.12.1")
    findings = check_findings(paste)
    assert findings[0]["category"] == "python_unsupported"
    assert not any("placeholder" in f["title"] for f in findings)


# ---- a torch-family release taken from a CUDA index its series was never built for --------------------------------

def test_a_uv_distribution_from_a_cuda_index_its_series_lacks_is_the_index():
    for paste in (
            "error: found distribution torchvision==0.15.1 @ registry+https://download.pytorch.org/whl/cu121 with "
            "neither wheels nor source distribution",
            "error: Distribution `torch==2.0.1 @ registry+https://download.pytorch.org/whl/cu121` can't be installed "
            "because it doesn't have a source distribution or wheel for the current platform",
            "error: Distribution `torchaudio==2.5.1+cu128 @ registry+https://download.pytorch.org/whl/cu128` can't be "
            "installed because it doesn't have a source distribution or wheel for the current platform"):
        findings = check_findings(paste)
        assert findings[0]["category"] == "pip_index", paste
        assert "never built for" in findings[0]["title"], findings[0]["title"]


def test_a_uv_distribution_from_a_cuda_index_its_series_has_is_not_that_judgement():
    paste = ("error: Distribution `torch==2.5.1 @ registry+https://download.pytorch.org/whl/cu124` can't be installed "
             "because it doesn't have a source distribution or wheel for the current platform")
    assert not any("never built for" in f["title"] for f in check_findings(paste))
    assert "uv-no-wheel-matching-tags" in signal_ids(
        "error: found distribution torch==2.1.0 @ registry+https://pypi.org/simple with neither wheels nor source "
        "distribution")
