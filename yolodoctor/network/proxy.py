"""Which proxy a download tool would use for a URL, read from the environment.

The rules follow Python's urllib and requests (which pip, huggingface_hub and
Ultralytics use): <scheme>_proxy in lower case wins over upper case, then
all_proxy; NO_PROXY lists host names, domain suffixes (with or without a
leading dot), IP addresses and CIDR ranges, optionally with :port, or '*'.
"""

from __future__ import annotations

import base64
import ipaddress
from dataclasses import dataclass
from typing import Mapping, Optional
from urllib.parse import unquote, urlsplit

from ..report.redact import redact_url


@dataclass(frozen=True)
class Proxy:
    scheme: str  # http, https, socks5, ...
    host: str
    port: int
    display: str  # the proxy URL with credentials redacted
    authorization: Optional[str] = None  # "Basic ..." for Proxy-Authorization; never printed

    @property
    def supported(self) -> bool:
        return self.scheme == "http"


def _variable(env: Mapping[str, str], name: str) -> Optional[str]:
    value = env.get(name.lower()) or env.get(name.upper())
    return value.strip() if value and value.strip() else None


def proxy_for(url: str, env: Mapping[str, str]) -> Optional[Proxy]:
    """The proxy for `url`, or None for a direct connection."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    if bypassed(host, port, _variable(env, "no_proxy") or ""):
        return None
    raw = _variable(env, f"{scheme}_proxy") or _variable(env, "all_proxy")
    if not raw:
        return None
    return parse_proxy(raw)


def parse_proxy(raw: str) -> Proxy:
    if "://" not in raw:
        raw = "http://" + raw  # requests and pip accept "host:port"
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    default_port = {"http": 80, "https": 443}.get(scheme, 1080)
    try:
        port = parts.port or default_port
    except ValueError:  # a port that is not a number
        port = default_port
    authorization = None
    if parts.username is not None:
        token = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        authorization = "Basic " + base64.b64encode(token).decode("ascii")
    return Proxy(scheme=scheme, host=parts.hostname or "", port=port, display=redact_url(raw),
                 authorization=authorization)


def bypassed(host: str, port: int, no_proxy: str) -> bool:
    """True when NO_PROXY says `host` is reached directly."""
    host = host.strip("[]").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for entry in no_proxy.replace(" ", ",").split(","):
        entry = entry.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return True
        entry_host, entry_port = entry, None
        if entry.count(":") == 1 and not entry.startswith("["):  # host:port (not an IPv6 address)
            entry_host, _, port_text = entry.partition(":")
            entry_port = int(port_text) if port_text.isdigit() else None
        entry_host = entry_host.strip("[]")
        if entry_port is not None and entry_port != port:
            continue
        if address is not None:
            try:
                if address in ipaddress.ip_network(entry_host, strict=False):
                    return True
            except ValueError:
                pass
            continue
        suffix = entry_host.lstrip(".")
        if suffix and (host == suffix or host.endswith("." + suffix)):
            return True
    return False
