"""`yolodoctor rules` and `yolodoctor explain`, end to end."""

import json

import pytest

from yolodoctor import exitcodes
from yolodoctor.diagnose.engine import checked_catalogue


def test_rules_lists_the_whole_catalogue(cli):
    result = cli("rules")
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and lines[0].split() == ["id", "severity", "area", "category", "title"]
    assert [line.split()[0] for line in lines[1:]] == checked_catalogue().ids()
    assert any(line.split()[:2] == ["YD101", "error"] and "NVIDIA driver too old" in line for line in lines)


def test_rules_filters_and_json(cli):
    rules = json.loads(cli("rules", "--area", "gpu", "--format", "json").stdout)
    assert rules and all(r["area"] == "driver" for r in rules)
    assert rules[0]["file"] == "rules/driver.toml"
    abi = json.loads(cli("rules", "--category", "flash_attn_abi", "--format", "json").stdout)
    assert [r["id"] for r in abi] == ["YD403"]
    assert cli("rules", "--category", "nope").returncode == exitcodes.USAGE
    assert cli("rules", "--area", "nope").returncode == exitcodes.USAGE


def test_rules_markdown_is_the_docs_page(cli):
    out = cli("rules", "--format", "markdown").stdout
    assert out.startswith("# Rules") and "### YD101" in out


def test_explain(cli):
    result = cli("explain", "yd205")
    out = result.stdout
    assert result.returncode == 0
    assert out.startswith("# YD205: torch has no kernels for this GPU's architecture")
    for section in ("## What it means", "## Fix", "## References", "Defined in rules/torch.toml."):
        assert section in out
    data = json.loads(cli("explain", "YD205", "--format", "json").stdout)
    assert data["category"] == "gpu_arch_unsupported" and data["references"]


def test_explain_unknown_rule(cli):
    result = cli("explain", "YD999")
    assert result.returncode == exitcodes.USAGE and "yolodoctor rules" in result.stderr


def test_explain_an_error_signature(cli):
    """A finding of `check --from` carries the id of the message it read; `explain` takes that id too."""
    result = cli("explain", "windows-paging-file")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert out.startswith("# windows-paging-file: Windows ran out of virtual memory")
    assert "Category: resources_low" in out and "Certainty: certain" in out
    assert "  OSError: [WinError 1455]" in out  # the message kept whole, indented
    for section in ("## Fix", "## References", "https://github.com/ultralytics/yolov5/issues/7657",
                    "Defined in compat/error_signatures.toml"):
        assert section in out
    data = json.loads(cli("explain", "Torch-Not-Compiled-With-CUDA", "--format", "json").stdout)
    assert data["kind"] == "error_signature" and data["id"] == "torch-not-compiled-with-cuda"
    assert data["category"] == "torch_cpu_only" and data["references"]


def test_explain_an_error_signature_in_chinese(cli):
    out = cli("--lang", "zh-CN", "explain", "windows-paging-file").stdout
    assert out.startswith("# windows-paging-file: Windows 虚拟内存不足") and "## 修复方法" in out
    assert "确定程度：确定" in out and "  OSError: [WinError 1455]" in out


def test_every_signature_id_is_explained():
    from yolodoctor.ingest.errors import load_signatures
    from yolodoctor.knowledge.signature_doc import find_signature, signature_text

    for signature in load_signatures():
        assert find_signature(signature.id.upper()) is signature
        text = signature_text(signature, "en")
        assert text.startswith(f"# {signature.id}:") and signature.source in text
    assert find_signature("YD101") is None and find_signature("windows-paging") is None


def test_explain_unknown_id_names_both_kinds(cli):
    result = cli("explain", "no-such-message")
    assert result.returncode == exitcodes.USAGE and "no rule or error signature" in result.stderr


def test_explain_takes_a_signature_read_as_another_cause(cli):
    """A message read as one of its other causes carries `signature-id:category`."""
    data = json.loads(cli("explain", "pip-no-matching-version:pip_index", "--format", "json").stdout)
    assert data["id"] == "pip-no-matching-version" and data["kind"] == "error_signature"


@pytest.mark.parametrize("paste, first", [
    # a signature's finding first: the hint names it
    ("ModuleNotFoundError: No module named 'torch'\nIt runs fine from the terminal, but not from PyCharm.\n",
     "import-works-in-one-place-not-another"),
    # the only finding drawn from the paste's context (no entry of its own): no hint, never a command that fails
    ("$ pip show foo\nName: foo\nLocation: /usr/local/lib/python3.9/site-packages\n"
     "$ python app.py\nPython 3.11.4\nModuleNotFoundError: No module named 'foo'\n", None),
])
def test_the_hint_under_a_report_names_an_id_explain_knows(cli, tmp_path, paste, first):
    path = tmp_path / "paste.txt"
    path.write_text(paste, encoding="utf-8")
    document = json.loads(cli("check", "--from", str(path), "--format", "json").stdout)
    out = cli("check", "--from", str(path)).stdout
    hinted = [line.split()[-1] for line in out.splitlines() if line.strip().startswith("yolodoctor explain ")]
    assert len(hinted) <= 1
    if first is not None:
        assert document["findings"][0]["id"] == first and hinted == [first]
    else:
        assert document["findings"][0]["id"] == "installed-for-another-python" and hinted == []
    for finding_id in hinted:
        assert cli("explain", finding_id).returncode == 0, finding_id
