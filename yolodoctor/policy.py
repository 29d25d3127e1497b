"""A team's policy for `check`: `[tool.yolodoctor]` in pyproject.toml or a yolodoctor.toml.

The file is looked for from the working directory upwards; in each directory yolodoctor.toml wins over
pyproject.toml, and a pyproject.toml without [tool.yolodoctor] is passed over. Command-line options
override the file. docs/ci.md documents every key.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Optional


from .exitcodes import DATA, USAGE, UserError
from .i18n import tr

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

POLICY_FILE = "yolodoctor.toml"
PYPROJECT = "pyproject.toml"
FAIL_ON = ("error", "warning", "never")  # as diagnose.engine.exit_code_for takes them
_RULE_ID = re.compile(r"^YD[0-9]{3,4}$")


@dataclass(frozen=True)
class Policy:
    path: Optional[str] = None  # None: no policy file
    profile: Optional[str] = None
    gpus_min: Optional[int] = None
    min_vram_gib: Optional[float] = None
    required_packages: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Optional[str] = None
    offline: Optional[bool] = None
    # key -> where its value came from ("yolodoctor.toml", "--fail-on"), for messages.
    origins: dict[str, str] = field(default_factory=dict, compare=False)


def _validate_profile(value: Any) -> str:
    from .profiles import profile_names

    names = profile_names()
    if value not in names:
        raise ValueError(f"{value!r} is not a known profile; allowed values: {', '.join(names)}")
    return value


def _validate_count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{value!r} is not allowed; expected a whole number >= 0")
    return value


def _validate_gib(value: Any) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{value!r} is not allowed; expected a number of GiB > 0")
    return float(value)


def _validate_requirements(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError('expected a list of requirement strings, e.g. ["onnx>=1.16", "tensorrt-cu12"]')
    from packaging.requirements import InvalidRequirement, Requirement  # only a policy that lists some

    for text in value:
        try:
            Requirement(text)
        except InvalidRequirement as exc:
            raise ValueError(f"{text!r} is not a requirement (PEP 508, e.g. 'onnx>=1.16'): {exc}") from None
    return tuple(value)


def _validate_ids(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError('expected a list of rule ids, e.g. ["YD703"]')
    for rule_id in value:
        if not _RULE_ID.match(rule_id):
            raise ValueError(f"{rule_id!r} is not a rule id (YD followed by 3 or 4 digits; see `yolodoctor rules`)")
    return tuple(value)


def _validate_fail_on(value: Any) -> str:
    if value not in FAIL_ON:
        raise ValueError(f"{value!r} is not allowed; allowed values: {', '.join(FAIL_ON)}")
    return value


def _validate_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not allowed; allowed values: true, false")
    return value


# Key as written in the file (kebab-case; snake_case is accepted too) -> (field, validator).
KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "profile": ("profile", _validate_profile),
    "gpus-min": ("gpus_min", _validate_count),
    "min-vram-gib": ("min_vram_gib", _validate_gib),
    "required-packages": ("required_packages", _validate_requirements),
    "ignore": ("ignore", _validate_ids),
    "fail-on": ("fail_on", _validate_fail_on),
    "offline": ("offline", _validate_bool),
}


def find_policy_file(start: Path) -> Optional[tuple[Path, bool]]:
    """(path, is_pyproject) of the nearest policy file at or above `start`."""
    for directory in (start, *start.parents):
        candidate = directory / POLICY_FILE
        if candidate.is_file():
            return candidate, False
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject, True
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # A broken pyproject.toml that mentions our table is still ours to report.
        try:
            return "[tool.yolodoctor]" in path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    return isinstance(data.get("tool"), dict) and "yolodoctor" in data["tool"]


def load_policy(path: Path, pyproject: Optional[bool] = None) -> Policy:
    """Read and validate one policy file; every error names the file, the key and the allowed values."""
    if pyproject is None:
        pyproject = path.name == PYPROJECT
    where = f"{path} [tool.yolodoctor]" if pyproject else str(path)
    from .documents import POLICY_MAX_BYTES, DocumentError, check_depth, read_capped

    if not path.exists():
        raise UserError(tr("policy file {path} does not exist", path=path), USAGE)
    try:
        document = tomllib.loads(read_capped(str(path), POLICY_MAX_BYTES, "policy file"))
        check_depth(document)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(tr("{path} is not valid TOML: {error}", path=path, error=exc), DATA) from None
    except (DocumentError, RecursionError) as exc:
        raise UserError(tr("{path} is not a policy: {error}", path=path, error=exc or tr("it nests too deeply")), DATA) from None
    table: Any = document
    if pyproject:
        table = document.get("tool", {}).get("yolodoctor") if isinstance(document.get("tool"), dict) else None
        if table is None:
            raise UserError(f"{path} has no [tool.yolodoctor] table", USAGE)
    if not isinstance(table, dict):
        raise UserError(f"{where}: must be a table of settings", DATA)
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if key not in KEYS:
            raise UserError(f"{where}: unknown key '{raw_key}'; allowed keys: {', '.join(KEYS)}", DATA)
        name, validate = KEYS[key]
        if name in values:
            raise UserError(f"{where}: key '{key}' is given twice (as '{key}' and '{key.replace('-', '_')}')", DATA)
        try:
            values[name] = validate(value)
        except ValueError as exc:
            raise UserError(f"{where}: key '{raw_key}': {exc}", DATA) from None
        origins[name] = path.name
    return Policy(path=str(path), origins=origins, **values)


def discover_policy(start: Optional[Path] = None) -> Policy:
    """The policy that applies in `start` (default: the working directory); empty when there is none."""
    found = find_policy_file((start or Path.cwd()).resolve())
    if found is None:
        return Policy()
    return load_policy(*found)


def with_overrides(policy: Policy, **options: Any) -> Policy:
    """Command-line values replace the file's (lists of ignored ids are joined); None means not given."""
    changes: dict[str, Any] = {}
    origins = dict(policy.origins)
    for name, value in options.items():
        if value is None or value == ():
            continue
        flag = "--" + name.replace("_", "-")
        if name == "ignore":
            value = tuple(dict.fromkeys((*policy.ignore, *_validate_cli(flag, _validate_ids, list(value)))))
        elif name == "required_packages":
            value = tuple(dict.fromkeys((*policy.required_packages,
                                         *_validate_cli(flag, _validate_requirements, list(value)))))
        else:
            validator = next(v for (field_name, v) in KEYS.values() if field_name == name)
            value = _validate_cli(flag, validator, value)
        changes[name] = value
        origins[name] = flag
    return replace(policy, origins=origins, **changes)


