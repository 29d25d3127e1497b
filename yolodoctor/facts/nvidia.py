"""NVIDIA driver and GPUs: sysfs, /proc, NVML, then nvidia-smi.

The driver version is taken from the first source that answers, in the
order the kernel module, NVML (user-space library) and nvidia-smi; every
version seen is kept so a kernel/user-space mismatch can be diagnosed.
"""

from __future__ import annotations

import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Optional

from .model import ERROR, MISSING, OK, Command, Gpu, GpuProcess, Nvidia
from .runner import run, tail
from .system import SystemView

SMI_QUERY = "index,name,uuid,pci.bus_id,memory.total,memory.free,driver_version,mig.mode.current,compute_cap"
SMI_QUERY_OLD = "index,name,uuid,pci.bus_id,memory.total,memory.free,driver_version"  # before compute_cap existed
SMI_APPS_QUERY = "gpu_uuid,pid,process_name,used_memory"
_VERSION = r"([0-9]+\.[0-9]+(?:\.[0-9]+)?)"


def collect_nvidia(view: SystemView) -> Nvidia:
    nv = Nvidia()
    env = view.env
    nv.cuda_visible_devices = env.get("CUDA_VISIBLE_DEVICES")
    nv.nvidia_visible_devices = env.get("NVIDIA_VISIBLE_DEVICES")
    nv.nvidia_driver_capabilities = env.get("NVIDIA_DRIVER_CAPABILITIES")
    _kernel_side(view, nv)
    if view.is_real_root:
        _nvml(nv)
    else:
        library = _root_nvml_library(view)
        if library is None:
            nv.nvml_status = MISSING
            nv.nvml_error = "libnvidia-ml.so.1 is not installed under the machine root"
        else:
            _nvml(nv, library)
    if not nv.gpus or nv.cuda_driver_version is None or nv.driver_version is None:
        _nvidia_smi(view, nv)
    if nv.driver_version is None:
        for source in ("nvml", "nvidia-smi"):
            if source in nv.driver_versions_seen:
                nv.driver_version = nv.driver_versions_seen[source]
                nv.driver_version_source = source
                break
    return nv


def _kernel_side(view: SystemView, nv: Nvidia) -> None:
    sys_version = (view.read_text("/sys/module/nvidia/version") or "").strip()
    if re.fullmatch(_VERSION, sys_version):
        nv.driver_versions_seen["/sys/module/nvidia/version"] = sys_version
    proc_text = view.read_text("/proc/driver/nvidia/version") or ""
    match = re.search(r"Kernel Module(?:\s+for\s+\S+)?\s+" + _VERSION, proc_text)
    if match:
        nv.driver_versions_seen["/proc/driver/nvidia/version"] = match.group(1)
    for source in ("/sys/module/nvidia/version", "/proc/driver/nvidia/version"):
        if source in nv.driver_versions_seen:
            nv.driver_version = nv.driver_versions_seen[source]
            nv.driver_version_source = source
            break
    modules = view.read_text("/proc/modules")
    if view.exists("/sys/module/nvidia") or (modules and re.search(r"^nvidia ", modules, re.M)):
        nv.kernel_module_loaded = True
    elif modules is not None or view.exists("/sys/module"):
        nv.kernel_module_loaded = False
    if view.exists("/sys/module/nouveau") or (modules and re.search(r"^nouveau ", modules, re.M)):
        nv.nouveau_loaded = True
    elif modules is not None or view.exists("/sys/module"):
        nv.nouveau_loaded = False
    try:
        nv.device_nodes = sorted("/dev/" + p.name for p in view.path("/dev").glob("nvidia*"))
    except OSError:
        nv.device_nodes = []


# Where NVIDIA's installers put the NVML library (Debian/Ubuntu, RHEL, WSL2, others).
NVML_LIBRARY_DIRS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib/wsl/lib",
                     "/usr/lib")


NVML_SONAME = "libnvidia-ml.so.1"


def _root_nvml_library(view: SystemView) -> Optional[str]:
    """The machine's own libnvidia-ml.so.1 when the machine is not this one
    (a root other than /): NVML must answer for that machine, never for the
    host yolodoctor happens to run on."""
    for directory in NVML_LIBRARY_DIRS:
        candidate = view.path(directory) / NVML_SONAME
        if candidate.is_file():
            return str(candidate)
    return None


