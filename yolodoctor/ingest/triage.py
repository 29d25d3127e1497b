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

Where the paste says it ran (ingest.context) weighs in too:

- a missing module in a notebook kernel is the kernel's Python (wrong_interpreter),
  not a missing install;
- a traceback through ~/.local/lib/pythonX.Y/site-packages while the paste names an
  environment it set up (venv, conda, a Jupyter kernel) is another interpreter's
  user site shadowing that environment: it explains the error, so it ranks first;
- a notebook started from an environment the paste set up, with nothing else
  found, is the classic kernel mismatch: Jupyter runs the kernel of the Python
  it was installed in, not the activated environment's (a likely warning);
- torch that sees no GPU inside a container, with nothing else explaining it, is a
  container started without GPU access (gpu_not_visible);
- an install that failed in the paste (disk full, index, network) explains the
  missing torch that follows: torch_missing becomes its symptom;
- a missing module under `sudo python` is root's Python, not the user's environment;
  one in a portable / standalone build run without its own (embedded) Python is the
  other Python's; a portable build whose pip output shows another Python's
  site-packages, with nothing else found, installed into that other Python;
- a CPU-only torch in a paste that asked for a CUDA build (a conda cudatoolkit /
  pytorch-cuda spec, a PyTorch CUDA index, a +cuXXX pin), with no GPU cause found,
  is the install that resolved to the CPU build.

Ranking: what explains an error in the paste first; then certain before
likely, a signal's own category before its alternatives, root causes before
symptoms, errors before warnings before notes, deeper layers of the stack
first (diagnose.ranking.CAUSAL_ORDER), earlier in the paste first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Optional, Sequence

from packaging.version import InvalidVersion, Version

from ..diagnose.model import SEVERITIES, Finding
from ..diagnose.ranking import CAUSAL_ORDER
from ..facts.model import Facts
from ..i18n import is_chinese, tr
from .context import PasteContext
from .inferred import FAILED_INSTALL, INSTALL_KIND
from .prose_facts import labelled_only
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
    certainty: str = CERTAIN


def _cpu_build(facts: Facts, context: PasteContext) -> Optional[Proof]:
    torch = facts.torch
    tag = local_tag(torch.version) if torch.version else None
    complete = torch.status == "ok" and torch.cuda is None and torch.hip is None and torch.version
    if tag == "cpu" or complete:
        return Proof(tr("torch is a CPU-only build, so no CUDA device can be used"),
                     (tr("torch {version} (a +cpu build)", version=torch.version) if tag == "cpu" else
                      tr("torch {version}, built without CUDA", version=torch.version),),
                     tr("Install a CUDA build of torch with a variant the driver supports, e.g. {command} (see "
                        "nvidia-smi for the CUDA version the driver supports).",
                        command="pip install torch torchvision --index-url https://download.pytorch.org/whl/cu126"))
    return None


_TORCH_PIN = re.compile(r"(?<![\w-])torch==(?P<version>\d{1,3}(?:\.\d{1,4}){1,3})")


def _pinned_torch_without_wheels(result: IngestResult) -> Optional[tuple[str, str, int, tuple[str, ...]]]:
    """(torch version, Python, line, that release's Pythons) when the paste asks for a torch release (an install
    command, pip's own "requirement torch==X") that has no wheels for the paste's Python: judged by the
    release asked for, not by today's."""
    from ..knowledge import compat

    python = result.facts.python.version
    if not python:
        return None
    asked = [(o.value, o.line) for o in result.observations if o.source == INSTALL_KIND and o.path == "torch.source"]
    asked += [(s.text, s.line) for s in result.signals]
    for text, line in asked:
        for pin in _TORCH_PIN.finditer(str(text)):
            release = compat.torch_release(pin.group("version"))
            if release is not None and release.python and not release.supports_python(python):
                return pin.group("version"), python, line, tuple(release.python)
            early = compat.early_release_pythons(pin.group("version")) if release is None else None
            if early and ".".join(python.split(".")[:2]) not in early:  # a release older than the main table
                return pin.group("version"), python, line, early
    return None


def _driver_older_than_torch(facts: Facts, context: PasteContext) -> Optional[Proof]:
    driver, needed = facts.nvidia.cuda_driver_version, facts.torch.cuda
    try:
        if driver and needed and Version(driver).release[:2] < Version(needed).release[:2]:
            return Proof(tr("The driver supports CUDA {driver}, older than torch's CUDA {needed}", driver=driver,
                            needed=needed),
                         (tr("driver supports CUDA {driver}", driver=driver),
                          tr("torch built for CUDA {needed}", needed=needed)),
                         tr("Upgrade the NVIDIA driver, or install a torch build for a CUDA version the driver "
                            "supports."))
    except InvalidVersion:
        return None
    return None


