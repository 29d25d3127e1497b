"""Finding what is where in a mixed paste.

One combined regular expression over a region's text finds the lines where
a block may start and the lines a line parser may want, so the cost per line
is paid in C; Python only looks at the candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from .lines import line_starts, needle_lines
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
def _compiled() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    starts = tuple(re.compile(p.start) for p in BLOCK_PARSERS)
    patterns = tuple(re.compile(p.pattern, re.MULTILINE) for p in LINE_PARSERS)
    return starts, patterns


def split(first_line: int, lines: Sequence[str]) -> Layout:
    layout = Layout(first_line, lines)
    if not lines:
        return layout
    starts, patterns = _compiled()
    text = "\n".join(lines)
    offsets = line_starts(text)
    candidates: dict[int, list[int]] = {}  # line index -> block parsers that may start there
    for number, parser in enumerate(BLOCK_PARSERS):
        for index in needle_lines(text, offsets, parser.needles):
            for start in range(max(0, index - parser.lookback), index + 1):
                candidates.setdefault(start, []).append(number)
    claimed = [False] * len(lines)
    position = 0
    for index in sorted(candidates):
        if index < position:
            continue
        for number in sorted(set(candidates[index])):
            parser = BLOCK_PARSERS[number]
            if not starts[number].match(lines[index]):
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
    hits: list[tuple[int, int]] = []
    for number, parser in enumerate(LINE_PARSERS):
        for index in needle_lines(text, offsets, parser.needles):
            if not claimed[index] and not owned[index] and patterns[number].search(lines[index]):
                hits.append((index, number))
    layout.line_hits = [(LINE_PARSERS[number], index) for index, number in sorted(hits)]
    return layout


def block_parser(kind: str) -> BlockParser:
    return next(p for p in BLOCK_PARSERS if p.kind == kind)
