"""A package that a PyPI mirror deliberately does not carry.

pip's "Could not find a version that satisfies the requirement <name> (from versions: none)" on its own points at the
Python (pip-no-matching-version). Some public PyPI mirrors leave whole classes of packages out on purpose: TUNA (and
USTC, which takes its metadata from TUNA) syncs no package whose name ends in "nightly" (tb-nightly, tf-nightly,
...), for space and update rate. When the run's "Looking in indexes:" line names such a mirror and the package pip
found nothing of is of that class, the index is what lacks it, whatever the Python: pip_index. The classes are data
(compat/mirrors.toml, `unsynced` of each [[mirror]]), never literals here.

The same class read without the index's name (nightly_not_set_aside): pip's "Ignored the following versions that
require a different python version: ..." lists the releases the Python refused, of every package pip looked at. A
nightly's releases carry their build date (2.15.0a20230902, 2.16.0.dev20231101); where pip found no release at all of
a package of that class and none of the versions it set aside carries a date, the Python refused none of that
package's releases: the index it searched does not carry them (PyPI does), which pip_offer then reads as the index.
"""

from __future__ import annotations

import fnmatch
import re
from typing import Optional

from ..diagnose.model import Finding
from ..i18n import tr
from .context_words import PIP_OTHER_PYTHON
from .model import LIKELY
from .pip_offer import host_of, indexes_searched
from .ranked import Ranked

_REQUIREMENT = "satisfies the requirement "
_NONE = "(from versions: none)"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
# A release that carries its build date (a nightly's): a pre-release or dev segment followed by eight digits of a
# date in this century ("a20230902", ".dev20231101", "rc20240101"); bounded, literal-anchored by the "20".
_DATED = re.compile(r"(?:a|b|rc|dev)20\d{6}(?!\d)")


def unsynced_on_mirror(seen, out: list[Ranked]) -> list[Ranked]:
    """pip found no release at all of a package that the mirror it searched does not sync (a nightly on TUNA)."""
    if any(r.finding.category == "pip_index" and not r.alternative for r in [*seen.ranked, *out]):
        return []
    lines = seen.context.pip_lines
    for lineno, line in lines:
        low = line.lower()
        at = low.rfind(_REQUIREMENT)
        if at < 0 or _NONE not in low[at:]:
            continue
        name = _NAME.match(line[at + len(_REQUIREMENT):].strip())
        if name is None:
            continue
        package = re.sub(r"[-_.]+", "-", name.group(0)).lower()
        for url in indexes_searched(lines, lineno):
            mirror = _unsynced_by(url, package)
            if mirror is None:
                continue
            mirror_name, pattern, source = mirror
            return [Ranked(Finding(
                id="package-not-synced-by-mirror", category="pip_index", severity="error",
                area=seen.areas.get("pip_index", "packages"),
                title=tr("The mirror pip searched ({mirror}) does not carry {name} at all: it does not sync packages "
                         "named {pattern}", mirror=mirror_name, name=package, pattern=pattern),
                message=tr("pip found no release of {name} because the index it searched leaves that class of "
                           "packages out on purpose; PyPI itself has them.", name=package),
                fix=tr("Install that package from PyPI, keeping the mirror for the rest: {command}.",
                       command=f"pip install {package} --index-url https://pypi.org/simple"),
                evidence=(tr("the indexes pip searched, and no other: {indexes}", indexes=url),
                          tr("pasted line {line}: {text}", line=lineno, text=line.strip()[:160])),
                certainty=LIKELY, references=(source,) if source else (),
                data={"lines": [lineno], "package": package}), corroborated=True, explains=True, line=lineno)]
    return []


def _unsynced_by(url: str, package: str) -> Optional[tuple[str, str, str]]:
    """(mirror name, pattern, source) when compat/mirrors.toml says the mirror at url does not sync package."""
    from ..knowledge.files import KnowledgeError, load_compat_table

    host = host_of(url)
    try:
        rows = load_compat_table("mirrors.toml", "mirror", ("kind", "url"))
    except KnowledgeError:
        return None
    for row in rows:
        if row.get("kind") != "pypi" or host not in {host_of(str(u)) for u in [row["url"], *row.get("aliases", ())]}:
            continue
        for pattern in row.get("unsynced", ()):
            if fnmatch.fnmatchcase(package, str(pattern)):
                return str(row.get("name", host)), str(pattern), str(row.get("unsynced_source", ""))
    return None


def nightly_not_set_aside(name: str, lineno: int, pip_lines) -> Optional[tuple[int, str]]:
    """pip found no release of `name` (line `lineno`), a package of a class that public mirrors leave out
    (compat/mirrors.toml `unsynced`), and none of the releases it set aside for requiring another Python carries a
    build date: the Python refused none of that package's releases. Returns the last set-aside line (line, text);
    None where the index searched is PyPI itself (then it had them all to offer) or no set-aside line is in the run."""
    package = re.sub(r"[-_.]+", "-", name).lower()
    if not _unsynced_class(package):
        return None
    if any(host_of(url) in ("pypi.org", "pypi.python.org") for url in indexes_searched(pip_lines, lineno)):
        return None
    said = [(at, line) for at, line in pip_lines if at <= lineno and PIP_OTHER_PYTHON in line.lower()]
    if not said or any(_DATED.search(line) for _, line in said):
        return None
    return said[-1]


def _unsynced_class(package: str) -> bool:
    """Whether any public PyPI mirror of compat/mirrors.toml says it does not sync packages named like this."""
    from ..knowledge.files import KnowledgeError, load_compat_table

    try:
        rows = load_compat_table("mirrors.toml", "mirror", ("kind", "url"))
    except KnowledgeError:
        return False
    return any(fnmatch.fnmatchcase(package, str(pattern))
               for row in rows if row.get("kind") == "pypi" for pattern in row.get("unsynced", ()))
