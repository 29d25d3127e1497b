"""pip found no release at all of a package on a Mac: the package has no macOS wheel for this Mac (and no source
release to build), which no index changes; not a Python too new or too old.

Many compiled packages publish wheels for Linux and Windows only, or for Intel Macs only ("Could this be because of
M1?"): on such a Mac pip's list of versions is empty, "(from versions: none)". A Python outside a package's range shows
otherwise: PyPI's older releases with looser bounds or source releases are still offered, or pip says it ignored
releases that "require a different python version". So an empty offer on a Mac, with nothing saying the Python is the
gap, reads as the platform's.

Set aside: torch, torchvision and torchaudio (ingest.platform_builds and pip_offer judge them from PyTorch's own
tables), packages compat/package_platforms.toml lists (ingest.index_gaps judges those), a list of versions that is not
empty, pip's lines setting releases aside for another Python, and words of the paste saying a Python version lacks
wheels. Parsing is str.find on pip's lines: linear.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from ..facts.model import Facts
from ..i18n import tr
from .context_words import PIP_OTHER_PYTHON
from .model import LIKELY, Signal
from .proofs import Proof

_TORCH_FAMILY = frozenset({"torch", "torchvision", "torchaudio", "pytorch"})


def judge(facts: Facts, context: Any, name: str, signal: Signal, where: str,
          python_said: bool) -> Optional[tuple[str, Proof]]:
    """("pip_index", proof) when `name` got an empty offer from pip on a Mac (`where`: the evidence that it is one)
    and nothing says the Python is the gap; None otherwise."""
    from .pip_offer import empty_offer

    if name in _TORCH_FAMILY or python_said:
        return None
    pip_lines: Sequence[tuple[int, str]] = getattr(context, "pip_lines", ()) or ()
    if empty_offer(pip_lines, signal.line) is None:
        return None
    if any(PIP_OTHER_PYTHON in line.lower() for _, line in pip_lines):
        return None
    return "pip_index", Proof(
        tr("pip was offered no release of {name} at all on this Mac: the package publishes no wheel for macOS on this "
           "processor (and no source release), so no index has one to offer; a Python outside its range would still "
           "be offered older or source releases", name=name),
        (tr("pasted line {line}: {text}", line=signal.line, text=signal.text[:160]), where),
        tr("Check the release's files on PyPI for a macOS wheel of this processor (arm64 on Apple silicon): use a "
           "release or fork that has one, conda-forge, an x86_64 Python under Rosetta where Intel wheels exist, or "
           "build it from source."), LIKELY)
