"""Facts a paste states without labels, inferred and marked as such.

- An install command that pins torch (`pip install torch==2.1.0`, `... torch==1.13.1+cu117`,
  `... --index-url https://download.pytorch.org/whl/cu118`): the torch that command installs and its
  CUDA: the +cuXXX tag, else the index's variant, else the build PyPI serves for that release
  (compat/torch.toml: pypi_default_cuda, for releases before 1.12 [[early_release]]), which decides the
  driver it needs. A conda command that installs pytorch with a CUDA spec (`conda install pytorch
  cudatoolkit=10.2 -c pytorch`, `... pytorch-cuda=12.1 -c pytorch -c nvidia`): that spec's CUDA, what the
  command asked the solver for (a CPU build it took instead is the finding conda-cuda-spec-cuda-unavailable's).
- A headerless `nvidia-smi --query-gpu=name,driver_version --format=csv,noheader` row, pasted after
  someone asked for the driver ("NVIDIA GeForce RTX 3060, 470.82.01"): the driver version.

Both are believed least (any labelled reading of the same fact wins), and torch.source /
nvidia.driver_version_source say they were inferred, so the evidence says so too. An install command
whose install failed in the same paste (a pip error), or that pip answered had nothing to do ("Requirement
already satisfied"), proves nothing about what is installed: the pipeline drops its readings then.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional, Sequence

from .model import Reading
from .torch_swap import windows_named

INSTALL_KIND = "install_command"
INSTALL_LABEL = "torch install command (inferred)"
INSTALL_NEEDLES = ("install",)
# A pin (pip's arbitrary equality `===` too), or torch without a pin installed from a CUDA index of PyTorch's
# (`pip install torch --index-url .../whl/cu118`, the index before or after the name): that index's CUDA.
INSTALL_PATTERN = (r"\binstall\b[^\n]{0,300}?\btorch===?\d"
                   r"|\binstall\b[^\n]{0,300}?(?<![\w/.-])torch(?![\w.-])[^\n]{0,300}?download\.pytorch\.org/whl/"
                   r"(?:nightly/)?cu\d{3}\b"
                   r"|\binstall\b[^\n]{0,300}?download\.pytorch\.org/whl/(?:nightly/)?cu\d{3}\b[^\n]{0,300}?"
                   r"(?<![\w/.-])torch(?![\w.-])"
                   r"|\b(?:conda|mamba|micromamba)[ \t]+install\b[^\n]{0,300}?(?<![\w-])"
                   r"(?:cudatoolkit|pytorch-cuda)={1,2}\d+\.\d")
# PyTorch's own conda commands (`conda install pytorch torchvision cudatoolkit=10.2 -c pytorch`, `... pytorch-cuda=11.8
# -c pytorch -c nvidia`): the CUDA spec is the CUDA of the pytorch build the solver picks, the package itself named
# apart from the channel flag.
_CONDA_CUDA = re.compile(r"(?<![\w-])(?:cudatoolkit|pytorch-cuda)={1,2}(?P<cuda>\d+\.\d+)(?![\w.])")
_CONDA_TORCH = re.compile(r"(?<!-c )(?<!--channel )(?<![\w/.=-])pytorch(?:={1,2}\d[\w.]*)?(?![\w/.-])")
_CONDA_CPU = re.compile(r"(?<![\w-])cpuonly(?![\w-])")
_CONDA_COMMAND = "conda install command"  # how torch.source names it, and how how_inferred knows it
_BARE_TORCH = re.compile(r"(?<![\w/.-])torch(?![\w.-])")
_PIN = re.compile(r"(?<![\w-])torch===?(?P<version>\d+\.\d+(?:\.\d+)?)(?:\+(?P<variant>[a-z]+\d*))?(?![\w.])")
_INDEX_VARIANT = re.compile(r"download\.pytorch\.org/whl/(?:nightly/)?(?P<variant>cu\d{3}|cpu)\b")

DRIVER_KIND = "driver_csv_row"
DRIVER_LABEL = "bare nvidia-smi CSV row (inferred)"
DRIVER_NEEDLES = ("NVIDIA", "GeForce", "Tesla", "Quadro", "TITAN")
DRIVER_PATTERN = r"^\s*(?:NVIDIA|GeForce|Tesla|Quadro|TITAN)[\w -]{0,60},\s*[3-9]\d\d\.\d{2,3}(?:\.\d{2})?\s*$"
_DRIVER_ROW = re.compile(r"^\s*(?P<name>(?:NVIDIA|GeForce|Tesla|Quadro|TITAN)[\w -]{0,60}),\s*"
                         r"(?P<driver>[3-9]\d\d\.\d{2,3}(?:\.\d{2})?)\s*$")

_WINDOWS_REACH = 4000  # the lines searched for signs of Windows

# Signal categories that say an install in the paste failed (so its command installed nothing).
FAILED_INSTALL = frozenset({"pip_index", "python_unsupported", "network_download", "resources_low"})


# pip's answer that torch needed nothing ("Requirement already satisfied: torch in ..."), and any sign that a torch was
# fetched or installed all the same
_TORCH_SATISFIED = re.compile(r"(?i)already satisfied: torch(?![\w-])")
_TORCH_FETCHED = re.compile(r"(?i)(?:collecting|downloading|successfully installed)\b[^\n]{0,200}?(?<![\w-])torch"
                            r"(?:-\d|==|\s|$)")


def install_did_nothing(lines: Iterable[tuple[int, str]]) -> bool:
    """Whether pip answered, in the paste, that the install had nothing to do: torch itself "already satisfied",
    or "already satisfied" said with no torch fetched or installed anywhere in the paste. The command then left the
    torch that was there: its index or pin says nothing about the torch installed."""
    satisfied = fetched = False
    for _, line in lines:
        if "satisfied" in line:
            if _TORCH_SATISFIED.search(line):
                return True
            satisfied = satisfied or "already satisfied" in line.lower()
        if not fetched and "torch" in line and _TORCH_FETCHED.search(line):
            fetched = True
    return satisfied and not fetched


def parse_install(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    line = lines[index]
    pin = _PIN.search(line)
    conda = _CONDA_CUDA.search(line)
    if pin is None and conda is not None:
        if _CONDA_TORCH.search(line) and not _CONDA_CPU.search(line):
            spec = conda.group(0)
            reading.add("torch.cuda", conda.group("cuda"), lineno, INSTALL_KIND)
            reading.add("torch.source", f"inferred from {spec} in the {_CONDA_COMMAND} on line {lineno}",
                        lineno, INSTALL_KIND)
        return reading
    if pin is None:
        index_match = _INDEX_VARIANT.search(line)
        if index_match and _BARE_TORCH.search(line) and V_is_cuda(index_match.group("variant")):
            variant = index_match.group("variant")
            reading.add("torch.cuda", _cuda_of("", variant), lineno, INSTALL_KIND)
            reading.add("torch.source", f"inferred from the PyTorch index {variant} in the install command on line "
                        f"{lineno}", lineno, INSTALL_KIND)
        return reading
    version, variant = pin.group("version"), pin.group("variant")
    if variant is None:
        index_match = _INDEX_VARIANT.search(line)
        variant = index_match.group("variant") if index_match else None
    # An untagged pin from PyPI (or a find-links page whose CUDA file carries no tag) is PyPI's build for the
    # platform: a CUDA one on Linux, the CPU one on Windows. On Windows nothing about CUDA is inferred.
    if variant is None and windows_named(enumerate(lines[:_WINDOWS_REACH], 1)) is not None:
        return reading
    cuda = _cuda_of(version, variant)
    # A requested version is not an installed one: only the CUDA the command's build implies is kept, with
    # where it comes from (the driver it needs follows from that CUDA).
    pinned = f"torch=={version}" + (f"+{variant}" if pin.group("variant") else "")
    if cuda:
        reading.add("torch.cuda", cuda, lineno, INSTALL_KIND)
        reading.add("torch.source", f"inferred from {pinned} in the install command on line {lineno}", lineno,
                    INSTALL_KIND)
    return reading


def how_inferred(source: str) -> str:
    """What an inferred torch.source stands for, for the evidence: the CUDA a conda spec asked for, or the build a
    pip command installs."""
    if _CONDA_COMMAND in source:
        return "the CUDA that command's spec asks conda's solver for"
    return "the build that command installs: its +cuXXX, its index's variant, else the one PyPI serves for that release"


def V_is_cuda(variant: str) -> bool:
    from ..knowledge import versions as V

    return V.is_cuda_variant(variant)


def _cuda_of(version: str, variant: Optional[str]) -> Optional[str]:
    from ..knowledge import compat
    from ..knowledge import versions as V

    if variant == "cpu":
        return None
    if variant and V.is_cuda_variant(variant):
        return V.variant_cuda(variant)
    default = compat.pypi_default_cuda(version)
    return V.variant_cuda(default) if default and V.is_cuda_variant(default) else None


def parse_driver_row(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    match = _DRIVER_ROW.match(lines[index])
    if match:
        reading.add("nvidia.driver_version", match.group("driver"), lineno, DRIVER_KIND)
        reading.add("nvidia.driver_version_source", f"a bare nvidia-smi CSV row on line {lineno}, inferred",
                    lineno, DRIVER_KIND)
    return reading
