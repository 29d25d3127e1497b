"""Freshness markers read from a probe's body, so a stale mirror can be told apart.

For a package index page (PEP 503 simple API, or a flat wheel directory) the
marker is the newest release of the probed project ("pip 25.3"); for a
Hugging Face model API answer it is the repository's commit ("sha 607a30d...").
Markers are only taken from bodies read to their end.
"""

from __future__ import annotations

import json
import re
from typing import Optional
from urllib.parse import unquote

from packaging.version import InvalidVersion, Version

INDEX_KINDS = ("pypi", "pytorch_wheels")


def marker(kind: str, probe_path: str, body: bytes) -> Optional[str]:
    if kind == "huggingface":
        return _hf_sha(body)
    if kind in INDEX_KINDS:
        project = project_of(probe_path)
        if project:
            newest = newest_version(project, body)
            return f"{project} {newest}" if newest else None
    return None


def project_of(probe_path: str) -> Optional[str]:
    """The project an index probe path names: /pip/ -> pip, /cu121/torch/ -> torch, /cu121/ -> None."""
    segments = [s for s in probe_path.split("/") if s]
    if not segments:
        return None
    name = segments[-1].lower()
    if re.fullmatch(r"(cu\d+|cpu|rocm[\d.]+|simple|whl)", name):
        return None
    return name


def newest_version(project: str, body: bytes) -> Optional[str]:
    """The newest final release among the file names listed for `project`."""
    text = unquote(body.decode("utf-8", "replace"))
    stem = re.escape(re.sub(r"[-_.]+", "_", project))
    pattern = re.compile(rf"(?i)(?<![\w.+-]){stem.replace('_', '[-_.]')}-(\d[\w.!+]*?)"
                         rf"(?:-[\w.+-]+\.whl|\.tar\.gz|\.zip|\.tar\.bz2)")
    versions = []
    for match in pattern.finditer(text):
        try:
            versions.append(Version(match.group(1)))
        except InvalidVersion:
            continue
    if not versions:
        return None
    finals = [v for v in versions if not v.is_prerelease and not v.is_devrelease]
    return str(max(finals or versions))


def _hf_sha(body: bytes) -> Optional[str]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    sha = data.get("sha") if isinstance(data, dict) else None
    return f"sha {sha}" if isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{7,64}", sha) else None
