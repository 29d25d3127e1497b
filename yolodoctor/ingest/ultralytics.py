"""Ultralytics output: the startup banner every train/predict prints, and `yolo checks`.

The banner ("Ultralytics 8.3.40 🚀 Python-3.10.12 torch-2.1.0+cu121 CUDA:0
(NVIDIA GeForce RTX 3090, 24135MiB)") is printed by select_device() once torch
has been imported, so it proves the torch version and, for a CUDA device,
that torch saw that GPU. YOLOv5 prints the same line with its own git tag.
`yolo checks` prints collect_system_info(): a key/value table, then one line
per requirement with its installed version. Its "CUDA" row is
torch.version.cuda and is only filled in when torch.cuda.is_available().
"""

from __future__ import annotations

import re
from typing import Sequence

from .model import Reading, Segment
from .values import distribution_observations, torch_observations, version

BANNER_KIND = "ultralytics_banner"
BANNER_LABEL = "Ultralytics banner"
BANNER_NEEDLES = ("Python-",)
BANNER_PATTERN = r"Python-\d+\.\d+.*torch-\d"
_BANNER = re.compile(r"(?P<who>Ultralytics|YOLOv5|YOLOv3|YOLOv8)\b(?P<between>.{0,64}?)"
                     r"\s{0,4}Python-(?P<python>\d+\.\d+(?:\.\d+)?)"
                     r"\s+torch-(?P<torch>\S+)\s*(?P<devices>.*)$")
_ULTRALYTICS_VERSION = re.compile(r"\s*(?:YOLOv)?(?P<version>\d+\.\d+\.\d+[\w.]*)")
_CUDA_DEVICE = re.compile(r"CUDA:(?P<index>\d+) \((?P<name>.+?), (?P<mib>\d+)\s*MiB\)")
_CONTINUATION = re.compile(r"\s+CUDA:\d+ \(")
# select_device() prints "CPU" for the device when it was asked for the CPU, or when it was left to choose and
# torch.cuda.is_available() was False (asked for a CUDA device it cannot see, it raises instead): with no request for
# the CPU anywhere in the paste, a banner's "CPU" says torch could not use CUDA.
_CPU_DEVICE = re.compile(r"CPU\b")
_CPU_ASKED = re.compile(r"(?i:device)\s{0,2}[=:]\s{0,2}['\"]?(?i:cpu)\b|--device[ =]['\"]?(?i:cpu)\b|"
                        r"(?i:\.to\(\s{0,2}['\"]cpu|\.cpu\(\))|(?i:on (?:the )?cpu)\b|(?i:cpu[- ]only)")


