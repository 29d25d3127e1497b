"""The torch a program sees, said in words to differ from the torch its environment holds: "venv 中的 torch 版本是
2.4.0 ... 执行 gui.py，识别出来的却是 2.3.1 的 cpu 版本", "pip list in the venv shows torch 2.1.0+cu121, but the app
prints 2.0.1+cpu". Two versions of one package at once are two installs, and the program ran with the Python of the
other one: the environment set up for it was not the one that ran.

Read from one line that names torch, a version and the environment (or a listing of it), and a line at most three
lines on (or the same line's later clause) that names what the program sees, with a version of its own and a word that
sets the two apart ("却", "but"). A line that speaks of a change (an upgrade, a reinstall) is a before and an after,
not two installs, and is not read."""

from __future__ import annotations

from typing import Iterable, Optional

from .context_words import (CLAUSE_BREAK, CONTRAST_WORDS, HELD_TORCH_WORDS, SEEN_TORCH_WORDS, TORCH_CHANGE_WORDS,
                            TORCH_VERSION_SHAPE)

_REACH = 3  # how many lines after the environment's version the program's may come
_LINE_CHARS = 400  # a longer line is a log line, not a sentence


def torch_seen_elsewhere(lines: Iterable[tuple[int, str]]) -> Optional[tuple[int, int, str, str]]:
    """(line of the environment's torch, line of the program's, the environment's version, the program's), or None."""
    held: Optional[tuple[int, str]] = None
    for lineno, line in lines:
        head = line[:_LINE_CHARS]
        if held is not None and lineno - held[0] > _REACH:
            held = None
        # cheap first: with nothing held only a line naming torch ("torch", "Torch", "PyTorch") can start a pair
        if held is None and "orch" not in head and "ORCH" not in head:
            continue
        low = head.lower()
        if not any(ch.isdigit() for ch in low) or any(w in low for w in TORCH_CHANGE_WORDS):
            continue
        contrast = any(w in low for w in CONTRAST_WORDS)
        for clause in CLAUSE_BREAK.split(low):
            found = TORCH_VERSION_SHAPE.search(clause)
            if found is None:
                continue
            if held is not None and contrast and any(w in clause for w in SEEN_TORCH_WORDS) \
                    and _differ(held[1], found.group(1)):
                return held[0], lineno, held[1], found.group(1)
            if "torch" in clause and any(w in clause for w in HELD_TORCH_WORDS):
                held = (lineno, found.group(1))
    return None


def _differ(held: str, seen: str) -> bool:
    """Two installs: other releases, or other build tags of one release ("2.1.0" and "2.1.0+cu121" may be one)."""
    held_base, _, held_tag = held.partition("+")
    seen_base, _, seen_tag = seen.partition("+")
    if held_base != seen_base:
        return not (held_base.startswith(seen_base + ".") or seen_base.startswith(held_base + "."))
    return bool(held_tag and seen_tag and held_tag != seen_tag)
