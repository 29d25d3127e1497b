"""Environment settings that change how downloads and training behave."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

from ..report.redact import redact_url
from .model import EnvSettings
from .system import SystemView

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
# Only these Ultralytics settings are kept: others may hold API keys.
ULTRALYTICS_KEYS = ("settings_version", "datasets_dir", "weights_dir", "runs_dir", "sync", "hub")


def collect_settings(view: SystemView) -> EnvSettings:
    env = view.env
    settings = EnvSettings(
        hf_endpoint=env.get("HF_ENDPOINT"),
        hf_hub_offline=env.get("HF_HUB_OFFLINE") or env.get("TRANSFORMERS_OFFLINE"),
        hf_home=env.get("HF_HOME"),
        hf_token_set=bool(env.get("HF_TOKEN") or env.get("HUGGING_FACE_HUB_TOKEN")),
        torch_home=env.get("TORCH_HOME"),
        proxies={name: True for name in PROXY_VARIABLES if env.get(name)},
        no_proxy=env.get("NO_PROXY") or env.get("no_proxy"),
        pip_index_url=redact_url(env.get("PIP_INDEX_URL")),
        pip_extra_index_url=redact_url(env.get("PIP_EXTRA_INDEX_URL")),
        pytorch_cuda_alloc_conf=env.get("PYTORCH_CUDA_ALLOC_CONF"),
        cuda_launch_blocking=env.get("CUDA_LAUNCH_BLOCKING"),
    )
    path = ultralytics_settings_path(view)
    if path is not None:
        settings.ultralytics_settings_path = str(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                settings.ultralytics_settings = {k: data[k] for k in ULTRALYTICS_KEYS if k in data}
        except (OSError, ValueError):
            settings.ultralytics_settings = {"unreadable": True}
    return settings


def ultralytics_settings_path(view: SystemView) -> Optional[Path]:
    """Where Ultralytics keeps settings.json (YOLO_CONFIG_DIR wins)."""
    env = view.env
    if env.get("YOLO_CONFIG_DIR"):
        base = Path(env["YOLO_CONFIG_DIR"])
    elif sys.platform == "darwin":
        base = view.home() / "Library" / "Application Support" / "Ultralytics"
    elif sys.platform.startswith("win"):
        base = Path(env.get("APPDATA") or view.home() / "AppData" / "Roaming") / "Ultralytics"
    else:
        base = Path(env.get("XDG_CONFIG_HOME") or view.home() / ".config") / "Ultralytics"
    path = base / "settings.json"
    return path if path.is_file() else None
