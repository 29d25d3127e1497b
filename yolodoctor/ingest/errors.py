"""Error messages that say what is wrong: the signature table and the scanner.

Each signature (error_signatures.toml) is a regular expression with a
literal `needle` that every match contains. The scanner looks for needles
with str.find (C speed, so a 100 MB log costs seconds), and only runs the
expression on the few lines around a hit, joined by newlines, so a message
that a terminal wrapped over several lines still matches. A signature that
finds nothing gets a second reading for a message a person retyped
(retyped.py): any case, any spacing, typographic quotes.
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
from .lines import line_starts, needle_lines
from .log_levels import logged_as_warning
from .model import CERTAINTIES, Signal
from .retyped import (RETYPED_MAX_CHARS, cut_short, folded, lowered, needle_start, plain_text, reads_lower_case,
                      spaced_alike, tolerant_pattern)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..knowledge import toml_cache

SIGNATURES_NAME = "error_signatures.toml"
SIGNATURES_FILE = Path(__file__).with_name(SIGNATURES_NAME)
WINDOW_LINES = 6  # lines either side of a needle that a match may span
YIELD_LINES = 3  # how far below another message a `yields_to` match counts as its restatement
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
    # Messages whose match a line or three above makes this one a repeat: pip's closing "No matching distribution
    # found for X" restates the "Could not find a version ... (from versions: ...)" just above it.
    yields_to: tuple[str, ...] = ()
    symptom: bool = False
    statement: bool = False  # the line states a version or a command, not an error
    # zh-CN title and fix (optional keys title_zh / fix_zh, at the end of the entry)
    title_zh: str = ""
    fix_zh: str = ""
    # The needles and the example's message as the scanner's second reading compares them (lower case,
    # single spaces; retyped.py)
    folded_needles: tuple[str, ...] = ()
    cut_needles: tuple[str, ...] = ()  # their first words: what a line cut short still holds
    folded_message: str = ""


@dataclass(frozen=True)
class Match:
    signature: Signature
    line: int  # first line of the match
    last_line: int
    text: str
    groups: dict[str, Any] = field(default_factory=dict)
    logged: bool = False  # the line is a logger's warning or info line (ingest.log_levels)


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
            yields_to=tuple(entry.get("yields_to", [])), symptom=bool(entry.get("symptom", False)),
            statement=bool(entry.get("statement", False)),
            title_zh=str(entry.get("title_zh", "")), fix_zh=str(entry.get("fix_zh", "")),
            folded_needles=tuple(dict.fromkeys(spaced_alike(n) for n in needles)),
            cut_needles=tuple(dict.fromkeys(needle_start(spaced_alike(n)) for n in needles)),
            folded_message=spaced_alike(found.group(0))))
    ids = [s.id for s in out]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise KnowledgeError(f"{where}: duplicate signature ids {duplicates}")
    for signature in out:
        unknown = [i for i in signature.supersedes if i not in ids]
        if unknown:
            raise KnowledgeError(f"{where}: signature {signature.id} supersedes unknown ids {unknown}")
        unknown = [i for i in signature.yields_to if i not in ids]
        if unknown:
            raise KnowledgeError(f"{where}: signature {signature.id} yields to unknown ids {unknown}")
    return tuple(out)


class Scanner:
    """Finds signature matches in text given piece by piece (regions, skipped blocks)."""

    def __init__(self, signatures: Sequence[Signature]):
        self.signatures = tuple(signatures)
        self.matches: dict[str, list[Match]] = {}
        self.counts: dict[str, int] = {}
        self._needles, self._folded_needles, self._cut_needles = _all_needles(self.signatures)
        self._needles_by_case = _needles_by_case(self._needles)

    def scan_lines(self, first_line: int, lines: Sequence[str]) -> None:
        if lines:
            self.scan_text(first_line, "\n".join(lines))

    def scan_text(self, first_line: int, text: str) -> None:
        # Every needle is looked for once (signatures share them), then each signature only asks
        # whether one of its own is among those present. Needles that differ only in case ("hang",
        # "Hang", "HANG") are looked for once in the lower-cased text, and as given only where found.
        found = _lowered_present(text, self._needles_by_case)
        present = {n for low, spellings in self._needles_by_case if low in found for n in spellings if n in text}
        starts: Optional[list[int]] = None
        unmatched: list[Signature] = []
        for signature in self.signatures:
            if present.isdisjoint(signature.needles):
                unmatched.append(signature)
                continue
            if starts is None:
                starts = line_starts(text)
            before = self.counts.get(signature.id, 0)
            self._scan_windows(signature, text, text, starts, signature.needles, signature.pattern, first_line)
            if self.counts.get(signature.id, 0) == before:
                unmatched.append(signature)
        if unmatched and len(text) <= RETYPED_MAX_CHARS:
            self._scan_retyped(first_line, text, unmatched)

    def _scan_retyped(self, first_line: int, text: str, signatures: list[Signature]) -> None:
        """A second reading, for the signatures the text as given did not match: the message may have
        been retyped (case, spacing, quotes, a line break where a space was; see retyped.py)."""
        plain = plain_text(text)
        searched = folded(plain)
        present = {n for n in self._folded_needles if n in searched}
        started = {n for n in self._cut_needles if n in searched}
        if not present and not started:
            return
        starts = line_starts(plain)
        still_unmatched = []
        for signature in signatures:
            if not present.isdisjoint(signature.folded_needles):
                before = self.counts.get(signature.id, 0)
                self._scan_windows(signature, plain, searched, starts, signature.folded_needles,
                                   tolerant_pattern(signature.pattern.pattern), first_line)
                if self.counts.get(signature.id, 0) > before:
                    continue
            if not signature.statement and not started.isdisjoint(signature.cut_needles):
                still_unmatched.append(signature)
        if still_unmatched:
            self._scan_cut_short(still_unmatched, plain, searched, starts, first_line)

    def _scan_cut_short(self, signatures: list[Signature], plain: str, searched: str, starts: list[int],
                        first_line: int) -> None:
        """Lines that end inside a signature's own message, its needle included (retyped.cut_short).
        A line some signature reads whole is that message, not another one cut short."""
        read = {line for matches in self.matches.values() for m in matches
                for line in range(m.line, m.last_line + 1)}
        found: list[tuple[Signature, int, str]] = []
        for signature in signatures:
            for index in sorted(needle_lines(searched, starts, signature.cut_needles)):
                if first_line + index in read:
                    continue
                end = starts[index + 1] - 1 if index + 1 < len(starts) else len(plain)
                line = plain[starts[index]:end]
                if len(line) <= MATCH_LINE_CHARS and cut_short(line, signature.folded_message,
                                                               signature.cut_needles):
                    found.append((signature, first_line + index, line.strip()))
        for signature, line_number, line in found:
            self._keep(signature, line_number, line_number, line, {})

    def _scan_windows(self, signature: Signature, text: str, searched: str, starts: list[int],
                      needles: Sequence[str], pattern: re.Pattern, first_line: int) -> None:
        """Match `pattern` around each line of `text` where `searched` (text, or its folded copy of
        the same length) holds a needle; a match counts where it holds a needle too."""
        hit_lines = needle_lines(searched, starts, needles)
        # Overlapping windows are merged and matched once: a log made of one error line repeated
        # costs one pass over the text, not thirteen.
        seen: set[int] = set()
        folding = searched is not text
        for low, high in _merged_windows(sorted(hit_lines), len(starts)):
            self._window(signature, text, starts, low, high, first_line, seen, needles, pattern, folding)

    def _window(self, signature: Signature, text: str, starts: list[int], low: int, high: int,
                first_line: int, seen: set[int], needles: Sequence[str], pattern: re.Pattern,
                folding: bool) -> None:
        begin = starts[low]
        end = starts[high + 1] - 1 if high + 1 < len(starts) else len(text)
        window, clipped = _bounded(text[begin:end], needles, folding)
        window_starts = line_starts(window)
        # A tolerant pattern reads the window in lower case; what it quotes comes from the window itself.
        for found in pattern.finditer(lowered(window) if folding and reads_lower_case(signature.pattern.pattern)
                                      else window):
            matched_text = spaced_alike(found.group(0)) if folding else found.group(0)
            if not any(n in matched_text for n in needles):
                continue
            line_index = low + bisect_right(window_starts, found.start()) - 1
            if line_index in seen:
                continue
            seen.add(line_index)
            last_index = low + bisect_right(window_starts, max(found.end() - 1, found.start())) - 1
            matched = window[found.start():found.end()]
            if any(i in clipped for i in range(line_index - low, last_index - low + 1)):
                matched += TRUNCATED
            groups = {k: window[found.start(k):found.end(k)] for k, v in found.groupdict().items() if v is not None}
            logged = logged_as_warning(window[window_starts[line_index - low]:found.start()])
            self._keep(signature, first_line + line_index, first_line + last_index, matched, groups, logged)

    def _keep(self, signature: Signature, line: int, last_line: int, text: str, groups: dict[str, Any],
              logged: bool = False) -> None:
        self.counts[signature.id] = self.counts.get(signature.id, 0) + 1
        kept = self.matches.setdefault(signature.id, [])
        if len(kept) < MAX_KEPT_MATCHES:
            kept.append(Match(signature, line, last_line, text, groups, logged))

    def surviving(self) -> dict[str, list[Match]]:
        """Matches, less those a more specific signature's match covers (its `supersedes`)."""
        covered: dict[str, list[tuple[int, int]]] = {}
        for signature_id, matches in self.matches.items():
            signature = matches[0].signature
            for superseded in signature.supersedes:
                covered.setdefault(superseded, []).extend((m.line, m.last_line) for m in matches)
        out: dict[str, list[Match]] = {}
        for signature_id, matches in self.matches.items():
            spans = list(covered.get(signature_id, []))
            for other in matches[0].signature.yields_to:
                # the other message ends at most YIELD_LINES above this one: this one restates it
                spans.extend((m.last_line, m.last_line + YIELD_LINES) for m in self.matches.get(other, ()))
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
                origin="statement" if signature.statement else "error", logged=all(m.logged for m in matches)))
        out.sort(key=lambda s: s.line)
        return out


