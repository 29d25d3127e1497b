"""From failed stages to findings: each failure points to one finding."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..diagnose.model import Finding
from .model import FAIL, StageResult
from .signatures import Match, finding_for, match


def classify(result: StageResult) -> Optional[Match]:
    """The signature a failed stage matches: its error first; its warnings and
    stderr only when the error alone says no more than how it failed."""
    error = result.error or result.detail or "failed without a message"
    first = match(result.name, error)
    if first is not None and not first.signature.generic:
        return first
    context = "\n".join([error, *result.warnings, str(result.data.get("stderr_tail", ""))])
    second = match(result.name, context)
    if second is not None and not second.signature.generic:
        return second
    return first or second


def findings_for(stages: list[StageResult]) -> tuple[list[StageResult], list[Finding]]:
    """The stages with their finding ids set, and one finding per cause (stages sharing one are listed in it)."""
    out: list[StageResult] = []
    groups: dict[str, list] = {}
    for result in stages:
        if result.status != FAIL:
            out.append(result)
            continue
        found = classify(result)
        if found is None:
            out.append(result)
            continue
        out.append(replace(result, finding=found.signature.id))
        groups.setdefault(found.signature.id, []).append((found, result))
    findings = []
    for pairs in groups.values():
        found, first = pairs[0]
        labels = ", ".join(r.label for _, r in pairs)
        finding = finding_for(found, labels, first.error or first.detail)
        if len(pairs) > 1:
            finding = replace(finding, evidence=finding.evidence + tuple(f"smoke stage {r.label} failed"
                                                                         for _, r in pairs[1:]))
        findings.append(finding)
    return out, findings
