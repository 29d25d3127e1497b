"""Model weights already on disk: what a machine can still load without a network."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from ..facts.model import Facts, LocalWeights
from ..facts.system import SystemView

WEIGHT_SUFFIXES = (".pt", ".pth", ".onnx", ".engine", ".safetensors", ".torchscript", ".tflite")
MAX_NAMES = 200  # a directory of thousands of files says no more than one of 200


def collect_local_weights(view: SystemView, facts: Facts, cwd: Optional[str] = None) -> LocalWeights:
    cwd = cwd or os.getcwd()
    local = LocalWeights(cwd=cwd, cwd_weights=_weights_in(Path(cwd)) or [])
    weights_dir = facts.env.ultralytics_settings.get("weights_dir")
    if isinstance(weights_dir, str) and weights_dir:
        local.ultralytics_weights_dir = weights_dir
        path = Path(weights_dir)
        local.ultralytics_weights = _weights_in(path) if path.is_dir() else ([] if not path.exists() else None)
    hub = hf_hub_cache(view)
    local.hf_hub_cache = str(hub)
    local.hf_cached_repos = _hf_repos(hub)
    return local


def hf_hub_cache(view: SystemView) -> Path:
    """Where huggingface_hub caches repositories (its constants.py: HF_HUB_CACHE, then
    HUGGINGFACE_HUB_CACHE, then $HF_HOME/hub, HF_HOME defaulting to $XDG_CACHE_HOME/huggingface)."""
    env = view.env
    explicit = env.get("HF_HUB_CACHE") or env.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return Path(os.path.expanduser(explicit))
    home = env.get("HF_HOME") or os.path.join(env.get("XDG_CACHE_HOME") or str(view.home() / ".cache"),
                                              "huggingface")
    return Path(os.path.expanduser(home)) / "hub"


def _weights_in(directory: Path) -> Optional[list[str]]:
    try:
        names = sorted(entry.name for entry in os.scandir(directory)
                       if entry.name.lower().endswith(WEIGHT_SUFFIXES) and entry.is_file())
    except OSError:
        return None
    return names[:MAX_NAMES]


def _hf_repos(hub: Path) -> Optional[list[str]]:
    if not hub.exists():
        return []
    try:
        names = sorted(entry.name for entry in os.scandir(hub) if entry.is_dir() and "--" in entry.name)
    except OSError:
        return None
    repos = []
    for name in names[:MAX_NAMES]:
        kind, _, rest = name.partition("--")  # models--org--name -> models/org/name
        repos.append(kind + "/" + rest.replace("--", "/"))
    return repos
