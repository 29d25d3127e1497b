"""What every smoke stage script shares: the record channel, checks, outcomes.

These scripts run under the *target* interpreter (the one that trains), which
may not have yolodoctor installed: they use the standard library, torch and
whatever the stage tests, never yolodoctor. File names carry the ydsmoke_
prefix because this directory is sys.path[0] while they run: a file named
like a library (onnx.py, distributed.py) would shadow it.

Records are JSON, one per line, prefixed by MARK, on a private copy of the
original stdout; fd 1 is pointed at stderr so that whatever a library prints
cannot be mistaken for a record.
"""

import json
import math
import os
import sys
import time
import traceback

MARK = "\x1eYDSMOKE "
ERROR_TAIL = 4000

_out = None


def open_channel():
    """Keep the real stdout for records; send everything else to stderr."""
    global _out
    if _out is not None:
        return
    _out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr


def close_channel():
    global _out
    if _out is not None:
        _out.close()
        _out = None


def emit(record):
    if _out is None:  # imported outside a stage run (tests): print plainly
        sys.stderr.write(MARK + json.dumps(record, default=str) + "\n")
        return
    _out.write(MARK + json.dumps(record, default=str) + "\n")
    _out.flush()


def watch_parent(interval=0.5):
    """End this stage, and whatever it started, when yolodoctor goes away
    (Ctrl-C, killed): nothing may outlive the run. The stage is the leader
    of its own process group (the runner starts it so), which takes its
    children (torchrun, DataLoader workers) with it."""
    import signal
    import threading

    parent = os.getppid()

    def watch():
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                if os.getpgrp() == os.getpid():
                    os.killpg(os.getpid(), signal.SIGKILL)
                os._exit(3)

    threading.Thread(target=watch, daemon=True, name="ydsmoke-parent-watch").start()


class Skip(Exception):
    """The stage (or a check) cannot run here; the message says why."""


class Failure(Exception):
    """The stage ran and found something wrong; the message is the verdict."""

    def __init__(self, message, data=None):
        Exception.__init__(self, message)
        self.data = data or {}


def error_text(exc):
    """The exception as Python prints its last line(s): the verbatim error."""
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()[-ERROR_TAIL:]


def traceback_tail(exc, limit=6):
    frames = traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-limit)
    return "".join(frames).strip()[-ERROR_TAIL:]


class Context:
    """What a stage is asked to do, and the running list of its checks."""

    def __init__(self, stage, device, level, workdir, timeout):
        self.stage = stage
        self.device = device
        self.level = level
        self.workdir = workdir
        self.timeout = timeout
        self.started = time.monotonic()
        self.checks = []

    @property
    def full(self):
        return self.level == "full"

    def time_left(self):
        return self.timeout - (time.monotonic() - self.started)

    def check(self, name):
        return _Check(self, name)

    def skip_check(self, name, reason):
        record = {"kind": "check", "name": name, "status": "skip", "seconds": 0.0, "detail": reason}
        self.checks.append(record)
        emit(record)


class _Check:
    """A named step: announced before it runs (so a hang names it), reported after.

    Inside, set .detail (text) and .data (numbers); raise Skip to mark the
    step skipped; any other exception fails it and propagates.
    """

    def __init__(self, ctx, name):
        self.ctx = ctx
        self.name = name
        self.detail = ""
        self.data = {}

    def __enter__(self):
        emit({"kind": "step", "name": self.name})
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, kind, exc, tb):
        seconds = round(time.perf_counter() - self.t0, 3)
        record = {"kind": "check", "name": self.name, "seconds": seconds, "detail": self.detail}
        if self.data:
            record["data"] = self.data
        swallow = False
        if exc is None:
            record["status"] = "pass"
        elif isinstance(exc, Skip):
            record["status"] = "skip"
            record["detail"] = str(exc)
            swallow = True
        else:
            record["status"] = "fail"
            record["detail"] = str(exc) if isinstance(exc, Failure) else error_text(exc)
        self.ctx.checks.append(record)
        emit(record)
        return swallow


# ------------------------------------------------------------- network ---

_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0", "", None)


def block_network():
    """Refuse every connection and name lookup that is not loopback, for the
    rest of this process. Returns the list the refused targets are added to,
    so a stage can report what a library tried to reach."""
    import errno
    import socket

    blocked = []

    def refuse(target):
        blocked.append(str(target))
        emit({"kind": "network_blocked", "target": str(target)})
        raise OSError(errno.ENETUNREACH, "network access is blocked during the yolodoctor smoke test: %s" % (target,))

    def is_local(host):
        return host in _LOCAL_HOSTS or str(host).startswith("127.")

    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if not is_local(host):
            refuse(host)
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(sock, address):
        if isinstance(address, tuple) and not is_local(address[0]):
            refuse("%s:%s" % address[:2])
        return real_connect(sock, address)

    def connect_ex(sock, address):
        if isinstance(address, tuple) and not is_local(address[0]):
            refuse("%s:%s" % address[:2])
        return real_connect_ex(sock, address)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    return blocked


# ------------------------------------------------------------ numerics ---

def max_relative_error(got, want):
    """max |got - want| / max |want|, both as float64 on the CPU."""
    got = got.detach().double().cpu()
    want = want.detach().double().cpu()
    scale = float(want.abs().max()) or 1.0
    return float((got - want).abs().max()) / scale


def all_finite(tensor):
    import torch

    return bool(torch.isfinite(tensor.detach()).all())


def rounded(value, digits=4):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return value
    return round(float(value), digits)


def one_cpu_thread(torch):
    """The stages' CPU work is tiny: one intra-op thread. On a busy machine an
    OpenMP pool spinning against other processes made it up to 50x slower;
    on an idle one a single thread is as fast. (The device stage keeps and
    reports torch's own thread count.)"""
    torch.set_num_threads(1)


def sync(device):
    import torch

    if str(device).startswith("cuda"):
        torch.cuda.synchronize(device)
