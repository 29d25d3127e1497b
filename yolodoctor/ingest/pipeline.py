"""Reading a pasted report: input -> lines -> blocks and lines -> observations
and signals -> partial Facts + summary."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import BinaryIO, Iterable, Optional, Sequence

from .assemble import assemble
from .collect_env import KIND as COLLECT_ENV_KIND
from .context import read_context
from .cuda_true_elsewhere import cuda_true_said
from .error_facts import facts_from_matches, traceback_facts
from .errors import Scanner, load_signatures
from .inferred import DRIVER_KIND, FAILED_INSTALL, INSTALL_KIND, install_did_nothing
from .model import IngestResult, Observation, ReadPart, Reading, Signal, Summary
from .openmmlab_env import KIND as OPENMMLAB_ENV_KIND
from .parsers import LABELS
from .prose_facts import ANSWER_KIND, KIND as PROSE_KIND, infer_torch_cuda, without_ambiguous
from .reader import Document, read_stream, read_text
from .resemblance import sample_of
from .seen_torch import torch_seen_elsewhere
from .splitter import block_parser, split
from .summary import unknown_facts
from .torch_swap import untagged_after_cuda, windows_named
from .ultralytics import BANNER_KIND, CHECKS_KIND

WORDED_KINDS = (PROSE_KIND, ANSWER_KIND)  # facts read from what a person wrote, not from a tool's output
INFERRED_KINDS = (INSTALL_KIND, DRIVER_KIND, *WORDED_KINDS)
# A tool's report of the whole environment (the Ultralytics banner, yolo checks, collect_env, OpenMMLab's env dump):
# two of them in one paste without an error are a before and an after, in the order they were run.
RUN_KINDS = (BANNER_KIND, CHECKS_KIND, COLLECT_ENV_KIND, OPENMMLAB_ENV_KIND)
# A command that changes the installed packages (pip/conda/mamba/uv install, uninstall, upgrade): readings of one
# fact on either side of it are a before and an after.
_CHANGE_COMMAND = re.compile(r"(?:^|[\s>$`])(?:pip3?|conda|mamba|micromamba|uv\s{1,3}pip)(?:\.exe)?\s{1,3}"
                             r"(?:install|uninstall|remove|update|upgrade)\b")
_CONTAINER_START = re.compile(r"(?:^|[\s>$`])(?:nvidia-docker|docker|podman)(?:\.exe)?\s{1,3}(?:container\s{1,3})?run\b")
PARSER_FAILURE = "parser failure:"  # prefix of the note left when a parser raised (a bug; tests look for it)


def ingest_text(text: str) -> IngestResult:
    scanner = Scanner(load_signatures())
    return analyse(read_text(text, on_skipped=scanner.scan_text), scanner)


def ingest_stream(stream: BinaryIO) -> IngestResult:
    scanner = Scanner(load_signatures())
    return analyse(read_stream(stream, on_skipped=scanner.scan_text), scanner)


def analyse(doc: Document, scanner: Scanner) -> IngestResult:
    observations: list[Observation] = []
    signals: list[Signal] = []
    notes: list[str] = list(doc.notes)
    unmapped: list[str] = []
    parts: list[ReadPart] = []

    def take(reading: Optional[Reading], kind: str, first: int, last: int, record_part: bool) -> None:
        if reading is None:
            return
        observations.extend(reading.observations)
        signals.extend(reading.signals)
        unmapped.extend(reading.notes)
        if record_part and (reading.observations or reading.signals):
            paths = tuple(dict.fromkeys(o.path for o in reading.observations if o.path != "*"))
            parts.append(ReadPart(kind, LABELS.get(kind, kind), first, last, paths))

    for region in doc.regions:
        layout = split(region.first_line, region.lines)
        for segment in layout.segments:
            take(_guard(notes, segment.kind, segment.first_line, lambda: block_parser(segment.kind).parse(segment)),
                 segment.kind, segment.first_line, segment.last_line, True)
        for parser, index in layout.line_hits:
            lineno = region.first_line + index
            take(_guard(notes, parser.kind, lineno, lambda: parser.parse(region.lines, index, lineno)),
                 parser.kind, lineno, lineno, True)
        for first_line, lines in layout.unowned_chunks():
            scanner.scan_lines(first_line, lines)
            take(_guard(notes, "traceback", first_line, lambda: traceback_facts(first_line, lines)),
                 "traceback", first_line, first_line + len(lines) - 1, False)
    surviving = scanner.surviving()
    take(_guard(notes, "errors", 0, lambda: facts_from_matches(surviving)), "errors", 0, 0, False)
    signals.extend(scanner.signals())
    believed = observations  # read, and believed: a command whose install failed in the paste installed nothing,
    # and one that pip answered had nothing to do left the torch that was there
    if any(o.source == INSTALL_KIND for o in observations) and (
            any(s.category in FAILED_INSTALL for s in signals) or install_did_nothing(doc.lines())):
        believed = [o for o in observations if o.source != INSTALL_KIND]
    believed = without_ambiguous(believed)  # words that state two values of one fact state neither
    facts, conflicts, _written = assemble(believed)
    conflicts = _between_tools(conflicts, believed)
    context = replace(read_context(doc.lines()), torch_seen_other=torch_seen_elsewhere(doc.lines()),
                      untagged_after_cuda=untagged_after_cuda(doc.lines()), windows_named=windows_named(doc.lines()),
                      cuda_true_said=cuda_true_said(doc.lines()))
    errors = [s.line for s in signals if s.origin == "error"]
    prefer = _failing_environment(believed, conflicts, signals, _change_lines(doc.lines()))
    if prefer and errors:  # several environments in one paste: the one that failed is the one diagnosed
        facts, conflicts, _written = assemble(believed, prefer)
        conflicts = _between_tools(conflicts, believed)
        notes.append(f"the paste shows more than one environment; where they differ, the readings nearest before "
                     f"the first error (line {min(errors)}) are kept")
    elif conflicts and context.failing_label is not None:
        # no error printed, but a label says which environment failed ("env2 (fails):"): what follows it
        prefer = _labelled_environment(believed, conflicts, context.failing_label)
        facts, conflicts, _written = assemble(believed, prefer)
        conflicts = _between_tools(conflicts, believed)
        notes.append(f"the paste shows more than one environment; where they differ, the readings nearest after "
                     f"the line that labels the failing one (line {context.failing_label}) are kept")
    elif prefer:  # no error and no label: a tool's whole-environment report run twice ends on the later state
        facts, conflicts, _written = assemble(believed, prefer)
        conflicts = _between_tools(conflicts, believed)
        notes.append("the paste shows more than one environment and no error; where they differ, the last "
                     "readings are kept (of whether torch can use CUDA, with a package change between, the failing "
                     "one)")
    kept_cuda = _written.get("torch.cuda")
    if (facts.torch.source or "").startswith("inferred") and (kept_cuda is None or kept_cuda.source != INSTALL_KIND):
        facts.torch.source = "pasted"  # a labelled reading of torch won: nothing about it is inferred
    stated = _worded(_written)
    stated += infer_torch_cuda(facts, _written, signals, lambda n: _line_text(doc, n))
    if doc.skipped:
        first, last, chars = doc.skipped
        notes.append(f"lines {first}-{last} ({chars / 1e6:.1f} MB in the middle of the input) were only scanned "
                     f"for error messages")
    kept_words = {o.line for o in believed if o.source in WORDED_KINDS}
    parts = [p for p in parts if p.kind not in WORDED_KINDS or p.first_line in kept_words]  # words outweighed
    summary = Summary(lines=doc.total_lines, bytes_read=doc.bytes_read, parts=tuple(_merge(parts)),
                      unknown=unknown_facts(facts), conflicts=tuple(conflicts), notes=tuple(notes),
                      unmapped=tuple(dict.fromkeys(unmapped)), binary=doc.binary,
                      blank=not doc.skipped and not any(line.strip() for _, line in doc.lines()))
    return IngestResult(facts=facts, signals=_dedupe(signals), summary=summary, observations=observations,
                        context=context, stated=stated, sample=sample_of(doc.lines()))


def _worded(written: dict[str, Observation]) -> list[tuple[str, object, int, str]]:
    """The kept facts that rest on words: (path, value, line, "stated" or "inferred: <where from>")."""
    out = []
    for path, o in written.items():
        if o.source not in WORDED_KINDS or path.endswith("_source"):
            continue
        source = written.get(f"{path}_source")
        how = "stated" if o.source == PROSE_KIND else f"inferred: {source.value if source else o.source}"
        out.append((path, o.value, o.line, how))
    return out


def _line_text(doc: Document, lineno: int) -> str:
    for region in doc.regions:
        if region.first_line <= lineno < region.first_line + len(region.lines):
            return region.lines[lineno - region.first_line]
    return ""


def _between_tools(conflicts: list, observations: list[Observation]) -> list:
    """A reading in words that a tool's output contradicts is simply outweighed: not a second environment."""
    worded = {(o.path, o.line) for o in observations if o.source in WORDED_KINDS}
    return [c for c in conflicts if (c.path, c.other_line) not in worded and (c.path, c.kept_line) not in worded]


