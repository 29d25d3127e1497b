"""Facts documents for the machines the profile and container tests judge.

Each function returns a plain facts dict (the JSON `yolodoctor facts --format json` writes), so the same
machine can be loaded in-process with facts_from_dict or handed to the CLI with `check --facts FILE`.
Values are shaped after real reports: NVML's memory figures, torch's local version tags, the
environment variables CUDA base images set.
"""

from __future__ import annotations

import copy
from typing import Any, Optional

from yolodoctor.facts.model import SCHEMA, Facts, facts_from_dict

# name, capability, memory MiB as NVML reports them
A100 = ("NVIDIA A100-SXM4-80GB", "8.0", 81920)
L4 = ("NVIDIA L4", "8.9", 23034)
T4 = ("Tesla T4", "7.5", 15360)
V100 = ("Tesla V100-SXM2-16GB", "7.0", 16384)
GTX1050 = ("NVIDIA GeForce GTX 1050", "6.1", 2048)


def _dist(name: str, version: str, **extra: Any) -> dict:
    return {"name": name, "version": version, **extra}


def machine(*, python: str = "3.11.7", torch: Optional[str] = "2.4.1+cu121", torch_cuda: Optional[str] = "12.1",
            gpus: tuple = (), cuda_available: Optional[bool] = None, packages: Optional[dict] = None,
            dists: Optional[list] = None, container: Optional[str] = None, shm_bytes: Optional[int] = None,
            env: Optional[dict] = None, driver: Optional[str] = "550.54.15", device_nodes: Optional[list] = None,
            kernel_module: Optional[bool] = None, network: Optional[dict] = None) -> dict:
    """A facts dict. gpus: tuples from above; packages: module -> version or None (missing)."""
    gpus = tuple(gpus)
    if cuda_available is None:
        cuda_available = bool(gpus) and torch_cuda is not None and torch is not None
    nodes = device_nodes if device_nodes is not None else (
        ["/dev/nvidia-uvm", "/dev/nvidiactl"] + [f"/dev/nvidia{i}" for i in range(len(gpus))] if gpus else [])
    env = env or {}
    facts: dict[str, Any] = {
        "schema": SCHEMA,
        "origin": "live",
        "host": {"os": "Linux", "arch": "x86_64", "cpu_count": 16, "container": container,
                 "container_evidence": [f"{container} marker"] if container else [],
                 "shm_total_bytes": shm_bytes},
        "nvidia": {
            "driver_version": driver if gpus else None,
            "kernel_module_loaded": kernel_module if kernel_module is not None else bool(gpus),
            "device_nodes": nodes,
            "gpus": [{"index": i, "name": n, "compute_capability": c, "memory_total_mib": m,
                      "memory_free_mib": m - 500} for i, (n, c, m) in enumerate(gpus)],
            "gpus_source": "nvml" if gpus else None,
            "cuda_visible_devices": env.get("CUDA_VISIBLE_DEVICES"),
            "nvidia_visible_devices": env.get("NVIDIA_VISIBLE_DEVICES"),
            "nvidia_driver_capabilities": env.get("NVIDIA_DRIVER_CAPABILITIES"),
        },
        "python": {"executable": "/opt/venv/bin/python", "version": python, "implementation": "CPython",
                   "distributions": []},
        "torch": {"status": "missing"} if torch is None else {
            "status": "ok", "version": torch, "cuda": torch_cuda, "cuda_available": cuda_available,
            "device_count": len(gpus) if cuda_available else 0,
            "devices": [{"index": i, "name": n, "capability": c, "total_memory_bytes": m * 1024 * 1024}
                        for i, (n, c, m) in enumerate(gpus)] if cuda_available else [],
            "source": "import"},
        "packages": {},
        "network": network or {},
    }
    all_dists = [] if torch is None else [_dist("torch", torch.split("+")[0])]
    for module, version in (packages or {}).items():
        dist_name = {"flash_attn": "flash-attn", "cv2": "opencv-python"}.get(module, module)
        if version is None:
            facts["packages"][module] = {"status": "missing"}
        else:
            facts["packages"][module] = {"status": "ok", "version": version, "distribution": dist_name}
            all_dists.append(_dist(dist_name, version))
    all_dists.extend(dists or [])
    facts["python"]["distributions"] = all_dists
    return facts


def load(data: dict) -> Facts:
    return facts_from_dict(copy.deepcopy(data))


# Machines that should pass each profile, and ones that should not. Each is (facts dict, expected rule ids).
ULTRA = {"ultralytics": "8.4.190", "torchvision": "0.19.1"}


def weights_on_disk(*names: str, github: Optional[str] = "ok", offline: bool = False) -> dict:
    """network facts: the weights found in the working directory, and how GitHub release downloads went
    (offline: not probed, with YOLO_OFFLINE=1)."""
    probe = [] if github is None else [{"kind": "github_releases", "name": "GitHub release assets",
                                        "url": "https://github.com", "role": "default", "status": github,
                                        "http_status": 200 if github == "ok" else None, "body_end": "eof",
                                        "throughput_kbs": 900.0 if github == "ok" else None}]
    return {"status": "skipped" if offline else "ok", "endpoints": [] if offline else probe,
            "settings": {"YOLO_OFFLINE": "1"} if offline else {},
            "local": {"cwd": "/work/job", "cwd_weights": list(names), "ultralytics_weights_dir": "/root/weights",
                      "ultralytics_weights": []}}
