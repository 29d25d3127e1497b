"""`yolodoctor fix`, `history`, `rollback`: plan, apply with a snapshot, verify, undo."""

from __future__ import annotations

import json
import os
import sys
from typing import Optional

import typer

from .common import NoPolicyOption, PolicyOption, PythonOption, TimeoutOption, collect_facts, load_facts_file
from .network_options import NetworkTimeoutOption, OfflineOption, network_probe
from ..i18n import tr


def _echo_err(text: str) -> None:
    typer.echo(text, err=True)


def register(app: typer.Typer) -> None:
    @app.command("fix")
    def fix_command(
        python: Optional[str] = PythonOption,
        yes: bool = typer.Option(False, "--yes", "-y", help="Apply the plan (default: print it and stop)."),
        output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
        plan_out: Optional[str] = typer.Option(None, "--plan-out", metavar="FILE", help="Save the plan as JSON."),
        plan_file: Optional[str] = typer.Option(None, "--plan", metavar="FILE",
                                                help="Use a plan saved earlier instead of planning now: it is "
                                                     "applied only to the env it was made for (--python or the "
                                                     "active env), and only while that env is unchanged."),
        facts_file: Optional[str] = typer.Option(None, "--facts", metavar="FILE",
                                                 help="Plan from a facts document (for review; not applied)."),
        torch_pin: Optional[str] = typer.Option(None, "--torch", metavar="VERSION",
                                                help="The torch version to keep or move to (e.g. 2.4.1)."),
        profile: Optional[str] = typer.Option(None, "--profile", metavar="NAME",
                                              help="Plan toward a workload profile (yolodoctor profiles lists "
                                                   "them): its findings drive the plan, its torch pin is used."),
        policy_file: Optional[str] = PolicyOption,
        no_policy: bool = NoPolicyOption,
        torch_index: Optional[str] = typer.Option(None, "--torch-index", metavar="URL",
                                                  help="Base of a PyTorch-style index (the CUDA variant is "
                                                       "appended); it must pass the index allow-list."),
        flash_attn_releases: Optional[str] = typer.Option(None, "--flash-attn-releases", metavar="URL",
                                                          help="Where flash-attn release wheels are downloaded "
                                                               "from instead of GitHub (must pass the allow-list)."),
        installer: str = typer.Option("auto", "--installer", help="auto, pip or uv."),
        break_system_packages: bool = typer.Option(False, "--break-system-packages",
                                                   help="Allow changing an externally managed (PEP 668) "
                                                        "interpreter."),
        backup_wheels: bool = typer.Option(True, "--backup-wheels/--no-backup-wheels",
                                           help="Save the packages being replaced as wheels in the snapshot "
                                                "(offline rollback)."),
        verify: bool = typer.Option(True, "--verify/--no-verify", help="Check again after applying; roll back "
                                                                      "if it got worse."),
        rollback_on_failure: bool = typer.Option(True, "--rollback-on-failure/--keep-on-failure",
                                                 help="Roll back when an install step fails."),
        timeout: float = TimeoutOption,
        offline: bool = OfflineOption,
        network_timeout: float = NetworkTimeoutOption,
        smoke: bool = typer.Option(False, "--smoke", help="After a successful apply, prove the result with "
                                                          "`yolodoctor smoke --level quick`."),
    ) -> int:
        """Repair what can be repaired without root: print the plan, or apply it with --yes."""
        from ..exitcodes import HEALTHY, USAGE, WARNINGS, UserError

        if output_format not in ("text", "json"):
            raise UserError(tr("--format must be text or json, not {value}", value=repr(output_format)), USAGE)
        if smoke and output_format == "json":
            raise UserError(tr("--smoke prints its own report: use it with --format text"), USAGE)
        if installer not in ("auto", "pip", "uv"):
            raise UserError(tr("--installer must be auto, pip or uv, not {value}", value=repr(installer)), USAGE)
        if facts_file and (yes or plan_file):
            raise UserError(tr("a plan made from --facts is for review: apply it on the machine it describes "
                               "(yolodoctor fix --plan FILE --yes there)"), USAGE)
        from ..fix.flow import FixRequest, run_fix
        from ..policy import effective_profile, resolve_policy
        from ..profiles import UnknownProfile, get_profile

        policy = resolve_policy(policy_file, no_policy, profile=profile)
        try:
            target = effective_profile(policy, get_profile(policy.profile) if policy.profile else None)
        except UnknownProfile as exc:
            raise UserError(str(exc), USAGE) from None

        request = FixRequest(python=python, yes=yes, output_format=output_format, plan_out=plan_out,
                             plan_file=plan_file, facts_file=facts_file, torch_pin=torch_pin, torch_index=torch_index,
                             flash_attn_releases=flash_attn_releases, installer=installer,
                             break_system_packages=break_system_packages, backup_wheels=backup_wheels,
                             verify=verify, rollback_on_failure=rollback_on_failure, timeout=timeout,
                             interactive=sys.stdin.isatty() and sys.stdout.isatty(), profile=target)
        probe = network_probe(offline, network_timeout)
        # Planning sees the network (mirror settings come from it); the re-check after an apply does not
        # need to: installing packages does not change what the network answers.
        code = run_fix(request, collect=lambda target, network=True: collect_facts(
            target, False, timeout, network=probe if network else None), load_facts=load_facts_file)
        if smoke and (yes or plan_file) and code in (HEALTHY, WARNINGS):
            from .smoke_cmd import run as run_smoke_command

            typer.echo("")
            code = max(code, run_smoke_command(python=python, output_format=output_format))
        return code

    @app.command("history")
    def history_command(
        python: Optional[str] = PythonOption,
        show_all: bool = typer.Option(False, "--all", help="Every environment's snapshots, not only the target's."),
        output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
    ) -> int:
        """List the snapshots taken before each `fix` apply to the target env, newest first."""
        from ..exitcodes import USAGE, UserError
        from ..fix import snapshot as snapshots

        if output_format not in ("text", "json"):
            raise UserError(tr("--format must be text or json, not {value}", value=repr(output_format)), USAGE)
        snaps = snapshots.list_snapshots()
        where = tr("any environment")
        if not show_all:
            executable, prefix = _target(python)
            snaps = [s for s in snaps if s.target_key == _key(prefix)]
            where = tr("{prefix} ({python})", prefix=prefix, python=executable)
        if output_format == "json":
            typer.echo(json.dumps([_summary(s) for s in snaps], indent=2))
            return 0
        if not snaps:
            folder = snapshots.snapshots_dir()
            _echo_wrapped(tr("No snapshots yet for {where} (they are kept in {folder}).", where=where, folder=folder)
                          if show_all else
                          tr("No snapshots yet for {where} (they are kept in {folder}; --all lists every "
                             "environment's).", where=where, folder=folder))
            return 0
        if not show_all:
            _echo_wrapped(tr("Snapshots of {where}, newest first:", where=where))
        for snap in snaps:
            info = _summary(snap)
            status = info["status"]
            if status == "interrupted":
                status = tr("interrupted — run `yolodoctor rollback {snapshot} --yes`", snapshot=snap.id)
            typer.echo(f"{snap.id}  {status:<15}  {snap.python}")
            for title in info["actions"]:
                typer.echo(f"    {title}")
        return 0

    @app.command("rollback")
    def rollback_command(
        snapshot_id: Optional[str] = typer.Argument(None, metavar="[ID]",
                                                    help="Snapshot id (default: the target env's newest)."),
        python: Optional[str] = PythonOption,
        yes: bool = typer.Option(False, "--yes", "-y", help="Restore without asking (needed without a terminal)."),
    ) -> int:
        """Restore the exact installed set recorded in a snapshot."""
        from ..exitcodes import ERRORS, HEALTHY, USAGE, UserError
        from ..fix import snapshot as snapshots
        from ..fix.lock import LockBusy, LockUnavailable, target_key, target_lock
        from ..fix.rollback import can_rollback, rollback

        try:
            if snapshot_id is not None:
                snap = snapshots.load(snapshot_id)
            else:
                executable, prefix = _target(python)
                mine = [s for s in snapshots.list_snapshots() if s.target_key == _key(prefix)]
                if not mine:
                    raise UserError(tr("there are no snapshots for {prefix} ({python}) in {folder} "
                                       "(yolodoctor history --all lists every environment's)", prefix=prefix,
                                       python=executable, folder=snapshots.snapshots_dir()), USAGE)
                snap = mine[0]
        except snapshots.SnapshotError as exc:
            raise UserError(str(exc), USAGE) from None
        reason = can_rollback(snap)
        if reason:
            raise UserError(tr("snapshot {snapshot}: {reason}", snapshot=snap.id, reason=reason), USAGE)
        typer.echo(tr("Rolling back {python} to snapshot {snapshot} ({status}, taken {time})", python=snap.python,
                      snapshot=snap.id, status=_summary(snap)["status"], time=snap.created_at))
        if not yes:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise UserError(tr("rollback changes the environment: without a terminal it needs --yes "
                                   "(yolodoctor rollback {snapshot} --yes); nothing was changed", snapshot=snap.id),
                                USAGE)
            if not typer.confirm(tr("Restore it?"), default=True):
                typer.echo(tr("Nothing was changed."))
                return HEALTHY
        try:
            with target_lock(target_key(snap.prefix or snap.python)):
                result = rollback(snap, _environ(), typer.echo)
        except (LockBusy, LockUnavailable) as exc:
            raise UserError(str(exc), ERRORS) from None
        except snapshots.SnapshotError as exc:
            raise UserError(str(exc), ERRORS) from None
        typer.echo(("✓ " if result.ok else "✗ ") + result.message)
        return HEALTHY if result.ok else ERRORS


