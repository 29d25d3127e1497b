"""The Facts document: everything collected about one machine and interpreter.

Facts are data only. Every field is optional: unknown stays ``None`` and is
never guessed, so a live machine, a facts file from elsewhere and a pasted
report all fit the same shape. The document is versioned by ``SCHEMA``;
docs/facts.md describes every field.
"""

from __future__ import annotations

from functools import lru_cache
import dataclasses
import math
import sys
import typing
from dataclasses import dataclass, field
from typing import Any, Optional

SCHEMA = "yolodoctor.facts/1"

# Outcomes of one probe or import, shared by every section.
OK = "ok"
MISSING = "missing"  # not installed / not found
ERROR = "error"  # ran, and reported an error (import raised, command failed)
CRASHED = "crashed"  # died on a signal (segfault, abort)
TIMEOUT = "timeout"  # did not answer within its time limit
SKIPPED = "skipped"  # deliberately not probed (--fast, not applicable)


@dataclass
class Command:
    """How one external command behaved."""

    path: Optional[str] = None
    status: Optional[str] = None
    exit_code: Optional[int] = None
    seconds: Optional[float] = None
    error: Optional[str] = None  # verbatim tail of stderr/stdout when it failed


@dataclass
class DiskSpace:
    purpose: str = ""  # cwd, hf_cache, torch_hub, ultralytics_weights, ...
    path: Optional[str] = None
    free_bytes: Optional[int] = None
    total_bytes: Optional[int] = None


@dataclass
class Host:
    os: Optional[str] = None  # Linux, Windows, Darwin
    distro: Optional[str] = None  # "Ubuntu 22.04.4 LTS"
    kernel: Optional[str] = None
    arch: Optional[str] = None  # x86_64, aarch64
    cpu_count: Optional[int] = None
    memory_total_bytes: Optional[int] = None
    memory_available_bytes: Optional[int] = None
    container: Optional[str] = None  # docker, podman, kubernetes, wsl2, lxc
    container_evidence: list[str] = field(default_factory=list)
    shm_total_bytes: Optional[int] = None
    disks: list[DiskSpace] = field(default_factory=list)


@dataclass
class GpuProcess:
    pid: Optional[int] = None
    name: Optional[str] = None
    used_mib: Optional[int] = None


@dataclass
class Gpu:
    index: Optional[int] = None
    name: Optional[str] = None
    uuid: Optional[str] = None
    pci_bus_id: Optional[str] = None
    compute_capability: Optional[str] = None  # "8.6"
    memory_total_mib: Optional[int] = None
    memory_free_mib: Optional[int] = None
    mig_mode: Optional[str] = None  # "enabled", "disabled", None when unsupported
    processes: list[GpuProcess] = field(default_factory=list)


@dataclass
class Nvidia:
    driver_version: Optional[str] = None
    driver_version_source: Optional[str] = None
    # Every place a driver version was read, for kernel vs user-space mismatch.
    driver_versions_seen: dict[str, str] = field(default_factory=dict)
    cuda_driver_version: Optional[str] = None  # highest CUDA the driver supports
    cuda_driver_version_source: Optional[str] = None
    kernel_module_loaded: Optional[bool] = None
    nouveau_loaded: Optional[bool] = None
    device_nodes: list[str] = field(default_factory=list)
    gpus: list[Gpu] = field(default_factory=list)
    gpus_source: Optional[str] = None
    nvml_status: Optional[str] = None
    nvml_error: Optional[str] = None  # verbatim, e.g. "Driver/library version mismatch"
    nvidia_smi: Command = field(default_factory=Command)
    cuda_visible_devices: Optional[str] = None
    nvidia_visible_devices: Optional[str] = None
    nvidia_driver_capabilities: Optional[str] = None


@dataclass
class Toolkit:
    path: Optional[str] = None  # the toolkit's own directory (symbolic links resolved)
    version: Optional[str] = None
    source: Optional[str] = None  # version.json, version.txt, include/cuda.h
    aliases: list[str] = field(default_factory=list)  # links that lead to it: /usr/local/cuda, $CUDA_HOME


@dataclass
class CudaToolkit:
    cuda_home: Optional[str] = None
    cuda_path: Optional[str] = None
    nvcc: Command = field(default_factory=Command)
    nvcc_version: Optional[str] = None  # "12.1"
    toolkits: list[Toolkit] = field(default_factory=list)
    ld_library_path_cuda_libs: list[str] = field(default_factory=list)
    conda_cudatoolkit: Optional[str] = None


@dataclass
class Distribution:
    name: str = ""
    version: Optional[str] = None
    location: Optional[str] = None
    installer: Optional[str] = None
    editable: Optional[bool] = None
    direct_url: Optional[str] = None  # redacted
    requires: list[str] = field(default_factory=list)
    conda_package: Optional[str] = None  # the conda package whose files hold this distribution (conda-meta)


