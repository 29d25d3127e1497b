"""pip found no release at all of a package on a Mac: the package has no macOS wheel for this Mac (and no source
release to build), which no index changes; not a Python too new or too old.

Many compiled packages publish wheels for Linux and Windows only, or for Intel Macs only ("Could this be because of
M1?"): on such a Mac pip's list of versions is empty, "(from versions: none)". A Python outside a package's range shows
otherwise: PyPI's older releases with looser bounds or source releases are still offered, or pip says it ignored
releases that "require a different python version". So an empty offer on a Mac, with nothing saying the Python is the
gap, reads as the platform's.

One Python is the gap whatever the package: one older than the oldest CPython that runs natively on the Mac's
processor (Python 3.7 on Apple silicon, compat/package_platforms.toml [[platform_python_floor]]) gets no wheel of any
compiled package there, so an empty offer to it is filed python_unsupported.

Set aside: torch, torchvision and torchaudio (ingest.platform_builds and pip_offer judge them from PyTorch's own
tables), packages compat/package_platforms.toml lists (ingest.index_gaps judges those), a list of versions that is not
empty, pip's lines setting releases aside for another Python, and words of the paste saying a Python version lacks
wheels. Parsing is str.find on pip's lines: linear.
"""

from __future__ import annotations

import re
from typing import Any, Optional, Sequence

from packaging.version import Version

from ..facts.model import Facts
from ..i18n import tr
from .context_words import PIP_OTHER_PYTHON
from .model import LIKELY, Signal
from .proofs import Proof, at_or_after

_TORCH_FAMILY = frozenset({"torch", "torchvision", "torchaudio", "pytorch"})
# A Python version named on a line ("Python 3.7.16", "python3.7", "py37"): bounded, literal-prefixed.
_PYTHON_NAMED = re.compile(r"(?i:python) ?3\.(?P<minor>\d{1,2})(?![\d])|\bpy3(?P<short>\d{1,2})\b")


def judge(facts: Facts, context: Any, name: str, signal: Signal, where: str,
          python_said: bool) -> Optional[tuple[str, Proof]]:
    """("pip_index", proof) when `name` got an empty offer from pip on a Mac (`where`: the evidence that it is one)
    and nothing says the Python is the gap, ("python_unsupported", proof) when the Python is older than any with
    wheels on that Mac; None otherwise."""
    from .pip_offer import empty_offer

    if name in _TORCH_FAMILY or python_said:
        return None
    pip_lines: Sequence[tuple[int, str]] = getattr(context, "pip_lines", ()) or ()
    if empty_offer(pip_lines, signal.line) is None:
        return None
    if any(PIP_OTHER_PYTHON in line.lower() for _, line in pip_lines):
        return None
    below_floor = python_below_platform_floor(facts, context)
    if below_floor is not None:
        return "python_unsupported", below_floor
    return "pip_index", Proof(
        tr("pip was offered no release of {name} at all on this Mac: the package publishes no wheel for macOS on this "
           "processor (and no source release), so no index has one to offer; a Python outside its range would still "
           "be offered older or source releases", name=name),
        (tr("pasted line {line}: {text}", line=signal.line, text=signal.text[:160]), where),
        tr("Check the release's files on PyPI for a macOS wheel of this processor (arm64 on Apple silicon): use a "
           "release or fork that has one, conda-forge, an x86_64 Python under Rosetta where Intel wheels exist, or "
           "build it from source."), LIKELY)


def python_below_platform_floor(facts: Facts, context: Any) -> Optional[Proof]:
    """The finding when the paste's Mac is one compat/package_platforms.toml [[platform_python_floor]] lists (Apple
    silicon) and its Python is older than the oldest with wheels there; None otherwise. The Python is the facts' or,
    without one, the oldest named on the lines that name that machine (the failing environment's, beside a working
    newer one)."""
    from ..knowledge.files import KnowledgeError, load_compat_table

    try:
        floors = load_compat_table("package_platforms.toml", "platform_python_floor",
                                   ("platform", "label", "python_from", "words"))
    except KnowledgeError:
        return None
    lines: Sequence[tuple[int, str]] = getattr(context, "platform_lines", ()) or ()
    arm_facts = (facts.host.os or "").lower() == "darwin" and (facts.host.arch or "").lower() in ("arm64", "aarch64")
    for floor in floors:
        named = [(lineno, line) for lineno, line in lines if any(w in line.lower() for w in floor["words"])]
        if not named and not arm_facts:
            continue
        python = facts.python.version or _oldest_python(line for _, line in named)
        if python is None or at_or_after(python, floor["python_from"]) is not False:
            continue
        where = (tr("pasted line {line}: {text}", line=named[0][0], text=named[0][1].strip()[:160]) if named
                 else tr("the paste's facts say the machine runs macOS on arm64"))
        return Proof(
            tr("Python {python} on {platform}: packages publish wheels there only for Python {floor} and newer (the "
               "oldest CPython that runs natively on it), so pip is offered nothing for this Python",
               python=python, platform=floor["label"], floor=floor["python_from"]),
            (where, tr("{platform}: wheels from Python {floor} (compat/package_platforms.toml)",
                       platform=floor["label"], floor=floor["python_from"])),
            tr("Create the environment with Python {floor} or newer (a native arm64 build: pyenv, python.org's "
               "universal2 installer, or conda's osx-arm64), then install again.", floor=floor["python_from"]),
            LIKELY)
    return None


def _oldest_python(lines: Any) -> Optional[str]:
    found: list[Version] = []
    for line in lines:
        for match in _PYTHON_NAMED.finditer(line):
            minor = match.group("minor") or match.group("short")
            found.append(Version(f"3.{minor}"))
    return str(min(found)) if found else None
