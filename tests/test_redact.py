"""Redaction as a component: a corpus of real credential shapes, and a property test that a planted
secret never survives any output of `check --from` (every format) nor `report`."""

import json
from pathlib import Path
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yolodoctor.report.redact import REDACTED, redact_data, redact_text, redact_url, redact_user

# (text containing a secret, the secret, what must stay readable)
CORPUS = [
    ("https://me@corp.com:S3cretPass@pypi.corp.com/simple", "S3cretPass", "pypi.corp.com/simple"),
    ("https://me@corp.com:S3cretPass@pypi.corp.com/simple", "me@corp.com", "@pypi.corp.com"),
    ("--index-url https://bob:p@ss%40w0rd@host.example/simple/ torch", "p@ss", "host.example/simple/"),
    ("https://bob:pa/ss@host.example/simple", "pa/ss", "host.example/simple"),
    ("https://__token__:pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdoLWlqa2wtbW5vcA@upload.pypi.org/", "pypi-AgEIcHlwaS5v",
     "upload.pypi.org"),
    ("http://user:secretpw@proxy.corp:3128", "secretpw", "proxy.corp:3128"),
    ("https://gitlab.example.com/api/v4/projects/1/packages/pypi/simple?private_token=glpat1234567890abcdefgh",
     "glpat1234567890abcdefgh", "gitlab.example.com/api/v4"),
    ("https://host/simple?x=1&access_token=ya29.a0AfH6SMBxyz", "ya29.a0AfH6SMBxyz", "https://host/simple?x=1"),
    ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "eyJhbGciOiJIUzI1NiJ9", "Authorization:"),
    ("curl -H 'Authorization: token ghp_abcdefghijklmnopqrstuvwxyz0123456789'", "ghp_abcdefghijklmnopqrstu", "curl"),
    ("HF_TOKEN=hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345", "hf_AbCdEfGhIjKlMnOpQrSt", "HF_TOKEN="),
    ("token hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345 was rejected", "hf_AbCdEfGhIjKlMnOpQrSt", "was rejected"),
    ("GH_TOKEN: github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP", "github_pat_11ABCDEFG", ""),
    ("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", "export"),
    ("botocore error: AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY not valid",
     "wJalrXUtnFEMI", "not valid"),
    ("GITLAB glpat-xxxxxxxxxxxxxxxxxxxx used", "glpat-xxxxxxxxxxxxxxxxxxxx", "used"),
    ("OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz012345", "sk-proj-abcdefghijklmn", "OPENAI_API_KEY"),
    ("key sk-abcdefghijklmnopqrstuvwxyz0123 leaked", "sk-abcdefghijklmnopqrstuvwxyz", "leaked"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n-----END OPENSSH PRIVATE KEY-----\nafter",
     "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU", "after"),
    ("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtruncated", "MIIEowIBAAKCAQEA", ""),
    ("machine pypi.corp.com login alice password hunter2secret", "hunter2secret", "machine pypi.corp.com"),
    ("[global]\npassword = pipconfsecret\nindex-url = https://alice:pw1234@corp/simple", "pipconfsecret", "[global]"),
    ("[global]\npassword = pipconfsecret\nindex-url = https://alice:pw1234@corp/simple", "pw1234", "corp/simple"),
    ('{"password": "jsonsecret1", "user": "x"}', "jsonsecret1", '"user": "x"'),
    ("PIP_PASSWORD='quoted secret'", "quoted", "PIP_PASSWORD"),
    ("WANDB_API_KEY=0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123", "WANDB_API_KEY"),
]

# Text that holds no secret and must come out unchanged.
UNCHANGED = [
    "torch @ git+https://github.com/pytorch/pytorch.git@v2.5.1",
    "https://download.pytorch.org/whl/cu124",
    "tokenizers==0.19.1",
    "transformers==4.44.0 keyring==24.3.1",
    "Is debug build: False",
    "PWD=/home/alice/project",
    "https://host:8080/path@v1",
]


@pytest.mark.parametrize("text,secret,kept", CORPUS, ids=[c[0][:40] for c in CORPUS])
def test_corpus_secret_is_removed_and_the_rest_kept(text, secret, kept):
    out = redact_text(text)
    assert secret not in out
    assert REDACTED in out
    assert kept in out


@pytest.mark.parametrize("text", UNCHANGED)
def test_text_without_a_secret_is_unchanged(text):
    assert redact_text(text) == text


def test_url_and_data_helpers_keep_their_names():
    assert redact_url("https://u:pw@h/simple") == "https://***@h/simple"
    assert redact_url(None) is None
    data = redact_data({"env": {"HF_TOKEN": "plain-looking-value"}, "urls": ["https://u:pw@h/"], "n": 1})
    assert data == {"env": {"HF_TOKEN": REDACTED}, "urls": ["https://***@h/"], "n": 1}


