"""Facts of imagined machines for the pure diagnose tests: say what differs, the rest is a healthy default.

machine() describes a Linux box with the given GPUs, driver, torch and packages the way the
probes would report it (torch imported, NVML read). Pass None to leave a fact unknown.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from yolodoctor.diagnose.engine import diagnose, run
from yolodoctor.facts.model import (Command, CudaToolkit, Distribution, DuplicateDistribution, Facts, Gpu, GpuProcess,
                                    Host, Nvidia, Package, PythonEnv, Toolkit, Torch, TorchDevice)

GiB = 2 ** 30


def gpu(name: str, capability: Optional[str], total_mib: int = 24576, free_mib: Optional[int] = None,
        processes: int = 0, uuid: Optional[str] = None) -> Gpu:
    return Gpu(name=name, compute_capability=capability, memory_total_mib=total_mib,
               memory_free_mib=total_mib - 300 if free_mib is None else free_mib,
               processes=[GpuProcess(pid=1000 + i, used_mib=1000) for i in range(processes)], uuid=uuid)


RTX_4090 = ("NVIDIA GeForce RTX 4090", "8.9")
RTX_5090 = ("NVIDIA GeForce RTX 5090", "12.0")
GTX_1080 = ("NVIDIA GeForce GTX 1080", "6.1")
V100 = ("Tesla V100-SXM2-32GB", "7.0")
T4 = ("Tesla T4", "7.5")
A100 = ("NVIDIA A100-SXM4-80GB", "8.0")
H100 = ("NVIDIA H100 80GB HBM3", "9.0")


def pkg(version: Optional[str] = None, status: str = "ok", error: Optional[str] = None, **details: Any) -> Package:
    return Package(status=status, version=version, error=error, details=dict(details))


def missing() -> Package:
    return Package(status="missing", error="ModuleNotFoundError")


def _torch_cuda(version: Optional[str]) -> Optional[str]:
    if not version or "+cu" not in version:
        return None
    digits = version.split("+cu", 1)[1]
    return f"{int(digits[:-1])}.{digits[-1]}"


def machine(*, gpus: Sequence[Any] = (), driver: Optional[str] = None, cuda_driver: Optional[str] = None,
            torch: Optional[str] = "2.4.1+cu124", torch_cuda: Any = "auto", torch_status: str = "ok",
            torch_error: Optional[str] = None, torch_warnings: Sequence[str] = (), cuda_available: Any = "auto",
            arch_list: Optional[list[str]] = None, cudnn: Optional[str] = None, cxx11_abi: Optional[bool] = False,
            torch_source: str = "import", python: str = "3.11.7", os: str = "Linux", arch: str = "x86_64",
            container: Optional[str] = None, shm: Optional[int] = 32 * GiB, memory_available: int = 48 * GiB,
            nvcc: Optional[str] = None, toolkits: Sequence[tuple[str, str]] = (), cuda_home: Optional[str] = None,
            packages: Optional[dict[str, Package]] = None, dists: Optional[dict[str, str]] = None,
            selected_by: str = "VIRTUAL_ENV", nvidia_probed: bool = True, **nvidia: Any) -> Facts:
    gpu_list = [g if isinstance(g, Gpu) else gpu(*g) for g in gpus]
    for index, g in enumerate(gpu_list):
        g.index = index
    present = bool(gpu_list or driver)
    nv = Nvidia(driver_version=driver, driver_version_source="/sys/module/nvidia/version" if driver else None,
                driver_versions_seen={"/sys/module/nvidia/version": driver, "nvml": driver} if driver else {},
                cuda_driver_version=cuda_driver, gpus=gpu_list, gpus_source="nvml" if gpu_list else None)
    if nvidia_probed:
        nv.kernel_module_loaded = present
        nv.nouveau_loaded = False
        nv.nvml_status = "ok" if present else "missing"
        nv.nvml_error = None if present else "NVML Shared Library Not Found"
        nv.nvidia_smi = Command(path="/usr/bin/nvidia-smi", status="ok", exit_code=0) if present else \
            Command(status="missing")
        nv.device_nodes = ["/dev/nvidia-uvm", "/dev/nvidia0", "/dev/nvidiactl"] if present else []
    for key, value in nvidia.items():
        setattr(nv, key, value)

    cuda = _torch_cuda(torch) if torch_cuda == "auto" else torch_cuda
    if torch_status == "missing":
        t = Torch(status="missing", source=torch_source)
    else:
        available = bool(cuda and gpu_list) if cuda_available == "auto" else cuda_available
        t = Torch(status=torch_status, version=torch, cuda=cuda, source=torch_source, error=torch_error,
                  warnings=list(torch_warnings), cxx11_abi=cxx11_abi, arch_list=arch_list, cudnn_version=cudnn,
                  cuda_available=available if torch_status == "ok" else None,
                  device_count=len(gpu_list) if available else 0)
        if available:
            t.devices = [TorchDevice(index=g.index, name=g.name, capability=g.compute_capability)
                         for g in gpu_list]

    toolkit_list = [Toolkit(path=path, version=version, source="version.json") for version, path in toolkits]
    if nvcc and not toolkit_list:
        toolkit_list = [Toolkit(path=f"/usr/local/cuda-{nvcc}", version=nvcc, source="version.json")]
    ct = CudaToolkit(cuda_home=cuda_home, nvcc=Command(path=f"/usr/local/cuda-{nvcc}/bin/nvcc", status="ok")
                     if nvcc else Command(status="missing"), nvcc_version=nvcc, toolkits=toolkit_list)

    all_packages = {"numpy": pkg("1.26.4"), "torchvision": missing(), "torchaudio": missing(),
                    "flash_attn": missing(), "cv2": missing(), "onnx": missing(), "onnxruntime": missing(),
                    "tensorrt": missing()}
    all_packages.update(packages or {})
    dist_versions = {"pip": "24.0", "numpy": all_packages["numpy"].version or "1.26.4", "psutil": "6.0.0"}
    if torch_status != "missing" and torch:
        dist_versions["torch"] = torch
    for name, p in all_packages.items():
        if p.status == "ok" and p.version and name not in ("cv2",):
            dist_versions.setdefault(name.replace("_", "-"), p.version)
    dist_versions.update(dists or {})
    py = PythonEnv(executable="/opt/venv/bin/python", selected_by=selected_by, version=python,
                   implementation="CPython", platform="linux-x86_64", prefix="/opt/venv", is_venv=True,
                   distributions=[Distribution(name=n, version=v) for n, v in sorted(dist_versions.items())])
    host = Host(os=os, arch=arch, distro="Ubuntu 22.04.4 LTS", cpu_count=16, memory_total_bytes=64 * GiB,
                memory_available_bytes=memory_available, container=container,
                container_evidence=["/.dockerenv exists"] if container else [], shm_total_bytes=shm)
    return Facts(origin="live", collected_at="2026-11-22T00:00:00+00:00", host=host, nvidia=nv, cuda=ct,
                 python=py, torch=t, packages=all_packages)


def ids(facts: Facts, **kwargs: Any) -> set[str]:
    """The ids of the findings (roots only), evaluating strictly so a predicate bug fails the test."""
    return {f.id for f in run(facts, strict=True, **kwargs).findings}


def finding(facts: Facts, rule_id: str, **kwargs: Any):
    found = [f for f in run(facts, strict=True, **kwargs).findings if f.id == rule_id]
    assert found, f"{rule_id} did not fire; got {[f.id for f in diagnose(facts, **kwargs)]}"
    return found[0]


def duplicate(name: str, versions: list[str], locations: list[str]) -> DuplicateDistribution:
    return DuplicateDistribution(name=name, versions=versions, locations=locations)
