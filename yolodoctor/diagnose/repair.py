"""Where a finding's fix names the torch set to install.

A predicate never composes a torch install command itself: it writes
TORCH_REPAIR where the command goes, and the engine fills it from the one
chooser (fix/chooser.py, through fix/planner.py's torch_plan), the same call
that makes `fix`'s plan. So check and fix cannot print different commands.
"""

from __future__ import annotations

TORCH_REPAIR = "{torch-repair}"


def torch_repair(lead: str, *alternatives: str) -> str:
    """A fix text: `lead`, the chooser's command(s) under it, then the alternatives."""
    return "\n".join((f"{lead}:\n  {TORCH_REPAIR}", *alternatives))
