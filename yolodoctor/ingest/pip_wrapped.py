"""pip's "no matching version" message wrapped over several lines, read as the one line pip printed.

A terminal or a text box wraps pip's long `Could not find a version that satisfies the requirement x==1.1.0 (from
versions: 0.1, ..., 1.1.2)`: the pin, or the list of versions offered, then sits on the next lines, where nothing
reads it. The wrapped continuation is joined back for pip_offer: at most a few lines, and only while the message is
visibly unfinished (nothing after "the requirement", or a "(from" without its closing parenthesis); a blank line or
pip's next message ends it. Linear: str.find on a bounded number of lines.
"""

from __future__ import annotations

from typing import Sequence

_REQUIREMENT = "satisfies the requirement"
_MAX_CONTINUATION = 4  # lines joined at most
_MAX_CHARS = 4000
# Lines that begin another message rather than continue this one.
_NEXT_MESSAGE = ("error", "warning", "no matching distribution", "collecting", "requirement already", "note:",
                 "could not find", "$", ">", "#")


def _unfinished(text: str) -> bool:
    low = text.lower()
    at = low.rfind(_REQUIREMENT)
    if at < 0:
        return False
    rest = low[at + len(_REQUIREMENT):]
    if not rest.strip():
        return True  # the pin itself is on the next line
    opened = rest.find("(from")
    return opened >= 0 and rest.find(")", opened) < 0


def joined(lines: Sequence[tuple[int, str]], index: int) -> str:
    """lines[index]'s text, with the lines it wraps onto appended (one space between) while pip's message is
    unfinished; the text unchanged when it is finished or the next line starts something else."""
    text = lines[index][1]
    for offset in range(1, _MAX_CONTINUATION + 1):
        if not _unfinished(text) or index + offset >= len(lines) or len(text) >= _MAX_CHARS:
            break
        following = lines[index + offset][1].strip()
        if not following or following.lower().startswith(_NEXT_MESSAGE):
            break
        text = text.rstrip() + " " + following
    return text[:_MAX_CHARS]
