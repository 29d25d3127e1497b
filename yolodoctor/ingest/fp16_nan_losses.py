"""Training losses that turn NaN under half precision: a GPU that computes FP16 badly, not the environment.

A YOLO training whose loss columns read nan (box_loss nan, "loss is nan", "NaN in all results", validation output
all NaN) while mixed precision is on (AMP, half=True, FP16, autocast) has overflowed in FP16. On the GeForce GTX 16
series, the Quadro T series and a few older cards (compat/ultralytics.toml [[amp_unreliable]]) that happens although
the cards pass Ultralytics' small AMP check; NVIDIA's half precision on them is the cause, and training (and
validation) in FP32 avoids it. Where one of those GPUs is named the finding says so; where only half precision is,
it says to retry in FP32 before looking at the data.

Left out: a NaN that is no loss or output ("np.nan", float('nan'), a "nan" inside a word), NaN losses with no half
precision and no such GPU in the paste (an exploding loss has other causes), and pastes whose messages already gave
an error finding other than a memory one (what failed is then that error).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..diagnose.model import Finding
from ..i18n import tr
from ..knowledge.files import load_compat_table
from .model import LIKELY
from .ranked import Ranked

# a NaN as a value: not np.nan / math.nan, not float('nan'), not part of a word
_NAN = r"(?<![.\w])(?<!\(')(?<!\(\")(?:nan|NaN|NAN|Nan)(?![\w(])"
# ...on a line about the losses, the metrics or the model's output
_LOSS = (r"(?i:\b(?:loss(?:es)?|box_loss|cls_loss|dfl_loss|seg_loss|obj_loss|box|obj|results|metrics|values|"
         r"outputs?|tensor)\b)")
NAN_LOSS = re.compile(_LOSS + r"[^\n]{0,80}?" + _NAN + r"|" + _NAN + r"[^\n]{0,40}?" + _LOSS)
# the loss columns of a training table: two NaN columns in a row
NAN_COLUMNS = re.compile(r"(?<![.\w])nan\s{1,16}nan(?![\w(])")
# half precision is on, or was tried off: AMP, half, FP16, autocast
HALF_PRECISION = re.compile(r"\bAMP\b|(?i:\bamp\s{0,2}=\s{0,2}(?:true|false)\b|\bmixed[ -]precision\b|"
                            r"\bhalf[ -]precision\b|\bhalf\s{0,2}=\s{0,2}true\b|--half\b|\bfp16\b|\bfloat16\b|"
                            r"\bautocast\b)")
# advice about NaN, not NaN seen: Ultralytics' own AMP line "If you experience zero-mAP or NaN losses you can
# disable AMP with amp=False" is printed on every run whose AMP check was skipped
NAN_ADVICE = re.compile(r"(?i:\bif\s{1,3}you\s{1,3}(?:experience|see|get|have|encounter)\b)")
ERROR_CATEGORIES_KEPT = frozenset({"gpu_oom", "resources_low", "other"})


@lru_cache(maxsize=1)
def unreliable_gpus() -> tuple[tuple[re.Pattern, str, str], ...]:
    """The GPUs whose FP16 training gives NaN losses (compat/ultralytics.toml): a pattern for each model's name as
    pastes write it ("GTX1650", "GTX 1660 Ti", "Quadro T1000"), the model and its family."""
    out = []
    for entry in load_compat_table("ultralytics.toml", "amp_unreliable", ("model", "family")):
        words = [re.escape(w) for w in entry["model"].split()]
        pattern = re.compile(r"(?<![\w])(?i:" + r"\s{0,2}".join(words) + r")(?!\d)")
        out.append((pattern, entry["model"], entry["family"]))
    return tuple(out)


def nan_loss_line(sample: str) -> Optional[int]:
    """The first line (1-based) whose losses, metrics or output read NaN; None where none does."""
    if "nan" not in sample and "NaN" not in sample and "NAN" not in sample and "Nan" not in sample:
        return None
    for number, line in enumerate(sample.split("\n"), start=1):
        if ("nan" in line or "NaN" in line or "NAN" in line or "Nan" in line) and (
                NAN_LOSS.search(line) or NAN_COLUMNS.search(line)) and not NAN_ADVICE.search(line):
            return number
    return None


def unreliable_gpu(sample: str) -> Optional[tuple[str, str]]:
    """The model and family of the first GPU the paste names whose FP16 training gives NaN losses."""
    for pattern, model, family in unreliable_gpus():
        if pattern.search(sample):
            return model, family
    return None


def fp16_nan_losses(seen, out: list[Ranked]) -> list[Ranked]:
    """NaN losses with half precision on, or on a GPU known to compute FP16 badly (see the module docstring)."""
    if any(r.finding.severity == "error" and r.finding.category not in ERROR_CATEGORIES_KEPT
           for r in seen.ranked) or out:
        return []
    sample = seen.result.sample
    line = nan_loss_line(sample)
    if line is None:
        return []
    gpu = unreliable_gpu(sample)
    half = HALF_PRECISION.search(sample)
    if gpu is None and half is None:
        return []
    fix = tr("Train with mixed precision off ({train}) and validate in FP32 ({val}); Ultralytics 8.3.40 and newer "
             "turn AMP off on these GPUs by themselves ({upgrade}). If the losses are still NaN in FP32, check the "
             "labels and lower the learning rate.", train="yolo train ... amp=False", val="half=False",
             upgrade="pip install -U ultralytics")
    if gpu is not None:
        model, family = gpu
        message = tr("The paste shows NaN losses or outputs (line {line}) on a {model} ({family}): these GPUs give "
                     "NaN in FP16 (mixed precision, AMP) training although they pass Ultralytics' AMP check. It is "
                     "the GPU's half precision, not the installation or the dataset.", line=line, model=model,
                     family=family)
        evidence = (tr("pasted line {line}: NaN losses or outputs", line=line),
                    tr("the GPU is a {model}, whose FP16 training gives NaN", model=model))
    else:
        message = tr("The paste shows NaN losses or outputs (line {line}) with half precision (AMP, FP16) in use: "
                     "values that overflow FP16 turn NaN, on some GPUs (the GTX 16 series) at every step. It is "
                     "the precision the run computes in, not the installation.", line=line)
        evidence = (tr("pasted line {line}: NaN losses or outputs", line=line),
                    tr("half precision (AMP, FP16) is in use"))
    return [Ranked(Finding(
        id="fp16-nan-losses", category="other", severity="error",
        area=seen.areas.get("other", "system"),
        title=tr("Training turns NaN in half precision (AMP/FP16): the GPU's FP16, not the environment"),
        message=message, fix=fix, evidence=evidence, certainty=LIKELY,
        references=("https://github.com/ultralytics/ultralytics/pull/17977",
                    "https://github.com/ultralytics/yolov5/issues/7908"),
        data={"lines": [line]}), corroborated=True, explains=True, line=line)]
