"""Run the real CLI against a materialised scenario, and check the facts."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

from .build import Materialised

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class FactsRun:
    proc: subprocess.CompletedProcess
    facts: Optional[dict]
    seconds: float


def run_facts(m: Materialised, *extra: str, timeout: float = 120) -> FactsRun:
    """`yolodoctor facts --format json` as a user would run it on that machine.

    -s keeps the scenario's user site (under its $HOME) out of yolodoctor's
    own interpreter; the probes still see it, as they should.
    """
    import time

    argv = [sys.executable, "-s", "-m", "yolodoctor", "facts", "--format", "json", "--offline",
            *m.cli_args(), *m.scenario.args, *extra]
    started = time.monotonic()
    proc = subprocess.run(argv, capture_output=True, text=True, env=m.env, timeout=timeout, cwd=str(REPO))
    seconds = time.monotonic() - started
    facts = None
    if proc.returncode == 0:
        facts = json.loads(proc.stdout)
    return FactsRun(proc, facts, seconds)


# ------------------------------------------------------------- matching ---

class Matcher:
    needs_fill = False

    def __init__(self, description: str, test: Callable[[Any], bool]) -> None:
        self.description, self.test = description, test

    def __repr__(self) -> str:
        return self.description


class _TextMatcher(Matcher):
    needs_fill = True

    def __init__(self, kind: str, text: str) -> None:
        self.kind, self.text = kind, text
        check = {"contains": lambda v: isinstance(v, str) and text in v,
                 "starts with": lambda v: isinstance(v, str) and v.startswith(text)}[kind]
        super().__init__(f"{kind} {text!r}", check)

    def fill(self, values: Mapping[str, str]) -> Matcher:
        return _TextMatcher(self.kind, fill(self.text, values))


def contains(text: str) -> Matcher:
    return _TextMatcher("contains", text)


def startswith(text: str) -> Matcher:
    return _TextMatcher("starts with", text)


def positive() -> Matcher:
    return Matcher("a number > 0", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0)


def between(low: float, high: float) -> Matcher:
    return Matcher(f"between {low} and {high}", lambda v: isinstance(v, (int, float)) and low <= v <= high)


def lookup(facts: Any, path: str) -> Any:
    """'nvidia.gpus.0.name' -> facts['nvidia']['gpus'][0]['name']."""
    value = facts
    for part in path.split("."):
        if isinstance(value, list):
            value = value[int(part)]
        elif isinstance(value, dict):
            if part not in value:
                raise KeyError(f"{path}: no {part!r} (have {sorted(value)})")
            value = value[part]
        else:
            raise KeyError(f"{path}: {part!r} of a {type(value).__name__}")
    return value


def placeholders(m: Materialised) -> dict[str, str]:
    """What {home}, {prefix}, {site}, {user_site}, {py} and {bin} stand for in expectations."""
    from .build import PY, PY_TAG

    return {"home": str(m.home), "prefix": str(m.prefix), "site": str(m.site), "user_site": str(m.user_site),
            "py": PY_TAG, "pyver": PY, "bin": str(m.bin), "python": str(m.python)}


def mismatches(facts: dict, expect: Mapping[str, Any], values: Mapping[str, str]) -> list[str]:
    """Every expectation that the facts do not meet, described."""
    problems = []
    for path, wanted in expect.items():
        try:
            got = lookup(facts, path)
        except (KeyError, IndexError, ValueError) as exc:
            problems.append(f"{path}: missing ({exc})")
            continue
        wanted = fill(wanted, values)
        ok = wanted.test(got) if isinstance(wanted, Matcher) else got == wanted
        if not ok:
            problems.append(f"{path}: expected {wanted!r}, got {got!r}")
    return problems


def fill(value: Any, values: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        for key, text in values.items():
            value = value.replace("{" + key + "}", text)
        return value
    if isinstance(value, list):
        return [fill(v, values) for v in value]
    if isinstance(value, dict):
        return {fill(k, values): fill(v, values) for k, v in value.items()}
    if isinstance(value, Matcher):
        return Matcher(value.description, value.test) if not value.needs_fill else value.fill(values)
    return value