def test_redact_user_inside_longer_path_components():
    text = "/home/alice/x /scratch/alice_runs/y /tmp/venv-alice/bin alicerton"
    out = redact_user(text, "/home/alice", "alice")
    assert out == "~/x /scratch/<user>_runs/y /tmp/venv-<user>/bin alicerton"


SECRETS = st.sampled_from([
    "hf_" + "Q" * 30, "ghp_" + "Z" * 36, "glpat-" + "k" * 20, "AKIAABCDEFGHIJKLMNOP", "sk-" + "w" * 30,
])
PLACES = st.sampled_from([
    "https://me@corp.com:{s}@pypi.corp.com/simple", "HF_TOKEN={s}", "Authorization: Bearer {s}",
    "export AWS_SECRET_ACCESS_KEY={s}", "OSError: token {s} rejected", "pip install --index-url https://u:{s}@h/simple x",
    "RuntimeError: CUDA error: out of memory ({s})", "?private_token={s}",
])
REPORT = """PyTorch version: 2.5.1+cu124
Is debug build: False
CUDA used to build PyTorch: 12.4
OS: Ubuntu 22.04.4 LTS (x86_64)
Python version: 3.11.9 (main) [GCC 11.4.0] (64-bit runtime)
Is CUDA available: True
Nvidia driver version: 550.54.15
{line}
Traceback (most recent call last):
  File "/x/site-packages/torch/__init__.py", line 1, in <module>
ImportError: libcudnn.so.9: cannot open shared object file: No such file or directory {line}
"""


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(SECRETS, PLACES, st.sampled_from(["terminal", "json", "markdown", "junit", "github"]))
def test_a_planted_secret_never_survives_check_from(tmp_path, secret, place, fmt):
    paste = tmp_path / "paste.txt"
    paste.write_text(REPORT.format(line=place.format(s=secret)), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--from", str(paste), "--format", fmt, "-v"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1, 2), result.stderr
    assert secret not in result.stdout + result.stderr


@pytest.mark.parametrize("raw,shown", [
    ("NVIDIA \x1b]0;pwned\x07GeForce \x1b[31mRTX\x1b[0m 4090", "NVIDIA GeForce RTX 4090"),
    ("ImportError: libfoo.so\x1b]8;;http://evil/\x1b\\click\x1b]8;;\x1b\\", "ImportError: libfoo.soclick"),
    ("bell\x07 and \x9b31m8-bit CSI", "bell and 8-bit CSI"),
    ("line one\r\nline two\tTAB", "line one\nline two\tTAB"),
    ("bidi \u202eevil\u202c name", "bidi evil name"),
])
def test_control_characters_from_the_host_are_neutralised(raw, shown):
    assert redact_text(raw) == shown


def test_a_gpu_name_with_escapes_reaches_no_output_raw(tmp_path):
    data = json.loads((Path(__file__).parent / "fixtures" / "facts" / "driver-535-torch-cu124-minor-compat.json")
                      .read_text())
    data["nvidia"]["gpus"][0]["name"] = "NVIDIA \x1b]0;owned\x07\x1b[2JA100"
    data["torch"]["error"] = "ImportError: \x1b[5mblink\x1b[0m"
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(data))
    for fmt in ("terminal", "json", "markdown", "junit", "github"):
        result = subprocess.run([sys.executable, "-m", "yolodoctor", "check", "--facts", str(facts), "--format", fmt,
                                 "-v"], capture_output=True, text=True, timeout=120)
        assert result.returncode in (0, 1, 2), result.stderr
        assert "\x1b]0;" not in result.stdout and "\x1b[2J" not in result.stdout and "\x1b[5m" not in result.stdout, fmt
    report = subprocess.run([sys.executable, "-m", "yolodoctor", "report", "--facts", str(facts)], capture_output=True,
                            text=True, timeout=120)
    assert report.returncode == 0 and "\x1b" not in report.stdout


@pytest.mark.parametrize("name", [shape[0] for shape in __import__("yolodoctor.report.redact", fromlist=["_SHAPES"])._SHAPES])
def test_every_secret_shape_passes_the_quick_precheck(name):
    """redact_text skips the shapes for a string the precheck finds nothing in: whatever a shape
    matches must contain one of the precheck's words, or that secret would be printed."""
    from yolodoctor.report import redact

    pattern = next(p for n, p, _ in redact._SHAPES if n == name)

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(pattern))
    def check(text):
        match = pattern.search(text)
        if match:
            assert redact._ANY_SHAPE.search(match.group(0)), (name, match.group(0))
            assert redact._NEEDS_WORK.search(match.group(0)), (name, match.group(0))

    check()
