"""Package indexes, thirteenth round: pip's "no matching version" where the paste shows the index lacks the release
(deleted from PyPI, a mirror that has not synced it, a package with no wheels for the platform the paste ran on), an
old pip that cannot see today's wheels, uv's first-index rule with the PyTorch index as an extra index, and a
build-tagged pin in pip's message cut before its list of versions. Small pastes written here, with ones each must not
fire on, through the same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- a release deleted from PyPI --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Older releases missing on PyPI\n\nWhy are older versions no longer available on PyPI?\n",
    "Version 0.2.7 disappeared from PyPi and broke our builds.\n",
    "It looks like the 1.13.29 release was removed from PyPI.\n",
    "The maintainer deleted all the old versions from PyPI.\n",
    "Previous package versions are missing from PyPI\n",
])
def test_a_release_said_deleted_from_pypi_is_the_index(text):
    assert "pypi-release-deleted" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


def test_deleted_from_pypi_outranks_the_python_reading_of_pips_message():
    text = ("Previous package versions are missing from PyPI\n\n"
            "Collecting asciiplotlib==0.1.5\n"
            "  Could not find a version that satisfies the requirement asciiplotlib==0.1.5 (from versions: 0.1.8)\n"
            "No matching distribution found for asciiplotlib==0.1.5\n")
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    # a cache, a local install or the package manager's own removal are not PyPI's releases
    "I removed the package from the pip cache and tried again.\n",
    "pip uninstall removed torch 2.1.0 from site-packages\n",
    "Is this package available on PyPI?\n",
    "Successfully uninstalled torch-2.1.0\nThe wheel was downloaded from PyPI.\n",
])
def test_other_words_about_pypi_are_not_a_deleted_release(text):
    assert "pypi-release-deleted" not in signal_ids(text)


# ---- a mirror behind PyPI ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Pypi镜像同步停留在了两天前，木有及时更新~\n",
    "PyPI 镜像同步问题\n我的包已经发布了新版本，但清华镜像没有同步。\n",
    "The TUNA mirror is not synced yet, pip cannot find the new release.\n",
    "It seems the mirror hasn't updated since yesterday.\n",
])
def test_a_mirror_said_behind_pypi_is_the_index(text):
    assert "pypi-mirror-behind" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


def test_a_mirror_behind_outranks_the_python_reading_of_pips_message():
    text = ("PyPI 镜像还没有同步新版本\n"
            "pip install pyocd==0.31 -i https://pypi.tuna.tsinghua.edu.cn/simple\n"
            "ERROR: Could not find a version that satisfies the requirement pyocd==0.31 (from versions: 0.29.0, "
            "0.30.0, 0.30.1)\nERROR: No matching distribution found for pyocd==0.31\n")
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    "源码没有更新，请重新拉取。\n",  # the source code, not a mirror
    "I use the mirror https://pypi.tuna.tsinghua.edu.cn/simple and it works fine.\n",
    "镜像下载速度很快。\n",
])
def test_other_words_about_mirrors_are_not_a_mirror_behind(text):
    assert "pypi-mirror-behind" not in signal_ids(text)


# ---- a package with no wheels for the platform ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "pip install tensorrt\nERROR: No matching distribution found for tensorrt_libs==8.6.1\n\nOperating System: Win11\n",
    "(base) user@Johns-MacBook-Pro ~ % pip install lmdeploy\n"
    "ERROR: Could not find a version that satisfies the requirement lmdeploy (from versions: none)\n"
    "ERROR: No matching distribution found for lmdeploy\n",
    "macOS 14.5 on an M2\n$ pip install triton\nERROR: Could not find a version that satisfies the requirement triton "
    "(from versions: none)\nERROR: No matching distribution found for triton\n",
])
def test_a_package_without_wheels_for_the_platform_is_the_index(text):
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    # TensorRT 10 has Windows wheels: the row holds for older releases only
    "Windows 11\nERROR: No matching distribution found for tensorrt_libs==10.0.1\n",
    # lmdeploy on Linux x86_64 with Python 3.12 and an old release: the Python, not the platform
    "Ubuntu 22.04, Python 3.12\nERROR: Could not find a version that satisfies the requirement lmdeploy==0.2.3 "
    "(from versions: 0.5.0, 0.5.1)\nERROR: No matching distribution found for lmdeploy==0.2.3\n",
])
def test_a_platform_the_package_has_wheels_for_is_not_the_platform_gap(text):
    assert check_categories(text)[:1] != ["pip_index"]


# ---- an old pip -----------------------------------------------------------------------------------------------------

def test_an_old_pips_no_downloads_is_the_index_it_cannot_read():
    text = ("Could not find any downloads that satisfy the requirement analytics-zoo\nCleaning up...\n"
            "No distributions at all found for analytics-zoo\n")
    assert "pip-legacy-no-downloads" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


# ---- uv's first index -----------------------------------------------------------------------------------------------

def test_uv_first_index_is_the_pytorch_index_lacking_a_common_package():
    text = ("req2.txt:\n--extra-index-url https://download.pytorch.org/whl/cpu\n\ntorch==2.0.1\n\n"
            "  × No solution found when resolving dependencies:\n"
            "  ╰─▶ Because there is no version of filelock==3.12.4 and you require filelock==3.12.4, we can conclude "
            "that the requirements are unsatisfiable.\n")
    assert "uv-first-index-lacks-version" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


def test_uvs_own_hint_names_the_first_index():
    text = ("  × No solution found when resolving dependencies:\n"
            "  ╰─▶ Because only requests==2.28.1 is available and datasets>=4.8.4 depends on requests>=2.32.2, we can "
            "conclude that datasets>=4.8.4 cannot be used.\n"
            "      hint: `requests` was found on https://download.pytorch.org/whl/cu126, but not at the requested "
            "version (requests>=2.32.2).\n")
    assert "uv-first-index-lacks-version" in signal_ids(text)


@pytest.mark.parametrize("text", [
    # torch itself missing from its own index is another reading (a variant or a Python)
    "--extra-index-url https://download.pytorch.org/whl/cu121\n"
    "  ╰─▶ Because there is no version of torch==2.3.1 and you require torch==2.3.1, we can conclude that the "
    "requirements are unsatisfiable.\n",
    # no PyTorch index named
    "  ╰─▶ Because there is no version of filelock==3.12.4 and you require filelock==3.12.4, we can conclude that the "
    "requirements are unsatisfiable.\n",
])
def test_uv_no_version_without_the_first_index_rule(text):
    assert "uv-first-index-lacks-version" not in signal_ids(text)


# ---- a build-tagged pin in pip's bare message -------------------------------------------------------------------------

def test_a_build_tagged_pin_cut_before_the_versions_is_the_index():
    text = ("pip install mmcv-full==latest+torch1.3.0+cpu -f https://download.openmmlab.com/mmcv/dist/index.html\n"
            "Looking in links: https://download.openmmlab.com/mmcv/dist/index.html\n"
            "ERROR: Could not find a version that satisfies the requirement mmcv-full==latest+torch1.3.0+cpu\n")
    assert "pip-build-tag-not-found-bare" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


def test_a_plain_pin_cut_before_the_versions_is_not_a_build_tag():
    text = "ERROR: Could not find a version that satisfies the requirement mmcv-full==1.7.1\n"
    assert "pip-build-tag-not-found-bare" not in signal_ids(text)


# ---- a find-links page without the wheel, then a source build --------------------------------------------------------

@pytest.mark.parametrize("text", [
    "pip install mmcv-full==1.4 -f https://download.openmmlab.com/mmcv/dist/cu113/torch1.11.0/index.html\n"
    "Collecting mmcv-full==1.4\n  Downloading mmcv-full-1.4.0.tar.gz (401 kB)\n"
    "ERROR: Command errored out with exit status 1: /usr/bin/python3 -u -c 'import setuptools' install\n",
    "Looking in links: https://data.pyg.org/whl/torch-2.1.0+cu121.html\nCollecting torch-scatter\n"
    "  Using cached torch_scatter-2.1.2.tar.gz (108 kB)\nBuilding wheels for collected packages: torch-scatter\n"
    "  Building wheel for torch-scatter (setup.py) ... error\n  ERROR: Failed building wheel for torch-scatter\n",
])
def test_a_find_links_page_then_a_failed_source_build_is_the_page(text):
    assert "find-links-page-source-build" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    # a failed build with no page of prebuilt wheels named
    "pip install mmcv-full==1.4\nERROR: Command errored out with exit status 1: /usr/bin/python3 setup.py install\n",
    # the page named, and the wheel found on it
    "Looking in links: https://data.pyg.org/whl/torch-2.1.0+cu121.html\nCollecting torch-scatter\n"
    "  Downloading https://data.pyg.org/whl/torch-2.1.0%2Bcu121/torch_scatter-2.1.2%2Bpt21cu121-cp310-cp310-"
    "linux_x86_64.whl (10.8 MB)\nSuccessfully installed torch-scatter-2.1.2+pt21cu121\n",
])
def test_no_page_or_no_failed_build_is_not_the_page(text):
    assert "find-links-page-source-build" not in signal_ids(text)


def test_words_calling_a_build_tagged_torch_gone_from_pypi_leave_pips_reading():
    # +cuXXX builds were never on PyPI: the words mistake it, and the release's own reading stands
    text = ("torch==2.0.1+cu117 is no longer on PyPI, the earliest available seems to be 2.2.0.\n"
            "ERROR: Could not find a version that satisfies the requirement torch==2.0.1+cu117 (from versions: "
            "2.2.0, 2.2.1, 2.2.2)\nERROR: No matching distribution found for torch==2.0.1+cu117\n")
    assert "pypi-release-deleted" not in signal_ids(text)


# ---- dev reports ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "8200-mmsegmentation-447-mmcv-full-latest-torch130-cpu-missing.txt",
    "8202-tensorrt-3759-windows-pip-tensorrt-libs-861.txt",
    "8205-lmdeploy-2286-macbook-m1-pip-install-from-versions-none.txt",
    "8211-tuna-1425-mirror-missing-new-release-cyansdk.txt",
    "8212-termplotlib-19-old-release-deleted-asciiplotlib-015.txt",
    "8214-pymupdf-342-older-releases-missing-pypi.txt",
    "8215-packaging-problems-158-manylinux-only-wheel-not-found.txt",
    "8219-uv-2840-extra-index-url-torch-cpu-filelock-not-found.txt",
    "8201-mmcv-2068-mmcv-full-14-cu113-torch111-source-build.txt",
])
def test_dev_reports_of_an_index_gap(name):
    assert report_categories(name)[:1] == ["pip_index"]


@pytest.mark.parametrize("name", [
    "8220-kernl-282-requires-python-39-only-python-3810.txt",
    "8224-bytewax-376-python-312-only-old-versions-listed.txt",
    "8232-mindsearch-34-lmdeploy-023-python-312-sjtu-mirror.txt",
])
def test_dev_reports_of_a_python_gap_stay_so(name):
    assert report_categories(name)[:1] == ["python_unsupported"]
