"""Did the apply make things better? The same checks before and after, compared.

Problems are the rule engine's error and warning findings (when the engine
is available), plus imports that worked before and fail now (torch and the
packages around it) and, without the engine, the torch set judged by
select.py. The environment got worse when a problem appears that was not
there before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from ..facts.model import OK, Facts
from ..i18n import tr

try:  # the rule engine; fix works without it (planning from facts alone)
    from ..diagnose.engine import diagnose as _diagnose  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on what is installed
    _diagnose = None


def run_engine(facts: Facts, profile=None):
    """Findings from the rule engine (judged against `profile` when given), or None when this build has no
    engine."""
    if _diagnose is None:
        return None
    return list(_diagnose(facts, profile=profile))


@dataclass(frozen=True)
class Health:
    problems: tuple[tuple[str, str], ...]  # (key, description)

    @property
    def keys(self) -> set[str]:
        return {k for k, _ in self.problems}


def health(facts: Facts, findings: Optional[Sequence] = None, profile=None) -> Health:
    problems: list[tuple[str, str]] = []
    if findings is None:
        findings = run_engine(facts, profile)
    if findings is not None:
        for finding in findings:
            if finding.severity in ("error", "warning"):
                problems.append((f"finding:{finding.id}", f"{finding.id} {_title(finding)}"))
    else:
        from .machine import machine_from_facts
        from .select import select_torch_set

        selection = select_torch_set(machine_from_facts(facts))
        if not selection.current_ok:
            problems.append(("torch-set", tr("the torch set does not fit this machine's driver and GPUs")))
    if facts.torch.status and facts.torch.status != OK and facts.distribution("torch") is not None:
        problems.append(("import:torch", f"import torch: {facts.torch.status} {facts.torch.error or ''}".strip()))
    for name, package in sorted(facts.packages.items()):
        if package.status in ("error", "crashed", "timeout"):
            problems.append((f"import:{name}", f"import {name}: {package.status} {package.error or ''}".strip()))
    return Health(tuple(problems))


def _title(finding) -> str:
    """The finding's title in the reader's language (the catalogue's zh-CN title)."""
    from ..i18n import is_chinese

    if not is_chinese():
        return finding.title
    from ..knowledge.rules import load_catalogue

    rule = load_catalogue().get(finding.id)
    return rule.in_language("zh-CN").title if rule is not None else finding.title


def worse(before: Health, after: Health) -> list[str]:
    """Problems present after that were not present before."""
    known = before.keys
    return [text for key, text in after.problems if key not in known]
