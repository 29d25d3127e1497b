"""The plan document's JSON Schema, and the small validator that applies it before anything else.

A plan file is hostile until validated: every key known, every value of its
type and within its length. The schema is standard JSON Schema (draft
2020-12; a test checks it against the meta-schema and against the reference
`jsonschema` implementation); the validator here covers exactly the keywords
it uses, so yolodoctor needs no extra dependency at run time.
"""

from __future__ import annotations

from typing import Any, Iterator

MAX_TEXT = 8192  # titles, reasons, notes
MAX_ITEM = 2048  # a requirement, a URL, a name, a path
MAX_LIST = 256
MAX_ACTIONS = 64


def _text(limit: int = MAX_TEXT) -> dict[str, Any]:
    return {"type": "string", "maxLength": limit}


def _strings(limit: int = MAX_ITEM) -> dict[str, Any]:
    return {"type": "array", "maxItems": MAX_LIST, "items": _text(limit)}


def _pairs() -> dict[str, Any]:
    return {"type": "array", "maxItems": MAX_LIST,
            "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": _text(MAX_ITEM)}}


def _nullable(limit: int = MAX_ITEM) -> dict[str, Any]:
    return {"type": ["string", "null"], "maxLength": limit}


ACTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "title", "why"],
    "properties": {
        "kind": {"enum": ["install", "uninstall", "setting", "manual", "info"]},
        "title": _text(), "why": _text(),
        "findings": _strings(64), "requirements": _strings(), "uninstall": _strings(256),
        "index_url": _nullable(), "extra_index_urls": _strings(), "find_links": _strings(),
        "options": _strings(64), "env": _pairs(), "settings": _pairs(), "scope": _nullable(),
        "steps": _strings(MAX_TEXT), "needs_root": {"type": "boolean"}, "verified": {"type": "boolean"},
        "notes": _strings(MAX_TEXT),
        # what the resolver's dry run said the action would change ("name: from -> to"); shown, never run
        "changes": _strings(),
        "commands": {"type": "array", "maxItems": 16, "items": _strings()},
    },
}

TARGET = {
    "type": "object",
    "additionalProperties": False,
    "required": ["prefix", "executable", "fingerprint"],
    "properties": {
        "prefix": _text(4096), "executable": _text(4096),
        "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "python_version": _nullable(32), "distributions": {"type": "integer", "minimum": 0},
    },
}

PLAN = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://yolodoctor.invalid/schemas/plan-1.json",
    "title": "yolodoctor.plan/1",
    "type": "object",
    "additionalProperties": False,
    "required": ["schema", "python"],
    "properties": {
        "schema": {"const": "yolodoctor.plan/1"},
        "python": {"type": "string", "minLength": 1, "maxLength": 4096},
        "installer": {"enum": ["pip", "uv"]},
        "installer_path": _nullable(4096),
        "actions": {"type": "array", "maxItems": MAX_ACTIONS, "items": ACTION},
        "python_version": _nullable(32), "prefix": _nullable(4096),
        "externally_managed": {"type": "boolean"}, "break_system_packages": {"type": "boolean"},
        "findings": _pairs(), "notes": _strings(MAX_TEXT), "created_at": _nullable(64),
        "target": {"anyOf": [{"type": "null"}, TARGET]},
    },
}

_TYPES = {"string": str, "object": dict, "array": list, "boolean": bool, "null": type(None)}


def _is(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def errors(value: Any, schema: dict[str, Any] = PLAN, where: str = "plan") -> Iterator[str]:
    """Every way `value` breaks `schema` (the keywords PLAN uses), as 'where: what' lines."""
    import re

    if "anyOf" in schema:
        if not any(not list(errors(value, option, where)) for option in schema["anyOf"]):
            yield f"{where}: matches none of the allowed forms"
        return
    if "const" in schema and value != schema["const"]:
        yield f"{where}: expected {schema['const']!r}"
        return
    if "enum" in schema and value not in schema["enum"]:
        yield f"{where}: {str(value)[:40]!r} is not one of {', '.join(map(str, schema['enum']))}"
        return
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(value, t) for t in types):
            yield f"{where}: expected {' or '.join(types)}"
            return
    if isinstance(value, str):
        if len(value) > schema.get("maxLength", len(value)):
            yield f"{where}: longer than {schema['maxLength']} characters"
        if len(value) < schema.get("minLength", 0):
            yield f"{where}: empty"
        if "pattern" in schema and not re.search(schema["pattern"], value):
            yield f"{where}: not of the expected form"
    elif isinstance(value, int) and not isinstance(value, bool):
        if value < schema.get("minimum", value):
            yield f"{where}: below {schema['minimum']}"
    elif isinstance(value, list):
        if len(value) > schema.get("maxItems", len(value)):
            yield f"{where}: more than {schema['maxItems']} items"
            return
        if len(value) < schema.get("minItems", 0):
            yield f"{where}: fewer than {schema['minItems']} items"
        if "items" in schema:
            for index, item in enumerate(value):
                yield from errors(item, schema["items"], f"{where}[{index}]")
    elif isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", ()):
            if key not in value:
                yield f"{where}: missing {key}"
        if schema.get("additionalProperties") is False:
            unknown = sorted(str(k)[:40] for k in value if k not in properties)
            if unknown:
                yield f"{where}: unknown field(s) {', '.join(unknown)}"
        for key, sub in properties.items():
            if key in value:
                yield from errors(value[key], sub, f"{where}.{key}")


def first_error(value: Any) -> str | None:
    return next(errors(value), None)
