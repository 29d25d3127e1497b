"""Rule findings + error signals -> one ranked list, most likely root cause first.

The rules judge the Facts a paste proves; the error messages in the paste say
what actually failed. They are combined so:

- a signal of the same category as a rule's finding corroborates it (and makes
  it certain when the message is certain); so does a signal whose very text a
  specific rule's finding quotes (the rule read the same error from the facts);
- a signal whose known alternative categories include a rule's finding
  corroborates that finding;
- a symptom ("CUDA device requested, none available") whose alternative is
  proven by the facts (a +cpu torch build) becomes a certain finding of that
  alternative;
- any other signal becomes a finding of its own, with its alternatives as
  lower-ranked "also possible" findings.

Ranking: what explains an error in the paste first; then certain before
likely, a signal's own category before its alternatives, root causes before
symptoms, errors before warnings before notes, deeper layers of the stack
first (diagnose.ranking.CAUSAL_ORDER), earlier in the paste first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Optional, Sequence

from packaging.version import InvalidVersion, Version

from ..diagnose.model import SEVERITIES, Finding
from ..diagnose.ranking import CAUSAL_ORDER
from ..facts.model import Facts
from .model import CERTAIN, LIKELY, IngestResult, Signal
from .values import local_tag

# Short, neutral names of the categories, for "also possible" findings.
CATEGORY_DESCRIPTIONS = {
    "torch_missing": "torch is not installed in the Python that ran this",
    "torch_cpu_only": "torch is a CPU-only build",
    "driver_too_old": "the NVIDIA driver is too old for the CUDA in use",
    "driver_mismatch": "the NVIDIA kernel module and driver libraries differ",
    "gpu_not_visible": "no GPU is visible to the process (driver, container or CUDA_VISIBLE_DEVICES)",
    "gpu_arch_unsupported": "the torch build has no kernels for this GPU's architecture",
    "torchvision_mismatch": "torchvision does not match torch",
    "cudnn_problem": "a wrong cuDNN is loaded",
    "cuda_lib_missing": "a CUDA library is missing or shadowed",
    "cuda_home_nvcc": "the CUDA toolkit used for building does not match torch",
    "flash_attn_arch": "flash-attn does not support this GPU",
    "flash_attn_build": "flash-attn is not (completely) installed",
    "flash_attn_abi": "flash-attn was built for another torch",
    "tensorrt_problem": "TensorRT is missing or does not match",
    "numpy_abi": "a compiled package does not match the installed NumPy",
    "opencv_libgl": "OpenCV lacks system libraries",
    "shm_small": "shared memory (/dev/shm) is too small",
    "gpu_oom": "the GPU runs out of memory",
    "network_download": "a download host cannot be reached",
    "pip_index": "the package index in use lacks what pip needs",
    "wrong_interpreter": "a different Python than the one set up is running",
    "nccl_problem": "multi-GPU communication (NCCL) fails",
    "ultralytics_outdated": "Ultralytics is older than the model needs",
    "python_unsupported": "the Python version is not supported by the package",
    "resources_low": "the machine runs out of RAM or disk",
    "other": "a problem outside the known categories",
}
_CAUSAL = {category: rank for rank, category in enumerate(CAUSAL_ORDER)}
_SEVERITY = {severity: rank for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Proof:
    """Facts that settle a symptom's cause."""

    title: str
    evidence: tuple[str, ...]
    fix: str


def _cpu_build(facts: Facts) -> Optional[Proof]:
    torch = facts.torch
    tag = local_tag(torch.version) if torch.version else None
    complete = torch.status == "ok" and torch.cuda is None and torch.hip is None and torch.version
    if tag == "cpu" or complete:
        return Proof("torch is a CPU-only build, so no CUDA device can be used",
                     (f"torch {torch.version}" + (" (a +cpu build)" if tag == "cpu" else ", built without CUDA"),),
                     "Install a CUDA build of torch with a variant the driver supports, e.g. pip install torch "
                     "torchvision --index-url https://download.pytorch.org/whl/cu126 (see nvidia-smi for the CUDA "
                     "version the driver supports).")
    return None


