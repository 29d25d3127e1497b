"""What starting a probe needs, and nothing more: which interpreter, which script, which items.

The entry point starts the probes before anything else is imported
(prestart.py), so every millisecond spent importing before the first process
starts is added to the torch import it waits for. This module imports only
the standard library's os and sys; target.py builds on it.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not even typing is imported before the probes start
if TYPE_CHECKING:
    from typing import Mapping

PROBE_SCRIPT = os.path.join(os.path.dirname(os.path.realpath(__file__)), "probe_target.py")

# Imports that need torch run in one process, in this order; the rest are
# independent and run beside it.
TORCH_CHAIN = ("torch", "torchvision", "torchaudio", "flash_attn")
INDEPENDENT = ("numpy", "cv2", "onnx", "onnxruntime", "tensorrt")
TORCH_DEPENDENT = ("torchvision", "torchaudio", "flash_attn")
# The environment record (distributions, pip, conda): what `--fast` reads instead of importing.
ENV_ITEMS = ("env",)


def env_python(env_dir: str) -> str:
    """The interpreter of a venv or conda env directory (its bin/python when none is found)."""
    for parts in (("bin", "python"), ("bin", "python3"), ("Scripts", "python.exe"), ("python.exe",)):
        candidate = os.path.join(env_dir, *parts)
        if os.path.exists(candidate):
            return candidate
    return os.path.join(env_dir, "bin", "python")


def default_interpreter(env: Mapping[str, str]) -> tuple[str, str]:
    """The interpreter inspected when no --python is given, and what selected it: the active venv,
    then the active conda env, then the one running yolodoctor."""
    for var in ("VIRTUAL_ENV", "CONDA_PREFIX"):
        if env.get(var):
            candidate = env_python(env[var])
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate, var
    return sys.executable, "current"


# The probes run the target the way `python train.py` runs it: no -I/-E/-s,
# so PYTHONPATH, PYTHONNOUSERSITE and the user site count exactly as they
# do for the user's own runs.
def probe_environ(env: Mapping[str, str]) -> dict[str, str]:
    environ = dict(env)
    environ["PYTHONUNBUFFERED"] = "1"
    environ["PYTHONDONTWRITEBYTECODE"] = "1"
    environ.setdefault("YOLO_VERBOSE", "False")  # keep ultralytics quiet if imported indirectly
    return environ


def probe_argv(executable: str, items: tuple[str, ...]) -> list[str]:
    """The probe's command line for these items (ENV_ITEMS or a group of imports)."""
    return [executable, PROBE_SCRIPT, *(items if items == ENV_ITEMS else ("import", *items))]
