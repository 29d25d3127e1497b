"""`check --from` reads pastes from Chinese-language reports: Chinese text around the logs and the
messages a Chinese Windows prints (找不到指定的模块, 页面文件太小, 动态链接库(DLL)初始化例程失败).
The fixtures are real public reports (tests/fixtures/reports-zh/manifest.toml names each source)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from yolodoctor.ingest.errors import Scanner, load_signatures

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPORTS = Path(__file__).parent / "fixtures" / "reports-zh"
MANIFEST = tomllib.loads((REPORTS / "manifest.toml").read_text(encoding="utf-8"))["report"]


def test_manifest_lists_every_fixture_with_a_source():
    assert sorted(r["file"] for r in MANIFEST) == sorted(p.name for p in REPORTS.glob("*.txt"))
    for report in MANIFEST:
        assert report["source"].startswith("https://github.com/") and report["established"]
        text = (REPORTS / report["file"]).read_text(encoding="utf-8")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{report['file']} has no Chinese text"


@pytest.mark.parametrize("report", MANIFEST, ids=lambda r: r["file"])
def test_chinese_report_gives_its_signal_and_root_cause(cli, report):
    result = cli("check", "--from", str(REPORTS / report["file"]), "--format", "json")
    assert result.returncode in (0, 1, 2), result.stderr
    document = json.loads(result.stdout)
    assert report["signal"] in [s["id"] for s in document["triage"]["signals"]]
    assert document["findings"], "a recognised error must lead to a finding"
    assert document["findings"][0]["category"] == report["category"]


def test_chinese_report_in_chinese(cli):
    env = {k: v for k, v in __import__("os").environ.items() if k != "YOLODOCTOR_LANG"}
    env["LANG"] = "zh_CN.UTF-8"
    result = cli("check", "--from", str(REPORTS / "zh-002-ultralytics-paging-file-winerror1455.txt"), env=env)
    out = " ".join(result.stdout.split())
    assert "从粘贴内容中读到" in out and "windows-paging-file" in out and "（退出码" in out


@pytest.mark.parametrize("text, signature", [
    # The title of ultralytics/ultralytics#9937: the Chinese message alone, without its number or comma.
    ("页面文件太小无法完成操作", "windows-paging-file"),
    ("OSError: [WinError 1455] 页面文件太小，无法完成操作。", "windows-paging-file"),
    # The Chinese wording of WinError 1114 without the number (DeltaForceMarketBot#46 wraps it onto its own line).
    ("动态链接库(DLL)初始化例程失败。\nError loading \"E:\\python\\py_jsq\\Python310\\lib\\site-packages\\torch\\lib\\c10.dll\"",
     "windows-dll-init-failed"),
    ("ImportError: DLL load failed while importing _C: 找不到指定的模块。", "windows-dll-load-failed"),
    ("ImportError: DLL load failed: The specified module could not be found.", "windows-dll-load-failed"),
])
def test_chinese_windows_messages(text, signature):
    scanner = Scanner(load_signatures())
    scanner.scan_text(1, text)
    assert signature in [s.id for s in scanner.signals()]


def test_other_windows_errors_in_chinese_are_not_taken_for_these():
    """拒绝访问 ([WinError 5]) and 系统找不到指定的路径 ([WinError 3]) name no environment fault by themselves."""
    scanner = Scanner(load_signatures())
    scanner.scan_text(1, "ERROR: Could not install packages due to an OSError: [WinError 5] 拒绝访问。: "
                         "'c:\\\\users\\\\anaconda3\\\\lib\\\\site-packages\\\\~orch\\\\lib\\\\asmjit.dll'\n"
                         "FileNotFoundError: [WinError 3] 系统找不到指定的路径。: "
                         "'C:\\\\Program Files\\\\NVIDIA GPU Computing Toolkit\\\\CUDA\\\\11.2\\\\bin'")
    assert [s.id for s in scanner.signals()] == []


def test_signature_translations_keep_commands_and_show_in_chinese(cli):
    """Every signature has title_zh / fix_zh (the failure lists those that lack them), keeping every
    command and code word of the English fix; a Chinese `check --from` shows them."""
    from test_i18n import _code_words

    missing = [s.id for s in load_signatures() if not (s.title_zh and s.fix_zh)]
    assert not missing, f"{len(missing)} signature(s) lack title_zh / fix_zh: {', '.join(missing)}"
    for signature in load_signatures():
        assert signature.fix_zh, signature.id
        lost = sorted(w for w in _code_words(signature.fix) if w not in signature.fix_zh)
        assert not lost, f"{signature.id}: {lost}"
    env = {k: v for k, v in __import__("os").environ.items() if k != "YOLODOCTOR_LANG"}
    document = json.loads(cli("check", "--from", str(REPORTS / "zh-003-bettafish-c10-dll-winerror1114.txt"),
                              "--format", "json", "--lang", "zh-CN", env=env).stdout)
    finding = document["findings"][0]
    assert finding["id"] == "windows-dll-init-failed" and finding["category"] == "other"
    assert finding["title"].startswith("Windows 无法初始化 torch 的 DLL") and "vc_redist.x64.exe" in finding["fix"]
