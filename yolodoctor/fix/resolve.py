"""Never swap torch by accident: every install is resolved for real against the target before it runs.

Each install action is handed to the target's own installer with `--dry-run`
(pip: `--report -`, uv: its "would install" lines), with the installed torch
stack (torch, torchvision, torchaudio and the nvidia-* libraries they brought)
held by a constraints file when the action is not itself the torch set. The
plan then lists, per action, every distribution that would change (from ->
to). A non-torch action that cannot be resolved with the stack held is
refused and says why; one that can is pinned to the version the resolver
chose, so the install cannot drift to a release that wants another torch.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, replace
from typing import Mapping, Optional

from ..facts.model import Facts, canonical_name
from ..i18n import tr
from ..facts.runner import run
from .commands import index_arguments, installer_prefix
from .plan import Action, Plan
from .requirements import requirement_name

TORCH_STACK = ("torch", "torchvision", "torchaudio")
RESOLVE_TIMEOUT_S = 300.0
_UV_LINE = re.compile(r"^\s*([+-])\s+([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


@dataclass(frozen=True)
class Change:
    name: str
    before: Optional[str]  # None: not installed now
    after: Optional[str]  # None: removed

    def text(self) -> str:
        if self.before is None:
            return f"{self.name}: (new) -> {self.after}"
        if self.after is None:
            return f"{self.name}: {self.before} -> (removed)"
        return f"{self.name}: {self.before} -> {self.after}"

    @property
    def touches_torch_stack(self) -> bool:
        return self.name in TORCH_STACK or self.name.startswith("nvidia-")


@dataclass(frozen=True)
class Resolution:
    ok: bool
    changes: tuple[Change, ...] = ()
    error: Optional[str] = None  # why it did not resolve (the installer's last words)


def held_stack(installed: Mapping[str, str]) -> dict[str, str]:
    """The installed torch stack, canonical name -> exact version."""
    return {name: version for name, version in installed.items()
            if name in TORCH_STACK or name.startswith("nvidia-")}


def is_torch_action(action: Action) -> bool:
    return any(canonical_name(requirement_name(r) or "") in TORCH_STACK for r in action.requirements)


def dry_run_command(plan: Plan, action: Action, constraints: Optional[str]) -> list[str]:
    argv = installer_prefix(plan, "install")
    # Few retries: a source that does not answer is reported, not waited on for minutes.
    argv += ["--dry-run"] + (["--report", "-", "--quiet", "--disable-pip-version-check", "--retries", "1",
                              "--timeout", "15"] if plan.installer == "pip" else [])
    argv += index_arguments(action.index_url, action.extra_index_urls, action.find_links)
    if constraints:
        argv += ["-c", constraints]
    if plan.break_system_packages:
        argv.append("--break-system-packages")
    return argv + list(action.requirements)


def _pip_changes(stdout: str, installed: Mapping[str, str]) -> tuple[Change, ...]:
    report = json.loads(stdout[stdout.index("{"):]) if "{" in stdout else {}
    changes = []
    for item in report.get("install", []):
        meta = item.get("metadata", {})
        name, version = canonical_name(str(meta.get("name", ""))), str(meta.get("version", ""))
        if name and installed.get(name) != version:
            changes.append(Change(name, installed.get(name), version))
    return tuple(sorted(changes, key=lambda c: c.name))


def _uv_changes(text: str, installed: Mapping[str, str]) -> tuple[Change, ...]:
    added, removed = {}, {}
    for line in text.splitlines():
        match = _UV_LINE.match(line)
        if match:
            sign, name, version = match.groups()
            (added if sign == "+" else removed)[canonical_name(name)] = version
    names = sorted(set(added) | set(removed))
    return tuple(Change(n, removed.get(n, installed.get(n)), added.get(n)) for n in names
                 if removed.get(n, installed.get(n)) != added.get(n))


def resolve(plan: Plan, action: Action, installed: Mapping[str, str], hold: Mapping[str, str],
            env: Optional[Mapping[str, str]] = None, timeout: float = RESOLVE_TIMEOUT_S) -> Resolution:
    """Resolve `action` against the target with `hold` as constraints; what would change."""
    with tempfile.TemporaryDirectory(prefix="yolodoctor-resolve-") as tmp:
        constraints = None
        if hold:
            constraints = os.path.join(tmp, "constraints.txt")
            with open(constraints, "w", encoding="utf-8") as handle:
                handle.writelines(f"{name}=={version}\n" for name, version in sorted(hold.items()))
        result = run(dry_run_command(plan, action, constraints), timeout=timeout, env=env)
    if not result.ok:
        said = (result.stderr or result.stdout or result.error or result.status).strip().splitlines()
        tail = [line for line in said if line.strip()][-3:]
        return Resolution(False, error=" / ".join(tail) or result.status)
    try:
        changes = _pip_changes(result.stdout, installed) if plan.installer == "pip" else \
            _uv_changes(result.stderr + "\n" + result.stdout, installed)
    except (ValueError, AttributeError) as exc:
        return Resolution(False, error=tr("the installer's dry-run report could not be read ({error})", error=exc))
    return Resolution(True, changes)


def _exact_pins(action: Action, changes: tuple[Change, ...]) -> tuple[str, ...]:
    """The action's own requirements pinned to what the resolver chose with the stack held."""
    chosen = {c.name: c.after for c in changes if c.after}
    pins = []
    for requirement in action.requirements:
        name = canonical_name(requirement_name(requirement) or "")
        pins.append(f"{name}=={chosen[name]}" if name in chosen and "://" not in requirement else requirement)
    return tuple(pins)