@dataclass
class DuplicateDistribution:
    name: str = ""
    versions: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)


@dataclass
class PipConfig:
    index_url: Optional[str] = None  # redacted
    extra_index_urls: list[str] = field(default_factory=list)  # redacted
    find_links: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # the files/env vars consulted


@dataclass
class CondaPackage:
    """One conda-meta/<name>-<version>-<build>.json record of the inspected conda env."""

    name: str = ""
    version: Optional[str] = None
    build: Optional[str] = None  # "py3.11_cuda11.8_cudnn8.7.0_0", "py3.11_cpu_0"
    channel: Optional[str] = None  # redacted


@dataclass
class PythonEnv:
    executable: Optional[str] = None
    selected_by: Optional[str] = None  # --python, VIRTUAL_ENV, CONDA_PREFIX, current
    version: Optional[str] = None  # "3.11.7"
    implementation: Optional[str] = None
    platform: Optional[str] = None  # sysconfig platform, e.g. linux-x86_64
    prefix: Optional[str] = None
    base_prefix: Optional[str] = None
    is_venv: Optional[bool] = None
    conda_env: Optional[str] = None  # conda prefix when the target is a conda env
    user_site: Optional[str] = None
    user_site_enabled: Optional[bool] = None
    externally_managed: Optional[bool] = None
    pip_version: Optional[str] = None
    uv_version: Optional[str] = None
    pip_config: PipConfig = field(default_factory=PipConfig)
    distributions: list[Distribution] = field(default_factory=list)
    duplicates: list[DuplicateDistribution] = field(default_factory=list)
    conda_packages: list[CondaPackage] = field(default_factory=list)  # empty: not a conda env (or unreadable)


@dataclass
class TorchDevice:
    index: Optional[int] = None
    name: Optional[str] = None
    capability: Optional[str] = None  # "8.6"
    total_memory_bytes: Optional[int] = None


@dataclass
class Torch:
    status: Optional[str] = None  # ok, missing, error, crashed, timeout, skipped
    version: Optional[str] = None  # with local tag: "2.4.1+cu121"
    location: Optional[str] = None
    cuda: Optional[str] = None  # torch.version.cuda
    hip: Optional[str] = None
    git_version: Optional[str] = None
    cxx11_abi: Optional[bool] = None
    cuda_available: Optional[bool] = None
    device_count: Optional[int] = None
    devices: list[TorchDevice] = field(default_factory=list)
    arch_list: Optional[list[str]] = None
    cudnn_version: Optional[str] = None  # "9.1.0"; never set on a ROCm build (see miopen_version)
    miopen_version: Optional[str] = None  # ROCm builds: torch.backends.cudnn.version() is MIOpen's
    mps_built: Optional[bool] = None  # torch.backends.mps.is_built()
    mps_available: Optional[bool] = None  # torch.backends.mps.is_available()
    nccl_version: Optional[str] = None
    import_seconds: Optional[float] = None
    source: Optional[str] = None  # "import" or "metadata" (--fast)
    error: Optional[str] = None  # verbatim exception text
    signal: Optional[int] = None
    warnings: list[str] = field(default_factory=list)  # verbatim
    stderr: Optional[str] = None  # tail of what the import printed to stderr (NumPy ABI banner, crash dump)


@dataclass
class Package:
    """One importable package beside torch (torchvision, flash-attn, ...)."""

    status: Optional[str] = None
    version: Optional[str] = None
    distribution: Optional[str] = None
    location: Optional[str] = None
    error: Optional[str] = None
    signal: Optional[int] = None
    warnings: list[str] = field(default_factory=list)
    # Package-specific observations, documented per package in docs/facts.md
    # (torchvision: nms_ok; flash_attn: cuda_ext_ok, build tools; ...).
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class EnvSettings:
    hf_endpoint: Optional[str] = None
    hf_hub_offline: Optional[str] = None
    hf_home: Optional[str] = None
    hf_token_set: Optional[bool] = None  # presence only, never the value
    torch_home: Optional[str] = None
    proxies: dict[str, bool] = field(default_factory=dict)  # presence only
    no_proxy: Optional[str] = None
    pip_index_url: Optional[str] = None  # redacted
    pip_extra_index_url: Optional[str] = None  # redacted
    pytorch_cuda_alloc_conf: Optional[str] = None
    cuda_launch_blocking: Optional[str] = None
    ultralytics_settings_path: Optional[str] = None
    ultralytics_settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class EndpointProbe:
    kind: str = ""  # huggingface, pypi, pytorch_wheels, github_releases, modelscope
    name: str = ""
    url: str = ""  # redacted
    role: str = ""  # "configured", "default", "mirror"
    # ok, http_error, timeout, refused, dns, tls, proxy, redirect_loop, protocol, unsupported, error
    status: Optional[str] = None
    http_status: Optional[int] = None
    latency_ms: Optional[float] = None
    throughput_kbs: Optional[float] = None
    bytes_read: Optional[int] = None
    error: Optional[str] = None
    # Added by the network probe (docs/network.md): what exactly was requested and how it went.
    setting: Optional[str] = None  # for role "configured": HF_ENDPOINT, pip index-url, pip extra-index-url, ...
    probe_url: Optional[str] = None  # url + probe path, redacted
    final_url: Optional[str] = None  # after redirects, redacted
    redirects: Optional[int] = None
    proxy: Optional[str] = None  # proxy used for this request, redacted; None when direct
    stage: Optional[str] = None  # how far it got: dns, connect, proxy, tls, request, headers, body, done
    body_end: Optional[str] = None  # eof, cap (size cap reached), deadline, closed (cut short by the server)
    marker: Optional[str] = None  # freshness marker seen in the body ("pip 25.3", "sha 607a30d...")
    verified: Optional[bool] = None  # False when the mirror list marks this entry unverified


