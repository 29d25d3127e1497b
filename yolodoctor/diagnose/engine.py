"""diagnose: Facts + knowledge in, ordered Findings out.

Pure: it reads the catalogue (rules/) and the compat tables once, evaluates
every rule of the chosen areas against the Facts, folds the findings a root
cause explains into it, and orders what remains most-likely-root-cause first.

Public API:
    diagnose(facts, areas=None, profile=None) -> list[Finding]
    run(facts, areas=None, profile=None) -> Diagnosis (findings, rules evaluated, predicate errors)
    exit_code_for(findings, fail_on="warning") -> 0 | 1 | 2
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Iterable, Optional, Union

from .. import exitcodes
from ..facts.model import Facts
from ..i18n import tr
from ..knowledge import compat
from ..knowledge.files import KnowledgeError
from ..knowledge.rules import Catalogue, load_catalogue
from .context import Context
from .model import AREAS, PREDICATES, SEVERITIES, Finding, Hit, Predicate, RuleMeta
from .ranking import rank_key, worst_severity
from .repair import TORCH_REPAIR

FAIL_ON = ("error", "warning", "never")
CERTAINTIES = ("certain", "likely")
PREDICATE_ARGUMENTS = ("ctx", "facts", "profile", "params")

# Names people type for the areas of the summary.
AREA_ALIASES = {
    "gpu": "driver", "nvidia": "driver", "drivers": "driver",
    "toolkit": "cuda", "nvcc": "cuda", "cuda-toolkit": "cuda",
    "pytorch": "torch",
    "torchaudio": "torchvision", "vision": "torchvision",
    "flash-attn": "flash_attn", "flashattn": "flash_attn", "flash-attention": "flash_attn", "fa": "flash_attn",
    "trt": "tensorrt", "onnx": "tensorrt", "onnxruntime": "tensorrt",
    "yolo": "ultralytics",
    "python": "packages", "pip": "packages", "numpy": "packages", "opencv": "packages", "cv2": "packages",
    "container": "system", "docker": "system", "shm": "system", "host": "system",
    "net": "network", "mirrors": "network", "downloads": "network",
}


@dataclass(frozen=True)
class Diagnosis:
    findings: tuple[Finding, ...]  # ordered, root causes with what they explain folded in
    evaluated: tuple[str, ...]  # ids of the rules evaluated
    areas: tuple[str, ...]  # the areas checked, in display order
    errors: tuple[str, ...] = ()  # rules whose predicate failed: "YD205: KeyError: ..."


def resolve_areas(names: Optional[Iterable[str]]) -> Optional[tuple[str, ...]]:
    """User-typed area names -> canonical areas in display order (None or empty: all)."""
    if not names:
        return None
    wanted = set()
    for name in names:
        key = name.strip().lower().replace(" ", "-")
        key = AREA_ALIASES.get(key, key.replace("-", "_"))
        if key not in AREAS:
            raise ValueError(tr("unknown area {name}; areas: {areas}", name=repr(name), areas=', '.join(AREAS)))
        wanted.add(key)
    return tuple(a for a in AREAS if a in wanted)


def resolve_profile(profile: Union[None, str, compat.Profile]) -> Optional[compat.Profile]:
    if profile is None or isinstance(profile, compat.Profile):
        return profile
    found = compat.profile(profile)
    if found is None:
        raise ValueError(tr("unknown profile {name}; profiles: {profiles}", name=repr(profile),
                            profiles=', '.join(p.name for p in compat.profiles())))
    return found


_load_lock = threading.Lock()
_loaded = False


def load_predicates() -> dict[str, Predicate]:
    """Import every module of yolodoctor.diagnose so each registers its predicates."""
    global _loaded
    with _load_lock:
        if not _loaded:
            package = importlib.import_module(__package__)
            for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
                importlib.import_module(f"{__package__}.{info.name}")
            _loaded = True
    return PREDICATES


def catalogue_problems(catalogue: Catalogue, predicates: dict[str, Predicate]) -> list[str]:
    """Where the catalogue and the predicates are out of step (one line each)."""
    problems = [f"rules/{rule.file}: rule {rule.id} has no predicate in yolodoctor/diagnose/"
                for rule in catalogue if rule.id not in predicates]
    problems += [f"predicate {rule_id} ({fn.__module__}.{fn.__name__}) has no entry in rules/"
                 for rule_id, fn in sorted(predicates.items()) if rule_id not in catalogue]
    for rule_id, fn in sorted(predicates.items()):
        unknown = [n for n in _argument_names(fn) if n not in PREDICATE_ARGUMENTS]
        if unknown:
            problems.append(f"predicate {rule_id} asks for unknown argument(s) {', '.join(unknown)}")
    return problems


def checked_catalogue() -> Catalogue:
    """The installed catalogue, with every rule matched to its predicate (KnowledgeError otherwise)."""
    catalogue = load_catalogue()
    problems = catalogue_problems(catalogue, load_predicates())
    if problems:
        raise KnowledgeError("; ".join(problems))
    return catalogue


@lru_cache(maxsize=None)
def _argument_names(fn: Predicate) -> tuple[str, ...]:
    return tuple(inspect.signature(fn).parameters)


def _call(fn: Predicate, ctx: Context) -> Any:
    supply = {"ctx": ctx, "facts": ctx.facts, "profile": ctx.profile, "params": ctx.params}
    return fn(**{name: supply[name] for name in _argument_names(fn)})


def _hits(result: Any, rule: RuleMeta) -> list[Hit]:
    if result is None:
        return []
    hits = [result] if isinstance(result, Hit) else list(result)
    for hit in hits:
        if not isinstance(hit, Hit):
            raise TypeError(f"returned {type(hit).__name__}, not a Hit")
        if hit.severity is not None and hit.severity not in SEVERITIES:
            raise ValueError(f"severity {hit.severity!r}")
        if hit.certainty not in CERTAINTIES:
            raise ValueError(f"certainty {hit.certainty!r}")
    return hits


def _finding(rule: RuleMeta, hit: Hit) -> Finding:
    return Finding(id=rule.id, category=rule.category, severity=hit.severity or rule.severity, area=rule.area,
                   title=rule.title, message=hit.message, fix=hit.fix or rule.fix, explanation=rule.explanation,
                   evidence=tuple(hit.evidence), certainty=hit.certainty, references=rule.references,
                   explains=tuple(hit.explains), data=dict(hit.data))


def run(facts: Facts, areas: Optional[Iterable[str]] = None, profile: Union[None, str, compat.Profile] = None,
        strict: bool = False) -> Diagnosis:
    """Evaluate the rules of `areas` (all by default) on `facts`.

    A predicate that raises does not stop the others: its rule id and error
    are reported in Diagnosis.errors (with strict=True it is raised, for tests).
    """
    from ..facts.validate import drop_unparseable_versions

    drop_unparseable_versions(facts)  # the rules never meet a version they cannot compare
    catalogue = checked_catalogue()
    chosen = resolve_areas(areas)
    selected = set(chosen) if chosen else None
    resolved = resolve_profile(profile)
    base = Context(facts, resolved, catalogue=catalogue)
    findings: list[Finding] = []
    errors: list[str] = []
    evaluated = []
    for rule in catalogue.in_areas(selected):
        evaluated.append(rule.id)
        try:
            hits = _hits(_call(PREDICATES[rule.id], base.for_rule(rule)), rule)
        except KnowledgeError:
            raise
        except Exception as exc:
            if strict:
                raise
            errors.append(f"{rule.id}: {type(exc).__name__}: {exc}")
            continue
        findings.extend(_finding(rule, hit) for hit in hits)
    try:
        findings = _fill_repairs(facts, findings, resolved)
    except KnowledgeError:
        raise
    except Exception as exc:  # the chooser failing must not take the findings with it
        if strict:
            raise
        errors.append(f"torch chooser: {type(exc).__name__}: {exc}")
        findings = [replace(f, fix=f.fix.replace(TORCH_REPAIR, "yolodoctor fix   " + tr("(chooses the torch build)")))
                    if f.fix and TORCH_REPAIR in f.fix else f for f in findings]
    return Diagnosis(tuple(fold(findings)), tuple(evaluated), chosen or AREAS, tuple(errors))


def _fill_repairs(facts: Facts, findings: list[Finding], profile: Optional[compat.Profile]) -> list[Finding]:
    """Torch install commands come from the one chooser fix plans with (fix/chooser.py), never from a
    predicate; imported here, on first need, so the engine stays importable on its own (and a check
    whose findings ask for no torch install never loads the chooser's tables)."""
    if not any(f.fix and TORCH_REPAIR in f.fix for f in findings):
        return findings
    from ..fix.chooser import fill_torch_repairs

    return fill_torch_repairs(facts, findings, profile)


def diagnose(facts: Facts, areas: Optional[Iterable[str]] = None,
             profile: Union[None, str, compat.Profile] = None) -> list[Finding]:
    """The findings for `facts`, most likely root cause first."""
    return list(run(facts, areas, profile).findings)


def fold(findings: list[Finding]) -> list[Finding]:
    """Put each finding that another one explains inside it (transitively), then order the roots.

    A root takes the gravest severity of what it explains: a CPU-only torch that
    makes flash-attn unusable is as serious as the flash-attn error it explains.
    """
    ordered = sorted(findings, key=rank_key)
    parent: dict[int, int] = {}
    for i, explainer in enumerate(ordered):
        for j, other in enumerate(ordered):
            if j != i and j not in parent and other.id in explainer.explains and not _descends(j, i, parent):
                parent[j] = i

    def root(index: int) -> int:
        while index in parent:
            index = parent[index]
        return index

    children: dict[int, list[Finding]] = {}
    for j in sorted(parent):
        children.setdefault(root(j), []).append(ordered[j])
    roots = []
    for i, finding in enumerate(ordered):
        if i in parent:
            continue
        folded = tuple(sorted(children.get(i, []), key=rank_key))
        severity = worst_severity([finding.severity, *(f.severity for f in folded)])
        roots.append(replace(finding, severity=severity, explains=tuple(f.id for f in folded), folded=folded))
    return sorted(roots, key=rank_key)


def _descends(ancestor: int, index: int, parent: dict[int, int]) -> bool:
    """Whether `ancestor` is `index` or above it in the explains chain (avoids cycles)."""
    while True:
        if index == ancestor:
            return True
        if index not in parent:
            return False
        index = parent[index]


def exit_code_for(findings: Iterable[Finding], fail_on: str = "warning") -> int:
    """0 healthy, 1 warnings only, 2 errors; --fail-on error ignores warnings, never always gives 0."""
    if fail_on not in FAIL_ON:
        raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    severities = {f.severity for f in findings} | {g.severity for f in findings for g in f.folded}
    if fail_on == "never":
        return exitcodes.HEALTHY
    if "error" in severities:
        return exitcodes.ERRORS
    if "warning" in severities and fail_on == "warning":
        return exitcodes.WARNINGS
    return exitcodes.HEALTHY
