"""Reading a message the way a person retyped it.

Signatures are written from messages as tools print them. People paste them
lower-cased, with runs of spaces, wrapped by a terminal or a chat window, with
curly quotes from a web page, or with a Chinese input method's full-width
punctuation. The scanner gives a signature that found nothing in the paste as
printed a second reading: the text made plain (`plain_text`), the needles
searched without regard to case across line breaks (`folded`), and the
signature's pattern made tolerant (`tolerant_pattern`): any case, and any short
run of whitespace, line breaks included, where it asks for one space. A line
that still matches nothing may be the message cut short (`cut_short`). A system
message a Chinese-locale machine printed is read as its English original
(locale_messages.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .locale_messages import english_system_messages

# Punctuation that copying from web pages, word processors and Chinese input methods puts in place of
# the ASCII a tool printed. Each maps to text without a newline, so the line count never changes.
_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\uff1a": ": ", "\uff08": "(", "\uff09": ")", "\uff0c": ", ", "\uff0e": ".",
    "\uff3b": "[", "\uff3d": "]", "\uff1d": "=", "\u3000": " ", "\u00a0": " ",
})
_TYPOGRAPHIC = re.compile("[" + "".join(chr(c) for c in _PLAIN) + "]")
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_QUANTIFIERS = "?*+{"
_SAME_LINE_SPACE = "[ \\t]"
# The second reading is for what people paste by hand: a longer text (a training log) was printed, not
# retyped, and is read as printed only.
RETYPED_MAX_CHARS = 1_000_000
# A line cut short counts where it keeps this much of the message, and at least half of it: enough words
# that no other message shares them.
MIN_CUT_CHARS = 20
NEEDLE_START_CHARS = 12
# An ellipsis followed only by closing quotes or brackets (and spaces) at the end of a line.
_QUOTED_CUT = re.compile(r"(?:\.{3}|\u2026)[ \"'\u2019\u201d)\]}\u300d\u300f>]{1,6}$")


def plain_text(text: str) -> str:
    """The text with Chinese-locale system messages in English, typographic punctuation made ASCII and
    every run of spaces or tabs one space.

    Lines keep their number and order, so a line index means the same line in both texts."""
    text = english_system_messages(text)
    if not text.isascii() and _TYPOGRAPHIC.search(text):
        text = _TYPOGRAPHIC.sub(lambda m: _PLAIN[ord(m.group(0))], text)  # only where they are: a log is long
    if "  " in text or "\t" in text:
        text = _SPACE_RUN.sub(" ", text.replace("\t", " "))
    return text.replace(" \n", "\n")  # runs are single spaces by now


def lowered(text: str) -> str:
    """The text with ASCII letters in lower case, character for character the same length."""
    if text.isascii():
        return text.lower()
    lower = text.lower()  # C speed; it may lower other scripts' letters too, which no pattern spells
    return lower if len(lower) == len(text) else text.translate(_ASCII_LOWER)


def folded(text: str) -> str:
    """The text in lower case with line breaks as spaces, character for character the same length,
    so a needle wrapped by a terminal is still found and a position is still a position in `text`."""
    return lowered(text).replace("\n", " ")


def spaced_alike(text: str) -> str:
    """Plain, lower-case, every whitespace run one space: a needle and a retyped match compare alike."""
    return " ".join(plain_text(text).translate(_ASCII_LOWER).split())


@lru_cache(maxsize=None)
def tolerant_pattern(pattern: str) -> re.Pattern:
    """The pattern for lower-cased text, with each literal space standing for a short run of whitespace
    that may include a line break. A `[ \\t]` class stays on its line (a command's arguments do not run
    on into the next line), unless it only spaces two words of a message."""
    flags = re.MULTILINE
    lower = reads_lower_case(pattern)
    try:
        return re.compile(_widen_spaces(pattern, r"\s{1,4}", lower), flags)
    except re.error:  # a look-behind must keep its width: one whitespace character per space there
        pass
    try:
        return re.compile(_widen_spaces(pattern, r"\s", lower), flags)
    except re.error:
        return re.compile(pattern, flags)


@lru_cache(maxsize=None)
def reads_lower_case(pattern: str) -> bool:
    """Whether the tolerant pattern reads the text lower-cased: not where a character class of the pattern
    tells case apart with a range of capitals (`cu[A-Z]\\w+_v2` is a driver API, `cudnn..._v7` is not);
    there only the spacing is made tolerant."""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            end = index + 1
            members: list[str] = []
            while end < len(pattern) and (pattern[end] != "]" or end == index + 1):
                if pattern[end] == "\\":
                    end += 2
                    continue
                members.append(pattern[end])
                end += 1
            text = "".join(members)
            upper_range = re.search(r"[A-Z]-[A-Z]", text)
            if upper_range and not re.search(r"[a-z]", text):
                return False  # a range of capitals: the case is what the class tests (a set like [MG]iB is not)
            index = end + 1
            continue
        index += 1
    return True


def _widen_spaces(pattern: str, run: str, lower: bool = True) -> str:
    """The pattern in lower case (it is matched against lower-cased text: faster than IGNORECASE, which
    doubles the cost of some patterns), its spaces widened."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index:index + 2])  # \S, \W, \D keep their case
            index += 2
            continue
        if pattern.startswith(("(?P<", "(?P="), index):  # a group's name keeps its case
            end = pattern.find(">" if pattern[index + 3] == "<" else ")", index)
            out.append(pattern[index:end + 1])
            index = end + 1
            continue
        if lower:
            char = char.translate(_ASCII_LOWER)
        if in_class:
            in_class = char != "]"
        elif pattern.startswith(_SAME_LINE_SPACE, index) and _between_words(pattern, index, out):
            out.append(r"\s")  # its quantifier follows as written
            index += len(_SAME_LINE_SPACE)
            continue
        elif char == "[":
            in_class = True
            # A "]" right after "[" or "[^" is a member of the class, not its end.
            following = pattern[index + 1:index + 3]
            if following.startswith("]") or following.startswith("^]"):
                out.append(pattern[index:index + 1 + following.index("]") + 1])
                index += 1 + following.index("]") + 1
                continue
        elif char == " ":
            quantified = index + 1 < len(pattern) and pattern[index + 1] in _QUANTIFIERS
            out.append(r"\s" if quantified else run)
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _between_words(pattern: str, index: int, out: list[str]) -> bool:
    """Whether the `[ \\t]` class at `index` stands between two literal words ("torch[ \\t]{1,4}not"):
    there it only spaces the words of a message, which a wrap may break like any other space."""
    before = out[-1] if out else ""
    after = pattern[index + len(_SAME_LINE_SPACE):]
    quantifier = re.match(r"\{\d{1,2}(?:,\d{0,2})?\}|[?*+]", after)
    after = after[quantifier.end():] if quantifier else after
    return len(before) == 1 and before.isalpha() and after[:1].isalpha()


