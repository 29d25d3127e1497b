"""A YOLO training that fails indexing the class scores: a label's class id is not below the model's class count.

Ultralytics' task-aligned assigner picks each ground-truth box's class score with pd_scores[ind[0], :, ind[1]], whose
dimension 1 is the number of classes (nc). A label whose class id is nc or more (ids counted from 1, a single-class
dataset labelled 1, a converted dataset with other ids) fails there with "IndexError: index 2 is out of bounds for
dimension 1 with size 2": the labels or the data yaml's nc are wrong, not the installation. The IndexError is read
where the paste shows the assigner's own line, or trains a YOLO model (model.train(...), yolo train, mode=train).

Left out: the same IndexError outside a YOLO training (any other indexing), another dimension (dimension 0 is the
batch or a list), an index below the size (not this failure), and pastes whose messages already gave an error
finding of another category (what failed is then that error). A warning beside it (CUDA unavailable on a machine
without an NVIDIA GPU) does not stop it: the IndexError is what failed.
"""

from __future__ import annotations

import re

from ..diagnose.model import Finding
from ..i18n import tr
from .model import LIKELY
from .ranked import Ranked

INDEX_ERROR = re.compile(r"IndexError: index (?P<index>\d{1,6}) is out of bounds for dimension 1 with size "
                         r"(?P<size>\d{1,6})\b")
# Ultralytics' assigner (utils/tal.py, get_box_metrics): the line the traceback shows
ASSIGNER = re.compile(r"pd_scores\[ind\[0\],\s{0,2}:,\s{0,2}ind\[1\]\]|\bget_box_metrics\(")
# a YOLO model trained: model.train(...) after YOLO(...), the yolo CLI's train mode
YOLO_TRAIN = re.compile(r"(?i:\byolo\s{1,3}(?:(?:detect|segment|pose|obb|classify)\s{1,3})?train\b|"
                        r"\bmode\s{0,2}=\s{0,2}train\b)|\bYOLO\(\s{0,2}['\"][^'\"\n]{1,200}['\"][^\n]{0,80}\)"
                        r"[\s\S]{0,400}?\.train\(")
ERROR_CATEGORIES_KEPT = frozenset({"gpu_oom", "resources_low", "other"})


def class_index_error(sample: str):
    """(line, index, size) of the first class-score IndexError of a YOLO training; None where there is none."""
    if "out of bounds for dimension 1" not in sample:
        return None
    match = INDEX_ERROR.search(sample)
    if match is None or int(match["index"]) < int(match["size"]):
        return None
    if not (ASSIGNER.search(sample) or YOLO_TRAIN.search(sample)):
        return None
    return sample.count("\n", 0, match.start()) + 1, int(match["index"]), int(match["size"])


def yolo_class_index_out_of_bounds(seen, out: list[Ranked]) -> list[Ranked]:
    """A label class id at or beyond the model's class count, read from the assigner's IndexError (module docstring)."""
    if any(r.finding.severity == "error" and r.finding.category not in ERROR_CATEGORIES_KEPT
           for r in [*seen.ranked, *out]):
        return []
    read = class_index_error(seen.result.sample)
    if read is None:
        return []
    line, index, size = read
    return [Ranked(Finding(
        id="yolo-class-index-out-of-bounds", category="other", severity="error",
        area=seen.areas.get("other", "system"),
        title=tr("A label's class id is not below the number of classes the model predicts: the labels or the data "
                 "yaml's nc are wrong (a data error, not the environment)"),
        message=tr("The training failed indexing the class scores with class {index} where the model has {size} "
                   "classes (line {line}): a label file uses a class id of {size} or more. Class ids count from 0, so "
                   "a single-class dataset labelled 1, or ids counted from 1, read this way.", index=index, size=size,
                   line=line),
        fix=tr("Make every label's first number 0..nc-1 (renumber the labels, or set nc and the names list in the "
               "data yaml to the classes the labels use; {single} for one class), then delete the labels *.cache "
               "files so they are read again.", single="single_cls=True"),
        evidence=(tr("pasted line {line}: IndexError on class {index} of {size}", line=line, index=index,
                     size=size),),
        certainty=LIKELY,
        references=("https://docs.ultralytics.com/datasets/detect/",),
        data={"lines": [line]}), corroborated=True, explains=True, line=line)]
