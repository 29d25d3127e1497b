"""The result of `check` as one JSON-ready document (docs/json.md), redacted.

Every renderer (terminal, json, junit, github, markdown) draws from this
document, so they agree with each other and none can leak a secret the
others hide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from .. import __version__
from ..diagnose.engine import Diagnosis
from ..diagnose.model import AREAS, Finding
from ..facts.model import Facts, to_dict
from .areas import LABELS, summarize
from .redact import redact_data

SCHEMA = "yolodoctor.check/1"
# Area status, worst first. "absent": nothing installed that the area checks; "unknown": no facts.
STATUSES = ("error", "warning", "ok", "absent", "unknown")


@dataclass(frozen=True)
class CheckOptions:
    """How `check` was asked to judge (other commands building a report pass the same)."""

    areas: tuple[str, ...] = ()
    fail_on: str = "warning"
    profile: Optional[str] = None
    offline: bool = False


def finding_dict(finding: Finding, nested: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": finding.id, "category": finding.category, "severity": finding.severity, "area": finding.area,
        "title": finding.title, "message": finding.message, "fix": finding.fix, "certainty": finding.certainty,
        "evidence": list(finding.evidence), "data": finding.data,
    }
    if not nested:
        out["explanation"] = finding.explanation
        out["references"] = list(finding.references)
        out["explains"] = list(finding.explains)
        out["explained"] = [finding_dict(f, nested=True) for f in finding.folded]
    return out


def _area_status(area: str, findings: list[Finding], summary: Optional[str]) -> str:
    severities = {f.severity for f in findings}
    if "error" in severities:
        return "error"
    if "warning" in severities:
        return "warning"
    if summary is None:
        return "unknown"
    if findings:
        return "ok"  # notes only
    if summary == "not installed" or summary.startswith(("no toolkit", "not used")):
        return "absent"
    return "ok"


def _areas(facts: Facts, diagnosis: Diagnosis, offline: bool) -> list[dict[str, Any]]:
    in_area: dict[str, list[Finding]] = {a: [] for a in AREAS}
    for finding in diagnosis.findings:
        for f in (finding, *finding.folded):
            in_area[f.area].append(f)
    areas = []
    for area in diagnosis.areas:
        summary, rows = summarize(area, facts)
        status = _area_status(area, in_area[area], summary)
        if area == "network" and summary is None:
            summary = "not probed (--offline)" if offline else "not probed"
            status = "unknown" if not in_area[area] else status
        areas.append({"area": area, "label": LABELS[area], "status": status, "summary": summary or "unknown",
                      "findings": sorted({f.id for f in in_area[area]}), "facts": [list(r) for r in rows]})
    return areas


def _rule_ref(rule_id: str) -> dict[str, str]:
    from ..knowledge.rules import load_catalogue

    rule = load_catalogue().get(rule_id)
    return {"id": rule_id, "area": rule.area if rule else "", "title": rule.title if rule else ""}


def _target(facts: Facts) -> dict[str, Any]:
    py, host = facts.python, facts.host
    return {
        "python": py.executable, "python_version": py.version, "selected_by": py.selected_by,
        "environment": py.conda_env or (py.prefix if py.is_venv else None),
        "os": host.os, "distro": host.distro, "arch": host.arch, "container": host.container,
        "origin": facts.origin, "collected_at": facts.collected_at, "collected_by": facts.yolodoctor_version,
    }


def build_document(facts: Facts, diagnosis: Diagnosis, options: CheckOptions, exit_code: int) -> dict[str, Any]:
    """The check report, redacted, ready for json.dumps and for every renderer."""
    findings = list(diagnosis.findings)
    summary = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    summary["explained"] = sum(len(f.folded) for f in findings)
    summary["rules_evaluated"] = len(diagnosis.evaluated)
    document = {
        "schema": SCHEMA,
        "yolodoctor_version": __version__,
        "target": _target(facts),
        "profile": options.profile,
        "fail_on": options.fail_on,
        "exit_code": exit_code,
        "summary": summary,
        "areas": _areas(facts, diagnosis, options.offline),
        "checked_areas": list(diagnosis.areas),
        "findings": [finding_dict(f) for f in findings],
        "rule_errors": list(diagnosis.errors),
        "rules_evaluated": [_rule_ref(rule_id) for rule_id in diagnosis.evaluated],
        "facts": to_dict(facts),
    }
    return redact_data(document)
