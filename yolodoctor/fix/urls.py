"""Package-source URLs in their one comparable form, or refused.

pip and uv resolve dot-segments and percent-encoding before they fetch, so an
allow-list that compares raw strings can be walked out of with
`.../releases/download/../../other/repo/x.whl`. Every URL is therefore parsed
and normalised first (scheme and host lower-cased, default port dropped,
unreserved percent-escapes decoded), and refused outright when it carries
anything a package source never needs: dot-segments (`.`, `..`, also encoded
as `%2e`), encoded slashes or backslashes, user info (credentials belong in
pip's own configuration, not in a plan), control characters or whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL = 2048


class UrlError(ValueError):
    """A URL that cannot be used as a package source; the message says why."""


@dataclass(frozen=True)
class NormalUrl:
    scheme: str
    host: str
    port: int
    path: str  # no trailing slash (except the root "/")

    def under(self, prefix: "NormalUrl") -> bool:
        """Same origin, and the path is the prefix's path or below it (segment-wise)."""
        if (self.scheme, self.host, self.port) != (prefix.scheme, prefix.host, prefix.port):
            return False
        if prefix.path in ("", "/"):
            return True
        return self.path == prefix.path or self.path.startswith(prefix.path + "/")


def _decode_unreserved(path: str) -> str:
    def one(match: re.Match) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _ESCAPE.sub(one, path)


def normalise(url: str) -> NormalUrl:
    """The comparable form of `url`; UrlError when it must not be used at all."""
    if not isinstance(url, str) or not url:
        raise UrlError("empty URL")
    if len(url) > MAX_URL:
        raise UrlError(f"URL longer than {MAX_URL} characters")
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url) or "\\" in url:
        raise UrlError("URL contains whitespace, control characters or a backslash")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UrlError(f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https", "file"):
        raise UrlError(f"scheme {parts.scheme or '(none)'!r} is not a package source (package sources must use https)")
    if "@" in parts.netloc:
        raise UrlError("URL carries user info (credentials belong in pip's configuration, not in a plan)")
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme != "file" and not host:
        raise UrlError("URL has no host")
    path = _decode_unreserved(parts.path)
    if re.search(r"%2f|%5c", path, re.IGNORECASE):
        raise UrlError("URL path contains an encoded slash or backslash")
    segments = path.split("/")
    if any(s in (".", "..") for s in segments):
        raise UrlError("URL path contains '.' or '..' segments")
    path = path.rstrip("/") or "/"
    if "//" in path and scheme != "file":
        raise UrlError("URL path contains an empty segment")
    return NormalUrl(scheme, host, port if port is not None else _DEFAULT_PORTS.get(scheme, 0), path)