def _labelled_environment(observations: list[Observation], conflicts: list, label: int) -> dict[str, int]:
    """For each conflicting fact, the line of the reading nearest after the label (else nearest before it)."""
    prefer: dict[str, int] = {}
    for path in {c.path for c in conflicts}:
        lines = sorted({o.line for o in observations if o.path == path and o.source not in INFERRED_KINDS})
        if not lines:
            continue
        after = [line for line in lines if line >= label]
        prefer[path] = after[0] if after else lines[-1]
    return prefer


def _change_lines(lines: Iterable[tuple[int, str]]) -> list[int]:
    """The lines (numbered) of commands that change the environment: a package install, removal or upgrade, or a
    container started (`docker run`, `nvidia-docker run`, `podman run`: another image, or the same one with other
    options, is another environment)."""
    # Two substring checks first (a log of a million lines is read in well under a second): a tool and a verb.
    return [number for number, line in lines
            if (("pip" in line or "conda" in line or "mamba" in line or "uv" in line)
                and ("install" in line or "update" in line or "upgrade" in line or "remove" in line)
                and _CHANGE_COMMAND.search(line))
            or (" run" in line and ("docker" in line or "podman" in line) and _CONTAINER_START.search(line))]


def _failing_environment(observations: list[Observation], conflicts: list, signals: list[Signal],
                         changes: Sequence[int] = ()) -> dict[str, int]:
    """For each conflicting fact, the line of the reading nearest before the first error (else nearest after).
    With no error in the paste, the last reading: a before/after paste (an upgrade, a second run) ends on the state
    the reporter asks about."""
    errors = [s.line for s in signals if s.origin == "error"]
    failing: dict[str, int] = {}
    if not errors:
        # torch.cuda.is_available() read twice with a command between that changed the environment ("True",
        # `conda install ...`, "False"; or "False", `pip install <a CUDA wheel>`, "True"): a breakage or a fix, and
        # the paste is about the failing state, whichever came first.
        tool = {(o.path, o.line) for o in observations if o.source not in INFERRED_KINDS}
        for c in conflicts:
            low, high = sorted((c.kept_line, c.other_line))
            if c.path == "torch.cuda_available" and (c.path, c.kept_line) in tool and (c.path, c.other_line) in tool \
                    and any(low < line < high for line in changes):
                failing[c.path] = c.other_line if c.other is False else c.kept_line
        # Otherwise only a tool's whole-environment report, run twice, says which state is the later one.
        runs = {(o.path, o.line) for o in observations if o.source in RUN_KINDS}
        conflicts = [c for c in conflicts if (c.path, c.kept_line) in runs and (c.path, c.other_line) in runs
                     and c.path not in failing]
        observations = [o for o in observations if o.source in RUN_KINDS]
    prefer: dict[str, int] = {}
    if conflicts:
        anchor = min(errors) if errors else max(o.line for o in observations)
        for path in {c.path for c in conflicts}:
            lines = sorted({o.line for o in observations if o.path == path and o.source not in INFERRED_KINDS})
            if not lines:
                continue
            before = [line for line in lines if line <= anchor]
            prefer[path] = before[-1] if before else lines[0]
    prefer.update(failing)
    return prefer


