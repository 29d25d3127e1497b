"""What people type into Python to describe their setup, and what it answered:
`python --version`, interpreter banners, `torch.__version__`,
`torch.cuda.is_available()`, `torch.version.cuda`, `torch.backends.cudnn.version()`...

The answer may sit on the same line ("torch.cuda.is_available(): False",
'"torch.cuda.is_available()" returns "False"') or on the next one (a REPL).
torch for R (`cuda_is_available()`, answering TRUE/FALSE) wraps the same libtorch
and is read the same way.
"""

from __future__ import annotations

import ast
import re
from typing import Any, Optional, Sequence

from .model import Reading
from .values import torch_observations, version

KIND = "python_repl"
LABEL = "Python session"
NEEDLES = ("Python ", "torch.", "cuda_is_available()", "cuda.is_available()")
LINE_PATTERN = (r"^\s*(?:>>>\s*)?Python \d+\.\d+\.\d+"
                r"|torch\.(?:__version__|version\.cuda|cuda\.|backends\.cudnn\.version)|cuda_is_available\(\)"
                r"|(?<![\w.])cuda\.is_available\(\)")

_PYTHON = re.compile(r"\s*(?:>>>\s*)?Python (?P<version>\d+\.\d+\.\d+)(?:\s|$)")
_EXPRESSION = re.compile(
    r"(?:print\()?torch\.(?P<what>__version__|version\.cuda|cuda\.is_available(?:\(\))?|cuda\.device_count\(\)|"
    r"backends\.cudnn\.version\(\)|cuda\.get_device_name\((?P<device>\d*)\)|cuda\.get_arch_list\(\))\)?")
_R_AVAILABLE = re.compile(r"(?<![\w.])(?:torch::)?cuda_is_available\(\)")
# "cuda.is_available()==False" as people write it, torch's module name left out (not cupy's or numba's: a dot before).
_BARE_AVAILABLE = re.compile(r"(?<![\w.])cuda\.is_available\(\)")
_R_BOOLEANS = {"TRUE": True, "FALSE": False}
# The answer after an arrow too, as reports written with a formatter put it ("torch.__version__ → 2.9.1+cpu",
# "torch.version.cuda => None").
_SAME_LINE = re.compile(r"[\"'`]?\)?\s*(?:==|=>|[:=]|->|\u2192|\u21d2|return(?:s|ed)?|gives|is)\s*[\"'`]?"
                        r"(?P<value>[^\"'`]+?)[\"'`]?\s*\.?\s*$")
# The answer after spaces alone, as people list their checks ("torch.cuda.is_available False"): only a bare
# True/False/None ending the line, so code ("if torch.cuda.is_available() else 'cpu'") and prose stay unread.
_SPACED = re.compile(r"[\"'`]?\)?[ \t]{1,4}(?P<value>True|False|None)[ \t]{0,2}[.,;]?[ \t]{0,2}$")
# ... or a quoted string ending the line, as a REPL prints one ("torch.version.cuda '11.3'"): where a list of checks
# answers one of them after spaces, it answers the others the same way.
_SPACED_QUOTED = re.compile(r"\)?[ \t]{1,4}(?P<quote>[\"'])(?P<value>[^\"'\n]{1,40})(?P=quote)[ \t]{0,2}$")
_SKIP = re.compile(r"\s*(?:```\w*|>>>\s*)?\s*$")


def parse_line(lines: Sequence[str], index: int, lineno: int) -> Reading:
    reading = Reading()
    line = lines[index]
    python = _PYTHON.match(line)
    if python:
        reading.add("python.version", version(python.group("version")), lineno, KIND)
        return reading
    expression = _EXPRESSION.search(line)
    if not expression:
        bare = _BARE_AVAILABLE.search(line)
        answer = (_SAME_LINE.match(line, bare.end()) or _SPACED.match(line, bare.end())) if bare else None
        if answer is not None and isinstance(_literal(answer.group("value").strip()), bool):
            reading.add("torch.cuda_available", _literal(answer.group("value").strip()), lineno, KIND)
            return reading
        r_call = _R_AVAILABLE.search(line)
        answer = _SAME_LINE.match(line, r_call.end()) if r_call else None
        value = _R_BOOLEANS.get(answer.group("value").strip().upper()) if answer else None
        if value is not None:
            reading.add("torch.cuda_available", value, lineno, KIND)
        return reading
    answer = (_SAME_LINE.match(line, expression.end()) or _SPACED.match(line, expression.end())
              or _SPACED_QUOTED.match(line, expression.end()))
    value: Optional[str] = answer.group("value").strip() if answer else None
    where = lineno
    if value is None and line[expression.end():].strip() in ("", ")", "`", "\"", "'"):
        following = index + 1
        while following < len(lines) and following - index <= 3 and _SKIP.fullmatch(lines[following]):
            following += 1
        if following < len(lines) and following - index <= 3:
            value, where = lines[following].strip(), lineno + following - index
    if value is not None:
        _record(reading, expression.group("what"), expression.group("device"), value, where)
    return reading


def _literal(text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text


def _record(reading: Reading, what: str, device: Optional[str], text: str, lineno: int) -> None:
    value = _literal(text)
    bare = text.strip().strip("'\"")  # versions are strings even when they look like numbers (11.8)
    if what == "__version__":
        reading.observations.extend(torch_observations(bare, lineno, KIND))
    elif what == "version.cuda" and version(bare):
        reading.add("torch.cuda", bare, lineno, KIND)
    elif what.startswith("cuda.is_available") and isinstance(value, bool):  # "()" is often left out in prose
        reading.add("torch.cuda_available", value, lineno, KIND)
    elif what == "cuda.device_count()" and isinstance(value, int) and not isinstance(value, bool):
        reading.add("torch.device_count", value, lineno, KIND)
    elif what == "backends.cudnn.version()" and isinstance(value, int) and not isinstance(value, bool) and value > 0:
        reading.add("torch.cudnn_version", cudnn_text(value), lineno, KIND)
    elif what.startswith("cuda.get_device_name") and isinstance(value, str) and value.strip():
        number = int(device) if device else 0
        reading.add(f"torch.devices[{number}].index", number, lineno, KIND)
        reading.add(f"torch.devices[{number}].name", value.strip(), lineno, KIND)
    elif what == "cuda.get_arch_list()" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        reading.add("torch.arch_list", value, lineno, KIND)


def cudnn_text(number: int) -> str:
    """torch reports cuDNN as one integer: 8902 -> 8.9.2, 90100 -> 9.1.0."""
    if number >= 10000:
        return f"{number // 10000}.{(number % 10000) // 100}.{number % 100}"
    return f"{number // 1000}.{(number % 1000) // 100}.{number % 100}"
