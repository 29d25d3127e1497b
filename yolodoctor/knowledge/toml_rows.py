"""Small, line-preserving edits of compat/*.toml rows (for `knowledge verify --write`).

Comments, order and multi-line notes stay as they are: a row is the block of lines from its
`[[table]]` header to the next header; only single-line `key = value` lines are replaced or added.
"""

from __future__ import annotations

import re
import sys
from typing import Any, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_HEADER = re.compile(r"^\[\[?([A-Za-z0-9_.]+)\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^([A-Za-z0-9_]+)\s*=\s*(.*)$")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return str(value)


class TomlRows:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def _blocks(self) -> list[tuple[str, int, int]]:
        """(header name, first line, end line exclusive) of every [[row]] or [table]."""
        starts = []
        for i, line in enumerate(self.lines):
            match = _HEADER.match(line)
            if match:
                starts.append((match.group(1), i))
        return [(name, start, starts[k + 1][1] if k + 1 < len(starts) else len(self.lines))
                for k, (name, start) in enumerate(starts)]

    def _single_values(self, start: int, end: int) -> dict[str, tuple[int, Any]]:
        values = {}
        for i in range(start + 1, end):
            match = _KEY.match(self.lines[i])
            if not match:
                continue
            try:
                values[match.group(1)] = (i, tomllib.loads(f"v = {match.group(2)}")["v"])
            except tomllib.TOMLDecodeError:
                values[match.group(1)] = (i, None)  # a multi-line value starts here
        return values

    def find(self, table: str, **match: Any) -> Optional[tuple[int, int]]:
        for name, start, end in self._blocks():
            if name != table:
                continue
            values = self._single_values(start, end)
            if all(k in values and values[k][1] == v for k, v in match.items()):
                return start, end
        return None

    def set(self, table: str, match: dict[str, Any], key: str, value: Any) -> bool:
        """Set `key` in the row of `table` matching `match`; False when no such row."""
        where = self.find(table, **match)
        if where is None:
            return False
        start, end = where
        values = self._single_values(start, end)
        line = f"{key} = {toml_value(value)}"
        if key in values:
            self.lines[values[key][0]] = line
        else:
            insert = end
            while insert > start + 1 and not self.lines[insert - 1].strip():
                insert -= 1
            self.lines.insert(insert, line)
        return True

    def drop(self, table: str, match: dict[str, Any], key: str) -> bool:
        where = self.find(table, **match)
        if where is None:
            return False
        values = self._single_values(*where)
        if key not in values:
            return False
        del self.lines[values[key][0]]
        return True

    def append_row(self, table: str, values: dict[str, Any]) -> None:
        while self.lines and not self.lines[-1].strip():
            self.lines.pop()
        self.lines += ["", f"[[{table}]]"] + [f"{k} = {toml_value(v)}" for k, v in values.items()]

    def set_meta(self, table: str, key: str, value: Any) -> bool:
        return self.set(f"tables.{table}", {}, key, value)

    def add_source(self, table: str, source: str) -> None:
        """Add `source` to the multi-line `source = [...]` list of [tables.table] when absent."""
        where = self.find(f"tables.{table}")
        if where is None:
            return
        start, end = where
        block = "\n".join(self.lines[start:end])
        if toml_value(source) in block:
            return
        for i in range(start + 1, end):
            if self.lines[i].startswith("source = ["):
                if self.lines[i].rstrip().endswith("]"):  # one line: rewrite it
                    current = tomllib.loads(self.lines[i])["source"]
                    self.lines[i] = f"source = {toml_value(list(current) + [source])}"
                    return
                for j in range(i + 1, end):
                    if self.lines[j].strip() == "]":
                        self.lines.insert(j, f"  {toml_value(source)},")
                        return
