"""A fix plan: actions as data, printed, saved, reviewed, then applied.

A plan names the interpreter it is for and, per action, what will be
installed or removed, from which index, with which installer flags, and why.
The exact commands are derived from these fields (fix/commands.py), so a
saved plan that was edited by hand either still derives the commands it
shows or is refused (see check_commands).

Kinds of action:
  install    pip/uv install of pinned requirements (optionally removing some first)
  uninstall  pip/uv uninstall of distributions
  setting    a persistent environment variable or pip setting (applied by persist_env)
  manual     steps that need root or a restart: printed, never run
  info       nothing to run; says what happens instead (e.g. SDPA instead of flash-attn)
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import Any, Optional

from ..i18n import tr
from ..documents import PLAN_MAX_BYTES as MAX_PLAN_BYTES  # one cap for every reader of plans

SCHEMA = "yolodoctor.plan/1"
KINDS = ("install", "uninstall", "setting", "manual", "info")
RUNNABLE_KINDS = ("install", "uninstall", "setting")
# Installer flags a plan may carry. Anything else in a plan file is refused:
# a reviewed plan must not smuggle in --trusted-host, --target, --pre, ...
ALLOWED_OPTIONS = ("--no-build-isolation", "--no-deps", "--force-reinstall", "--upgrade", "--only-binary=:all:")
INSTALLERS = ("pip", "uv")



class PlanFormatError(ValueError):
    """A plan document that cannot be used (wrong schema, wrong types, unknown fields)."""


@dataclass(frozen=True)
class TargetIdentity:
    """The environment a plan was made for: applying it anywhere else, or after it changed, is refused."""

    prefix: str  # sys.prefix of the target
    executable: str  # the interpreter path as it was given (not resolved: venvs share one base binary)
    fingerprint: str  # sha256 of the installed distributions (fix/identity.py)
    python_version: Optional[str] = None
    distributions: int = 0


@dataclass(frozen=True)
class Action:
    kind: str
    title: str
    why: str
    findings: tuple[str, ...] = ()  # ids of the findings this action answers
    requirements: tuple[str, ...] = ()  # PEP 508 pins or direct https wheel URLs
    uninstall: tuple[str, ...] = ()  # distributions removed first (install) or removed (uninstall)
    index_url: Optional[str] = None  # None: the installer's own configured index
    extra_index_urls: tuple[str, ...] = ()
    find_links: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # from ALLOWED_OPTIONS
    env: tuple[tuple[str, str], ...] = ()  # for the installer process only (MAX_JOBS=4)
    settings: tuple[tuple[str, str], ...] = ()  # kind "setting": NAME -> value
    scope: Optional[str] = None  # kind "setting": where it is persisted (user, venv, pip-user, ...)
    steps: tuple[str, ...] = ()  # kind "manual": what the user runs, in order
    needs_root: bool = False
    verified: bool = True  # False when it rests on compat rows marked verified = false
    notes: tuple[str, ...] = ()
    # What the installer's dry run said would change, one "name: from -> to" each (fix/resolve.py).
    changes: tuple[str, ...] = ()

    @property
    def runnable(self) -> bool:
        return self.kind in RUNNABLE_KINDS

    def touched_distributions(self) -> tuple[str, ...]:
        """Distribution names this action may change (for snapshots)."""
        from .requirements import requirement_name

        names = [requirement_name(r) for r in self.requirements] + list(self.uninstall)
        return tuple(n for n in names if n)


@dataclass(frozen=True)
class Plan:
    python: str  # the target interpreter's executable
    installer: str = "pip"  # pip or uv
    installer_path: Optional[str] = None  # uv's executable when installer is uv
    actions: tuple[Action, ...] = ()
    python_version: Optional[str] = None
    prefix: Optional[str] = None
    externally_managed: bool = False
    break_system_packages: bool = False  # the user overrode the PEP 668 refusal
    findings: tuple[tuple[str, str], ...] = ()  # (id, title) of the findings it answers
    notes: tuple[str, ...] = ()
    created_at: str = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))
    schema: str = SCHEMA
    target: Optional[TargetIdentity] = None  # None only for plans made from a facts file without distributions

    @property
    def runnable_actions(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.runnable)

    @property
    def manual_actions(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.kind == "manual")

    def touched_distributions(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for action in self.runnable_actions:
            for name in action.touched_distributions():
                seen.setdefault(name, None)
        return tuple(seen)


def plan_to_dict(plan: Plan, with_commands: bool = True) -> dict[str, Any]:
    data = dataclasses.asdict(plan)
    if with_commands:
        from .commands import action_commands

        for action, out in zip(plan.actions, data["actions"]):
            out["commands"] = [list(argv) for argv in action_commands(plan, action)]
    return data


def plan_to_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, sort_keys=False) + "\n"


def _tuple_of_str(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PlanFormatError(f"{where}: expected a list of strings")
    return tuple(value)


def _pairs(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        raise PlanFormatError(f"{where}: expected a list of [name, value] pairs")
    out = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(v, str) for v in item)):
            raise PlanFormatError(f"{where}: expected a list of [name, value] pairs")
        out.append((item[0], item[1]))
    return tuple(out)


def _optional_str(value: Any, where: str) -> Optional[str]:
    if value is not None and not isinstance(value, str):
        raise PlanFormatError(f"{where}: expected a string or null")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise PlanFormatError(f"{where}: expected true/false")
    return value


def action_from_dict(data: Any, where: str) -> Action:
    if not isinstance(data, dict):
        raise PlanFormatError(f"{where}: expected an object")
    known = {f.name for f in dataclasses.fields(Action)} | {"commands"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise PlanFormatError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for key in ("kind", "title", "why"):
        if not isinstance(data.get(key), str):
            raise PlanFormatError(f"{where}.{key}: expected a string")
    if data["kind"] not in KINDS:
        raise PlanFormatError(f"{where}.kind: {data['kind']!r} is not one of {', '.join(KINDS)}")
    kwargs: dict[str, Any] = {"kind": data["kind"], "title": data["title"], "why": data["why"]}
    for key in ("findings", "requirements", "uninstall", "extra_index_urls", "find_links", "options", "steps",
                "notes", "changes"):
        if key in data:
            kwargs[key] = _tuple_of_str(data[key], f"{where}.{key}")
    for key in ("env", "settings"):
        if key in data:
            kwargs[key] = _pairs(data[key], f"{where}.{key}")
    for key in ("index_url", "scope"):
        if key in data:
            kwargs[key] = _optional_str(data[key], f"{where}.{key}")
    for key in ("needs_root", "verified"):
        if key in data:
            kwargs[key] = _bool(data[key], f"{where}.{key}")
    bad = [o for o in kwargs.get("options", ()) if o not in ALLOWED_OPTIONS]
    if bad:
        raise PlanFormatError(f"{where}.options: {', '.join(bad)} not allowed in a plan "
                              f"(allowed: {', '.join(ALLOWED_OPTIONS)})")
    return Action(**kwargs)


def plan_from_dict(data: Any) -> Plan:
    if not isinstance(data, dict):
        raise PlanFormatError(tr("a plan must be a JSON object"))
    schema = data.get("schema")
    if not isinstance(schema, str) or not schema.startswith("yolodoctor.plan/"):
        raise PlanFormatError(tr("not a yolodoctor plan (schema {schema})", schema=repr(schema)))
    if schema != SCHEMA:
        raise PlanFormatError(tr("plan schema {schema} is not supported (expected {expected})", schema=schema,
                                 expected=SCHEMA))
    from .plan_schema import first_error

    problem = first_error(data)
    if problem:
        raise PlanFormatError(problem)
    known = {f.name for f in dataclasses.fields(Plan)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise PlanFormatError(f"plan: unknown field(s) {', '.join(unknown)}")
    if not isinstance(data.get("python"), str) or not data["python"]:
        raise PlanFormatError("plan.python: expected the interpreter's path")
    installer = data.get("installer", "pip")
    if installer not in INSTALLERS:
        raise PlanFormatError(f"plan.installer: {installer!r} is not one of {', '.join(INSTALLERS)}")
    actions = data.get("actions", [])
    if not isinstance(actions, list):
        raise PlanFormatError("plan.actions: expected a list")
    findings = data.get("findings", [])
    if not isinstance(findings, list):
        raise PlanFormatError("plan.findings: expected a list")
    plan = Plan(
        python=data["python"],
        installer=installer,
        installer_path=_optional_str(data.get("installer_path"), "plan.installer_path"),
        actions=tuple(action_from_dict(a, f"plan.actions[{i}]") for i, a in enumerate(actions)),
        python_version=_optional_str(data.get("python_version"), "plan.python_version"),
        prefix=_optional_str(data.get("prefix"), "plan.prefix"),
        externally_managed=_bool(data.get("externally_managed", False), "plan.externally_managed"),
        break_system_packages=_bool(data.get("break_system_packages", False), "plan.break_system_packages"),
        findings=_pairs(findings, "plan.findings"),
        notes=_tuple_of_str(data.get("notes", []), "plan.notes"),
        created_at=_optional_str(data.get("created_at"), "plan.created_at") or "",
        target=TargetIdentity(**data["target"]) if data.get("target") else None,
    )
    check_commands(plan, data)
    return plan


def check_commands(plan: Plan, data: dict[str, Any]) -> None:
    """A saved plan shows commands; they must be the ones its fields derive."""
    from .commands import action_commands

    for index, (action, raw) in enumerate(zip(plan.actions, data.get("actions", []))):
        if "commands" not in raw:
            continue
        shown = raw["commands"]
        derived = [list(argv) for argv in action_commands(plan, action)]
        if shown != derived:
            raise PlanFormatError(tr("{where} ({title}): the commands shown in the file are not the ones its fields "
                                     "produce; the file was edited inconsistently", where=f"plan.actions[{index}]",
                                     title=action.title))


def load_plan_text(text: str) -> Plan:
    from ..documents import DocumentError, loads_json

    if len(text) > MAX_PLAN_BYTES:
        raise PlanFormatError(tr("larger than {size} KiB: not a plan", size=MAX_PLAN_BYTES // 1024))
    try:
        data = loads_json(text)
    except DocumentError as exc:
        raise PlanFormatError(tr("not a plan: {error}", error=exc)) from None
    except ValueError as exc:
        raise PlanFormatError(tr("not valid JSON: {error}", error=exc)) from None
    return plan_from_dict(data)
