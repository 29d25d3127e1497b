"""Small helpers predicates share: evidence lines, sizes, lists, error excerpts."""

from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from ..i18n import is_chinese, tr
from ..report.redact import redact_text


def ev(label: str, value: Any) -> str:
    """One fact that proves a finding: "nvidia.driver_version = 470.82.01"."""
    if value is None:
        value = tr("unknown")
    elif isinstance(value, bool):
        value = "true" if value else "false"  # a Python value, the same in every language
    elif isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value) if value else tr("none")
    return f"{label} = {value}"


def gib(n_bytes: Optional[float]) -> str:
    if n_bytes is None:
        return tr("unknown")
    value = n_bytes / 2 ** 30
    if value >= 10:
        return f"{value:.0f} GiB"
    if value >= 1:
        return f"{value:.1f} GiB"
    return f"{n_bytes / 2 ** 20:.0f} MiB"


def and_list(items: Iterable[str]) -> str:
    """ "a, b and c"; in Chinese "a、b 和 c"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    if is_chinese():
        return "、".join(items[:-1]) + " 和 " + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def torch_label(version: Optional[str]) -> str:
    """ "torch 2.4.1+cu124", or, when a pasted report does not say, "torch (version unknown)"."""
    return f"torch {version}" if version else tr("torch (version unknown)")


def from_source(value: Any, source: Any) -> str:
    """An evidence value with where it was read: "7.0 (from nvml)"; the value alone where that is not known (a
    pasted report that names the GPU in words)."""
    return tr("{value} (from {source})", value=value, source=source) if source else str(value)


def excerpt(text: Optional[str], limit: int = 300) -> str:
    """The most telling line of an error (the last non-empty one), shortened and redacted."""
    if not text:
        return ""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    line = lines[-1] if lines else ""
    if len(line) > limit:
        line = line[: limit - 3] + "..."
    return redact_text(line)


def search(pattern: str, text: str) -> Optional[re.Match[str]]:
    return re.search(pattern, text, re.I | re.M) if pattern and text else None


def matching_line(pattern: str, text: str) -> Optional[str]:
    """The first line of `text` that matches `pattern`, as an excerpt."""
    if not pattern or not text:
        return None
    for line in text.splitlines():
        if re.search(pattern, line, re.I):
            return excerpt(line)
    match = search(pattern, text)  # a pattern spanning lines
    return excerpt(match.group(0)) if match else None
