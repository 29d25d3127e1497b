"""`fleet --slurm`: one task per node with `srun --ntasks-per-node=1`, each running node_task (check with
a time bound) under the same interpreter path as this yolodoctor; the node list comes from `--nodes` or
from `sinfo`. Output arrives through srun's --label prefixes: task number -> node (node_task says its
name first), then the report on one line.

The whole step is bounded: past allocation wait + per-node bound + grace, srun is interrupted (twice,
which makes it cancel the step) and every node without a report is named with what is known about it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from ..exitcodes import USAGE, UserError
from .judge import from_envelope
from .model import DOWN, FAILED, NO_ANSWER, TIMED_OUT, NodeResult, unanswered
from .node_task import RESULT, START

# sinfo's base states in which a node can run a step (a trailing "*" means not responding: down).
USABLE_STATES = ("idle", "mixed", "allocated", "completing", "planned")
_LABELLED = re.compile(r"^\s*(\d+): ?(.*)$")
_TASK_ERROR = re.compile(r"^srun: error: (\S+): tasks? (\d+)(?:-\d+)?: (.*)$")
SLURM_COMMAND_TIMEOUT = 30.0


@dataclass(frozen=True)
class SlurmRequest:
    partition: Optional[str] = None
    nodes: Optional[str] = None  # a Slurm host list: "gpu[01-16],gpu20"
    extra: tuple[str, ...] = ()  # after `--`: passed to srun as they are
    node_timeout: float = 120.0
    allocation_timeout: float = 60.0
    grace: float = 30.0


def _run(argv: Sequence[str]) -> str:
    try:
        proc = subprocess.run(list(argv), capture_output=True, text=True, timeout=SLURM_COMMAND_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise UserError(f"--slurm needs Slurm's {argv[0]} on PATH; it was not found", USAGE) from None
    except subprocess.TimeoutExpired:
        raise UserError(f"{' '.join(argv)} did not answer within {SLURM_COMMAND_TIMEOUT:g} s "
                        "(is slurmctld reachable?)", USAGE) from None
    if proc.returncode != 0:
        raise UserError(f"{' '.join(argv)} failed: {(proc.stderr or proc.stdout).strip()[:500]}", USAGE)
    return proc.stdout


def node_list(request: SlurmRequest) -> tuple[list[str], list[NodeResult]]:
    """The nodes to ask, and those Slurm itself reports unusable (down, drained, not responding)."""
    wanted: Optional[list[str]] = None
    if request.nodes:
        wanted = list(dict.fromkeys(_run(["scontrol", "show", "hostnames", request.nodes]).split()))
        if not wanted:
            raise UserError(f"--nodes {request.nodes}: Slurm expands it to no node", USAGE)
    argv = ["sinfo", "--noheader", "--Node", "--format=%N %T"]
    if request.partition:
        argv.append(f"--partition={request.partition}")
    if wanted:
        argv.append(f"--nodes={','.join(wanted)}")
    states: dict[str, str] = {}
    for line in _run(argv).splitlines():
        parts = line.split()
        if len(parts) == 2:
            states.setdefault(parts[0], parts[1])
    if wanted:  # the order asked for; a node sinfo does not list is not one Slurm can run a task on
        unknown = [n for n in wanted if n not in states]
        if unknown:
            where = f" in partition {request.partition}" if request.partition else ""
            raise UserError(f"--nodes: sinfo lists no node {', '.join(unknown)}{where}", USAGE)
        states = {n: states[n] for n in wanted}
    if not states:
        where = f"partition {request.partition}" if request.partition else "this cluster"
        raise UserError(f"sinfo lists no node in {where}", USAGE)
    usable, down = [], []
    for name, state in states.items():
        base = state.rstrip("*~#!%$@^-").lower()
        if base in USABLE_STATES and not state.endswith("*"):
            usable.append(name)
        else:
            down.append(unanswered(name, DOWN, f"Slurm reports it {state}", "sinfo"))
    return usable, down


def srun_argv(nodes: Sequence[str], request: SlurmRequest, check_args: Sequence[str],
              python: Optional[str] = None, in_allocation: bool = False) -> list[str]:
    return srun_options(nodes, request, in_allocation) + [
        python or sys.executable, "-m", "yolodoctor.fleet.node_task", "--timeout", f"{request.node_timeout:g}",
        "--", *check_args]


def srun_options(nodes: Sequence[str], request: SlurmRequest, in_allocation: bool = False) -> list[str]:
    """srun and its options for one task on each of `nodes` (the checks and the smoke share them)."""
    argv = ["srun", f"--nodes={len(nodes)}", f"--ntasks={len(nodes)}", "--ntasks-per-node=1",
            f"--nodelist={','.join(nodes)}", "--label", "--kill-on-bad-exit=0", "--job-name=yolodoctor-fleet"]
    if not in_allocation:  # inside salloc/sbatch the step starts at once; outside, do not queue for ever
        argv.append(f"--immediate={max(1, int(request.allocation_timeout))}")
    if request.partition:
        argv.append(f"--partition={request.partition}")
    argv += list(request.extra)
    return argv


def _stop(proc: subprocess.Popen) -> None:
    """srun cancels the step on a second interrupt within a second; kill it if it does not go."""
    for _ in range(2):
        try:
            proc.send_signal(signal.SIGINT)
        except OSError:
            return
        time.sleep(0.3)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def parse_output(stdout: str, stderr: str) -> tuple[dict[int, str], dict[int, str], dict[int, list[str]], list[str]]:
    """(task -> node, task -> envelope text, task -> its stderr lines, srun's own stderr lines)."""
    names: dict[int, str] = {}
    pieces: dict[int, list[str]] = {}
    for line in stdout.splitlines():
        match = _LABELLED.match(line)
        if not match:
            continue
        task, text = int(match.group(1)), match.group(2)
        if text.startswith(START):
            names[task] = text[len(START):].strip()
        elif text.startswith(RESULT) or task in pieces:  # a long line may reach us in pieces
            pieces.setdefault(task, []).append(text)
    task_err: dict[int, list[str]] = {}
    general: list[str] = []
    for line in stderr.splitlines():
        error = _TASK_ERROR.match(line)
        if error:
            names.setdefault(int(error.group(2)), error.group(1))
            task_err.setdefault(int(error.group(2)), []).append(error.group(3))
            continue
        match = _LABELLED.match(line)
        if match:
            task_err.setdefault(int(match.group(1)), []).append(match.group(2))
        elif line.strip():
            general.append(line.strip())
    return names, {t: "".join(p)[len(RESULT):] for t, p in pieces.items()}, task_err, general


def gather(request: SlurmRequest, check_args: Sequence[str], options: Any,
           python: Optional[str] = None) -> list[NodeResult]:
    nodes, results = node_list(request)
    if not nodes:
        return results
    argv = srun_argv(nodes, request, check_args, python, in_allocation="SLURM_JOB_ID" in os.environ)
    bound = request.allocation_timeout + request.node_timeout + request.grace
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                text=True, errors="replace")
    except FileNotFoundError:
        raise UserError("--slurm needs Slurm's srun on PATH; it was not found", USAGE) from None
    timed_out = False
    try:
        stdout, stderr = proc.communicate(timeout=bound)
    except subprocess.TimeoutExpired:
        timed_out = True
        _stop(proc)
        stdout, stderr = proc.communicate()
    names, envelopes, task_err, general = parse_output(stdout, stderr)
    answered: set[str] = set()
    for task, text in sorted(envelopes.items()):
        node = names.get(task, f"task {task}")
        try:
            envelope = json.loads(text)
        except ValueError:
            results.append(unanswered(node, FAILED, "its report arrived cut short", f"srun task {task}"))
            answered.add(node)
            continue
        result = from_envelope(envelope, options, node, f"srun task {task}")
        results.append(result)
        answered.add(result.node)
    started = {node: task for task, node in names.items()}
    why_all = "; ".join(general[-3:]) or (f"srun exited with {proc.returncode}" if proc.returncode else "")
    for node in nodes:
        if node in answered:
            continue
        task = started.get(node)
        said = "; ".join(task_err.get(task, [])[-3:]) if task is not None else ""
        if timed_out and task is not None:
            results.append(unanswered(node, TIMED_OUT, f"no report within {bound:g} s" + (f" ({said})" if said else ""),
                                      f"srun task {task}"))
        elif task is not None:
            results.append(unanswered(node, FAILED, said or why_all or "the task ended without a report",
                                      f"srun task {task}"))
        else:
            reason = why_all or "srun started no task there"
            if timed_out:
                reason = f"no task started within {bound:g} s" + (f" ({why_all})" if why_all else "")
            results.append(unanswered(node, NO_ANSWER, reason, "srun"))
    return results
