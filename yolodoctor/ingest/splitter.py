"""Finding what is where in a mixed paste.

One combined regular expression over a region's text finds the lines where
a block may start and the lines a line parser may want, so the cost per line
is paid in C; Python only looks at the candidates.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from .model import Segment
from .parsers import BLOCK_PARSERS, LINE_PARSERS, BlockParser, LineParser


@dataclass
class Layout:
    """One region, split: its blocks, and the lines outside them that line parsers want."""

    first_line: int
    lines: Sequence[str]
    segments: list[Segment] = field(default_factory=list)
    owned: list[tuple[int, int]] = field(default_factory=list)  # [start, end) indices no one else reads
    line_hits: list[tuple[LineParser, int]] = field(default_factory=list)  # (parser, index)

    def unowned_chunks(self) -> list[tuple[int, Sequence[str]]]:
        """(first line number, lines) of the parts not owned by a block."""
        chunks, position = [], 0
        for start, end in self.owned:
            if start > position:
                chunks.append((self.first_line + position, self.lines[position:start]))
            position = end
        if position < len(self.lines):
            chunks.append((self.first_line + position, self.lines[position:]))
        return chunks


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern, tuple[re.Pattern, ...], re.Pattern, tuple[re.Pattern, ...]]:
    starts = tuple(re.compile(p.start) for p in BLOCK_PARSERS)
    any_start = re.compile("|".join(f"^(?:{p.start})" for p in BLOCK_PARSERS), re.MULTILINE)
    patterns = tuple(re.compile(p.pattern, re.MULTILINE) for p in LINE_PARSERS)
    any_line = re.compile("|".join(f"(?:{p.pattern})" for p in LINE_PARSERS), re.MULTILINE)
    return any_start, starts, any_line, patterns


def split(first_line: int, lines: Sequence[str]) -> Layout:
    layout = Layout(first_line, lines)
    if not lines:
        return layout
    any_start, starts, any_line, patterns = _compiled()
    text = "\n".join(lines)
    offsets = _line_offsets(text)
    claimed = [False] * len(lines)
    position = 0
    for index in _candidate_lines(any_start, text, offsets):
        if index < position:
            continue
        for parser, start in zip(BLOCK_PARSERS, starts):
            if not start.match(lines[index]):
                continue
            end = min(parser.extent(lines, index), len(lines))
            if end > index:
                layout.segments.append(Segment(parser.kind, first_line + index, tuple(lines[index:end])))
                if parser.owns_lines:
                    layout.owned.append((index, end))
                for claimed_index in range(index, end):
                    claimed[claimed_index] = True
                position = end
                break
    owned = [False] * len(lines)
    for start, end in layout.owned:
        for owned_index in range(start, end):
            owned[owned_index] = True
    for index in _candidate_lines(any_line, text, offsets):
        if claimed[index] or owned[index]:
            continue
        for parser, pattern in zip(LINE_PARSERS, patterns):
            if pattern.search(lines[index]):
                layout.line_hits.append((parser, index))
    return layout


def block_parser(kind: str) -> BlockParser:
    return next(p for p in BLOCK_PARSERS if p.kind == kind)


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    position = text.find("\n")
    while position >= 0:
        offsets.append(position + 1)
        position = text.find("\n", position + 1)
    return offsets


def _candidate_lines(pattern: re.Pattern, text: str, offsets: list[int]) -> list[int]:
    """Indices of the lines a match touches (a leading \\s* may start on an empty line above)."""
    found: set[int] = set()
    for match in pattern.finditer(text):
        first = bisect_right(offsets, match.start()) - 1
        last = bisect_right(offsets, max(match.end() - 1, match.start())) - 1
        found.update(range(first, last + 1))
    return sorted(found)
