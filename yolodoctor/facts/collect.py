"""collect: run every probe (in parallel) and assemble one Facts document.

The torch import under the target interpreter is the slowest probe by far,
so it starts first and everything else overlaps with it. collect never
judges: it records what it saw.
"""

from __future__ import annotations

import datetime as _dt
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional

from .. import __version__
from .cuda_toolkit import collect_cuda
from .host import collect_host
from .model import MISSING, OK, SKIPPED, CondaPackage, Distribution, DuplicateDistribution, Facts, Package, \
    PipConfig, ProbeError, PythonEnv, Torch, canonical_name, from_dict
from .nvidia import collect_nvidia
from .platform import collect_platform
from . import prestart
from .runner import finish, run
from .settings import collect_settings
from .system import SystemView
from .target import ImportOutcome, Target, TargetError, is_usable_python, probe_env, probe_imports, \
    resolve_target

# Packages reported in Facts.packages, with the distributions that provide them.
PACKAGE_DISTRIBUTIONS = {
    "torchvision": ("torchvision",),
    "torchaudio": ("torchaudio",),
    "flash_attn": ("flash-attn",),
    "numpy": ("numpy",),
    "cv2": ("opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"),
    "onnx": ("onnx",),
    "onnxruntime": ("onnxruntime-gpu", "onnxruntime"),
    "tensorrt": ("tensorrt", "tensorrt-cu13", "tensorrt-cu12", "tensorrt-cu11"),
    "ultralytics": ("ultralytics",),
}


@dataclass(frozen=True)
class CollectOptions:
    python: Optional[str] = None
    fast: bool = False
    import_timeout: float = 60.0
    command_timeout: float = 10.0
    env: Optional[Mapping[str, str]] = None
    # Extra probes (e.g. network) that add to the facts: name -> fn(view, facts_so_far_env) -> section.
    network: Optional[Callable[[SystemView, Facts], Any]] = None


def collect(options: CollectOptions = CollectOptions()) -> Facts:
    view = SystemView.from_environment(options.env, options.command_timeout)
    target = resolve_target(options.python, view.env)
    facts = Facts(origin="live", yolodoctor_version=__version__,
                  collected_at=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))
    with ThreadPoolExecutor(max_workers=6) as pool:
        env_future: Optional[Future] = None
        if target.selected_by == "--python" and not is_usable_python(target, options.command_timeout, view.env):
            # Never hand probe arguments to an executable before knowing it is Python: the env
            # probe alone first, which says why the interpreter cannot be used.
            env_record = probe_env(target, options.command_timeout, view.env)
        else:
            env_future = pool.submit(probe_env, target, options.command_timeout, view.env)
        imports = None if options.fast else pool.submit(probe_imports, target, options.import_timeout, view.env)
        system = {
            "nvidia": pool.submit(collect_nvidia, view),
            "cuda": pool.submit(collect_cuda, view),
            "env": pool.submit(collect_settings, view),
        }
        uv_version = pool.submit(_uv_version, view)
        if env_future is not None:
            env_record = env_future.result()  # TargetError propagates: nothing to report without Python
        for name, future in system.items():
            _assign(facts, name, future)
        ultralytics = facts.env.ultralytics_settings
        weights_dir, datasets_dir = ultralytics.get("weights_dir"), ultralytics.get("datasets_dir")
        host = pool.submit(collect_host, view, weights_dir if isinstance(weights_dir, str) else None,
                           datasets_dir if isinstance(datasets_dir, str) else None)
        _apply_env_record(facts, target, env_record)
        facts.python.uv_version = uv_version.result()
        network = pool.submit(options.network, view, facts) if options.network else None
        _assign(facts, "host", host)
        try:  # reads what the NVIDIA probe found (the Windows driver as WSL sees it)
            facts.platform = collect_platform(view, facts.nvidia, facts.host.kernel)
        except Exception as exc:
            facts.probe_errors.append(ProbeError("platform", _describe(exc)))
        if imports is not None:
            try:
                _apply_imports(facts, imports.result(), env_record)
            except Exception as exc:  # a bug in a probe must not lose the rest
                facts.probe_errors.append(ProbeError("imports", _describe(exc)))
        else:
            _apply_static(facts, env_record)
        if network is not None:
            _assign(facts, "network", network)
    return facts


def _assign(facts: Facts, section: str, future: Future) -> None:
    try:
        setattr(facts, section, future.result())
    except Exception as exc:
        facts.probe_errors.append(ProbeError(section, _describe(exc)))


