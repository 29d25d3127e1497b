"""Package index and unsupported Python, fifteenth round: a PyPI mirror said in other words to lack what PyPI has
("out of sync with PyPI", "still does not serve it", "is not on the TUNA mirror", "has no rc versions"), pip's
certificate message broken across console lines, a Python's missing wheels said as a contrast of two Pythons or as a
request for them, decord's platforms (no Apple silicon build), and a Windows shell prompt naming the platform. Small
pastes written here, with ones each must not fire on, through the same pipeline as `check --from`, and dev reports
of each.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids
from yolodoctor.ingest.torch_swap import windows_named


def numbered(text):
    return list(enumerate(text.splitlines(), 1))


# ---- a PyPI mirror that lacks what PyPI has ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "https://pypi.tuna.tsinghua.edu.cn/simple/ta/ is out of sync with pypi",
    "The index at mirrors.example.org is not in sync with the official PyPI.",
    "Two weeks later the tuna mirror still does not serve it.",
    "The package was published on the 16th and is still not on the tuna mirror.",
    "uvloop on the BFSU pypi mirror has no rc versions",
    "our company mirror lacks the latest release of onnx",
])
def test_a_mirror_said_to_lack_what_pypi_has_is_the_index(text):
    assert "pypi-mirror-behind" in signal_ids(text)
    assert check_categories(text)[:1] == ["pip_index"]


@pytest.mark.parametrize("text", [
    # the mirror works, or the words are about something else
    "the tuna mirror serves it fine now",
    "I use the aliyun mirror and it installed",
    "the two threads are out of sync with each other",
    "the mirror has a new name since last year",
    "the clock is out of sync",
])
def test_a_working_mirror_or_other_sync_words_are_not_a_mirror_behind(text):
    assert "pypi-mirror-behind" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "10208-tuna-2061-mirror-new-package-not-synced.txt",
    "10217-tuna-467-mirror-behind-pypi.txt",
    "10218-tuna-791-bfsu-missing-rc-versions.txt",
])
def test_mirror_reports_rank_the_index_first(name):
    assert report_categories(name)[:1] == ["pip_index"]


# ---- pip's certificate message broken across lines -----------------------------------------------------------------

WRAPPED = """C:\\Users\\ff>pip install numpy
Collecting numpy
  Could not fetch URL https://pypi.python.org/simple/numpy/: There was a problem
 confirming the ssl certificate: [SSL: CERTIFICATE_VERIFY_FAILED] certificate ve
rify failed (_ssl.c:749) - skipping
  Could not find a version that satisfies the requirement numpy (from versions:
)
No matching distribution found for numpy
"""


def test_the_index_certificate_message_wrapped_by_the_console_is_read():
    assert "pip-index-ssl-not-confirmed" in signal_ids(WRAPPED)
    assert check_categories(WRAPPED)[:1] == ["pip_index"]


def test_the_certificate_message_of_another_tool_is_not_pips_index_message():
    text = "curl: (60) SSL certificate problem: unable to get local issuer certificate"
    assert "pip-index-ssl-not-confirmed" not in signal_ids(text)


def test_the_wrapped_certificate_report_ranks_the_index_first():
    assert report_categories("10213-compose-6062-company-ssl-inspection.txt")[:1] == ["pip_index"]


# ---- a Python's missing wheels, as a contrast or a request ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "There are wheels for 3.12 but nothing for 3.13, so the install fails there.",
    "cp311 wheels but none for cp312 on PyPI",
    "Could there be a wheel for Python 3.13?",
    "Could you please provide wheels for Python 3.12?",
    "please publish wheels for python 3.13",
])
def test_a_pythons_missing_wheels_said_as_a_contrast_or_a_request_is_the_python(text):
    assert "python-wheels-missing-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["python_unsupported"]


@pytest.mark.parametrize("text", [
    # a platform's build, not the Python's
    "Could you provide wheels for Python 3.8 on Windows?",
    "There are wheels for 3.12 but nothing for 3.13 on macOS",
    # wheels that exist
    "There are wheels for 3.12 and 3.13 on PyPI.",
    "Could you tell me which wheel for Python 3.10 to pick?",
])
def test_a_platforms_gap_or_existing_wheels_are_not_a_pythons_missing_wheels(text):
    assert "python-wheels-missing-in-words" not in signal_ids(text)


def test_the_python_313_wheel_request_report_ranks_the_python_first():
    assert report_categories("10239-george-195-no-python313-wheel.txt")[:1] == ["python_unsupported"]


# ---- decord on a Mac -----------------------------------------------------------------------------------------------

MAC_DECORD = """CPU: Apple M4 Pro
MacOS: 15.3.1
python: 3.12.7

ERROR: Could not find a version that satisfies the requirement decord (from versions: none)
ERROR: No matching distribution found for decord
"""


def test_decord_asked_for_on_a_mac_is_the_platforms_gap():
    assert check_categories(MAC_DECORD)[:1] == ["pip_index"]


def test_decord_on_linux_x86_64_is_left_to_the_other_judgements():
    # decord has Linux x86_64 wheels: the platform explains nothing there
    text = MAC_DECORD.replace("CPU: Apple M4 Pro\nMacOS: 15.3.1", "OS: Ubuntu 22.04 x86_64")
    assert check_categories(text)[:1] == ["python_unsupported"]


@pytest.mark.parametrize("name", [
    "10226-decord-213-macos-pip-none.txt",
    "10227-decord-335-apple-m4-python312.txt",
])
def test_decord_mac_reports_rank_the_index_first(name):
    assert report_categories(name)[:1] == ["pip_index"]


# ---- a Windows shell prompt ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "PS C:\\Github\\LatentSync> miniconda3/python.exe -m pip install triton==2.2.0",
    "(venv) D:\\work\\app>python -m pip list",
    "C:\\>pip install triton",
])
def test_a_powershell_or_cmd_prompt_on_a_drive_names_windows(line):
    assert windows_named(numbered(line)) == 1


@pytest.mark.parametrize("line", [
    "if a > b: print(a)",
    "see C:\\temp\\x > y for the output",
    "user@host:~/app$ pip install triton",
])
def test_comparisons_paths_in_prose_and_posix_prompts_are_not_a_windows_prompt(line):
    assert windows_named(numbered(line)) is None


def test_triton_asked_for_at_a_windows_prompt_is_the_platforms_gap():
    text = ("PS C:\\Github\\LatentSync> miniconda3/python.exe -m pip install triton==2.2.0\n"
            "ERROR: Could not find a version that satisfies the requirement triton==2.2.0 (from versions: none)\n"
            "ERROR: No matching distribution found for triton==2.2.0\n")
    assert check_categories(text)[:1] == ["pip_index"]
    assert report_categories("10221-latentsync-55-triton-220-windows.txt")[:1] == ["pip_index"]
