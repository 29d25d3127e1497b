"""`docker run` / `nvidia-docker run` / `podman run` command lines.

A container sees a GPU only when it is started with `--gpus`, the nvidia
runtime, or a CDI/device mapping; its /dev/shm is 64 MB unless `--shm-size`
or `--ipc=host` says otherwise (Docker's documented default). A pasted
command line therefore says what the container was given.
"""

from __future__ import annotations

import re
import shlex
from typing import Optional, Sequence

from ..i18n import tr
from .model import LIKELY, Reading, Signal
from .values import size_bytes

KIND = "docker"
LABEL = "docker run command"
NEEDLES = ("docker", "podman")
LINE_PATTERN = r"\b(?:nvidia-docker|docker|podman)(?:\s+container)?\s+run\b"
_COMMAND = re.compile(LINE_PATTERN)
# Options that take a value as the next word (the rest are flags): docker run's and podman run's, as documented
# (DOCS_RUN). One missing here ends the options early, and the value is taken for the image.
_WITH_VALUE = {
    "-e", "--env", "-v", "--volume", "-p", "--publish", "--name", "-w", "--workdir", "--gpus", "--runtime",
    "--shm-size", "--ipc", "--device", "--network", "--net", "-u", "--user", "--entrypoint", "--mount",
    "--env-file", "-h", "--hostname", "--cpus", "-m", "--memory", "--ulimit", "--label", "-l", "--add-host",
    "--platform", "--pull", "--restart", "--cap-add", "--cap-drop", "--security-opt", "--tmpfs", "--log-driver",
    "--memory-swap", "--cpuset-cpus", "--pid", "--uts", "--userns", "--group-add", "--dns", "--expose",
    "--health-cmd", "--stop-signal", "--cgroupns", "--storage-opt", "--sysctl", "--annotation",
    "--log-opt", "-a", "--attach", "-c", "--cpu-shares", "--cpu-period", "--cpu-quota", "--cpu-rt-period",
    "--cpu-rt-runtime", "--cpuset-mems", "--blkio-weight", "--blkio-weight-device", "--cidfile", "--cgroup-parent",
    "--detach-keys", "--device-cgroup-rule", "--device-read-bps", "--device-read-iops", "--device-write-bps",
    "--device-write-iops", "--dns-option", "--dns-search", "--domainname", "--health-interval", "--health-retries",
    "--health-start-period", "--health-start-interval", "--health-timeout", "--ip", "--ip6", "--isolation",
    "--kernel-memory", "--label-file", "--link", "--link-local-ip", "--mac-address", "--memory-reservation",
    "--memory-swappiness", "--network-alias", "--oom-score-adj", "--pids-limit", "--stop-timeout", "--volume-driver",
    "--volumes-from",
}
DOCS_RUN = "https://docs.docker.com/reference/cli/docker/container/run/"
DOCS_GPUS = "https://docs.docker.com/engine/containers/resource_constraints/#gpu"


