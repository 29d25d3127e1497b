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
