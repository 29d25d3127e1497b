"""Reading any input safely: bounded memory, bounded time, clean lines.

The input is read in blocks and never held whole. The first and last few
MiB are kept as lines for full parsing (environment dumps sit at the start
of a log, the fatal error at its end); blocks in between are handed to a
callback (the error-signature scan) and dropped. Every line comes out with
Windows and progress-bar carriage returns, ANSI colour codes and control
characters removed, capped in length; UTF-16 (PowerShell redirects) and
UTF-8 mis-decoded as cp1252 ("ðŸš€" for "🚀") are repaired where that is exact.
"""

from __future__ import annotations

import codecs
import re
from collections import deque
from dataclasses import dataclass, field
from typing import BinaryIO, Callable, Iterator, Optional

BLOCK_BYTES = 1 << 20
MAX_LINE_CHARS = 8192  # longer lines are cut into pieces of this size
HEAD_CHARS = 4 << 20  # parsed in full from the start of the input ...
TAIL_CHARS = 4 << 20  # ... and from its end; the middle is only scanned for error messages
MAX_INPUT_BYTES = 1 << 30  # reading stops here: `yes | yolodoctor check --from -` must end too

_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor movement
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A UTF-8 lead byte read as cp1252/latin-1 followed by a continuation byte read the same way.
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                       "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


@dataclass(frozen=True)
class Region:
    """Consecutive lines kept for full parsing."""

    first_line: int  # 1-based
    lines: tuple[str, ...]


@dataclass
class Document:
    regions: list[Region] = field(default_factory=list)
    total_lines: int = 0
    bytes_read: int = 0
    skipped: Optional[tuple[int, int, int]] = None  # (first line, last line, chars) only scanned
    notes: list[str] = field(default_factory=list)
    binary: bool = False  # the start of the input is not text (NUL bytes, mostly non-text): not a report

    def lines(self) -> Iterator[tuple[int, str]]:
        for region in self.regions:
            for offset, line in enumerate(region.lines):
                yield region.first_line + offset, line


# Called with (first line number, text of whole lines) for each block that is not kept.
SkippedBlock = Callable[[int, str], None]


def read_text(text: str, on_skipped: Optional[SkippedBlock] = None, head_chars: int = HEAD_CHARS,
              tail_chars: int = TAIL_CHARS) -> Document:
    """A document from text already in memory (tests, stdin already read)."""
    def blocks() -> Iterator[str]:
        for start in range(0, len(text), BLOCK_BYTES):
            yield text[start:start + BLOCK_BYTES]
    return _assemble(blocks(), len(text.encode("utf-8", "surrogatepass")), [], on_skipped, head_chars, tail_chars)


def read_stream(stream: BinaryIO, on_skipped: Optional[SkippedBlock] = None, head_chars: int = HEAD_CHARS,
                tail_chars: int = TAIL_CHARS) -> Document:
    """A document from a binary stream (a file, stdin), read block by block."""
    notes: list[str] = []
    counter = [0]
    binary = [False]

    def blocks() -> Iterator[str]:
        first = stream.read(BLOCK_BYTES) or b""
        counter[0] += len(first)
        encoding, skip = _sniff_encoding(first)
        if encoding != "utf-8":
            notes.append(f"the input is {encoding.upper()}-encoded")
        elif looks_binary(first):
            binary[0] = True
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        data = first[skip:]
        while data:
            yield decoder.decode(data)
            if counter[0] >= MAX_INPUT_BYTES:
                notes.append(f"the input was read up to {MAX_INPUT_BYTES >> 20} MiB; the rest was not read")
                break
            data = stream.read(BLOCK_BYTES) or b""
            counter[0] += len(data)
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    doc = _assemble(blocks(), 0, notes, on_skipped, head_chars, tail_chars)
    doc.bytes_read = counter[0]
    doc.binary = binary[0]
    return doc


BINARY_SAMPLE = 64 << 10
NON_TEXT_SHARE = 0.10  # text with a few stray bytes is still text; an ELF, a wheel or an image is not


