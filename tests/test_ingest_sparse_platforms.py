"""pip offered nothing on a platform PyPI holds few compiled wheels for (32-bit ARM Linux, musl Linux): the index's
gap, not the Python's (ingest.sparse_platforms, compat/package_platforms.toml [[sparse_platforms]]). Small pastes
written here, with ones it must leave alone, through the same pipeline as `check --from`, and the dev report of it."""

import pytest

from pasted import check_categories, check_findings, report_findings
from yolodoctor.facts.model import Facts
from yolodoctor.ingest.sparse_platforms import paste_platform

_NONE = ("ERROR: Could not find a version that satisfies the requirement {name} (from versions: none)\n"
         "ERROR: No matching distribution found for {name}\n")


@pytest.mark.parametrize("machine", [
    "$ uname -m\narmv7l\n",
    "Raspberry Pi 3, Raspbian Buster (armhf)\n",
    "Architecture: ARM32 on a Pi 2\n",
    "FROM python:3.10-alpine\n",
    "Running in an Alpine container (musl libc)\n",
])
def test_nothing_offered_on_a_sparse_platform_is_the_index(machine):
    findings = check_findings(machine + "$ pip install onnxruntime\n" + _NONE.format(name="onnxruntime"))
    assert findings[0]["category"] == "pip_index"
    assert "compat/package_platforms.toml" in " ".join(findings[0]["evidence"])
    assert "python_unsupported" in [f["category"] for f in findings[1:]]


def test_torch_placeholders_alone_on_alpine_are_the_platform_filed_as_no_torch_for_this_interpreter():
    text = ("docker run -it python:3.7-alpine sh\n/ # pip3.7 install torch==1.4.0\n"
            "ERROR: Could not find a version that satisfies the requirement torch==1.4.0 (from versions: 0.1.2, "
            "0.1.2.post1, 0.1.2.post2)\nERROR: No matching distribution found for torch==1.4.0\n")
    first = check_findings(text)[0]
    assert first["category"] == "python_unsupported"
    assert "musl Linux (Alpine)" in first["title"]


@pytest.mark.parametrize("text", [
    # pip says releases were set aside for another Python: the Python is the gap there too
    "$ uname -m\narmv7l\n"
    "INFO: pip is looking at multiple versions of mypkg\n"
    "ERROR: Ignored the following versions that require a different python version: 1.0 Requires-Python >=3.11\n"
    + _NONE.format(name="mypkg"),
    # a list of versions that is not empty: pip found releases for this machine
    "FROM python:3.11-alpine\n"
    "ERROR: Could not find a version that satisfies the requirement numpy==9.0 (from versions: 1.26.0, 1.26.4)\n",
    # a wheel's name that lists a platform tag says nothing of this machine
    "Skipping link: none of the wheel's tags match: cp39-cp39-musllinux_1_1_x86_64: https://example.org/x.whl\n"
    + _NONE.format(name="onnxruntime"),
])
def test_the_python_or_a_listing_is_left_alone(text):
    assert not any("few compiled wheels" in f["title"] for f in check_findings(text))


def test_a_python_set_aside_on_a_pi_stays_the_python():
    text = ("$ uname -m\narmv7l\n"
            "ERROR: Ignored the following versions that require a different python version: 1.0 Requires-Python >=3.11\n"
            + _NONE.format(name="mypkg"))
    assert check_categories(text)[0] == "python_unsupported"


def test_a_listing_names_no_platform():
    assert paste_platform(Facts(), [(1, "Skipping link: none of the wheel's tags match: cp39-musllinux_1_1_x86_64")]) \
        is None
    assert paste_platform(Facts(), [(2, "uname -m says armv7l")])[0] == "linux-armv7"


def test_the_facts_name_the_platform():
    facts = Facts()
    facts.host.arch = "armv7l"
    assert paste_platform(facts, [])[0] == "linux-armv7"


def test_without_a_sparse_platform_nothing_offered_stays_as_before():
    assert check_categories(_NONE.format(name="onnxruntime"))[0] == "python_unsupported"


def test_the_dev_report_of_torch_on_alpine_names_the_platform():
    first = report_findings("4207-docker-python-341-alpine-torch-placeholder-sdist.txt")[0]
    assert first["category"] == "python_unsupported" and "Alpine" in first["title"]