_NEEDLE_SETS: dict[int, tuple[tuple[Signature, ...], frozenset[str], frozenset[str], frozenset[str]]] = {}


def _all_needles(signatures: tuple[Signature, ...]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Every needle of the table: as given, folded, and the starts of the folded ones; kept per table
    object (hashing 233 frozen signatures for a cache key would cost more than the sets)."""
    kept = _NEEDLE_SETS.get(id(signatures))
    if kept is None or kept[0] is not signatures:
        if len(_NEEDLE_SETS) > 16:
            _NEEDLE_SETS.clear()
        kept = (signatures, frozenset(n for s in signatures for n in s.needles),
                frozenset(n for s in signatures for n in s.folded_needles),
                frozenset(n for s in signatures for n in s.cut_needles))
        _NEEDLE_SETS[id(signatures)] = kept
    return kept[1], kept[2], kept[3]


LOWERED_CHUNK_CHARS = 1 << 18  # a log's text is lower-cased a piece at a time: memory stays that of the text
SEEN_LINES_KEPT = 1 << 16  # distinct lines of a long text remembered; lines past it are looked through again


def _lowered_present(text: str, groups: tuple[tuple[str, tuple[str, ...]], ...]) -> set[str]:
    """The lower-cased needles present in the lower-cased text.

    A long text is read in pieces that end at a line break. No needle holds a line break, so a needle is in
    the text only if it is in one of its lines: a line seen before (a progress bar, the warning printed at
    every step) is not looked through again. A piece with no line break for four pieces' length is cut where
    it stands, overlapping the next by the longest needle."""
    if len(text) <= LOWERED_CHUNK_CHARS:
        lowered = text.lower()
        return {low for low, _ in groups if low in lowered}
    overlap = max((len(low) for low, _ in groups), default=1)
    found: set[str] = set()
    seen: set[str] = set()
    start = 0
    while start < len(text):
        end = text.find("\n", start + LOWERED_CHUNK_CHARS, start + 4 * LOWERED_CHUNK_CHARS)
        if end < 0:
            end = min(len(text), start + LOWERED_CHUNK_CHARS + overlap)
            following = end if end >= len(text) else end - overlap
        else:
            following = end + 1
        fresh = []
        for line in text[start:end].lower().split("\n"):
            if line not in seen:
                fresh.append(line)
                if len(seen) < SEEN_LINES_KEPT:
                    seen.add(line)
        searched = "\n".join(fresh)
        found.update(low for low, _ in groups if low not in found and low in searched)
        start = following
    return found


@lru_cache(maxsize=16)
def _needles_by_case(needles: frozenset[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The needles grouped by their lower-cased form: a needle can be in a text only if its lower-cased
    form is in the lower-cased text (lower() maps each character on its own; no needle holds the one
    letter, capital sigma, whose lower case depends on its neighbours)."""
    groups: dict[str, list[str]] = {}
    for needle in sorted(needles):
        groups.setdefault(needle.lower(), []).append(needle)
    return tuple((low, tuple(spellings)) for low, spellings in groups.items())


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


def _bounded(window: str, needles: Sequence[str], folding: bool = False) -> tuple[str, set[int]]:
    """The window with every line longer than MATCH_LINE_CHARS cut to MATCH_LINE_CHARS around its
    first needle (or its start), and the indices of the lines that were cut."""
    if len(window) <= MATCH_LINE_CHARS or max(map(len, window.split("\n"))) <= MATCH_LINE_CHARS:
        return window, set()
    lines = window.split("\n")
    clipped: set[int] = set()
    for index, line in enumerate(lines):
        if len(line) <= MATCH_LINE_CHARS:
            continue
        searched = folded(line) if folding else line
        at = min((p for p in (searched.find(n) for n in needles) if p >= 0), default=0)
        begin = max(0, min(at - MATCH_LINE_CHARS // 2, len(line) - MATCH_LINE_CHARS))
        lines[index] = line[begin:begin + MATCH_LINE_CHARS]
        clipped.add(index)
    return "\n".join(lines), clipped


def _shown(text: str, limit: int = 300) -> str:
    truncated = text.endswith(TRUNCATED)
    if truncated:
        text = text[:-len(TRUNCATED)]
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return text + TRUNCATED if truncated else text
