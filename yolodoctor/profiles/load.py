"""Reading and validating profiles, with errors that name file, profile, key and allowed values."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Optional

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from ..knowledge.files import KnowledgeError, load_toml
from .model import FLASH_ATTN_LEVELS, TENSORRT_LEVELS, VENDORED_PREFIX, Profile

PROFILES_FILE = "profiles.toml"
_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_CAPABILITY = re.compile(r"^[0-9]+\.[0-9]+$")
_SPEC_HELP = "a PEP 440 version specifier such as '>=2.2,<2.5' or '==3.11.*' ('' means any)"


class ProfileError(KnowledgeError):
    """A profile file or entry that cannot be used; the message names where and why."""


class UnknownProfile(ProfileError):
    pass


def _spec(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be {_SPEC_HELP}")
    try:
        SpecifierSet(value)
    except InvalidSpecifier:
        raise ValueError(f"{value!r} is not {_SPEC_HELP}") from None
    return value


def _choice(allowed: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not allowed; allowed values: {', '.join(allowed)}")
        return value

    return check


def _capability(value: Any) -> Optional[tuple[int, int]]:
    if value == "":
        return None
    if not isinstance(value, str) or not _CAPABILITY.match(value):
        raise ValueError(f"{value!r} is not a compute capability; expected 'MAJOR.MINOR' such as '8.0', or ''")
    major, minor = value.split(".")
    return int(major), int(minor)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {type(value).__name__}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not allowed; allowed values: true, false")
    return value


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{value!r} is not allowed; expected a whole number >= 0")
    return value


def _gib(value: Any) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{value!r} is not allowed; expected a number of GiB >= 0")
    return float(value)


def _names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError("must be a list of file names, e.g. [\"yolov8n.pt\"]")
    return tuple(value)


def _ultralytics(value: Any) -> str:
    value = _text(value)
    if value.startswith(VENDORED_PREFIX):
        version = value[len(VENDORED_PREFIX):].split()
        if not version or not re.match(r"^[0-9]+(\.[0-9]+)+$", version[0]):
            raise ValueError(f"{value!r}: expected 'vendored X.Y.Z (how to install)'")
        return value
    try:
        return _spec(value)
    except ValueError:
        raise ValueError(f"{value!r} is neither {_SPEC_HELP} nor 'vendored X.Y.Z (how to install)'") from None


def _name(value: Any) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise ValueError(f"{value!r} is not a profile name (lower-case letters, digits, '-' and '.')")
    return value


# key -> (validator, required). The order is the order errors list allowed keys in.
_KEYS: dict[str, tuple[Callable[[Any], Any], bool]] = {
    "name": (_name, True),
    "description": (_text, True),
    "python": (_spec, True),
    "torch": (_spec, True),
    "torchvision": (_spec, False),
    "cuda": (_spec, True),
    "flash_attn": (_choice(FLASH_ATTN_LEVELS), True),
    "flash_attn_min_capability": (_capability, False),
    "flash_attn_pin": (_text, False),
    "flash_attn_fallback": (_text, False),
    "tensorrt": (_choice(TENSORRT_LEVELS), True),
    "tensorrt_min_capability": (_capability, False),
    "tensorrt_pip": (_text, False),
    "min_vram_gib": (_gib, True),
    "ultralytics": (_ultralytics, True),
    "weights": (_names, True),
    "network_weights": (_bool, True),
    "requires_gpu": (_bool, True),
    "gpus_min": (_count, True),
    "verified": (_bool, False),
    "notes": (_text, False),
    # The Chinese beside the English (shown in zh-CN; docs/profiles.md).
    "description_zh": (_text, False),
    "flash_attn_fallback_zh": (_text, False),
    "notes_zh": (_text, False),
}
_URL_TEMPLATE = re.compile(r"^weights_url_template(_[a-z0-9]+)?$")


def parse_profile(entry: Any, where: str, index: int) -> Profile:
    """One [[profile]] table, validated; `where` names the file in errors."""
    if not isinstance(entry, dict):
        raise ProfileError(f"{where}: [[profile]] #{index + 1} must be a table")
    label = entry.get("name") if isinstance(entry.get("name"), str) else f"#{index + 1}"
    prefix = f"{where}: [[profile]] {label!s}"
    values: dict[str, Any] = {}
    templates = []
    for key, value in entry.items():
        if _URL_TEMPLATE.match(key):
            if not isinstance(value, str) or "{weight}" not in value:
                raise ProfileError(f"{prefix}, key '{key}': must be a URL containing '{{weight}}'")
            templates.append(value)
            continue
        if key not in _KEYS:
            allowed = ", ".join([*_KEYS, "weights_url_template[_SUFFIX]"])
            raise ProfileError(f"{prefix}: unknown key '{key}'; allowed keys: {allowed}")
        try:
            values[key] = _KEYS[key][0](value)
        except ValueError as exc:
            raise ProfileError(f"{prefix}, key '{key}': {exc}") from None
    for key, (_, required) in _KEYS.items():
        if required and key not in values:
            raise ProfileError(f"{prefix}: required key '{key}' is missing")
    if values["flash_attn"] != "no" and not values.get("flash_attn_min_capability"):
        raise ProfileError(f"{prefix}, key 'flash_attn_min_capability': required when flash_attn is "
                           f"'{values['flash_attn']}' (the lowest GPU that can run it, e.g. '8.0')")
    if values["gpus_min"] > 0 and not values["requires_gpu"]:
        raise ProfileError(f"{prefix}, key 'requires_gpu': must be true when gpus_min is {values['gpus_min']}")
    if values["requires_gpu"] and values["gpus_min"] < 1:
        raise ProfileError(f"{prefix}, key 'gpus_min': must be at least 1 when requires_gpu is true")
    weights = values.pop("weights")
    return Profile(**values, weights=weights, weights_url_templates=tuple(templates), source=where)


def parse_profiles(data: Any, where: str) -> tuple[Profile, ...]:
    """Every [[profile]] of a parsed TOML document; names must be unique."""
    entries = data.get("profile") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ProfileError(f"{where}: no [[profile]] entries")
    profiles = tuple(parse_profile(entry, where, i) for i, entry in enumerate(entries))
    seen: set[str] = set()
    for profile in profiles:
        if profile.name in seen:
            raise ProfileError(f"{where}: profile '{profile.name}' is defined twice")
        seen.add(profile.name)
    return profiles


@lru_cache(maxsize=None)
def load_profiles() -> tuple[Profile, ...]:
    """The profiles shipped in compat/profiles.toml."""
    where = f"compat/{PROFILES_FILE}"
    data = load_toml("compat", PROFILES_FILE)
    meta = data.get("tables", {}).get("profile")
    if not isinstance(meta, dict) or not meta.get("source") or not meta.get("read"):
        raise ProfileError(f"{where}: [[profile]] has no [tables.profile] with source and read date")
    return parse_profiles(data, where)


def profile_names() -> tuple[str, ...]:
    return tuple(p.name for p in load_profiles())


def get_profile(name: str) -> Profile:
    for profile in load_profiles():
        if profile.name == name:
            return profile
    from ..i18n import tr

    raise UnknownProfile(tr("unknown profile '{name}'; known profiles: {names}", name=name,
                            names=", ".join(profile_names())))
