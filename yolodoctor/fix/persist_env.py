"""Persistent settings: environment variables and pip config, each change backed up first.

Interface for the fix machinery:

    settings_for(actions, facts, env)   Hit.data["actions"] -> [Setting(settings, scope, title, files)]
    apply(action, backup_dir) -> dict   performs one plan action of kind "setting"
    restore(record) -> list[str]        puts every file back exactly as it was

A scope names where the change goes, concretely, so a printed plan shows it:

    conda:<prefix>      <prefix>/etc/conda/activate.d + deactivate.d scripts (sh, fish)
    venv:<prefix>       a marked block in the venv's activation scripts (activate, .fish, .csh)
    profile:<file>      a marked block in a shell start-up file (sh syntax, fish for *.fish)
    pip-site:<python>   `<python> -m pip config --site set KEY VALUE`
    pip-user:<python>   `<python> -m pip config --user set KEY VALUE`

Records are plain JSON-able dicts: they are stored in the fix snapshot.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from ..facts.runner import run
from ..i18n import tr
from . import env_scripts
from .env_scripts import ScriptError

RECORD_VERSION = 1
PIP_TIMEOUT = 120.0
PIP_KEYS = ("global.index-url", "global.extra-index-url", "global.cert", "global.trusted-host")
VENV_SCRIPTS = ("bin/activate", "bin/activate.fish", "bin/activate.csh")


class PersistError(Exception):
    """A setting that cannot be applied or restored; the message says why and what to do."""


@dataclass(frozen=True)
class Setting:
    """What a plan action of kind "setting" carries."""

    settings: tuple[tuple[str, str], ...]
    scope: str
    title: str
    files: tuple[str, ...]  # what apply will change (pip: the config files of that level)


# ----------------------------------------------------------------- planning ---

def settings_for(actions: Iterable[Mapping[str, Any]], facts: Any,
                 env: Optional[Mapping[str, str]] = None) -> list[Setting]:
    """Turn a finding's data["actions"] ({"kind": "set_env"|"pip_config", ...}) into settings,
    choosing the scope from the facts: the target's conda env, else its venv, else the user's profile."""
    env = dict(os.environ if env is None else env)
    out = []
    for action in actions:
        kind = action.get("kind")
        if kind == "set_env":
            scope = env_scope(facts, env)
            out.append(Setting(((str(action["name"]), str(action["value"])),), scope,
                               tr("set {setting} ({where})", setting=f"{action['name']}={action['value']}",
                                  where=_scope_words(scope)),
                               tuple(str(p) for p in env_files(scope))))
        elif kind == "pip_config":
            python = facts.python.executable or sys.executable
            level = "pip-site" if (facts.python.is_venv or facts.python.conda_env) else "pip-user"
            scope = f"{level}:{python}"
            out.append(Setting(((str(action["key"]), str(action["value"])),), scope,
                               f"pip config {level[4:]}: {action['key']} = {action['value']}", ()))  # a command's words
    return out


def env_scope(facts: Any, env: Mapping[str, str]) -> str:
    if facts.python.conda_env:
        return f"conda:{facts.python.conda_env}"
    if facts.python.is_venv and facts.python.prefix:
        return f"venv:{facts.python.prefix}"
    return f"profile:{profile_file(env)}"


def profile_file(env: Mapping[str, str]) -> Path:
    """The start-up file of the user's login shell ($SHELL)."""
    if os.name == "nt":
        raise PersistError("persistent variables on Windows are not written by yolodoctor: "
                           "use `setx NAME value` (or `conda env config vars set NAME=value`)")
    home = Path(env.get("HOME") or Path.home())
    shell = os.path.basename(env.get("SHELL", ""))
    if shell == "zsh":
        return Path(env.get("ZDOTDIR") or home) / ".zshrc"
    if shell == "fish":
        return Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "fish" / "conf.d" / "yolodoctor.fish"
    if shell == "bash":
        return home / ".bashrc"
    return home / ".profile"


