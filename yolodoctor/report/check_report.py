"""The result of `check` as one JSON-ready document (docs/json.md), redacted.

Every renderer (terminal, json, junit, github, markdown) draws from this
document, so they agree with each other and none can leak a secret the
others hide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from .. import __version__
from ..i18n import current as current_language
from ..diagnose.engine import Diagnosis
from ..diagnose.model import AREAS, Finding
from ..facts.model import Facts, to_dict
from ..i18n import tr
from .areas import LABELS, NO_TOOLKIT, NOT_USED_NO_CUDA, NOT_USED_NO_TORCH, summarize
from .redact import redact_data

SCHEMA = "yolodoctor.check/1"
# Area status, worst first. "info": notes only; "absent": nothing installed that the area checks;
# "unknown": no facts.
STATUSES = ("error", "warning", "info", "ok", "absent", "unknown")


@dataclass(frozen=True)
class CheckOptions:
    """How `check` was asked to judge (other commands building a report pass the same)."""

    areas: tuple[str, ...] = ()
    fail_on: str = "warning"
    profile: Optional[str] = None
    offline: bool = False
    # The team policy in effect (yolodoctor.policy.Policy, already merged with the command line), if any.
    policy: Any = field(default=None, compare=False)


def _texts(finding: Finding) -> tuple[str, str, Optional[str]]:
    """Title, explanation and fix in the report's language: the catalogue's zh-CN texts, and its
    zh-CN fix where the finding carries the catalogue's own (a fix written for this machine stays)."""
    if current_language() == "en":
        return finding.title, finding.explanation, finding.fix
    from ..knowledge.rules import load_catalogue

    rule = load_catalogue().get(finding.id)
    if rule is None:
        return _signature_texts(finding)
    local = rule.in_language(current_language())
    return local.title, local.explanation, local.fix if finding.fix == rule.fix else finding.fix


def _signature_texts(finding: Finding) -> tuple[str, str, Optional[str]]:
    """A finding `check --from` made from an error signature: its zh-CN title and fix, where the
    signature table has them (compat/error_signatures.toml title_zh / fix_zh)."""
    from ..ingest.errors import load_signatures
    from ..knowledge.files import KnowledgeError

    try:
        signature = next((s for s in load_signatures() if s.id == finding.id), None)
    except KnowledgeError:
        signature = None
    if signature is None or not signature.title_zh:
        return finding.title, finding.explanation, finding.fix
    fix = signature.fix_zh if signature.fix_zh and finding.fix == signature.fix else finding.fix
    return signature.title_zh, finding.explanation, fix


def finding_dict(finding: Finding, nested: bool = False) -> dict[str, Any]:
    title, explanation, fix = _texts(finding)
    out: dict[str, Any] = {
        "id": finding.id, "category": finding.category, "severity": finding.severity, "area": finding.area,
        "title": title, "message": finding.message, "fix": fix, "certainty": finding.certainty,
        "evidence": list(finding.evidence), "data": finding.data,
    }
    if not nested:
        out["explanation"] = explanation
        out["references"] = list(finding.references)
        out["explains"] = list(finding.explains)
        out["explained"] = [finding_dict(f, nested=True) for f in finding.folded]
    return out


def _counted(finding: dict[str, Any], not_counted: Optional[str]) -> dict[str, Any]:
    finding["counted"] = not_counted is None
    finding["not_counted"] = not_counted  # why the chosen profile does not count it toward the exit code
    return finding


def _area_status(area: str, findings: list[Finding], summary: Optional[str]) -> str:
    severities = {f.severity for f in findings}
    if "error" in severities:
        return "error"
    if "warning" in severities:
        return "warning"
    if summary is None:
        return "unknown"
    if findings:
        return "info"  # notes only
    if summary == tr("not installed") or summary in (tr(NO_TOOLKIT), tr(NOT_USED_NO_CUDA), tr(NOT_USED_NO_TORCH)):
        return "absent"
    return "ok"


