"""Which environment a plan is for, and whether it is still the environment the plan was made from.

Every venv made from one base interpreter resolves (realpath) to the same
binary, so the interpreter's file says nothing about the env. What does:
`sys.prefix` as the interpreter reports it, and the set of installed
distributions (a fingerprint). A plan records both; applying it to another
prefix is refused (wrong target), and applying it after the installed set
changed is refused (stale plan: what was reviewed no longer describes the env).
"""

from __future__ import annotations

import hashlib
import os
from typing import Iterable, Optional

from ..i18n import tr
from ..facts.model import Facts, canonical_name
from .plan import TargetIdentity


class IdentityError(Exception):
    """The plan is for another env, or for this env as it was before; `code` is the exit code."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def fingerprint(distributions: Iterable[tuple[str, Optional[str]]]) -> str:
    lines = sorted({f"{canonical_name(name)}=={version or '?'}" for name, version in distributions if name})
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def identity_of(facts: Facts) -> Optional[TargetIdentity]:
    """The identity of the env these facts describe; None when they do not say enough (no prefix)."""
    python = facts.python
    if not python.prefix or not python.executable:
        return None
    dists = [(d.name, d.version) for d in python.distributions]
    return TargetIdentity(prefix=python.prefix, executable=python.executable, fingerprint=fingerprint(dists),
                          python_version=python.version, distributions=len({canonical_name(n) for n, _ in dists}))


def _same_path(a: str, b: str) -> bool:
    return os.path.normcase(os.path.normpath(a)) == os.path.normcase(os.path.normpath(b))


def check_identity(recorded: Optional[TargetIdentity], current: Optional[TargetIdentity], plan_file: str) -> None:
    """Raise IdentityError unless `current` is the env `recorded` names, unchanged."""
    from ..exitcodes import DATA, USAGE

    if recorded is None:
        raise IdentityError(tr("{file} does not say which environment it was made for (no target); make the "
                               "plan again on this machine: {command}", file=plan_file,
                               command="yolodoctor fix --python PYTHON --plan-out FILE"), DATA)
    if current is None:
        raise IdentityError(tr("the target interpreter did not report its prefix; the plan cannot be matched to it"),
                            USAGE)
    if not _same_path(recorded.prefix, current.prefix):
        raise IdentityError(
            tr("the plan is for the environment {prefix} ({python}), but the target is {target} ({target_python}); "
               "nothing was changed. Apply it with {option}, or make a plan for this environment",
               prefix=recorded.prefix, python=recorded.executable, target=current.prefix,
               target_python=current.executable, option=f"--python {recorded.executable}"), USAGE)
    if recorded.fingerprint != current.fingerprint:
        raise IdentityError(
            tr("the environment {prefix} changed since the plan was made ({then} distributions then, {now} now, or "
               "other versions): what was reviewed no longer describes it, so the plan is stale; nothing was "
               "changed. Make the plan again: {command}", prefix=current.prefix, then=recorded.distributions,
               now=current.distributions, command=f"yolodoctor fix --python {current.executable} --plan-out FILE"),
            DATA)


def current_prefix(python: Optional[str], env, timeout: float = 30.0) -> tuple[str, str]:
    """(executable, sys.prefix) of the target this invocation names: --python, else the active env, else the
    interpreter running yolodoctor. A read-only question to that interpreter."""
    import sys

    from ..facts.runner import run
    from ..facts.target import TargetError, resolve_target

    target = resolve_target(python, env)
    if target.executable == sys.executable:
        return target.executable, sys.prefix
    result = run([target.executable, "-c", "import sys; sys.stdout.write(sys.prefix)"], timeout=timeout, env=env)
    if not result.ok or not result.stdout.strip():
        raise TargetError(f"{target.executable} did not report its prefix "
                          f"({(result.stderr or result.error or result.status or '').strip()[-200:]})")
    return target.executable, result.stdout.strip()
