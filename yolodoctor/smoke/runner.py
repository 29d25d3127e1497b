"""Running the smoke stages: each in its own process under the target
interpreter, each with its own time limit. A stage that crashes or hangs
fails alone, with the last step it announced; the others still run.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional

from ..facts.model import CRASHED, MISSING, TIMEOUT
from ..facts.runner import RunResult, run, tail
from ..facts.target import resolve_target
from . import plan as planning
from .model import FAIL, PASS, SKIP, Check, SmokeReport, StageResult
from .progress import NullProgress, Progress
from .verdict import findings_for

TARGET_DIR = Path(__file__).resolve().parent / "target"
STAGE_SCRIPT = TARGET_DIR / "ydsmoke_run.py"
MARK = "\x1eYDSMOKE "  # the prefix ydsmoke_common.emit writes
STDERR_TAIL = 3000


@dataclass(frozen=True)
class SmokeOptions:
    python: Optional[str] = None  # the interpreter to test (None: as `facts` resolves it)
    device: str = "auto"
    level: str = "quick"
    stages: tuple[str, ...] = planning.STAGE_NAMES
    timeout: Optional[float] = None  # per stage; None: each stage's own default
    keep_workdir: Optional[str] = None  # a directory to leave the stages' files in
    env: Optional[Mapping[str, str]] = None


def parse_records(stdout: str) -> list[dict[str, Any]]:
    records = []
    for line in stdout.split("\n"):  # not splitlines(): it would split at the \x1e of the marker
        if line.startswith(MARK):
            try:
                record = json.loads(line[len(MARK):])
            except ValueError:
                continue
            if isinstance(record, dict):
                records.append(record)
    return records


def _stage_environ(env: Mapping[str, str]) -> dict[str, str]:
    environ = dict(env)
    environ["PYTHONUNBUFFERED"] = "1"
    environ["PYTHONDONTWRITEBYTECODE"] = "1"
    environ["PYTHONFAULTHANDLER"] = "1"  # a segfault prints the Python stack: the crash names its call
    return environ


def _execute(python: str, job: planning.Job, level: str, workdir: Path, env: Mapping[str, str]) -> RunResult:
    workdir.mkdir(parents=True, exist_ok=True)
    argv = [python, str(STAGE_SCRIPT), job.stage, "--device", job.device, "--level", level,
            "--workdir", str(workdir), "--timeout", f"{job.timeout:g}"]
    return run(argv, timeout=job.timeout, env=_stage_environ(env), cwd=str(workdir))


# ---------------------------------------------------------------- records ---

@dataclass
class _Entry:
    device: str
    checks: list
    result: Optional[dict] = None
    last_step: Optional[str] = None


def _collect(job: planning.Job, records: list[dict[str, Any]]) -> tuple[dict[str, _Entry], list[str], dict]:
    """Per-device entries, the warnings raised, and the devices record (device stage only)."""
    entries: dict[str, _Entry] = {}
    warnings: list[str] = []
    devices: dict = {}
    current = job.device
    before_start: Optional[_Entry] = None  # steps a multi-device stage reports before its first device
    for record in records:
        kind = record.get("kind")
        if kind == "start":
            current = str(record.get("device", job.device))
            if before_start is None and current != job.device and job.device in entries:
                before_start = entries.pop(job.device)
            entry = entries.setdefault(current, _Entry(current, []))
            if before_start is not None and before_start.checks:
                entry.checks[:0] = before_start.checks  # e.g. "import torch": shown with the first device
                before_start.checks = []
        elif kind == "step":
            entries.setdefault(current, _Entry(current, [])).last_step = record.get("name")
        elif kind == "check":
            entries.setdefault(current, _Entry(current, [])).checks.append(record)
        elif kind == "warning" and isinstance(record.get("text"), str):
            warnings.append(record["text"])
        elif kind == "result":
            device = str(record.get("device", current))
            entries.setdefault(device, _Entry(device, [])).result = record
        elif kind == "devices":
            devices = record
    return entries, warnings, devices


def _check(record: dict) -> Check:
    return Check(str(record.get("name", "")), str(record.get("status", FAIL)), float(record.get("seconds") or 0.0),
                 str(record.get("detail") or ""), record.get("data") if isinstance(record.get("data"), dict) else {})


def _signal_name(number: Optional[int]) -> str:
    try:
        return signal.Signals(number).name if number else "?"
    except ValueError:
        return str(number)


def _no_result_error(job: planning.Job, result: RunResult, last_step: Optional[str]) -> str:
    where = f" (last step: {last_step})" if last_step else ""
    if result.status == TIMEOUT:
        message = f"did not finish within {job.timeout:g} s{where}"
    elif result.status == CRASHED:
        message = f"the process died on signal {result.signal} ({_signal_name(result.signal)}){where}"
    elif result.status == MISSING:
        message = f"cannot run the interpreter: {result.error}"
    elif result.exit_code == 0:
        message = f"the stage process ended without reporting a result{where}"
    else:
        message = f"the stage process failed with exit code {result.exit_code}{where}"
    stderr = tail(result.stderr, STDERR_TAIL)
    return message + ("\n" + stderr if stderr else "")


def _stage_result(job: planning.Job, entry: _Entry, run_result: RunResult, warnings: list[str],
                  seconds: float) -> StageResult:
    checks = tuple(_check(c) for c in entry.checks)
    record = entry.result
    data = {"stderr_tail": tail(run_result.stderr, STDERR_TAIL)} if run_result.stderr.strip() else {}
    if job.note:
        data["note"] = job.note
    if record is None:
        error = _no_result_error(job, run_result, entry.last_step)
        return StageResult(job.stage, entry.device, FAIL, round(seconds, 3), error.splitlines()[0], error=error,
                           checks=checks, warnings=tuple(warnings), data=data)
    status = record.get("status") if record.get("status") in (PASS, FAIL, SKIP) else FAIL
    if isinstance(record.get("data"), dict):
        data.update(record["data"])
    error = None
    if status == FAIL:
        error = str(record.get("error") or record.get("detail") or "failed without a message")
        if record.get("traceback"):
            data["traceback"] = record["traceback"]
    detail = str(record.get("detail") or "")
    if job.note and status != FAIL:
        detail = f"{detail} ({job.note})" if detail else job.note
    return StageResult(job.stage, entry.device, status, round(seconds, 3), detail, error=error, checks=checks,
                       warnings=tuple(warnings), data=data)


def results_of(job: planning.Job, run_result: RunResult) -> tuple[list[StageResult], dict]:
    """The StageResults one job produced (several for the device stage), and its devices record."""
    entries, warnings, devices = _collect(job, parse_records(run_result.stdout))
    if not entries:
        entries[job.device] = _Entry(job.device, [])
    reported = sum(float(e.result.get("seconds") or 0.0) for e in entries.values() if e.result)
    overhead = max(0.0, run_result.seconds - reported)  # interpreter start, imports
    results = []
    for index, entry in enumerate(entries.values()):
        if len(entries) == 1:
            seconds = run_result.seconds
        else:
            seconds = float((entry.result or {}).get("seconds") or 0.0) + (overhead if index == 0 else 0.0)
        results.append(_stage_result(job, entry, run_result, warnings, seconds))
    return results, devices


# ------------------------------------------------------------------ run ---

def _discovery(results: list[StageResult], devices: dict) -> planning.Discovery:
    if not devices:
        failed = next((r for r in results if r.status == FAIL), None)
        if failed is not None and failed.data.get("torch_import_failed"):
            why = "torch could not be imported (see the device stage)"
        else:
            why = "the device stage did not finish" + (f": {failed.detail}" if failed is not None else "")
        return planning.Discovery(torch_usable=False, why_unusable=why)
    selected = tuple(str(d) for d in devices.get("selected", []))
    passed = {r.device for r in results if r.status == PASS}
    return planning.Discovery(selected=selected, working=tuple(d for d in selected if d in passed),
                              gpus=tuple(devices.get("gpus", [])), torch=devices.get("torch") or {})


def _run_job(python: str, job: planning.Job, options: SmokeOptions, discovery: planning.Discovery,
             workdir: Path, env: Mapping[str, str]) -> tuple[list[StageResult], list]:
    jobdir = workdir / f"{job.stage}-{job.device.replace(':', '').replace(',', '-')}"

    def execute() -> RunResult:
        return _execute(python, job, options.level, jobdir, env)

    if job.stage == "health":
        from .health_run import run_health_job

        return run_health_job(job, discovery, execute, results_of)
    return results_of(job, execute())[0], []


def run_smoke(options: SmokeOptions, progress: Optional[Progress] = None) -> SmokeReport:
    """Run the stages and return what happened. Raises TargetError for an unusable --python."""
    progress = progress or NullProgress()
    env = dict(options.env if options.env is not None else os.environ)
    target = resolve_target(options.python, env)
    started = time.perf_counter()
    workdir = Path(options.keep_workdir or tempfile.mkdtemp(prefix="yolodoctor-smoke-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        device_job = planning.Job("device", options.device, options.timeout or planning.stage("device").timeout)
        # The counter counts stages, known before anything runs; a stage's jobs on several
        # devices share its number, and a skipped stage's number is passed over.
        counted = ["device"] + [spec.name for spec in planning.STAGES[1:] if spec.name in options.stages
                                and (options.level == "full" or not spec.full_only)]
        total = len(counted)
        progress.begin(device_job, 1, total)
        stages, devices = results_of(device_job, _execute(target.executable, device_job, options.level,
                                                          workdir / "device", env))
        discovery = _discovery(stages, devices)
        for result in stages:
            progress.end(result)
        items = planning.plan(discovery, options.level, options.stages, options.timeout)
        health_findings: list = []
        for item in items:
            if isinstance(item, planning.Skipped):
                results = [StageResult(item.stage, item.device, SKIP, 0.0, item.reason)]
            else:
                index = counted.index(item.stage) + 1 if item.stage in counted else total
                progress.begin(item, index, total)
                results, found = _run_job(target.executable, item, options, discovery, workdir, env)
                health_findings += found
            for result in results:
                progress.end(result)
            stages.extend(results)
        stages, findings = findings_for(stages)
        return SmokeReport(python=target.executable, level=options.level, device_spec=options.device,
                           stages=tuple(stages), findings=tuple(findings + health_findings),
                           torch=discovery.torch, devices=discovery.gpus, seconds=time.perf_counter() - started)
    finally:
        progress.close()
        if not options.keep_workdir:
            shutil.rmtree(workdir, ignore_errors=True)
