"""Where yolodoctor keeps its own data (snapshots, locks): a leaf module, cheap to import."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Mapping, Optional

DATA_DIR_VARIABLE = "YOLODOCTOR_DATA_DIR"


def data_dir(env: Optional[Mapping[str, str]] = None) -> Path:
    env = os.environ if env is None else env
    if env.get(DATA_DIR_VARIABLE):
        return Path(env[DATA_DIR_VARIABLE]).expanduser()
    if sys.platform.startswith("win") and env.get("LOCALAPPDATA"):
        return Path(env["LOCALAPPDATA"]) / "yolodoctor"
    if env.get("XDG_DATA_HOME"):
        return Path(env["XDG_DATA_HOME"]) / "yolodoctor"
    home = Path(env.get("HOME") or Path.home())
    return home / ".local" / "share" / "yolodoctor"


def snapshots_dir(env: Optional[Mapping[str, str]] = None) -> Path:
    return data_dir(env) / "snapshots"


def target_key(prefix: str) -> str:
    """Which environment: its sys.prefix, normalised."""
    return os.path.normcase(os.path.normpath(prefix))
