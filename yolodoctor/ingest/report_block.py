"""yolodoctor's own output read back: the facts block of `yolodoctor report`
(markdown), or a facts / check JSON document pasted as it is.

These carry the complete Facts of the machine they came from, so they are
taken whole and outrank everything else in the paste.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..facts.model import FactsFormatError, facts_from_dict
from .model import Observation, Reading, Segment

KIND = "yolodoctor_report"
LABEL = "yolodoctor report"
MARKER = "yolodoctor-report"
NEEDLES = (MARKER,)
START = r"\s*<!--\s*yolodoctor-report\b"
_END = re.compile(r"\s*<!--\s*/yolodoctor-report\s*-->")
MAX_LINES = 400000

JSON_KIND = "yolodoctor_json"
JSON_LABEL = "yolodoctor facts JSON"
JSON_NEEDLES = ('"schema": "yolodoctor.',)  # on one of the lines after the "{"
JSON_START = r"\s*\{\s*$"
_SCHEMA = re.compile(r"\s*\"schema\":\s*\"yolodoctor\.(?:facts|check)/")


def extent(lines: Sequence[str], start: int) -> int:
    end = start + 1
    while end < len(lines) and end - start < MAX_LINES:
        if _END.match(lines[end]):
            return end + 1
        end += 1
    return end


def parse(segment: Segment) -> Reading:
    reading = Reading()
    inside, body, first = False, [], 0
    for offset, line in enumerate(segment.lines):
        if not inside and line.strip().startswith("```json"):
            inside, first = True, segment.first_line + offset + 1
            continue
        if inside and line.strip().startswith("```"):
            break
        if inside:
            body.append(line)
    _load(reading, "\n".join(body), first or segment.first_line)
    return reading


def json_extent(lines: Sequence[str], start: int) -> int:
    if not any(_SCHEMA.match(line) for line in lines[start + 1:start + 4]):
        return start
    end = start + 1
    while end < len(lines) and end - start < MAX_LINES:
        if lines[end] == "}":
            return end + 1
        end += 1
    return end


def json_parse(segment: Segment) -> Reading:
    reading = Reading()
    _load(reading, "\n".join(segment.lines), segment.first_line)
    return reading


def _load(reading: Reading, text: str, lineno: int) -> None:
    from ..documents import loads_json

    try:
        data = loads_json(text)  # DocumentError (NaN, depth) is a ValueError too
    except (ValueError, RecursionError) as exc:
        reading.notes.append(f"the yolodoctor facts block at line {lineno} is not valid JSON ({exc}); ignored")
        return
    if isinstance(data, dict) and isinstance(data.get("facts"), dict):
        data = data["facts"]  # a `check --format json` document carries its facts
    try:
        facts = facts_from_dict(data)
    except (FactsFormatError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        reading.notes.append(f"the yolodoctor facts block at line {lineno} cannot be read: {exc}")
        return
    reading.observations.append(Observation("*", facts, lineno, KIND))
