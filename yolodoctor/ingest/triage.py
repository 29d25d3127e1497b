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

Where the proven causes are fewer than three, none of them certain (or none its words resemble), and the paste tells
of trouble, leads (what its words resemble, ingest.leads) follow them as notes, never above them.

Ranking: what explains an error in the paste first; then certain before
likely, a signal's own category before its alternatives, root causes before
symptoms, errors before warnings before notes, deeper layers of the stack
first (diagnose.ranking.CAUSAL_ORDER), earlier in the paste first.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional, Sequence

from ..diagnose.model import Finding
from ..facts.model import Facts
from ..i18n import is_chinese, tr
from .build_probe import judge as judge_build_probe
from .context import PasteContext
from .context_findings import from_context
from .context_words import TORCH_REQUIREMENT
from .extension_toolkit_order import toolkit_check_after_isolated_build
from .index_gaps import judge as judge_index_gap
from .inferred import FAILED_INSTALL
from .leads import doubted_notes, lead_findings
from .model import CERTAIN, LIKELY, IngestResult, Signal
from .pip_offer import judge as judge_offer
from .platform_builds import judge as judge_platform_build
from .proofs import BY_RELEASE, CONTRADICTED, PROOFS, SIGNAL_CONTRADICTED, STATED, Proof, windows_default_build
from .prose_facts import labelled_only
from .ranked import Ranked, describe
from .values import local_tag


