"""The smoke report for people (text) and for programs (JSON), redacted."""

from __future__ import annotations

import json
from typing import Any, Optional

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
    torch_text = f"torch {torch.get('version')}" if torch.get("version") else "torch not usable"
    if torch.get("cuda"):
        torch_text += f" (CUDA {torch['cuda']})"
    return f"yolodoctor smoke: {report.python}, {torch_text}; level {report.level}, device {report.device_spec}"


def _stage_lines(result: StageResult, width: int, verbose: bool) -> list[str]:
    lines = [f" {MARKS.get(result.status, '?')} {result.label:<{width}} {result.seconds:6.1f} s  {result.detail}"]
    indent = " " * 5
    if verbose:
        for check in result.checks:
            lines.append(f"{indent}{MARKS.get(check.status, '?')} {check.name}: {check.detail}".rstrip(": "))
    if result.status == FAIL and result.error and result.error.strip() != result.detail.strip():
        error_lines = result.error.strip().splitlines()
        shown = error_lines if verbose else error_lines[-ERROR_LINES:]
        lines.append(f"{indent}error:")
        if len(shown) < len(error_lines):
            lines.append(f"{indent}  … ({len(error_lines) - len(shown)} earlier lines in --format json or -v)")
        lines += [f"{indent}  {line}" for line in shown]
    if result.finding:
        lines.append(f"{indent}→ finding {result.finding}")
    return lines


def report_text(report: SmokeReport, verbose: bool = False) -> str:
    width = max((len(s.label) for s in report.stages), default=10)
    lines = [_header(report), ""]
    for result in report.stages:
        lines += _stage_lines(result, width, verbose)
    if report.findings:
        lines += ["", "Findings:"]
        for finding in report.findings:
            mark = "✗" if finding.severity == "error" else "!"
            lines.append(f" {mark} {finding.id} [{finding.category}] {finding.title}")
            lines.append(f"     {finding.message}")
            if verbose and finding.explanation:
                lines.append(f"     why: {finding.explanation}")
            lines.append(f"     fix: {finding.fix}")
    lines += ["", _summary(report)]
    return redact_text("\n".join(lines))


def _summary(report: SmokeReport) -> str:
    counts = f"{report.count(PASS)} passed, {report.count(FAIL)} failed, {report.count('skip')} skipped"
    verdict = "every stage that ran passed" if report.passed else "some stages failed"
    return f"{counts} in {report.seconds:.1f} s: {verdict}"


def print_report(report: SmokeReport, verbose: bool = False, stream: Optional[Any] = None) -> None:
    import sys

    out = stream or sys.stdout
    out.write(report_text(report, verbose) + "\n")
    out.flush()
