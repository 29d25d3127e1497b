"""Whether a line of a paste is a warning or info line rather than an error.

TensorFlow, XLA and Paddle log through glog/absl: "2022-07-30 14:43:50.994118: W tensorflow/.../dso_loader.cc:64]"
or "W0508 21:40:15.979074  1551 dynamic_loader.cc:412]"; NCCL through "host:pid:tid [0] NCCL INFO ...". A message
matched on such a line (TensorFlow's warning that it could not load TensorRT or cudart, NCCL's note that its optional
network plugin is absent) is printed on every start, also where nothing fails; the triage does not let it outrank an
error the same paste raised (ingest.triage).

Python's warnings module prints "<file>.py:<n>: UserWarning: ..." (torch warning that the driver is old, that
it found no GPU); what such a line says did not stop the run either (PasteContext.warning_lines).
"""

from __future__ import annotations

import re

# The line's start up to the message: glog's level letter, date and thread, source file and line; TensorFlow's
# timestamp before it. Error (E) and fatal (F) lines are errors and are not read here.
_GLOG_WARNING = re.compile(
    r"^\s{0,8}(?:\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?:?\s{1,4})?"
    r"(?:[WI]\d{4}\s{1,2}\d\d:\d\d:\d\d\.\d{1,9}\s{1,8}\d{1,9}\s{1,4}[\w.-]{1,120}:\d{1,6}\]"
    r"|[WI]\s{1,2}[\w./-]{1,300}\.(?:cc|cpp|h|py):\d{1,6}\])")
_NCCL_INFO = "NCCL INFO "
_PYTHON_WARNING = re.compile(r"\.py:\d{1,7}: \w{0,40}Warning: ")


def logged_as_warning(line_start: str) -> bool:
    """True when `line_start` (a line up to a matched message) is a logger's warning or info prefix."""
    return _NCCL_INFO in line_start or _GLOG_WARNING.match(line_start) is not None


def python_warning_line(line: str) -> bool:
    """True when `line` is one Python's warnings module printed ("<file>.py:<n>: <Category>Warning: ...")."""
    return "Warning: " in line and _PYTHON_WARNING.search(line) is not None
