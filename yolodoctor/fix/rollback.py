"""Rollback: put the target back to the exact installed set of a snapshot.

1. remove what the apply added;
2. reinstall every distribution the plan touched, and every one whose version
   changed, at its snapshot version, without dependencies: from the wheels
   repacked at snapshot time (no network), else from the index it came from;
3. restore persistent settings from their backups;
4. remove what an interrupted install left in site-packages: pip's stash
   directories (`~orch/`: the old version, moved aside while the new one was
   written) and files no RECORD claims inside the touched distributions' own
   top-level entries (half-written files of the new version);
5. compare the installed set, `pip freeze` and the file set of site-packages
   with the snapshot's, and say exactly what still differs.
Step 2 reinstalls touched distributions even when their version looks right:
an interrupted install can leave the old version's metadata over broken files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Mapping, Optional

from ..i18n import tr
from .commands import display, install_command, uninstall_command
from .plan import Plan
from .snapshot import APPLIED, ROLLBACK_FAILED, ROLLED_BACK, Installed, Snapshot, SnapshotError, \
    list_installed, list_installed_and_files, pip_freeze
from .stream import run_streaming


@dataclass(frozen=True)
class RollbackResult:
    ok: bool
    removed: tuple[str, ...]
    restored: tuple[str, ...]
    differences: tuple[str, ...]  # what still differs from the snapshot afterwards
    freeze_matches: Optional[bool]  # None when the target has no pip
    message: str


def diff_installed(before: Installed, after: Installed) -> list[str]:
    """Human-readable differences between two installed sets (empty: identical)."""
    out = []
    a, b = before.versions(), after.versions()
    for key in sorted(set(a) | set(b)):
        if key not in b:
            out.append(f"{key} {a[key]} is missing")
        elif key not in a:
            out.append(f"{key} {b[key]} was added")
        elif a[key] != b[key]:
            out.append(f"{key} is {b[key]}, was {a[key]}")
    return out


def _plan_for(snapshot: Snapshot) -> Plan:
    # Commands run with the snapshot's interpreter and installer; no PEP 668 override is needed
    # to put back what was there (the apply itself was allowed).
    original = snapshot.plan_object()
    return Plan(python=snapshot.python, installer=snapshot.installer, installer_path=snapshot.installer_path,
                break_system_packages=bool(original and original.break_system_packages))


def rollback(snapshot: Snapshot, env: Mapping[str, str], out: Callable[[str], None] = print) -> RollbackResult:
    if not os.path.exists(snapshot.python):
        raise SnapshotError(tr("the snapshot's interpreter {python} no longer exists", python=snapshot.python))
    before = snapshot.installed_set
    current = list_installed(snapshot.python, env)
    plan = _plan_for(snapshot)
    before_versions, now = before.versions(), current.versions()
    added = sorted(k for k in now if k not in before_versions)
    restore = [k for k in before_versions
               if (k not in now or now[k] != before_versions[k] or k in snapshot.touched)]
    skipped = [k for k in restore if before.get(k).direct_url and before.get(k).direct_kind != "archive"
               and "wheel" not in snapshot.backups.get(k, {})]
    restore = [k for k in restore if k not in skipped]
    failures = []
    if added:
        names = [current.get(k).name for k in added]
        failures += _run(plan, uninstall_command(plan, names), env, out)
    # Installed from a wheel/archive URL: the same URL again keeps `pip freeze`'s "name @ url" line.
    by_url = [k for k in restore if before.get(k).direct_kind == "archive" and _reachable(before.get(k).direct_url)]
    if by_url:
        argv = install_command(plan, [before.get(k).direct_url for k in by_url],
                               options=("--no-deps", "--force-reinstall"))
        failures += _run(plan, argv, env, out)
    restore_rest = [k for k in restore if k not in by_url]
    from_wheels = [k for k in restore_rest if "wheel" in snapshot.backups.get(k, {})
                   and (snapshot.path / snapshot.backups[k]["wheel"]).is_file()
                   and snapshot.backups[k].get("version") == before_versions[k]]
    if from_wheels:
        pins = [f"{before.get(k).name}=={before_versions[k]}" for k in from_wheels]
        argv = install_command(plan, pins, find_links=(str(snapshot.path / "wheels"),),
                               options=("--no-deps", "--force-reinstall"))
        argv.insert(argv.index("install") + 1, "--no-index")
        failures += _run(plan, argv, env, out)
    by_source: dict[tuple, list[str]] = {}
    for key in restore_rest:
        if key in from_wheels:
            continue
        source = snapshot.sources.get(key, {})
        group = (source.get("index_url"), tuple(filter(None, [source.get("find_links")])))
        by_source.setdefault(group, []).append(key)
    for (index_url, find_links), keys in by_source.items():
        pins = [f"{before.get(k).name}=={before_versions[k]}" for k in keys]
        argv = install_command(plan, pins, index_url=index_url, find_links=find_links,
                               options=("--no-deps", "--force-reinstall"))
        failures += _run(plan, argv, env, out)
    failures += _restore_settings(snapshot, out)
    after, listing = list_installed_and_files(snapshot.python, env)
    differences = diff_installed(before, after)
    differences += _clean_site_packages(snapshot, env, out, listing)
    freeze_matches = None
    if snapshot.freeze is not None:
        from ..report.redact import redact_text

        freeze = pip_freeze(snapshot.python, env)
        freeze_matches = (redact_text(freeze) if freeze is not None else None) == snapshot.freeze
        if freeze_matches is False and not differences:
            differences.append(tr("pip freeze differs from the snapshot's"))
    ok = not differences
    for key in skipped:
        differences.append(tr("{package} is an editable, VCS or directory install and was left as it is",
                              package=key))
    message = tr("restored the exact previous set") if ok else \
        tr("the installed set still differs: {differences}", differences=tr("; ").join(differences))
    if failures and ok:
        message += tr(" (though {count} step(s) reported errors)", count=len(failures))
    snapshot.set_status(ROLLED_BACK if ok else ROLLBACK_FAILED, f"rollback: {message}")
    return RollbackResult(ok, tuple(added), tuple(restore), tuple(differences), freeze_matches, message)


def _clean_site_packages(snapshot: Snapshot, env: Mapping[str, str], out: Callable[[str], None],
                         now: Optional[dict] = None) -> list[str]:
    """Remove an interrupted install's leftovers; return how the file set still differs from the snapshot's."""
    import shutil

    from .snapshot import saved_site_files, site_files

    saved = saved_site_files(snapshot)
    if saved is None:
        return []  # a snapshot from before file sets were recorded
    try:
        now = now or site_files(snapshot.python, env)
    except SnapshotError as exc:
        return [tr("site-packages could not be listed: {error}", error=exc)]
    removed = False
    before, roots = set(saved["files"]), [r for r in now.get("roots", []) if isinstance(r, str)]
    touched = set(snapshot.touched)
    owners = {**(saved.get("owners") or {}), **(now.get("owners") or {})}
    unclaimed = set(now.get("unclaimed") or [])
    saved_tops = {p[len(r) + 1:].split(os.sep, 1)[0] for p in before for r in roots if p.startswith(r + os.sep)}
    for root in roots:  # a stash can be an empty directory too (pip killed right after creating it)
        try:
            entries = os.listdir(root)
        except OSError:
            continue
        for top in entries:
            top_path = os.path.join(root, top)
            if top.startswith("~") and top not in saved_tops:
                if os.path.isdir(top_path) and not os.path.islink(top_path):
                    shutil.rmtree(top_path, ignore_errors=True)
                else:
                    os.unlink(top_path)
                removed = True
                out(tr("removed {path} (left by an interrupted install)", path=top_path))
    for path in sorted(set(now["files"]) - before):
        root = next((r for r in roots if path.startswith(r + os.sep)), None)
        if root is None:
            continue
        top = path[len(root) + 1:].split(os.sep, 1)[0]
        if top.startswith("~"):
            continue  # pip's stash of an interrupted upgrade: removed above
        if path in unclaimed and _touched_entry(top, owners, touched) and os.path.lexists(path):
            os.unlink(path)
            removed = True
            out(tr("removed {path} (a partial file no installed distribution claims)", path=path))
    try:
        final = set(site_files(snapshot.python, env)["files"]) if removed else set(now["files"])
    except SnapshotError as exc:
        return [tr("site-packages could not be listed: {error}", error=exc)]
    differences = []
    for extra, paths in ((True, sorted(final - before)), (False, sorted(before - final))):
        if paths:
            shown = ", ".join(paths[:5]) + (tr(" and {count} more", count=len(paths) - 5) if len(paths) > 5 else "")
            differences.append(tr("site-packages: {count} file(s) not in the snapshot: {files}", count=len(paths),
                                  files=shown) if extra else
                               tr("site-packages: {count} file(s) missing: {files}", count=len(paths), files=shown))
    return differences


def _touched_entry(top: str, owners: dict, touched: set) -> bool:
    """Whether a top-level entry of site-packages belongs to a distribution the plan touched: by the
    RECORDs (then or now), or, for a package whose install never finished, by its name."""
    from ..facts.model import canonical_name

    if owners.get(top) in touched:
        return True
    name = top.split("-", 1)[0] if top.endswith((".dist-info", ".data")) else top.rsplit(".py", 1)[0]
    return canonical_name(name) in touched


def _reachable(url: Optional[str]) -> bool:
    if not url or "***" in url:  # stored with its credentials redacted: the saved wheel restores it instead
        return False
    if url.startswith("file://"):
        from urllib.parse import unquote, urlsplit

        return os.path.isfile(unquote(urlsplit(url).path))
    return url.startswith("https://")


def _run(plan: Plan, argv: list[str], env: Mapping[str, str], out: Callable[[str], None]) -> list[str]:
    out(f"$ {display(argv)}")
    result = run_streaming(argv, env, lambda line: out(f"  {line}"))
    if result.ok:
        return []
    why = result.error or (tr("killed by signal {signal}", signal=result.signal) if result.signal else
                           tr("exit code {code}", code=result.exit_code))
    out("  " + tr("failed: {reason}", reason=why))
    return [why]


def _restore_settings(snapshot: Snapshot, out: Callable[[str], None]) -> list[str]:
    if not snapshot.settings:
        return []
    try:
        from . import persist_env  # type: ignore[attr-defined]
    except ImportError:
        return [tr("{count} persistent setting(s) recorded but persist_env is not available",
                   count=len(snapshot.settings))]
    failures = []
    for record in reversed(snapshot.settings):
        try:
            for message in persist_env.restore(record) or [tr("restored {name}", name=record.get('name'))]:
                out(message)
        except Exception as exc:  # a broken backup must not stop the rest of the rollback
            failures.append(tr("setting {record}: {error}", record=record, error=exc))
    return failures


def can_rollback(snapshot: Snapshot) -> Optional[str]:
    """Why a rollback is not possible or not needed (None when it is)."""
    if snapshot.status == ROLLED_BACK:
        return tr("this snapshot was already rolled back")
    from .snapshot import APPLYING, effective_status

    if snapshot.status == APPLYING and effective_status(snapshot) == APPLYING:
        return tr("its apply is still running (another yolodoctor holds the environment's lock)")
    if not os.path.exists(snapshot.python):
        return tr("its interpreter {python} no longer exists", python=snapshot.python)
    return None


__all__ = ["rollback", "RollbackResult", "diff_installed", "can_rollback", "APPLIED"]