def _torch_installed_elsewhere(facts: Facts, context: PasteContext) -> Optional[Proof]:
    version = facts.torch.version  # with status "missing" too: the paste shows two interpreters
    if not version and context.notebook is not None:
        return Proof(tr("torch is missing in the notebook's kernel: the kernel runs another Python than the one "
                        "torch was installed into"),
                     (tr("pasted line {line}: the program ran in a notebook (Jupyter/IPython kernel)",
                         line=context.notebook),),
                     tr("Select the kernel of the environment torch is installed in ({register} from that "
                        "environment), or install torch into the kernel's Python: {command} in a cell.",
                        register="python -m ipykernel install --user --name <env>", command="%pip install torch"),
                     certainty=LIKELY)
    if not version and context.sudo_python is not None:
        return Proof(tr("torch is missing in the Python that sudo runs, which is root's Python (its PATH and "
                        "site-packages), not the environment torch was installed into"),
                     (tr("pasted line {line}: Python (or pip) is run through sudo", line=context.sudo_python),),
                     tr("Run it without sudo, with the environment's Python ({command}); where root is needed, call "
                        "that Python by its full path: {sudo}", command="path/to/env/bin/python setup.py ...",
                        sudo="sudo path/to/env/bin/python ..."),
                     certainty=LIKELY)
    if not version and context.portable_other_python:
        return Proof(tr("torch is missing in the Python that ran this: a portable / standalone build ships its "
                        "own Python, and another one was used"),
                     (tr("pasted line {line}: the paste runs a portable / standalone build", line=context.portable),),
                     tr("Start the build with its own Python (its {launcher}, or {run}), and install packages with "
                        "{install}", launcher="run_*.bat", run="python_embeded\\python.exe main.py",
                        install="python_embeded\\python.exe -m pip install ..."),
                     certainty=LIKELY)
    other_pip = _pip_of_other_python(facts, context)
    if not version and other_pip is not None:
        line, pip_python, running = other_pip
        return Proof(tr("pip belongs to Python {pip}, but the program runs with Python {python}: packages go into "
                        "another interpreter than the one that runs", pip=pip_python, python=running),
                     (tr("pasted line {line}: pip runs with Python {pip}", line=line, pip=pip_python),
                      tr("Python {python} runs the program", python=running)),
                     tr("Install with the interpreter that runs the program: {command}.",
                        command="python -m pip install <package>"),
                     certainty=LIKELY)
    if not version and context.torch_install is not None:
        return Proof(tr("torch was installed, yet the Python that ran this cannot import it: the install went into "
                        "another Python or environment than the one that runs the program"),
                     (tr("pasted line {line}: torch is installed (a command of the paste, or pip's own words)",
                         line=context.torch_install),),
                     tr("Install and run with the same interpreter: {install}, then {run}; {show} shows which "
                        "Python and environment each command uses.", install="python -m pip install torch",
                        run="python your_script.py", show="python -c \"import sys; print(sys.executable)\""),
                     certainty=LIKELY)
    if version:
        return Proof(tr("torch is installed, but not in the Python that ran this: another interpreter or kernel "
                        "ran it"),
                     (tr("torch {version} is installed (inferred from the paste's package listing or banner)",
                         version=version),),
                     tr("Run the program with the Python torch is installed in ({show} names it), or install torch "
                        "into the interpreter that runs it: {install}; in Jupyter select the kernel of that "
                        "environment.", show="python -m pip show torch", install="<that python> -m pip install torch"))
    return None


def _pip_of_other_python(facts: Facts, context: PasteContext) -> Optional[tuple[int, str, str]]:
    """(line, pip's Python, the paste's Python) where a `pip --version` line belongs to another Python minor than
    the one the paste shows running."""
    python = facts.python.version or ""
    parts = python.split(".")
    if len(parts) < 2:
        return None
    running = f"{parts[0]}.{parts[1]}"
    for line, pip_python in context.pip_pythons:
        if pip_python != running:
            return line, pip_python, running
    return None


PROOFS: dict[str, Callable[[Facts, PasteContext], Optional[Proof]]] = {
    "torch_cpu_only": _cpu_build,
    "driver_too_old": _driver_older_than_torch,
    "wrong_interpreter": _torch_installed_elsewhere,
}
_REJECTED_ARGUMENT = re.compile(r"'(?P<name>[^'\n]{1,60})' is not (?:a )?valid YOLO argument")


