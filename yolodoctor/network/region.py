"""Where this machine probably is, for the network check: "cn" when the language (zh-CN) or the
time zone (TZ, /etc/timezone, the /etc/localtime link) says China, else unknown.

The region only changes what is shown first (the fastest mirror of each kind); every endpoint and
mirror is measured whatever it says. The zones and languages are data: compat/mirrors.toml [[region]].
"""

from __future__ import annotations

import os
from typing import Optional

from ..facts.system import SystemView
from ..knowledge.files import KnowledgeError, load_compat_table

ZONEINFO = "zoneinfo/"


def time_zone(view: SystemView) -> tuple[Optional[str], Optional[str]]:
    """(zone name, where it was read) from TZ, /etc/timezone, or the target of /etc/localtime."""
    tz = view.env.get("TZ", "").strip().lstrip(":")
    if tz:
        return (tz.split(ZONEINFO, 1)[-1] if ZONEINFO in tz else tz), "TZ"
    text = view.read_text("/etc/timezone", limit=200)
    if text and text.strip():
        return text.strip().splitlines()[0].strip(), "/etc/timezone"
    try:
        target = os.readlink(view.path("/etc/localtime"))
    except OSError:
        return None, None
    if ZONEINFO in target:
        return target.split(ZONEINFO, 1)[1], "/etc/localtime"
    return None, None


def region_hint(view: SystemView, language: str) -> tuple[Optional[str], Optional[str]]:
    """(region id, why) or (None, None)."""
    try:
        regions = load_compat_table("mirrors.toml", "region", ("id",))
    except KnowledgeError:
        return None, None
    for region in regions:
        if language in region.get("languages", []):
            return str(region["id"]), f"language {language}"
    zone, source = time_zone(view)
    if zone:
        for region in regions:
            if zone in region.get("time_zones", []):
                return str(region["id"]), f"time zone {zone} ({source})"
    return None, None
