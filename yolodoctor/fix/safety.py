"""What fix refuses to do, checked before anything runs (and again for a plan loaded from a file).

- PEP 668 externally managed interpreters (a distribution's Python): refused
  unless the user overrides it on the command line; the way out is a venv.
- Package sources: https only, and only official hosts, indexes the user
  configured for pip, or mirrors listed in compat/mirrors.toml, compared after
  normalisation (fix/urls.py). Plain http on loopback is allowed only under
  the testing switch YOLODOCTOR_ALLOW_LOOPBACK_INDEX=1.
- Packages: every requirement is a PEP 508 string (or an allowed https wheel
  URL), every uninstall entry a bare distribution name; nothing that starts
  like an option; pip, setuptools, wheel and yolodoctor are never removed or
  replaced.
- Settings: an allow-list by name (what fix itself writes) and by scope (the
  target env's own activation scripts, its pip configuration, the documented
  shell profile files) -- not a denylist.
- Commands: argv lists whose program is the target interpreter or uv; never
  sudo; installer flags and environment variables from fixed lists.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Optional

from packaging.requirements import InvalidRequirement, Requirement

from ..i18n import tr
from ..facts.model import canonical_name
from . import compat_view as cv
from .commands import action_commands
from .plan import Action, Plan
from .requirements import is_url, valid_requirement
from .urls import NormalUrl, UrlError, normalise

# Hosts of the official indexes: PyPI (and the host its files come from) and PyTorch's wheel index.
OFFICIAL_HOSTS = ("pypi.org", "files.pythonhosted.org", "download.pytorch.org")
HF_OFFICIAL = "https://huggingface.co"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
LOOPBACK_SWITCH = "YOLODOCTOR_ALLOW_LOOPBACK_INDEX"
# Environment variables a plan may set for the installer process (flash-attn builds), with their value shapes.
ALLOWED_ENV = {"MAX_JOBS": r"[0-9]{1,4}", "NVCC_THREADS": r"[0-9]{1,4}",
               "FLASH_ATTN_CUDA_ARCHS": r"[0-9;, ]{1,64}", "FLASH_ATTENTION_FORCE_BUILD": r"TRUE|FALSE|1|0"}
# Persistent settings fix itself writes, by name: what kind of value each takes.
INDEX_SETTINGS = ("global.index-url", "global.extra-index-url", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL",
                  "UV_INDEX_URL", "UV_DEFAULT_INDEX")
ENV_SETTINGS = ("HF_ENDPOINT", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "UV_INDEX_URL", "UV_DEFAULT_INDEX")
PIP_SETTINGS = ("global.index-url", "global.extra-index-url")
ENV_SCOPES = ("venv", "conda", "profile")
PIP_SCOPES = ("pip-site", "pip-user")
# Never removed or replaced: without them the env cannot install, and rollback cannot run.
PROTECTED = ("pip", "setuptools", "wheel", "yolodoctor")
_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\Z")
MAX_NAME = 200


class SafetyError(Exception):
    """fix refuses: the message says why and what to do instead."""


def _prefix(url: Optional[str]) -> Optional[NormalUrl]:
    """An allow-list entry in comparable form (the user's own credentials are not part of it)."""
    if not url:
        return None
    try:
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(url)
        netloc = parts.netloc.rsplit("@", 1)[-1]
        return normalise(urlunsplit((parts.scheme, netloc, parts.path, "", "")))
    except (UrlError, ValueError):
        return None


@dataclass(frozen=True)
class AllowList:
    configured: tuple[str, ...] = ()  # indexes/find-links the user configured for pip (may be redacted)
    loopback: bool = False

    @classmethod
    def from_settings(cls, configured: Iterable[Optional[str]], env: Optional[Mapping[str, str]] = None) -> "AllowList":
        env = os.environ if env is None else env
        return cls(tuple(u for u in configured if u), env.get(LOOPBACK_SWITCH) == "1")

    def release_prefixes(self) -> tuple[str, ...]:
        _, url_template = cv.flash_attn_wheel_templates()
        # ".../releases/download/v{version}/{filename}" -> ".../releases/download"
        return (url_template.split("{", 1)[0].rsplit("/", 1)[0],)

    def mirror_prefixes(self, kinds=("pypi", "pytorch_wheels")) -> tuple[str, ...]:
        return tuple(m.url.rstrip("/") for m in cv.mirrors() if m.kind in kinds)


def _under_any(url: NormalUrl, prefixes: Iterable[Optional[str]]) -> bool:
    return any(p is not None and url.under(p) for p in map(_prefix, prefixes))


def check_url(url: str, allow: AllowList, what: str = "index") -> None:
    """Raise SafetyError unless `url` may be used as a package source."""
    if not isinstance(url, str):
        raise SafetyError(f"{what} {url!r} is not a URL")
    if "***" in url:
        raise SafetyError(tr("{what} {url} carries redacted credentials; it cannot be used from a plan",
                             what=what, url=url))
    try:
        parsed = normalise(url)
    except UrlError as exc:
        raise SafetyError(tr("{what} {url} is refused: {reason}", what=what, url=repr(url), reason=exc)) from None
    if parsed.host in LOOPBACK_HOSTS and allow.loopback and parsed.scheme in ("http", "https"):
        return
    if parsed.scheme != "https":
        if parsed.host in LOOPBACK_HOSTS:
            raise SafetyError(tr("{what} {url} is refused: package sources must use https (loopback http is for tests "
                                 "only: {switch})", what=what, url=url, switch=f"{LOOPBACK_SWITCH}=1"))
        raise SafetyError(tr("{what} {url} is refused: package sources must use https", what=what, url=url))
    if parsed.host in OFFICIAL_HOSTS and parsed.port == 443:
        return
    if what == "wheel URL" and _under_any(parsed, allow.release_prefixes()):
        return
    if _under_any(parsed, allow.configured) or _under_any(parsed, allow.mirror_prefixes()):
        return
    raise SafetyError(tr("{what} {url} is refused: it is neither an official index ({hosts}), nor one configured "
                         "for pip on this machine, nor a known mirror (compat/mirrors.toml). Configure it for pip "
                         "first ({command}) if you trust it.", what=what, url=url, hosts=', '.join(OFFICIAL_HOSTS),
                         command="pip config set global.extra-index-url URL"))


def check_hf_endpoint(url: str, allow: AllowList) -> None:
    """HF_ENDPOINT: the Hub itself or a Hugging Face mirror from compat/mirrors.toml, over https."""
    try:
        parsed = normalise(url)
    except UrlError as exc:
        raise SafetyError(tr("{what} {url} is refused: {reason}", what="HF_ENDPOINT", url=repr(url),
                             reason=exc)) from None
    if parsed.host in LOOPBACK_HOSTS and allow.loopback and parsed.scheme in ("http", "https"):
        return
    if parsed.scheme != "https":
        raise SafetyError(tr("HF_ENDPOINT {url} is refused: it must use https", url=url))
    if not _under_any(parsed, (HF_OFFICIAL, *allow.mirror_prefixes(("huggingface",)))):
        raise SafetyError(tr("HF_ENDPOINT {url} is refused: it is neither {official} nor a Hugging Face mirror "
                             "listed in compat/mirrors.toml", url=url, official=HF_OFFICIAL))


@lru_cache(maxsize=None)
def client_settings() -> dict[str, frozenset[str]]:
    """Variables compat/download_clients.toml lists as workarounds, with the values it sets."""
    from ..knowledge.files import KnowledgeError, load_compat_table

    try:
        rows = load_compat_table("download_clients.toml", "client", ("distribution", "ignores", "applies_when"))
    except KnowledgeError:
        return {}
    out: dict[str, set[str]] = {}
    for row in rows:
        for name, value in (row.get("set_env") or {}).items():
            out.setdefault(str(name), set()).add(str(value))
    return {k: frozenset(v) for k, v in out.items()}


@dataclass(frozen=True)
class TargetScopes:
    """Where settings for one target may go: its own env scripts, its pip configuration, the profile files."""

    python: str
    prefix: Optional[str] = None
    is_venv: bool = False
    conda_prefix: Optional[str] = None
    home_env: tuple[tuple[str, str], ...] = ()  # HOME, ZDOTDIR, XDG_CONFIG_HOME of the user

    @classmethod
    def of(cls, python: str, prefix: Optional[str], is_venv: Optional[bool], conda_prefix: Optional[str],
           env: Optional[Mapping[str, str]] = None) -> "TargetScopes":
        env = os.environ if env is None else env
        home = tuple((k, env[k]) for k in ("HOME", "ZDOTDIR", "XDG_CONFIG_HOME") if env.get(k))
        return cls(python, prefix, bool(is_venv), conda_prefix, home)

    def allowed(self) -> set[str]:
        norm = os.path.normpath
        scopes = {f"pip-site:{norm(self.python)}", f"pip-user:{norm(self.python)}"}
        if self.is_venv and self.prefix:
            scopes.add(f"venv:{norm(self.prefix)}")
        if self.conda_prefix:
            scopes.add(f"conda:{norm(self.conda_prefix)}")
        env = dict(self.home_env)
        home = Path(env.get("HOME") or Path.home())
        profiles = [home / ".bashrc", home / ".profile", Path(env.get("ZDOTDIR") or home) / ".zshrc",
                    Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "fish" / "conf.d" / "yolodoctor.fish"]
        scopes |= {f"profile:{norm(str(p))}" for p in profiles}
        return scopes


def _normal_scope(scope: str) -> str:
    kind, _, location = scope.partition(":")
    return f"{kind}:{os.path.normpath(location)}" if location else scope


def check_setting(action: Action, allow: AllowList, scopes: Optional[TargetScopes]) -> None:
    label = f"action '{action.title}'"
    if not action.scope:
        raise SafetyError(f"{label}: a setting must say where it is written (scope)")
    kind = action.scope.partition(":")[0]
    if kind not in ENV_SCOPES + PIP_SCOPES:
        raise SafetyError(f"{label}: scope {action.scope!r} is not one yolodoctor writes to")
    if scopes is not None and _normal_scope(action.scope) not in scopes.allowed():
        raise SafetyError(f"{label}: scope {action.scope!r} is not the target env's own activation scripts, its "
                          "pip configuration or a documented shell profile file; refused")
    if not action.settings:
        raise SafetyError(f"{label}: the setting sets nothing")
    clients = client_settings()
    for name, value in action.settings:
        if kind in PIP_SCOPES:
            if name not in PIP_SETTINGS:
                raise SafetyError(f"{label}: yolodoctor does not set {name} in pip's configuration "
                                  f"(only {', '.join(PIP_SETTINGS)})")
        elif name not in ENV_SETTINGS and name not in clients:
            raise SafetyError(f"{label}: yolodoctor does not set {name}; the variables it writes are "
                              f"{', '.join(sorted(set(ENV_SETTINGS) | set(clients)))}")
        if name == "HF_ENDPOINT":
            check_hf_endpoint(value, allow)
        elif name in INDEX_SETTINGS:
            urls = value.split()
            if not urls:
                raise SafetyError(f"{label}: {name} has no value")
            for url in urls:
                check_url(url, allow, "index")
        elif value not in clients.get(name, ()):
            raise SafetyError(f"{label}: {name}={value!r} is not a value yolodoctor writes "
                              f"({', '.join(sorted(clients.get(name, ()))) or 'none'})")


def check_package_name(name: str, label: str) -> None:
    if not isinstance(name, str) or len(name) > MAX_NAME or not _NAME.match(name):
        raise SafetyError(f"{label}: {name!r} is not a distribution name (options and files are never taken "
                          "from a plan)")
    if canonical_name(name) in PROTECTED:
        raise SafetyError(f"{label}: {name} is never removed or replaced by yolodoctor (without it the "
                          "environment cannot install or roll back)")


def check_requirement(requirement: str, allow: AllowList, label: str) -> None:
    if not isinstance(requirement, str) or not requirement or requirement.lstrip().startswith("-"):
        raise SafetyError(f"{label}: {requirement!r} is not a plain requirement (options and files are never "
                          "taken from a plan)")
    if is_url(requirement):
        if not valid_requirement(requirement):
            raise SafetyError(f"{label}: {requirement!r} is not a wheel URL")
        check_url(requirement, allow, "wheel URL")
        from .requirements import requirement_name

        name = requirement_name(requirement)
        if name:
            check_package_name(name, label)
        return
    if not valid_requirement(requirement):
        raise SafetyError(f"{label}: {requirement!r} is not a plain requirement or a wheel URL")
    try:
        check_package_name(Requirement(requirement).name, label)
    except InvalidRequirement:  # pragma: no cover - valid_requirement parsed it already
        raise SafetyError(f"{label}: {requirement!r} is not a PEP 508 requirement") from None


def check_externally_managed(plan: Plan) -> None:
    if plan.externally_managed and not plan.break_system_packages:
        raise SafetyError(
            f"{plan.python} is an externally managed interpreter (PEP 668): its packages belong to the system "
            "package manager, and installing into it can break the OS. Make a virtual environment and fix that "
            f"instead:\n    {plan.python} -m venv ~/.venvs/yolo\n    yolodoctor fix --python ~/.venvs/yolo/bin/python\n"
            "(or pass --break-system-packages if you really mean to change the system interpreter)")


def check_plan(plan: Plan, allow: AllowList, scopes: Optional[TargetScopes] = None) -> None:
    """Everything a plan will run must pass; raises SafetyError on the first problem.

    `scopes` (where settings may be written) is derived from the current target; None checks the
    kinds of scope and settings only (a plan made from a facts file, for review)."""
    check_externally_managed(plan)
    programs = {plan.python} | ({plan.installer_path} if plan.installer_path else set())
    if plan.installer == "uv" and not plan.installer_path:
        programs.add("uv")
    for action in plan.runnable_actions:
        label = f"action '{action.title}'"
        for url in filter(None, (action.index_url,)):
            check_url(url, allow, "index")
        for url in action.extra_index_urls:
            check_url(url, allow, "index")
        for url in action.find_links:
            check_url(url, allow, "find-links location")
        for requirement in action.requirements:
            check_requirement(requirement, allow, label)
        for name in action.uninstall:
            check_package_name(name, label)
        for name, value in action.env:
            shape = ALLOWED_ENV.get(name)
            if shape is None:
                raise SafetyError(f"{label}: setting {name} for the installer is not allowed "
                                  f"(allowed: {', '.join(ALLOWED_ENV)})")
            if not re.fullmatch(shape, value):
                raise SafetyError(f"{label}: {name}={value!r} is not a value yolodoctor sets")
        if action.kind == "setting":
            check_setting(action, allow, scopes)
        elif action.kind == "install" and not action.requirements:
            raise SafetyError(f"{label}: an install action names nothing to install")
        elif action.kind == "uninstall" and not action.uninstall:
            raise SafetyError(f"{label}: an uninstall action names nothing to remove")
        for argv in action_commands(plan, action):
            if argv[0] not in programs:
                raise SafetyError(f"{label}: runs {argv[0]}, not the target interpreter or uv")
            if any(arg == "sudo" or os.path.basename(arg) == "sudo" for arg in argv):
                raise SafetyError(f"{label}: yolodoctor never runs sudo")
