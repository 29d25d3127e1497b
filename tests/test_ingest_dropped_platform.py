"""A release newer than the last one a package built for the paste's platform (torch after 2.2.2 on an Intel Mac):
no Python there has it (ingest.dropped_platform, compat/package_platforms.toml [[platform_last_release]])."""

import pytest

from pasted import check_findings, report_findings

_TORCH_230 = ("ERROR: Could not find a version that satisfies the requirement torch==2.3.0 (from versions: 2.0.0, "
              "2.0.1, 2.1.0, 2.1.2, 2.2.0, 2.2.1, 2.2.2)\nERROR: No matching distribution found for torch==2.3.0\n")


def test_pips_list_stopping_at_the_last_intel_mac_release_names_the_platform():
    first = check_findings(_TORCH_230)[0]
    assert first["category"] == "python_unsupported"
    assert "Intel macOS" in first["title"] and "2.2.2" in first["fix"]


def test_an_intel_mac_named_beside_a_list_that_stops_elsewhere():
    text = ("MacBook Pro 2019, Intel Core i7 (x86_64), macOS 13\n"
            "ERROR: Could not find a version that satisfies the requirement torch==2.5.1 (from versions: 2.1.0, 2.2.0)\n")
    assert "Intel macOS" in check_findings(text)[0]["title"]


@pytest.mark.parametrize("text", [
    # the list goes beyond the last Intel-Mac release: this is no Intel Mac
    "ERROR: Could not find a version that satisfies the requirement torch==2.9.0 (from versions: 2.2.2, 2.3.0, 2.4.0)\n",
    # a pin at or below the last release
    "ERROR: Could not find a version that satisfies the requirement torch==2.2.2 (from versions: 1.13.1, 2.0.0)\n",
    # an Apple-silicon Mac
    "MacBook Air M2 (arm64)\nERROR: Could not find a version that satisfies the requirement torch==2.5.1 "
    "(from versions: 2.1.0, 2.2.0)\n",
])
def test_otherwise_nothing_is_said_of_the_platform(text):
    assert not any("Intel macOS" in f["title"] for f in check_findings(text))


def test_the_dev_report():
    first = report_findings("15104-pytorch-127870-torch-230-macos-x86-64-missing.txt")[0]
    assert first["category"] == "python_unsupported" and "Intel macOS" in first["title"]
