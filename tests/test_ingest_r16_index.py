"""Package indexes against unsupported Pythons, sixteenth round: a pinned release missing from the middle of what pip
was offered (deleted, never uploaded), a Linux-only package that pip found nothing of where the paste names no
platform, a package found nowhere on a Mac, the words saying a vendor's wheel page lacks a version, and the words
saying a package is not available on a platform. Small pastes written here, with ones each must not fire on, through
the same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids


# ---- a release missing from the middle of the offer ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ERROR: Could not find a version that satisfies the requirement pyW215==0.6.0 (from versions: 0.5, 0.5.1, 0.5.2, "
    "0.7.0, 0.7.1)\nERROR: No matching distribution found for pyW215==0.6.0\n",
    "ERROR: Ignored the following yanked versions: 0.1.10rc2\n"
    "ERROR: Could not find a version that satisfies the requirement github-copilot-sdk==0.2.2 (from versions: 0.1.10, "
    "0.1.11, 0.2.0, 0.2.3, 0.3.0)\nERROR: No matching distribution found for github-copilot-sdk==0.2.2\n",
    "ERROR: Could not find a version that satisfies the requirement stsauth==1.1.1 (from versions: 0.9.0, 1.0.1, "
    "1.1.0, 1.2.0, 1.3.0)\n",
])
def test_a_release_missing_between_offered_ones_is_the_index(text):
    findings = check_findings(text)
    assert findings[0]["category"] == "pip_index"
    assert "missing from the index" in findings[0]["title"]


@pytest.mark.parametrize("text", [
    # only later releases on offer: the Python is too new for the release
    "ERROR: Could not find a version that satisfies the requirement torch==1.13.1 (from versions: 2.0.0, 2.0.1, "
    "2.1.0, 2.1.1)\n",
    # one release below only: too little to say the Python has wheels on both sides
    "ERROR: Could not find a version that satisfies the requirement foo==1.5.0 (from versions: 1.0.0, 2.0.0, "
    "2.1.0)\n",
    # pip says the release asked for needs another Python
    "ERROR: Ignored the following versions that require a different python version: 1.5.0 Requires-Python >=3.12\n"
    "ERROR: Could not find a version that satisfies the requirement foo==1.5.0 (from versions: 1.0.0, 1.1.0, "
    "2.0.0, 2.1.0)\n",
])
def test_the_ends_of_the_offer_are_not_a_missing_release(text):
    assert not any("missing from the index" in f["title"] for f in check_findings(text))


def test_dev_report_of_a_removed_patch_release():
    assert report_categories("11231-copilot-sdk-1374-patch-release-removed.txt")[:1] == ["pip_index"]


# ---- a Linux-only package found nowhere, the platform unnamed ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ERROR: Could not find a version that satisfies the requirement triton==2.0.0 (from versions: none)\n"
    "ERROR: No matching distribution found for triton==2.0.0\n",
    "Pip subprocess error:\nERROR: Could not find a version that satisfies the requirement triton (from versions: "
    "none)\nERROR: No matching distribution found for triton\n\nfailed\n\nCondaEnvException: Pip failed\n",
])
def test_a_linux_only_package_found_nowhere_is_the_platform(text):
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    # the facts a tool printed place the run on Linux
    "OS: Ubuntu 22.04.3 LTS (x86_64)\nPython platform: Linux-5.15.0-91-generic-x86_64-with-glibc2.35\n"
    "ERROR: Could not find a version that satisfies the requirement triton==2.0.0 (from versions: none)\n",
    # pip set releases aside for another Python
    "ERROR: Ignored the following versions that require a different python version: 2.0.0 Requires-Python <3.12\n"
    "ERROR: Could not find a version that satisfies the requirement triton==2.0.0 (from versions: none)\n",
])
def test_linux_or_another_python_leaves_a_linux_only_package_open(text):
    assert not any("publishes wheels for Linux only" in f["title"] for f in check_findings(text))


def test_dev_reports_of_triton_found_nowhere():
    for name in ("11220-stablevideo-11-triton-200-windows.txt", "11224-motionclone-7-conda-env-triton-windows.txt"):
        assert report_categories(name)[:1] == ["pip_index"], name


# ---- a package found nowhere on a Mac ------------------------------------------------------------------------------

def test_a_package_found_nowhere_on_a_mac_is_the_platform():
    text = ("- Operating system: macOS\n- Python version: 3.10.6\n\n$ pip install pyvirtualcam\n"
            "ERROR: Could not find a version that satisfies the requirement pyvirtualcam (from versions: none)\n"
            "ERROR: No matching distribution found for pyvirtualcam\n")
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    # releases offered: not an empty offer
    "Operating system: macOS\nERROR: Could not find a version that satisfies the requirement foo==1.0 (from versions: "
    "2.0, 2.1)\n",
    # no Mac named
    "ERROR: Could not find a version that satisfies the requirement pyvirtualcam (from versions: none)\n",
    # pip set releases aside for another Python
    "Operating system: macOS\nERROR: Ignored the following versions that require a different python version: 1.1 "
    "Requires-Python >=3.12\nERROR: Could not find a version that satisfies the requirement foo (from versions: none)\n",
])
def test_other_offers_are_not_the_mac(text):
    assert not any("on this Mac" in f["title"] for f in check_findings(text))


# ---- a vendor's wheel page said to lack the version ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "torch-scatter==2.0.9 can not find in https://data.pyg.org/whl/torch-1.8.0%2Bcu102.html",
    "on the official list (https://download.openmmlab.com/mmcv/dist/cu121/torch2.3.0/index.html) only mmcv 2.2.0 is "
    "available for that combination",
    "安装总是失败，https://download.openmmlab.com/mmcv/dist/cu121/torch2.3.0/index.html 里没有需要的mmcv==2.1.0",
    "mmcv 2.1.0 is missing from https://download.openmmlab.com/mmcv/dist/cu121/torch2.3.0/index.html",
])
def test_a_wheel_page_said_to_lack_the_version_is_the_index(text):
    assert "wheel-page-lacks-version-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    "pip install mmcv==2.1.0 -f https://download.openmmlab.com/mmcv/dist/cu121/torch2.1/index.html",
    "Looking in links: https://data.pyg.org/whl/torch-2.1.0+cu121.html\nCollecting torch-scatter\n",
    "I found it in https://data.pyg.org/whl/torch-1.8.1%2Bcu102.html and it installed fine",
    # uv's own message about the platform, not the reporter's words about the page
    "error: Distribution `torchaudio==2.0.0 @ registry+https://download.pytorch.org/whl/cu118` can't be installed "
    "because it doesn't have a source distribution or wheel for the current platform",
])
def test_a_wheel_page_merely_named_is_not_read(text):
    assert "wheel-page-lacks-version-in-words" not in signal_ids(text)


def test_dev_reports_of_wheel_pages_lacking_a_version():
    for name in ("11209-videochat-18-mmcv-find-links-lacks-version.txt",
                 "11239-auto-gnas-1-pyg-find-links-lacks-version.txt"):
        assert report_categories(name)[:1] == ["pip_index"], name


# ---- a package said not to be available on a platform -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "triton==3.4.0 is the blocker: no version of triton is available on Windows.",
    "The wheels are not available for Apple silicon yet.",
    "The pip install doesn't work because it requires x86_64.",
])
def test_a_package_said_unavailable_on_a_platform_is_the_index(text):
    assert "platform-wheels-missing-in-words" in signal_ids(text)


@pytest.mark.parametrize("text", [
    "torch.compile is not available on Windows",
    "NCCL backend is not available on Windows, use gloo",
    "The docs are available for Windows users too.",
])
def test_other_things_unavailable_on_a_platform_are_not_read(text):
    assert "platform-wheels-missing-in-words" not in signal_ids(text)


def test_dev_reports_of_packages_unavailable_on_a_platform():
    for name in ("11223-story2board-7-triton-340-windows.txt", "11238-pytorch-509-arm-pip-x86-only.txt"):
        assert report_categories(name)[:1] == ["pip_index"], name


def test_far_neighbours_on_offer_are_not_a_missing_release():
    # torchvision's ancient universal wheels are offered to every Python: they say nothing of this one
    text = ("ERROR: Could not find a version that satisfies the requirement torchvision==0.20.1 (from versions: 0.1.6, "
            "0.2.0, 0.21.0, 0.22.0)\n")
    assert not any("missing from the index" in f["title"] for f in check_findings(text))
