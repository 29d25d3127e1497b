"""Where the lines of a text start, and which lines hold a literal needle: the str.find scans that the
line parsers (splitter.py) and the error scanner (errors.py) both run before any regular expression."""

from __future__ import annotations

from bisect import bisect_right
from typing import Sequence


def line_starts(text: str) -> list[int]:
    """The offset of each line's first character."""
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def needle_lines(text: str, starts: list[int], needles: Sequence[str]) -> set[int]:
    """Indices of the lines of `text` holding any of `needles` (str.find: the scan costs C time, not Python
    time). `text` may be a copy of the text the starts were taken from, if it has the same length."""
    found: set[int] = set()
    for needle in needles:
        position = text.find(needle)
        while position >= 0:
            index = bisect_right(starts, position) - 1
            found.add(index)
            following = starts[index + 1] if index + 1 < len(starts) else len(text)
            position = text.find(needle, following)  # the next line with it
    return found
