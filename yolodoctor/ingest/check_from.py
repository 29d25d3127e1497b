"""`yolodoctor check --from FILE`: read a paste, diagnose what it proves, add what its errors say."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from .. import exitcodes
from ..exitcodes import UserError
from ..diagnose.evidence import ev
from .inferred import how_inferred
from .model import IngestResult


def read_paste(path: str) -> IngestResult:
    """The paste in FILE ("-": standard input), read; a file that cannot be opened is a usage error."""
    from ..knowledge.files import KnowledgeError
    from . import ingest_path

    try:
        result = ingest_path(path)
    except KnowledgeError as exc:
        raise UserError(f"the knowledge files of this installation are broken: {exc}", exitcodes.INTERNAL) from None
    except IsADirectoryError:
        raise UserError(f"cannot read {path}: it is a directory", exitcodes.USAGE) from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}", exitcodes.USAGE) from None
    if result.summary.binary:
        raise UserError(f"{path} is not a text report (it holds binary data); paste the text of a log, "
                        "`python -m torch.utils.collect_env` or `yolodoctor report`", exitcodes.DATA)
    if result.summary.blank:
        raise UserError(f"{path} is empty: nothing to diagnose", exitcodes.NOTHING)
    return result


def category_areas() -> dict[str, str]:
    """The area each root-cause category is reported under: that of the catalogue's first rule of it."""
    from ..knowledge.rules import load_catalogue

    areas: dict[str, str] = {"network_download": "network", "wrong_interpreter": "packages",
                             "python_unsupported": "packages", "other": "system"}
    for rule in load_catalogue():
        areas.setdefault(rule.category, rule.area)
    return areas


def build_pasted_report(result: IngestResult, options: Any) -> Any:
    """Like check's build_report, for a paste: the rules on its facts, its signals folded in, ranked."""
    from ..commands.check_cmd import CheckResult
    from ..diagnose.engine import exit_code_for, run
    from ..knowledge.files import KnowledgeError
    from ..report.check_report import build_document
    from ..report.redact import redact_data
    from .triage import triage

    try:
        diagnosis = run(result.facts, options.areas or None, options.profile)
        areas = category_areas()
    except KnowledgeError as exc:
        raise UserError(f"the knowledge files of this installation are broken: {exc}", exitcodes.INTERNAL) from None
    findings = [_mark_stated(_mark_inferred(f, result.facts), result.stated)
                for f in triage(result, diagnosis.findings, areas)]
    if options.areas:  # `check --from FILE torch`: only what belongs to the asked areas
        findings = [f for f in findings if f.area in options.areas]
    diagnosis = replace(diagnosis, findings=tuple(findings))
    code = exit_code_for(diagnosis.findings, options.fail_on)
    if diagnosis.errors and options.fail_on != "never":
        code = exitcodes.INTERNAL
    document = build_document(result.facts, diagnosis, options, code)
    document["triage"] = redact_data(triage_section(result))
    return CheckResult(document, code)


def _mark_inferred(finding: Any, facts: Any) -> Any:
    """A finding resting on a torch the paste only implies (an install command) says so in its evidence."""
    source = facts.torch.source or ""
    if not source.startswith("inferred") or not any(e.startswith(("torch.", "torch CUDA")) for e in finding.evidence):
        return finding
    return replace(finding, evidence=finding.evidence + (
        f"torch's CUDA {facts.torch.cuda} is {source} ({how_inferred(source)})",))


# Which evidence lines rest on a fact: its key names the fact (ev("torch.version", ...)), or the value shows.
_EVIDENCE_KEYS = {"torch.version": ("torch.version ",), "torch.cuda": ("torch.version.cuda ", "torch.cuda "),
                  "nvidia.driver_version": ("nvidia.driver_version ",), "python.version": ("python ",)}


def _mark_stated(finding: Any, stated: Any) -> Any:
    """A finding resting on a fact the paste only states in words, or that was inferred, says so in its evidence:
    "stated in the report = torch.version 2.0.1 (line 4)", "inferred = torch.cuda 11.7 <- ...". """
    if not stated:
        return finding
    text = " ".join((finding.message, *finding.evidence))
    added, inferred = [], False
    for path, value, line, how in stated:
        keys = _EVIDENCE_KEYS.get(path, ())
        rests = any(e.startswith(keys) for e in finding.evidence) if keys else False
        if not rests and path != "torch.cuda":
            rests = str(value) in text
        if not rests:
            continue
        inferred = inferred or how != "stated"
        if (f"line {line}, stated" if how == "stated" else how.removeprefix("inferred: ")) in text:
            continue  # the evidence already names where it was read (nvidia.driver_version's source)
        if how == "stated":
            added.append(ev("stated in the report", f"{path} {value} (line {line})"))
        else:
            added.append(ev("inferred", f"{path} {value}: {how.removeprefix('inferred: ')}"))
    if not added and not inferred:
        return finding
    # An inference proves nothing for certain, unless an error message of the paste corroborates the finding.
    certainty = "likely" if inferred and not finding.data.get("signals") else finding.certainty
    return replace(finding, evidence=finding.evidence + tuple(added), certainty=certainty)


def triage_section(result: IngestResult) -> dict[str, Any]:
    """What was read where, what could not be known, conflicts, notes and the raw signals (JSON-ready)."""
    summary = result.summary
    return {
        "lines": summary.lines,
        "bytes": summary.bytes_read,
        "read": [{"kind": p.kind, "label": p.label, "first_line": p.first_line, "last_line": p.last_line,
                  "facts": list(p.facts)} for p in summary.parts],
        "unknown": list(summary.unknown),
        "conflicts": [{"fact": c.path, "kept": c.kept, "kept_line": c.kept_line, "other": c.other,
                       "other_line": c.other_line} for c in summary.conflicts],
        "notes": list(summary.notes) + list(summary.unmapped),
        "signals": [{k: v for k, v in asdict(s).items()} for s in result.signals],
    }