def _guard(notes: list[str], kind: str, line: int, call):
    """Run one parser; a parser that raises loses only its own reading (and says so)."""
    try:
        return call()
    except Exception as exc:  # never let one parser's bug lose the rest of the report
        notes.append(f"{PARSER_FAILURE} the {kind} reader failed near line {line} ({type(exc).__name__}: {exc})")
        return None


def _merge(parts: list[ReadPart]) -> list[ReadPart]:
    """Neighbouring single lines of the same kind become one part ("pip freeze lines 3-40")."""
    parts = sorted(parts, key=lambda p: (p.first_line, p.kind))
    out: list[ReadPart] = []
    for part in parts:
        last = out[-1] if out else None
        if last and last.kind == part.kind and part.first_line <= last.last_line + 2:
            out[-1] = ReadPart(last.kind, last.label, last.first_line, max(last.last_line, part.last_line),
                               tuple(dict.fromkeys(last.facts + part.facts)))
        else:
            out.append(part)
    return out


def _dedupe(signals: list[Signal]) -> list[Signal]:
    """One signal per id: the first occurrence, with the count of all."""
    by_id: dict[str, Signal] = {}
    for signal in signals:
        kept = by_id.get(signal.id)
        if kept is None:
            by_id[signal.id] = signal
        else:
            first = kept if kept.line <= signal.line else signal
            by_id[signal.id] = Signal(**{**first.__dict__, "count": kept.count + signal.count})
    return sorted(by_id.values(), key=lambda s: s.line)
