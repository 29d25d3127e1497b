"""Prose wrapped without splitting what a reader copies (stdlib only; report/copyable.py prints it).

A fix text mixes words and commands ("restart Docker (sudo systemctl restart
docker)"). Wrapping it like prose puts `sudo systemctl restart` on one line
and `docker` on the next, and a paste runs the wrong thing. Here a command or
a URL is one unbreakable unit: it stays on the line where it fits, else it
starts a line of its own, printed whole even when wider than the terminal
(the terminal folds it visually, the copy is still one line).

A command is found by how it starts: a program people run from a fix text
(python, pip, sudo, docker, ...) or a path to one, at the start of the text or
after an opening bracket, a colon, a semicolon or a backtick; it runs to the
closing bracket or backtick, to the end of the sentence, or to a word that
only prose uses ("or", "then", "the", ...). Mistaking prose for a command
costs no more than an early line break.
"""

from __future__ import annotations

import re
from typing import Iterator

PROGRAMS = (
    "apt", "apt-get", "apt-mark", "brew", "conda", "docker", "export", "git", "kubectl", "mamba", "micromamba",
    "modprobe", "nvidia-ctk", "nvidia-smi", "nvcc", "pip", "pip3", "pipx", "python", "python3", "rmmod", "srun",
    "sudo", "systemctl", "torchrun", "ubuntu-drivers", "unset", "uv", "yolo", "yolodoctor", "dmesg", "ldconfig",
    "huggingface-cli", "hf", "set", "setx",
)
_PROGRAM = r"(?:(?:[~.]?/[\w.+-]+)*/)?(?:%s)(?:\d+(?:\.\d+)?)?(?:\.exe)?" % "|".join(
    re.escape(p) for p in sorted(PROGRAMS, key=len, reverse=True))
# Where a command may begin: start of text, or after "(", "`", ": ", "; ".
# A command may set variables first: FLASH_ATTENTION_FORCE_BUILD=TRUE MAX_JOBS=4 python -m pip ...
_ASSIGNMENTS = r"(?:[A-Z_][A-Z0-9_]*=\S*\s+)*"
_COMMAND_START = re.compile(r"(?:^|(?<=[(`])|(?<=: )|(?<=; )|(?<=e\.g\. ))(?=%s%s(?:\s|$))" % (_ASSIGNMENTS, _PROGRAM))
_URL = re.compile(r"https?://[^\s<>\"'`)]+")
_SENTENCE_END = re.compile(r"[.,;:](?:\s|$)")
# Words that end a command and go back to prose ("nvidia-smi hangs or NVML fails",
# "docker run without --gpus all, or ..."): no command in a fix text uses them bare.
_PROSE_WORD = re.compile(r"\s(?:or|and|then|which|when|if|so|because|until|before|after|the|is|are|was)(?=\s|$)")


def _command_end(text: str, start: int) -> int:
    """Where the command starting at `start` ends: an unbalanced ")" or a backtick, a
    sentence end (". ", ", ", "; ", ": " outside quotes) or the end of the text."""
    depth, quote = 0, ""
    i = start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        elif ch == "`":
            break
        elif depth == 0 and (_SENTENCE_END.match(text, i) or _PROSE_WORD.match(text, i)):
            break  # "." in "torch==2.4.1" or ":" in a URL is not followed by a space
        i += 1
    return len(text[:i].rstrip()) if i > start else start


def spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every command and URL in `text`, in order, not overlapping."""
    found: list[tuple[int, int]] = []
    for match in _COMMAND_START.finditer(text):
        end = _command_end(text, match.start())
        if end > match.start():
            found.append((match.start(), end))
    for match in _URL.finditer(text):
        url_end = match.end()
        while url_end > match.start() and text[url_end - 1] in ".,;:":
            url_end -= 1
        found.append((match.start(), url_end))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _units(text: str) -> Iterator[str]:
    """Words, with every command or URL (and the punctuation glued to it) as one unit."""
    pos = 0
    for start, end in spans(text):
        # Glue an opening "(" or "`" to the command, and what follows it up to the next space.
        head = text.rfind(" ", pos, start) + 1 if start > pos and text[start - 1] != " " else start
        head = max(head, pos)
        tail = end
        while tail < len(text) and not text[tail].isspace():
            tail += 1
        yield from text[pos:head].split()
        yield text[head:tail]
        pos = tail
    yield from text[pos:].split()


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns, except that a command or URL is never
    split: one that does not fit where it would go starts its own line, whole."""
    lines: list[str] = []
    line = ""
    for unit in _units(" ".join(text.split())):
        if not line:
            line = unit
        elif len(line) + 1 + len(unit) <= width:
            line += " " + unit
        else:
            lines.append(line)
            line = unit
    if line:
        lines.append(line)
    return lines
