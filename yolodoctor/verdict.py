"""The pre-flight verdict: which findings decide the exit code, given a profile and a policy.

Ignored rule ids are dropped; findings the profile does not care about are kept for the report but not
counted (profiles/relevance.py). The same facts, profile and policy always give the same verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from .diagnose.model import Finding
from .facts.model import Facts
from .profiles.model import Profile
from .profiles.relevance import not_counted_reason

ExitCodeFor = Callable[[Sequence[Finding], str], int]


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    fail_on: str
    profile: Optional[str]
    counted: tuple[Finding, ...]
    not_counted: tuple[tuple[Finding, str], ...]  # (finding, why it does not count)
    ignored: tuple[Finding, ...]
    policy_path: Optional[str] = None

    @property
    def reported(self) -> tuple[Finding, ...]:
        """What the report shows: everything not ignored, counted first (each in engine order)."""
        return self.counted + tuple(f for f, _ in self.not_counted)

    def reason(self, finding: Finding) -> Optional[str]:
        for other, why in self.not_counted:
            if other is finding:
                return why
        return None


def decide(findings: Sequence[Finding], facts: Facts, exit_code_for: ExitCodeFor, fail_on: str,
           profile: Optional[Profile] = None, ignore: Sequence[str] = (), offline: bool = False,
           policy_path: Optional[str] = None) -> Verdict:
    ignored_ids = set(ignore)
    ignored = tuple(f for f in findings if f.id in ignored_ids)
    counted: list[Finding] = []
    not_counted: list[tuple[Finding, str]] = []
    for finding in findings:
        if finding.id in ignored_ids:
            continue
        why = not_counted_reason(finding, profile, facts, offline)
        if why is None:
            counted.append(finding)
        else:
            not_counted.append((finding, why))
    return Verdict(exit_code=exit_code_for(counted, fail_on), fail_on=fail_on,
                   profile=profile.name if profile else None, counted=tuple(counted),
                   not_counted=tuple(not_counted), ignored=ignored, policy_path=policy_path)
