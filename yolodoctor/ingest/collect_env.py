"""`python -m torch.utils.collect_env` output, every format it has had:
"Is CUDA available: Yes" (1.0) and "True" (later), "[pip] numpy (1.15.4)",
"[pip] numpy==1.19", "[pip3] ...", "[conda] pytorch 1.4.0 py3.7_cuda10.1.243_cudnn7.6.3_0",
GPUs on one line or one per line, Windows (WMIC "Name=...") and macOS.

What each line means follows collect_env itself: "CUDA used to build PyTorch"
is torch.version.cuda, "CUDA runtime version" is what `nvcc --version` says,
"GPU models and configuration" is `nvidia-smi -L`, "Nvidia driver version" is
read from `nvidia-smi`, "cuDNN version" lists libcudnn files found on disk
(not necessarily the cuDNN torch loads, so it is not taken as torch's).
"""

from __future__ import annotations

import re
from typing import Sequence

from .jetson import kernel_readings
from .model import Reading, Segment
from .values import distribution_observations, first_version, major_minor, torch_observations, version

KIND = "collect_env"
LABEL = "PyTorch collect_env output"
NEEDLES = ("Collecting environment information", "PyTorch version:")
START = r"\s*(?:Collecting environment information|PyTorch version:\s)"

_KEY = re.compile(r"\s*(?P<key>[A-Za-z][\w ()./'-]*?)\s*:\s?(?P<value>.*)$")
_LIB = re.compile(r"\s*\[(?P<tool>pip\d?|conda)\]\s+(?P<rest>.*)$")
_GPU = re.compile(r"\s*GPU (?P<index>\d+):\s*(?P<name>.+?)(?:\s*\(UUID: [^)]*\))?\s*$")
_UNKNOWN = {"", "n/a", "none", "could not collect", "no cuda", "unknown"}
_KNOWN_KEYS = ("PyTorch version", "Is debug build", "CUDA used to build PyTorch", "ROCM used to build PyTorch",
               "OS", "GCC version", "Clang version", "CMake version", "Libc version", "Python version",
               "Python platform", "Is CUDA available", "CUDA runtime version", "CUDA_MODULE_LOADING set to",
               "GPU models and configuration", "Nvidia driver version", "cuDNN version", "HIP runtime version",
               "MIOpen runtime version", "Is XNNPACK available", "Is XPU available", "Caching allocator config",
               "CPU", "Versions of relevant libraries", "Collecting environment information")
_KEY_ALTERNATION = "|".join(re.escape(k) for k in sorted(_KNOWN_KEYS, key=len, reverse=True))
_KNOWN_LINE = re.compile(rf"\s*(?:{_KEY_ALTERNATION}):")
_RUN_TOGETHER = re.compile(rf"(?<!\s)\s{{3,}}(?=(?:{_KEY_ALTERNATION}):)")


def extent(lines: Sequence[str], start: int) -> int:
    end = start
    blanks = 0
    in_libraries = False
    in_cpu = False
    while end < len(lines) and end - start < 1500:
        line = lines[end]
        stripped = line.strip()
        if not stripped:
            blanks += 1
            if blanks > 2 or in_libraries:
                break
            end += 1
            continue
        blanks = 0
        if stripped.startswith("Versions of relevant libraries"):
            in_libraries, in_cpu = True, False
        elif in_libraries:
            if not _LIB.match(line):
                break
        elif stripped == "CPU:":
            in_cpu = True
        elif in_cpu:
            pass  # lscpu / WMIC lines until the libraries section
        elif not (_KEY.match(line) or _GPU.match(line) or stripped.startswith(("/", "\\")) or line[:1].isspace()
                  or re.match(r"[A-Za-z]:\\", stripped) or _known_key_follows(lines, end)):
            break
        end += 1
    return end - blanks if not in_libraries else end


def _known_key_follows(lines: Sequence[str], index: int) -> bool:
    """A line the terminal wrapped ("(clang-1500.1.0.2.5)] (64-bit runtime)") is inside the dump
    when a collect_env key comes right after it."""
    return any(_KNOWN_LINE.match(line) for line in lines[index + 1:index + 3])


def _unjoin(lines: Sequence[str]) -> list[tuple[int, str]]:
    """(offset, line) with lines that a paste ran together ("Libc version: glibc-2.28      Python version: ...")
    split again at each known key."""
    out = []
    for offset, line in enumerate(lines):
        for piece in _RUN_TOGETHER.split(line):
            out.append((offset, piece))
    return out


def parse(segment: Segment) -> Reading:
    reading = Reading()
    values: dict[str, tuple[str, int]] = {}
    gpu_lines: list[tuple[str, int]] = []
    in_gpus = in_cpu = False
    for offset, line in _unjoin(segment.lines):
        lineno = segment.first_line + offset
        lib = _LIB.match(line)
        if lib:
            _library(reading, lib.group("tool"), lib.group("rest"), lineno)
            continue
        if in_gpus:
            gpu = _GPU.match(line)
            if gpu:
                gpu_lines.append((line, lineno))
                continue
            in_gpus = False
        if in_cpu:
            if line.strip().startswith("Versions of relevant libraries"):
                in_cpu = False
            continue
        match = _KEY.match(line)
        if not match:
            continue
        key, value = match.group("key").strip(), match.group("value").strip()
        if key == "CPU" and not value:
            in_cpu = True
            continue
        if key == "GPU models and configuration":
            in_gpus = True
            if value and _GPU.match(value):
                gpu_lines.append((value, lineno))
            elif value and value.lower() not in _UNKNOWN:
                values[key] = (value, lineno)  # ROCm/macOS: a bare device name
            continue
        if key in _KNOWN_KEYS and key not in values:
            values[key] = (value, lineno)
    _apply(reading, values, gpu_lines)
    return reading