def env_files(scope: str) -> list[Path]:
    kind, location = _split(scope)
    if kind == "conda":
        base = Path(location) / "etc" / "conda"
        return [base / rel for rel in env_scripts.conda_scripts({})]
    if kind == "venv":
        return [Path(location) / rel for rel in VENV_SCRIPTS if (Path(location) / rel).is_file()]
    if kind == "profile":
        return [Path(location)]
    raise PersistError(f"unknown scope {scope!r}")


def _scope_words(scope: str) -> str:
    kind, location = _split(scope)
    return {"conda": tr("conda env {path}", path=location), "venv": tr("venv {path}", path=location),
            "profile": location}.get(kind, scope)


def _split(scope: str) -> tuple[str, str]:
    kind, sep, location = (scope or "").partition(":")
    if not sep or not location:
        raise PersistError(f"scope {scope!r} does not say where (expected e.g. venv:/path/to/venv)")
    return kind, location


# ------------------------------------------------------------------- apply ---

def apply(action: Any, backup_dir: str) -> dict[str, Any]:
    """Apply one setting action (a plan Action, a Setting, or a dict with settings and scope)."""
    settings = _get(action, "settings")
    scope = _get(action, "scope")
    pairs = [(str(n), str(v)) for n, v in settings]
    if not pairs:
        raise PersistError("the action sets nothing")
    kind, location = _split(str(scope))
    backups = Path(backup_dir)
    backups.mkdir(parents=True, exist_ok=True)
    record: dict[str, Any] = {"version": RECORD_VERSION, "name": ", ".join(n for n, _ in pairs), "scope": scope,
                              "settings": [list(p) for p in pairs], "files": [], "created_dirs": [],
                              "backup_dir": str(backups)}
    try:
        if kind in ("pip-site", "pip-user"):
            _apply_pip(kind, location, pairs, backups, record)
        else:
            new = {}
            for name, value in pairs:
                env_scripts.check_name(name)
                env_scripts.check_value(name, value)
                new[name] = value
            if kind == "conda":
                _apply_conda(Path(location), new, backups, record)
            elif kind == "venv":
                _apply_venv(Path(location), new, backups, record)
            elif kind == "profile":
                _edit_block(Path(location), new, backups, record)
            else:
                raise PersistError(f"unknown scope {scope!r}")
    except ScriptError as exc:
        _undo(record)
        raise PersistError(str(exc)) from None
    except Exception:
        _undo(record)  # a half-applied setting is put back before the error travels on
        raise
    return record


def _get(action: Any, key: str) -> Any:
    return action.get(key) if isinstance(action, Mapping) else getattr(action, key)


def _apply_conda(prefix: Path, new: dict[str, str], backups: Path, record: dict[str, Any]) -> None:
    if not (prefix / "conda-meta").is_dir():
        raise PersistError(f"{prefix} is not a conda environment (no conda-meta/)")
    base = prefix / "etc" / "conda"
    existing = base / "activate.d" / "yolodoctor-env.sh"
    merged = env_scripts.conda_state(existing.read_text(encoding="utf-8")) if existing.is_file() else {}
    merged.update(new)
    for rel, text in env_scripts.conda_scripts(merged).items():
        _write(base / rel, text, backups, record)


def _apply_venv(prefix: Path, new: dict[str, str], backups: Path, record: dict[str, Any]) -> None:
    scripts = [prefix / rel for rel in VENV_SCRIPTS if (prefix / rel).is_file()]
    if not scripts:
        raise PersistError(f"{prefix} has no activation script (bin/activate) to add the variable to")
    for path in scripts:
        _edit_block(path, new, backups, record)


