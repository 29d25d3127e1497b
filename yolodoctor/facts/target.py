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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from . import probe_target
from .model import CRASHED, ERROR, MISSING, OK, SKIPPED, TIMEOUT, Package, Torch
from .model import TorchDevice
from .runner import RunResult, run, tail

PROBE_SCRIPT = str(Path(probe_target.__file__).resolve())

# Imports that need torch run in one process, in this order; the rest are
# independent and run beside it.
TORCH_CHAIN = ("torch", "torchvision", "torchaudio", "flash_attn")
INDEPENDENT = ("numpy", "cv2", "onnx", "onnxruntime", "tensorrt")
TORCH_DEPENDENT = ("torchvision", "torchaudio", "flash_attn")


_PYTHON_NAME = re.compile(r"^(python|pypy)[0-9.]*[a-z]?(\.exe)?$", re.IGNORECASE)


class TargetError(Exception):
    """The interpreter to inspect cannot be used; the message says why."""


@dataclass(frozen=True)
class Target:
    executable: str
    selected_by: str  # --python, VIRTUAL_ENV, CONDA_PREFIX, current


def _bin_python(env_dir: Path) -> Path:
    for candidate in (env_dir / "bin" / "python", env_dir / "bin" / "python3",
                      env_dir / "Scripts" / "python.exe", env_dir / "python.exe"):
        if candidate.exists():
            return candidate
    return env_dir / "bin" / "python"


def resolve_target(python: Optional[str], env: Mapping[str, str]) -> Target:
    if python:
        path = Path(python).expanduser()
        if path.is_dir():
            path = _bin_python(path)
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
    for var in ("VIRTUAL_ENV", "CONDA_PREFIX"):
        if env.get(var):
            candidate = _bin_python(Path(env[var]))
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return Target(str(candidate), var)
    return Target(sys.executable, "current")


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


def probe_env(target: Target, timeout: float, env: Mapping[str, str]) -> dict[str, Any]:
    """The env record of probe_target.py, or TargetError saying why not."""
    result = run([target.executable, "-I" if _isolated_ok(env) else "-E", PROBE_SCRIPT, "env"],
                 timeout=timeout, env=_probe_environ(env))
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


def _isolated_ok(env: Mapping[str, str]) -> bool:
    # -I ignores PYTHONPATH; a target that needs it (some clusters) keeps it.
    return not env.get("PYTHONPATH")


def _probe_environ(env: Mapping[str, str]) -> dict[str, str]:
    environ = dict(env)
    environ["PYTHONUNBUFFERED"] = "1"
    environ["PYTHONDONTWRITEBYTECODE"] = "1"
    environ.setdefault("YOLO_VERBOSE", "False")  # keep ultralytics quiet if imported indirectly
    return environ


@dataclass
class ImportOutcome:
    torch: Torch
    packages: dict[str, Package]


def probe_imports(target: Target, timeout: float, env: Mapping[str, str]) -> ImportOutcome:
    """Import torch & co. under the target, in parallel groups, with timeouts."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        chain = pool.submit(_run_items, target, TORCH_CHAIN, timeout, env)
        independent = pool.submit(_run_items, target, INDEPENDENT, timeout, env)
        reports = {**chain.result(), **independent.result()}
    torch_report = reports.pop("torch", {})
    torch = Torch(**{k: v for k, v in torch_report.items() if k in Torch.__dataclass_fields__})
    torch.source = "import"
    torch.devices = [TorchDevice(**d) if isinstance(d, dict) else d for d in torch.devices]  # JSON -> dataclass
    packages = {}
    for name, report in reports.items():
        fields = {k: v for k, v in report.items() if k in Package.__dataclass_fields__}
        if report.get("stderr") and report.get("status") != OK:
            fields.setdefault("details", {})["stderr"] = report["stderr"]
        packages[name] = Package(**fields)
    return ImportOutcome(torch, packages)


def _run_items(target: Target, items: Sequence[str], timeout: float,
               env: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Run the import probe; after a crash, go on with the items not yet done."""
    reports: dict[str, dict[str, Any]] = {}
    pending = list(items)
    while pending:
        result = run([target.executable, "-E", PROBE_SCRIPT, "import", *pending],
                     timeout=timeout, env=_probe_environ(env))
        started: Optional[str] = None
        for record in parse_records(result.stdout):
            if record.get("kind") == "start":
                started = record.get("item")
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
            report["error"] = f"import did not finish within {timeout:g} s"
        elif result.status == CRASHED:
            report["signal"] = result.signal
            report["error"] = f"the process died on signal {result.signal}"
        else:
            report["error"] = tail(result.stderr, 2000) or result.error or f"exit code {result.exit_code}"
        if result.stderr.strip():
            report["stderr"] = tail(result.stderr, 4000)
        rest = [i for i in pending if i not in finished and i != culprit]
        if culprit == "torch" or result.status == TIMEOUT:
            for item in rest:
                why = "torch could not be imported" if culprit == "torch" else f"{culprit} hung"
                dependent = culprit == "torch" and item in TORCH_DEPENDENT
                if dependent or result.status == TIMEOUT:
                    reports[item] = {"status": SKIPPED, "error": f"not probed: {why}", "warnings": []}
            rest = [i for i in rest if i not in reports]
        pending = rest
    return reports


def _finished(reports: dict[str, dict[str, Any]], started: Optional[str], result: RunResult) -> set:
    done = set(reports)
    if result.status != OK and started:
        done.discard(started)
    return done


def missing_torch() -> Torch:
    return Torch(status=MISSING, source="metadata")
