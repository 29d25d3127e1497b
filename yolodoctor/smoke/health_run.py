"""The health stage's job: NVML watches the GPU while the stage loads it;
then the measurements are compared with the datasheet and NVML's account."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from ..diagnose.model import Finding
from ..facts.runner import RunResult
from ..knowledge.files import KnowledgeError, load_compat_table
from . import health
from .model import PASS, StageResult
from .nvml_watch import NvmlWatch
from .plan import Discovery, Job


def _datasheets() -> tuple[list[dict[str, Any]], str]:
    try:
        return load_compat_table("gpus.toml", "gpu", ("name", "name_patterns")), ""
    except KnowledgeError as exc:
        return [], str(exc)


def assess(result: StageResult, gpu: dict[str, Any], nvml: dict[str, Any],
           entries: list[dict[str, Any]], problem: str = "") -> tuple[StageResult, list[Finding]]:
    """The stage result with its comparison added, and the findings it makes."""
    data = dict(result.data)
    data["nvml"] = nvml
    if result.status != PASS:
        return replace(result, data=data), []
    measured = data.get("measured") or {}
    name = str(measured.get("name") or gpu.get("name") or "?")
    knowledge = health.load_health()
    entry = health.datasheet_for(name, entries)
    rows = health.compare(measured, entry, nvml, knowledge)
    data["datasheet"] = entry.get("name") if entry else None
    data["comparison"] = [r.to_dict() for r in rows]
    findings = health.health_findings(result.label, name, rows, nvml, knowledge)
    summary = problem or health.summary_line(rows, entry, name)
    if not nvml.get("available"):
        summary += f"; {nvml.get('error', 'NVML unavailable')}"
    detail = f"{result.detail}; {summary}"
    return replace(result, detail=detail, data=data, finding=findings[0].id if findings else None), findings


def run_health_job(job: Job, discovery: Discovery, execute: Callable[[], RunResult],
                   results_of: Callable) -> tuple[list[StageResult], list[Finding]]:
    gpu = next((g for g in discovery.gpus if g.get("id") == job.device), {})
    watch = NvmlWatch(gpu.get("uuid"), gpu.get("pci_bus_id"))
    watch.start()
    try:
        run_result = execute()
    finally:
        nvml = watch.stop()
    results, _ = results_of(job, run_result)
    entries, problem = _datasheets()
    out, findings = [], []
    for result in results:
        assessed, found = assess(result, gpu, nvml, entries, problem)
        out.append(assessed)
        findings += found
    return out, findings
