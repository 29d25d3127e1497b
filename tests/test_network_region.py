"""The region hint of the network check: the language or the time zone says China (network/region.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from yolodoctor.facts.system import SystemView
from yolodoctor.network.region import region_hint, time_zone


def _root(tmp_path: Path, timezone_file: str | None = None, localtime_link: str | None = None) -> Path:
    etc = tmp_path / "etc"
    etc.mkdir(parents=True, exist_ok=True)
    if timezone_file is not None:
        (etc / "timezone").write_text(timezone_file)
    if localtime_link is not None:
        os.symlink(localtime_link, etc / "localtime")  # dangling under the test root, as on a copy of /etc
    return tmp_path


@pytest.mark.parametrize("env, timezone_file, link, expected", [
    ({"TZ": "Asia/Shanghai"}, None, None, ("cn", "time zone Asia/Shanghai (TZ)")),
    ({"TZ": ":/usr/share/zoneinfo/Asia/Urumqi"}, None, None, ("cn", "time zone Asia/Urumqi (TZ)")),
    ({}, "Asia/Chongqing\n", None, ("cn", "time zone Asia/Chongqing (/etc/timezone)")),
    ({}, None, "/usr/share/zoneinfo/PRC", ("cn", "time zone PRC (/etc/localtime)")),
    ({}, None, "../usr/share/zoneinfo/Asia/Shanghai", ("cn", "time zone Asia/Shanghai (/etc/localtime)")),
    ({}, "Asia/Taipei\n", None, (None, None)),
    ({"TZ": "Europe/Berlin"}, "Asia/Shanghai\n", None, (None, None)),  # TZ wins, as for every program
    ({}, None, None, (None, None)),
])
def test_time_zone_sources(tmp_path, env, timezone_file, link, expected):
    view = SystemView(root=_root(tmp_path, timezone_file, link), env=env)
    assert region_hint(view, "en") == expected


def test_the_language_alone_says_china(tmp_path):
    view = SystemView(root=_root(tmp_path), env={"TZ": "UTC"})
    assert region_hint(view, "zh-CN") == ("cn", "language zh-CN")


def test_unreadable_time_zone_is_unknown(tmp_path):
    view = SystemView(root=_root(tmp_path, localtime_link="/somewhere/else"), env={})
    assert time_zone(view) == (None, None)
