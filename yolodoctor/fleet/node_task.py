"""What runs on each node: `yolodoctor check --format json` in a child process with a time bound, its
report wrapped in one line the gatherer can pick out of the engine's output.

    python -m yolodoctor.fleet.node_task --timeout 120 -- [check options]

Standard library only, and nothing of the node's own torch is imported here: a hung or crashing import
stays inside the child, which is killed at the bound.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any, Optional, Sequence

SCHEMA = "yolodoctor.fleet-node/1"
START = "YDFLEET1-START "  # printed first: the engine's task number -> node name, even if nothing follows
RESULT = "YDFLEET1 "  # the envelope, one line of JSON
MAX_STDOUT = 64 << 20  # a check report is tens of KiB; anything this large is not one


def node_name() -> str:
    """The engine's name for this node when it gives one (Slurm), else the host name."""
    return os.environ.get("SLURMD_NODENAME") or socket.gethostname()


def _tail(text: str, limit: int = 1500) -> str:
    text = text.strip()
    return text if len(text) <= limit else "..." + text[-limit:]


def run_check(check_args: Sequence[str], timeout: float, node: Optional[str] = None,
              python: Optional[str] = None) -> dict[str, Any]:
    """Run check here; return the envelope: the node, how long it took, and the report or why there is
    none. Never raises for anything the node does."""
    node = node or node_name()
    argv = [python or sys.executable, "-m", "yolodoctor", "check", "--format", "json", *check_args]
    started = time.monotonic()
    envelope: dict[str, Any] = {"schema": SCHEMA, "node": node, "report": None, "error": None, "status": None}
    try:
        # Its own session, so that the bound kills the whole tree (probes, imports) and not only the child.
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    except OSError as exc:
        envelope.update(status="failed", error=f"cannot start {argv[0]}: {exc.strerror or exc}")
        return envelope
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        proc.communicate()
        envelope.update(status="timed_out", seconds=round(time.monotonic() - started, 3),
                        error=f"yolodoctor check did not finish within {timeout:g} s on this node")
        return envelope
    envelope["seconds"] = round(time.monotonic() - started, 3)
    text = out[:MAX_STDOUT].decode("utf-8", "replace")
    try:
        report = json.loads(text) if proc.returncode in (0, 1, 2, 70) else None
    except ValueError:
        report = None
    if isinstance(report, dict):
        envelope["report"] = report
    else:
        why = _tail(err.decode("utf-8", "replace")) or _tail(text) or "no output"
        envelope.update(status="failed", error=f"yolodoctor check exited with {proc.returncode}: {why}")
    return envelope


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    timeout = 120.0
    if len(args) >= 2 and args[0] == "--timeout":
        timeout = float(args[1])
        args = args[2:]
    if args and args[0] == "--":
        args = args[1:]
    node = node_name()
    sys.stdout.write(START + node + "\n")
    sys.stdout.flush()
    envelope = run_check(args, timeout, node)
    sys.stdout.write(RESULT + json.dumps(envelope, separators=(",", ":"), ensure_ascii=True) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