def _areas(facts: Facts, diagnosis: Diagnosis, offline: bool, verdict: Any = None) -> list[dict[str, Any]]:
    in_area: dict[str, list[Finding]] = {a: [] for a in AREAS}
    counts: dict[str, list[Finding]] = {a: [] for a in AREAS}  # what decides the area's status
    for finding in (verdict.reported if verdict is not None else diagnosis.findings):
        counted = verdict is None or verdict.reason(finding) is None
        for f in (finding, *finding.folded):
            in_area[f.area].append(f)
            if counted:
                counts[f.area].append(f)
    areas = []
    for area in diagnosis.areas:
        summary, rows = summarize(area, facts)
        status = _area_status(area, counts[area], summary)
        if area == "network" and summary is None:
            summary = tr("not probed (--offline)") if offline else tr("not probed")
            status = "unknown" if not in_area[area] else status
        areas.append({"area": area, "label": tr(LABELS[area]), "status": status, "summary": summary or tr("unknown"),
                      "findings": sorted({f.id for f in in_area[area]}), "facts": [list(r) for r in rows]})
    return areas


def _rule_ref(rule_id: str) -> dict[str, str]:
    from ..knowledge.rules import load_catalogue

    rule = load_catalogue().get(rule_id)
    return {"id": rule_id, "area": rule.area if rule else "",
            "title": rule.in_language(current_language()).title if rule else ""}


def _target(facts: Facts) -> dict[str, Any]:
    py, host = facts.python, facts.host
    return {
        "python": py.executable, "python_version": py.version, "selected_by": py.selected_by,
        "environment": py.conda_env or (py.prefix if py.is_venv else None),
        "os": host.os, "distro": host.distro, "arch": host.arch, "container": host.container,
        "origin": facts.origin, "collected_at": facts.collected_at, "collected_by": facts.yolodoctor_version,
    }


def _knowledge() -> dict[str, Any]:
    """How fresh the tables that judged are (docs/knowledge.md)."""
    from ..knowledge import coverage

    newest = coverage.newest_judging()
    return {"date": coverage.knowledge_date(), "newest": {n.kind: n.version for n in newest}}


def build_document(facts: Facts, diagnosis: Diagnosis, options: CheckOptions, exit_code: int,
                   verdict: Any = None) -> dict[str, Any]:
    """The check report, redacted, ready for json.dumps and for every renderer. With a verdict
    (yolodoctor.verdict), ignored findings are left out and those the profile does not count are marked."""
    findings = list(verdict.reported) if verdict is not None else list(diagnosis.findings)
    counted = list(verdict.counted) if verdict is not None else findings
    summary = {s: sum(1 for f in counted if f.severity == s) for s in ("error", "warning", "info")}
    summary["explained"] = sum(len(f.folded) for f in findings)
    summary["not_counted"] = len(findings) - len(counted)
    summary["ignored"] = len(verdict.ignored) if verdict is not None else 0
    summary["rules_evaluated"] = len(diagnosis.evaluated)
    policy = options.policy
    document = {
        "schema": SCHEMA,
        "yolodoctor_version": __version__,
        "language": current_language(),  # of the human text fields; keys, ids and categories stay English
        "target": _target(facts),
        "profile": options.profile,
        "policy": policy.path if policy is not None else None,
        "fail_on": options.fail_on,
        "exit_code": exit_code,
        "summary": summary,
        "areas": _areas(facts, diagnosis, options.offline, verdict),
        "checked_areas": list(diagnosis.areas),
        "findings": [_counted(finding_dict(f), verdict.reason(f) if verdict is not None else None)
                     for f in findings],
        "ignored": sorted({f.id for f in verdict.ignored}) if verdict is not None else [],
        "rule_errors": list(diagnosis.errors),
        "rules_evaluated": [_rule_ref(rule_id) for rule_id in diagnosis.evaluated],
        "knowledge": _knowledge(),
        "facts": to_dict(facts),
    }
    return redact_data(document)
