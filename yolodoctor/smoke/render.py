"""The smoke report for people (text) and for programs (JSON), redacted."""

from __future__ import annotations

import json
from typing import Any, Optional

from ..i18n import current, is_chinese, tr
from ..report.redact import redact_data, redact_text
from .model import FAIL, PASS, SmokeReport, StageResult

MARKS = {PASS: "✓", FAIL: "✗", "skip": "-"}
ERROR_LINES = 12  # verbatim error lines shown per failed stage (all of it in JSON and under -v)


def report_dict(report: SmokeReport) -> dict[str, Any]:
    return redact_data(report.to_dict())


def report_json(report: SmokeReport) -> str:
    return json.dumps(report_dict(report), indent=2, sort_keys=False, default=str)


def _header(report: SmokeReport) -> str:
    torch = report.torch or {}
    torch_text = f"torch {torch.get('version')}" if torch.get("version") else tr("torch not usable")
    if torch.get("cuda"):
        torch_text += f" (CUDA {torch['cuda']})"
    return tr("yolodoctor smoke: {python}, {torch}; level {level}, device {device}", python=report.python,
              torch=torch_text, level=report.level, device=report.device_spec)


def _stage_lines(result: StageResult, width: int, verbose: bool) -> list[str]:
    detail = result.detail
    if is_chinese():  # the stage wrote it in English (the JSON keeps it so); said again in Chinese
        from .detail_text import local_detail

        detail = local_detail(detail)
    lines = [f" {MARKS.get(result.status, '?')} {result.label:<{width}} {result.seconds:6.1f} s  {detail}"]
    indent = " " * 5
    if verbose:
        for check in result.checks:
            if is_chinese():
                from .detail_text import local_check

                name, said = local_check(check.name), local_check(check.detail)
                text = tr("{where}: {what}", where=name, what=said) if said.strip() else name
                lines.append(f"{indent}{MARKS.get(check.status, '?')} {text}")
            else:
                lines.append(f"{indent}{MARKS.get(check.status, '?')} {check.name}: {check.detail}".rstrip(": "))
    if result.status == FAIL and result.error and result.error.strip() != result.detail.strip():
        error_lines = result.error.strip().splitlines()
        shown = error_lines if verbose else error_lines[-ERROR_LINES:]
        lines.append(indent + tr("error:"))
        if len(shown) < len(error_lines):
            lines.append(indent + "  … " + tr("({count} earlier lines in --format json or -v)",
                                                count=len(error_lines) - len(shown)))
        lines += [f"{indent}  {line}" for line in shown]
    if result.finding:
        lines.append(indent + "→ " + tr("finding {rule_id}", rule_id=result.finding))
    return lines


def report_text(report: SmokeReport, verbose: bool = False) -> str:
    width = max((len(s.label) for s in report.stages), default=10)
    lines = [_header(report), ""]
    for result in report.stages:
        lines += _stage_lines(result, width, verbose)
    if report.findings:
        lines += ["", tr("Findings:")]
        for finding in report.findings:
            mark = "✗" if finding.severity == "error" else "!"
            title, explanation, fix = _rule_texts(finding)
            lines.append(f" {mark} {finding.id} [{finding.category}] {title}")
            lines.append(f"     {_message(finding)}")
            if verbose and explanation:
                lines.append("     " + tr("why: {text}", text=explanation))
            lines.append("     " + tr("fix: {text}", text=fix))
    lines += ["", _summary(report)]
    return redact_text("\n".join(lines))


def _message(finding: Any) -> str:
    """A finding's message; a health finding's (made here, from numbers) in the chosen language."""
    if not is_chinese():
        return finding.message
    from .detail_text import local_finding_message

    return local_finding_message(finding)


def _rule_texts(finding: Any) -> tuple[str, str, str]:
    """The finding's title, explanation and fix in the chosen language: the rule catalogue's, or for a
    smoke signature (YDS...) its title_zh / explanation_zh / fix_zh; a fix written for this run stays."""
    language = current()
    if language == "en":
        return finding.title, finding.explanation, finding.fix
    from .signatures import SignatureError, load_signatures

    try:
        signature = next((s for s in load_signatures() if s.id == finding.id), None)
    except SignatureError:
        signature = None
    if signature is not None:
        fix = signature.text("fix", language) if finding.fix == signature.fix else finding.fix
        return signature.text("title", language), signature.text("explanation", language), fix
    from .health import load_health

    entry = next((e for e in load_health().findings.values() if e.get("id") == finding.id), None)
    if entry is not None and language == "zh-CN":  # health.toml: title_zh / explanation_zh / fix_zh
        fix = entry.get("fix_zh", entry["fix"]) if finding.fix == entry["fix"] else finding.fix
        return entry.get("title_zh", finding.title), entry.get("explanation_zh", finding.explanation), fix
    from ..knowledge.rules import load_catalogue

    rule = load_catalogue().get(finding.id)
    if rule is None:
        return finding.title, finding.explanation, finding.fix
    local = rule.in_language(language)
    return local.title, local.explanation, local.fix if finding.fix == rule.fix else finding.fix


def _summary(report: SmokeReport) -> str:
    counts = tr("{passed} passed, {failed} failed, {skipped} skipped", passed=report.count(PASS),
                failed=report.count(FAIL), skipped=report.count("skip"))
    verdict = tr("every stage that ran passed") if report.passed else tr("some stages failed")
    return tr("{counts} in {seconds} s: {verdict}", counts=counts, seconds=f"{report.seconds:.1f}", verdict=verdict)


def print_report(report: SmokeReport, verbose: bool = False, stream: Optional[Any] = None) -> None:
    import sys

    out = stream or sys.stdout
    out.write(report_text(report, verbose) + "\n")
    out.flush()