def triage(result: IngestResult, findings: Sequence[Finding], areas: Optional[dict[str, str]] = None) -> list[Finding]:
    """The rule findings for the pasted facts, combined with the paste's signals, ranked."""
    areas = areas or {}
    context = result.context or PasteContext()
    if context.torch_install is not None and any(s.category in FAILED_INSTALL for s in result.signals):
        context = replace(context, torch_install=None)  # an install that failed put torch nowhere
    if context.torch_install is not None and any(s.id in ISOLATED_BUILD_WITHOUT_TORCH for s in result.signals):
        # torch is installed, and an isolated build (pip's, uv's, pdm's, poetry's) that imports it failed: the torch
        # it misses is the build environment's, not another interpreter's
        context = replace(context, torch_install=None)
    if context.installed and any(s.category in FAILED_INSTALL for s in result.signals):
        context = replace(context, installed=())  # nor the packages of the failed command
    ranked: list[Ranked] = [Ranked(f, corroborated=False) for f in findings]
    own: dict[str, list[Signal]] = {}  # category -> signals that become findings of their own
    labelled = labelled_only(result.facts, result.stated)  # an error is weighed against what tools showed
    # Another of the paste's messages already says torch (or the packages) went into another interpreter: a "No module
    # named 'torch'" is then that interpreter's symptom, not a torch never installed.
    wrong_interpreter_said = any(s.category == "wrong_interpreter" for s in result.signals)
    for signal in sorted(result.signals, key=lambda s: s.line):
        if signal.symptom and _judged(signal, result.facts, labelled):
            continue
        if SIGNAL_CONTRADICTED.get(signal.id, lambda facts, signal: False)(result.facts, signal):
            continue
        judge = BY_RELEASE.get(signal.id)
        proof = judge(result.facts, signal) if judge else None
        if proof is not None:
            ranked.append(Ranked(Finding(
                id=signal.id, category=signal.category, severity="error", area=areas.get(signal.category, "system"),
                title=proof.title, message=tr("{title}: {text} (line {line})", title=_title(signal), text=signal.text,
                                              line=signal.line), fix=proof.fix,
                evidence=proof.evidence + (_evidence(signal),), certainty=proof.certainty, references=(signal.source,),
                data={"signals": [signal.id], "lines": [signal.line]}), corroborated=True, line=signal.line))
            continue
        probed = judge_build_probe(context, signal)
        if probed is not None:
            _add_judged(ranked, signal, *probed, areas)
            continue
        built = judge_platform_build(result.facts, context.platform_lines, signal)
        if built is not None:
            _add_judged(ranked, signal, *built, areas)
            continue
        gap = judge_index_gap(result.facts, context, signal, result.signals)
        if gap is not None:
            _add_judged(ranked, signal, *gap, areas)
            continue
        offer = judge_offer(result.facts, context.pip_lines, signal, result.signals)
        if offer is not None:
            _add_judged(ranked, signal, *offer, areas)
            continue
        contradicted = CONTRADICTED.get(signal.category, lambda facts, context: False)(labelled, context) \
            or (signal.category == "torch_missing" and "wrong_interpreter" in signal.alternatives
                and wrong_interpreter_said and context.build_import is None)
        index = None if contradicted else _matching(ranked, [signal.category])
        if index is None and not contradicted:
            index = _quoting(ranked, signal)
        if index is not None:
            ranked[index] = _corroborate(ranked[index], signal, raise_certainty=True)
            continue
        index = None if contradicted else _matching(ranked, list(signal.alternatives), restating=signal)
        if index is not None:
            ranked[index] = _corroborate(ranked[index], signal, raise_certainty=False)
            continue
        proven = _proven_alternative(labelled, context, signal, host_os=result.facts.host.os)
        if proven is not None:
            category, proof = proven
            ranked.append(Ranked(Finding(
                id=f"{signal.id}:{category}", category=category, severity="error", area=areas.get(category, "system"),
                title=proof.title, message=tr("{title}: {text} (line {line})", title=_title(signal), text=signal.text,
                                              line=signal.line), fix=proof.fix,
                evidence=proof.evidence + (_evidence(signal),), certainty=proof.certainty, references=(signal.source,),
                data={"signals": [signal.id], "lines": [signal.line]}), corroborated=True, line=signal.line))
            continue
        own.setdefault(signal.category, []).append(signal)
    # A message a logger printed as a warning or info line (TensorFlow's "Could not load dynamic library", NCCL's
    # absent plugin) is printed on every start; where the paste also raised an error, it does not outrank that.
    raised = any(s.origin == "error" and not s.logged for s in result.signals)
    for category, signals, lead_pool, also in _merge_alternatives(own):
        ranked.extend(_from_signals(category, signals, areas, lead_pool=lead_pool, also=also, raised=raised))
    ranked.extend(from_context(result, context, ranked, areas))
    ranked = _install_failure_first(ranked, result.signals)
    ranked = _isolated_extension_build_first(ranked, result.signals)
    ranked = toolkit_check_after_isolated_build(ranked, result.signals)
    ranked = _later_run_supersedes_install(ranked, context)
    ranked = _warnings_after_errors(ranked, context.warning_lines)
    ranked = _container_risk_after_failure(ranked)
    ranked.sort(key=Ranked.key)
    # A note (an info finding that no line of the paste bears out, and no alternative of a message) states a risk of
    # the environment, not the cause of what the paste shows: where the paste's words do not resemble its cause either,
    # what they do resemble comes before it.
    notes = doubted_notes(result.sample, [r.finding for r in ranked if _note(r)])
    causes = [r.finding for r in ranked if r.finding not in notes]
    return causes + lead_findings(result, areas, causes, notes) + notes


def _note(entry: Ranked) -> bool:
    return (entry.finding.severity == "info" and not entry.corroborated and not entry.explains
            and not entry.alternative)


