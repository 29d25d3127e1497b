"""check --from in zh-CN over the whole real-report corpus: the same findings in the same order as in
English, and the findings the paste itself makes (error signatures, where the paste ran) speak Chinese
with their commands unchanged."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from yolodoctor import i18n
from yolodoctor.ingest import ingest_path
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.knowledge.rules import load_catalogue
from yolodoctor.report.check_report import CheckOptions

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPORTS = Path(__file__).parent / "fixtures" / "reports"
FILES = [r["file"] for r in tomllib.loads((REPORTS / "manifest.toml").read_text(encoding="utf-8"))["report"]]
CJK = re.compile(r"[\u4e00-\u9fff]")
# What a reader copies out of an English fix: URLs, flags, paths, VARIABLE=value (without the prose's
# punctuation around them). Each must be in the Chinese fix as it is.
COMMANDISH = re.compile(r"(?:https?://[^\s()，。；]+|--[\w-]+(?:=[\w.*-]+)?|[\w.~<>-]*/[\w./*<>-]+|\b[A-Z][A-Z0-9_]{3,}=[\w.-]*)")


def _commands(fix: str) -> list[str]:
    return [token.rstrip(".,;:)") for token in COMMANDISH.findall(fix)]


def _document(path: Path, language: str) -> dict:
    try:
        i18n.set_language(language)
        return build_pasted_report(ingest_path(str(path)), CheckOptions()).document
    finally:
        i18n.set_language(None)


def test_the_corpus_reads_the_same_in_both_languages_and_paste_findings_speak_chinese():
    rules = set(load_catalogue().ids())
    problems, paste_made = [], 0
    for name in FILES:
        english, chinese = _document(REPORTS / name, "en"), _document(REPORTS / name, "zh-CN")
        if [(f["id"], f["category"], f["severity"]) for f in english["findings"]] != \
                [(f["id"], f["category"], f["severity"]) for f in chinese["findings"]]:
            problems.append(f"{name}: findings differ between the languages")
            continue
        for en, zh in zip(english["findings"], chinese["findings"]):
            if en["id"] in rules:
                continue  # rule findings: tests/test_i18n_diagnose_*.py
            paste_made += 1
            if not CJK.search(zh["message"]) or not CJK.search(zh["title"]):
                problems.append(f"{name} {en['id']}: not Chinese: {zh['title']!r} / {zh['message']!r}")
            lost = [c for c in _commands(en["fix"] or "") if c not in (zh["fix"] or "")]
            if lost:
                problems.append(f"{name} {en['id']}: {lost} missing from the Chinese fix:\n  {en['fix']}\n  {zh['fix']}")
    assert paste_made > 200
    assert not problems, "\n".join(problems[:40])