def _edit_block(path: Path, new: dict[str, str], backups: Path, record: dict[str, Any]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    _write(path, env_scripts.with_settings(text, env_scripts.dialect_of(path.name), new, str(path)), backups, record)


def _apply_pip(kind: str, python: str, pairs: list[tuple[str, str]], backups: Path, record: dict[str, Any]) -> None:
    level = "--site" if kind == "pip-site" else "--user"
    for key, value in pairs:
        if key not in PIP_KEYS:
            raise PersistError(f"pip setting {key!r} is not one yolodoctor changes")
        if any(c in value for c in "\n\r\0"):
            raise PersistError(f"the value for {key} contains a line break")
    files = pip_config_files(python, level[2:])
    for path in files:
        _backup(path, backups, record)
    for key, value in pairs:
        result = run([python, "-m", "pip", "config", level, "set", key, value], PIP_TIMEOUT)
        if not result.ok:
            detail = (result.stderr or result.stdout or result.error or "").strip().splitlines()
            raise PersistError(f"pip config {level} set {key} failed: {detail[-1] if detail else result.status}")
    for entry in record["files"]:
        entry["sha256_after"] = _digest(Path(entry["path"]))


def pip_config_files(python: str, level: str) -> list[Path]:
    """The config files of one level (site, user), from `pip config debug` of the target interpreter."""
    result = run([python, "-m", "pip", "config", "debug"], PIP_TIMEOUT)
    if not result.ok:
        detail = (result.stderr or result.error or "").strip().splitlines()
        raise PersistError(f"{python} -m pip config debug failed: {detail[-1] if detail else result.status}")
    files, section = [], None
    for line in result.stdout.splitlines():
        if line and not line.startswith(" "):
            section = line.rstrip(":").strip()
        elif section == level and line.startswith("  ") and not line.startswith("    ") and ", exists:" in line:
            files.append(Path(line.strip().rsplit(", exists:", 1)[0]))
    if not files:
        raise PersistError(f"pip of {python} names no {level} config file")
    return files


# ---------------------------------------------------------- files, backups ---

def _backup(path: Path, backups: Path, record: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": str(path), "existed": path.exists(), "backup": None, "mode": None,
                             "sha256_before": None, "sha256_after": None}
    if entry["existed"]:
        if not path.is_file():
            raise PersistError(f"{path} is not a regular file")
        fd, name = tempfile.mkstemp(dir=backups, prefix=path.name + ".", suffix=".bak")
        os.close(fd)
        shutil.copyfile(path, name)
        entry.update(backup=name, mode=path.stat().st_mode & 0o7777, sha256_before=_digest(path))
    record["files"].append(entry)
    return entry


def _write(path: Path, text: str, backups: Path, record: dict[str, Any]) -> None:
    entry = _backup(path, backups, record)
    missing = []
    parent = path.parent
    while not parent.exists():
        missing.append(parent)
        parent = parent.parent
    for directory in reversed(missing):
        directory.mkdir()
        record["created_dirs"].append(str(directory))
    _atomic_write(path, text.encode("utf-8"), entry["mode"])
    entry["sha256_after"] = _digest(path)


def _atomic_write(path: Path, data: bytes, mode: Optional[int]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode if mode is not None else 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _digest(path: Path) -> Optional[str]:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


# ----------------------------------------------------------------- restore ---

def restore(record: Mapping[str, Any]) -> list[str]:
    """Put every file of `record` back as it was before apply. A file changed since apply is
    kept beside the backups (never lost) before being restored; the messages say so."""
    if not isinstance(record, Mapping) or record.get("version") != RECORD_VERSION:
        raise PersistError("not a settings record this version can restore")
    messages = []
    backups = Path(record.get("backup_dir") or ".")
    for entry in reversed(list(record.get("files") or [])):
        path = Path(entry["path"])
        current = _digest(path)
        if current != entry.get("sha256_after") and current is not None:
            kept = Path(tempfile.mkstemp(dir=backups, prefix=path.name + ".", suffix=".changed-after-fix")[1])
            shutil.copyfile(path, kept)
            messages.append(tr("{path} was changed after the fix; that version is kept at {kept}", path=path, kept=kept))
        if entry["existed"]:
            backup = Path(entry["backup"])
            if _digest(backup) != entry["sha256_before"]:
                raise PersistError(tr("the backup of {path} ({backup}) is missing or damaged; restore it by hand",
                                      path=path, backup=backup))
            _atomic_write(path, backup.read_bytes(), entry.get("mode"))
            messages.append(tr("restored {name}", name=path))
        elif path.exists():
            path.unlink()
            messages.append(tr("removed {path}", path=path))
    for directory in reversed(list(record.get("created_dirs") or [])):
        try:
            os.rmdir(directory)
        except OSError:
            pass  # not empty any more: something else lives there now
    return messages


def _undo(record: dict[str, Any]) -> None:
    try:
        restore(record)
    except Exception:  # the original error is what the user needs to see
        pass
