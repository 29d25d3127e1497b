"""The language of human-facing text: English, or Simplified Chinese (zh-CN).

Chosen, first match wins, by `--lang` (main() takes it off the command line
before any command parses it), by YOLODOCTOR_LANG, by the locale (LC_ALL,
LC_MESSAGES, LANG: zh_CN, zh_SG and zh_Hans mean zh-CN), else English.

Messages are looked up by their English text (`tr("no problems found")`), so
an untranslated string simply stays English. The zh-CN catalogue is every
yolodoctor/messages/zh-CN/*.toml (one file per part of the program); tests keep
its placeholders and commands equal to the English and every literal passed
to tr() in the code catalogued. Machine output (JSON keys, ids, categories) never goes
through here.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any, Mapping, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LANGUAGES = ("en", "zh-CN")
DEFAULT = "en"
ENV_VAR = "YOLODOCTOR_LANG"
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX precedence: the first one set decides
_ZH_LOCALES = ("zh_cn", "zh-cn", "zh_sg", "zh-sg", "zh_hans", "zh-hans")
CATALOGUE_DIR = Path(__file__).with_name("messages") / "zh-CN"

_explicit: Optional[str] = None
_catalogue: Optional[dict[str, str]] = None
_lock = threading.Lock()


class LanguageError(ValueError):
    """A language yolodoctor does not speak."""


def normalize(value: str) -> str:
    """`zh-CN`, `zh_CN`, `zh`, `zh-Hans`, `zh_SG` -> zh-CN; `en`, `en_US`, `C` -> en; else LanguageError."""
    text = value.strip().split(".")[0].split("@")[0].replace("_", "-").lower()
    if text in ("zh", "zh-cn", "zh-sg", "zh-hans", "zh-hans-cn", "cn", "chinese"):
        return "zh-CN"
    if text in ("en", "c", "posix") or text.startswith("en-"):
        return "en"
    raise LanguageError(f"unknown language {value!r}; yolodoctor speaks {' and '.join(LANGUAGES)}")


def from_locale(environ: Mapping[str, str]) -> str:
    """The language a POSIX locale (or, with none set, the Windows user locale) asks for."""
    for name in LOCALE_VARS:
        value = environ.get(name, "")
        if value:
            return "zh-CN" if value.lower().startswith(_ZH_LOCALES) else DEFAULT
    if sys.platform == "win32":  # pragma: no cover - Windows has no LANG; its locale names the language
        import locale

        name = (locale.getlocale()[0] or "").lower()
        if name.startswith(_ZH_LOCALES) or name.startswith("chinese (simplified)"):
            return "zh-CN"
    return DEFAULT


def resolve(explicit: Optional[str] = None, environ: Optional[Mapping[str, str]] = None) -> str:
    """--lang, else YOLODOCTOR_LANG, else the locale, else English. A bad --lang or
    YOLODOCTOR_LANG is a LanguageError (the command line's usage error)."""
    environ = os.environ if environ is None else environ
    if explicit is not None:
        return normalize(explicit)
    chosen = environ.get(ENV_VAR, "").strip()
    if chosen:
        try:
            return normalize(chosen)
        except LanguageError as exc:
            raise LanguageError(f"{ENV_VAR}: {exc}") from None
    return from_locale(environ)


def set_language(language: Optional[str]) -> None:
    """Fix the language for this process (None: decide again from the environment)."""
    global _explicit
    _explicit = None if language is None else normalize(language)


def current() -> str:
    if _explicit is not None:
        return _explicit
    try:
        return resolve()
    except LanguageError:
        return DEFAULT  # main() reports a bad YOLODOCTOR_LANG; library callers just get English


def is_chinese() -> bool:
    return current() == "zh-CN"


def catalogue() -> dict[str, str]:
    """English message -> zh-CN message."""
    global _catalogue
    with _lock:
        if _catalogue is None:
            _catalogue = load_catalogue(CATALOGUE_DIR)
        return _catalogue


def load_catalogue(folder: Path) -> dict[str, str]:
    """Every [messages] table of folder/*.toml. The same English text in two files
    must say the same thing (a test checks it); the first file wins otherwise."""
    merged: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for english, chinese in data.get("messages", {}).items():
            merged.setdefault(str(english), str(chinese))
    return merged


def tr(english: str, /, **values: Any) -> str:
    """`english` in the current language, with `values` filled into its {placeholders}."""
    text = english
    if is_chinese():
        text = catalogue().get(english, english)
    return text.format(**values) if values else text


def take_lang_option(args: list[str]) -> tuple[list[str], Optional[str]]:
    """Remove `--lang X` / `--lang=X` from a command line (anywhere before `--`). Returns the
    remaining arguments and the value (None if absent). A `--lang` with no value is a LanguageError."""
    out: list[str] = []
    value: Optional[str] = None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            out.extend(args[i:])
            break
        if arg == "--lang":
            if i + 1 >= len(args) or args[i + 1].startswith("-"):
                raise LanguageError("--lang needs a value: en or zh-CN")
            value = args[i + 1]
            i += 2
            continue
        if arg.startswith("--lang="):
            value = arg[len("--lang="):]
            i += 1
            continue
        out.append(arg)
        i += 1
    return out, value
