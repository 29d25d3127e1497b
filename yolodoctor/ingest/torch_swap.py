"""A CUDA build of torch taken out and a torch without a local version tag put in its place: another package's
requirements, an update script or a solver replaced "+cuXXX" with PyPI's plain version. On Windows PyPI's torch is
the CPU-only build (compat/platforms.toml: PyPI's Windows files carry no CUDA), so the swap is what left the machine
without CUDA; on Linux x86_64 PyPI's torch is a CUDA build, and the swap says nothing of the GPU.

The swap is read however the paste tells it:
- pip: "Found existing installation: torch 2.1.0+cu121" / "Successfully uninstalled torch-2.1.0+cu121", then
  "Successfully installed ... torch-2.3.0 ...";
- uv: " - torch==2.7.1+cu128", then " + torch==2.8.0";
- words: "it uninstalls torch-2.11.0+cu128 and replaces it with torch-2.12.0", "torch 2.10.0+cu130 -> 2.9.1",
  "downgraded torch from 2.5.1+cu124 to 2.4.0".

Windows is known from the facts (a C:\\ path, "Windows 11"), a Windows wheel (win_amd64), Python's "on win32", a
drive-letter path or the word in the paste (not WSL, which is Linux)."""

from __future__ import annotations

import re
from typing import Iterable, Optional

_VERSION = r"\d{1,2}\.\d{1,3}(?:\.\d{1,3})?"
# a torch version with a CUDA tag, where the paste takes it out: an uninstall, uv's "-" line, or "from" / before an
# arrow (the arrow's other side is read as the new version at once)
_REMOVED = re.compile(
    r"(?i:uninstall\w{0,4}|found existing installation:?|removing|^\s{0,8}-|from)[^\n]{0,80}?"
    r"(?<![\w-])torch[-=\s]{1,3}=?(?P<old>" + _VERSION + r"\+cu(?:da)?\d{2,3})(?![\w.])"
    r"|(?<![\w-])torch[-=\s]{1,3}=?(?P<arrow_old>" + _VERSION + r"\+cu(?:da)?\d{2,3})\s{0,3}(?:->|-->|=>|→|⇒)\s{0,3}"
    r"(?:(?i:py)?torch[-=\s]{1,3}=?)?(?P<arrow_new>" + _VERSION + r")(?![+\w.])"
    r"|(?<![\w-])torch\b[^\n]{0,20}?\b(?i:from)\s{1,3}(?P<from_old>" + _VERSION + r"\+cu(?:da)?\d{2,3})\s{1,3}(?i:to)"
    r"\s{1,3}(?P<from_new>" + _VERSION + r")(?![+\w.])")
# an untagged torch put in: pip's "Successfully installed", uv's "+" line, or words that install, replace or take to it
_ADDED = re.compile(
    r"(?i:successfully installed|^\s{0,8}\+|\binstall\w{0,4}|replac\w{0,4}[^\n]{0,30}?with|\bto\b)[^\n]{0,200}?"
    r"(?<![\w-])torch[-=\s]{1,3}=?(?P<new>" + _VERSION + r")(?![+\w.])")
# an install that names a CUDA build in other words (the PyTorch CUDA index, conda's CUDA packages) is not PyPI's torch
_CUDA_INSTALL = re.compile(r"download\.pytorch\.org/whl/(?:nightly/)?cu|pytorch-cuda|cudatoolkit|\+cu\d")
# a Windows wheel, Python's own banner on Windows ("[MSC v.1928 64 bit (AMD64)] on win32"), a drive-letter path, a
# PowerShell or cmd prompt on a drive ("PS C:\Github\app> pip install ...", "(venv) D:\work>python -m pip ..."), or the
# word
_WINDOWS = re.compile(r"win_amd64|\bon win32\b|(?<![\w/])[A-Za-z]:\\(?:[Uu]sers|[Pp]rogram|[Pp]ython|ProgramData)|"
                      r"^\s{0,4}(?:\([\w.\-]{1,40}\)\s{1,2})?(?:PS\s{1,2})?[A-Za-z]:\\[^\n<>|\"*?]{0,200}>\s{0,2}\S|"
                      r"\b(?i:windows)\b")
_WSL = re.compile(r"\bWSL\d?\b|(?i:subsystem for linux)")
_REACH = 60  # lines between the CUDA build taken out and the untagged one put in
_LINE_CHARS = 600


def untagged_after_cuda(lines: Iterable[tuple[int, str]]) -> Optional[tuple[int, int, str, str]]:
    """(line of the CUDA build taken out, line of the untagged torch put in, the one version, the other), or None."""
    removed: Optional[tuple[int, str]] = None
    for lineno, line in lines:
        head = line[:_LINE_CHARS]
        if removed is not None and lineno - removed[0] > _REACH:
            removed = None
        if "orch" not in head:
            continue
        taken = _REMOVED.search(head)
        if taken is not None:
            for old, new in (("arrow_old", "arrow_new"), ("from_old", "from_new")):
                if taken.group(old):
                    return lineno, lineno, taken.group(old), taken.group(new)
            removed = (lineno, taken.group("old"))
            rest = head[taken.end():]  # the same sentence may go on to what replaced it
            put = _ADDED.search(rest)
            if put is not None and not _CUDA_INSTALL.search(rest):
                return lineno, lineno, removed[1], put.group("new")
            continue
        if removed is not None:
            put = _ADDED.search(head)
            if put is not None and not _CUDA_INSTALL.search(head):
                return removed[0], lineno, removed[1], put.group("new")
    return None


def windows_named(lines: Iterable[tuple[int, str]]) -> Optional[int]:
    """The first line naming Windows (a win_amd64 wheel, the word), where no line names WSL; else None. A line
    without the literal a pattern needs first is passed over without a regex scan (a long log's lines are many)."""
    first: Optional[int] = None
    for lineno, line in lines:
        low = line.lower()
        if ("WSL" in line or "subsystem for linux" in low) and _WSL.search(line):
            return None
        if first is None and ("windows" in low or "win_amd64" in line or "on win32" in line or ":\\" in line) \
                and _WINDOWS.search(line):
            first = lineno
    return first
