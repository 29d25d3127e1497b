"""Snapshots: the exact installed set before an apply, and what is needed to restore it.

Stored in the user's data directory ($YOLODOCTOR_DATA_DIR, else
$XDG_DATA_HOME/yolodoctor, else ~/.local/share/yolodoctor), one directory per
snapshot under snapshots/<id>/:
  snapshot.json   installed distributions (name, exact version, direct URL),
                  `pip freeze --all`, the plan, where each changed
                  distribution can be reinstalled from, status and events
  wheels/         the distributions the plan changes, repacked from their
                  installed files, so a rollback needs no network
  settings/       backups made by persistent settings actions
The snapshot is written before the first command runs and updated as the
apply goes, so an interrupted apply always leaves one behind.

Snapshots are private: directories 0700, files 0600, and credentials (URL user
info, tokens) are redacted in what is stored -- a distribution installed from a
URL with credentials is restored from its saved wheel, never from that URL.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

from ..i18n import tr
from ..facts.model import canonical_name
from ..facts.runner import run
from ..report.redact import redact_data, redact_text
from . import compat_view as cv
from .datadir import DATA_DIR_VARIABLE, data_dir, snapshots_dir, target_key  # noqa: F401 (re-exported)
from .plan import Plan, plan_from_dict, plan_to_dict
from .versions import local

SCHEMA = "yolodoctor.snapshot/1"
PROBE = str(Path(__file__).resolve().parent / "_target" / "probe_installed.py")
TORCH_FAMILY = ("torch", "torchvision", "torchaudio")

# Statuses, in the order an apply moves through them.
CREATED, APPLYING, APPLIED, FAILED, INTERRUPTED, ROLLED_BACK, ROLLBACK_FAILED = (
    "created", "applying", "applied", "failed", "interrupted", "rolled-back", "rollback-failed")


class SnapshotError(Exception):
    """A snapshot cannot be taken, found or read; the message says which and why."""


@dataclass(frozen=True)
class InstalledDist:
    key: str
    name: str
    version: str
    location: Optional[str] = None
    installer: Optional[str] = None
    editable: bool = False
    direct_url: Optional[str] = None
    direct_kind: Optional[str] = None  # archive, vcs, dir


@dataclass(frozen=True)
class Installed:
    python: str
    prefix: Optional[str]
    distributions: tuple[InstalledDist, ...]

    def versions(self) -> dict[str, str]:
        return {d.key: d.version for d in self.distributions}

    def get(self, key: str) -> Optional[InstalledDist]:
        return next((d for d in self.distributions if d.key == key), None)


def _dist(d: dict[str, Any]) -> InstalledDist:
    return InstalledDist(d["key"], d["name"], d["version"], d.get("location"), d.get("installer"),
                         bool(d.get("editable")), d.get("direct_url"), d.get("direct_kind"))


def _probe(python: str, args: list[str], env: Mapping[str, str], timeout: float) -> dict[str, Any]:
    # The probe sits alone in its directory, so running it puts nothing else on sys.path.
    result = run([python, PROBE, *args], timeout=timeout, env=env)
    if not result.ok:
        detail = (result.stderr or result.stdout or result.error or result.status).strip()[-500:]
        raise SnapshotError(f"{python} could not list its installed packages: {detail}")
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise SnapshotError(f"{python} answered the package listing with something that is not JSON") from None


def list_installed(python: str, env: Mapping[str, str], timeout: float = 120.0) -> Installed:
    return list_installed_and_files(python, env, timeout, files=False)[0]


def list_installed_and_files(python: str, env: Mapping[str, str], timeout: float = 300.0,
                             files: bool = True) -> tuple[Installed, Optional[dict[str, Any]]]:
    """The installed set and (files=True) the site-packages listing, from one run of the probe."""
    data = _probe(python, ["list", "--files"] if files else ["list"], env, timeout)
    dists = tuple(_dist(d) for d in data["distributions"])
    site = data.get("site") if isinstance(data.get("site"), dict) else None
    return Installed(data.get("python") or python, data.get("prefix"), dists), site


def pip_freeze(python: str, env: Mapping[str, str], timeout: float = 120.0) -> Optional[str]:
    """`pip freeze --all` of the target, or None when it has no pip."""
    result = run([python, "-m", "pip", "freeze", "--all", "--disable-pip-version-check"], timeout=timeout, env=env)
    return result.stdout if result.ok else None


@dataclass
class Snapshot:
    id: str
    path: Path
    created_at: str
    python: str
    status: str = CREATED
    installer: str = "pip"
    installer_path: Optional[str] = None
    prefix: Optional[str] = None
    plan: dict[str, Any] = field(default_factory=dict)
    installed: list[dict[str, Any]] = field(default_factory=list)
    freeze: Optional[str] = None
    touched: list[str] = field(default_factory=list)  # distributions the plan may change
    backups: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> {wheel, version} | {error}
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> {index_url, find_links}
    settings: list[dict[str, Any]] = field(default_factory=list)  # records from persistent settings actions
    events: list[list[str]] = field(default_factory=list)  # [time, text]

    @property
    def installed_set(self) -> Installed:
        return Installed(self.python, self.prefix, tuple(_dist(d) for d in self.installed))

    def plan_object(self) -> Optional[Plan]:
        try:
            return plan_from_dict(self.plan) if self.plan else None
        except ValueError:
            return None

    def event(self, text: str) -> None:
        self.events.append([_now(), text])

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "id": self.id, "created_at": self.created_at, "status": self.status,
                "python": self.python, "prefix": self.prefix, "installer": self.installer,
                "installer_path": self.installer_path, "plan": self.plan, "installed": self.installed,
                "freeze": self.freeze, "touched": self.touched, "backups": self.backups, "sources": self.sources,
                "settings": self.settings, "events": self.events}

    @property
    def target_key(self) -> Optional[str]:
        """Which environment this snapshot belongs to (its sys.prefix, normalised)."""
        return target_key(self.prefix) if self.prefix else None

    def save(self) -> None:
        private_dir(self.path)
        target = self.path / "snapshot.json"
        tmp = target.with_suffix(".json.tmp")
        try:
            with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as fh:
                json.dump(self.to_dict(), fh, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            with_suppressed_unlink(tmp)
            raise

    def set_status(self, status: str, text: Optional[str] = None) -> None:
        self.status = status
        self.event(text or status)
        self.save()


def private_dir(path: Path) -> None:
    """Create `path` (and missing parents) readable by the user alone."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def make_private(root: Path) -> None:
    """Directories 0700 and files 0600 under root (wheels written by the target interpreter included)."""
    for here, dirs, files in os.walk(root):
        os.chmod(here, 0o700)
        for name in files:
            path = os.path.join(here, name)
            if not os.path.islink(path):
                os.chmod(path, 0o600)