def _add_judged(ranked: list[Ranked], signal: Signal, category: str, proof: Proof, areas: dict[str, str]) -> None:
    """A pip "no matching version" error whose own lines settle its cause (ingest.pip_offer): that cause explains
    the error, so it ranks first; the message's other readings stay as notes."""
    index = _matching(ranked, [category])
    if index is not None:
        ranked[index] = replace(_corroborate(ranked[index], signal, raise_certainty=False), explains=True)
    else:
        ranked.append(Ranked(Finding(
            id=signal.id if category == signal.category else f"{signal.id}:{category}", category=category,
            severity="error", area=areas.get(category, "system"), title=proof.title,
            message=tr("{title}: {text} (line {line})", title=_title(signal), text=signal.text, line=signal.line),
            fix=proof.fix, evidence=proof.evidence + (_evidence(signal),), certainty=proof.certainty,
            references=(signal.source,), data={"signals": [signal.id], "lines": [signal.line]}),
            corroborated=True, explains=True, line=signal.line))
    present = {r.finding.category for r in ranked}
    for other in dict.fromkeys((signal.category, *signal.alternatives)):
        if other in present:
            continue
        ranked.append(Ranked(Finding(
            id=f"{signal.id}:{other}", category=other, severity="info", area=areas.get(other, "system"),
            title=tr("Also possible: {cause}", cause=describe(other)),
            message=tr("The same message ({text}) is also known to come from this.", text=signal.text),
            fix="", evidence=(_evidence(signal),), certainty=LIKELY, references=(signal.source,),
            data={"signals": [signal.id], "alternative_of": category}),
            corroborated=True, alternative=True, line=signal.line))


def _judged(signal: Signal, facts: Facts, labelled: Facts) -> bool:
    """The rules have judged what a stating signal says: a tool showed the fact, or words gave its build tag
    ("torch 1.11.0+cpu" in a list the reporter typed): a bare version in words judges nothing."""
    stated = STATED.get(signal.category)
    if stated is None:
        return False
    return stated(labelled) or (stated(facts) and local_tag(facts.torch.version or "") is not None)


def _matching(ranked: list[Ranked], categories: list[str], restating: Optional[Signal] = None) -> Optional[int]:
    """The best-ranked rule finding of one of `categories` (its own category, or one it explains).

    With `restating`, a generic finding (`other`: "import torch fails") that only quotes that signal's own line is
    no evidence for the signal's `other` reading: it read the same error without knowing its cause, so the
    signal's own category must not be lost to it."""
    candidates = [i for i, r in enumerate(ranked)
                  if (r.finding.category in categories or any(g.category in categories for g in r.finding.folded))
                  and not (restating is not None and r.finding.category == "other"
                           and _quotes(r.finding, restating))]
    return min(candidates, key=lambda i: ranked[i].key()) if candidates else None


def _quoting(ranked: list[Ranked], signal: Signal) -> Optional[int]:
    """A specific rule finding that quotes the signal's text: both read the same error."""
    for index, entry in enumerate(ranked):
        if entry.finding.category != "other" and _quotes(entry.finding, signal):
            return index
    return None


def _quotes(finding: Finding, signal: Signal) -> bool:
    """Whether the finding's message or evidence quotes the signal's line (a short text quotes nothing)."""
    text = _squeeze(signal.text)
    return len(text) >= 12 and any(text in _squeeze(t) for t in (finding.message, *finding.evidence))


def _squeeze(text: str) -> str:
    return " ".join(str(text).split())


def _corroborate(entry: Ranked, signal: Signal, raise_certainty: bool) -> Ranked:
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


def _proven_alternative(facts: Facts, context: PasteContext, signal: Signal,
                        host_os: Optional[str] = None) -> Optional[tuple[str, Proof]]:
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
    if proof is not None:
        return signal.category, proof
    # Nothing proven: on Windows with no build shown, PyPI's CPU-only torch is the likely reading of "no CUDA device"
    # that another message's category leaves as a note. Where the message is read as a CPU-only torch already, its
    # own reading stands, with its other causes as notes: a likely reading does not rule them out.
    if "torch_cpu_only" in signal.alternatives:
        proof = windows_default_build(facts, context, host_os)
        if proof is not None:
            return "torch_cpu_only", proof
    return None


