"""conda's and mamba's words for "this channel does not serve that" and "no build for this Python", read from
pastes written for the two entries (compat/error_signatures.toml), with pastes they must not fire on."""

from tests.pasted import check_categories, signal_ids


def test_a_channel_url_that_answers_404_is_the_channel_configuration():
    classic = """Collecting package metadata (current_repodata.json): failed

CondaHTTPError: HTTP 404 NOT FOUND for url <https://mirror.example.edu/anaconda/cloud/pytorch/linux-64/current_repodata.json>
Elapsed: 00:00.021"""
    mamba = "error    libmamba Transfer finalized, status: 404 [https://mirror.example.edu/anaconda/nvidia/linux-64/repodata.json] 153 bytes"
    invalid = "UnavailableInvalidChannel: The channel is not accessible or is invalid.\n  channel name: pytorch\n  error code: 404"
    for paste in (classic, mamba, invalid):
        assert "conda-channel-not-served" in signal_ids(paste), paste
        assert check_categories(paste)[0] == "pip_index"


def test_a_channel_that_cannot_be_reached_is_not_a_missing_channel():
    offline = """CondaHTTPError: HTTP 000 CONNECTION FAILED for url <https://conda.anaconda.org/pytorch/linux-64/current_repodata.json>
Elapsed: -

An HTTP error occurred when trying to retrieve this URL."""
    assert "conda-channel-not-served" not in signal_ids(offline)
    # a 404 for a package file (a cache or a yanked build), not the channel's index
    package = "CondaHTTPError: HTTP 404 NOT FOUND for url <https://conda.anaconda.org/pytorch/linux-64/pytorch-1.9.0-py3.9.tar.bz2>"
    assert "conda-channel-not-served" not in signal_ids(package)


def test_no_build_of_the_release_for_the_environments_python():
    classic = """UnsatisfiableError: The following specifications were found
to be incompatible with the existing python installation in your environment:

Specifications:

  - torchvision==0.8.2 -> python[version='>=3.6,<3.7.0a0|>=3.7,<3.8.0a0|>=3.8,<3.9.0a0']

Your python: python=3.10"""
    libmamba = """LibMambaUnsatisfiableError: Encountered problems while solving:
  - package pytorch-1.13.1-py3.9_cuda11.7_cudnn8.5.0_0 requires python >=3.9,<3.10.0a0, but none of the providers can be installed"""
    provides = "  - nothing provides python >=3.8,<3.9.0a0 needed by torchvision-0.9.1-py38_cu111"
    for paste in (classic, libmamba, provides):
        assert "conda-no-build-for-this-python" in signal_ids(paste), paste
        categories = check_categories(paste)
        assert categories[0] == "python_unsupported" and "pip_index" in categories[:3]


def test_other_packages_needing_another_python_are_not_this_entry():
    # libmamba about conda's own package in the base environment: nothing to do with torch's builds
    base = "  - package conda-23.11.0-py311h06a4308_0 requires python >=3.11,<3.12.0a0, but none of the providers can be installed"
    assert "conda-no-build-for-this-python" not in signal_ids(base)
    # the specs conflicting with each other (not with the Python) are not this message either
    each_other = "UnsatisfiableError: The following specifications were found to be incompatible with each other:"
    assert "conda-no-build-for-this-python" not in signal_ids(each_other)


def test_an_index_that_lists_a_file_it_will_not_serve():
    got = "  ERROR: HTTP error 404 while getting https://mirror.example.org/packages/torch/2.5.1/torch-2.5.1-cp311-cp311-" \
          "manylinux1_x86_64.whl (from https://mirror.example.org/simple/torch/)"
    refused = "ERROR: Could not install requirement torch==2.5.1 from https://proxy.example.org/t.whl because of HTTP " \
              "error 403 Client Error: Forbidden for url: https://proxy.example.org/t.whl"
    for paste in (got, refused):
        assert "pip-index-file-not-served" in signal_ids(paste), paste
        assert check_categories(paste)[0] == "pip_index"
    # a server error, or a 404 for a page that is not a file pip was getting, is not this message
    assert "pip-index-file-not-served" not in signal_ids("ERROR: HTTP error 500 while getting https://x.example/t.whl")
    assert "pip-index-file-not-served" not in signal_ids("curl: (22) The requested URL returned error: 404")


def test_conda_env_create_wording_of_a_missing_package():
    paste = "conda env create -f environment.yml\n\nResolvePackageNotFound: \n  - cudatoolkit=10.0\n  - python=3.7\n"
    assert "conda-torch-not-in-channels" in signal_ids(paste)
    assert check_categories(paste)[0] == "pip_index"
    # the same wording for packages that are not torch's stays unread by this entry
    assert "conda-torch-not-in-channels" not in signal_ids("ResolvePackageNotFound: \n  - libgcc=7.2.0\n  - openssl=1.0\n")
