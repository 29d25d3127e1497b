"""Error messages that say what is wrong: the signature table and the scanner.

Each signature (error_signatures.toml) is a regular expression with a
literal `needle` that every match contains. The scanner looks for needles
with str.find (C speed, so a 100 MB log costs seconds), and only runs the
expression on the few lines around a hit, joined by newlines, so a message
that a terminal wrapped over several lines still matches.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Sequence

from ..knowledge.files import KnowledgeError
from .model import CERTAINTIES, Signal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..knowledge import toml_cache

SIGNATURES_NAME = "error_signatures.toml"
SIGNATURES_FILE = Path(__file__).with_name(SIGNATURES_NAME)
WINDOW_LINES = 6  # lines either side of a needle that a match may span
MAX_KEPT_MATCHES = 2000  # per signature; later ones are only counted
# Longer lines are matched on this many characters around the needle (the evidence says so): no
# pattern then costs more than a bounded amount per line, whatever the paste holds.
MATCH_LINE_CHARS = 1024
TRUNCATED = " [line truncated for matching]"
_REQUIRED = ("id", "title", "category", "certainty", "needle", "pattern", "example", "source", "fix")


@dataclass(frozen=True)
class Signature:
    id: str
    title: str
    category: str
    certainty: str
    needles: tuple[str, ...]
    pattern: re.Pattern
    example: str
    source: str
    fix: str = ""
    alternatives: tuple[str, ...] = ()
    supersedes: tuple[str, ...] = ()
    symptom: bool = False
    statement: bool = False  # the line states a version or a command, not an error
    # zh-CN title and fix (optional keys title_zh / fix_zh, at the end of the entry)
    title_zh: str = ""
    fix_zh: str = ""


@dataclass(frozen=True)
class Match:
    signature: Signature
    line: int  # first line of the match
    last_line: int
    text: str
    groups: dict[str, Any] = field(default_factory=dict)


def signatures_path() -> Path:
    """compat/error_signatures.toml when the knowledge base has it, else the copy beside this module."""
    from ..knowledge.files import data_dir

    try:
        candidate = data_dir("compat") / SIGNATURES_NAME
    except KnowledgeError:
        return SIGNATURES_FILE
    return candidate if candidate.is_file() else SIGNATURES_FILE


def load_signatures(path: Optional[str] = None) -> tuple[Signature, ...]:
    """The signature table, checked: a bad entry is a KnowledgeError naming it."""
    return _load_signatures(path or str(signatures_path()))


@lru_cache(maxsize=4)
def _load_signatures(path: str) -> tuple[Signature, ...]:
    from ..diagnose.model import CATEGORIES

    where = Path(path).name
    try:
        data = toml_cache.load(path)
    except FileNotFoundError:
        raise KnowledgeError(f"{where} is missing") from None
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise KnowledgeError(f"{where} cannot be read: {exc}") from None
    meta = data.get("tables", {}).get("signature")
    if not isinstance(meta, dict) or not meta.get("source") or not meta.get("read"):
        raise KnowledgeError(f"{where}: [[signature]] has no [tables.signature] with source and read date")
    entries = data.get("signature")
    if not isinstance(entries, list) or not entries:
        raise KnowledgeError(f"{where}: no [[signature]] entries")
    out: list[Signature] = []
    for number, entry in enumerate(entries, 1):
        label = entry.get("id") if isinstance(entry, dict) else None
        label = label or f"#{number}"
        if not isinstance(entry, dict):
            raise KnowledgeError(f"{where}: signature {label} is not a table")
        for key in _REQUIRED:
            if not entry.get(key):
                raise KnowledgeError(f"{where}: signature {label} lacks '{key}'")
        if entry["category"] not in CATEGORIES:
            raise KnowledgeError(f"{where}: signature {label}: unknown category {entry['category']!r}")
        for alternative in entry.get("alternatives", []):
            if alternative not in CATEGORIES:
                raise KnowledgeError(f"{where}: signature {label}: unknown alternative category {alternative!r}")
        if entry["certainty"] not in CERTAINTIES:
            raise KnowledgeError(f"{where}: signature {label}: certainty must be one of {CERTAINTIES}")
        try:
            pattern = re.compile(entry["pattern"], re.MULTILINE)
        except re.error as exc:
            raise KnowledgeError(f"{where}: signature {label}: pattern does not compile: {exc}") from None
        needles = entry["needle"] if isinstance(entry["needle"], list) else [entry["needle"]]
        example = entry["example"]
        found = pattern.search(example)
        if not found:
            raise KnowledgeError(f"{where}: signature {label}: pattern does not match its example")
        if not any(needle in found.group(0) for needle in needles):
            raise KnowledgeError(f"{where}: signature {label}: no needle occurs in the example's match")
        out.append(Signature(
            id=entry["id"], title=entry["title"], category=entry["category"], certainty=entry["certainty"],
            needles=tuple(needles), pattern=pattern, example=example, source=entry["source"], fix=entry["fix"],
            alternatives=tuple(entry.get("alternatives", [])), supersedes=tuple(entry.get("supersedes", [])),
            symptom=bool(entry.get("symptom", False)), statement=bool(entry.get("statement", False)),
            title_zh=str(entry.get("title_zh", "")), fix_zh=str(entry.get("fix_zh", ""))))
    ids = [s.id for s in out]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise KnowledgeError(f"{where}: duplicate signature ids {duplicates}")
    for signature in out:
        unknown = [i for i in signature.supersedes if i not in ids]
        if unknown:
            raise KnowledgeError(f"{where}: signature {signature.id} supersedes unknown ids {unknown}")
    return tuple(out)


class Scanner:
    """Finds signature matches in text given piece by piece (regions, skipped blocks)."""

    def __init__(self, signatures: Sequence[Signature]):
        self.signatures = tuple(signatures)
        self.matches: dict[str, list[Match]] = {}
        self.counts: dict[str, int] = {}

    def scan_lines(self, first_line: int, lines: Sequence[str]) -> None:
        if lines:
            self.scan_text(first_line, "\n".join(lines))

    def scan_text(self, first_line: int, text: str) -> None:
        starts: Optional[list[int]] = None
        first: dict[str, int] = {}  # needle -> its first position: signatures share needles, search each once
        for signature in self.signatures:
            hits = [h for h in (first[n] if n in first else first.setdefault(n, text.find(n))
                                for n in signature.needles) if h >= 0]
            if not hits:
                continue
            if starts is None:
                starts = _line_starts(text)
            hit_lines: set[int] = set()
            for needle in signature.needles:
                position = text.find(needle)
                while position >= 0:
                    index = bisect_right(starts, position) - 1
                    hit_lines.add(index)
                    following = starts[index + 1] if index + 1 < len(starts) else len(text)
                    position = text.find(needle, following)  # the next line with this needle
            # Overlapping windows are merged and matched once: a log made of one error line repeated
            # costs one pass over the text, not thirteen.
            seen: set[int] = set()
            for low, high in _merged_windows(sorted(hit_lines), len(starts)):
                self._window(signature, text, starts, low, high, first_line, seen)

    def _window(self, signature: Signature, text: str, starts: list[int], low: int, high: int,
                first_line: int, seen: set[int]) -> None:
        begin = starts[low]
        end = starts[high + 1] - 1 if high + 1 < len(starts) else len(text)
        window, clipped = _bounded(text[begin:end], signature.needles)
        window_starts = _line_starts(window)
        for found in signature.pattern.finditer(window):
            if not any(n in found.group(0) for n in signature.needles):
                continue
            line_index = low + bisect_right(window_starts, found.start()) - 1
            if line_index in seen:
                continue
            seen.add(line_index)
            self.counts[signature.id] = self.counts.get(signature.id, 0) + 1
            kept = self.matches.setdefault(signature.id, [])
            if len(kept) < MAX_KEPT_MATCHES:
                last_index = low + bisect_right(window_starts, max(found.end() - 1, found.start())) - 1
                matched = found.group(0)
                if any(i in clipped for i in range(line_index - low, last_index - low + 1)):
                    matched += TRUNCATED
                kept.append(Match(signature, first_line + line_index, first_line + last_index,
                                  matched, {k: v for k, v in found.groupdict().items() if v is not None}))

    def surviving(self) -> dict[str, list[Match]]:
        """Matches, less those a more specific signature's match covers (its `supersedes`)."""
        covered: dict[str, list[tuple[int, int]]] = {}
        for signature_id, matches in self.matches.items():
            signature = matches[0].signature
            for superseded in signature.supersedes:
                covered.setdefault(superseded, []).extend((m.line, m.last_line) for m in matches)
        out: dict[str, list[Match]] = {}
        for signature_id, matches in self.matches.items():
            spans = covered.get(signature_id, [])
            kept = [m for m in matches if not any(a <= m.line <= b for a, b in spans)]
            if kept:
                out[signature_id] = kept
        return out

    def signals(self) -> list[Signal]:
        out = []
        for signature_id, matches in self.surviving().items():
            first = min(matches, key=lambda m: m.line)
            signature = first.signature
            dropped = len(self.matches[signature_id]) - len(matches)
            out.append(Signal(
                id=signature.id, category=signature.category, certainty=signature.certainty,
                title=signature.title, line=first.line, text=_shown(first.text), source=signature.source,
                count=self.counts.get(signature_id, len(matches)) - dropped, alternatives=signature.alternatives,
                symptom=signature.symptom, fix=signature.fix,
                origin="statement" if signature.statement else "error"))
        out.sort(key=lambda s: s.line)
        return out


