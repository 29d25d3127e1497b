"""Package indexes against unsupported Pythons, seventeenth round: conda's package and channel messages for any
package (not in the channels for this platform, a channel the mirror does not serve, a package file gone), pip
skipping a page served as XML or a binary stream, uv's --torch-backend sending a package to the PyTorch index alone,
pip's TLS failure while downloading a package file, an index URL that is PyPI's project address or plain http without
--trusted-host, and the words saying the packages need a newer Python. Small pastes written here, with ones each must
not fire on, through the same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- conda: a package of any name not in the channels, a channel not served, a file gone ----------------------------

@pytest.mark.parametrize("text", [
    "conda install pytorch3d==0.7.4 -c pytorch3d\nPlatform: win-64\nSolving environment: failed\n\n"
    "PackagesNotFoundError: The following packages are not available from current channels:\n\n  - pytorch3d==0.7.4\n",
    "ResolvePackageNotFound:\n  - detectron2=0.6\n",
])
def test_a_package_not_in_the_channels_is_the_index(text):
    assert "conda-package-not-in-channels" in signal_ids(text)
    assert check_categories(text)[0] == "pip_index"


def test_solver_conflicts_are_not_a_missing_package():
    text = ("UnsatisfiableError: The following specifications were found to be incompatible with the existing "
            "python installation in your environment:\n\nSpecifications:\n\n  - pytorch3d -> python[version='>=3.8,<3.9']\n")
    assert "conda-package-not-in-channels" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "UnavailableInvalidChannel: HTTP 404 NOT FOUND for channel nvidia <http://mirrors.tuna.tsinghua.edu.cn/anaconda/nvidia>\n\n"
    "The channel is not accessible or is invalid.\n",
    "UnavailableInvalidChannel: The channel is not accessible or is invalid.\n  channel name: nvidia\n  error code: 404\n",
])
def test_a_channel_the_configured_url_does_not_serve_is_the_index(text):
    assert "conda-channel-not-served" in signal_ids(text)
    assert check_categories(text)[0] == "pip_index"


@pytest.mark.parametrize("text", [
    "CondaHTTPError: HTTP 404 NOT FOUND for url https://conda.anaconda.org/pytorch/linux-64/"
    "pytorch-0.4.0-py36_cuda8.0.61_cudnn7.1.2_1.tar.bz2\nElapsed: 00:05.193016\n",
    "CondaHTTPError: HTTP 404 NOT FOUND for url <https://mirrors.example.edu.cn/anaconda/pkgs/main/win-64/"
    "zlib-1.2.13-h8cc25b3_1.conda>\n",
])
def test_a_package_file_the_channel_no_longer_serves_is_the_index(text):
    assert "conda-package-file-not-served" in signal_ids(text)
    assert check_categories(text)[0] == "pip_index"


@pytest.mark.parametrize("text", [
    # the network, not the file: no 404
    "CondaHTTPError: HTTP 000 CONNECTION FAILED for url <https://conda.anaconda.org/pytorch/linux-64/"
    "pytorch-2.0.1-py3.10_cuda11.8_cudnn8.7.0_0.tar.bz2>\n",
    # a 404 for the channel's index is the channel reading, not a file gone
    "CondaHTTPError: HTTP 404 NOT FOUND for url <https://conda.anaconda.org/foo/linux-64/repodata.json>\n",
])
def test_other_conda_http_errors_are_not_a_file_gone(text):
    assert "conda-package-file-not-served" not in signal_ids(text)


# ---- pip skipping a page served as XML or a binary stream ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "SVNIndexXSLT Skipping page because of Content-Type: text/xml\n",
    "  Skipping page https://download.pytorch.org/whl/cu80/stable.html because the GET request got Content-Type: "
    "binary/octet-stream\n",
])
def test_a_page_of_another_content_type_is_the_index(text):
    assert "pip-index-page-wrong-content-type" in signal_ids(text)
    assert check_categories(text)[0] == "pip_index"


def test_a_page_skipped_as_html_is_not_read():
    assert "pip-index-page-wrong-content-type" not in signal_ids("Skipping page because of Content-Type: text/html\n")


# ---- uv's --torch-backend and a release the PyTorch index lacks --------------------------------------------------

def test_torch_backend_and_no_version_is_the_index():
    text = ("> uv pip install torchdata==0.11 --torch-backend=cpu\n"
            "  × No solution found when resolving dependencies:\n"
            "  ╰─▶ Because there is no version of torchdata==0.11 and you require torchdata==0.11, we can conclude "
            "that\n      your requirements are unsatisfiable.\n")
    assert "uv-torch-backend-lacks-version" in signal_ids(text)
    assert check_categories(text)[0] == "pip_index"


def test_torch_backend_with_an_abi_gap_is_not_the_index_reading():
    text = ("uv pip install torch==2.1.0 --torch-backend=cu121\n"
            "  ╰─▶ Because torch==2.1.0 has no wheels with a matching Python ABI tag (e.g., `cp313`) and you require "
            "torch==2.1.0, we can conclude that your requirements are unsatisfiable.\n")
    assert "uv-torch-backend-lacks-version" not in signal_ids(text)


# ---- pip's TLS failure while downloading a package file ------------------------------------------------------------

def test_tls_failure_on_a_package_file_is_the_index():
    text = ("ERROR: Could not install packages due to an OSError: HTTPSConnectionPool(host='files.pythonhosted.org', "
            "port=443): Max retries exceeded with url: /packages/04/6e/650bb7f28f771af0cb791b02348db8b7f5f64f40f6829ee"
            "82aa6ce99aabe/torch-2.8.0-cp313-none-macosx_11_0_arm64.whl.metadata (Caused by SSLError(SSLCertVerification"
            "Error('“default.ssl.fastly.net” certificate name does not match input')))\n")
    assert "pip-package-download-tls-failed" in signal_ids(text)
    assert check_categories(text)[0] == "pip_index"


@pytest.mark.parametrize("text", [
    # a model download, not a package: the network reading stands
    "requests.exceptions.SSLError: HTTPSConnectionPool(host='github.com', port=443): Max retries exceeded with url: "
    "/ultralytics/assets/releases/download/v8.3.0/yolo11n.pt (Caused by SSLError(SSLCertVerificationError(1, "
    "'[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed')))\n",
    # pip's OSError without TLS in it (a full disk) is another cause
    "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n",
])
def test_other_tls_and_oserror_lines_are_not_the_package_download(text):
    assert "pip-package-download-tls-failed" not in signal_ids(text)


# ---- an index URL that is PyPI's project address, or plain http without --trusted-host ------------------------------

def test_pypi_project_address_as_the_index_is_the_index():
    text = ('$ pip install ipython==7.0.2 --index-url="https://pypi.org/pypi/"\nLooking in indexes: https://pypi.org/pypi/\n'
            "Collecting ipython==7.0.2\n  Could not find a version that satisfies the requirement ipython==7.0.2 "
            "(from versions: 7.2.0)\nNo matching distribution found for ipython==7.0.2\n")
    assert "index-url-not-simple-api" in signal_ids(text)
    assert check_categories(text)[0] == "pip_index"


@pytest.mark.parametrize("text", [
    "Looking in indexes: https://pypi.org/simple, https://download.pytorch.org/whl/cu121\n",
    "See https://pypi.org/pypi/torch/json for the list of files.\n",
])
def test_the_simple_index_or_a_project_link_is_not_read(text):
    assert "index-url-not-simple-api" not in signal_ids(text)


def test_an_http_index_without_trusted_host_is_the_index():
    text = ("pip install sqlmap -i http://pypi.foo.com/simple/\n"
            "Could not find a version that satisfies the requirement sqlmap (from versions: )\n"
            "No matching distribution found for sqlmap\n")
    assert "index-url-http-untrusted" in signal_ids(text)
    assert check_categories(text)[0] == "pip_index"


@pytest.mark.parametrize("text", [
    "pip install sqlmap -i http://pypi.foo.com/simple/ --trusted-host pypi.foo.com\n"
    "Could not find a version that satisfies the requirement sqlmap (from versions: )\n",
    "pip install foo -i http://localhost:8080/simple/\n"
    "Could not find a version that satisfies the requirement foo (from versions: )\n",
    "pip install foo -i https://pypi.foo.com/simple/\n"
    "Could not find a version that satisfies the requirement foo (from versions: )\n",
])
def test_a_trusted_local_or_https_index_is_not_read(text):
    assert "index-url-http-untrusted" not in signal_ids(text)


# ---- the words saying the packages need a newer Python ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "when pip install -r requirements.txt, some pkgs need python 3.9. the python of your project is python3.8?\n",
    "it keeps telling me your pipfile requires python 3.9 but you are running 3.8 I dunno how to fix this.\n",
    "Complete Logs: it is telling cant find version for your python\n",
])
def test_words_saying_the_packages_need_a_newer_python(text):
    assert "python-version-required-in-words" in signal_ids(text)
    assert check_categories(text)[0] == "python_unsupported"


@pytest.mark.parametrize("text", [
    # a project's statement of what it needs, with nothing failing
    "This project requires Python 3.8 or later.\n",
    # pip's own metadata lines are other signatures
    "ERROR: Ignored the following versions that require a different python version: 0.1.0 Requires-Python >=3.9\n",
    "Requires-Python >=3.9\n",
])
def test_statements_and_pip_metadata_are_not_the_words(text):
    assert "python-version-required-in-words" not in signal_ids(text)


# ---- dev reports -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("12205-sugar-55-conda-pytorch3d-win64.txt", "pip_index"),
    ("12206-setiastro-9-tls-mismatch-pythonhosted.txt", "pip_index"),
    ("12207-uv-18699-torchdata-torch-backend-cpu.txt", "pip_index"),
    ("12209-acezero-28-tuna-nvidia-channel-404.txt", "pip_index"),
    ("12227-deeprule-36-conda-pytorch040-file-404.txt", "pip_index"),
    ("12231-pip-3391-find-links-svn-page-text-xml.txt", "pip_index"),
    ("12201-pip-3925-http-private-mirror-untrusted.txt", "pip_index"),
    ("12202-pip-6269-pypi-json-endpoint-as-index.txt", "pip_index"),
    ("12222-poseformerv2-13-py38-packages-need-39.txt", "python_unsupported"),
    ("12224-fairgame-785-pipfile-requires-39.txt", "python_unsupported"),
    ("12215-mediapipe-5809-win-py3131-prose.txt", "python_unsupported"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[0] == category
