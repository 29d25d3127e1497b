"""Finding and reading the TOML knowledge files, with errors that name them.

In a wheel the files live in yolodoctor/_data/{compat,rules}; in a source
checkout (editable install, tests) they are the top-level compat/ and rules/.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from . import toml_cache

PACKAGE_DIR = Path(__file__).resolve().parent.parent


class KnowledgeError(Exception):
    """A compat/ or rules/ file is missing, corrupt or malformed; names file and entry."""


def data_dir(kind: str) -> Path:
    """The directory holding `kind` ("compat" or "rules")."""
    for candidate in (PACKAGE_DIR / "_data" / kind, PACKAGE_DIR.parent / kind):
        if candidate.is_dir():
            return candidate
    raise KnowledgeError(f"the {kind}/ knowledge directory is missing from this installation")


@lru_cache(maxsize=None)
def load_toml(kind: str, name: str) -> dict[str, Any]:
    path = data_dir(kind) / name
    try:
        data = toml_cache.load(path)
    except FileNotFoundError:
        raise KnowledgeError(f"{kind}/{name} is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{kind}/{name} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise KnowledgeError(f"{kind}/{name} cannot be read: {exc}") from None
    return data


def load_compat_table(name: str, table: str, required: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The array of tables `table` from compat/`name`, checked for its source
    metadata and for the keys every entry must have."""
    data = load_toml("compat", name)
    where = f"compat/{name}"
    meta = data.get("tables", {}).get(table)
    if not isinstance(meta, dict) or not meta.get("source") or not meta.get("read"):
        raise KnowledgeError(f"{where}: table [[{table}]] has no [tables.{table}] with source and read date")
    entries = data.get(table)
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise KnowledgeError(f"{where}: [[{table}]] must be an array of tables")
    for index, entry in enumerate(entries):
        for key in required:
            if key not in entry:
                label = entry.get("version") or entry.get("name") or entry.get("id") or f"#{index + 1}"
                raise KnowledgeError(f"{where}: [[{table}]] entry {label} lacks required key '{key}'")
    return entries


def compat_files() -> list[str]:
    return sorted(p.name for p in data_dir("compat").glob("*.toml"))


def check_all_compat_metadata() -> list[str]:
    """Every array of tables in every compat file has its source metadata; returns problems."""
    problems = []
    for name in compat_files():
        try:
            data = load_toml("compat", name)
        except KnowledgeError as exc:
            problems.append(str(exc))
            continue
        tables = data.get("tables", {})
        for key, value in data.items():
            if key == "tables":
                continue
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                meta = tables.get(key)
                if not isinstance(meta, dict) or not meta.get("source") or not meta.get("read"):
                    problems.append(f"compat/{name}: [[{key}]] has no [tables.{key}] source/read")
    return problems
