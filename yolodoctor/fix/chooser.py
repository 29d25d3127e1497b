"""One judgement, one repair: the torch set check prints is the torch set fix plans.

`fill_torch_repairs` runs after the rules: every finding whose fix holds
diagnose.repair.TORCH_REPAIR gets the commands of the plan's torch action
for the same facts and findings (planner.torch_plan, rendered for pip under
the target interpreter, exactly as `fix --installer pip` renders them), or,
when the chooser finds no build, what it says instead.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Optional, Sequence

from ..diagnose.model import Finding
from ..diagnose.repair import TORCH_REPAIR
from ..facts.model import Facts
from ..i18n import tr
from .commands import action_commands, display
from .machine import machine_from_facts
from .plan import Action, Plan
from .planner import PlanOptions, torch_plan


def profile_torch_pin(profile: Any) -> Optional[str]:
    """The torch a profile pins exactly ("2.2.2+cu118"), as `fix --profile` plans it."""
    if profile is None or not getattr(profile, "torch", None):
        return None
    from ..profiles.advice import torch_pin

    try:
        return torch_pin(profile)
    except (AttributeError, TypeError):  # a profile object of another shape pins nothing here
        return None


def repair_text(facts: Facts, actions: Sequence[Action]) -> str:
    """What replaces TORCH_REPAIR: the install command(s), or the manual/info steps, and their notes."""
    plan = Plan(python=facts.python.executable or "python", installer="pip")
    lines: list[str] = []
    for action in actions:
        if action.kind == "install":
            lines += [display(argv) for argv in action_commands(plan, action)]
        elif action.kind == "manual":
            lines.append(tr("{title}:", title=action.title))
            lines += [f"  {step}" for step in action.steps]
        else:
            lines.append(tr("{title}: {why}", title=action.title, why=action.why))
        lines += [tr("({note})", note=note) for note in action.notes]
    return "\n  ".join(lines)


def fill_torch_repairs(facts: Facts, findings: list[Finding], profile: Any = None) -> list[Finding]:
    wanting = [f for f in findings if f.fix and TORCH_REPAIR in f.fix]
    if not wanting:
        return findings
    options = PlanOptions(torch_pin=profile_torch_pin(profile), installer="pip")
    selection, actions = torch_plan(facts, machine_from_facts(facts), findings, options)
    if actions:
        text = repair_text(facts, actions)
    elif selection is not None and selection.current_ok:
        text = tr("(no change of torch: {torch} already fits the driver and GPUs)",
                  torch=facts.torch.version or tr("the installed build"))
    else:
        text = tr("(no torch build recorded in compat/ fits; see the other findings)")
    data: dict[str, Any] = {}
    chosen = selection.chosen if selection is not None else None
    if chosen is not None:
        install = next((a for a in actions if a.kind == "install"), None)
        data = {"wanted_torch": chosen.torch, "wanted_variant": chosen.variant,
                "wanted_torchvision": chosen.torchvision, "wanted_torchaudio": chosen.torchaudio,
                "index_url": install.index_url if install is not None else None}
    def fill(value: Any) -> Any:
        return value.replace(TORCH_REPAIR, text) if isinstance(value, str) else value

    filled = {id(f): replace(f, fix=fill(f.fix), data={**{k: fill(v) for k, v in f.data.items()}, **data})
              for f in wanting}
    return [filled.get(id(f), f) for f in findings]