def _driver_older_than_torch(facts: Facts) -> Optional[Proof]:
    driver, needed = facts.nvidia.cuda_driver_version, facts.torch.cuda
    try:
        if driver and needed and Version(driver).release[:2] < Version(needed).release[:2]:
            return Proof(f"The driver supports CUDA {driver}, older than torch's CUDA {needed}",
                         (f"driver supports CUDA {driver}", f"torch built for CUDA {needed}"),
                         "Upgrade the NVIDIA driver, or install a torch build for a CUDA version the driver "
                         "supports.")
    except InvalidVersion:
        return None
    return None


def _torch_installed_elsewhere(facts: Facts) -> Optional[Proof]:
    version = facts.torch.version  # with status "missing" too: the paste shows two interpreters
    if version:
        return Proof("torch is installed, but not in the Python that ran this: another interpreter or kernel ran it",
                     (f"torch {version} is installed (inferred from the paste's package listing or banner)",),
                     "Run the program with the Python torch is installed in (python -m pip show torch names it), "
                     "or install torch into the interpreter that runs it: <that python> -m pip install torch; in "
                     "Jupyter select the kernel of that environment.")
    return None


PROOFS: dict[str, Callable[[Facts], Optional[Proof]]] = {
    "torch_cpu_only": _cpu_build,
    "driver_too_old": _driver_older_than_torch,
    "wrong_interpreter": _torch_installed_elsewhere,
}
# A signal whose own category the facts contradict (torch is said missing, yet the paste shows it installed):
# its alternatives are then weighed like a symptom's.
CONTRADICTED: dict[str, Callable[[Facts], bool]] = {
    "torch_missing": lambda facts: bool(facts.torch.version),
}


@dataclass(frozen=True)
class _Ranked:
    finding: Finding
    corroborated: bool
    alternative: bool = False
    symptom: bool = False
    line: int = 1 << 30

    def key(self) -> tuple:
        f = self.finding
        return (not self.corroborated, f.certainty != CERTAIN, self.alternative, self.symptom,
                _SEVERITY.get(f.severity, len(SEVERITIES)), _CAUSAL.get(f.category, len(CAUSAL_ORDER)), self.line,
                f.id)


def triage(result: IngestResult, findings: Sequence[Finding], areas: Optional[dict[str, str]] = None) -> list[Finding]:
    """The rule findings for the pasted facts, combined with the paste's signals, ranked."""
    areas = areas or {}
    ranked: list[_Ranked] = [_Ranked(f, corroborated=False) for f in findings]
    own: dict[str, list[Signal]] = {}  # category -> signals that become findings of their own
    for signal in sorted(result.signals, key=lambda s: s.line):
        contradicted = CONTRADICTED.get(signal.category, lambda facts: False)(result.facts)
        index = None if contradicted else _matching(ranked, [signal.category])
        if index is None and not contradicted:
            index = _quoting(ranked, signal)
        if index is not None:
            ranked[index] = _corroborate(ranked[index], signal, raise_certainty=True)
            continue
        index = None if contradicted else _matching(ranked, list(signal.alternatives))
        if index is not None:
            ranked[index] = _corroborate(ranked[index], signal, raise_certainty=False)
            continue
        proven = _proven_alternative(result.facts, signal)
        if proven is not None:
            category, proof = proven
            ranked.append(_Ranked(Finding(
                id=f"{signal.id}:{category}", category=category, severity="error", area=areas.get(category, "system"),
                title=proof.title, message=f"{signal.title}: {signal.text} (line {signal.line})", fix=proof.fix,
                evidence=proof.evidence + (_evidence(signal),), certainty=CERTAIN, references=(signal.source,),
                data={"signals": [signal.id], "lines": [signal.line]}), corroborated=True, line=signal.line))
            continue
        own.setdefault(signal.category, []).append(signal)
    for category, signals in own.items():
        ranked.extend(_from_signals(category, signals, areas))
    ranked.sort(key=_Ranked.key)
    return [r.finding for r in ranked]


