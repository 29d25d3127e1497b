"""pip's "no matching version" (or "is not a supported wheel on this platform") on a Linux whose glibc is older than
the wheels need: CentOS 7's glibc 2.17 against wheels tagged manylinux_2_28. The platform's gap, not the Python's.

A wheel tagged manylinux_x_y installs on a glibc of x.y or newer (PEP 600). Packages raise that floor at a release
(torch 2.7.0, onnxruntime 1.17.0, numpy 2.3.0: compat/package_platforms.toml [[glibc_floors]]); on an older system pip
is offered only the releases before it, and a pin on a later one finds nothing, for every Python. A wheel's own name
carries its tags, so a downloaded wheel pip refuses is read the same way.

The glibc is read from the paste: ldd's "(GNU libc) 2.17", conda's "__glibc=2.17", "glibc 2.17" in words, or the
distribution named ([[distribution_glibc]]: CentOS 7, Ubuntu 18.04...). Parsing is bounded, literal-prefixed patterns
on the lines that name a platform: linear.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Optional, Sequence

from packaging.version import InvalidVersion, Version

from ..i18n import tr
from .model import LIKELY, Signal
from .pip_offer import normalised
from .proofs import Proof

WHEEL_REFUSED = "pip-wheel-not-supported-here"
_GLIBC = re.compile(r"(?:\(gnu libc\)|gnu c library[^\n]{0,40}?version|glibc)[ \t_=:v-]{0,4}(?:version[ \t:]{0,3})?"
                    r"(?P<version>2\.\d{1,2})(?![\d.])")
# A wheel's platform tags: manylinux_2_28_x86_64, manylinux2014_x86_64, manylinux1_x86_64.
_WHEEL_TAG = re.compile(r"manylinux(?:_(?P<major>\d)_(?P<minor>\d{1,2})|(?P<legacy>2014|2010|1))_(?:x86_64|aarch64)")
_LEGACY = {"2014": Version("2.17"), "2010": Version("2.12"), "1": Version("2.5")}
# The requirement of pip's message: "satisfies the requirement name==1.2.3", "found for name==1.2.3".
_PINNED = re.compile(r"(?:satisfies the requirement|distributions? (?:was |were )?found for)\s{1,3}[`'\"]?"
                     r"(?P<name>[A-Za-z0-9][A-Za-z0-9._\-]{0,80})(?:\[[^\]\n]{0,40}\])?\s{0,2}={2,3}\s{0,2}"
                     r"(?P<version>\d{1,4}(?:\.\d{1,6}){0,3})(?![\w.+])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, list[tuple[Version, Version]]], tuple[tuple[Version, tuple[str, ...]], ...]]:
    from ..knowledge.files import KnowledgeError, load_compat_table

    try:
        floors = load_compat_table("package_platforms.toml", "glibc_floors", ("name", "from", "glibc"))
        systems = load_compat_table("package_platforms.toml", "distribution_glibc", ("glibc", "words"))
    except KnowledgeError:
        return {}, ()
    by_name: dict[str, list[tuple[Version, Version]]] = {}
    for row in floors:
        by_name.setdefault(row["name"], []).append((Version(row["from"]), Version(row["glibc"])))
    for rows in by_name.values():
        rows.sort()
    return by_name, tuple((Version(row["glibc"]), tuple(w.lower() for w in row["words"])) for row in systems)


def floor_of(name: str, version: str) -> Optional[Version]:
    """The glibc the x86_64 Linux wheels of `name` `version` need, where a row of the table raised it."""
    try:
        wanted = Version(version)
    except InvalidVersion:
        return None
    found = None
    for start, glibc in _tables()[0].get(name, ()):
        if wanted >= start:
            found = glibc
    return found


def paste_glibc(lines: Sequence[tuple[int, str]]) -> Optional[tuple[Version, str]]:
    """(glibc, evidence) of the machine the paste ran on: a glibc version printed or said, else a distribution named."""
    named = None
    for lineno, line in lines:
        low = line.lower()
        if "glibc" in low or "gnu libc" in low or "gnu c library" in low:
            match = _GLIBC.search(low)
            if match is not None and "manylinux" not in low:
                return Version(match.group("version")), tr("pasted line {line}: {text}", line=lineno,
                                                           text=line.strip()[:160])
        if named is None:
            padded = low + " "
            for glibc, words in _tables()[1]:
                if any(word in padded for word in words):
                    named = (glibc, tr("pasted line {line}: {text} (glibc {glibc}, compat/package_platforms.toml)",
                                       line=lineno, text=line.strip()[:160], glibc=str(glibc)))
                    break
    return named


def judge(context: Any, signal: Signal) -> Optional[tuple[str, Proof]]:
    """("pip_index", proof) when the release pip was asked for (or the wheel it refused) needs a newer glibc than the
    paste's system has; None otherwise."""
    lines = sorted(set(list(getattr(context, "platform_lines", ()) or ()) + [(signal.line, signal.text)]))
    system = paste_glibc(lines)
    if system is None:
        return None
    glibc, where = system
    if signal.id == WHEEL_REFUSED:
        needed = _wheel_floor(signal.text)
        what = tr("the wheel pip refused")
    else:
        pinned = _PINNED.search(signal.text)
        if pinned is None:
            return None
        name = normalised(pinned.group("name"))
        needed = floor_of(name, pinned.group("version"))
        what = f"{name}=={pinned.group('version')}"
    if needed is None or glibc >= needed:
        return None
    return "pip_index", Proof(
        tr("{what} is built for glibc {needed} or newer, and this system has glibc {glibc}: pip is offered no wheel of "
           "it here, whatever the Python", what=what, needed=str(needed), glibc=str(glibc)),
        (tr("pasted line {line}: {text}", line=signal.line, text=signal.text[:160]), where,
         tr("wheels of {what}: glibc {needed}+ (compat/package_platforms.toml, PEP 600)", what=what,
            needed=str(needed))),
        tr("Pin an earlier release that is still built for this glibc (those pip offers here), run it in a container "
           "with a newer base (a Debian/Ubuntu or RHEL 8+ image), or move to a system with glibc {needed} or newer.",
           needed=str(needed)), LIKELY)


def _wheel_floor(text: str) -> Optional[Version]:
    """The lowest glibc any of a wheel name's manylinux tags accepts (pip takes a wheel if one tag fits)."""
    floors = []
    for match in _WHEEL_TAG.finditer(text.lower()):
        if match.group("legacy"):
            floors.append(_LEGACY[match.group("legacy")])
        else:
            floors.append(Version(f"{match.group('major')}.{match.group('minor')}"))
    return min(floors) if floors else None
