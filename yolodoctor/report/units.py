"""Human-readable quantities, shared by every renderer."""

from __future__ import annotations

from typing import Optional


def human_size(n: Optional[float]) -> Optional[str]:
    """Bytes as B / KiB / MiB / GiB / TiB with one decimal; None stays None."""
    if n is None:
        return None
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024:
            return f"{int(value)} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"


def variable(value: Optional[str], origin: Optional[str]) -> Optional[str]:
    """An environment variable as shown: its value, "not set" where the machine was read
    (live or a saved facts file: absence was seen), None (unknown) for a pasted report,
    which rarely shows the environment."""
    if value not in (None, ""):
        return value
    return None if origin == "pasted" else "not set"
