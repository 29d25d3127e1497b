"""Writing files and executables for a materialised machine."""

from __future__ import annotations

from pathlib import Path


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def executable(path: Path, text: str) -> None:
    write(path, text)
    path.chmod(0o755)
