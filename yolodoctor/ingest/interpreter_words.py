"""Words and lines about which interpreter holds the packages, read line by line (ingest.context calls them): uv's
"Audited N packages" after its own install command (pip's "already satisfied" in uv's words), and a Python said to
have been upgraded from one release to another, or to a later one (what was installed belongs to the old one)."""

from __future__ import annotations

import re
from typing import Optional

# uv's answer when everything a `uv pip install` names is already there: "Audited 1 package in 240ms".
UV_AUDITED = re.compile(r"^\s*audited[ \t]{1,3}\d{1,5}[ \t]{1,3}packages?[ \t]{1,3}in[ \t]{1,3}\d")
# `uv pip install <names>` (a prompt may stand before it); the names are read by ingest.context's reader.
UV_PIP_INSTALL = re.compile(r"\buv[ \t]{1,3}pip[ \t]{1,3}install\b([^\n`;&|]{1,300})")
# how many lines after the command uv's answer may come (a blank line, a resolver line between)
UV_AUDITED_REACH = 3

# A Python said to have moved from one release to another: "the distribution updated Python from 3.7.x to 3.8.0",
# "after upgrading python from 3.9 to 3.10", "Python upgrade 3.11 -> 3.12", "brew upgraded python 3.10.4 to 3.11.1"
# (a move within one release, 3.7.3 to 3.7.4, keeps its site-packages and is not read).
# The releases are both Python 3 (a move from Python 2 is a port, whose missing modules are Python 2's own).
PYTHON_UPGRADED = re.compile(
    r"(?:\b(?:updated|upgraded|updating|upgrading|update[ds]?|upgrades?|bumped|moved|went|switched)[ \t]{1,3}"
    r"(?:[\w']{1,20}[ \t]{1,3}){0,3}?python3?|\bpython3?[ \t]{1,3}(?:version[ \t]{1,3})?(?:upgrade|update)[ds]?)"
    r"[ \t]{0,3}(?:version[ \t]{1,3})?(?:from[ \t]{1,3})?(?:python[ \t]?)?"
    r"3\.(\d{1,2})(?:\.[\dx]{1,3})?(?:[ \t]{1,3}to|[ \t]{0,3}(?:->|→|=>))[ \t]{1,3}(?:python[ \t]?)?3\.(\d{1,2})\b")
# The same move said with its target alone: "Arch upgraded python to 3.9", "after updating Python to 3.12", "there was
# an upgrade to python 3.9", "brew upgraded my python to 3.11". Only an upgrade or an update is read: "switched to
# python 3.10" or "moved to 3.10" is as often a new environment, whose packages were never installed.
PYTHON_UPGRADED_TO = re.compile(
    r"\b(?:updated|upgraded|updating|upgrading|updates?|upgrades?|bumped)[ \t]{1,3}"
    r"(?:(?:my|the|our|its|system|default)[ \t]{1,3})?"
    r"(?:python3?[ \t]{1,3}(?:version[ \t]{1,3})?to[ \t]{1,3}(?:version[ \t]{1,3})?|to[ \t]{1,3}python[ \t]?(?:version[ \t]{1,3})?)"
    r"3\.(\d{1,2})\b")


def uv_audited_installs(low: str, pending: Optional[tuple[int, tuple[str, ...]]], lineno: int,
                        names_of) -> tuple[Optional[tuple[int, tuple[str, ...]]], list[tuple[int, str]]]:
    """(the uv install still waiting for its answer, (line, distribution) uv audited as already installed).
    `names_of` turns the text after `install` into distribution names (ingest.context's reader)."""
    if "uv" in low and "install" in low:
        command = UV_PIP_INSTALL.search(low)
        if command is not None:
            names = tuple(names_of(command.group(1)))
            return ((lineno, names) if names else None), []
    if pending is None:
        return None, []
    if lineno - pending[0] > UV_AUDITED_REACH:
        return None, []
    if "audited" in low and UV_AUDITED.search(low):
        return None, [(lineno, name) for name in pending[1]]
    return pending, []


def python_upgraded(low: str) -> bool:
    """The line says Python moved from one Python 3 release to a later one."""
    if "python" not in low or "3." not in low:
        return False
    found = PYTHON_UPGRADED.search(low)
    if found is not None:
        return int(found.group(2)) > int(found.group(1))
    return PYTHON_UPGRADED_TO.search(low) is not None
