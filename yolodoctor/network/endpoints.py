"""Which endpoints to probe: the ones this machine's tools are configured to use,
the defaults they fall back to, and the well-known mirrors.

Configured endpoints come from the same settings the tools read: HF_ENDPOINT
(huggingface_hub), pip's effective index-url / extra-index-url (pip config
files and PIP_INDEX_URL, as read by the probe in the target interpreter),
UV_DEFAULT_INDEX / UV_INDEX_URL (uv), MODELSCOPE_DOMAIN (modelscope).
Credentials in URLs are never sent: they are stripped before probing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional
from urllib.parse import urlsplit, urlunsplit

from ..facts.model import Facts
from .catalogue import Catalogue, Entry

ROLE_ORDER = {"configured": 0, "default": 1, "mirror": 2}


@dataclass(frozen=True)
class Target:
    kind: str
    name: str
    url: str  # base URL without credentials
    probe_path: str
    role: str  # configured, default, mirror
    setting: Optional[str] = None  # the setting that configured it (role "configured")
    verified: bool = True
    skip_reason: Optional[str] = None  # recorded but not probed (e.g. a file:// index)

    @property
    def probe_url(self) -> str:
        return self.url.rstrip("/") + self.probe_path


def strip_credentials(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, parts.query, parts.fragment))


def normalise(url: str) -> str:
    """A comparable form: lower-case scheme and host, no default port, no trailing slash."""
    parts = urlsplit(strip_credentials(url.strip()))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, {"http": 80, "https": 443}.get(scheme)) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), parts.query, ""))


def configured_settings(facts: Facts, env: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(kind, setting, url) for every download endpoint the user's tools are told to use."""
    out = []
    hf = facts.env.hf_endpoint or env.get("HF_ENDPOINT")
    if hf and hf.strip():
        out.append(("huggingface", "HF_ENDPOINT", hf.strip()))
    pip = facts.python.pip_config
    index = pip.index_url or facts.env.pip_index_url or env.get("PIP_INDEX_URL")
    if index and index.strip():
        out.append(("pypi", "pip index-url", index.strip()))
    extras = list(pip.extra_index_urls) or (facts.env.pip_extra_index_url or env.get("PIP_EXTRA_INDEX_URL")
                                            or "").split()
    for extra in extras:
        if extra.strip():
            out.append(("pypi", "pip extra-index-url", extra.strip()))
    for variable in ("UV_DEFAULT_INDEX", "UV_INDEX_URL"):
        if env.get(variable, "").strip():
            out.append(("pypi", variable, env[variable].strip()))
            break
    domain = env.get("MODELSCOPE_DOMAIN", "").strip()
    if domain:
        out.append(("modelscope", "MODELSCOPE_DOMAIN", domain if "://" in domain else "https://" + domain))
    return out


def plan_targets(facts: Facts, env: Mapping[str, str], catalogue: Catalogue) -> list[Target]:
    """Every endpoint to probe, each once (a configured mirror is probed as configured)."""
    known: dict[tuple[str, str], Entry] = {(e.kind, normalise(e.url)): e
                                           for e in catalogue.mirrors + catalogue.defaults}
    targets: list[Target] = []
    for kind, setting, raw in configured_settings(facts, env):
        url = strip_credentials(raw).rstrip("/")
        scheme = urlsplit(url).scheme.lower()
        entry = known.get((kind, normalise(url)))
        default = catalogue.default_for(kind)
        if entry is not None:
            probe_path, name, verified = entry.probe_path, entry.name, entry.verified
        else:
            # Mirrors share the layout of what they mirror, so the default's probe path fits;
            # an extra index (often a wheel index such as download.pytorch.org/whl/cu121) gets its root.
            probe_path = "/" if setting.endswith("extra-index-url") or default is None else default.probe_path
            name, verified = setting, True
        skip = None if scheme in ("http", "https") else f"{scheme or 'relative'}: URL, not a network endpoint"
        targets.append(Target(kind=kind, name=name, url=url, probe_path=probe_path, role="configured",
                              setting=setting, verified=verified, skip_reason=skip))
    for role, entries in (("default", catalogue.defaults), ("mirror", catalogue.mirrors)):
        for entry in entries:
            targets.append(Target(kind=entry.kind, name=entry.name, url=entry.url, probe_path=entry.probe_path,
                                  role=role, verified=entry.verified))
    seen: set[str] = set()
    unique = []
    for target in sorted(targets, key=lambda t: ROLE_ORDER[t.role]):  # stable: configured first
        key = normalise(target.probe_url)
        if key in seen:
            continue
        seen.add(key)
        unique.append(target)
    return unique
