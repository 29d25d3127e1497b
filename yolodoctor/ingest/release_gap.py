"""A pinned release missing from the middle of what pip was offered: the index lacks that release, not this Python.

pip's "Could not find a version that satisfies the requirement name==1.1.0 (from versions: 1.0.0, 1.1.2, 1.2.0)"
reads the same for a Python too new or too old and for an index that lacks the release. pip_offer reads the two ends
of the list: only later releases on offer say the Python is newer than the release supports; only earlier ones, older.
A release asked for between releases that pip was offered for this very Python (older ones and newer ones both on
offer) is neither: the Python has wheels on both sides of it, so what is missing is the release itself on that index:
deleted from PyPI by its maintainers, tagged but never uploaded, or not synced by a mirror.

Set aside, the other readings stand: a build-tagged pin (+cu121, judged by pip_offer), a pre-release or nightly pin, a
run where pip said it ignored releases for requiring another Python and names the release asked for among them, a
list with fewer than two releases on either side, and neighbours on offer that are far from the release asked for
(torchvision's ancient universal 0.2.0 wheels below 0.20.1 are offered to every Python, so they say nothing of this
one): the nearest release on each side must be of the same line (the same major version at most two minor versions
apart, or the next major version's first minor release). Parsing is
str.find on pip's own lines: linear.
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence

from packaging.version import Version

from ..i18n import tr
from .context_words import PIP_OTHER_PYTHON
from .model import LIKELY
from .proofs import Proof

# Releases needed on each side of the one asked for: one lone old sdist beside new wheels is not enough.
_EACH_SIDE = 2


def _near(lower: Version, upper: Version) -> bool:
    """Two releases of one line of development: the same major version at most two minor versions apart, or the
    next major version's first minor release."""
    low = (tuple(lower.release) + (0, 0))[:2]
    high = (tuple(upper.release) + (0, 0))[:2]
    if low[0] == high[0]:
        return high[1] - low[1] <= 2
    return high[0] == low[0] + 1 and high[1] == 0


def judge_inside(name: str, asked: Version, bases: Sequence[Version], pip_lines: Sequence[tuple[int, str]],
                 evidence: tuple[str, ...],
                 cut_between: Callable[[Version, Version], bool] = lambda lower, upper: False
                 ) -> Optional[tuple[str, Proof]]:
    """("pip_index", proof) when `asked` (no build tag) lies strictly between releases pip was offered, with at least
    two on each side; None otherwise, and None where the paste cut pip's list between those two neighbours
    (`cut_between`): the cut may hold the release itself."""
    if asked.local or asked.is_prerelease or asked.is_devrelease or asked in bases:
        return None
    below = [v for v in bases if v < asked]
    above = [v for v in bases if v > asked]
    if len(below) < _EACH_SIDE or len(above) < _EACH_SIDE:
        return None
    if not (_near(below[-1], asked) and _near(asked, above[0])):
        return None  # ancient universal releases below (torchvision 0.2.0 under 0.20.1) say nothing of this Python
    if cut_between(below[-1], above[0]):
        return None
    wanted = str(asked)
    for _, line in pip_lines:
        low = line.lower()
        at = low.find(PIP_OTHER_PYTHON)
        if at >= 0 and (wanted in line[at:] or asked.base_version in line[at:]):
            return None  # pip says the release asked for needs another Python
    return "pip_index", Proof(
        tr("{name} {version} is missing from the index, not from this Python: pip was offered releases before it "
           "({before}) and after it ({after}) for this Python, so the release itself is gone from that index (deleted, "
           "never uploaded, or not yet on the mirror)", name=name, version=wanted, before=str(below[-1]),
           after=str(above[0])),
        evidence + (tr("pip was offered {low} to {high}", low=str(below[0]), high=str(above[-1])),),
        tr("Pin a release the index lists (pip index versions {name}), e.g. {after}; if the release must be that one, "
           "install it from PyPI itself or from the project's own source tag.", name=name, after=str(above[0])),
        LIKELY)
