"""What diagnose produces: findings, from catalogue entries and predicate hits.

A rule is one catalogue entry in rules/*.toml (id, category, severity, area,
title, explanation, fix, references, params) plus one pure predicate
registered under the same id. The predicate looks at Facts and the knowledge
base and returns a Hit (or several, or None); the engine turns hits into
Findings.

A predicate is a plain function decorated with @predicate("YD101"). It
declares what it reads by the names of its parameters, any of: ``ctx`` (a
diagnose.context.Context: facts, profile, the rule's params and derived
facts), ``facts`` (the Facts), ``profile`` (a compat Profile or None),
``params`` (the rule's [rule.params] table). It does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Optional, Union

# The fixed root-cause vocabulary (documented in docs/json.md).
CATEGORIES = (
    "torch_missing", "torch_cpu_only", "driver_too_old", "driver_mismatch", "gpu_not_visible",
    "gpu_arch_unsupported", "torchvision_mismatch", "cudnn_problem", "cuda_lib_missing", "cuda_home_nvcc",
    "flash_attn_arch", "flash_attn_build", "flash_attn_abi", "tensorrt_problem", "numpy_abi", "opencv_libgl",
    "shm_small", "gpu_oom", "network_download", "pip_index", "wrong_interpreter", "nccl_problem",
    "ultralytics_outdated", "python_unsupported", "resources_low", "other",
)
SEVERITIES = ("error", "warning", "info")
# The summary areas of `check`, in display order.
AREAS = ("driver", "cuda", "torch", "torchvision", "cudnn", "flash_attn", "tensorrt", "ultralytics",
         "packages", "system", "network")


@dataclass(frozen=True)
class RuleMeta:
    id: str
    category: str
    severity: str
    area: str
    title: str
    explanation: str
    fix: str
    references: tuple[str, ...] = ()
    # Thresholds and other tunables of the predicate, from [rule.params] (e.g. min_shm_bytes).
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    file: str = ""  # the rules/ file that defines it, for error messages
    # When the severity depends on the context: "error when ...; warning when ..." (`severity` is the rest).
    severity_when: str = ""

    @property
    def severity_text(self) -> str:
        """The severity as rules/explain/docs state it: "error when the profile needs a GPU; info otherwise"."""
        return f"{self.severity_when}; {self.severity} otherwise" if self.severity_when else self.severity

    # Other languages' title / explanation / fix, e.g. {"zh-CN": {"title": ..., "explanation": ..., "fix": ...}}.
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def in_language(self, language: str) -> "RuleMeta":
        """This rule with its texts in `language` where the catalogue has them (else as it is)."""
        texts = self.translations.get(language)
        if not texts:
            return self
        return replace(self, **{k: v for k, v in texts.items() if k in ("title", "explanation", "fix")})


@dataclass(frozen=True)
class Hit:
    """A predicate's verdict for this machine."""

    message: str  # what is wrong here, naming the facts that prove it
    fix: Optional[str] = None  # the exact fix for this machine; default: the catalogue's
    evidence: tuple[str, ...] = ()  # "torch.cuda = 12.4", "nvidia.driver_version = 470.82.01"
    severity: Optional[str] = None  # override the catalogue severity (e.g. a softer info case)
    certainty: str = "certain"  # certain | likely
    explains: tuple[str, ...] = ()  # rule ids this root cause explains: reported inside it, not beside it
    data: dict[str, Any] = field(default_factory=dict)  # machine-readable details for fix planning


@dataclass(frozen=True)
class Finding:
    id: str
    category: str
    severity: str
    area: str
    title: str
    message: str
    fix: str
    explanation: str = ""
    evidence: tuple[str, ...] = ()
    certainty: str = "certain"
    references: tuple[str, ...] = ()
    explains: tuple[str, ...] = ()  # ids of findings folded into this one
    data: dict[str, Any] = field(default_factory=dict)
    folded: tuple["Finding", ...] = ()  # the findings this root cause explains, as they fired


Predicate = Callable[..., Union[None, Hit, Iterable[Hit]]]
PREDICATES: dict[str, Predicate] = {}


def predicate(rule_id: str) -> Callable[[Predicate], Predicate]:
    """Register the predicate for catalogue entry `rule_id`."""

    def register(fn: Predicate) -> Predicate:
        if rule_id in PREDICATES:
            raise ValueError(f"two predicates for {rule_id}")
        PREDICATES[rule_id] = fn
        return fn

    return register
