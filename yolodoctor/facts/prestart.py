"""Start the target's probes before the command line is even parsed.

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

import os

TYPE_CHECKING = False  # typing costs 10 ms, all of it before the first probe starts
if TYPE_CHECKING:
    from typing import Mapping, Optional, Sequence

from .probe_launch import ENV_ITEMS, INDEPENDENT, TORCH_CHAIN, default_interpreter, probe_argv, probe_environ

# Options after which the command would not probe this interpreter at all.
_ELSEWHERE = ("--facts", "--from", "--python", "--help", "-h", "--version")
_COMMANDS = ("check", "facts")
UV_ITEMS = ("--version",)

if TYPE_CHECKING:
    from .runner import Started  # imported once the processes have started

_pending: dict[tuple, "Started"] = {}


def _key(executable: str, items: Sequence[str], env: Mapping[str, str]) -> tuple:
    return (executable, tuple(items), tuple(sorted(env.items())))


def start_probes(args: Sequence[str], environ: Optional[Mapping[str, str]] = None) -> int:
    """Start the probes a `check` or `facts` of this command line will run; returns how many."""
    if _pending or not args or args[0] not in _COMMANDS:
        return 0
    options = {a.split("=", 1)[0] for a in args[1:]}
    if options.intersection(_ELSEWHERE) or "network" in args[1:]:
        return 0  # `check network` probes no interpreter either
    import subprocess
    import time

    env = dict(os.environ if environ is None else environ)
    executable, _ = default_interpreter(env)
    child_env = probe_environ(env)
    # `--fast` imports nothing: the environment record is read in a process of its own, on the other
    # CPU while this one imports the command line; so is uv's version (a pyenv shim takes 70 ms).
    fast = "--fast" in options
    wanted = [(executable, items, child_env, probe_argv(executable, items))
              for items in ((ENV_ITEMS,) if fast else (TORCH_CHAIN, INDEPENDENT))]
    if fast:
        import shutil

        uv = shutil.which("uv", path=env.get("PATH", os.defpath))  # as SystemView.which finds it
        if uv is not None:
            wanted.append((uv, UV_ITEMS, env, [uv, *UV_ITEMS]))
    spawned = []
    for executable, items, child, argv in wanted:  # nothing else is imported until all have started
        began = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    env=child, start_new_session=True)  # as runner.start() does
        except OSError:
            continue  # collection runs it itself and says why it cannot
        spawned.append((_key(executable, items, child), proc, began))
    if not spawned:
        return 0
    from .runner import Started

    for key, proc, began in spawned:
        _pending[key] = Started(proc, began)
    import atexit

    atexit.register(discard_all)
    if not fast:
        from .cpus import keep_off_torch_cpu

        keep_off_torch_cpu()  # until the imports are done (target.probe_imports gives the CPU back)
    return len(_pending)


def claim(executable: str, items: Sequence[str], env: Mapping[str, str]) -> Optional["Started"]:
    """The probe process started early for exactly these arguments, or None."""
    return _pending.pop(_key(executable, items, env), None)


def discard_all() -> None:
    """Kill what nobody claimed and give the CPUs set aside for the import back."""
    from .cpus import restore

    while _pending:
        _, started = _pending.popitem()
        started.kill()
    restore()
