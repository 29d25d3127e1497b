"""Running an installer with its output streamed line by line as it comes.

The child stays in yolodoctor's process group so a Ctrl-C at the terminal
reaches pip too; on KeyboardInterrupt it gets a moment to stop, then is
killed, and the interrupt goes on to the caller (which keeps the snapshot).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from typing import Callable, Mapping, Optional, Sequence

TAIL_LINES = 40


@dataclass(frozen=True)
class StreamResult:
    exit_code: Optional[int]
    signal: Optional[int]
    seconds: float
    tail: tuple[str, ...]  # the last lines printed, for the error message
    error: Optional[str] = None  # could not start

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


def run_streaming(argv: Sequence[str], env: Mapping[str, str], on_line: Callable[[str], None],
                  cwd: Optional[str] = None, on_start: Optional[Callable[[int], None]] = None) -> StreamResult:
    started = time.perf_counter()
    try:
        proc = subprocess.Popen(list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, env=dict(env), cwd=cwd)
    except OSError as exc:
        return StreamResult(None, None, 0.0, (), error=f"{argv[0]}: {exc.strerror or exc}")
    if on_start is not None:
        on_start(proc.pid)
    tail: list[str] = []
    try:
        assert proc.stdout is not None
        for raw in iter(proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            tail.append(line)
            del tail[:-TAIL_LINES]
            on_line(line)
        proc.wait()
    except KeyboardInterrupt:
        _stop(proc)
        raise
    finally:
        if proc.stdout is not None:
            proc.stdout.close()
    code = proc.returncode
    seconds = time.perf_counter() - started
    if code is not None and code < 0:
        return StreamResult(None, -code, seconds, tuple(tail))
    return StreamResult(code, None, seconds, tuple(tail))


def _stop(proc: subprocess.Popen) -> None:
    """The child got the same SIGINT from the terminal; give it a moment, then insist."""
    for sig, wait in ((None, 5.0), (signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        if sig is not None:
            try:
                os.kill(proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
        except KeyboardInterrupt:  # a second Ctrl-C: stop waiting politely
            continue
