"""Facts that error messages prove, beyond the signal they raise.

"The NVIDIA driver on your system is too old (found version 11000)" says the
driver supports CUDA 11.0; "cuDNN ... linked against (8, 0, 3)" says which
cuDNN is loaded; a traceback through torch/__init__.py ending in ImportError
says torch does not import. Each reading here is exact: nothing is guessed.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Sequence

from .errors import Match
from .model import Reading
from .values import major_minor, version

KIND = "errors"
LABEL = "error messages"

Extractor = Callable[[Match, Reading], None]
_EXTRACTORS: dict[str, Extractor] = {}


def extractor(signature_id: str) -> Callable[[Extractor], Extractor]:
    def register(fn: Extractor) -> Extractor:
        _EXTRACTORS[signature_id] = fn
        return fn
    return register


def extractor_ids() -> tuple[str, ...]:
    return tuple(_EXTRACTORS)


def facts_from_matches(matches: dict[str, list[Match]]) -> Reading:
    reading = Reading()
    for signature_id, found in matches.items():
        extract = _EXTRACTORS.get(signature_id)
        if extract is None:
            continue
        for match in found[:50]:
            extract(match, reading)
    return reading


def _add(reading: Reading, path: str, value, match: Match) -> None:
    reading.add(path, value, match.line, KIND)


@extractor("torch-driver-too-old")
def _driver_too_old(match: Match, reading: Reading) -> None:
    if not match.groups.get("driver_cuda"):
        return  # quoted without "(found version N)": the driver's CUDA is not in the message
    number = int(match.groups["driver_cuda"])  # the driver's CUDA API version: 11040 -> 11.4
    _add(reading, "nvidia.cuda_driver_version", f"{number // 1000}.{(number % 1000) // 10}", match)
    _add(reading, "nvidia.cuda_driver_version_source", "torch error message", match)


@extractor("torch-not-compiled-with-cuda")
def _cpu_only(match: Match, reading: Reading) -> None:
    from .model import Observation

    # torch imported (it raised from torch.cuda) and torch.version.cuda is None: a CPU build.
    reading.observations.extend([Observation("torch.status", "ok", match.line, KIND),
                                 Observation("torch.cuda", None, match.line, KIND),
                                 Observation("torch.hip", None, match.line, KIND)])
    _add(reading, "torch.cuda_available", False, match)


@extractor("torch-no-nvidia-driver")
def _no_driver(match: Match, reading: Reading) -> None:
    _add(reading, "torch.cuda_available", False, match)


@extractor("nvml-driver-library-mismatch")
def _nvml_mismatch(match: Match, reading: Reading) -> None:
    _add(reading, "nvidia.nvml_status", "error", match)
    _add(reading, "nvidia.nvml_error", "Driver/library version mismatch", match)


@extractor("nvrm-api-mismatch")
def _api_mismatch(match: Match, reading: Reading) -> None:
    _add(reading, "nvidia.driver_versions_seen.kernel module (NVRM log)", version(match.groups.get("kernel")), match)
    _add(reading, "nvidia.driver_versions_seen.driver component (NVRM log)", version(match.groups.get("client")),
         match)


@extractor("nvidia-smi-missing")
def _smi_missing(match: Match, reading: Reading) -> None:
    _add(reading, "nvidia.nvidia_smi.status", "missing", match)


@extractor("nvidia-smi-cannot-communicate")
def _smi_failed(match: Match, reading: Reading) -> None:
    _add(reading, "nvidia.nvidia_smi.status", "error", match)
    _add(reading, "nvidia.nvidia_smi.error", match.text.strip(), match)


@extractor("torch-sm-not-compatible")
def _sm_incompatible(match: Match, reading: Reading) -> None:
    _device(reading, match, match.groups.get("gpu", "").strip(), _capability_of_sm(match.groups.get("sm")))


@extractor("torch-gpu-too-old")
def _gpu_too_old(match: Match, reading: Reading) -> None:
    _device(reading, match, match.groups.get("gpu", "").strip(), match.groups.get("cc"),
            int(match.groups.get("index", 0)))


def _device(reading: Reading, match: Match, name: str, capability, index: int = 0) -> None:
    if name:
        _add(reading, f"torch.devices[{index}].index", index, match)
        _add(reading, f"torch.devices[{index}].name", name, match)
        _add(reading, f"torch.devices[{index}].capability", capability, match)


def _capability_of_sm(sm) -> str:
    digits = str(sm or "")
    return f"{int(digits[:-1])}.{digits[-1]}" if len(digits) >= 2 and digits.isdigit() else None


@extractor("cudnn-version-incompatibility")
def _cudnn(match: Match, reading: Reading) -> None:
    runtime = [p.strip() for p in match.groups.get("runtime", "").split(",") if p.strip().isdigit()]
    if len(runtime) == 3:
        _add(reading, "torch.cudnn_version", ".".join(runtime), match)


@extractor("numpy2-abi")
def _numpy(match: Match, reading: Reading) -> None:
    _add(reading, "packages.numpy.version", version(match.groups.get("numpy")), match)


@extractor("torchvision-cuda-versions")
def _torchvision_cuda(match: Match, reading: Reading) -> None:
    _add(reading, "torch.cuda", version(match.groups.get("torch_cuda")), match)


@extractor("extension-cuda-mismatch")
def _extension_cuda(match: Match, reading: Reading) -> None:
    # torch's wording fills nvcc/torch_cuda, DeepSpeed's nvcc2/torch_cuda2 (its torch CUDA may be cut off).
    nvcc = match.groups.get("nvcc") or match.groups.get("nvcc2")
    torch_cuda = match.groups.get("torch_cuda") or match.groups.get("torch_cuda2")
    _add(reading, "cuda.nvcc_version", major_minor(nvcc), match)
    if torch_cuda:
        _add(reading, "torch.cuda", version(torch_cuda), match)


@extractor("flash-attn-undefined-symbol")
def _flash_abi(match: Match, reading: Reading) -> None:
    _add(reading, "packages.flash_attn.status", "error", match)
    _add(reading, "packages.flash_attn.error", match.text.strip(), match)
    _add(reading, "packages.flash_attn.details.cuda_ext_ok", False, match)


@extractor("flash-attn-cuda-module-missing")
def _flash_missing_ext(match: Match, reading: Reading) -> None:
    _add(reading, "packages.flash_attn.status", "error", match)
    _add(reading, "packages.flash_attn.error", match.text.strip(), match)
    _add(reading, "packages.flash_attn.details.cuda_ext_ok", False, match)


@extractor("pip-requires-different-python")
def _pip_python(match: Match, reading: Reading) -> None:
    _add(reading, "python.version", version(match.groups.get("python")), match)


# ---- lines that state a fact in passing -----------------------------------------------------

LINE_KIND = "message_facts"
LINE_LABEL = "facts stated in messages"
NEEDLES = ("NVML library version:", "supports CUDA capabilities", "PyTorch has CUDA", "minor version mismatch",
           "MINOR VERSION MISMATCH")
LINE_PATTERN = (r"NVML library version:|supports CUDA capabilities|PyTorch has CUDA\s+Version="
                r"|(?i:minor\s{1,3}version\s{1,3}mismatch)")
_NVML_LIBRARY = re.compile(r"NVML library version:\s*(?P<version>\d+\.\d+(?:\.\d+)?)")
_ARCH_LIST = re.compile(r"supports CUDA capabilities (?P<list>(?:sm_\d+a?\s*)+)")
# torch.utils.cpp_extension's warning for a toolkit of torch's CUDA major but another minor ("The detected CUDA
# version (11.5) has a minor version mismatch with the version that was used to compile PyTorch (11.7)"): only a
# warning to torch, but it names both versions, so YD520 can judge a toolkit older than torch's CUDA. pip indents
# and terminals wrap it, so the torch half may be on the next line.
_MINOR_MISMATCH = re.compile(r"(?i:detected\s{1,3}CUDA\s{1,3}version)\s{0,3}\(\s{0,2}(?P<nvcc>\d{1,2}\.\d{1,2})(?:\.\d{1,4})?"
                             r"\s{0,2}\)\s{0,3}(?i:has\s{1,3}a\s{1,3}minor\s{1,3}version\s{1,3}mismatch\s{1,3}with\s{1,3}the"
                             r"\s{1,3}version\s{1,3}that\s{1,3}was\s{1,3}used\s{1,3}to\s{1,3}compile\s{1,8}PyTorch)"
                             r"\s{0,3}\(\s{0,2}(?P<torch_cuda>\d{1,2}\.\d{1,2})(?:\.\d{1,4})?\s{0,2}\)")


def parse_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    line = lines[index]
    nvml = _NVML_LIBRARY.search(line)
    if nvml:
        # The user-space NVML library's version, printed when it does not match the kernel module.
        reading.add("nvidia.driver_versions_seen.nvml", nvml.group("version"), lineno, LINE_KIND)
    arch = _ARCH_LIST.search(line)
    if arch:
        reading.add("torch.arch_list", arch.group("list").split(), lineno, LINE_KIND)
    if "ismatch" in line or "ISMATCH" in line:
        joined = line if index + 1 >= len(lines) else f"{line} {lines[index + 1].strip()[:200]}"
        minor = _MINOR_MISMATCH.search(joined[:800])
        if minor:
            reading.add("cuda.nvcc_version", major_minor(minor.group("nvcc")), lineno, LINE_KIND)
            reading.add("torch.cuda", version(minor.group("torch_cuda")), lineno, LINE_KIND)
    return reading


# ---- tracebacks -----------------------------------------------------------------------------

TRACEBACK_KIND = "traceback"
_EXCEPTION = re.compile(r"^[\s>*`]*(?P<type>(?:[A-Za-z_][\w]*\.)*[A-Za-z_]\w*(?:Error|Exception))[*`]*:"
                        r"\s*(?P<message>.*)$")
# Linear: each `File "` (or the line start) is followed by one scan to the next quote.
_FRAME = re.compile(r"(?:File \"|^)(?P<path>[^\"\n]*)\", line \d+")
_MISSING_MODULE = re.compile(r"No module named '?(?P<module>[\w.]+)'?")
_PIP_BUILD = re.compile(r"pip-install-|pip-build-env-|<pip-setuptools-caller>|pip-req-build-")
# import name -> where its facts live
_TRACKED_MODULES = {"torch": "torch", "torchvision": "packages.torchvision", "torchaudio": "packages.torchaudio",
                    "ultralytics": "packages.ultralytics", "cv2": "packages.cv2", "numpy": "packages.numpy",
                    "flash_attn": "packages.flash_attn", "tensorrt": "packages.tensorrt", "onnx": "packages.onnx",
                    "onnxruntime": "packages.onnxruntime"}


_READ_KINDS = frozenset({"ModuleNotFoundError", "ImportError", "OSError"})


def traceback_facts(first_line: int, lines: Sequence[str]) -> Reading:
    """Exception lines, read with the frames above them (up to 15 lines back)."""
    reading = Reading()
    frame_at: dict[int, str | None] = {}  # each line is searched for a frame once, however many errors follow it

    def frame(index: int):
        if index not in frame_at:
            found = _FRAME.search(lines[index])
            frame_at[index] = found.group("path").strip() if found else None
        return frame_at[index]

    for offset, line in enumerate(lines):
        if "Error" not in line and "Exception" not in line:
            continue
        exception = _EXCEPTION.match(line)
        if not exception:
            continue
        kind = exception.group("type").rsplit(".", 1)[-1]
        if kind not in _READ_KINDS:
            continue  # only these say anything about an import; a log of RuntimeErrors costs no frame reading
        context = lines[max(0, offset - 15):offset]
        frames = [f for f in (frame(i) for i in range(max(0, offset - 15), offset)) if f is not None]
        _exception(reading, kind, exception.group("message").strip(),
                   frames, context, first_line + offset)
    return reading


def _exception(reading: Reading, kind: str, message: str, frames: list[str], context: Iterable[str],
               lineno: int) -> None:
    if kind == "ModuleNotFoundError":
        missing = _MISSING_MODULE.search(message)
        if not missing or any(_PIP_BUILD.search(c) for c in context):
            return  # a missing module inside pip's isolated build says nothing about the user's environment
        top = missing.group("module").split(".")[0]
        where = _TRACKED_MODULES.get(top)
        if where and missing.group("module") == top:
            reading.add(f"{where}.status", "missing", lineno, TRACEBACK_KIND)
        return
    if kind not in ("ImportError", "OSError"):
        return
    text = f"{kind}: {message}"
    for module, where in _TRACKED_MODULES.items():
        marker = re.compile(rf"[/\\]{module}[/\\]__init__\.py$")
        if any(marker.search(frame) for frame in frames):
            reading.add(f"{where}.status", "error", lineno, TRACEBACK_KIND)
            reading.add(f"{where}.error", text[:2000], lineno, TRACEBACK_KIND)
            return