def parse_banner(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    match = _BANNER.search(lines[index])
    if not match:
        return reading
    if match.group("who") == "Ultralytics":
        found = _ULTRALYTICS_VERSION.match(match.group("between"))
        if found and version(found.group("version")):
            reading.add("packages.ultralytics.version", found.group("version"), lineno, BANNER_KIND)
            reading.add("packages.ultralytics.status", "ok", lineno, BANNER_KIND)
    reading.add("python.version", version(match.group("python")), lineno, BANNER_KIND)
    reading.observations.extend(torch_observations(match.group("torch"), lineno, BANNER_KIND))
    # a CPU build's banner says "CPU" whatever was asked: that is the build, already read, not a failed request
    if _CPU_DEVICE.match(match.group("devices")) and "+cpu" not in match.group("torch") \
            and not any(_CPU_ASKED.search(line) for line in lines[:2000]):
        reading.add("torch.cuda_available", False, lineno, BANNER_KIND)
    devices = [(match.group("devices"), lineno)]
    following = index + 1
    while following < len(lines) and following - index < 64 and _CONTINUATION.match(lines[following]):
        devices.append((lines[following], lineno + following - index))
        following += 1
    for text, where in devices:
        for device in _CUDA_DEVICE.finditer(text):
            number = int(device.group("index"))
            reading.add("torch.cuda_available", True, where, BANNER_KIND)
            reading.add(f"torch.devices[{number}].index", number, where, BANNER_KIND)
            reading.add(f"torch.devices[{number}].name", device.group("name"), where, BANNER_KIND)
            reading.add(f"torch.devices[{number}].total_memory_bytes", int(device.group("mib")) << 20, where,
                        BANNER_KIND)
    return reading


CHECKS_KIND = "yolo_checks"
CHECKS_LABEL = "yolo checks"
CHECKS_NEEDLES = ("Setup complete", "OS  ")
CHECKS_START = r"\s*(?:Setup complete\b|OS {2,}\S)"
_ROW = re.compile(r"\s*(?P<key>[A-Za-z][\w.\- ]*?)\s{2,}(?P<value>\S.*)$")
_SETUP = re.compile(r"Setup complete\b.{0,200}?\((?P<cpus>\d+) CPUs, (?P<ram>[\d.]+) GB RAM")
_INFO_KEYS = {"OS", "Environment", "Python", "Install", "Path", "RAM", "Disk", "CPU", "CPU count", "GPU", "GPU count",
              "CUDA", "Ultralytics", "JSONDict"}


def checks_extent(lines: Sequence[str], start: int) -> int:
    end, blanks = start, 0
    while end < len(lines) and end - start < 400:
        line = lines[end]
        if not line.strip():
            blanks += 1
            if blanks > 2:
                break
        elif _ROW.match(line) or line.lstrip().startswith("Setup complete"):
            blanks = 0
        else:
            break
        end += 1
    end -= blanks
    rows = [line for line in lines[start:end] if _ROW.match(line)]
    keys = {_ROW.match(line).group("key") for line in rows}
    return end if len(keys & _INFO_KEYS) >= 2 or lines[start].lstrip().startswith("Setup complete") else start


def checks_parse(segment: Segment) -> Reading:
    reading = Reading()
    # The RAM row has two decimals, the "Setup complete" line one: read memory from the row when there is one.
    has_ram_row = any((_ROW.match(line) and _ROW.match(line).group("key") == "RAM") for line in segment.lines)
    # Ultralytics fills the GPU row only when torch.cuda.is_available(); its CUDA row is torch.version.cuda,
    # which a ROCm build leaves None while it sees an AMD GPU. "CUDA None" beside a GPU row is not "no GPU".
    gpu_row = any((_ROW.match(line) and _ROW.match(line).group("key") == "GPU"
                   and re.search(r"(?<!\d)\d{1,9}\s{0,4}MiB\s{0,64}$", line)) for line in segment.lines)
    for offset, line in enumerate(segment.lines):
        lineno = segment.first_line + offset
        setup = _SETUP.search(line)
        if setup:
            reading.add("host.cpu_count", int(setup.group("cpus")), lineno, CHECKS_KIND)
            if not has_ram_row:
                reading.add("host.memory_total_bytes", int(float(setup.group("ram")) * (1 << 30)), lineno,
                            CHECKS_KIND)
            continue
        row = _ROW.match(line)
        if not row:
            continue
        key, value = row.group("key").strip(), row.group("value").strip()
        if key == "CUDA" and value == "None" and gpu_row:
            reading.add("torch.cuda_available", True, lineno, CHECKS_KIND)
        elif key in _INFO_KEYS:
            _info(reading, key, value, lineno)
        else:
            _requirement(reading, key, value, lineno)
    return reading


def _info(reading: Reading, key: str, value: str, lineno: int) -> None:
    if key == "OS":
        _platform(reading, value, lineno)
    elif key == "Environment":
        if value.lower() == "docker":
            reading.add("host.container", "docker", lineno, CHECKS_KIND)
            reading.add("host.container_evidence[]", "yolo checks: Environment Docker", lineno, CHECKS_KIND)
    elif key == "Python":
        reading.add("python.version", version(value), lineno, CHECKS_KIND)
    elif key == "Ultralytics":
        reading.add("packages.ultralytics.version", version(value), lineno, CHECKS_KIND)
    elif key == "Install":
        kind = {"git": "git", "pip": "wheel"}.get(value)
        if kind:
            reading.add("packages.ultralytics.details.install_kind", kind, lineno, CHECKS_KIND)
    elif key == "Path":
        reading.add("packages.ultralytics.location", value, lineno, CHECKS_KIND)
    elif key == "RAM":
        found = re.match(r"([\d.]+)\s*GB", value)
        if found:
            reading.add("host.memory_total_bytes", int(float(found.group(1)) * (1 << 30)), lineno, CHECKS_KIND)
    elif key == "CPU count" and value.isdigit():
        reading.add("host.cpu_count", int(value), lineno, CHECKS_KIND)
    elif key == "CUDA":
        if value == "None":
            reading.add("torch.cuda_available", False, lineno, CHECKS_KIND)
        elif version(value):
            reading.add("torch.cuda", value, lineno, CHECKS_KIND)
            reading.add("torch.cuda_available", True, lineno, CHECKS_KIND)
    elif key == "GPU":
        device = re.match(r"(?P<name>.+?), (?P<mib>\d+)\s*MiB$", value)
        if device:
            reading.add("torch.devices[0].index", 0, lineno, CHECKS_KIND)
            reading.add("torch.devices[0].name", device.group("name"), lineno, CHECKS_KIND)
            reading.add("torch.devices[0].total_memory_bytes", int(device.group("mib")) << 20, lineno, CHECKS_KIND)
    elif key == "GPU count" and value.isdigit():
        reading.add("torch.device_count", int(value), lineno, CHECKS_KIND)


def _platform(reading: Reading, value: str, lineno: int) -> None:
    """platform.platform(): "Linux-6.8.0-49-generic-x86_64-with-glibc2.35", "Windows-10-10.0.22631-SP0"."""
    linux = re.match(r"Linux-(?P<kernel>.+?)-(?P<arch>x86_64|aarch64|ppc64le|s390x)\b", value)
    if linux:
        reading.add("host.os", "Linux", lineno, CHECKS_KIND)
        reading.add("host.kernel", linux.group("kernel"), lineno, CHECKS_KIND)
        reading.add("host.arch", linux.group("arch"), lineno, CHECKS_KIND)
        if "microsoft" in linux.group("kernel").lower():
            reading.add("host.container", "wsl2", lineno, CHECKS_KIND)
            reading.add("host.container_evidence[]", f"kernel {linux.group('kernel')}", lineno, CHECKS_KIND)
    elif value.startswith("Windows-"):
        reading.add("host.os", "Windows", lineno, CHECKS_KIND)
    elif value.startswith("macOS-"):
        reading.add("host.os", "Darwin", lineno, CHECKS_KIND)


def _requirement(reading: Reading, name: str, value: str, lineno: int) -> None:
    """"numpy  ✅ 1.26.4>=1.23.0" (the mark may arrive as mojibake); "(not installed)" is kept as unknown."""
    words = value.split(None, 1)
    if len(words) == 2 and not words[0][:1].isdigit():
        value = words[1]  # drop the ✅/❌ mark, whatever encoding it came in
    found = re.match(r"(?P<version>[^<>=!~;,\s]+)", value)
    if found and version(found.group("version")):
        reading.observations.extend(distribution_observations(name, found.group("version"), lineno, CHECKS_KIND))

