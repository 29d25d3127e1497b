"""A release (or a downloaded wheel) built for a newer glibc than the paste's system has: the platform's gap, not the
Python's (ingest.glibc_floor, compat/package_platforms.toml [[glibc_floors]] and [[distribution_glibc]]). Small pastes
written here, with ones it must leave alone, through the same pipeline as `check --from`, and the dev reports."""

import pytest
from packaging.version import Version

from pasted import check_categories, check_findings, report_categories
from yolodoctor.ingest.glibc_floor import floor_of, paste_glibc

_ONNX_GPU = ("ERROR: Could not find a version that satisfies the requirement onnxruntime-gpu==1.18.0 "
             "(from versions: none)\nERROR: No matching distribution found for onnxruntime-gpu==1.18.0\n")


@pytest.mark.parametrize("system", [
    "System: CentOS Linux release 7.9.2009 (Core)\n",
    "$ ldd --version\nldd (GNU libc) 2.17\n",
    "     virtual packages : __glibc=2.17=0\n",
    "FROM centos:7\n",
    "OS: Ubuntu 18.04.6 LTS\n",
])
def test_a_release_built_for_a_newer_glibc_is_the_platform(system):
    findings = check_findings(system + _ONNX_GPU)
    assert findings[0]["category"] == "pip_index"
    assert "glibc" in findings[0]["title"] and "2.28" in findings[0]["title"]


def test_torch_from_2_7_on_centos_7():
    text = ("$ cat /etc/redhat-release\nCentOS Linux release 7.9.2009 (Core)\n$ pip install torch==2.7.1\n"
            "ERROR: Could not find a version that satisfies the requirement torch==2.7.1 (from versions: 2.5.1, 2.6.0)\n")
    assert check_categories(text)[0] == "pip_index"


@pytest.mark.parametrize("text", [
    # a glibc new enough for the release
    "OS: Ubuntu 22.04 LTS, ldd (GNU libc) 2.35\n" + _ONNX_GPU,
    # an older release, built for glibc 2.17
    "CentOS Linux release 7.9.2009 (Core)\nERROR: Could not find a version that satisfies the requirement "
    "onnxruntime-gpu==1.16.3 (from versions: none)\n",
    # no system named
    _ONNX_GPU,
    # a package the table does not know
    "CentOS Linux release 7.9.2009 (Core)\nERROR: Could not find a version that satisfies the requirement "
    "mypkg==3.0 (from versions: 1.0, 2.0)\n",
])
def test_otherwise_the_glibc_says_nothing(text):
    assert not any("glibc" in f["title"] for f in check_findings(text))


def test_a_refused_wheel_tagged_for_a_newer_glibc():
    text = ("On CentOS 7:\n$ pip install ale_py-0.8.0-cp310-cp310-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl\n"
            "ERROR: ale_py-0.8.0-cp310-cp310-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl is not a supported wheel "
            "on this platform.\n")
    first = check_findings(text)[0]
    assert first["category"] == "pip_index" and "2.27" in first["title"]


def test_a_refused_wheel_whose_tags_fit_the_glibc_is_left_to_the_other_readings():
    text = ("On CentOS 7:\nERROR: foo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl is not a "
            "supported wheel on this platform.\n")
    assert not any("glibc" in f["title"] for f in check_findings(text))


def test_the_table_reads_each_package_from_its_release():
    assert floor_of("torch", "2.6.0") is None
    assert floor_of("torch", "2.7.0") == Version("2.28")
    assert floor_of("onnxruntime-gpu", "1.18.0") == Version("2.28")
    assert floor_of("onnxruntime-gpu", "1.18.1") == Version("2.27")
    assert floor_of("numpy", "not a version") is None


def test_the_glibc_a_paste_states_beats_the_distribution_it_names():
    glibc, _ = paste_glibc([(1, "Ubuntu 18.04 host"), (2, "ldd (GNU libc) 2.31")])
    assert glibc == Version("2.31")
    assert paste_glibc([(3, "Amazon Linux 2023")]) is None
    assert paste_glibc([(4, "Amazon Linux 2")])[0] == Version("2.26")


@pytest.mark.parametrize("name", ["11202-cosyvoice-969-centos7-mirror-onnxruntime-gpu.txt",
                                  "15100-ale-py-478-centos7-manylinux-2-27-wheel.txt"])
def test_the_dev_reports(name):
    assert report_categories(name)[0] == "pip_index"
