"""The fleet's verdict from its nodes: findings grouped across nodes (one fix per group), the drift
table, the nodes that were not judged, and the exit code by check's rules (docs/fleet.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

from .. import __version__, exitcodes
from .drift import Drift, drift_table
from .model import ANSWERED, NodeResult

SCHEMA = "yolodoctor.fleet/1"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Group:
    """One finding shared by several nodes, with the same fix on all of them."""

    id: str
    severity: str
    category: str
    area: str
    title: str
    fix: str
    message: str  # as the first node of the group words it
    counted: bool
    nodes: tuple[str, ...]

    def to_dict(self, total: int) -> dict[str, Any]:
        return {"id": self.id, "severity": self.severity, "category": self.category, "area": self.area,
                "title": self.title, "counted": self.counted, "nodes": list(self.nodes), "count": len(self.nodes),
                "of": total, "fix": self.fix, "message": self.message}


def group_findings(nodes: Sequence[NodeResult]) -> list[Group]:
    """Nodes that share a finding and its fix form one group; the same finding with another fix (another
    interpreter path, another driver to install) is another group. Gravest and widest first."""
    groups: dict[tuple[str, str, bool], list] = {}
    for node in nodes:
        if node.status != ANSWERED:
            continue
        for f in node.findings:
            key = (f.id, f.fix, f.counted)
            if key not in groups:
                groups[key] = [f, []]
            groups[key][1].append(node.node)
    out = [Group(f.id, f.severity, f.category, f.area, f.title, f.fix, f.message, f.counted, tuple(sorted(names)))
           for f, names in groups.values()]
    out.sort(key=lambda g: (not g.counted, SEVERITY_ORDER.get(g.severity, 3), -len(g.nodes), g.id, g.nodes))
    return out


def without_ignored(nodes: Iterable[NodeResult], ignore: Iterable[str]) -> list[NodeResult]:
    """Reports taken as the nodes judged them still lose the findings the fleet's policy ignores."""
    from dataclasses import replace

    ids = set(ignore)
    return [replace(n, findings=tuple(f for f in n.findings if f.id not in ids)) for n in nodes]


def exit_code(groups: Sequence[Group], drift: Sequence[Drift], nodes: Sequence[NodeResult], fail_on: str,
              smoke: Optional[dict] = None) -> int:
    """check's rules over the whole fleet: a counted error anywhere -> 2, a counted warning -> 1 (with
    --fail-on warning). A node that could not be judged is an error: the fleet's verdict is incomplete.
    Drift in what must match across a job's nodes (drift.FACTS, `counts`) is a warning."""
    if fail_on == "never":
        return exitcodes.HEALTHY
    errors = any(g.counted and g.severity == "error" for g in groups)
    errors = errors or any(n.status != ANSWERED or n.rule_errors for n in nodes)
    errors = errors or (smoke is not None and smoke.get("status") != "ok")
    if errors:
        return exitcodes.ERRORS
    warnings = any(g.counted and g.severity == "warning" for g in groups) or any(d.counts for d in drift)
    return exitcodes.WARNINGS if warnings and fail_on == "warning" else exitcodes.HEALTHY


def build_fleet_document(nodes: Iterable[NodeResult], source: str, fail_on: str, profile: Optional[str] = None,
                         wall_seconds: Optional[float] = None, smoke: Optional[dict] = None,
                         smoke_asked: bool = False) -> dict[str, Any]:
    nodes = sorted(nodes, key=lambda n: n.node)
    answered = [n for n in nodes if n.status == ANSWERED]
    groups = group_findings(nodes)
    drift = drift_table(nodes)
    if smoke_asked and smoke is None:  # fewer than two nodes answered: nothing to reduce across
        smoke = {"status": "skipped", "reason": "fewer than two nodes answered", "failed_nodes": [],
                 "failed_pairs": []}
    code = exit_code(groups, drift, nodes, fail_on, smoke if smoke and smoke["status"] != "skipped" else None)
    total = len(nodes)
    seconds = sorted(n.seconds for n in answered if n.seconds is not None)
    document = {
        "schema": SCHEMA,
        "yolodoctor_version": __version__,
        "source": source,
        "profile": profile,
        "fail_on": fail_on,
        "exit_code": code,
        "summary": {
            "nodes": total, "answered": len(answered), "not_answered": total - len(answered),
            "healthy": sum(1 for n in answered if not any(f.counted and f.severity in ("error", "warning")
                                                         for f in n.findings) and not n.rule_errors),
            "groups": len(groups), "drift": len(drift),
            "error": sum(1 for g in groups if g.counted and g.severity == "error"),
            "warning": sum(1 for g in groups if g.counted and g.severity == "warning"),
            "node_seconds_median": seconds[len(seconds) // 2] if seconds else None,
            "node_seconds_max": seconds[-1] if seconds else None,
            "wall_seconds": round(wall_seconds, 3) if wall_seconds is not None else None,
        },
        "drift": [d.to_dict() for d in drift],
        "groups": [g.to_dict(total) for g in groups],
        "not_answered": [{"node": n.node, "status": n.status, "reason": n.reason, "where": n.where}
                         for n in nodes if n.status != ANSWERED],
        "rule_errors": [{"node": n.node, "errors": list(n.rule_errors)} for n in nodes if n.rule_errors],
        "nodes": [n.to_dict() for n in nodes],
    }
    if smoke is not None:
        document["smoke"] = smoke
    return _redacted(document)


def _redacted(data: Any) -> Any:
    """redact.redact_text over every string of the document. Nodes repeat the same values (versions, GPU
    names, fixes) a thousand times over: each distinct string is redacted once."""
    from functools import lru_cache

    from ..report.redact import redact_text

    text = lru_cache(maxsize=65536)(redact_text)

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return text(value)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(data)
