"""The machine as the probes see it: a filesystem root, environment and PATH.

Everything that reads /proc, /sys, /dev, /etc or /usr/local goes through a
SystemView, so tests can present any machine by pointing ``root`` at a
directory tree and ``env`` at a made-up environment.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional

ROOT_VARIABLE = "YOLODOCTOR_FS_ROOT"  # test hook: where /proc, /sys, /dev, ... are read from


@dataclass(frozen=True)
class SystemView:
    root: Path = Path("/")
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    command_timeout: float = 10.0

    @classmethod
    def from_environment(cls, env: Optional[Mapping[str, str]] = None, command_timeout: float = 10.0) -> "SystemView":
        env = dict(os.environ if env is None else env)
        root = Path(env.get(ROOT_VARIABLE) or "/")
        return cls(root=root, env=env, command_timeout=command_timeout)

    @property
    def is_real_root(self) -> bool:
        return self.root == Path("/")

    def path(self, absolute: str) -> Path:
        return self.root / absolute.lstrip("/")

    def read_text(self, absolute: str, limit: int = 1_000_000) -> Optional[str]:
        try:
            with open(self.path(absolute), "rb") as fh:
                return fh.read(limit).decode("utf-8", "replace")
        except OSError:
            return None

    def exists(self, absolute: str) -> bool:
        return self.path(absolute).exists()

    def which(self, name: str) -> Optional[str]:
        return shutil.which(name, path=self.env.get("PATH", os.defpath))

    def home(self) -> Path:
        return Path(self.env.get("HOME") or Path.home())
