"""Reading an input document at the door: bounded size, strict JSON, bounded nesting.

Every document yolodoctor is handed (a facts file, a plan, a policy, a facts block pasted into a
report) passes here before anything reads its fields: the read stops one byte past the cap (so
`--facts /dev/zero` fails at once instead of filling memory), JSON's NaN/Infinity and numbers that
overflow to infinity are refused, and nesting deeper than MAX_DEPTH is refused before the rules see
it. Errors are UserErrors with exit code 65 that name the file and the limit.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any, BinaryIO, Optional

from .exitcodes import DATA, USAGE, UserError
from .i18n import tr

FACTS_MAX_BYTES = 64 << 20  # a facts file of a machine with thousands of distributions is ~1 MiB
PLAN_MAX_BYTES = 1 << 20  # a plan is a page of JSON; anything near this size is not one
POLICY_MAX_BYTES = 1 << 20
MAX_DEPTH = 64  # facts nest about 6 deep; nothing legitimate comes near this


def size_label(size: int) -> str:
    return f"{size >> 20} MiB" if size >= 1 << 20 else f"{size >> 10} KiB"


def read_capped(path: str, cap: int, what: str, stdin: Optional[BinaryIO] = None) -> str:
    """The text of `path` ("-": standard input), refused when it is larger than `cap` bytes or not UTF-8."""
    try:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(cap + 1)
        else:
            with open(path, "rb") as fh:
                data = fh.read(cap + 1)
    except IsADirectoryError:
        raise UserError(tr("cannot read {what} {path}: it is a directory", what=tr(what), path=path), USAGE) from None
    except OSError as exc:
        raise UserError(tr("cannot read {what} {path}: {error}", what=tr(what), path=path, error=exc.strerror or exc),
                        USAGE) from None
    if len(data) > cap:
        raise UserError(tr("{what} {path} is larger than the {limit} limit for a {what}; it is not one yolodoctor wrote",
                           what=tr(what), path=path, limit=size_label(cap)), DATA)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(tr("{what} {path} is not a text file (not UTF-8)", what=tr(what), path=path), DATA) from None


class DocumentError(ValueError):
    """A document that parsed but breaks the limits every document must keep."""


def _refuse_constant(name: str) -> Any:
    raise DocumentError(f"{name} is not a number a document may hold")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise DocumentError(f"the number {text[:40]} overflows")
    return value


def loads_json(text: str) -> Any:
    """json.loads without NaN/Infinity, with overflowing numbers and deep nesting refused (DocumentError);
    malformed JSON raises ValueError as json.loads does."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise DocumentError(f"it nests deeper than {MAX_DEPTH} levels") from None
    check_depth(data)
    return data


def check_depth(data: Any, limit: int = MAX_DEPTH) -> None:
    """Refuse nesting deeper than `limit`, and any non-finite float (TOML allows nan/inf), iteratively."""
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            raise DocumentError(f"{node} is not a number a document may hold")
        if isinstance(node, (dict, list)):
            if depth > limit:
                raise DocumentError(f"it nests deeper than {limit} levels")
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
