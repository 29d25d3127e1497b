"""A release with a bug of its own, named in the paste beside the failure that release had.

Some failures are not the environment's: the release of a package itself was broken and a later one fixed it
(compat/regressions.toml: torch 2.3.0's cuDNN v8 convolution plans refused with CUDNN_STATUS_NOT_SUPPORTED,
ultralytics 8.0.177 failing to import YOLO, ultralytics 8.2.35-8.2.36 without YOLOv9's Silence module). Where the paste
names one of those releases of the package ("torch 2.3.0", "torch==2.3.0+cu121", "ultralytics-8.0.177",
"Ultralytics YOLOv8.2.35") and shows every phrase of that release's failure, the cause is the release (category
other), and its fix is another release.

Read from the start of the paste (IngestResult.sample). Left out: the failure without the release named (it has
other causes too), and the release named without its failure.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..diagnose.model import Finding
from ..i18n import is_chinese, tr
from ..knowledge.files import KnowledgeError, load_compat_table
from .model import LIKELY
from .ranked import Ranked

PACKAGES = ("torch", "ultralytics")
# A package name, then up to 12 characters without a digit ("==", " version ", "-", " YOLOv"), then a release.
RELEASE = re.compile(r"(?i)(?<![\w-])(?P<package>torch|ultralytics)(?![\w-]{0,1}[a-z])[^\n\d]{0,12}?"
                     r"(?P<version>\d{1,2}\.\d{1,2}\.\d{1,4})(?![\d.]*\d)")


@lru_cache(maxsize=1)
def _regressions() -> tuple[dict, ...]:
    try:
        entries = load_compat_table("regressions.toml", "regression", ("package", "versions", "symptom", "what",
                                                                        "source"))
    except KnowledgeError:
        return ()
    return tuple(entries)


def named_releases(text: str) -> list[tuple[str, str, int]]:
    """(package, version, line) of every torch / ultralytics release the text names, in order."""
    found = []
    for match in RELEASE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found.append((match.group("package").lower(), match.group("version"), line))
    return found


def _shows_failure(lowered: str, entry: dict) -> bool:
    if not all(phrase.lower() in lowered for phrase in entry["symptom"]):
        return False
    any_of = entry.get("any_of", [])
    return not any_of or any(phrase.lower() in lowered for phrase in any_of)


def known_regression(text: str) -> Optional[tuple[dict, str, int]]:
    """(the compat entry, the release, its line) of the first release the text names whose failure it shows."""
    lowered = text.lower()
    entries = [e for e in _regressions() if _shows_failure(lowered, e)]
    if not entries:
        return None
    for package, version, line in named_releases(text):
        for entry in entries:
            if entry["package"] == package and version in entry["versions"]:
                return entry, version, line
    return None


def release_with_known_regression(seen, out: list[Ranked]) -> list[Ranked]:
    """The paste names a release with a bug of its own and shows that bug's failure: the release is the cause."""
    found = known_regression(seen.result.sample)
    if found is None:
        return []
    entry, version, line = found
    package = entry["package"]
    what = entry.get("what_zh", entry["what"]) if is_chinese() else entry["what"]
    fixed_in = entry.get("fixed_in")
    fix = (tr("Install {package} {fixed_in} or newer (pip install -U \"{package}>={fixed_in}\"), or a release "
              "before {version}.", package=package, fixed_in=fixed_in, version=version) if fixed_in else
           tr("Install another release of {package} than {version}: a newer one (pip install -U {package}) or the "
              "one before it.", package=package, version=version))
    return [Ranked(Finding(
        id=f"known-regression:{package}-{version}", category="other", severity="error",
        area=seen.areas.get("other", "system"),
        title=tr("{package} {version} has a bug of its own that fails this way", package=package, version=version),
        message=tr("The paste names {package} {version} (line {line}), and shows the failure that release is known "
                   "for: {what}.", package=package, version=version, line=line, what=what),
        fix=fix,
        evidence=(tr("pasted line {line}: {package} {version}", line=line, package=package, version=version),
                  tr("the failure of that release: {phrases}", phrases=", ".join(entry["symptom"]))),
        certainty=LIKELY, references=(entry["source"],), data={"lines": [line]}),
        corroborated=True, explains=True, line=line)]