def _key(prefix: str) -> str:
    from ..fix.lock import target_key

    return target_key(prefix)


def _target(python: Optional[str]) -> tuple[str, str]:
    from ..exitcodes import USAGE, UserError
    from ..facts.target import TargetError
    from ..fix.identity import current_prefix

    try:
        return current_prefix(python, dict(os.environ))
    except TargetError as exc:
        raise UserError(str(exc), USAGE) from None


def _environ() -> dict:
    return dict(os.environ)


def _summary(snap) -> dict:
    from ..fix.snapshot import effective_status

    actions = [a.get("title", "?") for a in (snap.plan or {}).get("actions", []) if a.get("kind") in
               ("install", "uninstall", "setting")]
    return {"id": snap.id, "created_at": snap.created_at, "status": effective_status(snap), "python": snap.python,
            "prefix": snap.prefix,
            "installer": snap.installer, "actions": actions, "path": str(snap.path),
            "backed_up": sorted(k for k, v in snap.backups.items() if "wheel" in v)}


def _echo_wrapped(text: str) -> None:
    """Prose wrapped to the terminal width; a path, command or URL in it is never split."""
    import shutil

    from ..copytext import wrap

    for line in wrap(text, max(20, shutil.get_terminal_size((80, 24)).columns)):
        typer.echo(line)
