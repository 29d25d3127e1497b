"""A person saying a change to the YOLO code broke it, or that its earlier commit or release works: a regression.

"Recent commit causes new ... exception", "#7878 broke the deployment", "going back to commit eb1217f... works",
"going back to ultralytics==8.0.176 avoids the error": where the reporter found that the failure came with a
change to the detector's own code (YOLOv5, YOLOv7, YOLOv8/Ultralytics) and that the code before it works on the
same machine, the machine is not the cause, whatever the error message looks like (a CUDA deserialization error, an
import error). The cause is a regression of that code (category other); its fix is the release or commit that fixed
it, or the working one until then.

Read from the start of the paste (IngestResult.sample), sentence by sentence. Left out: questions ("Can I go back to
the previous version?"), advice and conditions ("try going back to", "you could downgrade", "if I revert"), going
back to torch, CUDA, NumPy or another dependency (that is the environment's version, with causes of its own), and
the banner and git lines that name commits without a person saying anything about them, and going back to "the
previous release" in a paste that never names the detector (an Ollama or ComfyUI release that works again is another
program's regression, with causes this reader cannot tell).
"""

from __future__ import annotations

import re
from typing import Optional

from ..diagnose.model import Finding
from ..i18n import tr
from .model import LIKELY
from .ranked import Ranked

# The detector's own code: a commit of it, or its package by name.
_CODE = r"(?:commit|ultralytics|yolov[5-8]|yolo\s{0,2}v[5-8]|the\s{1,3}(?:previous|older|earlier|last|prior)\s{1,3}" \
        r"(?:commit|release|version\s{1,3}of\s{1,3}(?:ultralytics|yolov[5-8])))"
# Going back to it...
WENT_BACK = re.compile(r"(?i)\b(?:go(?:ing)?|went|revert(?:ed|ing)?|roll(?:ed|ing)?|downgrad(?:e|ed|ing))"
                       r"(?:\s{1,3}back)?(?:\s{1,3}to)?(?:\s{1,3}the)?\s{1,3}" + _CODE + r"\b")
# ...is what works.
WORKS = re.compile(r"(?i)\b(?:works?|worked|working|avoids?|avoided|fixe[sd]|solve[sd]|resolve[sd]|back\s{1,3}to"
                   r"\s{1,3}normal|runs?\s{1,3}(?:fine|again|normally)|no\s{1,3}(?:more\s{1,3})?(?:error|problem))\b")
# The detector named in the paste: going back to "the previous release" or version says whose code only then (a
# commit is a checkout's, as the detector's repositories are run).
_DETECTOR = re.compile(r"(?i)ultralytics|\byolo")
_RELEASE = re.compile(r"(?i)\b(?:release|version)\b")
# A change to it broke what worked: "#7878 broke", "recent commit causes", "the latest update broke".
BROKE = re.compile(r"(?i)(?:(?<![\w#])#\d{3,6}|\b(?:recent|latest|last|new)\s{1,3}(?:commits?|merges?|pull\s{1,3}"
                   r"requests?|PRs?))\s{1,3}(?:has\s{1,3}|have\s{1,3})?(?:broke|breaks|broken|causes?|caused)\b")
# A question, advice or a condition: not what the reporter found.
NOT_FOUND = re.compile(r"(?i)\b(?:try|trying|tried\s{1,3}to|you\s{1,3}(?:can|could|should|may|might)|should\s{1,3}I"
                       r"|can\s{1,3}I|could\s{1,3}I|if\s{1,3}(?:I|you|we)|whether|maybe|perhaps|please|how\s{1,3}"
                       r"(?:do|can|to))\b")
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s]))+[.!?]?")


def regression_sentence(sample: str) -> Optional[tuple[int, str]]:
    """The line (1-based) and words of the first sentence where a person says a change to the YOLO code broke it, or
    that going back to its earlier code works; None where no sentence does."""
    lowered = sample.lower()
    if "back" not in lowered and "revert" not in lowered and "downgrad" not in lowered and "broke" not in lowered \
            and "cause" not in lowered:
        return None
    for match in _SENTENCE.finditer(sample):
        sentence = match.group(0)
        if sentence.rstrip().endswith("?") or NOT_FOUND.search(sentence):
            continue
        back = WENT_BACK.search(sentence)
        if back and _RELEASE.search(back.group(0)) and not _DETECTOR.search(sample):
            back = None  # "the previous release" of a program the paste never says is the detector
        if (back and WORKS.search(sentence)) or BROKE.search(sentence):
            return sample.count("\n", 0, match.start()) + 1, sentence.strip()
    return None


def yolo_regression_said(seen, out: list[Ranked]) -> list[Ranked]:
    """The reporter found the failure came with a change to the YOLO code (see the module docstring)."""
    if out:
        return []
    found = regression_sentence(seen.result.sample)
    if found is None:
        return []
    line, words = found
    return [Ranked(Finding(
        id="yolo-regression-said", category="other", severity="error", area=seen.areas.get("other", "system"),
        title=tr("A change to the YOLO code broke it, and its earlier code works: a regression, not the machine"),
        message=tr("The paste says the failure came with a change to the detector's own code, or that its earlier "
                   "commit or release works on the same machine (line {line}). Then the machine is not the cause, "
                   "whatever the error reads like: it is a regression of that code.", line=line),
        fix=tr("Stay on the commit or release that works until one with the fix is out, then update ({update}); "
               "look for the regression in the project's issues and report it with the two versions.",
               update="pip install -U ultralytics"),
        evidence=(tr("pasted line {line}: {words}", line=line, words=words[:160]),),
        certainty=LIKELY, references=("https://github.com/ultralytics/yolov5/issues/8001",),
        data={"lines": [line]}), corroborated=True, explains=True, line=line)]