def _argument_of_later_release(facts: Facts, signal: Signal) -> Optional[Proof]:
    """An argument Ultralytics rejected, judged by the release that introduced it (compat/ultralytics.toml
    [[argument]]) against the Ultralytics version the paste shows (a banner, a package listing)."""
    from ..knowledge import compat

    found = _REJECTED_ARGUMENT.search(signal.text)
    argument = compat.ultralytics_argument(found.group("name")) if found else None
    if argument is None:
        return None
    dist = facts.distribution("ultralytics")
    version = facts.package("ultralytics").version or (dist.version if dist else None)
    releases = tr("first release read with it: {first}; last release read without it: {last}",
                  first=argument.first_version_with, last=argument.last_version_without)
    upgrade = f"pip install -U \"ultralytics>={argument.first_version_with}\""
    try:
        older = version is not None and Version(version.split("+")[0]) < Version(argument.first_version_with)
    except InvalidVersion:
        version, older = None, False
    if version is None:
        return Proof(tr("Ultralytics rejects '{name}', an argument of later releases (from {first}): the ultralytics "
                        "that runs is older than the code.", name=argument.name, first=argument.first_version_with),
                     (releases,), tr("Upgrade Ultralytics in the Python that runs the code: {command}; update or "
                                     "remove a vendored or local ultralytics folder.", command=upgrade), LIKELY)
    shown = tr("ultralytics {version} (read from the paste)", version=version)
    if older:
        return Proof(tr("ultralytics {version} predates the argument '{name}' (first in {first}): the code was written "
                        "for a later release.", version=version, name=argument.name, first=argument.first_version_with),
                     (shown, releases), tr("Upgrade Ultralytics in the Python that runs the code: {command}; update or "
                                           "remove a vendored or local ultralytics folder.", command=upgrade))
    # The version read has the argument, yet it was rejected: another, older ultralytics runs the code.
    return Proof(tr("ultralytics {version} accepts '{name}' (since {first}), yet it was rejected: the code runs "
                    "another, older ultralytics (a vendored or local copy, or another Python).",
                    version=version, name=argument.name, first=argument.first_version_with),
                 (shown, releases),
                 tr("Find the ultralytics that runs: {command}; update or remove that copy.",
                    command="python -c \"import ultralytics; print(ultralytics.__file__, ultralytics.__version__)\""),
                 LIKELY)


# Signals whose own message the facts sharpen: the finding names what the paste shows (a release, a version).
BY_RELEASE: dict[str, Callable[[Facts, Signal], Optional[Proof]]] = {
    "ultralytics-argument-of-later-release": _argument_of_later_release,
}
# A signal whose own category the facts contradict (torch is said missing, yet the paste shows it installed):
# its alternatives are then weighed like a symptom's. A missing module in a notebook kernel is weighed so too.
CONTRADICTED: dict[str, Callable[[Facts, PasteContext], bool]] = {
    "torch_missing": lambda facts, context: bool(facts.torch.version) or context.notebook is not None
    or context.sudo_python is not None or context.portable_other_python or context.torch_install is not None
    or _pip_of_other_python(facts, context) is not None,
}
# A symptom signal that only states a fact ("torch 2.5.0+cpu" in prose) adds nothing when the paste's labelled
# readings hold that fact: the rules have judged it already.
STATED: dict[str, Callable[[Facts], bool]] = {
    "torch_cpu_only": lambda facts: bool(facts.torch.version),
}
# Categories whose finding means torch cannot use a GPU: with one of them, "no GPU in a container" explains nothing.
GPU_CAUSES = frozenset({"torch_cpu_only", "driver_too_old", "driver_mismatch", "gpu_not_visible",
                        "gpu_arch_unsupported", "torch_missing", "wrong_interpreter"})


@dataclass(frozen=True)
class _Ranked:
    finding: Finding
    corroborated: bool
    explains: bool = False  # the context shows where the pasted error came from
    alternative: bool = False
    symptom: bool = False
    line: int = 1 << 30

    def key(self) -> tuple:
        f = self.finding
        return (not self.corroborated, not self.explains, f.certainty != CERTAIN, self.alternative, self.symptom,
                _SEVERITY.get(f.severity, len(SEVERITIES)), _CAUSAL.get(f.category, len(CAUSAL_ORDER)), self.line,
                f.id)


def triage(result: IngestResult, findings: Sequence[Finding], areas: Optional[dict[str, str]] = None) -> list[Finding]:
    """The rule findings for the pasted facts, combined with the paste's signals, ranked."""
    areas = areas or {}
    context = result.context or PasteContext()
    if context.torch_install is not None and any(s.category in FAILED_INSTALL for s in result.signals):
        context = replace(context, torch_install=None)  # an install that failed put torch nowhere
    ranked: list[_Ranked] = [_Ranked(f, corroborated=False) for f in findings]
    own: dict[str, list[Signal]] = {}  # category -> signals that become findings of their own
    labelled = labelled_only(result.facts, result.stated)  # an error is weighed against what tools showed
    for signal in sorted(result.signals, key=lambda s: s.line):
        if signal.symptom and _judged(signal, result.facts, labelled):
            continue
        judge = BY_RELEASE.get(signal.id)
        proof = judge(result.facts, signal) if judge else None
        if proof is not None:
            ranked.append(_Ranked(Finding(
                id=signal.id, category=signal.category, severity="error", area=areas.get(signal.category, "system"),
                title=proof.title, message=tr("{title}: {text} (line {line})", title=_title(signal), text=signal.text,
                                              line=signal.line), fix=proof.fix,
                evidence=proof.evidence + (_evidence(signal),), certainty=proof.certainty, references=(signal.source,),
                data={"signals": [signal.id], "lines": [signal.line]}), corroborated=True, line=signal.line))
            continue
        contradicted = CONTRADICTED.get(signal.category, lambda facts, context: False)(labelled, context)
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
        proven = _proven_alternative(labelled, context, signal)
        if proven is not None:
            category, proof = proven
            ranked.append(_Ranked(Finding(
                id=f"{signal.id}:{category}", category=category, severity="error", area=areas.get(category, "system"),
                title=proof.title, message=tr("{title}: {text} (line {line})", title=_title(signal), text=signal.text,
                                              line=signal.line), fix=proof.fix,
                evidence=proof.evidence + (_evidence(signal),), certainty=proof.certainty, references=(signal.source,),
                data={"signals": [signal.id], "lines": [signal.line]}), corroborated=True, line=signal.line))
            continue
        own.setdefault(signal.category, []).append(signal)
    for category, signals, lead_pool, also in _merge_alternatives(own):
        ranked.extend(_from_signals(category, signals, areas, lead_pool=lead_pool, also=also))
    ranked.extend(_from_context(result, context, ranked, areas))
    ranked = _install_failure_first(ranked, result.signals)
    ranked.sort(key=_Ranked.key)
    return [r.finding for r in ranked]


