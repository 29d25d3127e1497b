"""Machines off plain desktop Linux: WSL 2, Windows, Jetson, ROCm (AMD), macOS, conda.

Each is built with the real file layout of its platform (WSL's /dev/dxg and
/usr/lib/wsl/lib, a Jetson's /etc/nv_tegra_release and nvidia-jetpack dpkg
record, AMD's /dev/kfd and KFD topology, macOS' SystemVersion.plist, conda's
conda-meta records) and joins tests/scenarios.py's SCENARIOS, so the facts and
check tests run them like any other. FIX_TEXT says what each one's fixes must
and must never say (tests/test_platform_scenarios.py): no fix may name a wheel,
a driver command or a quoting that cannot work on that platform.
"""

from __future__ import annotations

from tests.harness import (Dist, Driver, Gpu, Machine, NumpyBuild, NvidiaSmi, PythonSpec, Scenario, TorchBuild,
                           TorchDevice, TorchvisionBuild, contains, raises, warns)
from tests.harness import texts

GIB = 2 ** 30
NUMPY = Dist("numpy", "1.26.4", NumpyBuild())
RTX_3060_LAPTOP = Gpu("NVIDIA GeForce RTX 3060 Laptop GPU", "8.6", 6144, memory_used_mib=700)
RTX_3090 = Gpu("NVIDIA GeForce RTX 3090", "8.6", 24576, memory_used_mib=300)
ARCH_CU12X = ("sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90")
WSL_KERNEL = "5.15.167.4-microsoft-standard-WSL2"


def torch_cu124(**kw) -> Dist:
    return Dist("torch", "2.5.1+cu124", TorchBuild(cuda="12.4", arch_list=ARCH_CU12X, cudnn=90100,
                                                    nccl=(2, 21, 5), **kw))


# ------------------------------------------------------------- WSL 2 -------
WSL = [
    Scenario(
        name="wsl2-windows-driver-too-old-for-cu124",
        story="WSL 2 on a laptop whose Windows driver (472.12, CUDA 11.4) is older than a cu124 torch needs.",
        machine=Machine(driver=Driver("472.12", "11.4", in_proc=False, in_sysfs=False), gpus=(RTX_3060_LAPTOP,),
                        container="wsl2", device_nodes=False, kernel=WSL_KERNEL, distro="Ubuntu 22.04.5 LTS"),
        dists=(torch_cu124(on_is_available=warns(texts.driver_too_old(11040))), NUMPY),
        expect={
            "platform.wsl.kernel": WSL_KERNEL,
            "platform.wsl.dxg": True,
            "platform.wsl.lib_dir": "/usr/lib/wsl/lib",
            "platform.wsl.windows_driver_version": "472.12",
            "platform.wsl.linux_driver_files": [],
            "nvidia.nvidia_smi.path": contains("/usr/lib/wsl/lib/nvidia-smi"),
            "nvidia.kernel_module_loaded": False,
        },
    ),
    Scenario(
        name="wsl2-windows-driver-between-linux-and-windows-minimum",
        story="WSL 2 with Windows driver 551.23: above CUDA 12.4's Linux driver (550.54.14), below its Windows "
              "driver (551.61), which is the one that counts.",
        machine=Machine(driver=Driver("551.23", "12.3", in_proc=False, in_sysfs=False), gpus=(RTX_3060_LAPTOP,),
                        container="wsl2", device_nodes=False, kernel=WSL_KERNEL, distro="Ubuntu 22.04.5 LTS"),
        dists=(torch_cu124(cuda_available=True), NUMPY),
        expect={"platform.wsl.windows_driver_version": "551.23", "nvidia.driver_version": "551.23"},
    ),
    Scenario(
        name="wsl2-gpu-not-passed-through",
        story="WSL 2 without GPU access (no /dev/dxg, no driver libraries in /usr/lib/wsl/lib) and a cu124 torch.",
        machine=Machine(container="wsl2", kernel=WSL_KERNEL, distro="Ubuntu 24.04.1 LTS", wsl_gpu=False,
                        nvidia_smi=NvidiaSmi(mode="missing")),
        dists=(torch_cu124(), NUMPY),
        expect={"platform.wsl.dxg": False, "platform.wsl.lib_dir": None, "nvidia.nvidia_smi.status": "missing"},
    ),
    Scenario(
        name="wsl2-linux-driver-installed-inside",
        story="WSL 2 where someone installed Ubuntu's NVIDIA driver inside the distribution: its nvidia-smi "
              "and libcuda shadow WSL's, and nvidia-smi cannot reach a driver.",
        machine=Machine(container="wsl2", kernel=WSL_KERNEL, distro="Ubuntu 22.04.5 LTS", wsl_linux_driver=True,
                        nvidia_smi=NvidiaSmi(mode="no_driver")),
        dists=(torch_cu124(), NUMPY),
        expect={
            "platform.wsl.linux_driver_files": ["/usr/lib/x86_64-linux-gnu/libcuda.so.1"],
            "platform.wsl.lib_files": ["libcuda.so", "libcuda.so.1", "libcuda.so.1.1", "libcuda_loader.so",
                                       "libdxcore.so", "libnvidia-ml_loader.so"],
            "platform.wsl.windows_driver_version": None,
            "nvidia.nvidia_smi.status": "error",
        },
    ),
]

# ----------------------------------------------------------- Windows -------
WINDOWS_ROOT = {"/Windows/System32/ntdll.dll": ""}
FBGEMM_126 = ('[WinError 126] The specified module could not be found. Error loading "C:\\Users\\me\\AppData\\Local'
              '\\Programs\\Python\\Python312\\Lib\\site-packages\\torch\\lib\\fbgemm.dll" or one of its dependencies.')
WINDOWS = [
    Scenario(
        name="windows-pip-default-cpu-torch-on-rtx3060",
        story="Windows 11 laptop: pip install torch gave the CPU-only wheel; driver 551.61 (CUDA 12.4).",
        machine=Machine(kernel=None, distro=None, driver=Driver("551.61", "12.4", in_proc=False, in_sysfs=False),
                        gpus=(RTX_3060_LAPTOP,), device_nodes=False, files=WINDOWS_ROOT),
        dists=(Dist("torch", "2.5.1+cpu", TorchBuild(cuda=None)), NUMPY),
        expect={"host.os": "Windows", "nvidia.driver_version": "551.61", "torch.cuda": None},
    ),
    Scenario(
        name="windows-torch-fbgemm-winerror-126",
        story="Windows: import torch fails with WinError 126 loading fbgemm.dll (the Visual C++ runtime's "
              "libomp140 is missing).",
        machine=Machine(kernel=None, distro=None, files=WINDOWS_ROOT),
        dists=(Dist("torch", "2.4.0", TorchBuild(cuda=None, on_import=raises("OSError", FBGEMM_126))), NUMPY),
        expect={"host.os": "Windows", "torch.status": "error"},
    ),
]

# ------------------------------------------------------------ Jetson -------
TEGRA_KERNEL = "5.15.148-tegra"


def jetson_files(revision: str = "4.0", jetpack: str = "6.1+b123") -> dict:
    """An Orin Nano developer kit as JetPack 6 lays it out."""
    return {
        "/etc/nv_tegra_release": f"# R36 (release), REVISION: {revision}, GCID: 37537400, BOARD: generic, "
                                 "EABI: aarch64, DATE: Fri Sep 13 04:36:44 UTC 2024\n"
                                 "# KERNEL_VARIANT: oot\nTARGET_USERSPACE_LIB_DIR=nvidia\n",
        "/proc/device-tree/model": "NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super\x00",
        "/sys/module/nvgpu/initstate": "live\n",
        "/var/lib/dpkg/status": "Package: nvidia-l4t-core\nStatus: install ok installed\nVersion: 36.4.0-20240912\n\n"
                                f"Package: nvidia-jetpack\nStatus: install ok installed\nVersion: {jetpack}\n\n",
    }


ORIN = Gpu("Orin (nvgpu)", "8.7", 7620)
JETSON = [
    Scenario(
        name="jetson-orin-pypi-cpu-torch",
        story="Jetson Orin Nano on JetPack 6.1: pip install torch gave PyPI's aarch64 wheel, which is CPU-only; "
              "JetPack's nvidia-smi is not installed.",
        machine=Machine(kernel=TEGRA_KERNEL, distro="Ubuntu 22.04.5 LTS", files=jetson_files()),
        dists=(Dist("torch", "2.5.1", TorchBuild(cuda=None)), NUMPY),
        expect={
            "platform.jetson.l4t_version": "36.4.0",
            "platform.jetson.jetpack_version": "6.1",
            "platform.jetson.tegra_kernel": True,
            "platform.jetson.nvgpu_loaded": True,
            "platform.jetson.model": "NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super",
        },
    ),
    Scenario(
        name="jetson-jetpack6-torch-healthy",
        story="Jetson Orin on JetPack 6.1 with NVIDIA's torch wheel: JetPack's nvidia-smi reports driver 540.4.0, "
              "which the desktop driver table must not judge.",
        machine=Machine(kernel=TEGRA_KERNEL, distro="Ubuntu 22.04.5 LTS", files=jetson_files(),
                        driver=Driver("540.4.0", "12.6", in_proc=False, in_sysfs=False), gpus=(ORIN,),
                        device_nodes=False),
        dists=(Dist("torch", "2.5.0a0+872d972e41.nv24.08",
                    TorchBuild(cuda="12.6", arch_list=("sm_87",), cudnn=90300, cuda_available=True,
                               devices=(TorchDevice("Orin", "8.7", 7 * GIB),))), NUMPY),
        expect={"platform.jetson.l4t_version": "36.4.0", "torch.cuda_available": True},
    ),
    Scenario(
        name="jetson-with-download-pytorch-org-wheel",
        story="Jetson Orin on JetPack 6.1 with a cu124 wheel from download.pytorch.org: it cannot reach the "
              "integrated GPU.",
        machine=Machine(kernel=TEGRA_KERNEL, distro="Ubuntu 22.04.5 LTS", files=jetson_files(),
                        driver=Driver("540.4.0", "12.6", in_proc=False, in_sysfs=False), gpus=(ORIN,),
                        device_nodes=False),
        dists=(torch_cu124(), NUMPY),
        expect={"platform.jetson.jetpack_version": "6.1", "torch.cuda_available": False},
    ),
]

# -------------------------------------------------------------- ROCm -------


def amd_files(target: int = 110000, groups: bool = True) -> dict:
    """An AMD GPU under ROCm: /dev/kfd, a render node, the KFD topology (a CPU node and a GPU node)."""
    members = "alice" if groups else "bob"
    return {
        "/dev/kfd": "",
        "/dev/dri/renderD128": "",
        "/dev/dri/card0": "",
        "/opt/rocm/.info/version": "6.2.4-120\n",
        "/sys/class/kfd/kfd/topology/nodes/0/properties": "cpu_cores_count 16\nsimd_count 0\n"
                                                          "gfx_target_version 0\n",
        "/sys/class/kfd/kfd/topology/nodes/1/properties": "cpu_cores_count 0\nsimd_count 192\n"
                                                          f"gfx_target_version {target}\nvendor_id 4098\n",
        "/etc/group": f"root:x:0:\nvideo:x:44:{members}\nrender:x:110:{members}\nalice:x:1000:\n",
    }


def torch_rocm(**kw) -> Dist:
    return Dist("torch", "2.5.1+rocm6.2", TorchBuild(hip="6.2.41133-dd7f95766", cudnn=3002000, **kw))


RX_7900 = TorchDevice("AMD Radeon RX 7900 XTX", "11.0", 24 * GIB)
ROCM = [
    Scenario(
        name="rocm-rx7900-healthy",
        story="Ubuntu with ROCm 6.2 and an RX 7900 XTX (gfx1100); torch 2.5.1+rocm6.2 sees it.",
        machine=Machine(files=amd_files()),
        env={"USER": "alice"},
        dists=(torch_rocm(cuda_available=True, devices=(RX_7900,)), NUMPY),
        expect={
            "torch.hip": "6.2.41133-dd7f95766",
            "torch.miopen_version": "3.2.0",
            "torch.cudnn_version": None,
            "platform.rocm.kfd": True,
            "platform.rocm.gfx_targets": ["gfx1100"],
            "platform.rocm.rocm_version": "6.2.4-120",
            "platform.rocm.render_nodes": ["/dev/dri/renderD128"],
            "platform.rocm.groups": ["render", "video"],
        },
    ),
    Scenario(
        name="rocm-torchvision-for-another-torch",
        story="An RX 7900 XTX whose torch 2.5.1+rocm6.2 sees it, beside torchvision 0.19.1+rocm6.1 (the pair of "
              "torch 2.4.1): the pair comes from the ROCm index, never from a CUDA one.",
        machine=Machine(files=amd_files()),
        env={"USER": "alice"},
        dists=(torch_rocm(cuda_available=True, devices=(RX_7900,)),
               Dist("torchvision", "0.19.1+rocm6.1", TorchvisionBuild()), NUMPY),
        expect={"packages.torchvision.version": "0.19.1+rocm6.1", "platform.rocm.gfx_targets": ["gfx1100"]},
    ),
    Scenario(
        name="rocm-gfx1031-user-not-in-render-group",
        story="An RX 6700 XT (gfx1031, not a ROCm target) whose user is in neither render nor video: the ROCm "
              "torch sees no GPU.",
        machine=Machine(files=amd_files(target=100301, groups=False)),
        env={"USER": "alice"},
        dists=(torch_rocm(), NUMPY),
        expect={"platform.rocm.gfx_targets": ["gfx1031"], "platform.rocm.groups": [],
                "torch.cuda_available": False},
    ),
    Scenario(
        name="rocm-torch-on-nvidia-machine",
        story="An RTX 3090 workstation where a ROCm wheel of torch was installed by mistake.",
        machine=Machine(driver=Driver("550.127.05", "12.4"), gpus=(RTX_3090,)),
        dists=(torch_rocm(), NUMPY),
        expect={"torch.hip": "6.2.41133-dd7f95766", "platform.rocm": None},
    ),
    Scenario(
        name="amd-gpu-with-cpu-torch",
        story="An RX 7900 XTX with ROCm installed but a CPU-only torch.",
        machine=Machine(files=amd_files()),
        env={"USER": "alice"},
        dists=(Dist("torch", "2.5.1+cpu", TorchBuild(cuda=None)), NUMPY),
        expect={"platform.rocm.gfx_targets": ["gfx1100"], "torch.hip": None},
    ),
]

# ------------------------------------------------------------- macOS -------
PLIST = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
         '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n'
         '\t<key>ProductBuildVersion</key>\n\t<string>24B83</string>\n'
         '\t<key>ProductName</key>\n\t<string>macOS</string>\n'
         '\t<key>ProductVersion</key>\n\t<string>15.1</string>\n</dict>\n</plist>\n')
MAC_ROOT = {"/System/Library/CoreServices/SystemVersion.plist": PLIST}
MACOS = [
    Scenario(
        name="macos-apple-silicon-mps",
        story="A MacBook Pro (Apple silicon, macOS 15.1) with PyPI's torch 2.5.1: MPS is built and available.",
        machine=Machine(kernel=None, distro=None, files=MAC_ROOT),
        dists=(Dist("torch", "2.5.1", TorchBuild(cuda=None, mps_built=True, mps_available=True)),
               Dist("torchvision", "0.20.1", TorchvisionBuild(cuda_kernels=False)), NUMPY),
        expect={"host.os": "Darwin", "platform.macos_version": "15.1", "torch.mps_built": True,
                "torch.mps_available": True},
    ),
    Scenario(
        name="macos-torchvision-for-another-torch",
        story="A Mac with torch 2.5.1 and torchvision 0.19.1 (the pair of torch 2.4.1).",
        machine=Machine(kernel=None, distro=None, files=MAC_ROOT),
        dists=(Dist("torch", "2.5.1", TorchBuild(cuda=None, mps_built=True, mps_available=True)),
               Dist("torchvision", "0.19.1", TorchvisionBuild(cuda_kernels=False)), NUMPY),
        expect={"host.os": "Darwin", "packages.torchvision.version": "0.19.1"},
    ),
    Scenario(
        name="macos-x86-python-mps-unavailable",
        story="An Apple silicon Mac running an x86_64 Python under Rosetta: torch has MPS but it is unavailable.",
        machine=Machine(kernel=None, distro=None, files=MAC_ROOT),
        dists=(Dist("torch", "2.2.2", TorchBuild(cuda=None, mps_built=True, mps_available=False)), NUMPY),
        expect={"torch.mps_built": True, "torch.mps_available": False},
    ),
]

# ------------------------------------------------------------- conda -------
CONDA = [
    Scenario(
        name="conda-cpuonly-pytorch-on-rtx3090",
        story="A conda env where pytorch 2.5.1 was installed with cpuonly on a workstation with an RTX 3090 "
              "and driver 550 (CUDA 12.4).",
        machine=Machine(driver=Driver("550.127.05", "12.4"), gpus=(RTX_3090,)),
        python=PythonSpec(kind="conda", select="CONDA_PREFIX",
                          conda_packages=("pytorch-2.5.1-py3.11_cpu_0", "cpuonly-2.0-0",
                                          "torchvision-0.20.1-py311_cpu", "python-3.11.10-hc5c86c4_0")),
        dists=(Dist("torch", "2.5.1", TorchBuild(cuda=None), installer="conda"),
               Dist("torchvision", "0.20.1", TorchvisionBuild(cuda_kernels=False), installer="conda"), NUMPY),
        expect={
            "python.conda_env": "{prefix}",
            "python.conda_packages.0.name": "cpuonly",
            "python.conda_packages.1.build": "hc5c86c4_0",
            "python.conda_packages.2.channel": "https://conda.anaconda.org/pytorch/linux-64",
        },
    ),
]

PLATFORM_SCENARIOS: list[Scenario] = WSL + WINDOWS + JETSON + ROCM + MACOS + CONDA

# What `check` must report on each (exactly these ids; tests/test_scenarios_check.py).
PLATFORM_FINDINGS: dict[str, frozenset[str]] = {
    "wsl2-windows-driver-too-old-for-cu124": frozenset({"YD101"}),
    "wsl2-windows-driver-between-linux-and-windows-minimum": frozenset({"YD102"}),
    "wsl2-gpu-not-passed-through": frozenset({"YD104"}),
    "wsl2-linux-driver-installed-inside": frozenset({"YD130"}),
    "windows-pip-default-cpu-torch-on-rtx3060": frozenset({"YD204"}),
    # YD104 (a note): no NVIDIA GPU on this PC; its advice is the Windows driver's.
    "windows-torch-fbgemm-winerror-126": frozenset({"YD203", "YD104"}),
    "jetson-orin-pypi-cpu-torch": frozenset({"YD230"}),
    "jetson-jetpack6-torch-healthy": frozenset(),
    "jetson-with-download-pytorch-org-wheel": frozenset({"YD230"}),
    "rocm-rx7900-healthy": frozenset(),
    "rocm-torchvision-for-another-torch": frozenset({"YD301"}),
    "rocm-gfx1031-user-not-in-render-group": frozenset({"YD131"}),
    "rocm-torch-on-nvidia-machine": frozenset({"YD231"}),
    "amd-gpu-with-cpu-torch": frozenset({"YD232"}),
    "macos-apple-silicon-mps": frozenset(),
    "macos-torchvision-for-another-torch": frozenset({"YD301"}),
    "macos-x86-python-mps-unavailable": frozenset({"YD233"}),
    "conda-cpuonly-pytorch-on-rtx3090": frozenset({"YD204"}),
}

# Per scenario: texts every fix together must contain, and texts no fix may contain.
NEVER_ON_WSL = ("ubuntu-drivers", "sudo reboot", "apt-get install nvidia-driver", "550.54.14")
NEVER_ON_JETSON = ("download.pytorch.org", "ubuntu-drivers", "+cu1", "+cpu")
NEVER_ON_MAC = ("+cpu", "download.pytorch.org", "ubuntu-drivers", "nvidia")
NEVER_ON_WINDOWS = ("ubuntu-drivers", "sudo ", " '", "' ")
NEVER_ON_AMD = ("download.pytorch.org/whl/cu", "ubuntu-drivers")
FIX_TEXT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "wsl2-windows-driver-too-old-for-cu124": (("wsl --shutdown", "551.61", "never inside WSL"), NEVER_ON_WSL),
    "wsl2-windows-driver-between-linux-and-windows-minimum": (("551.61",), NEVER_ON_WSL),
    "wsl2-gpu-not-passed-through": (("wsl --shutdown", "Windows"), NEVER_ON_WSL),
    "wsl2-linux-driver-installed-inside": (("purge", "wsl --shutdown", "/usr/lib/wsl/lib"), NEVER_ON_WSL),
    "windows-pip-default-cpu-torch-on-rtx3060": (("torch==2.5.1+cu124", "download.pytorch.org/whl/cu124"),
                                                 NEVER_ON_WINDOWS),
    "windows-torch-fbgemm-winerror-126": (("Visual C++ Redistributable", "nvidia.com/Download"), NEVER_ON_WINDOWS),
    "jetson-orin-pypi-cpu-torch": (("developer.download.nvidia.com/compute/redist/jp/v61", "JetPack 6.1"),
                                   NEVER_ON_JETSON),
    "jetson-jetpack6-torch-healthy": ((), NEVER_ON_JETSON),
    "jetson-with-download-pytorch-org-wheel": (("JetPack 6.1",), ("ubuntu-drivers", "whl/cu")),
    "rocm-rx7900-healthy": ((), NEVER_ON_AMD),
    "rocm-torchvision-for-another-torch": (("torchvision==0.20.1+rocm6.2", "download.pytorch.org/whl/rocm6.2"),
                                           NEVER_ON_AMD),
    "rocm-gfx1031-user-not-in-render-group": (("usermod -a -G render,video alice", "HSA_OVERRIDE_GFX_VERSION=10.3.0"),
                                              NEVER_ON_AMD),
    "rocm-torch-on-nvidia-machine": (("download.pytorch.org/whl/cu124",), ("whl/rocm", "ubuntu-drivers")),
    "amd-gpu-with-cpu-torch": (("torch==2.5.1+rocm6.2", "download.pytorch.org/whl/rocm6.2"), NEVER_ON_AMD),
    "macos-apple-silicon-mps": ((), NEVER_ON_MAC),
    "macos-torchvision-for-another-torch": (("torchvision==0.20.1",), NEVER_ON_MAC),
    "macos-x86-python-mps-unavailable": (("arm64",), NEVER_ON_MAC),
    "conda-cpuonly-pytorch-on-rtx3090": (("conda remove cpuonly", "pytorch-cuda=12.4 -c pytorch -c nvidia"),
                                         ("pip install", "--index-url")),
}
