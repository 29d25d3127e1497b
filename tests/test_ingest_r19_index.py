"""Package indexes against unsupported Pythons, nineteenth round: a nightly (tb-nightly) of which pip found no
release at all while it set aside other packages' releases for requiring another Python. pip's "Ignored the following
versions that require a different python version" lists the releases of every package it looked at; a nightly's
releases carry their build date, so where none of those versions does, the Python refused none of the nightly's and
the index searched (a mirror that leaves nightlies out) lacks it. A title retelling pip's last line above that message
reads the same. Small pastes written here, with ones that must keep the Python's reading, through the same pipeline as
`check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, check_findings, report_categories

_SET_ASIDE = ("ERROR: Ignored the following versions that require a different python version: 1.6.2 Requires-Python "
              ">=3.7,<3.10; 1.6.3 Requires-Python >=3.7,<3.10; 1.7.0 Requires-Python >=3.7,<3.10; 1.7.1 Requires-Python "
              ">=3.7,<3.10\n")
_NONE = ("ERROR: Could not find a version that satisfies the requirement tb-nightly (from gfpgan) (from versions: none)\n"
         "ERROR: No matching distribution found for tb-nightly\n")


@pytest.mark.parametrize("text", [
    _SET_ASIDE + _NONE,
    # the mirror named: the same
    "Looking in indexes: https://pypi.tuna.tsinghua.edu.cn/simple\n" + _SET_ASIDE + _NONE,
    # pip's own wording for a package asked for directly, and another nightly
    "ERROR: Ignored the following versions that require a different python version: 1.11.0 Requires-Python <3.13,>=3.9; "
    "1.11.1 Requires-Python <3.13,>=3.9\n"
    "ERROR: Could not find a version that satisfies the requirement tf-nightly (from versions: none)\n"
    "ERROR: No matching distribution found for tf-nightly\n",
])
def test_a_nightly_none_of_whose_releases_was_set_aside_is_the_index(text):
    assert check_categories(text)[0] == "pip_index"


def test_the_reading_says_what_the_index_lacks():
    first = check_findings(_SET_ASIDE + _NONE)[0]
    assert first["category"] == "pip_index"
    assert "tb-nightly" in first["title"] and "nightly" in first["title"]


def test_a_title_retelling_pip_s_last_line_reads_the_same():
    text = ("AutoDl云端运行webui报错：No matching distribution found for tb-nightly\n\n运行webui报错信息：\n"
            "stderr: " + _SET_ASIDE + _NONE)
    assert check_categories(text)[:2] == ["pip_index", "python_unsupported"]


@pytest.mark.parametrize("text", [
    # the nightly's own dated releases were set aside: the Python refused them
    "ERROR: Ignored the following versions that require a different python version: 2.14.0a20230806 Requires-Python "
    ">=3.9; 2.15.0a20230902 Requires-Python >=3.9\n" + _NONE,
    # a package that is no nightly: pip's set-aside line keeps the Python's reading
    _SET_ASIDE + "ERROR: Could not find a version that satisfies the requirement chai_lab (from versions: none)\n"
    "ERROR: No matching distribution found for chai_lab\n",
])
def test_the_python_reading_stands_where_the_nightly_was_refused_or_the_package_is_no_nightly(text):
    assert check_categories(text)[0] == "python_unsupported"


def test_pypi_itself_searched_is_not_read_as_lacking_the_nightly():
    text = "Looking in indexes: https://pypi.org/simple\n" + _SET_ASIDE + _NONE
    assert check_findings(text)[0]["title"].find("does not carry") < 0


def test_without_a_set_aside_line_the_existing_reading_stands():
    # no Python was refused anything: the dependency's own reading (the index) stands, as before
    assert check_categories(_NONE)[0] == "pip_index"


@pytest.mark.parametrize("name", [
    "14200-invokeai-3560-tb-nightly-tuna-mirror.txt",
    "14202-deep-live-cam-204-tb-nightly-requirements.txt",
    "14206-easyphoto-141-autodl-tb-nightly-cn.txt",
])
def test_dev_reports(name):
    assert report_categories(name)[0] == "pip_index"