def _matching(ranked: list[_Ranked], categories: list[str]) -> Optional[int]:
    """The best-ranked rule finding of one of `categories` (its own category, or one it explains)."""
    candidates = [i for i, r in enumerate(ranked)
                  if r.finding.category in categories or any(g.category in categories for g in r.finding.folded)]
    return min(candidates, key=lambda i: ranked[i].key()) if candidates else None


def _quoting(ranked: list[_Ranked], signal: Signal) -> Optional[int]:
    """A specific rule finding that quotes the signal's text: both read the same error."""
    text = _squeeze(signal.text)
    if len(text) < 12:
        return None
    for index, entry in enumerate(ranked):
        finding = entry.finding
        if finding.category != "other" and any(text in _squeeze(t) for t in (finding.message, *finding.evidence)):
            return index
    return None


def _squeeze(text: str) -> str:
    return " ".join(str(text).split())


def _corroborate(entry: _Ranked, signal: Signal, raise_certainty: bool) -> _Ranked:
    finding = entry.finding
    certainty = CERTAIN if (raise_certainty and signal.certainty == CERTAIN) else finding.certainty
    data = dict(finding.data)
    data["signals"] = [*data.get("signals", []), signal.id]
    # A finding that explains the error the user pasted is at least a warning, whatever a rule alone would say.
    severity = "warning" if finding.severity == "info" and signal.origin == "error" else finding.severity
    fix = finding.fix
    if finding.category == "other" and signal.fix and signal.fix not in (fix or ""):
        # Specific beats generic: a generic finding never swallows the fix the error's own signature knows.
        fix = f"{signal.title}: {signal.fix}" + (f"\n{fix}" if fix else "")
    updated = replace(finding, certainty=certainty, severity=severity,
                      evidence=finding.evidence + (_evidence(signal),), data=data, fix=fix)
    return replace(entry, finding=updated, corroborated=True, line=min(entry.line, signal.line))


def _proven_alternative(facts: Facts, signal: Signal) -> Optional[tuple[str, Proof]]:
    contradicted = CONTRADICTED.get(signal.category)
    if not signal.symptom and not (contradicted and contradicted(facts)):
        return None
    for category in signal.alternatives:
        prove = PROOFS.get(category)
        proof = prove(facts) if prove else None
        if proof is not None:
            return category, proof
    prove = PROOFS.get(signal.category)
    proof = prove(facts) if prove else None
    return (signal.category, proof) if proof is not None else None


def _from_signals(category: str, signals: list[Signal], areas: dict[str, str]) -> list[_Ranked]:
    lead = sorted(signals, key=lambda s: (s.certainty != CERTAIN, s.origin != "error", s.line))[0]
    certainty = CERTAIN if any(s.certainty == CERTAIN for s in signals) else LIKELY
    severity = "error" if any(s.origin == "error" for s in signals) else "warning"
    symptom = all(s.symptom for s in signals)
    message = f"{lead.title}: {lead.text} (line {lead.line}" + (f", seen {lead.count} times)" if lead.count > 1
                                                                 else ")")
    out = [_Ranked(Finding(
        id=lead.id, category=category, severity=severity, area=areas.get(category, "system"), title=lead.title,
        message=message, fix=lead.fix, evidence=tuple(_evidence(s) for s in signals), certainty=certainty,
        references=tuple(dict.fromkeys(s.source for s in signals)),
        data={"signals": [s.id for s in signals], "lines": [s.line for s in signals]}),
        corroborated=True, symptom=symptom, line=lead.line)]
    alternatives = dict.fromkeys(a for s in signals for a in s.alternatives if a != category)
    for alternative in alternatives:
        out.append(_Ranked(Finding(
            id=f"{lead.id}:{alternative}", category=alternative, severity="info",
            area=areas.get(alternative, "system"),
            title=f"Also possible: {CATEGORY_DESCRIPTIONS.get(alternative, alternative)}",
            message=f"The same message ({lead.text}) is also known to come from this.",
            fix="", evidence=(_evidence(lead),), certainty=LIKELY, references=(lead.source,),
            data={"signals": [lead.id], "alternative_of": category}),
            corroborated=True, alternative=True, symptom=symptom, line=lead.line))
    return out


def _evidence(signal: Signal) -> str:
    return f"pasted line {signal.line}: {signal.text}"
