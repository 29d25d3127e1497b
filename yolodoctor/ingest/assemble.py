"""Observations -> one partial Facts document.

Readings are applied most-believed first (parsers.PRECEDENCE, then line
order). A later reading of the same field either agrees, refines (the same
text, more precise: "3.10" then "3.10.12", a GPU name nvidia-smi cut short),
or conflicts; a conflict keeps the first value and is reported. Nothing is
defaulted: a field no reading touched stays null.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import sys
import typing
from typing import Any, Optional

from ..facts.model import Facts, Package, canonical_name
from .model import Conflict, Observation
from .parsers import PRECEDENCE

_HEAD = re.compile(r"(?P<name>\w+)(?:\[(?P<key>[^\]]*)\])?$")


class PathError(ValueError):
    """A parser named a Facts field that does not exist (a bug, caught by the tests)."""


def assemble(observations: list[Observation], prefer: Optional[dict[str, int]] = None,
             ) -> tuple[Facts, list[Conflict], dict[str, Observation]]:
    """(facts, conflicts, which observation set each path). `prefer` names, per path, the line of the reading
    to keep when readings conflict (that of the environment that failed); otherwise precedence and order."""
    prefer = prefer or {}
    ordered = sorted(observations, key=lambda o: (prefer.get(o.path) != o.line, -PRECEDENCE.get(o.source, 0),
                                                  o.line))
    facts: Optional[Facts] = None
    from_base = False
    written: dict[str, Observation] = {}
    conflicts: list[Conflict] = []
    for observation in ordered:
        if observation.path == "*":
            if facts is None:  # the first complete document is the base; a second one is only noted
                facts = copy.deepcopy(observation.value)
                from_base = True
                written["*"] = observation
            continue
        if facts is None:
            facts = Facts(schema=Facts().schema)
        _apply(facts, observation, written, conflicts, from_base)
    if facts is None:
        facts = Facts()
    facts.origin = "pasted"
    facts.nvidia.gpus.sort(key=lambda g: (g.index is None, g.index if g.index is not None else 0))
    facts.torch.devices.sort(key=lambda d: (d.index is None, d.index if d.index is not None else 0))
    if not from_base and (facts.torch.version or facts.torch.status) and facts.torch.source is None:
        facts.torch.source = "pasted"
    return facts, conflicts, written


def _apply(facts: Facts, observation: Observation, written: dict[str, Observation], conflicts: list[Conflict],
           from_base: bool) -> None:
    kind, holder, key = _walk(facts, observation.path)
    value = observation.value
    if kind == "append":
        if value not in holder:
            holder.append(value)
        return
    current = holder.get(key) if kind == "dict" else getattr(holder, key)
    previous = written.get(observation.path)
    if previous is None:
        if from_base and current not in (None, "", [], {}):
            if current != value and not _refines(current, value):
                conflicts.append(Conflict(observation.path, current, written["*"].line, value, observation.line))
            return  # yolodoctor's own document is exact
        _store(kind, holder, key, value)
        written[observation.path] = observation
        return
    if current == value or _refines(value, current):
        return  # the same, or less precise than what is kept
    if _refines(current, value):
        _store(kind, holder, key, value)  # more precise reading of the same value
        return
    conflicts.append(Conflict(observation.path, current, previous.line, value, observation.line))


def _store(kind: str, holder: Any, key: str, value: Any) -> None:
    if kind == "dict":
        holder[key] = value
    else:
        setattr(holder, key, value)


def _refines(short: Any, long: Any) -> bool:
    """`long` says what `short` says, more precisely ("3.10" -> "3.10.12", "Tesla V100-PCIE" -> "...-32GB")."""
    if not isinstance(short, str) or not isinstance(long, str) or len(long) <= len(short) or not short:
        return False
    return long.startswith(short) and long[len(short)] in ".-+ _"


def _walk(facts: Facts, path: str) -> tuple[str, Any, Any]:
    """("attr", object, field) | ("dict", mapping, key) | ("append", list, None) for `path`, creating
    intermediate records (a GPU, a package) as needed."""
    obj: Any = facts
    rest = path
    while True:
        head, _, rest = rest.partition(".")
        match = _HEAD.match(head)
        if not match or not dataclasses.is_dataclass(obj) or not hasattr(obj, match.group("name")):
            raise PathError(f"no field {head!r} in path {path!r}")
        name, key = match.group("name"), match.group("key")
        value = getattr(obj, name)
        if isinstance(value, dict):
            if name == "packages":
                package, _, rest = rest.partition(".")
                if not package or not rest:
                    raise PathError(f"incomplete package path {path!r}")
                obj = value.setdefault(package, Package())
                continue
            if not rest:
                raise PathError(f"no key after {name!r} in {path!r}")
            return "dict", value, rest
        if isinstance(value, list) and key is not None:
            if key == "":
                return "append", value, None
            obj = _item(obj, name, value, key, path)
            if not rest:
                raise PathError(f"no field after {head!r} in {path!r}")
            continue
        if not rest:
            return "attr", obj, name
        if value is None:  # an optional record (platform.jetson) the paste is the first to fill
            value = _optional_record(obj, name)
            if value is not None:
                setattr(obj, name, value)
        if not dataclasses.is_dataclass(value):
            raise PathError(f"{name!r} has no fields, in {path!r}")
        obj = value


def _optional_record(owner: Any, name: str) -> Any:
    """A new record for an Optional[<dataclass>] field of `owner`, or None when the field is of another type."""
    hints = typing.get_type_hints(type(owner), vars(sys.modules[type(owner).__module__]))
    for cls in typing.get_args(hints.get(name)):
        if dataclasses.is_dataclass(cls):
            return cls()
    return None


def _item(owner: Any, name: str, items: list, key: str, path: str) -> Any:
    cls = _element_type(type(owner), name)
    fields = {f.name for f in dataclasses.fields(cls)}
    if "index" in fields:
        try:
            wanted: Any = int(key)
        except ValueError:
            raise PathError(f"{key!r} is not an index, in {path!r}") from None
        for item in items:
            if item.index == wanted:
                return item
        item = cls(index=wanted)
    else:
        for item in items:
            if canonical_name(item.name) == key:
                return item
        item = cls(name=key)
    items.append(item)
    return item


def _element_type(cls: type, name: str) -> type:
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    args = typing.get_args(hints[name])
    if not args or not dataclasses.is_dataclass(args[0]):
        raise PathError(f"{cls.__name__}.{name} is not a list of records")
    return args[0]