def _known(value: str) -> bool:
    return value.strip().lower() not in _UNKNOWN


def _apply(reading: Reading, values: dict[str, tuple[str, int]], gpu_lines: list[tuple[str, int]]) -> None:
    def get(key: str):
        return values.get(key, ("", 0))

    torch_version, line = get("PyTorch version")
    if _known(torch_version):
        found = version(torch_version)
        if found:
            reading.observations.extend(torch_observations(found, line, KIND))
            built, built_line = get("CUDA used to build PyTorch")
            rocm, rocm_line = get("ROCM used to build PyTorch")
            if built_line:
                # "None" here is torch.version.cuda = None: a CPU (or ROCm) build. Known, so the record is complete.
                # collect_env prints None values as "Could not collect" and writes "None" only when no driver or GPU
                # was found either, so with a driver present a CPU build reads "Could not collect"; a ROCm build
                # names its HIP version on the next line.
                cuda = version(built) if _known(built) else None
                cpu_build = built.strip() == "None" or (built.strip().lower() == "could not collect"
                                                         and not _known(rocm))
                if cuda or cpu_build:
                    reading.add("torch.status", "ok", built_line, KIND)
                    _set(reading, "torch.cuda", cuda, built_line)
                    if rocm_line:
                        _set(reading, "torch.hip", rocm.strip() if _known(rocm) else None, rocm_line)
    elif line:
        reading.notes.append(f"collect_env could not import torch (line {line}: PyTorch version: {torch_version})")
    available, line = get("Is CUDA available")
    if available.strip() in ("True", "Yes"):
        reading.add("torch.cuda_available", True, line, KIND)
    elif available.strip() in ("False", "No"):
        reading.add("torch.cuda_available", False, line, KIND)
    python, line = get("Python version")
    found = first_version(python)
    if found:
        reading.add("python.version", found, line, KIND)
    runtime, line = get("CUDA runtime version")
    if _known(runtime) and major_minor(first_version(runtime)):
        reading.add("cuda.nvcc_version", major_minor(first_version(runtime)), line, KIND)
        reading.add("cuda.nvcc.status", "ok", line, KIND)
    driver, line = get("Nvidia driver version")
    if _known(driver) and version(driver):
        reading.add("nvidia.driver_version", driver, line, KIND)
        reading.add("nvidia.driver_version_source", "nvidia-smi", line, KIND)
        reading.add("nvidia.driver_versions_seen.nvidia-smi", driver, line, KIND)
    _os(reading, get("OS"), get("Python platform"))
    alloc, line = get("Caching allocator config")
    if _known(alloc):
        reading.add("env.pytorch_cuda_alloc_conf", alloc, line, KIND)
    cudnn, line = get("cuDNN version")
    if _known(cudnn):
        reading.notes.append(f"collect_env lists cuDNN files on disk (line {line}); which one torch loads is not shown")
    for text, lineno in gpu_lines:
        gpu = _GPU.match(text)
        if gpu:
            index = int(gpu.group("index"))
            reading.add(f"nvidia.gpus[{index}].index", index, lineno, KIND)
            reading.add(f"nvidia.gpus[{index}].name", gpu.group("name"), lineno, KIND)
            reading.add("nvidia.gpus_source", "nvidia-smi", lineno, KIND)


def _set(reading: Reading, path: str, value, line: int) -> None:
    from .model import Observation

    reading.observations.append(Observation(path, value, line, KIND))


def _os(reading: Reading, os_entry: tuple[str, int], platform_entry: tuple[str, int]) -> None:
    text, line = os_entry
    if _known(text):
        arch = re.search(r"\((x86_64|aarch64|arm64|ppc64le|s390x|AMD64)\)\s*$", text)
        distro = text[:arch.start()].strip() if arch else text.strip()
        if arch:
            reading.add("host.arch", arch.group(1), line, KIND)
        lowered = distro.lower()
        if "windows" in lowered:
            reading.add("host.os", "Windows", line, KIND)
        elif lowered.startswith(("macos", "mac os")):
            reading.add("host.os", "Darwin", line, KIND)
        elif distro:
            reading.add("host.os", "Linux", line, KIND)
        reading.add("host.distro", distro, line, KIND)
    text, line = platform_entry
    platform = re.match(r"(?P<os>Linux|Windows|macOS)-(?P<release>[^-]+(?:-[^-]+)*?)-(?P<arch>x86_64|aarch64|arm64|"
                        r"AMD64|ppc64le)", text)
    if platform:
        if platform.group("os") == "Linux":
            reading.add("host.kernel", platform.group("release"), line, KIND)
            reading.observations.extend(kernel_readings(platform.group("release"), line, KIND))
            if "microsoft" in platform.group("release").lower():
                reading.add("host.container", "wsl2", line, KIND)
                reading.add("host.container_evidence[]", f"kernel {platform.group('release')}", line, KIND)
        reading.add("host.arch", platform.group("arch"), line, KIND)


def _library(reading: Reading, tool: str, rest: str, lineno: int) -> None:
    rest = rest.strip()
    if not rest or rest.lower().startswith("could not collect"):
        return
    if tool == "conda":
        from .pip_list import conda_line

        reading.observations.extend(conda_line(rest, lineno, KIND))
        return
    old = re.fullmatch(r"(?P<name>[A-Za-z0-9][\w.-]*) \((?P<version>[^)]+)\)", rest)  # "[pip] numpy (1.15.4)"
    pinned = re.fullmatch(r"(?P<name>[A-Za-z0-9][\w.-]*)\s*==\s*(?P<version>\S+)", rest)
    found = old or pinned
    if found:
        reading.observations.extend(distribution_observations(found.group("name"), found.group("version"), lineno,
                                                              KIND))
