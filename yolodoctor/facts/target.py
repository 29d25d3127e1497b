"""The interpreter being inspected, and the probes run under it.

yolodoctor may be installed with pipx or in another env than the one that
trains; facts about Python packages therefore come from probe_target.py run
by the *target* interpreter in a subprocess.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from . import probe_target
from .model import CRASHED, ERROR, MISSING, OK, SKIPPED, TIMEOUT, Package, Torch
from .model import TorchDevice
from . import cpus, prestart
from .probe_launch import (ENV_ITEMS, INDEPENDENT, PROBE_SCRIPT, TORCH_CHAIN, TORCH_DEPENDENT, default_interpreter,
                           env_python, probe_argv, probe_environ)
from .runner import RunResult, finish, run, tail

_PYTHON_NAME = re.compile(r"^(python|pypy)[0-9.]*[a-z]?(\.exe)?$", re.IGNORECASE)


class TargetError(Exception):
    """The interpreter to inspect cannot be used; the message says why."""


@dataclass(frozen=True)
class Target:
    executable: str
    selected_by: str  # --python, VIRTUAL_ENV, CONDA_PREFIX, current


def resolve_target(python: Optional[str], env: Mapping[str, str]) -> Target:
    if python:
        path = Path(python).expanduser()
        if path.is_dir():
            path = Path(env_python(str(path)))
        if not path.exists():
            raise TargetError(f"--python {python}: no such file")
        if not path.is_file():
            raise TargetError(f"--python {python}: not a file")
        if not os.access(path, os.X_OK):
            raise TargetError(f"--python {python}: not executable")
        if not _PYTHON_NAME.match(path.name):
            # The probe passes arguments to this program: never to something that is not Python.
            raise TargetError(f"--python {python}: {path.name} does not look like a Python interpreter "
                              "(expected a name like python, python3.11 or pypy3)")
        return Target(str(path.absolute()), "--python")
    return Target(*default_interpreter(env))


def parse_records(stdout: str) -> list[dict[str, Any]]:
    records = []
    for line in stdout.split("\n"):  # not splitlines(): it splits at the \x1e marker
        if line.startswith(probe_target.MARK):
            try:
                record = json.loads(line[len(probe_target.MARK):])
            except ValueError:
                continue
            if isinstance(record, dict):
                records.append(record)
    return records


_VERSION_CHECK = "import sys; sys.stdout.write('%d.%d' % sys.version_info[:2])"  # Python 2 can run this too


def is_usable_python(target: Target, timeout: float, env: Mapping[str, str]) -> bool:
    """A quick check (no site, no probe script) that the target is a Python
    new enough for the probes, so they can all start at once."""
    result = run([target.executable, "-E", "-S", "-c", _VERSION_CHECK], timeout=timeout, env=dict(env))
    if result.status == TIMEOUT:
        raise TargetError(f"{target.executable} did not answer within {timeout:g} s")
    match = re.fullmatch(r"(\d+)\.(\d+)", result.stdout.strip()) if result.ok else None
    return bool(match) and (int(match.group(1)), int(match.group(2))) >= probe_target.MIN_PYTHON


def probe_env(target: Target, timeout: float, env: Mapping[str, str]) -> dict[str, Any]:
    """The env record of probe_target.py, or TargetError saying why not."""
    early = prestart.claim(target.executable, ENV_ITEMS, probe_environ(env))
    search_path = None if early is not None else _in_process_search_path(target, env)
    if search_path is not None:
        try:
            return probe_target.env_record(search_path)
        except Exception:  # whatever went wrong here, the separate process may still answer
            pass
    result = finish(early, timeout) if early is not None else \
        run(probe_argv(target.executable, ENV_ITEMS), timeout=timeout, env=probe_environ(env))
    records = parse_records(result.stdout)
    for record in records:
        if record.get("kind") == "too_old":
            version = ".".join(str(p) for p in record.get("version", []))
            raise TargetError(f"{target.executable} is Python {version}; the probe needs Python "
                              f"{'.'.join(map(str, probe_target.MIN_PYTHON))} or newer")
        if record.get("kind") == "env":
            return record
    if result.status == TIMEOUT:
        raise TargetError(f"{target.executable} did not answer within {timeout:g} s")
    if result.status == MISSING:
        raise TargetError(f"{target.executable}: cannot run ({result.error})")
    detail = tail(result.stderr or result.stdout or result.error or "", 300)
    if "SyntaxError" in detail:
        raise TargetError(f"{target.executable} is a Python too old to run the probe")
    raise TargetError(f"{target.executable} does not look like a working Python interpreter"
                      + (f": {detail}" if detail else ""))


def _in_process_search_path(target: Target, env: Mapping[str, str]) -> Optional[list[str]]:
    """When the target is the very interpreter running yolodoctor, started
    the way a plain `python` starts and with the same environment, the env
    record can be read here instead of in a new process (it imports nothing
    heavy). Returns the sys.path a plain run would have, else None."""
    if os.path.abspath(target.executable) != os.path.abspath(sys.executable):
        return None
    flags = sys.flags
    if flags.no_user_site or flags.isolated or flags.ignore_environment or flags.no_site:
        return None
    if dict(env) != dict(os.environ):
        return None
    # sys.path[0] is yolodoctor's own (its script's directory, or the working
    # directory under `python -m`): a plain `python script.py` would not have it.
    return list(sys.path if getattr(flags, "safe_path", False) else sys.path[1:])


@dataclass
class ImportOutcome:
    torch: Torch
    packages: dict[str, Package]


def probe_imports(target: Target, timeout: float, env: Mapping[str, str]) -> ImportOutcome:
    """Import torch & co. under the target, in parallel groups, with timeouts."""
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            chain = pool.submit(_run_items, target, TORCH_CHAIN, timeout, env)
            independent = pool.submit(_run_items, target, INDEPENDENT, timeout, env)
            reports = {**chain.result(), **independent.result()}
    finally:
        cpus.restore()  # the entry point kept this process off the import's CPU (facts/cpus.py)
    torch_report = reports.pop("torch", {})
    torch = Torch(**{k: v for k, v in torch_report.items() if k in Torch.__dataclass_fields__})
    torch.source = "import"
    torch.devices = [TorchDevice(**d) if isinstance(d, dict) else d for d in torch.devices]  # JSON -> dataclass
    packages = {}
    for name, report in reports.items():
        fields = {k: v for k, v in report.items() if k in Package.__dataclass_fields__}
        if report.get("stderr"):
            fields.setdefault("details", {})["stderr"] = report["stderr"]
        packages[name] = Package(**fields)
    return ImportOutcome(torch, packages)


def _run_items(target: Target, items: Sequence[str], timeout: float,
               env: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Run the import probe; after a crash or hang, go on with the items not
    yet done in a fresh process, within twice the timeout for the group."""
    reports: dict[str, dict[str, Any]] = {}
    pending = list(items)
    deadline = time.monotonic() + 2 * timeout
    while pending:
        left = deadline - time.monotonic()
        if left <= 0.5:
            for item in pending:
                reports[item] = {"status": SKIPPED, "error": "not probed: the time limit was used up by "
                                 "items that hung", "warnings": []}
            break
        argv = probe_argv(target.executable, tuple(pending))
        # The entry point may have started this very process already (prestart.py); its
        # head start is time the import gets on top of the timeout, counted from here.
        early = prestart.claim(target.executable, pending, probe_environ(env)) if pending == list(items) else None
        result = finish(early, min(timeout, left)) if early is not None else \
            run(argv, timeout=min(timeout, left), env=probe_environ(env))
        started: Optional[str] = None
        stderr_file: Optional[str] = None
        for record in parse_records(result.stdout):
            if record.get("kind") == "start":
                started = record.get("item")
                stderr_file = record.get("stderr_file") if isinstance(record.get("stderr_file"), str) else None
            elif record.get("kind") == "result" and isinstance(record.get("report"), dict):
                reports[record["item"]] = record["report"]
        finished = _finished(reports, started, result)
        if result.status == OK:
            for item in pending:
                reports.setdefault(item, {"status": ERROR, "error": "the probe reported nothing"})
            break
        # The process died in `started`: record how, keep its partial report.
        culprit = started or pending[0]
        report = reports.setdefault(culprit, {"warnings": []})
        report["status"] = {TIMEOUT: TIMEOUT, CRASHED: CRASHED}.get(result.status, ERROR)
        if result.status == TIMEOUT:
            report["error"] = f"import did not finish within {min(timeout, left):g} s"
        elif result.status == CRASHED:
            report["signal"] = result.signal
            report["error"] = f"the process died on signal {result.signal}"
        else:
            report["error"] = tail(result.stderr, 2000) or result.error or f"exit code {result.exit_code}"
        died_with = _read_and_remove(stderr_file) if started else ""
        if died_with.strip() or result.stderr.strip():
            report["stderr"] = tail((died_with + "\n" + result.stderr).strip(), 4000)
        rest = [i for i in pending if i not in finished and i != culprit]
        if culprit == "torch" and report.get("version") is None:
            # torch itself could not be imported: what needs it cannot be probed.
            for item in rest:
                if item in TORCH_DEPENDENT:
                    reports[item] = {"status": SKIPPED, "error": "not probed: torch could not be imported",
                                     "warnings": []}
            rest = [i for i in rest if i not in reports]
        pending = rest
    return reports


def _read_and_remove(path: Optional[str]) -> str:
    """What a probe that died had written to its stderr file (see probe_target)."""
    if not path or not os.path.basename(path).startswith("yolodoctor-probe-"):
        return ""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 8000))
            data = fh.read().decode("utf-8", "replace")
    except OSError:
        return ""
    try:
        os.unlink(path)
    except OSError:
        pass
    return data


def _finished(reports: dict[str, dict[str, Any]], started: Optional[str], result: RunResult) -> set:
    done = set(reports)
    if result.status != OK and started:
        done.discard(started)
    return done


def missing_torch() -> Torch:
    return Torch(status=MISSING, source="metadata")
