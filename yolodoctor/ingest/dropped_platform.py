"""pip's "no matching version" for a release after the last one a package built for this platform: torch 2.3.0 on an
Intel Mac, where torch 2.2.2 was the last. The platform's gap, not the Python's.

When a project stops building for a platform (PyTorch dropped macOS x86_64 after 2.2.2), every Python there is
offered releases up to that last one and no further, so a pin above it reads as "the Python is too old" although no
Python would do. compat/package_platforms.toml [[platform_last_release]] holds the last releases. The platform shows
itself in pip's own list, which stops exactly at that release; or the paste names it (a Mac, with x86_64 or Intel
beside it). For torch, torchvision and torchaudio the finding is filed as python_unsupported (no build for this
interpreter's platform, as ingest.sparse_platforms files them), for other packages as pip_index.

Parsing is pip_offer's reading of pip's lines and str.find on the lines that name a platform: linear.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional, Sequence

from packaging.version import InvalidVersion, Version

from ..i18n import tr
from .model import LIKELY, Signal
from .pip_offer import TORCH_FAMILY, read_offers
from .proofs import Proof

_MAC = ("macos", "mac os", "os x", "osx", "darwin", "macbook", "imac", "mac mini", "mac pro", " mac ")
_INTEL = ("x86_64", "intel", "x86-64", "x64")


@lru_cache(maxsize=1)
def _rows() -> dict[str, tuple[str, str, Version]]:
    from ..knowledge.files import KnowledgeError, load_compat_table

    try:
        rows = load_compat_table("package_platforms.toml", "platform_last_release",
                                 ("name", "platform", "label", "last"))
    except KnowledgeError:
        return {}
    return {row["name"]: (row["platform"], row["label"], Version(row["last"])) for row in rows}


def judge(context: Any, signal: Signal) -> Optional[tuple[str, Proof]]:
    """("pip_index", proof) when the release asked for is newer than the last one the package built for the
    platform the paste shows (python_unsupported for the torch family: no build for this interpreter's platform);
    None otherwise."""
    pip_lines: Sequence[tuple[int, str]] = getattr(context, "pip_lines", ()) or ()
    for offer in read_offers(pip_lines):
        if abs(offer.line - signal.line) > 3 or offer.name not in _rows():
            continue
        platform, label, last = _rows()[offer.name]
        try:
            asked = Version(Version(offer.version).base_version)
        except InvalidVersion:
            continue
        if asked <= last:
            continue
        where = _shown(offer.offered, last) or _named(platform, getattr(context, "platform_lines", ()) or ())
        if where is None:
            continue
        return ("python_unsupported" if offer.name in TORCH_FAMILY else "pip_index"), Proof(
            tr("{name} {version} has no wheels for {platform}: {last} was the last release built for it, so no Python "
               "there is offered anything newer", name=offer.name, version=str(asked), platform=label,
               last=str(last)),
            (tr("pasted line {line}: {text}", line=signal.line, text=signal.text[:160]), where,
             tr("{name}: last wheels for {platform} in {last} (compat/package_platforms.toml)", name=offer.name,
                platform=label, last=str(last))),
            tr("Pin {name}=={last} (the last release for {platform}), or run on a platform that newer releases are "
               "built for (Apple silicon, Linux, Windows; a Linux container on this machine), or build {name} from "
               "its source.", name=offer.name, last=str(last), platform=label), LIKELY)
    return None


def _shown(offered: Sequence[str], last: Version) -> Optional[str]:
    """pip's list stops exactly at the platform's last release."""
    versions = []
    for text in offered:
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if not (version.is_prerelease or version.is_devrelease):
            versions.append(version)
    if versions and max(versions) == last:
        return tr("pip's list of versions stops at {last}", last=str(last))
    return None


def _named(platform: str, lines: Sequence[tuple[int, str]]) -> Optional[str]:
    """A line naming an Intel Mac."""
    if platform != "macos-x86_64":
        return None
    for lineno, line in lines:
        low = f" {line.lower()} "
        if any(word in low for word in _MAC) and any(word in low for word in _INTEL) and ".whl" not in low \
                and "from versions" not in low:
            return tr("pasted line {line}: {text}", line=lineno, text=line.strip()[:160])
    return None