def _judged(signal: Signal, facts: Facts, labelled: Facts) -> bool:
    """The rules have judged what a stating signal says: a tool showed the fact, or words gave its build tag
    ("torch 1.11.0+cpu" in a list the reporter typed): a bare version in words judges nothing."""
    stated = STATED.get(signal.category)
    if stated is None:
        return False
    return stated(labelled) or (stated(facts) and local_tag(facts.torch.version or "") is not None)


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


def _proven_alternative(facts: Facts, context: PasteContext, signal: Signal) -> Optional[tuple[str, Proof]]:
    contradicted = CONTRADICTED.get(signal.category)
    if not signal.symptom and not (contradicted and contradicted(facts, context)):
        return None
    for category in signal.alternatives:
        prove = PROOFS.get(category)
        proof = prove(facts, context) if prove else None
        if proof is not None:
            return category, proof
    prove = PROOFS.get(signal.category)
    proof = prove(facts, context) if prove else None
    return (signal.category, proof) if proof is not None else None


def _merge_alternatives(own: dict[str, list[Signal]]) -> list[tuple[str, list[Signal], list[Signal], tuple[str, ...]]]:
    """Signal groups, each (category, signals, the signals its title comes from, categories noted as also possible).

    A message known to come from another cause, when the paste independently shows that cause (a "No space
    left on device" beside a container run without --shm-size), is read as evidence for it: its signals join
    that cause's finding, and its own category stays as a note. Each group moves at most once, never onto a
    group that has itself moved, and never onto one whose messages name it as possible in turn.
    """
    order = sorted(own, key=lambda c: min(s.line for s in own[c]))
    target: dict[str, str] = {}
    for category in order:
        if category in target.values():
            continue  # a group others moved onto stays where it is
        for alternative in dict.fromkeys(a for s in own[category] for a in s.alternatives):
            if alternative != category and alternative in own and alternative not in target \
                    and not any(category in s.alternatives for s in own[alternative]):
                # (Two messages that each name the other as possible, say two lines of one pip error, are
                # no evidence for either.)
                target[category] = alternative
                break
    groups = []
    for category in order:
        if category in target:
            continue
        moved = [c for c in order if target.get(c) == category]
        signals = own[category] + [s for c in moved for s in own[c]]
        groups.append((category, signals, own[category], tuple(moved)))
    return groups


def _from_signals(category: str, signals: list[Signal], areas: dict[str, str],
                  lead_pool: Optional[list[Signal]] = None, also: tuple[str, ...] = ()) -> list[_Ranked]:
    lead = sorted(lead_pool or signals, key=lambda s: (s.certainty != CERTAIN, s.origin != "error", s.line))[0]
    certainty = CERTAIN if any(s.certainty == CERTAIN for s in signals) else LIKELY
    severity = "error" if any(s.origin == "error" for s in signals) else "warning"
    symptom = all(s.symptom for s in signals)
    message = tr("{title}: {text} (line {line}, seen {count} times)", title=_title(lead), text=lead.text,
                 line=lead.line, count=lead.count) if lead.count > 1 else \
        tr("{title}: {text} (line {line})", title=_title(lead), text=lead.text, line=lead.line)
    out = [_Ranked(Finding(
        id=lead.id, category=category, severity=severity, area=areas.get(category, "system"), title=lead.title,
        message=message, fix=lead.fix, evidence=tuple(_evidence(s) for s in signals), certainty=certainty,
        references=tuple(dict.fromkeys(s.source for s in signals)),
        data={"signals": [s.id for s in signals], "lines": [s.line for s in signals]}),
        corroborated=True, symptom=symptom, line=lead.line)]
    alternatives = dict.fromkeys(a for a in (*also, *(a for s in signals for a in s.alternatives)) if a != category)
    for alternative in alternatives:
        out.append(_Ranked(Finding(
            id=f"{lead.id}:{alternative}", category=alternative, severity="info",
            area=areas.get(alternative, "system"),
            title=tr("Also possible: {cause}", cause=_describe(alternative)),
            message=tr("The same message ({text}) is also known to come from this.", text=lead.text),
            fix="", evidence=(_evidence(lead),), certainty=LIKELY, references=(lead.source,),
            data={"signals": [lead.id], "alternative_of": category}),
            corroborated=True, alternative=True, symptom=symptom, line=lead.line))
    return out


