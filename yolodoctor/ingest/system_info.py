"""Operating-system lines: `uname -a` / `uname -r`, /etc/os-release,
`lsb_release -a`, `df -h` (the /dev/shm row), `free -h` (the Mem row)."""

from __future__ import annotations

import re
from typing import Sequence

from .jetson import kernel_readings
from .model import Reading
from .values import size_bytes

KIND = "system"
LABEL = "system information"
NEEDLES = ("uname", "Linux ", "PRETTY_NAME=", "Description:", "/dev/shm", "Mem:")
LINE_PATTERN = (r"^\s*(?:\$\s*)?(?:uname\b|Linux \S+ \d+\.\d+\.\d+)|PRETTY_NAME=|^\s*Description:\s|"
                r"\s/dev/shm\s*$|^\s*Mem:\s")

_UNAME_A = re.compile(r"Linux (?P<host>\S+) (?P<kernel>\d+\.\d+\.\d+\S*) .*?(?P<arch>x86_64|aarch64|ppc64le)\b")
_UNAME_R = re.compile(r"^\s*(?:\$\s*)?uname -r(?:\s*:)?\s*(?P<kernel>\d+\.\d+\.\d+\S*)\s*$")
_PRETTY = re.compile(r"PRETTY_NAME=\"?(?P<name>[^\"]+)\"?")
_DESCRIPTION = re.compile(r"^\s*Description:\s+(?P<name>(?:Ubuntu|Debian|CentOS|Red Hat|Rocky|AlmaLinux|Fedora|"
                          r"openSUSE|SUSE|Arch|Amazon|Oracle|Linux Mint|Pop!_OS)\b.*?)\s*$")
_DF_SHM = re.compile(r"^\s*\S+\s+(?P<size>\d+(?:\.\d+)?[KMGTP]?)\s+\S+\s+\S+\s+\d+%\s+/dev/shm\s*$")
_FREE = re.compile(r"^\s*Mem:\s+(?P<total>\d+(?:\.\d+)?[KMGTP]i?)\s")


def parse_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    line = lines[index]
    uname = _UNAME_A.search(line)
    if uname:
        _kernel(reading, uname.group("kernel"), lineno)
        reading.add("host.arch", uname.group("arch"), lineno, KIND)
    uname_r = _UNAME_R.match(line)
    if uname_r:
        _kernel(reading, uname_r.group("kernel"), lineno)
    for pattern in (_PRETTY, _DESCRIPTION):
        distro = pattern.search(line)
        if distro:
            reading.add("host.distro", distro.group("name").strip(), lineno, KIND)
            reading.add("host.os", "Linux", lineno, KIND)
    shm = _DF_SHM.match(line)
    if shm:
        found = size_bytes(shm.group("size"), binary_units=True)
        if found:
            reading.add("host.shm_total_bytes", found, lineno, KIND)
    free = _FREE.match(line)
    if free:
        found = size_bytes(free.group("total").replace("i", ""), binary_units=True)
        if found:
            reading.add("host.memory_total_bytes", found, lineno, KIND)
    return reading


def _kernel(reading: Reading, kernel: str, lineno: int) -> None:
    reading.add("host.os", "Linux", lineno, KIND)
    reading.add("host.kernel", kernel, lineno, KIND)
    reading.observations.extend(kernel_readings(kernel, lineno, KIND))
    if "microsoft" in kernel.lower():
        reading.add("host.container", "wsl2", lineno, KIND)
        reading.add("host.container_evidence[]", f"kernel {kernel}", lineno, KIND)
