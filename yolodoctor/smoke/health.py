"""GPU health: measured figures against the datasheet, and NVML's account of
the run (clocks, throttling, PCIe link, ECC, Xid) turned into findings.

Pure functions of their inputs; the NVML sampling is in nvml_watch.py.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from ..diagnose.model import Finding

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HEALTH_FILE = Path(__file__).with_name("health.toml")


@dataclass(frozen=True)
class Threshold:
    metric: str  # key in the stage's measurements
    datasheet_key: str  # key in compat/gpus.toml, or "pcie"
    label: str
    unit: str
    min_ratio: float


@dataclass(frozen=True)
class HealthData:
    thresholds: tuple[Threshold, ...]
    pcie_gbs_per_lane: dict[int, float]
    throttle: tuple[tuple[int, str, bool], ...]  # bit, name, bad
    findings: dict[str, dict[str, Any]]  # kind -> catalogue entry
    # The threshold labels and throttle reason names in Chinese (label_zh, name_zh beside the English).
    chinese: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=None)
def load_health(path: Path = HEALTH_FILE) -> HealthData:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    thresholds = tuple(Threshold(t["metric"], t["datasheet_key"], t["label"], t["unit"], float(t["min_ratio"]))
                       for t in data["threshold"])
    pcie = {int(p["generation"]): float(p["gbs_per_lane"]) for p in data["pcie"]}
    throttle = tuple((int(t["bit"]), t["name"], bool(t["bad"])) for t in data["throttle"])
    findings = {f["kind"]: f for f in data["finding"]}
    chinese = {t["label"]: t["label_zh"] for t in data["threshold"] if t.get("label_zh")}
    chinese.update({t["name"]: t["name_zh"] for t in data["throttle"] if t.get("name_zh")})
    return HealthData(thresholds, pcie, throttle, findings, chinese)


# ------------------------------------------------------------ datasheet ---

def datasheet_for(name: str, entries: list[dict[str, Any]]) -> Optional[dict[str, Any]]:
    """The compat/gpus.toml entry for a GPU name as torch/NVML report it.

    A pattern matches case-insensitively where it is not followed by a letter
    or digit ("NVIDIA A10" is not "NVIDIA A10G", "L4" is not "L40S"); the
    longest matching pattern wins, so "A100-SXM4-80GB" beats "A10".
    """
    best, best_length = None, -1
    for entry in entries:
        for pattern in entry.get("name_patterns", []):
            if re.search(re.escape(pattern) + r"(?![A-Za-z0-9])", name, re.IGNORECASE) and len(pattern) > best_length:
                best, best_length = entry, len(pattern)
    return best


@dataclass(frozen=True)
class Comparison:
    metric: str
    label: str
    unit: str
    measured: float
    expected: Optional[float]
    ratio: Optional[float]
    min_ratio: float

    @property
    def low(self) -> bool:
        return self.ratio is not None and self.ratio < self.min_ratio

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "label": self.label, "unit": self.unit, "measured": round(self.measured, 3),
                "expected": self.expected, "ratio": None if self.ratio is None else round(self.ratio, 3),
                "min_ratio": self.min_ratio, "low": self.low}


def pcie_expected(nvml: dict[str, Any], rates: dict[int, float]) -> Optional[float]:
    pcie = nvml.get("pcie") or {}
    gen, width = pcie.get("max_generation"), pcie.get("max_width")
    if not gen or not width or int(gen) not in rates:
        return None
    return rates[int(gen)] * int(width)


def compare(measured: dict[str, Any], entry: Optional[dict[str, Any]], nvml: dict[str, Any],
            data: HealthData) -> list[Comparison]:
    rows = []
    for threshold in data.thresholds:
        value = measured.get(threshold.metric)
        if not isinstance(value, (int, float)):
            continue
        if threshold.datasheet_key == "pcie":
            expected = pcie_expected(nvml, data.pcie_gbs_per_lane)
        else:
            expected = (entry or {}).get(threshold.datasheet_key)
        ratio = value / expected if isinstance(expected, (int, float)) and expected > 0 else None
        rows.append(Comparison(threshold.metric, threshold.label, threshold.unit, float(value),
                               float(expected) if expected else None, ratio, threshold.min_ratio))
    return rows


# ----------------------------------------------------------------- NVML ---

def throttle_reasons(mask: int, data: HealthData) -> list[tuple[str, bool]]:
    return [(name, bad) for bit, name, bad in data.throttle if mask & bit]


def _finding(data: HealthData, kind: str, where: str, message: str, evidence: list[str],
             extra: Optional[dict[str, Any]] = None) -> Finding:
    entry = data.findings[kind]
    return Finding(id=entry["id"], category=entry["category"], severity=entry["severity"], area=entry["area"],
                   title=entry["title"], message=f"{where}: {message}", fix=entry["fix"],
                   explanation=entry["explanation"], evidence=tuple(evidence), data={"stage": where, **(extra or {})})


def health_findings(where: str, gpu_name: str, rows: list[Comparison], nvml: dict[str, Any],
                    data: HealthData) -> list[Finding]:
    findings = []
    low = [r for r in rows if r.low]
    if low:
        evidence = [f"{r.label}: {r.measured:.1f} {r.unit}, {r.ratio:.0%} of {r.expected:g}" for r in low]
        findings.append(_finding(data, "slow", where, f"{gpu_name} reaches " + "; ".join(evidence), evidence,
                                 {"comparison": [r.to_dict() for r in low]}))
    bad = [name for name, is_bad in throttle_reasons(int(nvml.get("throttle_mask_busy") or 0), data) if is_bad]
    if bad:
        temp = nvml.get("temperature_c_max")
        evidence = [f"throttle reasons while busy: {', '.join(bad)}"] + ([f"max temperature {temp} C"] if temp else [])
        findings.append(_finding(data, "throttled", where, f"{gpu_name}: {', '.join(bad)}", evidence))
    pcie = nvml.get("pcie") or {}
    cur_gen, cur_width = pcie.get("busy_generation_min"), pcie.get("busy_width_min")
    max_gen, max_width = pcie.get("max_generation"), pcie.get("max_width")
    if cur_gen and max_gen and cur_width and max_width and (cur_gen < max_gen or cur_width < max_width):
        text = f"link at Gen{cur_gen} x{cur_width} under load; the GPU and system support Gen{max_gen} x{max_width}"
        findings.append(_finding(data, "pcie", where, text, [text]))
    memory = []
    for key, label in (("ecc_volatile_uncorrected", "uncorrectable ECC errors since the driver loaded"),
                       ("ecc_aggregate_uncorrected", "uncorrectable ECC errors over the GPU's life")):
        if nvml.get(key):
            memory.append(f"{nvml[key]} {label}")
    if nvml.get("retired_pages_pending"):
        memory.append("pages pending retirement (a reset is needed)")
    if nvml.get("remapped_rows_pending"):
        memory.append("row remapping pending (a reset is needed)")
    if nvml.get("remapped_rows_failure"):
        memory.append("row remapping failed")
    if memory:
        findings.append(_finding(data, "memory_errors", where, f"{gpu_name}: " + "; ".join(memory), memory))
    xids = nvml.get("xid_events") or []
    if xids:
        codes = ", ".join(str(x) for x in xids[:10])
        findings.append(_finding(data, "xid", where, f"Xid {codes} during the smoke run", [f"Xid {codes}"],
                                 {"xid": list(xids)}))
    return findings


def summary_line(rows: list[Comparison], entry: Optional[dict[str, Any]], gpu_name: str) -> str:
    if entry is None:
        return f"no datasheet figures for {gpu_name!r} in compat/gpus.toml: measured only"
    ratios = [f"{r.label} {r.ratio:.0%}" for r in rows if r.ratio is not None]
    return f"against {entry.get('name', '?')}: " + (", ".join(ratios) if ratios else "no comparable figures")
