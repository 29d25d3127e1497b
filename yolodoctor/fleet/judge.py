"""One node's report -> a NodeResult: a `check --format json` document is taken as the node judged it; a
facts document (or the facts block of `yolodoctor report`) is judged here with the fleet's options."""

from __future__ import annotations

from typing import Any, Optional

from .drift import values_from_facts
from .model import ANSWERED, FAILED, UNREADABLE, NodeFinding, NodeResult, unanswered

CHECK_SCHEMA = "yolodoctor.check/"
FACTS_SCHEMA = "yolodoctor.facts/"
MAX_TEXT = 4000  # a finding's message and fix, as kept per node


def _finding(data: Any) -> Optional[NodeFinding]:
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None

    def text(key: str) -> str:
        value = data.get(key)
        return value[:MAX_TEXT] if isinstance(value, str) else ""

    return NodeFinding(id=data["id"][:64], severity=text("severity") or "error", category=text("category"),
                       area=text("area"), title=text("title"), message=text("message"), fix=text("fix"),
                       counted=data.get("counted", True) is not False)


def from_check_document(node: str, document: dict, where: Optional[str] = None,
                        seconds: Optional[float] = None) -> NodeResult:
    """A check report as the node wrote it. Its findings keep the node's own verdict (profile, fail-on)."""
    facts = document.get("facts")
    findings = document.get("findings")
    if not isinstance(facts, dict) or not isinstance(findings, list):
        return unanswered(node, UNREADABLE, "a check report without facts or findings", where)
    errors = document.get("rule_errors")
    code = document.get("exit_code")
    return NodeResult(node=node, status=ANSWERED, seconds=seconds, where=where,
                      exit_code=code if isinstance(code, int) and not isinstance(code, bool) else None,
                      findings=tuple(f for f in map(_finding, findings) if f is not None),
                      values=values_from_facts(facts),
                      rule_errors=tuple(str(e)[:500] for e in errors) if isinstance(errors, list) else ())


def from_facts(node: str, facts: Any, options: Any, where: Optional[str] = None) -> NodeResult:
    """Facts collected elsewhere, judged with the fleet's options (the same pipeline as `check --facts`)."""
    from ..commands.check_cmd import build_report

    result = build_report(facts, options)
    return from_check_document(node, result.document, where)


def from_data(node: str, data: Any, options: Any, where: Optional[str] = None,
              seconds: Optional[float] = None) -> NodeResult:
    """A parsed JSON document of either kind."""
    from ..facts.model import FactsFormatError, facts_from_dict

    schema = data.get("schema") if isinstance(data, dict) else None
    if isinstance(schema, str) and schema.startswith(CHECK_SCHEMA):
        return from_check_document(node, data, where, seconds)
    if isinstance(schema, str) and schema.startswith(FACTS_SCHEMA):
        try:
            facts = facts_from_dict(data)
        except (FactsFormatError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            return unanswered(node, UNREADABLE, f"the facts document cannot be read: {exc}", where)
        facts.origin = "facts-file"
        return from_facts(node, facts, options, where)
    return unanswered(node, UNREADABLE, "not a yolodoctor check or facts document "
                                        f"(schema {str(schema)[:60]!r})" if schema else
                      "not a yolodoctor check or facts document (no schema member)", where)


def from_envelope(envelope: Any, options: Any, fallback_node: str, where: Optional[str] = None) -> NodeResult:
    """What node_task printed on a node: the report, or why there is none."""
    if not isinstance(envelope, dict):
        return unanswered(fallback_node, FAILED, "the node sent something that is not a report", where)
    node = str(envelope.get("node") or fallback_node)[:200]
    seconds = envelope.get("seconds") if isinstance(envelope.get("seconds"), (int, float)) else None
    report = envelope.get("report")
    if report is None:
        status = envelope.get("status") if envelope.get("status") in ("timed_out", "failed") else FAILED
        return unanswered(node, status, str(envelope.get("error") or "no report")[:2000], where, seconds)
    return from_data(node, report, options, where, seconds)