def parse_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    text = _joined(lines, index)
    match = _COMMAND.search(text)
    if not match:
        return reading
    words = _words(text[match.start():])
    if words is None:
        return reading
    options = _options(words)
    shown = " ".join(words)[:200].rstrip()  # cut inside a long command: no trailing space before "(line N)"
    reading.add("host.container", "docker" if "podman" not in words[0] else "podman", lineno, KIND)
    reading.add("host.container_evidence[]", f"container started with: {shown}", lineno, KIND)
    gpus = ("--gpus" in options or options.get("--runtime") == ["nvidia"] or words[0] == "nvidia-docker"
            or any("nvidia" in value for value in options.get("--device", [])))
    if not gpus:
        reading.signals.append(Signal(
            id="docker-run-without-gpus", category="gpu_not_visible", certainty=LIKELY,
            title=tr("The container is started without {flag} (or the nvidia runtime), so it sees no GPU",
                     flag="--gpus"),
            line=lineno, text=shown, source=DOCS_GPUS, origin=KIND,
            fix=tr("Start the container with {flag} (NVIDIA Container Toolkit installed on the host).",
                   flag="--gpus all")))
    shm = options.get("--shm-size")
    if shm:
        found = size_bytes(shm[-1], binary_units=True)
        if found:
            reading.add("host.shm_total_bytes", found, lineno, KIND)
    elif options.get("--ipc") != ["host"] and not _shm_mounted(options) and not _gpu_check_only(words):
        reading.signals.append(Signal(
            id="docker-run-default-shm", category="shm_small", certainty=LIKELY,
            title=tr("The container gets Docker's default 64 MB /dev/shm (no {size}, no {ipc}); DataLoader workers "
                     "need more", size="--shm-size", ipc="--ipc=host"), line=lineno, text=shown, source=DOCS_RUN,
            origin=KIND, fix=tr("Start the container with {size} (or {ipc}).", size="--shm-size=8g",
                                ipc="--ipc=host")))
    for assignment in options.get("-e", []) + options.get("--env", []):
        name, _, value = assignment.partition("=")
        field = {"NVIDIA_VISIBLE_DEVICES": "nvidia_visible_devices", "CUDA_VISIBLE_DEVICES": "cuda_visible_devices",
                 "NVIDIA_DRIVER_CAPABILITIES": "nvidia_driver_capabilities"}.get(name)
        if field and _:
            reading.add(f"nvidia.{field}", value, lineno, KIND)
    return reading


def _gpu_check_only(words: Sequence[str]) -> bool:
    """Whether the container runs nvidia-smi, the toolkit's check that it sees the GPU: no worker shares memory
    there, so its /dev/shm says nothing."""
    return any(word == "nvidia-smi" or word.endswith("/nvidia-smi") for word in words[2:])


def _shm_mounted(options: dict[str, list[str]]) -> bool:
    """Whether the command mounts something on /dev/shm itself: the host's (-v /dev/shm:/dev/shm, --mount
    type=bind,...,target=/dev/shm) or a tmpfs (--tmpfs /dev/shm:size=8g). Either replaces Docker's 64 MB default."""
    volumes = options.get("-v", []) + options.get("--volume", [])
    if any(_volume_target(value) == "/dev/shm" for value in volumes):
        return True
    if any(value.split(":", 1)[0] == "/dev/shm" for value in options.get("--tmpfs", [])):
        return True
    for value in options.get("--mount", []):
        fields = dict(part.partition("=")[::2] for part in value.split(","))
        if (fields.get("target") or fields.get("destination") or fields.get("dst")) == "/dev/shm":
            return True
    return False


def _volume_target(value: str) -> str:
    """The container side of a -v SOURCE:TARGET[:OPTIONS] volume."""
    parts = value.split(":")
    return parts[1] if len(parts) >= 2 else parts[0]


def _joined(lines: Sequence[str], index: int) -> str:
    """The command with its continuation lines (bash `\\`, PowerShell `` ` ``, cmd `^`)."""
    parts = [lines[index]]
    following = index
    while parts[-1].rstrip().endswith(("\\", "`", "^")) and following + 1 < len(lines) and len(parts) < 40:
        parts[-1] = parts[-1].rstrip()[:-1]
        following += 1
        parts.append(lines[following])
    if parts[-1].rstrip().endswith(("\\", "`", "^")):
        parts[-1] = parts[-1].rstrip()[:-1]  # the paste ends where the command goes on: the marker is no word of it
    return " ".join(parts)


def _words(text: str) -> Optional[list[str]]:
    try:
        words = shlex.split(text, comments=False)
    except ValueError:  # unbalanced quotes in a pasted fragment
        words = text.split()
    return words or None


def _options(words: list[str]) -> dict[str, list[str]]:
    options: dict[str, list[str]] = {}
    position = 1
    while position < len(words) and words[position] != "run":
        position += 1
    position += 1
    while position < len(words):
        word = words[position]
        if not word.startswith("-"):
            break  # the image: what follows belongs to the container's command
        name, equals, value = word.partition("=")
        if equals:
            options.setdefault(name, []).append(value)
        elif name in _WITH_VALUE and position + 1 < len(words):
            options.setdefault(name, []).append(words[position + 1])
            position += 1
        else:
            options.setdefault(name, []).append("")
        position += 1
    return options
