"""pip's isolated build step failed, and the paste says torch is missing although it is installed.

A package whose setup.py imports torch (a CUDA extension: diso, pytorch3d, gsplat, an attention kernel) is built by
pip in an isolated environment that has only the build requirements; torch is not among them, so the step that asks
setup.py for its requirements ("Getting requirements to build wheel ... error", ComfyUI-Manager's "Getting
requirements to build wheel: finished with status 'error'") fails whatever the user's environment holds. The
reporter often pastes pip's lines without the traceback's last line and says it in words instead: "install fails
due to missing torch, but torch is installed", "the build claims there is no torch". Both together read as the
isolated build lacking torch (torch_missing); either alone is not read here: a failed build step has many causes
(nvcc, a compiler, a Python too new), and words about a missing torch without a build are another interpreter's
(interpreter_findings)."""

from __future__ import annotations

import re

from ..diagnose.model import Finding
from ..i18n import tr
from .model import LIKELY
from .ranked import Ranked

# pip's step that runs setup.py for its requirements inside the isolated build environment, failing.
_STEP_FAILED = re.compile(r"getting requirements to build (?:wheel|editable)(?: \.\.\.|:)?[^\n]{0,60}?"
                          r"(?:\berror\b|did not run successfully)")
# Words saying torch is missing (or not found): "missing torch", "torch is missing", "no torch", "can't find torch".
_TORCH_MISSING_SAID = re.compile(r"(?<![\w-])(?:missing torch|no torch|(?:can't|cannot|couldn't|could not) find torch)"
                                 r"(?![\w-])|(?<![\w-])torch'? (?:is |was )?(?:missing|not found)(?![\w-])")
# Findings that already explain a failed build: the build's own reading of the same failure.
_EXPLAINED = frozenset({"torch_missing", "flash_attn_build", "cuda_home_nvcc", "python_unsupported"})


def build_step_torch_said_missing(seen, out: list[Ranked]) -> list[Ranked]:
    """The isolated build step failed and torch is said missing in words (see the module docstring)."""
    if seen.present & _EXPLAINED or any(r.finding.category in _EXPLAINED for r in out):
        return []
    low = seen.result.sample.lower()
    step = _STEP_FAILED.search(low)
    said = _TORCH_MISSING_SAID.search(low)
    if step is None or said is None:
        return []
    step_line = low.count("\n", 0, step.start()) + 1
    said_line = low.count("\n", 0, said.start()) + 1
    return [Ranked(Finding(
        id="isolated-build-torch-said-missing", category="torch_missing", severity="error",
        area=seen.areas.get("torch_missing", "packages"),
        title=tr("pip's isolated build of a package failed where its setup imports torch: the build environment "
                 "has no torch, whatever the environment holds"),
        message=tr("pip builds the package in a temporary environment with only its build requirements; the step "
                   "that runs its setup failed (line {step}), and the paste says torch is missing (line {said}).",
                   step=step_line, said=said_line),
        fix=tr("Install torch first, then build the package without isolation: {command} (a prebuilt wheel for the "
               "installed torch, CUDA and Python avoids the build).",
               command="python -m pip install --no-build-isolation <package>"),
        evidence=(tr("pasted line {line}: pip's isolated build step failed", line=step_line),
                  tr("pasted line {line}: torch is said to be missing", line=said_line)),
        certainty=LIKELY, references=("https://github.com/MrForExample/ComfyUI-3D-Pack/issues/516",),
        data={"lines": [step_line, said_line]}), corroborated=True, explains=True, line=step_line)]