def _merged_windows(hit_lines: list[int], line_count: int) -> list[tuple[int, int]]:
    """[low, high] line ranges: WINDOW_LINES either side of each hit, overlapping ranges joined."""
    out: list[tuple[int, int]] = []
    for index in hit_lines:
        low, high = max(0, index - WINDOW_LINES), min(line_count - 1, index + WINDOW_LINES)
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _bounded(window: str, needles: Sequence[str]) -> tuple[str, set[int]]:
    """The window with every line longer than MATCH_LINE_CHARS cut to MATCH_LINE_CHARS around its
    first needle (or its start), and the indices of the lines that were cut."""
    if len(window) <= MATCH_LINE_CHARS or max(map(len, window.split("\n"))) <= MATCH_LINE_CHARS:
        return window, set()
    lines = window.split("\n")
    clipped: set[int] = set()
    for index, line in enumerate(lines):
        if len(line) <= MATCH_LINE_CHARS:
            continue
        at = min((p for p in (line.find(n) for n in needles) if p >= 0), default=0)
        begin = max(0, min(at - MATCH_LINE_CHARS // 2, len(line) - MATCH_LINE_CHARS))
        lines[index] = line[begin:begin + MATCH_LINE_CHARS]
        clipped.add(index)
    return "\n".join(lines), clipped


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _shown(text: str, limit: int = 300) -> str:
    truncated = text.endswith(TRUNCATED)
    if truncated:
        text = text[:-len(TRUNCATED)]
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return text + TRUNCATED if truncated else text
