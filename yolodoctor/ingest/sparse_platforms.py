"""pip found no release at all of a package on a platform PyPI holds few compiled wheels for: 32-bit ARM Linux (a
Raspberry Pi with a 32-bit OS) or musl Linux (Alpine). Not a Python too new or too old.

Compiled packages publish wheels for x86_64 and aarch64 glibc Linux, Windows and macOS; most publish none for armv7l
(piwheels builds those for Raspberry Pi OS) or for musl (manylinux wheels need glibc). With no wheel and no source
release, pip's list of versions there is empty, "(from versions: none)", or holds only torch's 0.1.2 source
placeholders. A Python outside a package's range shows otherwise: pip says it ignored releases that "require a
different python version", or the paste says which Python lacks wheels.

The platforms and the words that name them are data (compat/package_platforms.toml, [[sparse_platforms]]). The
machine is read from the facts a tool printed (uname's or collect_env's armv7l), else from the paste's own lines
(pip's lines, the lines that name platforms, the message itself), leaving out lines that list what exists. Parsing is
str.find on those lines: linear.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional, Sequence

from ..facts.model import Facts
from ..i18n import tr
from .context_words import PIP_OTHER_PYTHON
from .model import LIKELY, Signal
from .pip_offer import TORCH_FAMILY, empty_offer
from .proofs import Proof

# torch's placeholder-only offer is the empty offer of a platform without torch wheels.
PLACEHOLDER_ONLY = "pip-torch-placeholder-only"
# Lines that list what exists (a wheel's tags, environment markers): they say nothing of this machine.
_LISTING = ("from versions", "skipping link", "platform_machine", "sys_platform", "only has wheels", ".whl")
_ARCH = {"armv7l": "linux-armv7", "armv6l": "linux-armv7", "armhf": "linux-armv7"}


@lru_cache(maxsize=1)
def _platforms() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    from ..knowledge.files import KnowledgeError, load_compat_table

    try:
        rows = load_compat_table("package_platforms.toml", "sparse_platforms", ("name", "label", "words"))
    except KnowledgeError:
        return ()
    return tuple((row["name"], row["label"], tuple(word.lower() for word in row["words"])) for row in rows)


def paste_platform(facts: Facts, lines: Sequence[tuple[int, str]]) -> Optional[tuple[str, str, str]]:
    """(platform, its label, evidence) when the paste ran on one of the sparse platforms."""
    known = {name: label for name, label, _ in _platforms()}
    arch = _ARCH.get((facts.host.arch or "").lower())
    if arch in known:
        return arch, known[arch], tr("the paste's facts say the machine is {arch}", arch=facts.host.arch)
    for lineno, line in lines:
        low = line.lower()
        if any(word in low for word in _LISTING):
            continue
        for name, label, words in _platforms():
            if any(word in low for word in words):
                return name, label, tr("pasted line {line}: {text}", line=lineno, text=line.strip()[:160])
    return None


def judge(facts: Facts, context: Any, signal: Signal, python_said: bool) -> Optional[tuple[str, Proof]]:
    """("pip_index", proof) when pip was offered nothing (or torch's placeholders alone) for the package of `signal`
    on a sparse platform, and nothing says the Python is the gap (python_unsupported for torch, torchvision and
    torchaudio: no build of them for this interpreter's platform); None otherwise."""
    if python_said:
        return None
    pip_lines: Sequence[tuple[int, str]] = getattr(context, "pip_lines", ()) or ()
    if signal.id == PLACEHOLDER_ONLY:
        name = "torch"
    else:
        empty = empty_offer(pip_lines, signal.line)
        if empty is None:
            return None
        name = empty[1]
    if any(PIP_OTHER_PYTHON in line.lower() for _, line in pip_lines):
        return None
    lines = list(pip_lines) + list(getattr(context, "platform_lines", ()) or ()) + [(signal.line, signal.text)]
    platform = paste_platform(facts, sorted(set(lines)))
    if platform is None:
        return None
    _, label, where = platform
    # PyTorch builds torch for each Python on each platform it supports; a torch missing for the interpreter's platform
    # (32-bit, Windows on ARM64, an Intel Mac, musl) is filed as "no torch for this Python", as python-32bit files it.
    return ("python_unsupported" if name in TORCH_FAMILY else "pip_index"), Proof(
        tr("pip was offered no release of {name} on {platform}: PyPI holds few compiled wheels for this platform, and "
           "{name} has none there (and no source release to build), so no index like PyPI can offer it; a Python "
           "outside its range would be told so", name=name, platform=label),
        (tr("pasted line {line}: {text}", line=signal.line, text=signal.text[:160]), where,
         tr("{platform}: few compiled wheels on PyPI (compat/package_platforms.toml)", platform=label)),
        tr("Install it from an index that builds for this platform (piwheels on Raspberry Pi OS, the distribution's "
           "own packages, Alpine's apk), use a 64-bit glibc system (a 64-bit Raspberry Pi OS, a Debian or Ubuntu "
           "based image instead of Alpine), or build {name} from its source.", name=name), LIKELY)