def _evidence(signal: Signal) -> str:
    return tr("pasted line {line}: {text}", line=signal.line, text=signal.text)


def _title(signal: Signal) -> str:
    """The signature's title in the report's language (compat/error_signatures.toml title_zh)."""
    if not is_chinese():
        return signal.title
    from .errors import load_signatures

    signature = next((s for s in load_signatures() if s.id == signal.id), None)
    return signature.title_zh if signature is not None and signature.title_zh else signal.title


def _describe(category: str) -> str:
    """A category's short description in the report's language (the catalogue has each one)."""
    return tr(CATEGORY_DESCRIPTIONS.get(category, category))


def _from_context(result: IngestResult, context: PasteContext, ranked: list[_Ranked],
                  areas: dict[str, str]) -> list[_Ranked]:
    """Findings that only where the paste ran can tell (see the module docstring)."""
    facts = result.facts
    out: list[_Ranked] = []
    present = {r.finding.category for r in ranked} | {g.category for r in ranked for g in r.finding.folded}
    # What failed, not what a line merely risks (a `docker run` without --gpus beside an unrelated error).
    failing = {r.finding.category for r in ranked if r.finding.severity == "error"}
    python = facts.python.version or ""
    other_python = bool(python) and context.user_site_python is not None and \
        not python.startswith(context.user_site_python + ".") and python != context.user_site_python
    if context.user_site is not None and (context.environment is not None or other_python) \
            and "wrong_interpreter" not in present:
        evidence = [tr("pasted line {line}: imported from the user site-packages of Python {python} ({path})",
                       line=context.user_site, python=context.user_site_python,
                       path=f"~/.local/lib/python{context.user_site_python}")]
        if context.environment is not None:
            evidence.append(tr("pasted line {line}: the paste names an environment it set up",
                               line=context.environment))
        if other_python:
            evidence.append(tr("python {version} is the one the paste reports", version=python))
        out.append(_Ranked(Finding(
            id="user-site-shadowing", category="wrong_interpreter", severity="error",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("The failing code was imported from another Python's user site-packages (~/.local), not "
                     "from the environment set up for it"),
            message=tr("A package in {path} is found before the environment's own copy (or the program ran with "
                       "the Python that owns that user site).", path="~/.local/lib/python*/site-packages"),
            fix=tr("Run the program with the environment's Python ({run}, or select its Jupyter kernel), and "
                   "remove the stale copy from the user site: {uninstall} run with that Python, or set {variable}.",
                   run="python -m ...", uninstall="python -m pip uninstall <package>", variable="PYTHONNOUSERSITE=1"),
            evidence=tuple(evidence), certainty=LIKELY,
            references=("https://docs.python.org/3/library/site.html#site.ENABLE_USER_SITE",),
            data={"lines": [context.user_site]}), corroborated=True, explains=True, line=context.user_site))
    if context.container is not None and facts.torch.cuda_available is False and not (present & GPU_CAUSES) \
            and _cpu_build(facts, context) is None:  # a CPU-only torch explains it without the container
        out.append(_Ranked(Finding(
            id="container-without-gpu", category="gpu_not_visible", severity="error",
            area=areas.get("gpu_not_visible", "system"),
            title=tr("torch sees no GPU inside a container: the container was likely started without GPU access"),
            message=tr("{call} is False in a container, and nothing in the paste points elsewhere.",
                       call="torch.cuda.is_available()"),
            fix=tr("Start the container with the GPUs ({run}, with the NVIDIA Container Toolkit installed and "
                   "configured: {configure}), then check {smi} and {ls} inside it.", run="docker run --gpus all ...",
                   configure="nvidia-ctk runtime configure --runtime=docker", smi="nvidia-smi", ls="ls /dev/nvidia*"),
            evidence=(tr("pasted line {line}: the paste runs in a container", line=context.container),
                      tr("{call} is False", call="torch.cuda.is_available()")),
            certainty=LIKELY,
            references=("https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/"
                        "install-guide.html",),
            data={"lines": [context.container]}), corroborated=True, line=context.container))
    # torch sees no CUDA device, or is a build without CUDA (all there is for a Mac, or for Windows with an AMD
    # card): with only another vendor's GPU in the paste, that GPU is the cause, not the torch build.
    if context.other_gpu is not None and not facts.nvidia.gpus and facts.nvidia.driver_version is None \
            and context.nvidia_gpu_named is None and failing & {"gpu_not_visible", "torch_cpu_only"}:
        out.append(_Ranked(Finding(
            id="no-nvidia-gpu", category="other", severity="error", area=areas.get("other", "system"),
            title=tr("The GPU the paste names is not an NVIDIA GPU: CUDA builds of torch cannot use it"),
            message=tr("torch finds no CUDA device, and the only GPU the paste shows is another vendor's; nothing "
                       "in the environment is broken."),
            fix=tr("Run on the CPU ({device}), use the build for that GPU (ROCm for AMD on Linux, XPU for Intel, "
                   "MPS on Apple silicon), or run on a machine with an NVIDIA GPU.", device="device=cpu"),
            evidence=(tr("pasted line {line}: a GPU that is not NVIDIA's", line=context.other_gpu),
                      tr("no NVIDIA GPU or driver in the paste")),
            certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
            data={"lines": [context.other_gpu]}), corroborated=True, explains=True, line=context.other_gpu))
    elif context.no_nvidia_gpu is not None and not facts.nvidia.gpus and facts.nvidia.driver_version is None \
            and context.nvidia_gpu_named is None and failing & {"gpu_not_visible", "torch_cpu_only"}:
        # The reporter says there is no NVIDIA GPU (or that it runs on the CPU): code that calls CUDA fails there
        # whatever is installed.
        out.append(_Ranked(Finding(
            id="no-nvidia-gpu", category="other", severity="error", area=areas.get("other", "system"),
            title=tr("The paste says this machine has no NVIDIA GPU (or runs on the CPU): code that asks for CUDA "
                     "cannot run there"),
            message=tr("torch finds no CUDA device, and the reporter says the machine has no NVIDIA GPU; nothing "
                       "in the environment is broken."),
            fix=tr("Run on the CPU ({device}: remove the code's {cuda} calls or pass its device option), or run on a "
                   "machine with an NVIDIA GPU.", device="device=cpu", cuda=".cuda()"),
            evidence=(tr("pasted line {line}: the machine has no NVIDIA GPU, or runs on the CPU",
                         line=context.no_nvidia_gpu),
                      tr("no NVIDIA GPU or driver in the paste")),
            certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
            data={"lines": [context.no_nvidia_gpu]}), corroborated=True, explains=True, line=context.no_nvidia_gpu))
    if not ranked and not out and context.notebook is not None and context.environment is not None \
            and context.environment != context.notebook:
        out.append(_Ranked(Finding(
            id="notebook-kernel-environment", category="wrong_interpreter", severity="warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("A notebook started from an environment runs the kernel Jupyter was installed with, unless "
                     "that environment has its own kernel"),
            message=tr("The paste sets up an environment and runs a notebook; nothing else in it explains the "
                       "problem."),
            fix=tr("Register the environment as a kernel and select it: in the environment, {register}; in the "
                   "notebook, {show} shows which Python runs.",
                   register="python -m pip install ipykernel && python -m ipykernel install --user --name <env>",
                   show="import sys; print(sys.executable)"),
            evidence=(tr("pasted line {line}: an environment is set up", line=context.environment),
                      tr("pasted line {line}: a notebook is run", line=context.notebook)),
            certainty=LIKELY, references=("https://ipython.readthedocs.io/en/stable/install/kernel_install.html",),
            data={"lines": [context.environment, context.notebook]}), corroborated=False,
            line=context.notebook))
    cpu = _cpu_build(facts, context)
    if cpu is not None and context.cuda_requested is not None and not (present & GPU_CAUSES):
        out.append(_Ranked(Finding(
            id="cuda-requested-cpu-installed", category="torch_cpu_only", severity="error",
            area=areas.get("torch_cpu_only", "torch"),
            title=tr("A CUDA build of torch was asked for, but the CPU-only build was installed"),
            message=tr("The paste asks for CUDA (a conda cudatoolkit / pytorch-cuda spec, a PyTorch CUDA index or a "
                       "+cuXXX pin) and shows a torch built without CUDA: the installer resolved to the CPU build."),
            fix=cpu.fix + " " + tr("With conda, require a CUDA build explicitly ({spec}) and remove cpuonly ({remove}), "
                                   "or install the CUDA wheel with pip.", spec="pytorch=*=*cuda*",
                                   remove="conda remove cpuonly"),
            evidence=(tr("pasted line {line}: a CUDA build is asked for", line=context.cuda_requested), *cpu.evidence),
            certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
            data={"lines": [context.cuda_requested]}), corroborated=True, line=context.cuda_requested))
    if context.pypi_mirror is not None and context.cuda_pin is not None and context.pytorch_index is None \
            and "pip_index" not in present:
        # A PyPI mirror carries PyPI's files: a +cuXXX torch is only on the PyTorch index, which the paste never names.
        out.append(_Ranked(Finding(
            id="cuda-build-from-pypi-mirror", category="pip_index", severity="error",
            area=areas.get("pip_index", "packages"),
            title=tr("A +cuXXX build of torch is asked for from a PyPI mirror, which serves only PyPI's builds"),
            message=tr("PyPI mirrors (TUNA, Aliyun, USTC, ...) copy PyPI, where torch has no +cuXXX builds (and only "
                       "the CPU build on Windows); those builds come from the PyTorch index, which the paste does not "
                       "use."),
            fix=tr("Install torch from the PyTorch index, keeping the mirror for the rest: {command}.",
                   command="pip install torch==<version>+cu<xxx> --extra-index-url https://download.pytorch.org/whl/cu<xxx>"),
            evidence=(tr("pasted line {line}: a PyPI mirror is used", line=context.pypi_mirror),
                      tr("pasted line {line}: a +cuXXX build of torch is asked for", line=context.cuda_pin)),
            certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
            data={"lines": [context.pypi_mirror, context.cuda_pin]}), corroborated=True, line=context.cuda_pin))
    other_pip = _pip_of_other_python(facts, context)
    if other_pip is not None and "wrong_interpreter" not in present:
        line, pip_python, running = other_pip
        out.append(_Ranked(Finding(
            id="pip-of-another-python", category="wrong_interpreter", severity="warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("pip belongs to Python {pip}, but the program runs with Python {python}: packages go into "
                     "another interpreter than the one that runs", pip=pip_python, python=running),
            message=tr("A bare pip is the first one on PATH, which need not belong to the python that runs the "
                       "program."),
            fix=tr("Install with the interpreter that runs the program: {command}.",
                   command="python -m pip install <package>"),
            evidence=(tr("pasted line {line}: pip runs with Python {pip}", line=line, pip=pip_python),
                      tr("Python {python} runs the program", python=running)),
            certainty=LIKELY, references=("https://pip.pypa.io/en/stable/user_guide/#running-pip",),
            data={"lines": [line]}), corroborated=True, line=line))
    cpu_line = context.cpu_torch if context.cpu_torch is not None else (
        context.pypi_mirror if cpu is not None else None)
    if context.pypi_mirror is not None and cpu_line is not None and facts.host.os != "Linux" \
            and "pip_index" not in present and not any(r.finding.category == "pip_index" for r in out):
        # PyPI serves only the CPU build of torch for Windows and macOS, and a PyPI mirror serves exactly that: the
        # mirror explains the CPU build the paste shows (on Linux PyPI's default build has CUDA, so it does not).
        out.append(_Ranked(Finding(
            id="cpu-build-from-pypi-mirror", category="pip_index", severity="error",
            area=areas.get("pip_index", "packages"),
            title=tr("torch came from a PyPI mirror, which serves PyPI's CPU-only build of torch for Windows and "
                     "macOS"),
            message=tr("PyPI mirrors (TUNA, Aliyun, USTC, ...) copy PyPI, where torch for Windows and macOS is the CPU "
                       "build and no +cuXXX build exists; the CUDA builds come only from the PyTorch index."),
            fix=tr("Uninstall torch and install it from the PyTorch index, keeping the mirror for the rest: {command}.",
                   command="pip install torch --index-url https://download.pytorch.org/whl/cu126 "
                           "--extra-index-url https://pypi.tuna.tsinghua.edu.cn/simple"),
            evidence=(tr("pasted line {line}: a PyPI mirror is used", line=context.pypi_mirror),
                      tr("pasted line {line}: torch is a CPU build", line=cpu_line)),
            certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
            data={"lines": [context.pypi_mirror, cpu_line]}), corroborated=True, explains=True, line=cpu_line))
    pinned = _pinned_torch_without_wheels(result)
    # an "also possible" Python finding does not count: the release asked for proves it, so it is stated in full
    if pinned is not None and not any(r.finding.category == "python_unsupported" and not r.alternative for r in ranked):
        version, python, line, pythons = pinned
        out.append(_Ranked(Finding(
            id="pinned-torch-no-wheel-for-python", category="python_unsupported", severity="error",
            area=areas.get("python_unsupported", "packages"),
            title=tr("torch {version} has no wheels for Python {python}, so installing it fails",
                     version=version, python=python),
            message=tr("The paste asks for torch {version}, built for Python {pythons} only; pip finds no "
                       "release of it for this Python.", version=version, pythons=", ".join(pythons)),
            fix=tr("Create the environment with a Python that release supports ({pythons}), or ask for a torch "
                   "release built for Python {python}.", pythons=", ".join(pythons), python=python),
            evidence=(tr("pasted line {line}: torch {version} is asked for", line=line, version=version),
                      tr("Python {python} runs the install", python=python)),
            certainty=LIKELY, references=("https://pytorch.org/get-started/previous-versions/",),
            data={"lines": [line], "torch": version, "python": python}), corroborated=True, line=line))
    torch = facts.torch
    if cpu is None and context.conda_cuda_spec is not None and torch.cuda_available is False and not torch.cuda \
            and not torch.hip and not (present & GPU_CAUSES) and not any(r.finding.category in GPU_CAUSES for r in out):
        # conda's solver takes the CPU build when no CUDA build of the release matches the spec; nothing else
        # in the paste explains CUDA being unavailable, and the build itself is not shown.
        out.append(_Ranked(Finding(
            id="conda-cuda-spec-cuda-unavailable", category="torch_cpu_only", severity="warning",
            area=areas.get("torch_cpu_only", "torch"),
            title=tr("conda was asked for a CUDA build of pytorch, and CUDA is not available: conda most likely "
                     "installed the CPU-only build"),
            message=tr("When no CUDA build of the requested pytorch release matches the cudatoolkit / pytorch-cuda "
                       "spec (or cpuonly is in the environment), conda's solver installs the CPU-only build "
                       "without a warning."),
            fix=tr("Check the build with {list}: a build string with cpu is the CPU-only build. Require a CUDA "
                   "build explicitly ({spec}) with a CUDA version that release was built for, and remove cpuonly "
                   "({remove}); or install the CUDA wheel with pip.", list="conda list pytorch",
                   spec="pytorch=*=*cuda*", remove="conda remove cpuonly"),
            evidence=(tr("pasted line {line}: a conda spec asks for CUDA", line=context.conda_cuda_spec),
                      tr("torch.cuda.is_available() is False")),
            certainty=LIKELY, references=("https://pytorch.org/get-started/previous-versions/",),
            data={"lines": [context.conda_cuda_spec]}), corroborated=True, line=context.conda_cuda_spec))
    if not ranked and not out and (torch.cuda_available is False or context.cuda_unusable is not None) \
            and not torch.cuda and not torch.hip and facts.nvidia.driver_version is None and not facts.nvidia.gpus:
        # torch cannot use CUDA and nothing in the paste says why: no build, no driver, no GPU, no error. The usual
        # cause is a CPU-only torch (pip's default on Windows, a mirror, a solver fallback); a note-level guess.
        line = context.cuda_unusable if context.cuda_unusable is not None else 1
        if cpu is not None:  # the build is shown: a CPU-only torch is the cause, not a guess
            out.append(_Ranked(Finding(
                id="cuda-unavailable-cpu-build", category="torch_cpu_only", severity="error",
                area=areas.get("torch_cpu_only", "torch"), title=cpu.title,
                message=tr("{call} is False, and the torch in the paste is built without CUDA.",
                           call="torch.cuda.is_available()"),
                fix=cpu.fix, evidence=cpu.evidence + (tr("{call} is False", call="torch.cuda.is_available()"),),
                certainty=cpu.certainty, references=("https://pytorch.org/get-started/locally/",),
                data={"lines": [line]}), corroborated=True, line=line))
            return out
        out.append(_Ranked(Finding(
            id="cuda-unavailable-unexplained", category="torch_cpu_only", severity="warning",
            area=areas.get("torch_cpu_only", "torch"),
            title=tr("torch cannot use CUDA and the paste shows nothing else: most often the installed torch is a "
                     "CPU-only build"),
            message=tr("Neither a driver, a GPU, torch's CUDA build nor an error is in the paste; a CPU-only torch "
                       "is the usual cause, then a driver too old for torch's CUDA, then no GPU visible."),
            fix=tr("Check the build: {check}; None (or a +cpu version) is a CPU-only build: install a CUDA build "
                   "from the PyTorch index ({command}). Otherwise check the driver with {smi}.",
                   check="python -c \"import torch; print(torch.__version__, torch.version.cuda)\"",
                   command="pip install torch --index-url https://download.pytorch.org/whl/cu126", smi="nvidia-smi"),
            evidence=(tr("pasted line {line}: torch cannot use CUDA", line=line),
                      tr("no driver, GPU, CUDA build of torch or error in the paste")),
            certainty=LIKELY, references=("https://pytorch.org/get-started/locally/",),
            data={"lines": [line]}), corroborated=False, line=line))
        for alternative in ("driver_too_old", "gpu_not_visible"):  # the next causes (ranked by layer)
            out.append(_Ranked(Finding(
                id=f"cuda-unavailable-unexplained:{alternative}", category=alternative, severity="info",
                area=areas.get(alternative, "system"),
                title=tr("Also possible: {cause}", cause=_describe(alternative)),
                message=tr("{call} is False, and the paste shows nothing else.", call="torch.cuda.is_available()"),
                fix="", evidence=(tr("pasted line {line}: torch cannot use CUDA", line=line),), certainty=LIKELY,
                references=(), data={"alternative_of": "torch_cpu_only"}),
                corroborated=False, alternative=True, line=line))
    if not ranked and not out and context.portable_other_python and context.site_packages is not None:
        out.append(_Ranked(Finding(
            id="portable-build-other-python", category="wrong_interpreter", severity="warning",
            area=areas.get("wrong_interpreter", "packages"),
            title=tr("Packages went into another Python's site-packages, not into the portable build's own Python"),
            message=tr("The paste names a portable / standalone build, and the pip or Python output shows a "
                       "site-packages outside it; nothing else in the paste explains the problem."),
            fix=tr("Install with the build's own Python: {install} (a bare pip is the first Python on PATH); check "
                   "with {show}.", install="python_embeded\\python.exe -m pip install ...",
                   show="python_embeded\\python.exe -m pip show torch"),
            evidence=(tr("pasted line {line}: a portable / standalone build", line=context.portable),
                      tr("pasted line {line}: a site-packages outside that build", line=context.site_packages)),
            certainty=LIKELY, references=("https://docs.python.org/3/installing/index.html",),
            data={"lines": [context.portable, context.site_packages]}), corroborated=False,
            line=context.site_packages))
    return out


def _install_failure_first(ranked: list[_Ranked], signals: Sequence[Signal]) -> list[_Ranked]:
    """An install that failed in the paste explains the missing torch after it: that becomes its symptom."""
    if not any(s.category in FAILED_INSTALL and s.origin == "error" for s in signals):
        return ranked
    if not any(r.finding.category in FAILED_INSTALL for r in ranked):
        return ranked
    return [replace(r, symptom=True) if r.finding.category == "torch_missing" else r for r in ranked]
