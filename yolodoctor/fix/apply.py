"""Applying a plan: safety checks, the env's lock, snapshot, then each command with its output streamed.

Nothing changes before the snapshot (with its wheel backups) is complete: a
failure until then is "nothing was changed". A failed command (or any error
after the first change: a full disk, a lost file) stops the apply; by default
the snapshot is then rolled back, and if that fails too the result says so
and names the exact `yolodoctor rollback` command. Ctrl-C stops the installer
and leaves the snapshot marked "interrupted" for `yolodoctor rollback`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Mapping, Optional

from ..facts.runner import run
from . import snapshot as snapshots
from ..i18n import tr
from .commands import action_commands, display
from .plan import Action, Plan
from .lock import target_key, target_lock
from .rollback import RollbackResult, rollback
from .safety import AllowList, SafetyError, TargetScopes, check_plan
from .stream import run_streaming


@dataclass(frozen=True)
class ApplyResult:
    status: str  # applied, failed, interrupted, nothing
    snapshot_id: Optional[str] = None
    failed_action: Optional[str] = None
    message: str = ""
    rollback: Optional[RollbackResult] = None
    rollback_error: Optional[str] = None  # the automatic rollback itself could not run

    @property
    def rollback_command(self) -> Optional[str]:
        return f"yolodoctor rollback {self.snapshot_id} --yes" if self.snapshot_id else None


def check_target(plan: Plan, env: Mapping[str, str]) -> None:
    if not os.path.isfile(plan.python) or not os.access(plan.python, os.X_OK):
        raise SafetyError(tr("the plan's interpreter {python} does not exist or is not executable here",
                             python=plan.python))
    if plan.installer == "uv":
        if not plan.installer_path or not os.access(plan.installer_path, os.X_OK):
            raise SafetyError(tr("the plan installs with uv at {path}, which is not executable here",
                                 path=plan.installer_path or tr("(not found)")))
        answer = run([plan.installer_path, "--version"], timeout=30, env=env)
        if not answer.ok or not answer.stdout.startswith("uv "):
            raise SafetyError(tr("{path} does not answer `--version` like uv; it is not run", path=plan.installer_path))
        return
    result = run([plan.python, "-m", "pip", "--version"], timeout=60, env=env)
    if not result.ok:
        raise SafetyError(tr("{python} has no working pip ({error}); add it with {command}, or install uv and use "
                             "--installer uv", python=plan.python, error=(result.stderr or result.stdout).strip()[-200:],
                             command=f"`{plan.python} -m ensurepip`"))


def apply_plan(plan: Plan, allow: AllowList, env: Optional[Mapping[str, str]] = None,
               out: Callable[[str], None] = print, backup_wheels: bool = True,
               rollback_on_failure: bool = True,
               on_installer_start: Optional[Callable[[int], None]] = None,
               scopes: Optional[TargetScopes] = None) -> ApplyResult:
    """Raises SafetyError (refused), LockBusy or SnapshotError before anything changed."""
    env = dict(os.environ if env is None else env)
    check_plan(plan, allow, scopes)
    check_target(plan, env)
    runnable = plan.runnable_actions
    if not runnable:
        return ApplyResult("nothing", message=tr("the plan has nothing to run"))
    with target_lock(target_key(plan.prefix or plan.python), env):
        snap = snapshots.create(plan, env, backup_wheels=backup_wheels, on_line=out)
        out(tr("snapshot {id} saved in {path}", id=snap.id, path=snap.path))
        try:
            snap.set_status(snapshots.APPLYING)
        except OSError as exc:
            raise snapshots.SnapshotError(tr("cannot write the snapshot {path}: {error}", path=snap.path,
                                             error=exc.strerror or exc)) from None
        return _apply_actions(plan, runnable, snap, env, out, rollback_on_failure, on_installer_start)


def _apply_actions(plan: Plan, runnable, snap: snapshots.Snapshot, env: dict[str, str], out, rollback_on_failure,
                   on_installer_start) -> ApplyResult:
    title = None
    try:
        for number, action in enumerate(runnable, 1):
            title = action.title
            out(f"[{number}/{len(runnable)}] {action.title}")
            error = _run_action(plan, action, env, out, snap, on_installer_start)
            if error:
                return _failed(snap, action.title, error, env, out, rollback_on_failure)
        snap.set_status(snapshots.APPLIED)
    except KeyboardInterrupt:
        _mark(snap, snapshots.INTERRUPTED, "interrupted by the user")
        out(tr("interrupted; the previous state is in snapshot {id}: {command}", id=snap.id,
               command=f"yolodoctor rollback {snap.id}"))
        return ApplyResult("interrupted", snap.id, message=tr("interrupted"))
    except Exception as exc:  # a full disk, a vanished file: the env may have changed, so undo it
        return _failed(snap, title or "apply", f"{type(exc).__name__}: {exc}", env, out, rollback_on_failure)
    return ApplyResult("applied", snap.id, message=tr("applied {count} action(s)", count=len(runnable)))


def _mark(snap: snapshots.Snapshot, status: str, text: str) -> None:
    try:
        snap.set_status(status, text)
    except OSError:  # the disk may be full: the status on disk stays "applying", which history shows as interrupted
        snap.status = status


def _failed(snap: snapshots.Snapshot, title: str, error: str, env: dict[str, str], out,
            rollback_on_failure: bool) -> ApplyResult:
    _mark(snap, snapshots.FAILED, f"'{title}' failed: {error}")
    if not rollback_on_failure:
        return ApplyResult("failed", snap.id, title, error)
    out(tr("'{action}' failed ({error}); rolling back to snapshot {id}", action=title, error=error, id=snap.id))
    try:
        result = rollback(snap, env, out)
    except Exception as exc:  # the rollback could not even start: say so, and how to retry it
        _mark(snap, snapshots.ROLLBACK_FAILED, f"rollback: {exc}")
        return ApplyResult("failed", snap.id, title, error, None, f"{type(exc).__name__}: {exc}")
    return ApplyResult("failed", snap.id, title, error, result)


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
                return tr("{program} was killed by signal {signal}", program=os.path.basename(argv[0]),
                          signal=result.signal)
            return tr("exit code {code}", code=result.exit_code)
    return None


def _apply_setting(action: Action, snap: snapshots.Snapshot, out: Callable[[str], None]) -> Optional[str]:
    """Persistent settings are applied by persist_env, which keeps a backup for rollback."""
    try:
        from . import persist_env  # type: ignore[attr-defined]
    except ImportError:
        return tr("persistent settings cannot be applied by this version (persist_env is missing)")
    backup_dir = snap.path / "settings"
    snapshots.private_dir(backup_dir)
    try:
        record = persist_env.apply(action, str(backup_dir))
    except Exception as exc:  # reported, and rolled back like any failed step
        return f"{type(exc).__name__}: {exc}"
    snap.settings.append(record if isinstance(record, dict) else {"record": record})
    snap.save()
    out("  " + tr("set {names} ({scope})", names=', '.join(name for name, _ in action.settings),
                  scope=action.scope or 'user'))
    return None