@dataclass
class LocalWeights:
    """Model weights already on disk, so a missing network can be judged."""

    cwd: Optional[str] = None
    cwd_weights: list[str] = field(default_factory=list)  # *.pt / *.onnx ... in the working directory
    ultralytics_weights_dir: Optional[str] = None  # SETTINGS["weights_dir"], when known
    ultralytics_weights: Optional[list[str]] = None  # None: directory unknown or unreadable
    hf_hub_cache: Optional[str] = None
    hf_cached_repos: Optional[list[str]] = None  # "models/org/name", ...; None: cache unreadable


@dataclass
class Network:
    status: Optional[str] = None  # ok, skipped (offline)
    timeout_s: Optional[float] = None
    proxy_in_use: Optional[bool] = None
    endpoints: list[EndpointProbe] = field(default_factory=list)
    seconds: Optional[float] = None  # wall time spent probing
    error: Optional[str] = None  # why the endpoint list could not be read (configured endpoints are still probed)
    catalogue: Optional[str] = None  # the mirror list the endpoints came from
    # Download-related variables seen (offline switches, MODELSCOPE_DOMAIN, uv index...), values redacted.
    settings: dict[str, str] = field(default_factory=dict)
    local: LocalWeights = field(default_factory=LocalWeights)
    # "cn" when the language or the time zone says China (network/region.py), and why; else null.
    region: Optional[str] = None
    region_reason: Optional[str] = None


@dataclass
class Wsl:
    """Windows Subsystem for Linux: the GPU is the Windows driver's, served through /dev/dxg."""

    kernel: Optional[str] = None  # the kernel release when it names Microsoft's WSL kernel
    dxg: Optional[bool] = None  # /dev/dxg (the GPU paravirtualisation device)
    lib_dir: Optional[str] = None  # /usr/lib/wsl/lib when it exists
    lib_files: list[str] = field(default_factory=list)  # libcuda*, libnvidia-ml*, nvidia-smi found there
    windows_driver_version: Optional[str] = None  # "Driver Version" the WSL nvidia-smi / NVML report
    linux_driver_files: list[str] = field(default_factory=list)  # a Linux NVIDIA driver installed inside WSL


@dataclass
class Jetson:
    """NVIDIA Jetson (L4T): an integrated GPU driven by nvgpu, no desktop driver."""

    nv_tegra_release: Optional[str] = None  # first line of /etc/nv_tegra_release, verbatim
    l4t_version: Optional[str] = None  # "36.4.0" from "# R36 (release), REVISION: 4.0"
    jetpack_version: Optional[str] = None  # the nvidia-jetpack package in /var/lib/dpkg/status
    model: Optional[str] = None  # /proc/device-tree/model
    tegra_kernel: Optional[bool] = None  # the kernel release ends in -tegra
    nvgpu_loaded: Optional[bool] = None  # /sys/module/nvgpu or nvgpu in /proc/modules


@dataclass
class Rocm:
    """AMD GPUs through ROCm: the amdgpu driver's /dev/kfd and render nodes, the ROCm install."""

    kfd: Optional[bool] = None  # /dev/kfd
    render_nodes: list[str] = field(default_factory=list)  # /dev/dri/renderD*
    user: Optional[str] = None  # $USER, whose groups are read
    groups: list[str] = field(default_factory=list)  # groups of that user among render, video (/etc/group)
    rocm_version: Optional[str] = None  # /opt/rocm/.info/version
    gfx_targets: list[str] = field(default_factory=list)  # gfx_target_version of each KFD topology node
    hsa_override_gfx_version: Optional[str] = None  # $HSA_OVERRIDE_GFX_VERSION


