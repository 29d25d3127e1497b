"""Secrets never leave the machine: credentials in URLs, tokens, user names."""

from __future__ import annotations

import re
from typing import Any

_URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<cred>[^/@\s:]+(?::[^/@\s]*)?)@")
_TOKENS = [
    re.compile(r"\bhf_[A-Za-z0-9]{20,}\b"),  # Hugging Face user access tokens
    re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"),  # GitHub tokens
    re.compile(r"\bgithub_pat_[A-Za-z0-9_]{40,}\b"),
    re.compile(r"\bpypi-[A-Za-z0-9_-]{40,}\b"),  # PyPI API tokens
    re.compile(r"\bsk-[A-Za-z0-9_-]{20,}\b"),
    re.compile(r"(?i)\b((?:api[_-]?key|token|password|passwd|secret)\s*[=:]\s*)(\S+)"),
]
REDACTED = "***"


def redact_text(text: str) -> str:
    if not text:
        return text
    text = _URL_CREDENTIALS.sub(lambda m: m.group("scheme") + REDACTED + "@", text)
    for pattern in _TOKENS:
        if pattern.groups >= 2:
            text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
        else:
            text = pattern.sub(REDACTED, text)
    return text


def redact_url(url: Any) -> Any:
    return redact_text(url) if isinstance(url, str) else url


def redact_data(value: Any) -> Any:
    """Redact every string in a JSON-like structure."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, list):
        return [redact_data(v) for v in value]
    if isinstance(value, dict):
        return {k: redact_data(v) for k, v in value.items()}
    return value


def redact_user(text: str, home: str, user: str) -> str:
    """Replace the home directory and user name in paths, when asked to."""
    if home and home not in ("/", ""):
        text = text.replace(home, "~")
    if user and len(user) > 2:
        text = re.sub(rf"(?<=[/\\]){re.escape(user)}(?=[/\\])", "<user>", text)
    return text
