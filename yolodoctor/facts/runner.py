"""Running external commands: always an argv list, always a timeout.

A command that hangs or dies on a signal is an observation, not an error of
yolodoctor: the result says what happened and keeps whatever was printed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

from .model import CRASHED, ERROR, MISSING, OK, TIMEOUT

OUTPUT_LIMIT = 2_000_000  # bytes kept of a command's output; hostile tools can print forever


@dataclass(frozen=True)
class RunResult:
    status: str  # ok, error, crashed, timeout, missing
    exit_code: Optional[int]
    stdout: str
    stderr: str
    seconds: float
    signal: Optional[int] = None
    error: Optional[str] = None  # why it could not run at all

    @property
    def ok(self) -> bool:
        return self.status == OK


def run(argv: Sequence[str], timeout: float, env: Optional[Mapping[str, str]] = None,
        cwd: Optional[str] = None) -> RunResult:
    started = start(argv, env, cwd)
    return started if isinstance(started, RunResult) else finish(started, timeout)


class Started:
    """A command started by start(): its output is being drained while the caller does other work."""

    def __init__(self, proc: subprocess.Popen, began: float) -> None:
        self.proc = proc
        self.began = began
        self.readers = [_BoundedReader(proc.stdout), _BoundedReader(proc.stderr)]

    def kill(self) -> None:
        _kill_group(self.proc)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - unkillable (D state)
            pass


def start(argv: Sequence[str], env: Optional[Mapping[str, str]] = None,
          cwd: Optional[str] = None) -> "Started | RunResult":
    """Start a command; a RunResult when it could not start at all."""
    began = time.perf_counter()
    try:
        proc = subprocess.Popen(
            list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=dict(env) if env is not None else None, cwd=cwd,
            start_new_session=True,  # so a hung command and its children can be killed together
        )
    except FileNotFoundError as exc:
        return RunResult(MISSING, None, "", "", 0.0, error=str(exc))
    except OSError as exc:  # not executable, bad interpreter line, ...
        return RunResult(ERROR, None, "", "", 0.0, error=f"{type(exc).__name__}: {exc}")
    return Started(proc, began)


def finish(started: Started, timeout: float) -> RunResult:
    """Wait for a started command, at most `timeout` seconds from now."""
    proc, readers = started.proc, started.readers
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        started.kill()
    # A grandchild may still hold the pipes open: read what is there, briefly.
    deadline = time.monotonic() + 1.0
    for reader in readers:
        reader.join(max(0.0, deadline - time.monotonic()))
    seconds = time.perf_counter() - started.began
    stdout = _text(readers[0].data())
    stderr = _text(readers[1].data())
    if timed_out:
        return RunResult(TIMEOUT, None, stdout, stderr, seconds)
    code = proc.returncode
    if code is not None and code < 0:
        return RunResult(CRASHED, code, stdout, stderr, seconds, signal=-code)
    return RunResult(OK if code == 0 else ERROR, code, stdout, stderr, seconds)


class _BoundedReader:
    """Drains a pipe in a thread, keeping the first and the last OUTPUT_LIMIT/2 bytes (the start says
    what ran, the end how it died) and counting what was dropped between them."""

    def __init__(self, pipe) -> None:
        self._pipe = pipe
        self._chunks: list[bytes] = []
        self._kept = 0
        self._tail: deque[bytes] = deque()
        self._tail_size = 0
        self._dropped = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        try:
            while True:
                chunk = self._pipe.read1(65536) if hasattr(self._pipe, "read1") else self._pipe.read(65536)
                if not chunk:
                    break
                with self._lock:
                    if self._kept < OUTPUT_LIMIT // 2:
                        self._chunks.append(chunk)
                        self._kept += len(chunk)
                        continue
                    self._tail.append(chunk)
                    self._tail_size += len(chunk)
                    while self._tail_size - len(self._tail[0]) >= OUTPUT_LIMIT // 2:
                        self._tail_size -= len(self._tail[0])
                        self._dropped += len(self._tail.popleft())
        except (OSError, ValueError):
            pass

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def data(self) -> bytes:
        with self._lock:
            if not self._dropped:
                return b"".join(self._chunks) + b"".join(self._tail)
            gap = f"\n[... {self._dropped} bytes of output dropped here ...]\n".encode()
            return b"".join(self._chunks) + gap + b"".join(self._tail)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        try:
            proc.kill()
        except ProcessLookupError:
            pass


def _text(data: Optional[bytes]) -> str:
    if not data:
        return ""
    return data.decode("utf-8", "replace")


def tail(text: str, limit: int = 2000) -> str:
    text = text.strip()
    return text if len(text) <= limit else "…" + text[-limit:]