def looks_binary(head: bytes) -> bool:
    """NUL bytes, or more than NON_TEXT_SHARE of the sample undecodable or control characters."""
    sample = head[:BINARY_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    text = sample.decode("utf-8", "replace")
    odd = text.count("\ufffd") + len(_CONTROL.findall(text)) - text.count("\x1b")
    return odd > NON_TEXT_SHARE * len(text)


def _sniff_encoding(head: bytes) -> tuple[str, int]:
    """(codec, bytes of BOM to skip). Windows PowerShell `>` writes UTF-16 LE with a BOM."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    sample = head[:4096]
    if len(sample) >= 16:  # UTF-16 without BOM: ASCII text with every other byte NUL
        even_nul = sample[1::2].count(0) / (len(sample) // 2)
        odd_nul = sample[0::2].count(0) / (len(sample) // 2)
        if even_nul > 0.9 and odd_nul < 0.1:
            return "utf-16-le", 0
        if odd_nul > 0.9 and even_nul < 0.1:
            return "utf-16-be", 0
    return "utf-8", 0


def _assemble(blocks: Iterator[str], size: int, notes: list[str], on_skipped: Optional[SkippedBlock],
              head_chars: int, tail_chars: int) -> Document:
    doc = Document(bytes_read=size, notes=notes)
    head: list[str] = []
    head_size = 0
    head_full = False
    tail: deque[list[str]] = deque()  # blocks of lines
    tail_size = 0
    next_line = 1
    tail_first_line = 1
    skipped_first = skipped_last = skipped_chars = 0
    stats = {"ansi": 0, "mojibake": 0, "cut": 0}
    for lines in _line_blocks(blocks, stats):
        size_of = _size(lines)
        if not head_full:
            room = head_chars - head_size
            if size_of <= room:
                head.extend(lines)
                head_size += size_of
                next_line += len(lines)
                tail_first_line = next_line
                continue
            take = 0
            while take < len(lines) and room - (len(lines[take]) + 1) >= 0:
                room -= len(lines[take]) + 1
                take += 1
            head.extend(lines[:take])
            head_size = head_chars - room
            next_line += take
            tail_first_line = next_line
            lines = lines[take:]
            size_of = _size(lines)
            head_full = True
            if not lines:
                continue
        tail.append(lines)
        tail_size += size_of
        next_line += len(lines)
        while len(tail) > 1 and tail_size - _size(tail[0]) >= tail_chars:
            dropped = tail.popleft()
            dropped_size = _size(dropped)
            tail_size -= dropped_size
            if skipped_chars == 0:
                skipped_first = tail_first_line
            skipped_last = tail_first_line + len(dropped) - 1
            skipped_chars += dropped_size
            if on_skipped is not None:
                on_skipped(tail_first_line, "\n".join(dropped))
            tail_first_line += len(dropped)
    doc.total_lines = next_line - 1
    doc.regions.append(Region(1, tuple(head)))
    tail_lines = tuple(line for block in tail for line in block)
    if tail_lines:
        doc.regions.append(Region(tail_first_line, tail_lines))
    if skipped_chars:
        doc.skipped = (skipped_first, skipped_last, skipped_chars)
    if stats["ansi"]:
        doc.notes.append("ANSI colour codes were removed")
    if stats["mojibake"]:
        doc.notes.append(f"{stats['mojibake']} line(s) of UTF-8 shown as cp1252 were repaired")
    if stats["cut"]:
        doc.notes.append(f"{stats['cut']} overlong line(s) were cut at {MAX_LINE_CHARS} characters")
    return doc


def _size(lines: list[str]) -> int:
    return sum(map(len, lines)) + len(lines)


def _line_blocks(blocks: Iterator[str], stats: dict[str, int]) -> Iterator[list[str]]:
    """Whole, clean lines, block by block. A partial last line waits for the next block."""
    carry = ""
    for text in blocks:
        text = carry + text
        cut = max(text.rfind("\n"), text.rfind("\r"))
        if cut == len(text) - 1 and text.endswith("\r"):
            cut = text.rfind("\n", 0, cut)  # "\r" may be the first half of "\r\n"
        if cut < 0:
            if len(text) <= MAX_LINE_CHARS:
                carry = text
                continue
            cut = len(text) - 1  # no newline in sight: emit what we have as (cut) lines
        carry = text[cut + 1:]
        yield _clean_lines(text[:cut + 1], stats)
    if carry:
        yield _clean_lines(carry, stats)


def _clean_lines(text: str, stats: dict[str, int]) -> list[str]:
    # Whole-block operations first (C speed); per-line work only where a block needs it.
    if "\x1b" in text or "\x9b" in text:
        cleaned = _ANSI.sub("", text)
        if cleaned != text:
            stats["ansi"] += 1
        text = cleaned
    ends_with_newline = text.endswith(("\n", "\r"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if ends_with_newline:
        lines.pop()  # the empty string after the final newline is not a line
    if not text.isascii() and _MOJIBAKE.search(text):
        for index, line in enumerate(lines):
            if _MOJIBAKE.search(line):
                repaired = _repair_mojibake(line)
                if repaired != line:
                    stats["mojibake"] += 1
                    lines[index] = repaired
    if _CONTROL.search(text):
        lines = [_CONTROL.sub("", line) for line in lines]
    lines = [line.rstrip() for line in lines]
    if lines and max(map(len, lines)) > MAX_LINE_CHARS:
        out = []
        for line in lines:
            while len(line) > MAX_LINE_CHARS:
                stats["cut"] += 1
                out.append(line[:MAX_LINE_CHARS])
                line = line[MAX_LINE_CHARS:]
            out.append(line)
        lines = out
    return lines


def _repair_mojibake(line: str) -> str:
    """UTF-8 bytes that were decoded as cp1252 (or latin-1): undo it exactly, or leave the line."""
    data = bytearray()
    for ch in line:
        code = ord(ch)
        if code < 0x100:
            data.append(code)
            continue
        try:
            data.extend(ch.encode("cp1252"))
        except UnicodeEncodeError:
            return line  # a character no single-byte misreading produces: not mojibake
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return line
