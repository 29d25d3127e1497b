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

Chinese prose has no spaces: a line may break between any two Chinese
characters (never before closing punctuation such as "，" or "）"), and
widths are counted in terminal columns, a Chinese character taking two.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

PROGRAMS = (
    "apt", "apt-get", "apt-mark", "brew", "conda", "docker", "export", "git", "kubectl", "mamba", "micromamba",
    "modprobe", "nvidia-ctk", "nvidia-smi", "nvcc", "pip", "pip3", "pipx", "python", "python3", "rmmod", "srun",
    "sudo", "systemctl", "torchrun", "ubuntu-drivers", "unset", "uv", "yolo", "yolodoctor", "dmesg", "ldconfig",
    "huggingface-cli", "hf", "set", "setx", "wsl",
)
_PROGRAM = r"(?:(?:[~.]?/[\w.+-]+)*/)?(?:%s)(?:\d+(?:\.\d+)?)?(?:\.exe)?" % "|".join(
    re.escape(p) for p in sorted(PROGRAMS, key=len, reverse=True))
# Where a command may begin: start of text, or after "(", "`", ": ", "; ".
# A command may set variables first: FLASH_ATTENTION_FORCE_BUILD=TRUE MAX_JOBS=4 python -m pip ...
_ASSIGNMENTS = r"(?:[A-Z_][A-Z0-9_]*=\S*\s+)*"
# Chinese prose: also after full-width "（", "：", "；", "，", "、" or a Chinese character and a space.
_COMMAND_START = re.compile(r"(?:^|(?<=[(`（：；，、])|(?<=: )|(?<=; )|(?<=e\.g\. )|(?<=[\u4e00-\u9fff] ))(?=%s%s(?:\s|$))"
                            % (_ASSIGNMENTS, _PROGRAM))
_URL = re.compile(r"https?://[^\s<>\"'`)]+")
_SENTENCE_END = re.compile(r"[.,;:](?:\s|$)")
# Words that end a command and go back to prose ("nvidia-smi hangs or NVML fails",
# "docker run without --gpus all, or ..."): no command in a fix text uses them bare.
# A Chinese character or full-width punctuation ends a command: commands are ASCII.
_WIDE_STOP = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# Punctuation a line never starts with (it stays on the line before) and never ends with.
_CLOSING = set("，。、；：！？）》」』】〉”’")
_OPENING = set("（《「『【〈“‘")
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
        elif ch == "`" or _WIDE_STOP.match(ch):
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


def display_width(text: str) -> int:
    """Terminal columns `text` takes: two for a wide (Chinese, full-width) character."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wide(ch: str) -> bool:
    return not ch.isascii() and unicodedata.east_asian_width(ch) in "WF"


def join_lines(text: str) -> str:
    """Runs of whitespace as one space, except a line break between two wide characters,
    which disappears (Chinese prose wrapped in a source file has no space there)."""
    text = re.sub(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]*\n\s*(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])",
                  "", text)
    return " ".join(text.split())


def _units(text: str) -> Iterator[str]:
    """Words, with every command or URL (and the punctuation glued to it) as one unit."""
    for unit, _, _ in _marked_units(text):
        yield unit


def _words(text: str, offset: int, end: int) -> Iterator[tuple[str, bool, bool]]:
    for match in re.finditer(r"\S+", text[offset:end]):
        at = offset + match.start()
        yield match.group(), False, at == 0 or text[at - 1].isspace()


def _marked_units(text: str) -> Iterator[tuple[str, bool, bool]]:
    """(unit, is_command, space_before): words, and every command or URL with the
    punctuation glued to it; space_before is False where the unit touches the one before
    (Chinese prose around a command)."""
    pos = 0
    for start, end in spans(text):
        # Glue an opening "(" or "`" to the command, and what follows it up to the next space
        # (up to a Chinese character, but with the full-width punctuation right after it).
        head = start
        while head > pos and not text[head - 1].isspace() and not _wide(text[head - 1]):
            head -= 1
        if head > pos and text[head - 1] in _OPENING:
            head -= 1  # "（sudo ..." : the bracket never ends a line alone
        tail = end
        while tail < len(text) and not text[tail].isspace() and not _wide(text[tail]):
            tail += 1
        while tail < len(text) and text[tail] in _CLOSING:
            tail += 1
        yield from _words(text, pos, head)
        yield text[head:tail], True, head == 0 or text[head - 1].isspace()
        pos = tail
    yield from _words(text, pos, len(text))


def _pieces(word: str) -> list[str]:
    """A word cut where a line may break inside it: around every wide character, closing
    punctuation kept with what precedes it and opening punctuation with what follows."""
    if word.isascii():
        return [word]
    pieces: list[str] = []
    glue_next = False
    for ch in word:
        wide = _wide(ch)
        if pieces and (glue_next or ch in _CLOSING or (not wide and not _wide(pieces[-1][-1]))):
            pieces[-1] += ch
        else:
            pieces.append(ch)
        glue_next = ch in _OPENING
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns, except that a command or URL is never
    split: one that does not fit where it would go starts its own line, whole."""
    lines: list[str] = []
    line = ""
    for unit, command, spaced in _marked_units(join_lines(text)):
        for i, piece in enumerate([unit] if command else _pieces(unit)):
            joint = " " if i == 0 and spaced else ""
            if not line:
                line = piece
            elif display_width(line) + len(joint) + display_width(piece) <= width:
                line += joint + piece
            else:
                lines.append(line)
                line = piece
    if line:
        lines.append(line)
    return lines