def needle_start(needle: str) -> str:
    """The needle's first words, at least NEEDLE_START_CHARS of it: a line cut inside a long needle
    still holds them."""
    words = needle.split(" ")
    for count in range(1, len(words) + 1):
        start = " ".join(words[:count])
        if len(start) >= NEEDLE_START_CHARS:
            return start
    return needle


def cut_short(line: str, message: str, needles: tuple[str, ...]) -> bool:
    """Whether `line` ends inside `message` (both compared spaced alike): it holds a needle, what
    follows the needle is the start of the message's rest, and enough of the message lies on it.

    The part before the needle may be cut off too ("not compiled with" for "AssertionError: Torch not
    compiled with CUDA enabled"). The cut falls between two words unless the line ends in "..." or
    "…": "found for torch" is pip's whole message about torch, not its message about
    torch==1.7.1+cu110, and a line that ends at the message's own full stop or bracket is whole."""
    spaced = spaced_alike(line)
    # A message quoted and cut inside its quotes: 'fails with "no kernel image is available..."' or
    # (...cut...): the closing quote or bracket after the ellipsis is the writer's, not the message's.
    quoted = _QUOTED_CUT.search(spaced)
    if quoted:
        spaced = spaced[:quoted.start()] + "..."
    line = spaced.rstrip(" .\u2026")
    stripped = spaced[len(line):]
    marked = "..." in stripped or "\u2026" in stripped  # the writer says the line goes on (a full stop does not)
    for needle in needles:
        in_message, in_line = message.find(needle), line.rfind(needle)
        if in_message < 0 or in_line < 0:
            continue
        tail, rest = line[in_line:], message[in_message:]
        if len(tail) >= len(rest) or not rest.startswith(tail):
            continue
        lost = rest[len(tail):]
        if marked and lost.lstrip().startswith(("...", "\u2026")):
            continue  # the message's own "...", not a mark of the cut
        if not marked and not (lost[:1] == " " and tail[-1:].isalnum() and lost[1:2].isalnum()):
            continue  # not cut between two words: a whole message, or one naming another argument
        head = _common_suffix(line[:in_line], message[:in_message])
        if head < in_message and line[:in_line - head][-1:].isalnum():
            continue  # the message's start is not cut off but replaced: "torchvision not compiled with"
        if head + len(tail) >= max(MIN_CUT_CHARS, len(message) // 2):
            return True
    return False


def _common_suffix(first: str, second: str) -> int:
    count = 0
    for a, b in zip(reversed(first), reversed(second)):
        if a != b:
            break
        count += 1
    return count