def _nvml(nv: Nvidia, library: Optional[str] = None) -> None:
    if library is None and sys.platform.startswith("linux"):
        # pynvml's bindings take ~20 ms to import; on a machine without the driver's library
        # (a CPU runner, a container started without the GPU) ask the loader first, the way
        # pynvml itself would on Linux, and say the same.
        try:
            import ctypes

            ctypes.CDLL(NVML_SONAME)
        except OSError as exc:
            nv.nvml_status, nv.nvml_error = MISSING, f"NVML Shared Library Not Found ({exc})"
            return
    try:
        import pynvml
    except Exception as exc:  # nvidia-ml-py not importable
        nv.nvml_status, nv.nvml_error = MISSING, f"nvidia-ml-py unavailable: {exc}"
        return
    if library is not None:
        try:
            import ctypes

            # Loaded by path first, pynvml's dlopen("libnvidia-ml.so.1") finds this one by its soname.
            ctypes.CDLL(library, mode=getattr(ctypes, "RTLD_GLOBAL", 0))
        except OSError as exc:
            nv.nvml_status, nv.nvml_error = ERROR, f"{library}: {exc}"
            return
    try:
        pynvml.nvmlInit()
    except Exception as exc:
        text = _nvml_error_text(pynvml, exc)
        not_found = getattr(exc, "value", None) == getattr(pynvml, "NVML_ERROR_LIBRARY_NOT_FOUND", 12)
        nv.nvml_status = MISSING if not_found or "Library Not Found" in text else ERROR
        nv.nvml_error = text
        return
    try:
        nv.nvml_status = OK
        version = _decode(pynvml.nvmlSystemGetDriverVersion())
        nv.driver_versions_seen["nvml"] = version
        try:
            cuda = pynvml.nvmlSystemGetCudaDriverVersion_v2()
            nv.cuda_driver_version = f"{cuda // 1000}.{(cuda % 1000) // 10}"
            nv.cuda_driver_version_source = "nvml"
        except Exception:
            pass
        gpus = []
        for index in range(pynvml.nvmlDeviceGetCount()):
            handle = pynvml.nvmlDeviceGetHandleByIndex(index)
            gpu = Gpu(index=index, name=_decode(pynvml.nvmlDeviceGetName(handle)))
            for attr, call in (("uuid", pynvml.nvmlDeviceGetUUID),):
                try:
                    setattr(gpu, attr, _decode(call(handle)))
                except Exception:
                    pass
            try:
                gpu.pci_bus_id = _decode(pynvml.nvmlDeviceGetPciInfo(handle).busId)
            except Exception:
                pass
            try:
                major, minor = pynvml.nvmlDeviceGetCudaComputeCapability(handle)
                gpu.compute_capability = f"{major}.{minor}"
            except Exception:
                pass
            try:
                mem = pynvml.nvmlDeviceGetMemoryInfo(handle)
                gpu.memory_total_mib = int(mem.total // 2 ** 20)
                gpu.memory_free_mib = int(mem.free // 2 ** 20)
            except Exception:
                pass
            try:
                current, _pending = pynvml.nvmlDeviceGetMigMode(handle)
                gpu.mig_mode = "enabled" if current else "disabled"
            except Exception:
                pass
            try:
                for proc in pynvml.nvmlDeviceGetComputeRunningProcesses(handle):
                    used = getattr(proc, "usedGpuMemory", None)
                    gpu.processes.append(GpuProcess(pid=proc.pid, used_mib=int(used // 2 ** 20) if used else None))
            except Exception:
                pass
            gpus.append(gpu)
        nv.gpus, nv.gpus_source = gpus, "nvml"
    except Exception as exc:
        nv.nvml_status, nv.nvml_error = ERROR, _nvml_error_text(pynvml, exc)
    finally:
        try:
            pynvml.nvmlShutdown()
        except Exception:
            pass


def _nvml_error_text(pynvml, exc: Exception) -> str:
    """The library's own words for an NVML error ("Driver/library version
    mismatch", as nvidia-smi prints them); nvidia-ml-py's text otherwise."""
    code = getattr(exc, "value", None)
    if isinstance(code, int):
        try:
            return _decode(pynvml.nvmlErrorString(code))
        except Exception:
            pass
    return str(exc) or type(exc).__name__


def _decode(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


WSL_LIB_DIR = "/usr/lib/wsl/lib"  # WSL 2 mounts the Windows driver's libraries and nvidia-smi here


def _wsl_nvidia_smi(view: SystemView) -> Optional[str]:
    """WSL's nvidia-smi, which is not on PATH in every distribution."""
    candidate = view.path(WSL_LIB_DIR) / "nvidia-smi"
    return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None


def _nvidia_smi(view: SystemView, nv: Nvidia) -> None:
    path = view.which("nvidia-smi") or _wsl_nvidia_smi(view)
    if path is None:
        nv.nvidia_smi = Command(status=MISSING)
        return
    timeout = view.command_timeout
    with ThreadPoolExecutor(max_workers=3) as pool:
        query = pool.submit(run, [path, f"--query-gpu={SMI_QUERY}", "--format=csv,noheader,nounits"],
                            timeout, view.env)
        plain = pool.submit(run, [path], timeout, view.env)
        apps = pool.submit(run, [path, f"--query-compute-apps={SMI_APPS_QUERY}", "--format=csv,noheader,nounits"],
                           timeout, view.env)
        query_result, plain_result, apps_result = query.result(), plain.result(), apps.result()
    if query_result.ok is False and "compute_cap" in (query_result.stdout + query_result.stderr):
        query_result = run([path, f"--query-gpu={SMI_QUERY_OLD}", "--format=csv,noheader,nounits"],
                           timeout, view.env)
    worst = query_result if not query_result.ok else plain_result
    nv.nvidia_smi = Command(path=path, status=worst.status, exit_code=worst.exit_code,
                            seconds=round(max(query_result.seconds, plain_result.seconds), 3),
                            error=None if worst.ok else tail(worst.stdout + "\n" + worst.stderr, 2000)
                            or worst.error)
    if not worst.ok:  # nvidia-smi of a mismatched driver names its own (user-space) NVML version
        match = re.search(r"NVML library version:\s*" + _VERSION, worst.stdout + "\n" + worst.stderr)
        if match:
            nv.driver_versions_seen.setdefault("nvidia-smi", match.group(1))
    if plain_result.ok:
        match = re.search(r"CUDA Version:\s*" + _VERSION, plain_result.stdout)
        if match and nv.cuda_driver_version is None:
            nv.cuda_driver_version = match.group(1)
            nv.cuda_driver_version_source = "nvidia-smi"
        match = re.search(r"Driver Version:\s*" + _VERSION, plain_result.stdout)
        if match:
            nv.driver_versions_seen.setdefault("nvidia-smi", match.group(1))
    if query_result.ok and not nv.gpus:
        gpus = [g for g in (_parse_query_line(line) for line in query_result.stdout.splitlines()) if g]
        if gpus:
            nv.gpus, nv.gpus_source = gpus, "nvidia-smi"
            if apps_result.ok:
                _add_processes(gpus, apps_result.stdout)
        versions = [v.strip() for line in query_result.stdout.splitlines()
                    for v in line.split(",")[6:7] if re.fullmatch(_VERSION, v.strip())]
        if versions:
            nv.driver_versions_seen.setdefault("nvidia-smi", versions[0])


def _int(text: str) -> Optional[int]:
    try:
        return int(float(text))
    except ValueError:
        return None


def _parse_query_line(line: str) -> Optional[Gpu]:
    parts = [p.strip() for p in line.split(",")]
    if len(parts) < 7 or not parts[0].isdigit():
        return None
    gpu = Gpu(index=int(parts[0]), name=parts[1] or None, uuid=parts[2] or None, pci_bus_id=parts[3] or None,
              memory_total_mib=_int(parts[4]), memory_free_mib=_int(parts[5]))
    if len(parts) >= 9:
        mig = parts[7].lower()
        gpu.mig_mode = mig if mig in ("enabled", "disabled") else None
        if re.fullmatch(r"\d+\.\d+", parts[8]):
            gpu.compute_capability = parts[8]
    return gpu


def _add_processes(gpus: list[Gpu], text: str) -> None:
    """`--query-compute-apps` lines (gpu_uuid, pid, name, MiB) onto their GPUs."""
    by_uuid = {g.uuid: g for g in gpus if g.uuid}
    for line in text.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 4 or parts[0] not in by_uuid or not parts[1].isdigit():
            continue
        name = ",".join(parts[2:-1]).strip()  # a process name may itself hold commas
        by_uuid[parts[0]].processes.append(
            GpuProcess(pid=int(parts[1]), name=name or None, used_mib=_int(parts[-1])))
