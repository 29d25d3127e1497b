"""Read yolodoctor's own TOML data (compat/, rules/, catalogues) once per content.

Parsing the TOML files costs about 80 ms per run; parsing the same content
saved as JSON costs 2 ms. So the parsed form of each file is kept in the
user's cache directory under the SHA-256 of the file's bytes: a file that
changes in any way has another name, and a stale entry can never be read.
Anything that goes wrong with the cache (no home, a read-only disk, a damaged
entry) falls back to parsing: the cache only ever saves time.

Errors are the parser's: a file that is not UTF-8 raises UnicodeDecodeError,
one that is not TOML raises tomllib.TOMLDecodeError, as tomllib.load does.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Mapping, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CACHE_DIR_VARIABLE = "YOLODOCTOR_CACHE_DIR"  # set to an empty string to turn the cache off
FORMAT = "1"  # part of every entry's name: a change in what is stored makes new names


def cache_dir(env: Optional[Mapping[str, str]] = None) -> Optional[Path]:
    env = os.environ if env is None else env
    if CACHE_DIR_VARIABLE in env:
        chosen = env[CACHE_DIR_VARIABLE].strip()
        return Path(chosen).expanduser() if chosen else None
    if sys.platform.startswith("win") and env.get("LOCALAPPDATA"):
        return Path(env["LOCALAPPDATA"]) / "yolodoctor" / "cache"
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "yolodoctor"
    home = env.get("HOME")
    return Path(home) / ".cache" / "yolodoctor" if home else None


def load(path: Path) -> dict[str, Any]:
    """The parsed TOML of `path` (OSError if it cannot be read)."""
    with open(path, "rb") as fh:
        raw = fh.read()
    folder = cache_dir()
    entry = folder / "toml" / f"{hashlib.sha256(raw).hexdigest()}-{FORMAT}.json" if folder else None
    if entry is not None:
        try:
            with open(entry, encoding="utf-8") as fh:
                cached = json.load(fh)
            if isinstance(cached, dict):
                return cached
        except (OSError, ValueError):
            pass
    data = tomllib.loads(raw.decode("utf-8"))
    if entry is not None:
        _store(entry, data)
    return data


def _store(entry: Path, data: dict[str, Any]) -> None:
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return  # dates or infinities do not survive JSON: such a file is simply parsed every time
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(temporary, entry)  # whole or not at all, whoever writes it at the same time
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass
