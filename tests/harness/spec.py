"""What a scenario declares: a machine and a Python environment, as data.

Nothing here touches the disk; ``materialise`` (see build.py) turns a
Scenario into real files, executables and interpreters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional


# ------------------------------------------------------------- behaviour ---

@dataclass(frozen=True)
class Behaviour:
    """What happens at one point of a stand-in (an import, a call).

    In order: ``stdout`` and ``stderr`` are written, each of ``warnings`` is
    issued as a UserWarning, then the stand-in raises, crashes (SIGSEGV) or
    hangs if told to, else carries on.
    """

    stdout: str = ""
    stderr: str = ""
    warnings: tuple[str, ...] = ()
    raises: Optional[tuple[str, str]] = None  # (builtin exception class name, message)
    crash: bool = False
    hang: bool = False


FINE = Behaviour()
SEGFAULT = Behaviour(crash=True)
HANG = Behaviour(hang=True)


def raises(exception: str, message: str, stderr: str = "") -> Behaviour:
    return Behaviour(stderr=stderr, raises=(exception, message))


def warns(*texts: str) -> Behaviour:
    return Behaviour(warnings=tuple(texts))


# ------------------------------------------------------------ stand-ins ---

@dataclass(frozen=True)
class TorchDevice:
    """A device as torch reports it (get_device_properties)."""

    name: str
    capability: str  # "8.6"
    total_memory_bytes: int


@dataclass(frozen=True)
class TorchBuild:
    """A torch build and how it behaves on this machine."""

    cuda: Optional[str] = None  # torch.version.cuda
    hip: Optional[str] = None
    git_version: str = "0" * 40
    cxx11_abi: bool = False
    arch_list: tuple[str, ...] = ()
    # Releases before 2.6 returned [] from get_arch_list() when CUDA was not available.
    arch_list_needs_cuda: bool = True
    cudnn: Optional[int] = None  # as torch.backends.cudnn.version() returns it: 8902, 90100
    nccl: Optional[tuple[int, int, int]] = None
    numpy_abi: Optional[int] = None  # built against NumPy N: meets NumPy 2 like the real builds do
    cuda_available: bool = False
    devices: Optional[tuple[TorchDevice, ...]] = None  # None: the machine's GPUs, when cuda_available
    on_import: Behaviour = FINE
    on_is_available: Behaviour = FINE  # warnings here come from torch._C._cuda_getDeviceCount
    on_device_properties: Behaviour = FINE  # CUDA lazy init: where the sm_XX warning appears
    mps_built: Optional[bool] = None  # torch.backends.mps.is_built(); None: no torch.backends.mps (old torch)
    mps_available: bool = False


@dataclass(frozen=True)
class TorchvisionBuild:
    on_import: Behaviour = FINE
    cuda_kernels: bool = True  # False: a CPU-only build (nms has no CUDA backend)


@dataclass(frozen=True)
class FlashAttnBuild:
    on_extension_import: Behaviour = FINE  # import flash_attn_2_cuda


@dataclass(frozen=True)
class NumpyBuild:
    pass


@dataclass(frozen=True)
class OnnxruntimeBuild:
    providers: tuple[str, ...] = ("CPUExecutionProvider",)
    on_import: Behaviour = FINE


@dataclass(frozen=True)
class UltralyticsTree:
    model_dirs: tuple[str, ...] = ("v3", "v5", "v6", "v8")
    git_checkout: Optional[str] = None  # directory name of a git checkout it is imported from (editable install)


@dataclass(frozen=True)
class Module:
    """A plain importable stand-in: ``name`` with ``__version__`` and a behaviour at import."""

    name: str
    version: Optional[str] = None
    on_import: Behaviour = FINE


# --------------------------------------------------------- distributions ---

@dataclass(frozen=True)
class Dist:
    """One installed distribution: dist-info plus the stand-in it provides."""

    name: str
    version: str
    standin: Any = None  # TorchBuild, TorchvisionBuild, Module, ... or None (metadata only)
    installer: str = "pip"
    requires: tuple[str, ...] = ()
    site: str = "env"  # env (the interpreter's site-packages) or user (~/.local)
    editable: bool = False  # installed with pip install -e from a checkout


@dataclass(frozen=True)
class PythonSpec:
    """The interpreter to inspect.

    kind: ``venv`` (python -m venv), ``system`` (a Python install of its own,
    user site enabled), ``conda`` (a system-like prefix with conda-meta/).
    select: how yolodoctor finds it: ``--python``, ``VIRTUAL_ENV`` or ``CONDA_PREFIX``.
    """

    kind: str = "venv"
    select: str = "--python"
    externally_managed: bool = False  # PEP 668 marker in the stdlib directory
    conda_packages: tuple[str, ...] = ()  # conda-meta entries, "cudatoolkit-11.8.0-h6a678d5_0"


# --------------------------------------------------------------- machine ---

@dataclass(frozen=True)
class GpuProcess:
    pid: int
    name: str
    used_mib: int


@dataclass(frozen=True)
class Gpu:
    name: str
    compute_capability: str  # "8.6"
    memory_total_mib: int
    memory_used_mib: int = 0
    mig: Optional[str] = None  # "Enabled" / "Disabled"; None where MIG is not supported
    processes: tuple[GpuProcess, ...] = ()
    bus_id: Optional[str] = None  # default 00000000:<index+1>:00.0


@dataclass(frozen=True)
class Driver:
    version: str  # the user-space driver (libnvidia-ml, nvidia-smi)
    cuda: str  # the highest CUDA it supports, as nvidia-smi prints it
    kernel_version: Optional[str] = None  # the loaded kernel module, when it differs (upgrade without reboot)
    open_kernel_module: bool = False
    in_proc: bool = True  # /proc/driver/nvidia/version present
    in_sysfs: bool = True  # /sys/module/nvidia/version present


@dataclass(frozen=True)
class NvidiaSmi:
    """How nvidia-smi behaves: ok, missing, mismatch, no_driver, no_devices,
    hang, garbage (binary junk), flood (10 MB of output)."""

    mode: str = "ok"
    legacy: bool = False  # before driver 510: no compute_cap query field, the old table


@dataclass(frozen=True)
class Machine:
    kernel: Optional[str] = "5.15.0-125-generic"
    distro: Optional[str] = "Ubuntu 22.04.5 LTS"
    memory_total_kib: int = 65_536_000
    memory_available_kib: int = 60_000_000
    driver: Optional[Driver] = None
    gpus: tuple[Gpu, ...] = ()
    nvidia_smi: NvidiaSmi = field(default_factory=NvidiaSmi)
    # libnvidia-ml.so.1 under the root: None (not installed, as in a container without the
    # utility capability), "ok", or how nvmlInit fails: "mismatch", "no_driver", "unknown".
    nvml: Optional[str] = None
    device_nodes: Optional[bool] = None  # None: present when a driver and GPUs are
    nouveau: bool = False
    container: Optional[str] = None  # docker, podman, kubernetes, wsl2
    shm_kib: Optional[int] = None  # size= of the /dev/shm mount; None: a host mount without size=
    toolkits: tuple[str, ...] = ()  # /usr/local/cuda-X.Y with version.json; /usr/local/cuda links to the first
    nvcc: Optional[str] = None  # nvcc on PATH, this release ("12.1")
    files: Mapping[str, str] = field(default_factory=dict)  # extra files under the root
    # WSL 2 (container="wsl2"): the GPU passed through (/dev/dxg, /usr/lib/wsl/lib with nvidia-smi), and
    # a Linux NVIDIA driver installed inside the distribution (its nvidia-smi then comes first on PATH).
    wsl_gpu: bool = True
    wsl_linux_driver: bool = False


@dataclass(frozen=True)
class Endpoint:
    """A download endpoint served on loopback while `check` runs (the scenario then runs with the network):
    kind as in compat/mirrors.toml (huggingface, pypi, ...); answers, or never answers (a blocked host)."""

    kind: str
    name: str
    answers: bool = True
    mirror: bool = False


# -------------------------------------------------------------- scenario ---

@dataclass(frozen=True)
class Scenario:
    name: str
    story: str  # what machine this is, in a sentence
    machine: Machine = field(default_factory=Machine)
    python: PythonSpec = field(default_factory=PythonSpec)
    dists: tuple[Dist, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    args: tuple[str, ...] = ()  # extra `yolodoctor facts` arguments (--timeout 3, --fast)
    home_files: Mapping[str, str] = field(default_factory=dict)  # files under $HOME
    expect: Mapping[str, Any] = field(default_factory=dict)  # facts path -> exact value (or a matcher)
    expected_findings: Optional[frozenset[str]] = None  # rule ids `check` must report (filled in later)
    network: tuple[Endpoint, ...] = ()  # served on loopback: `check` probes them instead of running --offline
