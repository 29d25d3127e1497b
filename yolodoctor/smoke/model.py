"""The results of a smoke run: one StageResult per stage and device."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional

from ..diagnose.model import Finding

SCHEMA = "yolodoctor.smoke/1"
PASS, FAIL, SKIP = "pass", "fail", "skip"
STATUSES = (PASS, FAIL, SKIP)


@dataclass(frozen=True)
class Check:
    """One step inside a stage (e.g. "autocast float16 with GradScaler")."""

    name: str
    status: str
    seconds: float
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StageResult:
    name: str
    device: str  # cpu, cuda:N, cuda:0,cuda:1 (distributed), or "-" for a stage that did not get that far
    status: str  # pass, fail, skip
    seconds: float
    detail: str  # one line: what passed, why it was skipped, or what failed
    error: Optional[str] = None  # on failure: the verbatim error (and stderr tail)
    finding: Optional[str] = None  # the id of the finding the failure points to
    checks: tuple[Check, ...] = ()
    warnings: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name if self.device in ("", "-") else f"{self.name} [{self.device}]"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["checks"] = [asdict(c) for c in self.checks]
        out["warnings"] = list(self.warnings)
        return out


@dataclass(frozen=True)
class SmokeReport:
    python: str
    level: str
    device_spec: str
    stages: tuple[StageResult, ...]
    findings: tuple[Finding, ...] = ()
    torch: dict[str, Any] = field(default_factory=dict)
    devices: tuple[dict[str, Any], ...] = ()
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for s in self.stages if s.status == status)

    @property
    def passed(self) -> bool:
        """Every stage that ran passed."""
        return self.count(FAIL) == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "python": self.python,
            "level": self.level,
            "device": self.device_spec,
            "torch": self.torch,
            "devices": list(self.devices),
            "stages": [s.to_dict() for s in self.stages],
            "findings": [_finding_dict(f) for f in self.findings],
            "summary": {"passed": self.count(PASS), "failed": self.count(FAIL), "skipped": self.count(SKIP),
                        "seconds": round(self.seconds, 3), "ok": self.passed},
        }


def _finding_dict(finding: Finding) -> dict[str, Any]:
    out = asdict(finding)
    for key in ("evidence", "references", "explains"):
        out[key] = list(out[key])
    return out
