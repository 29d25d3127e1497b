"""Applying a plan: safety checks, snapshot, then each command with its output streamed.

A failed command stops the apply; by default the snapshot is then rolled
back. Ctrl-C stops the installer and leaves the snapshot marked
"interrupted" for `yolodoctor rollback`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Mapping, Optional

from ..facts.runner import run
from . import snapshot as snapshots
from .commands import action_commands, display
from .plan import Action, Plan
from .rollback import RollbackResult, rollback
from .safety import AllowList, SafetyError, check_plan
from .stream import run_streaming


@dataclass(frozen=True)
class ApplyResult:
    status: str  # applied, failed, interrupted, nothing
    snapshot_id: Optional[str] = None
    failed_action: Optional[str] = None
    message: str = ""
    rollback: Optional[RollbackResult] = None


def check_target(plan: Plan, env: Mapping[str, str]) -> None:
    if not os.path.isfile(plan.python) or not os.access(plan.python, os.X_OK):
        raise SafetyError(f"the plan's interpreter {plan.python} does not exist or is not executable here")
    if plan.installer == "uv":
        if not plan.installer_path or not os.access(plan.installer_path, os.X_OK):
            raise SafetyError(f"the plan installs with uv at {plan.installer_path or '(not found)'}, which is not "
                              "executable here")
        return
    result = run([plan.python, "-m", "pip", "--version"], timeout=60, env=env)
    if not result.ok:
        raise SafetyError(f"{plan.python} has no working pip ({(result.stderr or result.stdout).strip()[-200:]}); "
                          f"add it with `{plan.python} -m ensurepip`, or install uv and use --installer uv")


def apply_plan(plan: Plan, allow: AllowList, env: Optional[Mapping[str, str]] = None,
               out: Callable[[str], None] = print, backup_wheels: bool = True,
               rollback_on_failure: bool = True,
               on_installer_start: Optional[Callable[[int], None]] = None) -> ApplyResult:
    env = dict(os.environ if env is None else env)
    check_plan(plan, allow)
    check_target(plan, env)
    runnable = plan.runnable_actions
    if not runnable:
        return ApplyResult("nothing", message="the plan has nothing to run")
    snap = snapshots.create(plan, env, backup_wheels=backup_wheels, on_line=out)
    out(f"snapshot {snap.id} saved in {snap.path}")
    snap.set_status(snapshots.APPLYING)
    try:
        for number, action in enumerate(runnable, 1):
            out(f"[{number}/{len(runnable)}] {action.title}")
            error = _run_action(plan, action, env, out, snap, on_installer_start)
            if error:
                snap.set_status(snapshots.FAILED, f"'{action.title}' failed: {error}")
                result = None
                if rollback_on_failure:
                    out(f"'{action.title}' failed ({error}); rolling back to snapshot {snap.id}")
                    result = rollback(snap, env, out)
                return ApplyResult("failed", snap.id, action.title, error, result)
    except KeyboardInterrupt:
        snap.set_status(snapshots.INTERRUPTED, "interrupted by the user")
        out(f"interrupted; the previous state is in snapshot {snap.id}: yolodoctor rollback {snap.id}")
        return ApplyResult("interrupted", snap.id, message="interrupted")
    snap.set_status(snapshots.APPLIED)
    return ApplyResult("applied", snap.id, message=f"applied {len(runnable)} action(s)")


def _run_action(plan: Plan, action: Action, env: dict[str, str], out: Callable[[str], None],
                snap: snapshots.Snapshot, on_start) -> Optional[str]:
    if action.kind == "setting":
        return _apply_setting(action, snap, out)
    for argv in action_commands(plan, action):
        out(f"$ {display(argv, action.env)}")
        snap.event("run: " + display(argv, action.env))
        snap.save()
        command_env = dict(env)
        command_env.update(dict(action.env))
        result = run_streaming(argv, command_env, lambda line: out(f"  {line}"), on_start=on_start)
        if not result.ok:
            if result.error:
                return result.error
            if result.signal:
                return f"{os.path.basename(argv[0])} was killed by signal {result.signal}"
            return f"exit code {result.exit_code}"
    return None


def _apply_setting(action: Action, snap: snapshots.Snapshot, out: Callable[[str], None]) -> Optional[str]:
    """Persistent settings are applied by persist_env, which keeps a backup for rollback."""
    try:
        from . import persist_env  # type: ignore[attr-defined]
    except ImportError:
        return "persistent settings cannot be applied by this version (persist_env is missing)"
    backup_dir = snap.path / "settings"
    backup_dir.mkdir(parents=True, exist_ok=True)
    try:
        record = persist_env.apply(action, str(backup_dir))
    except Exception as exc:  # reported, and rolled back like any failed step
        return f"{type(exc).__name__}: {exc}"
    snap.settings.append(record if isinstance(record, dict) else {"record": record})
    snap.save()
    out(f"  set {', '.join(name for name, _ in action.settings)} ({action.scope or 'user'})")
    return None