def with_suppressed_unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def new_id() -> str:
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{secrets.token_hex(2)}"


def _reinstall_source(key: str, version: str, plan: Plan) -> dict[str, Any]:
    """Where the version being replaced can be installed from again, if its repacked wheel is missing."""
    tag = local(version)
    if key in TORCH_FAMILY and tag:
        for action in plan.runnable_actions:
            for url in (action.index_url, *action.find_links):
                if url and "/" in url.rstrip("/"):
                    head, _, last = url.rstrip("/").rpartition("/")
                    if last.startswith("cu") or last in ("cpu",) or last.startswith("rocm"):
                        kind = "find_links" if url in action.find_links else "index_url"
                        return {kind: f"{head}/{tag}"}
        official = next((e.url for e in cv.endpoints() if e.kind == "pytorch_wheels"), None)
        if official:
            return {"index_url": f"{official.rstrip('/')}/{tag}"}
    return {"index_url": None}


def create(plan: Plan, env: Mapping[str, str], backup_wheels: bool = True,
           on_line=lambda text: None) -> Snapshot:
    """Take the snapshot for `plan` (before anything runs) and save it.

    Raises SnapshotError when it cannot be taken completely (an unwritable or full disk, a
    distribution that cannot be saved as a wheel); nothing was changed then, and nothing is left."""
    root = snapshots_dir(env)
    try:
        private_dir(root.parent)
        private_dir(root)
    except OSError as exc:
        raise SnapshotError(tr("cannot create the snapshot directory {path}: {error}", path=root,
                               error=exc.strerror or exc)) from None
    installed, listing = list_installed_and_files(plan.python, env)
    snap = Snapshot(id=new_id(), path=Path(), created_at=_now(), python=plan.python, installer=plan.installer,
                    installer_path=plan.installer_path, prefix=installed.prefix,
                    plan=redact_data(plan_to_dict(plan, with_commands=False)),
                    installed=[_stored(d) for d in installed.distributions])
    snap.path = root / snap.id
    try:
        freeze = pip_freeze(plan.python, env)
        snap.freeze = redact_text(freeze) if freeze is not None else None
        present = installed.versions()
        snap.touched = [canonical_name(n) for n in plan.touched_distributions()]
        for key in snap.touched:
            if key in present:
                snap.sources[key] = {"version": present[key], **_reinstall_source(key, present[key], plan)}
        snap.event("snapshot taken")
        snap.save()
        _write_private(snap.path / SITE_FILES, json.dumps(listing or site_files(plan.python, env)))
        to_pack = [k for k in snap.touched if k in present and not installed.get(k).editable]
        if backup_wheels and to_pack:
            _backup_wheels(snap, to_pack, env, on_line)
            failed = {k: b["error"] for k, b in snap.backups.items() if "error" in b}
            if failed:
                raise SnapshotError("could not save " + "; ".join(f"{k} as a wheel ({why})" for k, why in
                                                                   sorted(failed.items()))
                                    + ", so a rollback could not restore it. Apply without the offline backup "
                                      "with --no-backup-wheels (rollback then reinstalls from the index)")
        snap.save()
        make_private(snap.path)
    except OSError as exc:
        _discard(snap.path)
        raise SnapshotError(tr("cannot write the snapshot {path}: {error}", path=snap.path,
                               error=exc.strerror or exc)) from None
    except SnapshotError:
        _discard(snap.path)
        raise
    return snap