@dataclass
class Platform:
    """Which platform the machine is, with the evidence for each (docs/facts.md, docs/platforms.md)."""

    macos_version: Optional[str] = None  # ProductVersion of /System/Library/CoreServices/SystemVersion.plist
    wsl: Optional[Wsl] = None  # None: no sign of WSL
    jetson: Optional[Jetson] = None  # None: no sign of a Jetson
    rocm: Optional[Rocm] = None  # None: no sign of an AMD GPU or ROCm
    evidence: list[str] = field(default_factory=list)


@dataclass
class ProbeError:
    probe: str = ""
    message: str = ""


@dataclass
class Facts:
    schema: str = SCHEMA
    collected_at: Optional[str] = None
    origin: Optional[str] = None  # live, facts-file, pasted
    yolodoctor_version: Optional[str] = None
    host: Host = field(default_factory=Host)
    nvidia: Nvidia = field(default_factory=Nvidia)
    cuda: CudaToolkit = field(default_factory=CudaToolkit)
    python: PythonEnv = field(default_factory=PythonEnv)
    torch: Torch = field(default_factory=Torch)
    packages: dict[str, Package] = field(default_factory=dict)
    env: EnvSettings = field(default_factory=EnvSettings)
    network: Network = field(default_factory=Network)
    platform: Platform = field(default_factory=Platform)
    probe_errors: list[ProbeError] = field(default_factory=list)

    def package(self, name: str) -> Package:
        """The named package's facts; an empty (unknown) record when absent."""
        return self.packages.get(name) or Package()

    def distribution(self, name: str) -> Optional[Distribution]:
        wanted = canonical_name(name)
        for dist in self.python.distributions:
            if canonical_name(dist.name) == wanted:
                return dist
        return None


@lru_cache(maxsize=4096)  # asked thousands of times per run for the same few hundred names
def canonical_name(name: str) -> str:
    """PEP 503 normalisation, so flash_attn, flash-attn and Flash.Attn match."""
    out = []
    previous_sep = False
    for ch in name.lower():
        if ch in "-_.":
            if not previous_sep:
                out.append("-")
            previous_sep = True
        else:
            out.append(ch)
            previous_sep = False
    return "".join(out)


def to_dict(obj: Any) -> Any:
    return dataclasses.asdict(obj)


class FactsFormatError(ValueError):
    """A facts document that cannot be read (wrong schema, wrong types)."""


_HINTS: dict[type, dict[str, Any]] = {}


def from_dict(cls: type, data: Any, where: str = "facts") -> Any:
    """Build dataclass ``cls`` from JSON data; unknown keys are ignored so a
    newer producer's document still loads, wrong types are reported by path."""
    if not isinstance(data, dict):
        raise FactsFormatError(f"{where}: expected an object, got {type(data).__name__}")
    hints = _HINTS.get(cls)
    if hints is None:  # resolving annotations is slow: once per class (a facts file has hundreds of records)
        hints = _HINTS[cls] = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name], f"{where}.{f.name}")
    return cls(**kwargs)


def _convert(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union:  # Optional[X]
        if value is None:
            return None
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], value, where)
    if dataclasses.is_dataclass(tp):
        return from_dict(tp, value, where)
    if origin is list:
        if not isinstance(value, list):
            raise FactsFormatError(f"{where}: expected a list")
        return [_convert(args[0], v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise FactsFormatError(f"{where}: expected an object")
        return {str(k): _convert(args[1], v, f"{where}.{k}") for k, v in value.items()}
    if tp is Any:
        return value
    if tp is float:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            raise FactsFormatError(f"{where}: expected a finite number")
        return float(value)
    if tp is bool and not isinstance(value, bool):
        raise FactsFormatError(f"{where}: expected true/false")
    if tp is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise FactsFormatError(f"{where}: expected an integer")
    if tp is str and not isinstance(value, str):
        raise FactsFormatError(f"{where}: expected a string")
    return value


def facts_from_dict(data: Any) -> Facts:
    if not isinstance(data, dict):
        raise FactsFormatError("a facts document must be a JSON object")
    schema = data.get("schema")
    if not isinstance(schema, str) or not schema.startswith("yolodoctor.facts/"):
        raise FactsFormatError(f"not a yolodoctor facts document (schema {schema!r})")
    major = schema.rsplit("/", 1)[-1]
    if major != SCHEMA.rsplit("/", 1)[-1]:
        raise FactsFormatError(f"facts schema {schema} is not supported (expected {SCHEMA})")
    return from_dict(Facts, data)
