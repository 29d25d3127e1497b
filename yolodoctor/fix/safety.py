"""What fix refuses to do, checked before anything runs (and again for a plan loaded from a file).

- PEP 668 externally managed interpreters (a distribution's Python): refused
  unless the user overrides it; the way out is a venv.
- Package sources: https only, and only official hosts, indexes the user
  configured for pip, or mirrors listed in compat/mirrors.toml. Plain http on
  loopback is allowed only under the testing switch YOLODOCTOR_ALLOW_LOOPBACK_INDEX=1.
- Commands: argv lists whose program is the target interpreter or uv; never
  sudo; installer flags and environment variables from fixed lists.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional
from urllib.parse import urlsplit

from . import compat_view as cv
from .commands import action_commands
from .plan import Plan
from .requirements import is_url, valid_requirement

# Hosts of the official indexes: PyPI (and the host its files come from) and PyTorch's wheel index.
OFFICIAL_HOSTS = ("pypi.org", "files.pythonhosted.org", "download.pytorch.org")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
LOOPBACK_SWITCH = "YOLODOCTOR_ALLOW_LOOPBACK_INDEX"
# Environment variables a plan may set for the installer process (flash-attn builds).
ALLOWED_ENV = ("MAX_JOBS", "FLASH_ATTN_CUDA_ARCHS", "NVCC_THREADS", "FLASH_ATTENTION_FORCE_BUILD")
# Persistent settings whose values are package sources, and settings fix never writes.
INDEX_SETTINGS = ("global.index-url", "global.extra-index-url", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL",
                  "UV_INDEX_URL", "UV_DEFAULT_INDEX", "UV_EXTRA_INDEX_URL", "UV_INDEX")
REFUSED_SETTINGS = ("global.trusted-host", "PIP_TRUSTED_HOST", "UV_INSECURE_HOST", "PIP_CERT", "global.cert",
                    "LD_PRELOAD", "LD_LIBRARY_PATH", "PYTHONPATH", "PATH")


class SafetyError(Exception):
    """fix refuses: the message says why and what to do instead."""


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

    def mirror_prefixes(self) -> tuple[str, ...]:
        return tuple(m.url.rstrip("/") for m in cv.mirrors() if m.kind in ("pypi", "pytorch_wheels"))


def _strip_credentials(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme.lower(), host, parts.path.rstrip("/")


def _under(url: str, prefix: str) -> bool:
    scheme, host, path = _strip_credentials(url)
    p_scheme, p_host, p_path = _strip_credentials(prefix)
    return scheme == p_scheme and host == p_host and (path == p_path or path.startswith(p_path + "/"))


def check_url(url: str, allow: AllowList, what: str = "index") -> None:
    """Raise SafetyError unless `url` may be used as a package source."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        raise SafetyError(f"{what} {url!r} is not a valid URL") from None
    if "***" in url:
        raise SafetyError(f"{what} {url} carries redacted credentials; it cannot be used from a plan")
    if host in LOOPBACK_HOSTS and allow.loopback and parts.scheme in ("http", "https"):
        return
    if parts.scheme != "https":
        hint = f" (loopback http is for tests only: {LOOPBACK_SWITCH}=1)" if host in LOOPBACK_HOSTS else ""
        raise SafetyError(f"{what} {url} is refused: package sources must use https{hint}")
    if host in OFFICIAL_HOSTS:
        return
    if any(_under(url, p) for p in allow.release_prefixes()) and what == "wheel URL":
        return
    if any(_under(url, c) for c in allow.configured):
        return
    if any(_under(url, m) for m in allow.mirror_prefixes()):
        return
    raise SafetyError(f"{what} {url} is refused: it is neither an official index ({', '.join(OFFICIAL_HOSTS)}), "
                      "nor one configured for pip on this machine, nor a known mirror (compat/mirrors.toml). "
                      "Configure it for pip first (pip config set global.extra-index-url URL) if you trust it.")


def check_externally_managed(plan: Plan) -> None:
    if plan.externally_managed and not plan.break_system_packages:
        raise SafetyError(
            f"{plan.python} is an externally managed interpreter (PEP 668): its packages belong to the system "
            "package manager, and installing into it can break the OS. Make a virtual environment and fix that "
            f"instead:\n    {plan.python} -m venv ~/.venvs/yolo\n    yolodoctor fix --python ~/.venvs/yolo/bin/python\n"
            "(or pass --break-system-packages if you really mean to change the system interpreter)")


def check_plan(plan: Plan, allow: AllowList) -> None:
    """Everything a plan will run must pass; raises SafetyError on the first problem."""
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
            if not valid_requirement(requirement):
                raise SafetyError(f"{label}: {requirement!r} is not a plain requirement or a wheel URL")
            if is_url(requirement):
                check_url(requirement, allow, "wheel URL")
        for name, _value in action.env:
            if name not in ALLOWED_ENV:
                raise SafetyError(f"{label}: setting {name} for the installer is not allowed "
                                  f"(allowed: {', '.join(ALLOWED_ENV)})")
        for name, value in action.settings:
            if name in REFUSED_SETTINGS:
                raise SafetyError(f"{label}: yolodoctor does not set {name} (it weakens TLS or changes what "
                                  "runs); set it yourself if you mean it")
            if name in INDEX_SETTINGS:
                for url in value.split():
                    check_url(url, allow, "index")
        if action.kind == "setting" and not action.scope:
            raise SafetyError(f"{label}: a setting must say where it is written (scope)")
        for argv in action_commands(plan, action):
            if argv[0] not in programs:
                raise SafetyError(f"{label}: runs {argv[0]}, not the target interpreter or uv")
            if any(arg == "sudo" or os.path.basename(arg) == "sudo" for arg in argv):
                raise SafetyError(f"{label}: yolodoctor never runs sudo")
