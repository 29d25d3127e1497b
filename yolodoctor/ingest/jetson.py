"""Signs of an NVIDIA Jetson (L4T / JetPack) in a paste: /etc/nv_tegra_release's first line, "L4T 36.4.3",
"JetPack 5.1.2", a Jetson model ("Jetson AGX Orin", "jetson nano"), a -tegra kernel, or a shell prompt on a host
named after one ("admin@agx-orin:~$"). A Jetson is an aarch64 machine whose integrated GPU only NVIDIA's JetPack
builds of torch can use, so these lines also say the host is aarch64 (no PyPI CUDA build is inferred there)."""

from __future__ import annotations

import re
from typing import Sequence

from .model import Reading

KIND = "jetson"
LABEL = "NVIDIA Jetson signs (L4T, JetPack, model, -tegra kernel)"
NEEDLES = ("R2", "R3", "R4", "L4T", "l4t", "etpack", "ETPACK", "etson", "ETSON", "-tegra", "orin", "Orin", "xavier",
           "Xavier")
LINE_PATTERN = (r"#\s?R\d\d \(release\)|(?<![A-Za-z0-9])(?i:l4t)[\s:_*-]{0,6}(?i:release[\s:*]{0,6})?(?i:r)?\d\d\.\d|"
                r"(?i:\bjet ?pack)[\s:_-]{0,3}(?i:version[\s:]{0,3})?v?\d|(?i:\bjetson)[\s_-]{0,2}(?i:agx|orin|xavier|"
                r"nano|tx[12]|thor)|\d\.\d{1,2}\.\d{1,3}-tegra\b|@(?:[\w-]{0,20}[-_])?(?i:jetson|orin|xavier|tegra)"
                r"(?:[-_][\w-]{0,20})?:")

_NV_TEGRA = re.compile(r"#\s?R(?P<major>\d\d) \(release\),\s?REVISION:\s?(?P<rev>\d{1,2})\.(?P<minor>\d{1,2})")
_L4T = re.compile(r"(?<![a-z0-9])l4t[\s:_*-]{0,6}(?:release[\s:*]{0,6})?r?(?P<l4t>\d\d\.\d{1,2}(?:\.\d{1,2})?)(?![\d.])",
                  re.IGNORECASE)
_JETPACK = re.compile(r"\bjet ?pack[\s:_-]{0,3}(?:version[\s:]{0,3})?v?(?P<jp>\d(?:\.\d{1,2}){0,2})(?![\d.])",
                      re.IGNORECASE)
_MODEL = re.compile(r"\bjetson[\s_-]{0,2}(?P<model>(?:agx[\s_-]?)?(?:orin|xavier|nano|tx[12]|thor)"
                    r"(?:[\s_-](?:nano|nx|agx|super))?)\b", re.IGNORECASE)
_TEGRA_KERNEL = re.compile(r"\b(?P<kernel>\d\.\d{1,2}\.\d{1,3}-tegra)\b")
_PROMPT_HOST = re.compile(r"@(?:[\w-]{0,20}[-_])?(?:jetson|orin|xavier|tegra)(?:[-_][\w-]{0,20})?:", re.IGNORECASE)


def parse_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    line = lines[index]
    found = False
    tegra = _NV_TEGRA.search(line)
    if tegra:
        reading.add("platform.jetson.nv_tegra_release", line.strip()[:200], lineno, KIND)
        reading.add("platform.jetson.l4t_version",
                    f"{tegra.group('major')}.{tegra.group('rev')}.{tegra.group('minor')}", lineno, KIND)
        found = True
    l4t = None if tegra else _L4T.search(line)
    if l4t:
        version = l4t.group("l4t")
        reading.add("platform.jetson.l4t_version", version if version.count(".") == 2 else version + ".0", lineno,
                    KIND)
        found = True
    jetpack = _JETPACK.search(line)
    if jetpack:
        reading.add("platform.jetson.jetpack_version", jetpack.group("jp"), lineno, KIND)
        found = True
    model = _MODEL.search(line)
    if model:
        reading.add("platform.jetson.model", "Jetson " + " ".join(model.group("model").replace("_", " ").replace(
            "-", " ").split()).title(), lineno, KIND)
        found = True
    kernel = _TEGRA_KERNEL.search(line)
    if kernel:
        reading.observations.extend(kernel_readings(kernel.group("kernel"), lineno, KIND))
        found = True
    if not found and _PROMPT_HOST.search(line):
        reading.add("platform.jetson.model", "Jetson", lineno, KIND)
        found = True
    if found:
        reading.add("host.os", "Linux", lineno, KIND)
        reading.add("host.arch", "aarch64", lineno, KIND)
    return reading


def kernel_readings(kernel: str, lineno: int, kind: str) -> list:
    """A -tegra kernel release ("5.15.136-tegra") is L4T's: the machine is a Jetson."""
    if not kernel.lower().endswith("-tegra"):
        return []
    reading = Reading()
    reading.add("platform.jetson.tegra_kernel", True, lineno, kind)
    return reading.observations