def _validate_cli(flag: str, validator: Callable[[Any], Any], value: Any) -> Any:
    try:
        return validator(value)
    except ValueError as exc:
        raise UserError(f"{flag}: {exc}", USAGE) from None


def effective_profile(policy: Policy, profile=None):
    """The profile to judge against, with the policy's requirements applied; None when nothing is required."""
    from .profiles import Profile, get_profile

    if profile is None and policy.profile:
        profile = get_profile(policy.profile)
    # `offline = true` in the policy file says the job itself has no network; --offline only stops the probes.
    job_offline = bool(policy.offline) and policy.origins.get("offline") != "--offline"
    extra = policy.gpus_min is not None or policy.min_vram_gib is not None or policy.required_packages
    if profile is None and not extra:
        return None
    if profile is None:
        profile = Profile(name="team-policy", description="requirements from the team policy", source=policy.path or "")
    changes: dict[str, Any] = {}
    overridden = dict(profile.overridden)
    where = policy.origins
    if policy.gpus_min is not None:
        changes["gpus_min"] = policy.gpus_min
        changes["requires_gpu"] = policy.gpus_min > 0 or (profile.requires_gpu and policy.gpus_min != 0)
        overridden["gpus_min"] = f"the policy ({where.get('gpus_min', 'policy')})"
    if policy.min_vram_gib is not None:
        changes["min_vram_gib"] = policy.min_vram_gib
        overridden["min_vram_gib"] = f"the policy ({where.get('min_vram_gib', 'policy')})"
    if policy.required_packages:
        changes["required_packages"] = policy.required_packages
        overridden["required_packages"] = f"the policy ({where.get('required_packages', 'policy')})"
    if job_offline:
        changes["job_offline"] = True
        overridden["job_offline"] = f"the policy ({where.get('offline', 'policy')})"
    return replace(profile, overridden=overridden, **changes)


def resolve_policy(policy_file: Optional[str] = None, no_policy: bool = False, start: Optional[Path] = None,
                   **options: Any) -> Policy:
    """The policy `check` applies: --policy FILE, else the one found from the working directory (none with
    --no-policy), with the command-line values (None: not given) on top."""
    if policy_file and no_policy:
        raise UserError("--policy and --no-policy cannot be used together", USAGE)
    if no_policy:
        base = Policy()
    elif policy_file:
        path = Path(policy_file)
        base = load_policy(path, pyproject=path.name == PYPROJECT)
    else:
        base = discover_policy(start)
    return with_overrides(base, **options)


def unknown_ignored(policy: Policy, known_ids: "set[str]") -> Optional[str]:
    """A message for ignored ids that are not rules (a typo that would silently ignore nothing), else None."""
    unknown = [rule_id for rule_id in policy.ignore if rule_id not in known_ids]
    if not unknown:
        return None
    where = f" (in {policy.path} or --ignore)" if policy.path else " (--ignore)"
    return f"ignore{where}: {', '.join(unknown)} {'is not a rule id' if len(unknown) == 1 else 'are not rule ids'}; " \
           f"`yolodoctor rules` lists them"
