"""The plan as a person reads it: each action, why, and the exact commands."""

from __future__ import annotations

from typing import Callable

from ..i18n import tr
from ..report.redact import redact_text
from .commands import action_commands, display
from .plan import Plan

MARK = {"install": "+", "uninstall": "-", "setting": "=", "manual": "!", "info": "i"}


def render_plan(plan: Plan, out: Callable[[str], None]) -> None:
    out(tr("Plan for {python}", python=plan.python) + (f" (Python {plan.python_version})" if plan.python_version else "")
        + tr(", installing with {installer}", installer=plan.installer))
    if not plan.actions:
        out("  " + tr("Nothing to do."))
    for number, action in enumerate(plan.actions, 1):
        root = tr(" [needs root or a restart: printed, not run]") if action.kind == "manual" else ""
        out("")
        out(f"{number}. [{MARK.get(action.kind, '?')}] {action.title}{root}")
        if action.findings:
            out("   " + tr("findings: {ids}", ids=', '.join(action.findings)))
        if action.why:
            out("   " + tr("why: {reason}", reason=redact_text(action.why)))
        for argv in action_commands(plan, action):
            out("   " + tr("run: {command}", command=redact_text(display(argv, action.env))))
        if action.kind == "setting":
            for name, value in action.settings:
                out("   " + tr("set: {setting} ({scope})", setting=f"{name}={redact_text(value)}",
                               scope=action.scope or 'user'))
        for change in action.changes:
            out("   " + tr("changes: {change}", change=redact_text(change)))
        for step in action.steps:
            out("   " + tr("step: {step}", step=redact_text(step)))
        for note in action.notes:
            out("   " + tr("note: {note}", note=redact_text(note)))
        if not action.verified:
            out("   " + tr("note: {note}", note=tr("part of this rests on compatibility data marked unverified")))
    for note in plan.notes:
        out(tr("note: {note}", note=note))
