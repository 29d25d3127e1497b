"""Detections that vanish in half precision: FP16 inference gives no or wrong boxes, FP32 gives the right ones.

A detector run in FP16 (detect.py's old default half precision on CUDA, --half, half=True, an FP16 TensorRT engine,
darknet's CUDNN_HALF) that "detects nothing", returns "0 detections", "no results" or "wrong detections" is not an
installation problem: the GPU computes FP16 badly (the GTX 16 series and Quadro T series, compat/ultralytics.toml
[[amp_unreliable]]), the FP16 engine was fed FP32 input (run without --half), or the release's half-precision path
had a bug that a later one fixed (YOLOv5 PR #3423 and YOLOv7 PR #368 made FP32 the default). The cause is the
precision the run computes in (category other); running in FP32 shows which.

Read from the start of the paste (IngestResult.sample): a person's words that nothing, zero or wrong objects are
detected, with half precision named within a few lines of them. Left out: the per-image "(no detections)" that
YOLOv5 and Ultralytics print for an empty image (tool output, in parentheses), half precision only as an echoed
argument ("half=False", "AMP: checks passed"), NaN losses (fp16_nan_losses), and pastes whose messages already gave
an error finding other than a memory one (what failed is then that error).
"""

from __future__ import annotations

import re
from typing import Optional

from ..diagnose.model import Finding
from ..i18n import tr
from .fp16_nan_losses import unreliable_gpu
from .model import LIKELY
from .ranked import Ranked

# A person saying nothing (or nothing right) is detected; not YOLO's own "(no detections)" per image.
NO_DETECTIONS = re.compile(
    r"(?i)(?<![(\w])(?:no\s{1,3}detections?\b(?!\))|(?:0|zero)\s{1,3}detect(?:s|ions?)\b|"
    r"detect(?:s|ed|ing)?\s{1,3}nothing\b|nothing\s{1,3}(?:is\s{1,3}|was\s{1,3}|gets?\s{1,3}|got\s{1,3})?detected\b|"
    r"(?:cannot|can't|can\s{1,3}not|could\s{1,3}not|couldn't|doesn't|does\s{1,3}not)\s{1,3}detect\s{1,3}anything\b|"
    r"no\s{1,3}results?\s{1,3}(?:can\s{1,3}be|are|were|is)\s{1,3}(?:obtained|detected|returned)\b|"
    r"(?:returns?|returned|gives?|gave)\s{1,3}no\s{1,3}(?:results|boxes|objects|predictions)\b|"
    r"wrong\s{1,3}detections?\b|no\s{1,3}(?:bounding\s{1,3})?boxes\s{1,3}(?:are|were)\s{1,3}(?:drawn|detected))")
# Half precision named by a person or set on: not "half=False", not the AMP check's own lines.
HALF = re.compile(r"(?i)\bfp16\b|\bfloat16\b|\bhalf[ -]precision\b|(?<![\w-])--half\b|\bhalf\s{0,2}=\s{0,2}true\b|"
                  r"\bcudnn_half\b|\.half\(\)")
WINDOW = 400  # characters either side of the words about detections that half precision must be named within
ERROR_CATEGORIES_KEPT = frozenset({"gpu_oom", "resources_low", "other"})


def half_precision_no_detections_line(sample: str) -> Optional[int]:
    """The line (1-based) where a person says nothing or the wrong things are detected, half precision named near
    it; None where no such line is."""
    if "etect" not in sample and "esult" not in sample and "oxes" not in sample:
        return None
    for match in NO_DETECTIONS.finditer(sample):
        window = sample[max(0, match.start() - WINDOW):match.end() + WINDOW]
        if HALF.search(window):
            return sample.count("\n", 0, match.start()) + 1
    return None


def half_precision_no_detections(seen, out: list[Ranked]) -> list[Ranked]:
    """FP16 inference said to detect nothing (or the wrong things): the precision, not the environment."""
    if any(r.finding.severity == "error" and r.finding.category not in ERROR_CATEGORIES_KEPT
           for r in seen.ranked) or out:
        return []
    sample = seen.result.sample
    line = half_precision_no_detections_line(sample)
    if line is None:
        return []
    gpu = unreliable_gpu(sample)
    if gpu is not None:
        model, family = gpu
        message = tr("The paste says half-precision (FP16) inference detects nothing or the wrong objects (line "
                     "{line}), on a {model} ({family}): these GPUs compute FP16 badly, and the same model in FP32 "
                     "detects correctly. It is the precision, not the installation.", line=line, model=model,
                     family=family)
        evidence = (tr("pasted line {line}: no or wrong detections in half precision", line=line),
                    tr("the GPU is a {model}, whose FP16 is unreliable", model=model))
    else:
        message = tr("The paste says half-precision (FP16) inference detects nothing or the wrong objects (line "
                     "{line}). Nothing in it points at the installation: an FP16 path that fails on this GPU, an "
                     "FP16 engine fed FP32 input, or a half-precision bug of the release is the usual cause.",
                     line=line)
        evidence = (tr("pasted line {line}: no or wrong detections in half precision", line=line),)
    fix = tr("Run the same inference in FP32 ({fp32}); if it detects correctly, keep FP32 on this GPU or update "
             "the detector's code (YOLOv5 and YOLOv7 made FP32 their default). An FP16 TensorRT engine needs FP16 "
             "input: run it with {half}.", fp32="half=False", half="--half")
    return [Ranked(Finding(
        id="half-precision-no-detections", category="other", severity="error",
        area=seen.areas.get("other", "system"),
        title=tr("Half-precision (FP16) inference detects nothing: the precision, not the environment"),
        message=message, fix=fix, evidence=evidence, certainty=LIKELY,
        references=("https://github.com/ultralytics/yolov5/pull/3423",
                    "https://github.com/ultralytics/yolov5/issues/6766"),
        data={"lines": [line]}), corroborated=True, explains=True, line=line)]
