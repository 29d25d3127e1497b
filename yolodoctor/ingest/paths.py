"""What file paths in tracebacks and warnings prove: the OS (C:\\...\\site-packages
is Windows), the Python minor version (lib/python3.10/site-packages), a conda env.

These are weak readings (a path shows where a file lives, nothing more), so
they have the lowest precedence: any direct statement of the same fact wins.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from .model import Observation, Reading

KIND = "paths"
LABEL = "file paths"
NEEDLES = ("site-packages", "Site-packages", "dist-packages", ":\\")
LINE_PATTERN = r"[Ss]ite-packages|dist-packages|[A-Za-z]:\\"

_POSIX_SITE = re.compile(r"/lib(?:64)?/python(?P<version>\d\.\d{1,2})t?/(?:site|dist)-packages\b")
_WINDOWS_SITE = re.compile(r"(?i)(?<![\w])[a-z]:\\(?:[^\\\n\"']+\\)*?(?:lib\\)?site-packages\b")
_WINDOWS_PYTHON_DIR = re.compile(r"(?i)\\python(?P<major>3)(?P<minor>\d{1,2})\\lib\\site-packages\b")
# A Windows user profile or a venv's Scripts folder on a drive ("C:\\Users\\me\\.cache", "D:\\sd\\venv\\Scripts\\python.exe"):
# Windows as surely as a site-packages on a drive.
_WINDOWS_HOME = re.compile(r"(?i)(?<![\w])[a-z]:\\{1,2}(?:users|documents and settings)\\{1,2}[^\\\n\"']{1,80}\\"
                           r"|(?<![\w])[a-z]:\\{1,2}(?:[^\\\n\"']{1,80}\\{1,2}){0,12}scripts\\{1,2}python(?:w)?\.exe\b")
_LINUX_ONLY = re.compile(r"dist-packages|(?:^|[\s\"'(])/(?:home|root)/")  # Debian's dist-packages, Linux homes
_DARWIN_ONLY = re.compile(r"(?:^|[\s\"'(])/(?:Users|Library|opt/homebrew)/")


def path_observations(text: str, lineno: int, source: str = KIND) -> list[Observation]:
    out: list[Observation] = []
    posix = _POSIX_SITE.search(text)
    if posix:
        out.append(Observation("python.version", posix.group("version"), lineno, source))
        if _DARWIN_ONLY.search(text):
            out.append(Observation("host.os", "Darwin", lineno, source))
        elif _LINUX_ONLY.search(text):
            out.append(Observation("host.os", "Linux", lineno, source))
    windows = _WINDOWS_SITE.search(text) or _WINDOWS_HOME.search(text)
    if windows:
        out.append(Observation("host.os", "Windows", lineno, source))
        py = _WINDOWS_PYTHON_DIR.search(text)
        if py:
            out.append(Observation("python.version", f"{py.group('major')}.{py.group('minor')}", lineno, source))
    return out


def site_python(text: str) -> Optional[str]:
    """The Python minor ("3.8") whose site-packages a path on this line names (lib/python3.8/site-packages,
    ...\\Python38\\Lib\\site-packages), or None."""
    posix = _POSIX_SITE.search(text)
    if posix:
        return posix.group("version")
    py = _WINDOWS_PYTHON_DIR.search(text)
    return f"{py.group('major')}.{py.group('minor')}" if py else None


def parse_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    return Reading(observations=path_observations(lines[index], lineno))
