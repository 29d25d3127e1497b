"""A compiled package's release fetched or built from source, judged against the Python the paste shows.

numba and llvmlite publish wheels only for the Pythons each release series supports (compat/platforms.toml
[[python_bounded_release]]); pip or uv reaching for the source archive of such a release on a newer Python is the
package being older than the Python. Below the release's bound the source build has another cause (a platform
without wheels, a build flag), and the reading is set aside.
"""

from __future__ import annotations

import re
from typing import Optional

from ..facts.model import Facts
from ..i18n import tr
from .model import Signal

# The release the signal names, in the signature's three shapes (sdist name, uv's `name==version`, Poetry's
# "name (version)"): bounded, literal-prefixed.
_RELEASE = re.compile(r"(?P<package>llvmlite|numba)(?:-|==|\s\()(?P<version>0\.\d{1,2}\.\d{1,2})")
# A Python version in the signal's own line when no tool showed one ("python3.13/site-packages", "Python 3.10.1").
_PYTHON_IN_LINE = re.compile(r"(?i:python) ?(?P<major>3)\.(?P<minor>\d{1,2})(?![\d])")


def against_python(facts: Facts, signal: Signal) -> Optional[tuple[str, str, str, str, bool]]:
    """(package, version, python_below, python, too_new) for the release the signal names, judged against the
    paste's Python; None when the release is not in the table or the Python is unknown."""
    from ..knowledge.compat_platforms import python_bounded_release

    found = _RELEASE.search(signal.text)
    if found is None:
        return None
    row = python_bounded_release(found.group("package"), found.group("version"))
    if row is None:
        return None
    from .proofs import at_or_after, python_of

    python = python_of(facts, signal, _PYTHON_IN_LINE)
    too_new = at_or_after(python, row.python_below) if python else None
    if too_new is None:
        return None
    return row.package, found.group("version"), row.python_below, python, too_new


def release_older_than_python(facts: Facts, signal: Signal):
    """The finding for a bounded release built on a Python at or above its bound (ingest/proofs.py BY_RELEASE)."""
    from .proofs import Proof

    judged = against_python(facts, signal)
    if judged is None or not judged[4]:
        return None
    package, version, below, python, _ = judged
    return Proof(
        tr("{package} {version} supports only Pythons older than {below}, and this is Python {python}: pip found no "
           "wheel of it and fell back to building the source, which fails", package=package, version=version,
           below=below, python=python),
        (tr("Python {python} (read from the paste)", python=python),
         tr("{package} {series}.x: Pythons below {below} (compat/platforms.toml)", package=package,
            series=".".join(version.split(".")[:2]), below=below)),
        tr("Install a {package} release that supports Python {python} (pip install -U numba llvmlite, or raise the pin "
           "or lower bound that keeps {version}), or create the environment with a Python older than {below}.",
           package=package, python=python, version=version, below=below))


def release_within_python(facts: Facts, signal: Signal) -> bool:
    """The paste's Python is inside the release's range: the source build is not the Python being too new."""
    judged = against_python(facts, signal)
    return judged is not None and not judged[4]
