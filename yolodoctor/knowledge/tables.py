"""One compat/ directory, read once: raw tables checked for their source metadata,
and typed views built from them, memoised per directory.

Everything that reads compat/ goes through a CompatSource so tests can point
one at a directory of hand-edited (or broken) files; the default source is
the installed knowledge (yolodoctor/_data/compat, or compat/ in a checkout).
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar

from . import toml_cache
from .files import KnowledgeError, data_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

T = TypeVar("T")


class CompatSource:
    """The compat/*.toml files of one directory."""

    def __init__(self, root: Path, label: str = "compat") -> None:
        self.root = Path(root)
        self.label = label
        self._files: dict[str, dict[str, Any]] = {}
        self._memo: dict[str, Any] = {}
        self._lock = threading.RLock()

    def file(self, name: str) -> dict[str, Any]:
        with self._lock:
            if name not in self._files:
                self._files[name] = self._read(name)
            return self._files[name]

    def _read(self, name: str) -> dict[str, Any]:
        path = self.root / name
        try:
            return toml_cache.load(path)
        except FileNotFoundError:
            raise KnowledgeError(f"{self.label}/{name} is missing") from None
        except tomllib.TOMLDecodeError as exc:
            raise KnowledgeError(f"{self.label}/{name} is not valid TOML: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise KnowledgeError(f"{self.label}/{name} cannot be read: {exc}") from None

    def table(self, name: str, table: str, required: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """The array of tables [[table]] of `name`, with its [tables.table] source and read date,
        every entry holding the `required` keys."""
        data = self.file(name)
        where = f"{self.label}/{name}"
        meta = data.get("tables", {}).get(table) if isinstance(data.get("tables"), dict) else None
        if not isinstance(meta, dict) or not meta.get("source") or not meta.get("read"):
            raise KnowledgeError(f"{where}: [[{table}]] has no [tables.{table}] with source and read date")
        entries = data.get(table)
        if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
            raise KnowledgeError(f"{where}: [[{table}]] must be a non-empty array of tables")
        for index, entry in enumerate(entries):
            for key in required:
                if entry.get(key) is None:
                    raise KnowledgeError(f"{where}: [[{table}]] entry {entry_label(entry, index)} "
                                         f"lacks required key '{key}'")
        return entries

    def meta(self, name: str, table: str) -> dict[str, Any]:
        """[tables.table] of `name`: source, read date, note."""
        self.table(name, table)
        return dict(self.file(name)["tables"][table])

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """Build a typed view once per source (a KnowledgeError is raised again on every call)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = build()
            return self._memo[key]


def entry_label(entry: dict[str, Any], index: int) -> str:
    for key in ("version", "name", "variant", "id", "package", "item", "capability", "torch", "flash_attn",
                "ultralytics", "topic"):
        if isinstance(entry.get(key), (str, int)):
            return f"{entry[key]!s}" + (f" ({entry['variant']})" if key == "torch" and "variant" in entry else "")
    return f"#{index + 1}"


def field(where: str, entry: dict[str, Any], index: int, key: str, parse: Callable[[Any], T],
          optional: bool = False) -> Optional[T]:
    """entry[key] parsed, or a KnowledgeError naming file, table entry and key."""
    value = entry.get(key)
    if value is None:
        if optional:
            return None
        raise KnowledgeError(f"{where} entry {entry_label(entry, index)} lacks required key '{key}'")
    try:
        return parse(value)
    except (ValueError, TypeError) as exc:
        raise KnowledgeError(f"{where} entry {entry_label(entry, index)}: {key} = {value!r}: {exc}") from None


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a string")
    return value


def text_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of strings")
    return tuple(value)


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("expected an integer")
    return value


def number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("expected a number")
    return float(value)


def is_verified(where: str, entry: dict[str, Any], index: int) -> bool:
    """False only where the entry says verified = false."""
    return field(where, entry, index, "verified", flag, optional=True) is not False


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


_default: Optional[CompatSource] = None
_default_lock = threading.Lock()


def default_source() -> CompatSource:
    global _default
    with _default_lock:
        if _default is None:
            _default = CompatSource(data_dir("compat"))
        return _default