SITE_FILES = "site-files.json"


def site_files(python: str, env: Mapping[str, str], timeout: float = 300.0) -> dict[str, Any]:
    """Every file in the target's site-packages, who owns each top-level entry, and what no RECORD claims."""
    return _probe(python, ["files"], env, timeout)


def saved_site_files(snap: "Snapshot") -> Optional[dict[str, Any]]:
    try:
        data = json.loads((snap.path / SITE_FILES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), list) else None


def _write_private(path: Path, text: str) -> None:
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _stored(dist: InstalledDist) -> dict[str, Any]:
    record = dict(vars(dist))
    if record.get("direct_url"):
        redacted = redact_text(record["direct_url"])
        if redacted != record["direct_url"]:
            record["direct_url"] = redacted
            record["direct_url_redacted"] = True  # reinstalled from its saved wheel, never from this URL
    return record


def _discard(path: Path) -> None:
    """A snapshot that was never used (nothing was changed) is not left behind half-written."""
    import shutil

    if path != Path() and path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def _backup_wheels(snap: Snapshot, keys: list[str], env: Mapping[str, str], on_line) -> None:
    wheels = snap.path / "wheels"
    private_dir(wheels)
    on_line(f"saving {', '.join(keys)} as wheels in {wheels} (for an offline rollback)")
    data = _probe(snap.python, ["pack", str(wheels), *keys], env, timeout=3600.0)
    for key, result in data.get("packed", {}).items():
        if "wheel" in result:
            snap.backups[key] = {"wheel": os.path.relpath(result["wheel"], snap.path), "version": result["version"],
                                 "bytes": result.get("bytes")}
        else:
            snap.backups[key] = {"error": result.get("error", "unknown")}
    saved = [b for b in snap.backups.values() if "wheel" in b]
    snap.event(f"saved {len(saved)} wheel(s), {sum(b.get('bytes') or 0 for b in saved) / 2 ** 20:.1f} MiB")


def load(snapshot_id: Optional[str], env: Optional[Mapping[str, str]] = None) -> Snapshot:
    """The snapshot with this id (or id prefix); the newest when None."""
    snaps = list_snapshots(env)
    if not snaps:
        raise SnapshotError(tr("there are no snapshots in {path}", path=snapshots_dir(env)))
    if snapshot_id is None:
        return snaps[0]
    matches = [s for s in snaps if s.id == snapshot_id] or [s for s in snaps if s.id.startswith(snapshot_id)]
    if not matches:
        raise SnapshotError(tr("no snapshot {id} in {path} (see: yolodoctor history)", id=repr(snapshot_id),
                               path=snapshots_dir(env)))
    if len(matches) > 1:
        raise SnapshotError(tr("{id} names {count} snapshots; give more of the id", id=repr(snapshot_id),
                               count=len(matches)))
    return matches[0]


def read(path: Path) -> Snapshot:
    try:
        data = json.loads((path / "snapshot.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"{path / 'snapshot.json'} cannot be read: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise SnapshotError(f"{path / 'snapshot.json'} is not a yolodoctor snapshot ({SCHEMA})")
    try:
        return Snapshot(id=str(data["id"]), path=path, created_at=str(data["created_at"]),
                        python=str(data["python"]), status=str(data.get("status", CREATED)),
                        installer=str(data.get("installer", "pip")), installer_path=data.get("installer_path"),
                        prefix=data.get("prefix"), plan=dict(data.get("plan") or {}),
                        installed=list(data.get("installed") or []), freeze=data.get("freeze"),
                        touched=list(data.get("touched") or []), backups=dict(data.get("backups") or {}),
                        sources=dict(data.get("sources") or {}), settings=list(data.get("settings") or []),
                        events=list(data.get("events") or []))
    except (KeyError, TypeError) as exc:
        raise SnapshotError(f"{path / 'snapshot.json'} is incomplete: {exc}") from None


def list_snapshots(env: Optional[Mapping[str, str]] = None) -> list[Snapshot]:
    """Newest first; unreadable entries are skipped (history reports them)."""
    root = snapshots_dir(env)
    if not root.is_dir():
        return []
    snaps = []
    for entry in root.iterdir():
        if entry.is_dir() and (entry / "snapshot.json").is_file():
            try:
                snaps.append(read(entry))
            except SnapshotError:
                continue
    snaps.sort(key=lambda s: (s.created_at, s.id), reverse=True)
    return snaps


def effective_status(snap: Snapshot) -> str:
    """The recorded status, except that an apply still "applying" whose env lock nobody holds was
    interrupted (killed, power lost): it will never finish by itself."""
    from .interrupted import effective_status as effective

    return effective(snap.status, snap.prefix or snap.python)
