"""The `fix` command's flow: facts -> findings -> plan -> (consent) -> apply -> verify -> (rollback)."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

import typer

from ..exitcodes import DATA, ERRORS, HEALTHY, INTERRUPTED, USAGE, WARNINGS, UserError
from ..facts.model import Facts
from ..i18n import tr
from .apply import ApplyResult, apply_plan
from .identity import IdentityError, check_identity, identity_of
from .lock import LockBusy, LockUnavailable
from .plan import MAX_PLAN_BYTES, Plan, PlanFormatError, load_plan_text, plan_to_dict, plan_to_json
from .planner import PlanOptions, make_plan
from .render import render_plan
from .safety import AllowList, SafetyError, TargetScopes, check_plan
from .snapshot import SnapshotError
from .verify import health, run_engine, worse


@dataclass(frozen=True)
class FixRequest:
    python: Optional[str] = None
    yes: bool = False
    output_format: str = "text"
    plan_out: Optional[str] = None
    plan_file: Optional[str] = None
    facts_file: Optional[str] = None
    torch_pin: Optional[str] = None
    torch_index: Optional[str] = None
    flash_attn_releases: Optional[str] = None
    installer: str = "auto"
    break_system_packages: bool = False
    backup_wheels: bool = True
    verify: bool = True
    rollback_on_failure: bool = True
    timeout: float = 60.0
    interactive: bool = False
    profile: Any = None  # the workload profile (yolodoctor.profiles.Profile, policy applied) to plan toward
    resolve: bool = True  # resolve each install against the target (dry run) before showing the plan


def _allow_list(facts: Optional[Facts]) -> AllowList:
    configured: list[Optional[str]] = []
    if facts is not None:
        pip = facts.python.pip_config
        configured += [pip.index_url, *pip.extra_index_urls, *pip.find_links, facts.env.pip_index_url,
                       *(facts.env.pip_extra_index_url or "").split()]
    return AllowList.from_settings(configured)


def _scopes(facts: Facts) -> TargetScopes:
    return TargetScopes.of(facts.python.executable or "", facts.python.prefix, facts.python.is_venv,
                           facts.python.conda_env)


def _load_plan(path: str) -> Plan:
    """The plan file as validated data; nothing in it is run or trusted yet."""
    from ..documents import read_capped

    text = read_capped(path, MAX_PLAN_BYTES, "plan")
    try:
        return load_plan_text(text)
    except PlanFormatError as exc:
        raise UserError(f"{path}: {exc}", DATA) from None


def _rederive(saved: Plan, current: Facts, request: "FixRequest") -> Plan:
    """What runs comes from this invocation, never from the file: the interpreter the user named (or the
    active env), uv from PATH, the PEP 668 state read again, the override only from the command line."""
    from dataclasses import replace

    installer_path = None
    if saved.installer == "uv":
        installer_path = shutil.which("uv")
        if installer_path is None:
            raise UserError(tr("the plan installs with uv, and there is no uv on PATH; nothing was changed"), USAGE)
    return replace(saved, python=current.python.executable or "", installer_path=installer_path,
                   prefix=current.python.prefix, python_version=current.python.version,
                   externally_managed=bool(current.python.externally_managed),
                   break_system_packages=request.break_system_packages)


def _profile_torch_pin(profile) -> Optional[str]:
    """The torch a profile pins exactly, with the CUDA variant its CUDA range allows ("2.2.2+cu118")."""
    if profile is None:
        return None
    from ..profiles.advice import torch_pin

    return torch_pin(profile)


def run_fix(request: FixRequest, collect: Callable[[Optional[str]], Facts],
            load_facts: Callable[[str], Facts]) -> int:
    """collect(python, network=True) gathers live facts for that interpreter (None: the request's)."""
    text = request.output_format == "text"
    # In JSON mode stdout carries one document; everything else goes to stderr.
    say = typer.echo if text else (lambda line: typer.echo(line, err=True))
    facts: Optional[Facts] = None
    findings = None
    if request.plan_file:
        saved = _load_plan(request.plan_file)
        # The only thing run before consent: read-only probes of the interpreter the user named.
        current = _quick_facts(request.python, request.timeout)
        try:
            check_identity(saved.target, identity_of(current), request.plan_file)
        except IdentityError as exc:
            raise UserError(str(exc), exc.code) from None
        plan = _rederive(saved, current, request)
        allow, scopes = _allow_list(current), _scopes(current)
    else:
        facts = load_facts(request.facts_file) if request.facts_file else collect(request.python)
        findings = run_engine(facts, request.profile)
        options = PlanOptions(torch_pin=request.torch_pin or _profile_torch_pin(request.profile),
                              torch_index=request.torch_index,
                              flash_attn_releases=request.flash_attn_releases, installer=request.installer,
                              uv_path=shutil.which("uv"), break_system_packages=request.break_system_packages)
        from dataclasses import replace

        plan = replace(make_plan(facts, findings, options), target=identity_of(facts),
                       break_system_packages=request.break_system_packages)
        allow, scopes = _allow_list(facts), _scopes(facts)
    from .interrupted import interrupted_notice

    notice = interrupted_notice(plan.prefix) if not request.facts_file else None
    if notice:
        typer.echo(notice, err=True)
    try:
        check_plan(plan, allow, scopes)
        refusal = None
    except SafetyError as exc:
        refusal = str(exc)
    if refusal is None and facts is not None and not request.facts_file and request.resolve \
            and any(a.kind == "install" for a in plan.actions):
        # Only sources that passed the safety check are contacted, by the target's own installer.
        from .resolve import guard_plan

        say(tr("Resolving each install against the target (installer dry run, torch stack held)..."))
        plan = guard_plan(plan, facts)
    if request.plan_out:
        try:
            Path(request.plan_out).write_text(plan_to_json(plan), encoding="utf-8")
        except OSError as exc:
            raise UserError(tr("cannot write {path}: {error}", path=request.plan_out, error=exc.strerror or exc),
                            USAGE) from None
    if text:
        render_plan(plan, typer.echo)
        if request.plan_out:
            typer.echo("\n" + tr("plan saved to {path}", path=request.plan_out))
    runnable = plan.runnable_actions
    if refusal:
        if not text:
            typer.echo(json.dumps({"plan": plan_to_dict(plan), "refused": refusal}, indent=2))
        raise UserError(tr("refused: {reason}", reason=refusal), USAGE)
    apply_now = request.yes
    if not apply_now and runnable and request.interactive and text and not request.facts_file:
        typer.echo("")
        apply_now = typer.confirm(tr("Apply this plan?"), default=False)
    if not apply_now or not runnable:
        if not text:
            typer.echo(plan_to_json(plan), nl=False)
        elif runnable:
            typer.echo("\n" + tr("Dry run: nothing was changed. Apply it with: {command}",
                                  command="yolodoctor fix --yes"
                                  + (f" --plan {request.plan_out}" if request.plan_out else "")))
        return HEALTHY
    say("")
    if facts is None and request.verify:
        facts = collect(plan.python)  # a saved plan: what the machine looks like before it is applied
        findings = run_engine(facts, request.profile)
    try:
        result = apply_plan(plan, allow, out=say, backup_wheels=request.backup_wheels,
                            rollback_on_failure=request.rollback_on_failure, scopes=scopes)
    except SafetyError as exc:
        raise UserError(tr("refused: {reason}", reason=exc), USAGE) from None
    except LockBusy as exc:
        raise UserError(str(exc), ERRORS) from None
    except (SnapshotError, LockUnavailable) as exc:
        raise UserError(tr("no snapshot could be taken, nothing was changed: {error}", error=exc), ERRORS) from None
    code, summary = _outcome(result)
    verification = None
    if result.status == "applied" and request.verify and facts is not None and facts.origin == "live":
        code, verification = _verify(facts, findings, lambda: collect(plan.python, False), result, request, say)
    say(summary)
    if not text:
        typer.echo(json.dumps({"plan": plan_to_dict(plan), "status": result.status, "snapshot": result.snapshot_id,
                               "message": result.message, "failed_action": result.failed_action,
                               "rolled_back": bool(result.rollback and result.rollback.ok),
                               "verification": verification}, indent=2))
    return code


def _quick_facts(python: Optional[str], timeout: float) -> Facts:
    """Metadata facts (nothing imported) of the target this invocation names: --python, else the active env."""
    from ..facts.collect import CollectOptions, collect
    from ..facts.target import TargetError

    try:
        return collect(CollectOptions(python=python, fast=True, import_timeout=timeout, command_timeout=10.0))
    except TargetError as exc:
        raise UserError(str(exc), USAGE) from None


def _outcome(result: ApplyResult) -> tuple[int, str]:
    if result.status == "applied":
        return HEALTHY, "✓ " + tr("{message}; snapshot {snapshot} (undo: {command})", message=result.message,
                                  snapshot=result.snapshot_id, command=f"yolodoctor rollback {result.snapshot_id}")
    if result.status == "nothing":
        return HEALTHY, tr("Nothing to apply.")
    if result.status == "interrupted":
        return INTERRUPTED, "✗ " + tr("interrupted; restore with: {command}",
                                      command=f"yolodoctor rollback {result.snapshot_id}")
    rolled = result.rollback
    values = dict(action=result.failed_action, message=result.message, command=result.rollback_command)
    if result.rollback_error:
        return ERRORS, "✗ " + tr("'{action}' failed: {message}; the automatic rollback failed too ({error}); "
                                 "restore it with: {command}", error=result.rollback_error, **values)
    if rolled is None:
        return ERRORS, "✗ " + tr("'{action}' failed: {message}; the partial change is kept (undo: {command})",
                                 **values)
    if rolled.ok:
        return ERRORS, "✗ " + tr("'{action}' failed: {message}; the previous state was restored",
                                 action=result.failed_action, message=result.message)
    return ERRORS, "✗ " + tr("'{action}' failed: {message}; rollback incomplete: {reason}; try again with: {command}",
                             reason=rolled.message, **values)


def _verify(before_facts: Facts, findings, collect, result: ApplyResult, request: FixRequest, say):
    from . import snapshot as snapshots
    from .rollback import rollback

    say(tr("checking again ..."))
    after_facts = collect()
    before, after = health(before_facts, findings), health(after_facts, profile=request.profile)
    new = worse(before, after)
    report = {"before": [t for _, t in before.problems], "after": [t for _, t in after.problems], "new": new}
    if not new:
        if after.problems:
            say(tr("check after fix: {count} problem(s) remain:", count=len(after.problems)))
            for _, line in after.problems:
                say(f"  - {line}")
            return WARNINGS, report
        say(tr("check after fix: healthy"))
        return HEALTHY, report
    say(tr("the environment got worse:"))
    for line in new:
        say(f"  - {line}")
    undo = True
    if not request.yes and request.interactive:
        undo = typer.confirm(tr("Roll back to the snapshot?"), default=True)
    if not undo:
        say(tr("kept; undo later with: {command}", command=f"yolodoctor rollback {result.snapshot_id}"))
        return ERRORS, report
    from .lock import target_key, target_lock

    try:
        snap = snapshots.load(result.snapshot_id)
        with target_lock(target_key(snap.prefix or snap.python)):
            rolled = rollback(snap, dict(os.environ), say)
    except (SnapshotError, LockBusy, LockUnavailable, OSError) as exc:
        say(tr("rollback failed: {error}; restore it with: {command}", error=exc,
               command=f"yolodoctor rollback {result.snapshot_id} --yes"))
        return ERRORS, report
    report["rolled_back"] = rolled.ok
    say(("✓ " + tr("rolled back: {message}", message=rolled.message)) if rolled.ok else "✗ " + rolled.message)
    return ERRORS, report
