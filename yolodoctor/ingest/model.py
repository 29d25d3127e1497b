"""What reading a pasted report produces.

Parsers do not touch Facts directly: each one reports Observations (a fact
path, a value, the line that proves it). The assembler turns them into one
partial Facts document, so precedence between sources and conflicts between
them ("python 3.6.7 on line 3, 3.6.5 on line 9") are handled in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

CERTAIN = "certain"
LIKELY = "likely"
CERTAINTIES = (CERTAIN, LIKELY)


@dataclass(frozen=True)
class Observation:
    """One fact a parser read: `path` names a Facts field, e.g. "torch.version",
    "nvidia.gpus[0].name", "python.distributions[torch].version",
    "packages.torchvision.version", "nvidia.driver_versions_seen.nvidia-smi",
    "host.container_evidence[]" (append)."""

    path: str
    value: Any
    line: int  # 1-based line number in the input
    source: str  # parser kind that read it


@dataclass(frozen=True)
class Segment:
    """A run of lines recognised as one kind of output (nvidia-smi table, pip list, ...)."""

    kind: str
    first_line: int  # 1-based, inclusive
    lines: tuple[str, ...]

    @property
    def last_line(self) -> int:
        return self.first_line + len(self.lines) - 1


@dataclass(frozen=True)
class Signal:
    """An error message (or a pasted command line) that itself says what is wrong."""

    id: str  # signature id, e.g. "nvml-driver-library-mismatch"
    category: str  # from yolodoctor.diagnose.model.CATEGORIES
    certainty: str  # certain | likely
    title: str
    line: int  # first line where it was seen
    text: str  # the matched text, verbatim (trimmed)
    source: str  # URL of a real report or upstream source showing the message
    count: int = 1  # how many times it was seen
    alternatives: tuple[str, ...] = ()  # other categories the same message is known to come from
    symptom: bool = False  # the message shows an effect; the category is its usual cause
    origin: str = "error"  # "error" (message signature) or the parser that raised it ("docker")
    fix: str = ""
    logged: bool = False  # every line it was seen on is a logger's warning or info line (ingest.log_levels)


@dataclass
class Reading:
    """What one parser made of its lines."""

    observations: list[Observation] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # things read that have no place in Facts

    def add(self, path: str, value: Any, line: int, source: str) -> None:
        if value is not None and value != "":
            self.observations.append(Observation(path, value, line, source))


@dataclass(frozen=True)
class Conflict:
    path: str
    kept: Any
    kept_line: int
    other: Any
    other_line: int


@dataclass(frozen=True)
class ReadPart:
    """One thing that was read, for the "what was read" summary."""

    kind: str
    label: str
    first_line: int
    last_line: int
    facts: tuple[str, ...] = ()  # fact paths it set


@dataclass(frozen=True)
class Summary:
    lines: int
    bytes_read: int
    parts: tuple[ReadPart, ...]
    unknown: tuple[str, ...]  # important facts the text does not prove
    conflicts: tuple[Conflict, ...] = ()
    notes: tuple[str, ...] = ()  # how the input was read (encoding, skipped middle, ...)
    unmapped: tuple[str, ...] = ()  # things read that have no place in Facts (kept for the reader)
    binary: bool = False  # the input is not text (a binary file): nothing in it is a report
    blank: bool = False  # the input is empty or only white space: nothing to diagnose


@dataclass
class IngestResult:
    facts: Any  # yolodoctor.facts.model.Facts, origin="pasted"
    signals: list[Signal] = field(default_factory=list)
    summary: Optional[Summary] = None
    observations: list[Observation] = field(default_factory=list)
    context: Any = None  # yolodoctor.ingest.context.PasteContext: where the paste says it ran
    # Facts kept that rest on words or an inference, not on a tool's output: (fact path, value, line, how),
    # how = "stated" or "inferred: ..." (the chain that led to it); a finding resting on one says so.
    stated: list[tuple[str, Any, int, str]] = field(default_factory=list)
    sample: str = ""  # the start of the paste, for ingest.resemblance when nothing in it proves a cause
