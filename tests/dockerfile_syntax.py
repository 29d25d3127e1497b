"""A small Dockerfile parser for checking documentation examples, after Docker's Dockerfile reference
(https://docs.docker.com/reference/dockerfile/): instructions, line continuations, comments, exec form.

It is stricter than Docker in one place on purpose: an argument list that starts with '[' but is not a
JSON array of strings is an error here, while Docker silently runs it as a shell command instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Optional

INSTRUCTIONS = {"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
                "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"}
EXEC_FORM = {"RUN", "CMD", "ENTRYPOINT", "SHELL", "ADD", "COPY", "VOLUME", "HEALTHCHECK"}


class DockerfileError(ValueError):
    pass


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str
    line: int
    exec_form: Optional[list[str]] = None  # the JSON array, when the exec form is used


def parse(text: str) -> list[Instruction]:
    logical: list[tuple[int, str]] = []
    pending: Optional[list] = None
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if pending is None and (not stripped or stripped.startswith("#")):
            continue  # blank lines and comments (parser directives included) between instructions
        if pending is not None and stripped.startswith("#"):
            continue  # comments inside a continued instruction are dropped, as Docker does
        if pending is None:
            pending = [number, ""]
        if raw.rstrip().endswith("\\"):
            pending[1] += raw.rstrip()[:-1] + " "
            continue
        pending[1] += raw
        logical.append((pending[0], pending[1]))
        pending = None
    if pending is not None:
        raise DockerfileError(f"line {pending[0]}: the last instruction ends with a line continuation")
    out = []
    for number, line in logical:
        match = re.match(r"\s*([A-Za-z]+)(\s+(.*))?$", line, re.S)
        if not match:
            raise DockerfileError(f"line {number}: not an instruction: {line.strip()[:40]!r}")
        keyword = match.group(1).upper()
        if keyword not in INSTRUCTIONS:
            raise DockerfileError(f"line {number}: unknown instruction {match.group(1)}")
        arguments = (match.group(3) or "").strip()
        if not arguments:
            raise DockerfileError(f"line {number}: {keyword} needs arguments")
        exec_form = None
        if keyword in EXEC_FORM and arguments.startswith("["):
            try:
                exec_form = json.loads(arguments)
            except ValueError as exc:
                raise DockerfileError(f"line {number}: {keyword} exec form is not valid JSON: {exc}") from None
            if not isinstance(exec_form, list) or not all(isinstance(a, str) for a in exec_form):
                raise DockerfileError(f"line {number}: {keyword} exec form must be a JSON array of strings")
        if keyword == "SHELL" and exec_form is None:
            raise DockerfileError(f"line {number}: SHELL must use the JSON form")
        if keyword == "ENV" and "=" not in arguments.split()[0] and len(arguments.split()) < 2:
            raise DockerfileError(f"line {number}: ENV needs KEY=VALUE (or KEY VALUE)")
        out.append(Instruction(keyword, arguments, number, exec_form))
    if not out:
        raise DockerfileError("no instructions")
    first = next((i for i in out if i.keyword != "ARG"), None)
    if first is None or first.keyword != "FROM":
        raise DockerfileError("the first instruction (after ARGs) must be FROM")
    for keyword in ("CMD", "ENTRYPOINT"):
        if sum(1 for i in out if i.keyword == keyword) > 1:
            raise DockerfileError(f"more than one {keyword}: only the last one takes effect")
    return out
