"""CUDA said to work, and the program's torch built without it: the program ran in another Python.

A paste that says `torch.cuda.is_available()` gives True ("returns True", "返回的是 true", "显示为True") and shows
"Torch not compiled with CUDA enabled" from the program has two torches: the one checked has CUDA, the one the
program imported is a CPU-only build. The check ran in one environment (a shell, an IDE console, the conda env
where CUDA torch was installed) and the program in another (a console script's own Python, another env, the base
installation). A line that says the check gives True after a fix ("now returns True", "现在返回 True", "解决了") is
the fix, not the two environments, and is not read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Optional

from ..diagnose.model import Finding
from ..i18n import tr
from .model import LIKELY
from .ranked import Ranked

if TYPE_CHECKING:
    from .context_findings import Seen

# torch.cuda.is_available() said to give True, on a lower-cased line: "returns true", "is true", "prints True",
# "-> True", "返回的是 true", "显示为True", "输出 true".
CUDA_TRUE_SAID = re.compile(
    r"is_available\(\)[ \t]{0,3}(?:[^\n \t][ \t]{0,2}){0,6}?"
    r"(?:returns?|returned|returning|is|was|gives?|gave|prints?|printed|shows?|showed|outputs?|==|=|->|:|"
    r"返回|显示|输出|为|是|得到)[ \t]{0,2}(?:的是|了|的|出)?[ \t]{0,2}[:：]?[ \t]{0,2}['\"“]?true\b")
# the check's True told as the outcome of a fix, not as what it gave beside the failure
_FIXED = ("now", "现在", "fixed", "solved", "解决", "好了")
NOT_COMPILED = "torch-not-compiled-with-cuda"


def cuda_true_said(lines: Iterable[tuple[int, str]]) -> Optional[int]:
    """The first line saying torch.cuda.is_available() gives True (not as a fix's outcome); else None. A line without
    the literal the pattern needs is passed over without a regex scan."""
    for lineno, line in lines:
        if "is_available()" not in line:
            continue
        low = line.lower()
        if "true" in low and CUDA_TRUE_SAID.search(low) and not any(word in low for word in _FIXED):
            return lineno
    return None


def cuda_true_where_not_compiled(seen: "Seen", out: list[Ranked]) -> list[Ranked]:
    """The paste says CUDA is available and shows the program's torch built without CUDA: two Pythons."""
    context, areas = seen.context, seen.areas
    said = getattr(context, "cuda_true_said", None)
    if said is None:  # (the facts' cuda_available False is read off the not-compiled error itself)
        return []
    if any(r.finding.category == "wrong_interpreter" for r in (*seen.ranked, *out)):
        return []
    failing = next((r for r in seen.ranked if r.finding.id == NOT_COMPILED), None)
    if failing is None:
        return []
    line = failing.line
    return [Ranked(Finding(
        id="cuda-available-elsewhere-not-compiled", category="wrong_interpreter", severity="error",
        area=areas.get("wrong_interpreter", "packages"),
        title=tr("CUDA works where it was checked, but the program imported a torch built without CUDA: the check "
                 "and the program ran in different Pythons"),
        message=tr("The paste says {call} gives True (line {said}), and the program's torch says it was not "
                   "compiled with CUDA (line {line}): two torches are installed, and the program runs the CPU-only "
                   "one.", call="torch.cuda.is_available()", said=said, line=line),
        fix=tr("Run {show} both where the check gives True and the way the program is started (its command, its "
               "IDE or its launcher); start the program with the Python that has the CUDA build ({run}), or install "
               "the CUDA build into the other one.",
               show="python -c \"import sys, torch; print(sys.executable, torch.__version__)\"",
               run="python -m <program>"),
        evidence=(tr("pasted line {line}: torch.cuda.is_available() is said to give True", line=said),
                  tr("pasted line {line}: the program's torch was not compiled with CUDA", line=line)),
        certainty=LIKELY, references=("https://docs.python.org/3/library/sys.html#sys.executable",),
        data={"lines": [said, line]}), corroborated=True, explains=True, line=line)]
