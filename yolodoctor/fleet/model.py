"""What the fleet knows about one node, kept small so that a thousand of them fit in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

# How a node's gathering ended. Only "answered" nodes carry a verdict; every other status is a node that
# could not be judged, reported with its reason.
ANSWERED = "answered"
NO_ANSWER = "no_answer"  # the engine never heard from it (not started, lost, killed)
TIMED_OUT = "timed_out"  # it started but did not finish within the per-node bound
FAILED = "failed"  # it ran, but yolodoctor could not produce a report there (missing, crashed, bad --python)
UNREADABLE = "unreadable"  # a collected report that cannot be read
DOWN = "down"  # the engine itself says the node is unavailable (Slurm down/drained, Ray dead)
STATUSES = (ANSWERED, NO_ANSWER, TIMED_OUT, FAILED, UNREADABLE, DOWN)


@dataclass(frozen=True)
class NodeFinding:
    id: str
    severity: str
    category: str
    area: str
    title: str
    message: str
    fix: str
    counted: bool


@dataclass(frozen=True)
class NodeResult:
    node: str
    status: str
    reason: Optional[str] = None  # why it was not judged (not for answered nodes)
    seconds: Optional[float] = None  # how long the node took, as measured where it ran
    where: Optional[str] = None  # the file it came from, the Ray node id, the Slurm task
    exit_code: Optional[int] = None  # the node's own verdict
    findings: tuple[NodeFinding, ...] = ()
    values: dict[str, Optional[str]] = field(default_factory=dict)  # drift key -> value (drift.py)
    rule_errors: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "status": self.status, "reason": self.reason, "seconds": self.seconds,
                "where": self.where, "exit_code": self.exit_code,
                "findings": [f.id for f in self.findings], "values": dict(self.values),
                "rule_errors": list(self.rule_errors)}


def unanswered(node: str, status: str, reason: str, where: Optional[str] = None,
               seconds: Optional[float] = None) -> NodeResult:
    return NodeResult(node=node, status=status, reason=reason, where=where, seconds=seconds)
