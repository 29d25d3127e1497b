"""The list of well-known download endpoints and their mirrors.

It lives in compat/mirrors.toml ([[endpoint]]: the defaults tools use,
[[mirror]]: alternatives), with sources. A user (or a test) can replace it
with a file of the same shape named by YOLODOCTOR_MIRRORS_FILE: an internal
mirror list in a company, or servers on 127.0.0.1 in tests.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional
from urllib.parse import urlsplit

from ..knowledge.files import KnowledgeError, load_compat_table

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

OVERRIDE_VARIABLE = "YOLODOCTOR_MIRRORS_FILE"
COMPAT_FILE = "mirrors.toml"
REQUIRED = ("kind", "name", "url", "probe_path")


@dataclass(frozen=True)
class Entry:
    """One [[endpoint]] or [[mirror]] row."""

    kind: str  # huggingface, pypi, pytorch_wheels, github_releases, modelscope (others are probed, not judged)
    name: str
    url: str
    probe_path: str
    configure: str = ""
    region: str = ""
    notes: str = ""
    verified: bool = True


@dataclass(frozen=True)
class Catalogue:
    defaults: tuple[Entry, ...]
    mirrors: tuple[Entry, ...]
    source: str  # "compat/mirrors.toml" or the override file's path

    def default_for(self, kind: str) -> Optional[Entry]:
        return next((e for e in self.defaults if e.kind == kind), None)


def load_catalogue(env: Mapping[str, str]) -> Catalogue:
    """The catalogue in effect; KnowledgeError names the file and entry when it is unusable."""
    override = env.get(OVERRIDE_VARIABLE)
    if override:
        return _load_override(Path(override))
    where = f"compat/{COMPAT_FILE}"
    return Catalogue(defaults=_entries(load_compat_table(COMPAT_FILE, "endpoint", REQUIRED), where, "endpoint"),
                     mirrors=_entries(load_compat_table(COMPAT_FILE, "mirror", REQUIRED), where, "mirror"),
                     source=where)


def _load_override(path: Path) -> Catalogue:
    where = f"{OVERRIDE_VARIABLE}={path}"
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise KnowledgeError(f"{where}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{where}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise KnowledgeError(f"{where}: cannot be read: {exc.strerror or exc}") from None
    tables = {}
    for table in ("endpoint", "mirror"):
        rows = data.get(table, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise KnowledgeError(f"{where}: [[{table}]] must be an array of tables")
        for index, row in enumerate(rows):
            missing = [k for k in REQUIRED if k not in row]
            if missing:
                label = row.get("name") or f"#{index + 1}"
                raise KnowledgeError(f"{where}: [[{table}]] entry {label} lacks required key '{missing[0]}'")
        tables[table] = _entries(rows, where, table)
    return Catalogue(defaults=tables["endpoint"], mirrors=tables["mirror"], source=str(path))


def _entries(rows: list[dict[str, Any]], where: str, table: str) -> tuple[Entry, ...]:
    out = []
    for row in rows:
        label = row.get("name") or row.get("url")
        for key in REQUIRED:
            if not isinstance(row[key], str) or not row[key]:
                raise KnowledgeError(f"{where}: [[{table}]] entry {label}: '{key}' must be a non-empty string")
        parts = urlsplit(row["url"])
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise KnowledgeError(f"{where}: [[{table}]] entry {label}: url must be http(s)://host..., "
                                 f"not {row['url']!r}")
        if not row["probe_path"].startswith("/"):
            raise KnowledgeError(f"{where}: [[{table}]] entry {label}: probe_path must start with '/'")
        out.append(Entry(kind=row["kind"], name=row["name"], url=row["url"].rstrip("/"),
                         probe_path=row["probe_path"], configure=str(row.get("configure", "")),
                         region=str(row.get("region", "")), notes=str(row.get("notes", row.get("note", ""))),
                         verified=row.get("verified", True) is not False))
    return tuple(out)
