"""The work said to run on the CPU, and the GPU asked for in the same paste.

"It seems to be running on the CPU, which is slow ... I'm looking for a way to use the GPU": neither half says that
torch cannot use CUDA (the CPU may be chosen on purpose; the GPU may be wished for before anything ran). Together
they do: the reporter has a GPU, wants it used, and the work runs on the CPU. The two halves are read on lower-cased
lines, each on its own:

- the work on the CPU, as a statement: a verb of running with the CPU as its place ("running on the CPU", "trains
  on my CPU"), a verb of using with the CPU as its object ("it uses the CPU", "is utilising my CPU"), or the CPU
  said to be in use ("the CPU is being used"). A question ("does it run on the CPU?") is not read, nor a CPU
  chosen or advised ("run it on the CPU", "to run on the CPU", "you can use the CPU").
- the GPU asked for, by the reporter: a first-person or asking phrase before a verb of using or running on the GPU
  ("a way to use the GPU", "how do I make it use my GPU", "I want to run it on the graphics card"), or the reporter's
  own GPU as the object ("use my GPU", "utilise my graphics card"), or a way asked to force CUDA or the GPU ("is
  there a way to force CUDA?"). Advice ("to use the GPU, pass device=0") has neither and is not read. A question
  in the sentence before the CPU clause leaves the clause a statement.

Both patterns are bounded and literal-anchored (tests/test_patterns_linear.py).
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

# The work on the CPU, stated.
CPU_USED = re.compile(
    r"(?<![\w'])(?:(?:is|are|was|were|seems?[ \t]{1,3}to[ \t]{1,3}be|appears?[ \t]{1,3}to[ \t]{1,3}be|it'?s|keeps?)"
    r"[ \t]{1,3}(?:still[ \t]{1,3}|only[ \t]{1,3}|always[ \t]{1,3}|all[ \t]{1,3})?"
    r"(?:running|computing|training|working|generating|rendering|inferring|processing|transcribing)"
    r"|(?:it|this|that|everything|training|inference|generation|rendering|transcription|the[ \t]{1,3}\w{2,20})"
    r"[ \t]{1,3}(?:still[ \t]{1,3}|only[ \t]{1,3}|always[ \t]{1,3}|all[ \t]{1,3})?"
    r"(?:runs|ran|computes|trains|trained|works|generates|renders|rendered|infers|processes|processed))"
    r"[ \t]{1,3}(?:only[ \t]{1,3}|entirely[ \t]{1,3}|solely[ \t]{1,3})?on[ \t]{1,3}(?:the[ \t]{1,3}|my[ \t]{1,3})?"
    r"cpu(?![\w-])"
    r"|(?<![\w'])(?:it|this|that|everything|training|inference|generation|rendering|transcription|"
    r"the[ \t]{1,3}\w{2,20})[ \t]{1,3}(?:still[ \t]{1,3}|only[ \t]{1,3}|always[ \t]{1,3})?"
    r"(?:uses|used|is[ \t]{1,3}using|was[ \t]{1,3}using|utili[sz]es|utili[sz]ed|is[ \t]{1,3}utili[sz]ing)[ \t]{1,3}"
    r"(?:only[ \t]{1,3})?(?:the[ \t]{1,3}|my[ \t]{1,3})?cpu(?![\w-])"
    r"|(?<![\w'])(?:the[ \t]{1,3}|my[ \t]{1,3})?cpu[ \t]{1,3}(?:is|was)[ \t]{1,3}(?:being[ \t]{1,3})?used(?![\w-])")
# The GPU asked for by the reporter.
GPU_WISH = re.compile(
    r"(?<![\w'])(?:(?:a|any|the|some)[ \t]{1,3}way[ \t]{1,3}to|how[ \t]{1,3}(?:do|can|could|should)[ \t]{1,3}i"
    r"(?:[ \t]{1,3}get[ \t]{1,3}it)?|how[ \t]{1,3}to|i[ \t]{1,3}(?:want|wanted|need|needed|would[ \t]{1,3}like|'d"
    r"[ \t]{1,3}like|am[ \t]{1,3}trying|was[ \t]{1,3}trying|tried|try)[ \t]{1,3}to|(?:i'm|i[ \t]{1,3}am)"
    r"[ \t]{1,3}trying[ \t]{1,3}to|so[ \t]{1,3}(?:that[ \t]{1,3})?it)[ \t]{1,3}(?:make[ \t]{1,3}it[ \t]{1,3}|get[ \t]{1,3}it"
    r"[ \t]{1,3}to[ \t]{1,3}|have[ \t]{1,3}it[ \t]{1,3})?(?:use|uses|utili[sz]e|run[ \t]{1,3}(?:it[ \t]{1,3})?on|"
    r"train[ \t]{1,3}on|work[ \t]{1,3}on)[ \t]{1,3}(?:the[ \t]{1,3}|my[ \t]{1,3}|our[ \t]{1,3})?"
    r"(?:nvidia[ \t]{1,3}|dedicated[ \t]{1,3}|discrete[ \t]{1,3})?(?:gpu|graphics[ \t]{1,3}card|video[ \t]{1,3}card)"
    r"(?![\w-])"
    r"|(?<![\w'])(?:use|utili[sz]e|run[ \t]{1,3}(?:it[ \t]{1,3})?on|train[ \t]{1,3}on)[ \t]{1,3}my[ \t]{1,3}"
    r"(?:nvidia[ \t]{1,3}|dedicated[ \t]{1,3})?(?:gpu|graphics[ \t]{1,3}card|video[ \t]{1,3}card)(?![\w-])"
    r"|(?<![\w'])(?:(?:a|any|the|some)[ \t]{1,3}way[ \t]{1,3}to|how[ \t]{1,3}(?:do|can|could)[ \t]{1,3}i|how[ \t]{1,3}to)"
    r"[ \t]{1,3}force[ \t]{1,3}(?:it[ \t]{1,3}to[ \t]{1,3}(?:use|run[ \t]{1,3}on)[ \t]{1,3})?(?:the[ \t]{1,3}|my[ \t]{1,3})?"
    r"(?:cuda|gpu)(?![\w-])")
# What a statement of the CPU in use must not be: a question, or the CPU chosen or advised.
NOT_STATED = re.compile(r"\?|(?<![\w'])(?:can|could|should|must|to|please|if|whether|want|wanted|choose|chose|"
                        r"force[sd]?|select(?:ed)?|set)[ \t]{1,3}(?:\w{1,12}[ \t]{1,3}){0,3}$")


def _stated(low: str, match: re.Match) -> bool:
    """The CPU clause is a statement: its sentence is no question, and no modal or choice comes right before it."""
    end = low.find(".", match.end())
    sentence_end = low[match.end():end if end >= 0 else len(low)]
    if "?" in sentence_end or "？" in sentence_end:
        return False
    before = low[max(0, match.start() - 40):match.start()]
    # only this sentence's words: a question the sentence before asked ("is there a way to force cuda? it keeps
    # running on my cpu") does not make this one a question
    before = before[max(before.rfind(". "), before.rfind("? "), before.rfind("! "), before.rfind("？")) + 1:]
    return NOT_STATED.search(before) is None


def cpu_used_gpu_wished(lines: Iterable[tuple[int, str]]) -> Optional[int]:
    """The line (numbered) of the work said to run on the CPU, where the same paste asks for the GPU; else None."""
    cpu_line: Optional[int] = None
    wished = False
    for lineno, line in lines:
        low = line.lower()
        if "cpu" in low and cpu_line is None:
            match = CPU_USED.search(low)
            if match is not None and _stated(low, match):
                cpu_line = lineno
        if not wished and ("gpu" in low or "card" in low or "cuda" in low) and GPU_WISH.search(low):
            wished = True
        if wished and cpu_line is not None:
            return cpu_line
    return None
