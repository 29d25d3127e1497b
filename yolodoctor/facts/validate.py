"""Facts the rules can trust: versions that parse, or nothing.

Facts reach the rules from a live probe, a facts file from another machine or a paste. Each version
field the rules compare is read here once; a value that is not a version (torch.version.cuda
"12.4.junk", a driver "abc") is removed and recorded as an "unparseable version" probe error, which
every output shows. No rule then meets a value it cannot compare.
"""

from __future__ import annotations

from typing import Callable

from ..knowledge.versions import numeric, pep440
from .model import Facts, ProbeError

PROBE = "unparseable version"


def _dotted(value: str) -> None:
    numeric(value)


def _pep440(value: str) -> None:
    pep440(value)


def _capability(value: str) -> None:
    if len(numeric(value)) != 2:
        raise ValueError(value)


# (label, getter of the holder, attribute, check)
def _fields(facts: Facts):
    yield "nvidia.driver_version", facts.nvidia, "driver_version", _dotted
    yield "nvidia.cuda_driver_version", facts.nvidia, "cuda_driver_version", _dotted
    yield "cuda.nvcc_version", facts.cuda, "nvcc_version", _dotted
    for index, toolkit in enumerate(facts.cuda.toolkits):
        yield f"cuda.toolkits[{index}].version", toolkit, "version", _dotted
    yield "python.version", facts.python, "version", _pep440  # "3.13.0rc1"
    yield "torch.version", facts.torch, "version", _pep440
    yield "torch.version.cuda", facts.torch, "cuda", _dotted
    yield "torch.cudnn_version", facts.torch, "cudnn_version", _dotted
    for index, device in enumerate(facts.torch.devices):
        yield f"torch.devices[{index}].capability", device, "capability", _capability
    for index, gpu in enumerate(facts.nvidia.gpus):
        if hasattr(gpu, "compute_capability"):
            yield f"nvidia.gpus[{index}].compute_capability", gpu, "compute_capability", _capability
    for name, package in facts.packages.items():
        yield f"packages.{name}.version", package, "version", _pep440


def drop_unparseable_versions(facts: Facts) -> list[str]:
    """Remove version values no rule could compare; say which (also as probe errors). Idempotent."""
    dropped: list[str] = []
    for label, holder, attribute, check in _fields(facts):
        value = getattr(holder, attribute, None)
        if value is None:
            continue
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            check(value)
        except ValueError:
            setattr(holder, attribute, None)
            shown = str(value)[:80]
            dropped.append(label)
            facts.probe_errors.append(ProbeError(PROBE, f"{label} = {shown!r} is not a version yolodoctor can "
                                                        "read; it is treated as unknown"))
    return dropped