def _describe(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {frames[-1].name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def _apply_env_record(facts: Facts, target: Target, record: dict[str, Any]) -> None:
    py = record.get("python") or {}
    env = PythonEnv(
        executable=target.executable,
        selected_by=target.selected_by,
        version=py.get("version"),
        implementation=py.get("implementation"),
        platform=py.get("platform"),
        prefix=py.get("prefix"),
        base_prefix=py.get("base_prefix"),
        is_venv=py.get("is_venv"),
        conda_env=py.get("conda_env"),
        user_site=py.get("user_site"),
        user_site_enabled=py.get("user_site_enabled"),
        externally_managed=py.get("externally_managed"),
        pip_version=py.get("pip_version"),
        pip_config=from_dict(PipConfig, py.get("pip_config") or {}, "pip_config"),
        distributions=[from_dict(Distribution, d, "distribution") for d in py.get("distributions") or []],
        duplicates=[from_dict(DuplicateDistribution, d, "duplicate") for d in py.get("duplicates") or []],
        conda_packages=[from_dict(CondaPackage, d, "conda_package") for d in py.get("conda_packages") or []],
    )
    facts.python = env
    facts.cuda.conda_cudatoolkit = record.get("conda_cudatoolkit")
    ultra = record.get("ultralytics_static")
    dist = facts.distribution("ultralytics")
    if ultra or dist:
        details = {}
        if ultra:
            details = {"git_checkout": ultra.get("git_checkout"), "model_dirs": ultra.get("model_dirs", [])}
        kind = "wheel"
        if dist is not None and dist.editable:
            kind = "editable"
        elif ultra and ultra.get("git_checkout"):
            kind = "git"
        elif dist is None:
            kind = "source"  # importable from a directory without dist-info
        details["install_kind"] = kind
        facts.packages["ultralytics"] = Package(
            status=OK, version=(ultra or {}).get("version") or (dist.version if dist else None),
            distribution=dist.name if dist else None, location=(ultra or {}).get("location"), details=details)


def _uv_version(view: SystemView) -> Optional[str]:
    path = view.which("uv")
    if path is None:
        return None
    early = prestart.claim(path, prestart.UV_ITEMS, view.env)
    result = finish(early, view.command_timeout) if early is not None else \
        run([path, *prestart.UV_ITEMS], view.command_timeout, view.env)
    words = result.stdout.split()
    return words[1] if result.ok and len(words) > 1 else None


def _apply_static(facts: Facts, record: dict[str, Any]) -> None:
    """--fast: what metadata and version files say, nothing imported."""
    static = record.get("torch_static")
    dist = facts.distribution("torch")
    if static or dist:
        static = static or {}
        facts.torch = Torch(status=OK, source="metadata", version=static.get("version") or (dist and dist.version),
                            location=static.get("location"), cuda=static.get("cuda"), hip=static.get("hip"),
                            git_version=static.get("git_version"))
    else:
        facts.torch = Torch(status=MISSING, source="metadata")
    for name, dists in PACKAGE_DISTRIBUTIONS.items():
        if name == "ultralytics":
            continue
        found = [facts.distribution(d) for d in dists]
        found = [d for d in found if d is not None]
        if found:
            details = {"source": "metadata"}
            if name in ("cv2", "tensorrt"):
                details["distributions"] = {d.name: d.version for d in found}
            facts.packages[name] = Package(status=OK, version=found[0].version, distribution=found[0].name,
                                           details=details)
        else:
            facts.packages[name] = Package(status=MISSING, details={"source": "metadata"})


def _apply_imports(facts: Facts, outcome: ImportOutcome, record: dict[str, Any]) -> None:
    facts.torch = outcome.torch
    if facts.torch.status is None:
        facts.torch.status = SKIPPED
    static = record.get("torch_static") or {}
    if facts.torch.status != OK and static:
        # The import failed before torch could say: torch/version.py (read,
        # not imported) still tells which build is installed.
        for name in ("version", "cuda", "hip", "git_version", "location"):
            if getattr(facts.torch, name) is None and static.get(name) is not None:
                setattr(facts.torch, name, static[name])
    for name, package in outcome.packages.items():
        facts.packages[name] = package


__all__ = ["collect", "CollectOptions", "TargetError", "PACKAGE_DISTRIBUTIONS", "canonical_name"]
