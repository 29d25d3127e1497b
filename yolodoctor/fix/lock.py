"""One change at a time per environment: a file lock beside the snapshots.

Two applies (or an apply and a rollback) to the same env would interleave:
the failed one's rollback would undo the other's success. The lock is held
from before the snapshot until the apply (with its rollback, if any) is over;
a second one is refused at once, with the holder's pid, and changes nothing.
The kernel drops the lock when the holder dies (even by SIGKILL), so a stale
lock never blocks anyone; a snapshot still "applying" whose lock is free was
interrupted.

Re-entrant within one process (the apply's own rollback runs under the lock
the apply holds).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Iterator, Mapping, Optional

from ..i18n import tr
from .datadir import data_dir, target_key

_HELD: dict[str, tuple[int, int]] = {}  # key -> (fd, depth) held by this process


class LockBusy(Exception):
    """Another yolodoctor is changing this environment."""


class LockUnavailable(Exception):
    """The lock file cannot be created (an unwritable or full data directory)."""


def lock_path(prefix: str, env: Optional[Mapping[str, str]] = None) -> Path:
    digest = hashlib.sha256(target_key(prefix).encode("utf-8")).hexdigest()[:24]
    return data_dir(env) / "locks" / f"{digest}.lock"


def _try_lock(fd: int) -> bool:
    try:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False


def is_locked(prefix: str, env: Optional[Mapping[str, str]] = None) -> bool:
    """Whether some process holds the lock of this env now (this process included)."""
    key = target_key(prefix)
    if key in _HELD:
        return True
    path = lock_path(prefix, env)
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        return not _try_lock(fd)  # closing the descriptor releases a lock taken here
    finally:
        os.close(fd)


@contextlib.contextmanager
def target_lock(prefix: str, env: Optional[Mapping[str, str]] = None) -> Iterator[Path]:
    key = target_key(prefix)
    path = lock_path(prefix, env)
    if key in _HELD:
        fd, depth = _HELD[key]
        _HELD[key] = (fd, depth + 1)
        try:
            yield path
        finally:
            fd, depth = _HELD[key]
            _HELD[key] = (fd, depth - 1)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise LockUnavailable(tr("cannot create the lock file {path}: {error}", path=path,
                                 error=exc.strerror or exc)) from None
    if not _try_lock(fd):
        try:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "?"
        finally:
            os.close(fd)
        raise LockBusy(tr("another yolodoctor (pid {pid}) is changing {prefix} right now; nothing was changed. "
                          "Wait for it to finish, then run this again", pid=holder, prefix=prefix))
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode("ascii"))
    _HELD[key] = (fd, 1)
    try:
        yield path
    finally:
        fd, depth = _HELD.pop(key)
        os.close(fd)
