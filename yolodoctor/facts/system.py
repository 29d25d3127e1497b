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

    def machine_path(self, path: str) -> Path:
        """A path named by the machine's own settings (CUDA_HOME, LD_LIBRARY_PATH
        entries), looked up under the root like /proc and /sys are."""
        return self.path(path) if os.path.isabs(path) else Path(path)

    def shown(self, path: Path) -> str:
        """How a path under the root is reported: as the machine names it."""
        if self.is_real_root:
            return str(path)
        for root in (self.root, self.root.resolve()):
            try:
                return "/" + str(path.relative_to(root))
            except ValueError:
                continue
        return str(path)

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
