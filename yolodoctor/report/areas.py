"""One line per area of the check summary, and the facts behind it (shown with -v).

Only facts are read here; the verdict of each area (ok / warning / error)
comes from the findings, in check_report.py.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from ..facts.model import Facts, Package
from ..i18n import tr
from .units import human_size as _size, variable

LABELS = {
    "driver": "Driver & GPUs", "cuda": "CUDA toolkit", "torch": "PyTorch", "torchvision": "torchvision",
    "cudnn": "cuDNN", "flash_attn": "flash-attn", "tensorrt": "TensorRT/ONNX", "ultralytics": "Ultralytics",
    "packages": "Python & packages", "system": "System", "network": "Network",
}

Rows = list[tuple[str, str]]
# Summaries that mean "nothing here to check" (check_report.py makes such an area "absent").
NO_TOOLKIT = "no toolkit (only needed to compile CUDA extensions)"
NOT_USED_NO_CUDA = "not used (torch has no CUDA)"
NOT_USED_NO_TORCH = "not used (no torch)"




def _text(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return tr("unknown")
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def _rows(*pairs: tuple[str, Any]) -> Rows:
    return [(tr(label), _text(value)) for label, value in pairs]


def _package_line(name: str, pkg: Package) -> str:
    if pkg.status is None:
        return tr("unknown")
    if pkg.status == "missing":
        return tr("not installed")
    if pkg.status == "ok":
        return pkg.version or tr("installed")
    return (pkg.version + " " if pkg.version else "") + _import_failed(pkg.status, _last_line(pkg.error))


def _import_failed(status: str, error: str) -> str:
    """`import error: <its last line>` (status: the probe's error, crashed or timeout) in the current language."""
    if status == "error":
        return tr("import error: {error}", error=error) if error else tr("import error")
    if status == "crashed":
        return tr("import crashed: {error}", error=error) if error else tr("import crashed")
    if status == "timeout":
        return tr("import timeout: {error}", error=error) if error else tr("import timeout")
    return f"import {status}" + (f": {error}" if error else "")


def _join(parts: list[str]) -> str:
    """The parts of a summary line, `; `-separated (a full-width semicolon in Chinese)."""
    return tr("; ").join(parts)


def _last_line(text: Optional[str]) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _driver(facts: Facts) -> tuple[Optional[str], Rows]:
    nv = facts.nvidia
    probed = nv.kernel_module_loaded is not None or nv.nvml_status is not None or nv.nvidia_smi.status is not None
    gpus = [f"{g.name or 'GPU'} ({g.compute_capability or '?'})" for g in nv.gpus]
    smi = nv.nvidia_smi
    if smi.status in ("error", "timeout", "crashed") and not gpus:
        # nvidia-smi is installed, so a driver is: say what it did, never "no driver".
        said = (smi.error or "").strip().split("\n", 1)[0].strip()
        if smi.status == "timeout":
            line = tr("nvidia-smi did not answer")
        elif smi.status == "crashed":
            line = tr("nvidia-smi crashed: {error}", error=said) if said else tr("nvidia-smi crashed")
        else:
            line = tr("nvidia-smi error: {error}", error=said) if said else tr("nvidia-smi error")
        if nv.driver_version:
            line += tr(" (driver {version} loaded)", version=nv.driver_version)
    elif nv.driver_version:
        line = tr("driver {version}", version=nv.driver_version) + \
            (tr(" (CUDA {version})", version=nv.cuda_driver_version) if nv.cuda_driver_version else "")
        line += (tr(", {count} GPU", count=len(gpus)) if len(gpus) == 1 else tr(", {count} GPUs", count=len(gpus))) \
            + (tr(": {items}", items=", ".join(gpus)) if gpus else "")
    elif gpus:
        line = ", ".join(gpus)
    elif _platform_gpu(facts):
        line = _platform_gpu(facts)
    elif probed:
        line = tr("no NVIDIA driver or GPU found")
    else:
        line = None
    platform = facts.platform
    if platform.wsl is not None and nv.driver_version and line:
        line += tr(" (the Windows driver, through WSL)")
    if platform.jetson is not None and line and not line.startswith("Jetson"):
        line = _join([_platform_gpu(facts) or "", line])
    rows = _rows(("driver", tr("{version} (from {source})", version=nv.driver_version, source=nv.driver_version_source)
                  if nv.driver_version else None),
                 ("driver versions seen", nv.driver_versions_seen), ("CUDA supported by driver", nv.cuda_driver_version),
                 ("kernel module loaded", nv.kernel_module_loaded), ("nouveau loaded", nv.nouveau_loaded),
                 ("device nodes", nv.device_nodes or tr("none")),
                 ("NVML", f"{nv.nvml_status}" + (f" ({nv.nvml_error})" if nv.nvml_error else "") if nv.nvml_status
                  else None),
                 ("nvidia-smi", nv.nvidia_smi.status), ("CUDA_VISIBLE_DEVICES", variable(nv.cuda_visible_devices, facts.origin)))
    for g in nv.gpus:
        rows.append((f"GPU {g.index}", tr("{name} (compute {capability}, {free}/{total} MiB free)", name=g.name,
                                          capability=g.compute_capability or "?",
                                          free=g.memory_free_mib if g.memory_free_mib is not None else "?",
                                          total=g.memory_total_mib if g.memory_total_mib is not None else "?")))
    return line, rows


def _platform_gpu(facts: Facts) -> Optional[str]:
    """A GPU that is not a desktop NVIDIA one: a Jetson's, an AMD one, a Mac's."""
    p = facts.platform
    if p.jetson is not None:
        parts = [f"L4T {p.jetson.l4t_version}" if p.jetson.l4t_version else None,
                 f"JetPack {p.jetson.jetpack_version}" if p.jetson.jetpack_version else None]
        return "Jetson (" + ", ".join(x for x in parts if x) + ")" if any(parts) else "Jetson"
    if p.rocm is not None and (p.rocm.kfd or p.rocm.gfx_targets):
        return (tr("AMD GPU {targets}", targets=", ".join(p.rocm.gfx_targets) or "(/dev/kfd)")
                + (tr(", ") + f"ROCm {p.rocm.rocm_version}" if p.rocm.rocm_version else ""))
    if p.macos_version:
        return tr("Apple GPU through MPS (macOS {version})", version=p.macos_version)
    return None


def _cuda(facts: Facts) -> tuple[Optional[str], Rows]:
    cuda = facts.cuda
    toolkits = [f"{t.version or '?'} ({t.path})" for t in cuda.toolkits]
    if cuda.nvcc_version:
        line = f"nvcc {cuda.nvcc_version}" + (tr(" at {path}", path=cuda.nvcc.path) if cuda.nvcc.path else "")
    elif toolkits:
        line = tr("toolkits: {toolkits} (no nvcc on PATH)", toolkits=", ".join(toolkits))
    elif cuda.nvcc.status == "missing":
        line = tr(NO_TOOLKIT)
    else:
        line = None
    return line, _rows(("nvcc", f"{cuda.nvcc_version} ({cuda.nvcc.path})" if cuda.nvcc_version else cuda.nvcc.status),
                       ("toolkits", toolkits or tr("none")), ("CUDA_HOME", cuda.cuda_home), ("CUDA_PATH", cuda.cuda_path),
                       ("CUDA libraries on LD_LIBRARY_PATH", len(cuda.ld_library_path_cuda_libs) or tr("none")),
                       ("conda cudatoolkit", cuda.conda_cudatoolkit))


def _torch(facts: Facts) -> tuple[Optional[str], Rows]:
    t = facts.torch
    if t.status is None:
        line = None
    elif t.status == "missing":
        line = tr("not installed")
    elif t.status != "ok":
        line = _import_failed(t.status, _last_line(t.error))
    else:
        build = f"CUDA {t.cuda}" if t.cuda else (f"ROCm {t.hip}" if t.hip else
                                                  "MPS" if t.mps_built else tr("CPU-only"))
        parts = [f"{t.version}", build]
        if t.mps_built:
            parts.append(f"mps.is_available() {t.mps_available}")
        elif t.cuda_available is not None:
            parts.append(f"cuda.is_available() {t.cuda_available}")
        line = tr(", ").join(parts)
    rows = _rows(("status", t.status), ("version", t.version), ("torch.version.cuda", t.cuda),
                 ("cuda.is_available()", t.cuda_available), ("device count", t.device_count),
                 ("devices", [f"{d.index}: {d.name} ({d.capability})" for d in t.devices] or None),
                 ("arch list", t.arch_list), ("cxx11 ABI", t.cxx11_abi), ("source", t.source),
                 ("import time", tr("{seconds} s", seconds=f"{t.import_seconds:.2f}") if t.import_seconds is not None
                  else None))
    if t.error:
        rows.append(("error", _last_line(t.error)))
    rows += [("warning", w) for w in t.warnings]
    return line, rows


def _torchvision(facts: Facts) -> tuple[Optional[str], Rows]:
    tv, ta = facts.package("torchvision"), facts.package("torchaudio")
    line = None if tv.status is None else _package_line("torchvision", tv)
    if tv.status == "ok" and tv.details.get("nms_ok") is not None:
        line += tr(", nms works") if tv.details["nms_ok"] else tr(", nms FAILS")
    if ta.status == "ok":
        line = _join([line or "", f"torchaudio {ta.version}"]) if line else f"; torchaudio {ta.version}"
    return line, _rows(("torchvision", _package_line("torchvision", tv)), ("nms", tv.details.get("nms_ok")),
                       ("torchaudio", _package_line("torchaudio", ta)))


def _cudnn(facts: Facts) -> tuple[Optional[str], Rows]:
    t = facts.torch
    if t.cudnn_version:
        line = tr("{version} (loaded by torch)", version=t.cudnn_version)
    elif t.status == "ok" and t.source == "import" and not t.cuda:
        line = tr(NOT_USED_NO_CUDA)
    elif t.status == "missing":
        line = tr(NOT_USED_NO_TORCH)
    else:
        line = None
    return line, _rows(("cuDNN (torch.backends.cudnn.version())", t.cudnn_version), ("NCCL", t.nccl_version))


def _flash_attn(facts: Facts) -> tuple[Optional[str], Rows]:
    fa = facts.package("flash_attn")
    details = fa.details
    return (None if fa.status is None else _package_line("flash_attn", fa)), _rows(
        ("flash-attn", _package_line("flash_attn", fa)), ("packaging", details.get("packaging_version")),
        ("ninja", details.get("ninja_version") or details.get("ninja_on_path")))


def _tensorrt(facts: Facts) -> tuple[Optional[str], Rows]:
    trt, ort, onnx = facts.package("tensorrt"), facts.package("onnxruntime"), facts.package("onnx")
    if trt.status is None and ort.status is None and onnx.status is None:
        return None, []
    parts = [f"TensorRT {_package_line('tensorrt', trt)}"] if trt.status not in (None, "missing") else []
    if onnx.status == "ok":
        parts.append(f"onnx {onnx.version}")
    if ort.status == "ok":
        parts.append(f"onnxruntime {ort.version}")
    return _join(parts) or tr("not installed"), _rows(("tensorrt", _package_line("tensorrt", trt)),
                                   ("TensorRT distributions", trt.details.get("distributions")),
                                   ("onnx", _package_line("onnx", onnx)), ("onnxruntime", _package_line("onnxruntime", ort)),
                                   ("onnxruntime providers", ort.details.get("providers")))


def _ultralytics(facts: Facts) -> tuple[Optional[str], Rows]:
    u = facts.package("ultralytics")
    if u.status is None:
        dist = facts.distribution("ultralytics")
        line = None if not facts.python.distributions else (tr("not installed") if dist is None else dist.version)
    else:
        line = _package_line("ultralytics", u)
        if u.status == "ok" and u.details.get("install_kind") not in (None, "wheel"):
            line += f" ({u.details['install_kind']})"
    return line, _rows(("ultralytics", u.version), ("installed as", u.details.get("install_kind")),
                       ("location", u.location), ("model families", u.details.get("model_dirs")),
                       ("settings", facts.env.ultralytics_settings or None))


def _packages(facts: Facts) -> tuple[Optional[str], Rows]:
    py = facts.python
    parts = [f"Python {py.version}"] if py.version else []
    numpy, cv2 = facts.package("numpy"), facts.package("cv2")
    if numpy.status:
        parts.append(f"numpy {_package_line('numpy', numpy)}")
    if cv2.status:
        parts.append(f"{cv2.distribution or 'opencv'} {_package_line('cv2', cv2)}")
    rows = _rows(("python", py.executable), ("version", py.version), ("selected by", py.selected_by),
                 ("environment", tr("conda env {name}", name=py.conda_env) if py.conda_env else
                  ("venv" if py.is_venv else tr("system / base"))),
                 ("pip", py.pip_version), ("uv", py.uv_version), ("pip index-url", py.pip_config.index_url or "PyPI"),
                 ("extra index urls", py.pip_config.extra_index_urls or tr("none")),
                 ("distributions", len(py.distributions)),
                 ("duplicates", [f"{d.name} {'/'.join(d.versions)}" for d in py.duplicates] or tr("none")),
                 ("numpy", _package_line("numpy", numpy)), ("cv2", _package_line("cv2", cv2)),
                 ("OpenCV distributions", cv2.details.get("distributions")))
    return (_join(parts) or None), rows


def _system(facts: Facts) -> tuple[Optional[str], Rows]:
    host = facts.host
    parts = []
    if host.container:
        parts.append(tr("{container} container", container=host.container))
    if host.shm_total_bytes is not None:
        parts.append(f"/dev/shm {_size(host.shm_total_bytes)}")
    if host.memory_available_bytes is not None:
        parts.append(tr("RAM {size} free", size=_size(host.memory_available_bytes)))
    frees = [d.free_bytes for d in host.disks if d.free_bytes is not None]
    if frees:
        parts.append(tr("disk {size} free", size=_size(min(frees))))
    rows = _rows(("OS", " ".join(filter(None, [host.os, host.distro, host.arch])) or None), ("kernel", host.kernel),
                 ("CPUs", host.cpu_count), ("container", host.container or tr("none seen")),
                 ("container evidence", host.container_evidence or None), ("/dev/shm", _size(host.shm_total_bytes)),
                 ("memory", tr("{free} free of {total}", free=_size(host.memory_available_bytes),
                                total=_size(host.memory_total_bytes)) if host.memory_total_bytes else None))
    rows += [(tr("disk ({purpose})", purpose=d.purpose), tr("{free} free at {path}", free=_size(d.free_bytes), path=d.path))
             for d in host.disks]
    return (_join(parts) or None), rows


def _network(facts: Facts) -> tuple[Optional[str], Rows]:
    from ..diagnose.network_common import usable  # one definition of "answers", shared with the rules

    net = facts.network
    if net.status != "ok" or not net.endpoints:
        return None, _rows(("status", net.status or tr("not probed")))
    parts = []
    for kind in dict.fromkeys(e.kind for e in net.endpoints):
        probed = [e for e in net.endpoints if e.kind == kind and e.status != "skipped"]
        in_effect = [e for e in probed if e.role == "configured" and e.setting != "pip extra-index-url"] or \
            [e for e in probed if e.role == "default"]
        if not probed:
            continue
        if in_effect and all(usable(e) for e in in_effect):
            state = (tr("ok {ms} ms", ms=f"{in_effect[0].latency_ms:.0f}") if in_effect[0].latency_ms is not None
                     else tr("ok"))
        elif any(usable(e) for e in probed):
            state = tr("only a mirror answers")
        else:
            state = tr("unreachable")
        fastest = _fastest_mirror(probed) if net.region else None
        if fastest is not None:  # in China, the mirror to use is part of the headline
            state += tr(" (fastest mirror: {name} {ms} ms)", name=fastest.name, ms=f"{fastest.latency_ms:.0f}")
        parts.append(f"{kind} {state}")  # kind is an id (pypi, huggingface): kept
    rows = [(f"{e.kind} ({e.role})", f"{e.status} {e.url}" + (f" {e.latency_ms:.0f} ms" if e.latency_ms else "")
             + (f" {e.throughput_kbs:.0f} kB/s" if e.throughput_kbs else "") + (f" via {e.proxy}" if e.proxy else "")
             + (f" ({e.error})" if e.error else ""))
            for e in net.endpoints]
    region = f"{net.region} ({net.region_reason})" if net.region else None
    return _join(parts), rows + _rows(("region", region), ("proxy in use", net.proxy_in_use),
                                      ("HF_ENDPOINT", facts.env.hf_endpoint),
                                      ("probed in", tr("{seconds} s of {limit} s", seconds=f"{net.seconds:.2f}",
                                                       limit=f"{net.timeout_s:g}")
                                       if net.seconds is not None and net.timeout_s else None))


def _fastest_mirror(probed: list) -> Optional[Any]:
    """The mirror of one kind that answered usably with the lowest latency (measured, never assumed)."""
    from ..diagnose.network_common import usable

    answering = [e for e in probed if e.role == "mirror" and usable(e) and e.latency_ms is not None]
    return min(answering, key=lambda e: e.latency_ms) if answering else None


SUMMARIES: dict[str, Callable[[Facts], tuple[Optional[str], Rows]]] = {
    "driver": _driver, "cuda": _cuda, "torch": _torch, "torchvision": _torchvision, "cudnn": _cudnn,
    "flash_attn": _flash_attn, "tensorrt": _tensorrt, "ultralytics": _ultralytics, "packages": _packages,
    "system": _system, "network": _network,
}


def summarize(area: str, facts: Facts) -> tuple[Optional[str], Rows]:
    """(one-line summary or None when nothing is known, every fact row) for one area."""
    return SUMMARIES[area](facts)
