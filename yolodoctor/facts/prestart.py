"""Start the import probes before the command line is even parsed.

The torch import under the target interpreter is most of what `check` and
`facts` cost. yolodoctor's own start-up (typer and rich, the rules and compat
tables, the other probes) needs about as long again on a small machine, and
nothing in it needs the probe's answer. So the entry point starts the probe
processes first, from a plain look at the command line, and the collection
later claims them, if they are exactly the processes it would have started
(same interpreter, items and environment). What nobody claims is killed at
exit, so a command line that turns out to be something else costs nothing but
a process start.
"""

from __future__ import annotations

import atexit
import os
from typing import Mapping, Optional, Sequence

from .runner import Started, start

# Options after which the command would not import anything in this interpreter.
_NO_IMPORTS = ("--fast", "--facts", "--from", "--python", "--help", "-h", "--version")
_COMMANDS = ("check", "facts")

_pending: dict[tuple, Started] = {}


def _key(executable: str, items: Sequence[str], env: Mapping[str, str]) -> tuple:
    return (executable, tuple(items), tuple(sorted(env.items())))


def start_probes(args: Sequence[str], environ: Optional[Mapping[str, str]] = None) -> int:
    """Start the import probes if `args` is a `check` or `facts` that will run them; returns how many."""
    if _pending or not args or args[0] not in _COMMANDS:
        return 0
    if any(a.split("=", 1)[0] in _NO_IMPORTS for a in args[1:]) or "network" in args[1:]:
        return 0  # `check network` imports nothing either
    from .target import INDEPENDENT, PROBE_SCRIPT, TORCH_CHAIN, probe_environ, resolve_target

    env = dict(os.environ if environ is None else environ)
    target = resolve_target(None, env)
    child_env = probe_environ(env)
    for items in (TORCH_CHAIN, INDEPENDENT):
        started = start([target.executable, PROBE_SCRIPT, "import", *items], env=child_env)
        if isinstance(started, Started):
            _pending[_key(target.executable, items, child_env)] = started
    if _pending:
        atexit.register(discard_all)
        from .cpus import keep_off_torch_cpu

        keep_off_torch_cpu()  # until the imports are done (target.probe_imports gives the CPU back)
    return len(_pending)


def claim(executable: str, items: Sequence[str], env: Mapping[str, str]) -> Optional[Started]:
    """The probe process started early for exactly these arguments, or None."""
    return _pending.pop(_key(executable, items, env), None)


def discard_all() -> None:
    """Kill what nobody claimed and give the CPUs set aside for the import back."""
    from .cpus import restore

    while _pending:
        _, started = _pending.popitem()
        started.kill()
    restore()