def _merge_alternatives(own: dict[str, list[Signal]]) -> list[tuple[str, list[Signal], list[Signal], tuple[str, ...]]]:
    """Signal groups, each (category, signals, the signals its title comes from, categories noted as also possible).

    A message known to come from another cause, when the paste independently shows that cause (a "No space
    left on device" beside a container run without --shm-size), is read as evidence for it: its signals join
    that cause's finding, and its own category stays as a note. Each group moves at most once, never onto a
    group that has itself moved, never onto one whose messages name it as possible in turn, and never onto one
    made of symptoms alone (pip's "Failed building wheel" shows that a build failed, not why).
    """
    order = sorted(own, key=lambda c: min(s.line for s in own[c]))
    target: dict[str, str] = {}
    for category in order:
        if category in target.values():
            continue  # a group others moved onto stays where it is
        for alternative in dict.fromkeys(a for s in own[category] for a in s.alternatives):
            if alternative != category and alternative in own and alternative not in target \
                    and not all(s.symptom for s in own[alternative]) \
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
                  lead_pool: Optional[list[Signal]] = None, also: tuple[str, ...] = (),
                  raised: bool = False) -> list[Ranked]:
    lead = sorted(lead_pool or signals, key=lambda s: (s.certainty != CERTAIN, s.origin != "error", s.line))[0]
    certainty = CERTAIN if any(s.certainty == CERTAIN for s in signals) else LIKELY
    severity = "error" if any(s.origin == "error" and not (s.logged and raised) for s in signals) else "warning"
    symptom = all(s.symptom for s in signals)
    message = tr("{title}: {text} (line {line}, seen {count} times)", title=_title(lead), text=lead.text,
                 line=lead.line, count=lead.count) if lead.count > 1 else \
        tr("{title}: {text} (line {line})", title=_title(lead), text=lead.text, line=lead.line)
    out = [Ranked(Finding(
        id=lead.id, category=category, severity=severity, area=areas.get(category, "system"), title=lead.title,
        message=message, fix=lead.fix, evidence=tuple(_evidence(s) for s in signals), certainty=certainty,
        references=tuple(dict.fromkeys(s.source for s in signals)),
        data={"signals": [s.id for s in signals], "lines": [s.line for s in signals]}),
        corroborated=True, symptom=symptom, line=lead.line)]
    alternatives = dict.fromkeys(a for a in (*also, *(a for s in signals for a in s.alternatives)) if a != category)
    for alternative in alternatives:
        out.append(Ranked(Finding(
            id=f"{lead.id}:{alternative}", category=alternative, severity="info",
            area=areas.get(alternative, "system"),
            title=tr("Also possible: {cause}", cause=describe(alternative)),
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


def _install_failure_first(ranked: list[Ranked], signals: Sequence[Signal]) -> list[Ranked]:
    """An install that failed in the paste explains the missing torch after it: that becomes its symptom."""
    if not any(s.category in FAILED_INSTALL and s.origin == "error" for s in signals):
        return ranked
    if not any(r.finding.category in FAILED_INSTALL for r in ranked):
        return ranked
    return [replace(r, symptom=True) if r.finding.category == "torch_missing" else r for r in ranked]


# Signatures that read pip's or uv's isolated build of flash-attn or one of its neighbours (xformers, mamba-ssm,
# causal-conv1d, SageAttention) failing where the build imports torch.
ISOLATED_EXTENSION_BUILD = frozenset({"flash-attn-build-isolation-torch-missing", "flash-attn-isolated-build-step-failed",
                                      "flash-attn-undeclared-build-dependency"})
# Signatures that read an isolated build (pip's, uv's, pdm's, poetry's) failing where it imports torch.
ISOLATED_BUILD_WITHOUT_TORCH = ISOLATED_EXTENSION_BUILD | {
    "build-isolation-torch-missing", "torch-importing-package-build-step-failed", "build-isolation-torch-not-found-words",
    "torch-undeclared-build-dependency", "torch-importing-package-install-fails-torch-installed-words"}


def _isolated_extension_build_first(ranked: list[Ranked], signals: Sequence[Signal]) -> list[Ranked]:
    """The isolated build of a compiled extension failed for want of torch: the "No module named 'torch'" of the
    paste (in the build's traceback, or retold in a title above it) is that build's, so the torch missing there is
    its symptom and the failed build the cause to fix (torch first, then the build without isolation)."""
    if not any(s.id in ISOLATED_EXTENSION_BUILD for s in signals):
        return ranked
    if not any(r.finding.category == "flash_attn_build" and not r.alternative for r in ranked):
        return ranked
    return [replace(r, symptom=True, explains=False) if r.finding.category == "torch_missing"
            else replace(r, explains=True) if r.finding.category == "flash_attn_build" and not r.alternative
            and any(i in ISOLATED_EXTENSION_BUILD for i in r.finding.data.get("signals", ())) else r for r in ranked]


def _later_run_supersedes_install(ranked: list[Ranked], context: PasteContext) -> list[Ranked]:
    """pip failed to install a torch, and later the program ran through an installed torch and failed with a
    certain error: torch got installed after all (another release, another command), and that error is where the
    paste ends up; the install failure before it is history, not the explanation."""
    frame = context.torch_frame
    if frame is None:
        return ranked
    runs = [r.line for r in ranked if r.finding.certainty == CERTAIN and not r.alternative
            and r.finding.category not in FAILED_INSTALL and r.line >= frame]
    if not runs:
        return ranked
    run = min(runs)
    return [replace(r, explains=False, symptom=True)
            if r.finding.category in FAILED_INSTALL and r.line < frame and r.line < run
            and TORCH_REQUIREMENT.search(r.finding.message) else r for r in ranked]


# A `docker run` line that leaves /dev/shm at Docker's 64 MB is a risk for what shares memory between processes
# (DataLoader workers, NCCL, multiprocessing, a full file system); it explains nothing else.
SHM_RISK_SIGNALS = frozenset({"docker-run-default-shm"})
SHM_FAILURES = frozenset({"shm_small", "nccl_problem", "resources_low"})


def _container_risk_after_failure(ranked: list[Ranked]) -> list[Ranked]:
    """The container's default /dev/shm, read from its `docker run` line alone, ranks after every reading of an
    error the paste raised that shared memory cannot explain (a cuDNN, cuBLAS or import failure and their other
    causes): it is a risk the paste shows, not what failed."""
    def risk_only(entry: Ranked) -> bool:
        signals = set((entry.finding.data or {}).get("signals", ()))
        return bool(signals) and signals <= SHM_RISK_SIGNALS

    failed = {r.finding.category for r in ranked if r.corroborated and not r.alternative and not r.symptom
              and r.finding.severity == "error" and not risk_only(r)}
    if not failed or failed & SHM_FAILURES:
        return ranked
    return [replace(r, warned=True) if risk_only(r) else r for r in ranked]


def _warnings_after_errors(ranked: list[Ranked], warning_lines: tuple[int, ...]) -> list[Ranked]:
    """A finding read only from lines Python's warnings module printed ranks after an error the paste raised
    elsewhere (a finding of its own, on lines that are not warnings, not a symptom or an alternative): torch
    warning that the driver is old does not outrank the download that stopped the run."""
    if not warning_lines:
        return ranked
    warned = set(warning_lines)

    def lines(entry: Ranked) -> set[int]:
        return {n for n in (entry.finding.data or {}).get("lines", ()) if isinstance(n, int)}

    def only_warned(entry: Ranked) -> bool:
        own = lines(entry)
        return bool(own) and own <= warned

    raised = any(r.corroborated and not r.alternative and not r.symptom and r.finding.severity == "error"
                 and lines(r) and not only_warned(r) for r in ranked)
    if not raised:
        return ranked
    return [replace(r, warned=True) if r.corroborated and only_warned(r) else r for r in ranked]
