"""Applies that were interrupted (killed, power lost) and never rolled back.

A snapshot still "created"/"applying" whose environment lock nobody holds
will never finish by itself. `history`, `check` and `fix` say so. Cheap to
import: `check` asks on every run, so this reads the snapshot files directly.
"""

from __future__ import annotations

import json
from typing import Mapping, Optional

from ..i18n import tr
from .datadir import snapshots_dir, target_key
from .lock import is_locked

UNFINISHED = ("created", "applying")
INTERRUPTED = "interrupted"


def effective_status(status: str, prefix: Optional[str], env: Optional[Mapping[str, str]] = None) -> str:
    if status in UNFINISHED and prefix and not is_locked(prefix, env):
        return INTERRUPTED
    return status


def interrupted_ids(prefix: Optional[str], env: Optional[Mapping[str, str]] = None) -> list[tuple[str, str]]:
    """(id, created_at) of the env's interrupted snapshots, newest first."""
    root = snapshots_dir(env)
    if not prefix or not root.is_dir():
        return []
    key = target_key(prefix)
    found = []
    for entry in root.iterdir():
        try:
            data = json.loads((entry / "snapshot.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or not isinstance(data.get("prefix"), str):
            continue
        if target_key(data["prefix"]) != key:
            continue
        if effective_status(str(data.get("status")), data["prefix"], env) == INTERRUPTED:
            found.append((str(data.get("id")), str(data.get("created_at"))))
    return sorted(found, key=lambda pair: (pair[1], pair[0]), reverse=True)


def interrupted_notice(prefix: Optional[str], env: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """One line for check/fix when an earlier fix of this env was interrupted and never rolled back."""
    try:
        found = interrupted_ids(prefix, env)
    except OSError:  # a notice must never break the command that shows it
        return None
    if not found:
        return None
    snap_id, created = found[0]
    return "! " + tr("an earlier `yolodoctor fix` of this environment was interrupted (snapshot {id}, {created}) — "
                     "run `yolodoctor rollback {id} --yes` to restore it", id=snap_id, created=created)