def guard_plan(plan: Plan, facts: Facts, env: Optional[Mapping[str, str]] = None,
               timeout: float = RESOLVE_TIMEOUT_S) -> Plan:
    """Each install action resolved for real: its changes listed; a non-torch action that would change the
    torch stack pinned to a version that keeps it, or refused."""
    installed = {canonical_name(d.name): d.version for d in facts.python.distributions if d.version}
    hold = held_stack(installed)
    actions = []
    for action in plan.actions:
        if action.kind != "install" or not action.requirements:
            actions.append(action)
            continue
        torch_action = is_torch_action(action)
        silent = _unreachable(action, facts)
        if silent:  # never wait on a source this run found dead, or contact one under --offline
            actions.append(replace(action, changes=(tr("not resolved before applying: {reason}", reason=silent),)))
            continue
        free = resolve(plan, action, installed, {}, env, timeout)
        if torch_action or not hold:
            actions.append(_with_changes(action, free))
            continue
        if free.ok and not any(c.touches_torch_stack for c in free.changes):
            actions.append(_with_changes(action, free))
            continue
        held = resolve(plan, action, installed, hold, env, timeout)
        if held.ok and not any(c.touches_torch_stack for c in held.changes):
            swapped = ", ".join(c.text() for c in free.changes if c.touches_torch_stack)
            pinned = replace(action, requirements=_exact_pins(action, held.changes),
                             notes=action.notes + ((tr("pinned to the release that keeps the installed torch stack; "
                                                       "unpinned it would change {changes}", changes=swapped),)
                                                   if swapped else ()))
            actions.append(_with_changes(pinned, held))
            continue
        why = held.error if not held.ok else ", ".join(c.text() for c in held.changes if c.touches_torch_stack)
        stack = ", ".join(f"{n} {v}" for n, v in sorted(hold.items()) if n in TORCH_STACK)
        actions.append(Action(
            kind="info", title=tr("Not done: {title}", title=action.title), findings=action.findings,
            why=tr("it would change the installed torch stack ({stack}), and no version of {packages} resolves with "
                   "that stack held: {reason}", stack=stack, reason=why,
                   packages=', '.join(filter(None, (requirement_name(r) for r in action.requirements)))),
            notes=(tr("change the torch set first ({command}), then run fix again",
                      command="yolodoctor fix --torch VERSION"),)))
    return replace(plan, actions=tuple(actions))


PYPI = "https://pypi.org"


def _unreachable(action: Action, facts: Facts) -> Optional[str]:
    """Why the dry run would only wait on a dead or forbidden source, or None to go ahead."""
    pip = facts.python.pip_config
    configured = pip.index_url or facts.env.pip_index_url
    index = action.index_url or configured or PYPI
    loopback = any(host in index for host in ("://127.0.0.1", "://localhost", "://[::1]"))
    if loopback or (not action.index_url and configured):
        return None  # the user's own configured index, or a local one
    if facts.network.status == "skipped":
        return tr("--offline, and {index} was not contacted", index=index)
    host = index.split("://", 1)[-1].split("/", 1)[0]
    for probe in facts.network.endpoints:
        if probe.url and host in probe.url and probe.status and probe.status != "ok":
            return tr("{index} did not answer in this run ({status})", index=index, status=probe.status)
    return None


def _with_changes(action: Action, resolution: Resolution) -> Action:
    if resolution.ok:
        changes = tuple(c.text() for c in resolution.changes) or (tr("nothing would change (already satisfied)"),)
    else:
        changes = (tr("not resolved before applying: {reason}", reason=resolution.error),)
    return replace(action, changes=changes)
