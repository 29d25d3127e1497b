"""The machines yolodoctor is tested on: one Scenario each, with the facts
`yolodoctor facts` must report there (``expect``: facts path -> exact value)
and, once the rules exist, the findings `check` must report
(``expected_findings``).

Placeholders in expected values: {home}, {prefix} (the inspected env),
{site} (its site-packages), {user_site}, {py} ("311"), {pyver} ("3.11").
Texts the real tools print come from tests/harness/texts.py.
"""

from __future__ import annotations

import dataclasses

from tests.harness import (HANG, SEGFAULT, Behaviour, Dist, Driver, Endpoint, FlashAttnBuild, Gpu, GpuProcess, Machine, Module,
                           NumpyBuild, NvidiaSmi, OnnxruntimeBuild, PythonSpec, Scenario, TorchBuild, TorchDevice,
                           TorchvisionBuild, UltralyticsTree, contains, positive, raises, warns)
from tests.harness import texts

MIB = 2 ** 20

# ------------------------------------------------------------------ GPUs ---
RTX_3090 = Gpu("NVIDIA GeForce RTX 3090", "8.6", 24576, memory_used_mib=300)
RTX_4090 = Gpu("NVIDIA GeForce RTX 4090", "8.9", 24564, memory_used_mib=1843,
               processes=(GpuProcess(4242, "python", 1532),))
RTX_5090 = Gpu("NVIDIA GeForce RTX 5090", "12.0", 32607, memory_used_mib=410)
T4 = Gpu("Tesla T4", "7.5", 15360, memory_used_mib=5, bus_id="00000000:00:1E.0")
A10G = Gpu("NVIDIA A10G", "8.6", 23028, memory_used_mib=1)
A100_40 = Gpu("NVIDIA A100-SXM4-40GB", "8.0", 40960, memory_used_mib=4, mig="Disabled")
A100_80_MIG = Gpu("NVIDIA A100-SXM4-80GB", "8.0", 81920, memory_used_mib=37, mig="Enabled")
H100 = Gpu("NVIDIA H100 80GB HBM3", "9.0", 81559, memory_used_mib=4, mig="Disabled")
RTX_3060_LAPTOP = Gpu("NVIDIA GeForce RTX 3060 Laptop GPU", "8.6", 6144, memory_used_mib=700)

# ------------------------------------------------------ torch builds -----
# get_arch_list() of the published wheels (what the stand-ins answer).
ARCH_CU12X = ("sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90")
ARCH_CU118_CONDA = ("sm_37", "sm_50", "sm_60", "sm_61", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90", "compute_37")


def torch_cu(version: str, cuda: str, cudnn: int, nccl: tuple[int, int, int], **kw) -> Dist:
    """A CUDA build of torch from the PyTorch index."""
    build = TorchBuild(cuda=cuda, arch_list=kw.pop("arch_list", ARCH_CU12X), cudnn=cudnn, nccl=nccl, **kw)
    return Dist("torch", version, build, requires=("filelock", "typing-extensions>=4.8.0"))


def torch_cpu(version: str, **kw) -> Dist:
    return Dist("torch", version, TorchBuild(cuda=None, **kw))


def vision(version: str, **kw) -> Dist:
    return Dist("torchvision", version, TorchvisionBuild(**kw), requires=("numpy", "torch"))


NUMPY_1 = Dist("numpy", "1.26.4", NumpyBuild())
OPENCV = Dist("opencv-python", "4.10.0.84", Module("cv2", "4.10.0"), requires=("numpy>=1.21.2",))
OPENCV_HEADLESS = Dist("opencv-python-headless", "4.8.0.76", Module("cv2", "4.8.0"))
PIP = Dist("pip", "24.3.1")


def ultralytics(version: str, dirs=("v3", "v5", "v6", "v8"), checkout=None) -> Dist:
    return Dist("ultralytics", version, UltralyticsTree(model_dirs=dirs, git_checkout=checkout),
                editable=checkout is not None, requires=("torch>=1.8.0", "torchvision>=0.9.0"))


ULTRALYTICS_DIRS = ("11", "12", "rt-detr", "v10", "v3", "v5", "v6", "v8", "v9")

# ---------------------------------------------------------------- machines ---
DRIVER_470 = Driver("470.256.02", "11.4")
DRIVER_535 = Driver("535.183.01", "12.2")
DRIVER_550 = Driver("550.127.05", "12.4")
DRIVER_570_OPEN = Driver("570.124.06", "12.8", open_kernel_module=True)


def sysfs_proc_smi(version: str) -> dict:
    return {"/sys/module/nvidia/version": version, "/proc/driver/nvidia/version": version, "nvidia-smi": version}


SCENARIOS: list[Scenario] = [
    Scenario(
        name="self-built-cu121-torch-on-470-driver",
        story="A workstation venv built by hand: torch 2.1.2+cu121 and a CUDA 12.1 toolkit on a 470 driver "
              "(CUDA 11.4).",
        machine=Machine(driver=DRIVER_470, gpus=(RTX_3090,), nvidia_smi=NvidiaSmi(legacy=True),
                        toolkits=("12.1.1",), nvcc="12.1.105"),
        python=PythonSpec(select="VIRTUAL_ENV"),
        dists=(torch_cu("2.1.2+cu121", "12.1", 8902, (2, 18, 1),
                        on_is_available=warns(texts.driver_too_old(11040))),
               vision("0.16.2+cu121"), NUMPY_1, OPENCV, ultralytics("8.1.0")),
        expect={
            "python.selected_by": "VIRTUAL_ENV",
            "python.executable": "{prefix}/bin/python",
            "python.is_venv": True,
            "nvidia.driver_version": "470.256.02",
            "nvidia.driver_version_source": "/sys/module/nvidia/version",
            "nvidia.driver_versions_seen": sysfs_proc_smi("470.256.02"),
            "nvidia.cuda_driver_version": "11.4",
            "nvidia.cuda_driver_version_source": "nvidia-smi",
            "nvidia.gpus_source": "nvidia-smi",
            "nvidia.gpus.0.name": "NVIDIA GeForce RTX 3090",
            "nvidia.gpus.0.compute_capability": None,  # a 470 nvidia-smi cannot be asked for it
            "nvidia.gpus.0.memory_total_mib": 24576,
            "nvidia.gpus.0.memory_free_mib": 24276,
            "nvidia.nvidia_smi.status": "ok",
            "nvidia.device_nodes": ["/dev/nvidia-uvm", "/dev/nvidia-uvm-tools", "/dev/nvidia0", "/dev/nvidiactl"],
            "cuda.nvcc_version": "12.1",
            "cuda.toolkits": [{"path": "/usr/local/cuda-12.1", "version": "12.1.1", "source": "version.json",
                               "aliases": ["/usr/local/cuda"]}],
            "torch.status": "ok",
            "torch.version": "2.1.2+cu121",
            "torch.cuda": "12.1",
            "torch.cuda_available": False,
            "torch.device_count": 0,
            "torch.arch_list": [],  # torch before 2.6 answers [] when CUDA is unavailable
            "torch.cudnn_version": "8.9.2",
            "torch.nccl_version": "2.18.1",
            "torch.warnings": ["UserWarning: " + texts.driver_too_old(11040)],
            "packages.torchvision.status": "ok",
            "packages.torchvision.details.nms_ok": True,
            "packages.ultralytics.version": "8.1.0",
            "packages.cv2.version": "4.10.0",
        },
    ),
    Scenario(
        name="yolov8-image-cpu-torch-in-gpu-container",
        story="An old Ultralytics YOLOv8 image started with --gpus all: the GPU is there, but the image "
              "carries a CPU-only torch and ultralytics 8.0.196.",
        machine=Machine(driver=DRIVER_535, gpus=(A10G,), container="docker", shm_kib=65536,
                        distro="Ubuntu 22.04.3 LTS"),
        python=PythonSpec(kind="system"),
        env={"NVIDIA_VISIBLE_DEVICES": "all", "NVIDIA_DRIVER_CAPABILITIES": "compute,utility"},
        dists=(torch_cpu("2.0.1+cpu"), vision("0.15.2+cpu"), OPENCV_HEADLESS, NUMPY_1, ultralytics("8.0.196")),
        expect={
            "host.container": "docker",
            "host.container_evidence": ["/.dockerenv exists"],
            "host.shm_total_bytes": 64 * MIB,
            "host.distro": "Ubuntu 22.04.3 LTS",
            "python.is_venv": False,
            "python.prefix": "{prefix}",
            "python.user_site_enabled": True,
            "nvidia.gpus.0.name": "NVIDIA A10G",
            "nvidia.gpus.0.compute_capability": "8.6",
            "nvidia.cuda_driver_version": "12.2",
            "nvidia.nvidia_visible_devices": "all",
            "nvidia.nvidia_driver_capabilities": "compute,utility",
            "torch.version": "2.0.1+cpu",
            "torch.cuda": None,
            "torch.cuda_available": False,
            "torch.arch_list": [],
            "torch.cudnn_version": None,
            "torch.nccl_version": None,
            "packages.torchvision.version": "0.15.2+cpu",
            "packages.cv2.distribution": "opencv-python-headless",
            "packages.ultralytics.version": "8.0.196",
            "packages.ultralytics.details.install_kind": "wheel",
        },
    ),
    Scenario(
        name="yolov12-t4-flash-attn",
        story="The YOLOv12 setup on a cloud T4 (sm_75): torch 2.2.2+cu121, flash-attn 2.7.3 built for it, "
              "ultralytics installed editable from the yolov12 clone.",
        machine=Machine(driver=Driver("550.54.15", "12.4"), gpus=(T4,), distro="Ubuntu 20.04.6 LTS",
                        kernel="5.15.0-1051-aws"),
        dists=(torch_cu("2.2.2+cu121", "12.1", 8902, (2, 19, 3), cuda_available=True), vision("0.17.2+cu121"),
               Dist("flash-attn", "2.7.3", FlashAttnBuild(), requires=("torch", "einops")),
               Dist("packaging", "24.2"), Dist("ninja", "1.11.1.3"), NUMPY_1, OPENCV,
               ultralytics("8.3.63", dirs=("11", "12", "v12", "v3", "v5", "v6", "v8"), checkout="yolov12")),
        expect={
            "nvidia.gpus.0.name": "Tesla T4",
            "nvidia.gpus.0.compute_capability": "7.5",
            "nvidia.gpus.0.pci_bus_id": "00000000:00:1E.0",
            "torch.cuda_available": True,
            "torch.device_count": 1,
            "torch.devices": [{"index": 0, "name": "Tesla T4", "capability": "7.5",
                               "total_memory_bytes": 15360 * MIB}],
            "torch.arch_list": list(ARCH_CU12X),
            "packages.flash_attn.status": "ok",
            "packages.flash_attn.version": "2.7.3",
            "packages.flash_attn.distribution": "flash-attn",
            "packages.flash_attn.details.cuda_ext_ok": True,
            "packages.flash_attn.details.packaging_version": "24.2",
            "packages.flash_attn.details.ninja_version": "1.11.1.3",
            "packages.torchvision.details.nms_cuda_ok": True,
            "packages.ultralytics.version": "8.3.63",
            "packages.ultralytics.location": "{home}/yolov12/ultralytics",
            "packages.ultralytics.details.install_kind": "editable",
            "packages.ultralytics.details.git_checkout": True,
            "packages.ultralytics.details.model_dirs": ["11", "12", "v12", "v3", "v5", "v6", "v8"],
        },
    ),
    Scenario(
        name="a100-container-torch27-cu126-64mb-shm",
        story="An A100 in a Docker container started without --shm-size: torch 2.7.0+cu126, TensorRT and "
              "onnxruntime-gpu for export, /dev/shm left at Docker's 64 MB.",
        machine=Machine(driver=DRIVER_570_OPEN, gpus=(A100_40,), container="docker", shm_kib=65536),
        python=PythonSpec(kind="system"),
        env={"PYTORCH_CUDA_ALLOC_CONF": "expandable_segments:True", "HF_ENDPOINT": "https://hf-mirror.com",
             "HF_HUB_OFFLINE": "1", "NVIDIA_VISIBLE_DEVICES": "GPU-0"},
        dists=(torch_cu("2.7.0+cu126", "12.6", 90501, (2, 26, 2), cxx11_abi=True, cuda_available=True,
                        arch_list_needs_cuda=False),
               vision("0.22.0+cu126"), NUMPY_1, OPENCV, ultralytics("8.3.120", dirs=ULTRALYTICS_DIRS),
               Dist("nvidia-cudnn-cu12", "9.5.1.17"), Dist("nvidia-nccl-cu12", "2.26.2"),
               Dist("onnx", "1.17.0", Module("onnx", "1.17.0")),
               Dist("onnxruntime-gpu", "1.20.1", OnnxruntimeBuild(
                   providers=("TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider"))),
               Dist("tensorrt", "10.7.0", Module("tensorrt", "10.7.0")),
               Dist("tensorrt-cu12", "10.7.0"), Dist("tensorrt-cu12-libs", "10.7.0"),
               Dist("tensorrt-cu12-bindings", "10.7.0")),
        expect={
            "host.shm_total_bytes": 64 * MIB,
            "nvidia.driver_versions_seen": sysfs_proc_smi("570.124.06"),
            "nvidia.gpus.0.mig_mode": "disabled",
            "nvidia.gpus.0.memory_free_mib": 40956,
            "torch.version": "2.7.0+cu126",
            "torch.cxx11_abi": True,
            "torch.cudnn_version": "9.5.1",
            "torch.nccl_version": "2.26.2",
            "torch.devices.0.name": "NVIDIA A100-SXM4-40GB",
            "packages.onnx.version": "1.17.0",
            "packages.onnxruntime.status": "ok",
            "packages.onnxruntime.distribution": "onnxruntime-gpu",
            "packages.onnxruntime.details.providers": ["TensorrtExecutionProvider", "CUDAExecutionProvider",
                                                       "CPUExecutionProvider"],
            "packages.tensorrt.status": "ok",
            "packages.tensorrt.version": "10.7.0",
            "packages.tensorrt.details.distributions": {"tensorrt": "10.7.0", "tensorrt-cu12": "10.7.0",
                                                        "tensorrt-cu12-bindings": "10.7.0",
                                                        "tensorrt-cu12-libs": "10.7.0"},
            "env.pytorch_cuda_alloc_conf": "expandable_segments:True",
            "env.hf_endpoint": "https://hf-mirror.com",
            "env.hf_hub_offline": "1",
        },
    ),
    Scenario(
        name="torchvision-built-for-another-torch",
        story="torch 2.4.0+cu121 with torchvision 0.20.1+cu124 (meant for torch 2.5): importing torchvision "
              "fails on its own operator registration.",
        machine=Machine(driver=Driver("560.35.03", "12.6"), gpus=(RTX_4090,)),
        dists=(torch_cu("2.4.0+cu121", "12.1", 90100, (2, 20, 5), cuda_available=True),
               vision("0.20.1+cu124", on_import=raises("RuntimeError", texts.TORCHVISION_NMS_MISSING)),
               NUMPY_1, ultralytics("8.3.40", dirs=ULTRALYTICS_DIRS)),
        expect={
            "torch.status": "ok",
            "torch.version": "2.4.0+cu121",
            "packages.torchvision.status": "error",
            "packages.torchvision.version": "0.20.1+cu124",
            "packages.torchvision.error": "RuntimeError: " + texts.TORCHVISION_NMS_MISSING,
            "packages.torchaudio.status": "missing",
        },
    ),
    Scenario(
        name="libcudnn-missing-at-torch-import",
        story="pip install torch on AlmaLinux: torch 2.4.1+cu121 but the nvidia-cudnn-cu12 wheel is missing; "
              "import torch fails.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_4090,), distro="AlmaLinux 9.4 (Seafoam Ocelot)",
                        kernel="5.14.0-427.13.1.el9_4.x86_64"),
        dists=(torch_cu("2.4.1+cu121", "12.1", 90100, (2, 20, 5),
                        on_import=raises("ImportError", texts.LIBCUDNN9_MISSING)),
               vision("0.19.1+cu121"), NUMPY_1, OPENCV),
        expect={
            "host.distro": "AlmaLinux 9.4 (Seafoam Ocelot)",
            "torch.status": "error",
            "torch.error": "ImportError: " + texts.LIBCUDNN9_MISSING,
            "torch.version": "2.4.1+cu121",  # read from torch/version.py when the import fails
            "torch.cuda": "12.1",
            "torch.cuda_available": None,
            "packages.torchvision.status": "skipped",
            "packages.torchvision.error": "not probed: torch could not be imported",
            "packages.numpy.status": "ok",
            "packages.cv2.status": "ok",
        },
    ),
    Scenario(
        name="numpy2-with-torch-built-for-numpy1",
        story="numpy 2.0.2 pulled in by another package beside torch 2.2.2, which was built against NumPy 1.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_3090,)),
        dists=(torch_cu("2.2.2+cu121", "12.1", 8902, (2, 19, 3), cuda_available=True, numpy_abi=1),
               vision("0.17.2+cu121"), Dist("numpy", "2.0.2", NumpyBuild())),
        expect={
            "torch.status": "ok",
            "torch.warnings": ["UserWarning: " + texts.NUMPY_INIT_FAILED],
            "torch.stderr": contains("A module that was compiled using NumPy 1.x cannot be run in\nNumPy 2.0.2 "
                                     "as it may crash."),
            "packages.numpy.status": "ok",
            "packages.numpy.version": "2.0.2",
        },
    ),
    Scenario(
        name="opencv-python-without-libgl",
        story="A python:3.11-slim container: opencv-python (not -headless) installed, libGL missing.",
        machine=Machine(container="docker", shm_kib=65536, distro="Debian GNU/Linux 12 (bookworm)",
                        kernel="6.8.0-48-generic"),
        python=PythonSpec(kind="system"),
        dists=(torch_cpu("2.5.1+cpu"), vision("0.20.1+cpu"), NUMPY_1,
               Dist("opencv-python", "4.10.0.84", Module("cv2", "4.10.0", raises("ImportError",
                                                                                  texts.LIBGL_MISSING))),
               ultralytics("8.3.40", dirs=ULTRALYTICS_DIRS)),
        expect={
            "packages.cv2.status": "error",
            "packages.cv2.error": "ImportError: " + texts.LIBGL_MISSING,
            "packages.cv2.version": "4.10.0.84",
            "packages.cv2.details.distributions": {"opencv-python": "4.10.0.84"},
            "nvidia.driver_version": None,
            "nvidia.kernel_module_loaded": False,
            "nvidia.device_nodes": [],
            "nvidia.nvidia_smi.status": "missing",
            "nvidia.gpus": [],
            "torch.status": "ok",
            "torch.cuda": None,
        },
    ),
    Scenario(
        name="nvidia-smi-hangs",
        story="An H100 in a bad state: nvidia-smi never answers, and neither does CUDA initialisation.",
        machine=Machine(driver=DRIVER_535, gpus=(H100,), nvidia_smi=NvidiaSmi(mode="hang")),
        args=("--timeout", "3"),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), cuda_available=True, on_is_available=HANG),
               vision("0.20.1+cu124"), NUMPY_1),
        expect={
            "nvidia.nvidia_smi.status": "timeout",
            "nvidia.driver_version": "535.183.01",
            "nvidia.driver_version_source": "/sys/module/nvidia/version",
            "nvidia.gpus": [],
            "torch.status": "timeout",
            "torch.error": "import did not finish within 3 s",
            "torch.version": "2.5.1+cu124",
            "torch.cuda": "12.4",
            "torch.import_seconds": positive(),
            "torch.cuda_available": None,
            # torch itself imported, so torchvision is probed: on CPU nms runs, then its CUDA check hangs too.
            "packages.torchvision.details.nms_ok": True,
            "packages.torchvision.status": "timeout",
            "packages.torchaudio.status": "skipped",
            "packages.numpy.status": "ok",
        },
    ),
    Scenario(
        name="gpu-container-started-without-gpus-flag",
        story="A pytorch/pytorch:2.4.1-cuda12.1 container run without --gpus all: the host's driver shows "
              "through /sys and /proc, but no device nodes and no nvidia-smi.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_4090,), device_nodes=False,
                        nvidia_smi=NvidiaSmi(mode="missing"), container="docker", shm_kib=65536),
        python=PythonSpec(kind="system"),
        env={"NVIDIA_VISIBLE_DEVICES": "all", "NVIDIA_REQUIRE_CUDA": "cuda>=12.1"},
        dists=(torch_cu("2.4.1+cu121", "12.1", 90100, (2, 20, 5)), vision("0.19.1+cu121"), NUMPY_1),
        expect={
            "host.container": "docker",
            "nvidia.driver_version": "550.127.05",
            "nvidia.kernel_module_loaded": True,
            "nvidia.device_nodes": [],
            "nvidia.nvidia_smi.status": "missing",
            "nvidia.gpus": [],
            "nvidia.nvidia_visible_devices": "all",
            "torch.cuda_available": False,
            "torch.warnings": [],
            "torch.device_count": 0,
        },
    ),
    Scenario(
        name="rtx5090-with-cu124-torch",
        story="A new RTX 5090 (sm_120) with torch 2.5.1+cu124, which has no Blackwell kernels.",
        machine=Machine(driver=DRIVER_570_OPEN, gpus=(RTX_5090,), distro="Ubuntu 24.04.2 LTS",
                        kernel="6.11.0-19-generic"),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), cuda_available=True,
                        on_device_properties=warns(texts.arch_not_compatible("NVIDIA GeForce RTX 5090", 120,
                                                                             ARCH_CU12X))),
               vision("0.20.1+cu124"), NUMPY_1, ultralytics("8.3.90", dirs=ULTRALYTICS_DIRS)),
        expect={
            "nvidia.driver_versions_seen": sysfs_proc_smi("570.124.06"),
            "nvidia.cuda_driver_version": "12.8",
            "nvidia.gpus.0.compute_capability": "12.0",
            "torch.cuda_available": True,
            "torch.devices": [{"index": 0, "name": "NVIDIA GeForce RTX 5090", "capability": "12.0",
                               "total_memory_bytes": 32607 * MIB}],
            "torch.arch_list": list(ARCH_CU12X),
            "torch.warnings": ["UserWarning: " + texts.arch_not_compatible("NVIDIA GeForce RTX 5090", 120,
                                                                           ARCH_CU12X)],
        },
    ),
    Scenario(
        name="two-torch-installs-user-site-and-env",
        story="A system Python with torch 2.3.1+cu121 in its site-packages and torch 2.5.1+cu124 installed "
              "later with pip install --user: the user site wins.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_3090,)),
        python=PythonSpec(kind="system"),
        dists=(torch_cu("2.3.1+cu121", "12.1", 8902, (2, 20, 5), cuda_available=True),
               Dist("torch", "2.5.1+cu124", TorchBuild(cuda="12.4", arch_list=ARCH_CU12X, cudnn=90100,
                                                      nccl=(2, 21, 5), cuda_available=True), site="user"),
               NUMPY_1),
        expect={
            "python.user_site": "{user_site}",
            "python.user_site_enabled": True,
            "python.duplicates": [{"name": "torch", "versions": ["2.5.1+cu124", "2.3.1+cu121"],
                                   "locations": sorted(["{site}", "{user_site}"])}],
            "torch.version": "2.5.1+cu124",
            "torch.location": "{user_site}/torch",
            "torch.cuda": "12.4",
        },
    ),
    Scenario(
        name="healthy-rtx4090-cu124",
        story="A healthy workstation: RTX 4090, driver 550, torch 2.5.1+cu124 with matching torchvision and "
              "torchaudio, Ultralytics 8.3, a training process on the GPU, a proxy and a private index.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_4090,), shm_kib=32_768_000),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), cuda_available=True),
               vision("0.20.1+cu124"), Dist("torchaudio", "2.5.1+cu124", Module("torchaudio", "2.5.1+cu124")),
               NUMPY_1, OPENCV, PIP, ultralytics("8.3.40", dirs=ULTRALYTICS_DIRS)),
        env={"HF_TOKEN": "hf_abcdefghijklmnopqrstuvwxyzABCD", "HTTPS_PROXY": "http://proxyuser:s3cret@10.0.0.1:3128",
             "NO_PROXY": "localhost,127.0.0.1",
             "PIP_INDEX_URL": "https://deploy:tok3n@pypi.example.com/simple",
             "CUDA_VISIBLE_DEVICES": "0"},
        home_files={".config/Ultralytics/settings.json":
                    '{"settings_version": "0.0.6", "datasets_dir": "{home}/datasets", "weights_dir": "weights",'
                    ' "runs_dir": "runs", "sync": true, "api_key": "abc123secret", "hub": "https://hub"}'},
        expect={
            "host.shm_total_bytes": 32_768_000 * 1024,
            "host.memory_total_bytes": 65_536_000 * 1024,
            "host.container": None,
            "nvidia.gpus.0.processes": [{"pid": 4242, "name": "python", "used_mib": 1532}],
            "nvidia.gpus.0.memory_free_mib": 24564 - 1843,
            "nvidia.cuda_visible_devices": "0",
            "torch.status": "ok",
            "torch.version": "2.5.1+cu124",
            "torch.cuda_available": True,
            "torch.cudnn_version": "9.1.0",
            "torch.nccl_version": "2.21.5",
            "torch.warnings": [],
            "torch.import_seconds": positive(),
            "packages.torchvision.details": {"proof": "import", "nms_ok": True, "nms_cuda_ok": True},
            "packages.torchaudio.status": "ok",
            "packages.torchaudio.version": "2.5.1+cu124",
            "python.pip_version": "24.3.1",
            "python.pip_config.index_url": "https://***@pypi.example.com/simple",
            "env.hf_token_set": True,
            "env.proxies": {"HTTPS_PROXY": True},
            "env.no_proxy": "localhost,127.0.0.1",
            "env.pip_index_url": "https://***@pypi.example.com/simple",
            "env.ultralytics_settings_path": "{home}/.config/Ultralytics/settings.json",
            "host.disks.3.purpose": "ultralytics_weights",
            "host.disks.3.path": "weights",
            "host.disks.4.purpose": "ultralytics_datasets",
            "host.disks.4.path": "{home}/datasets",
            "host.disks.4.free_bytes": positive(),
            "env.ultralytics_settings": {"settings_version": "0.0.6", "datasets_dir": "{home}/datasets",
                                         "weights_dir": "weights", "runs_dir": "runs", "sync": True,
                                         "hub": "https://hub"},
        },
    ),
    Scenario(
        name="h100-node-torch25-cu124-two-of-eight-visible",
        story="An 8x H100 node on driver 535 (CUDA 12.2) running torch 2.5.1+cu124 through CUDA minor "
              "version compatibility, the job limited to two GPUs.",
        machine=Machine(driver=DRIVER_535, gpus=(Gpu("NVIDIA H100 80GB HBM3", "9.0", 81559, memory_used_mib=60211,
                                                     mig="Disabled", processes=(GpuProcess(91234, "python", 60200),)),)
                        + tuple(H100 for _ in range(7)), nvml="ok", distro="Rocky Linux 8.10 (Green Obsidian)",
                        kernel="4.18.0-553.el8_10.x86_64", memory_total_kib=2_113_000_000),
        env={"CUDA_VISIBLE_DEVICES": "0,1"},
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), cuda_available=True,
                        devices=(TorchDevice("NVIDIA H100 80GB HBM3", "9.0", 85_029_158_912),) * 2),
               vision("0.20.1+cu124"), NUMPY_1),
        expect={
            "nvidia.cuda_driver_version": "12.2",
            "nvidia.gpus.7.name": "NVIDIA H100 80GB HBM3",
            "nvidia.gpus.7.pci_bus_id": "00000000:08:00.0",
            "nvidia.gpus.0.compute_capability": "9.0",
            "nvidia.gpus.0.mig_mode": "disabled",
            "nvidia.gpus.0.processes": [{"pid": 91234, "name": None, "used_mib": 60200}],  # NVML gives no names
            "nvidia.gpus.0.memory_free_mib": 81559 - 60211,
            "nvidia.gpus_source": "nvml",
            "nvidia.cuda_driver_version_source": "nvml",
            "nvidia.cuda_visible_devices": "0,1",
            "torch.device_count": 2,
            "torch.devices.1.capability": "9.0",
        },
    ),
    Scenario(
        name="wsl2-laptop",
        story="Ubuntu under WSL2 on a laptop: the Windows driver (566.36) serves the GPU through /dev/dxg; "
              "no nvidia kernel module, no /dev/nvidia*.",
        machine=Machine(driver=Driver("566.36", "12.7", in_proc=False, in_sysfs=False),
                        gpus=(RTX_3060_LAPTOP,), container="wsl2", device_nodes=False,
                        kernel="5.15.167.4-microsoft-standard-WSL2", distro="Ubuntu 24.04.1 LTS"),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), cuda_available=True), NUMPY_1),
        expect={
            "host.container": "wsl2",
            "host.container_evidence": ["kernel 5.15.167.4-microsoft-standard-WSL2"],
            "host.kernel": "5.15.167.4-microsoft-standard-WSL2",
            "nvidia.driver_version": "566.36",
            "nvidia.driver_version_source": "nvidia-smi",
            "nvidia.driver_versions_seen": {"nvidia-smi": "566.36"},
            "nvidia.device_nodes": [],
            "nvidia.gpus.0.name": "NVIDIA GeForce RTX 3060 Laptop GPU",
            "torch.cuda_available": True,
        },
    ),
    Scenario(
        name="kubernetes-pod-without-gpu-resource",
        story="A pod on a GPU node that did not request nvidia.com/gpu: the device plugin hands it no GPU.",
        machine=Machine(driver=Driver("560.35.03", "12.6"), gpus=(A100_40,), container="kubernetes",
                        device_nodes=False, nvidia_smi=NvidiaSmi(mode="missing"), shm_kib=65536),
        python=PythonSpec(kind="system"),
        env={"KUBERNETES_SERVICE_HOST": "10.96.0.1", "NVIDIA_VISIBLE_DEVICES": "void"},
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5)), NUMPY_1),
        expect={
            "host.container": "kubernetes",
            "host.container_evidence": ["KUBERNETES_SERVICE_HOST is set", "/proc/1/cgroup mentions kubepods"],
            "nvidia.nvidia_visible_devices": "void",
            "nvidia.device_nodes": [],
            "nvidia.driver_version": "560.35.03",
            "torch.cuda_available": False,
        },
    ),
    Scenario(
        name="driver-library-mismatch-after-upgrade",
        story="unattended-upgrade replaced the user-space driver (535.216.01) while the 535.183.01 kernel "
              "module stays loaded until a reboot.",
        machine=Machine(driver=Driver("535.216.01", "12.2", kernel_version="535.183.01"), gpus=(RTX_3090,),
                        nvidia_smi=NvidiaSmi(mode="mismatch"), nvml="mismatch"),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5),
                        on_is_available=warns(texts.DRIVER_MISMATCH_803)), NUMPY_1),
        expect={
            "nvidia.nvml_status": "error",
            "nvidia.nvml_error": "Driver/library version mismatch",
            "nvidia.nvidia_smi.status": "error",
            "nvidia.nvidia_smi.exit_code": 18,
            "nvidia.nvidia_smi.error": texts.smi_mismatch("535.216.01"),
            "nvidia.driver_version": "535.183.01",
            "nvidia.driver_versions_seen": {"/sys/module/nvidia/version": "535.183.01",
                                            "/proc/driver/nvidia/version": "535.183.01",
                                            "nvidia-smi": "535.216"},
            "nvidia.cuda_driver_version": None,
            "nvidia.gpus": [],
            "torch.cuda_available": False,
            "torch.warnings": ["UserWarning: " + texts.DRIVER_MISMATCH_803],
        },
    ),
    Scenario(
        name="nouveau-loaded-instead-of-nvidia",
        story="The NVIDIA driver packages are installed but nouveau holds the GPU: nvidia-smi cannot talk "
              "to a driver.",
        machine=Machine(nouveau=True, gpus=(RTX_3090,), nvidia_smi=NvidiaSmi(mode="no_driver"), nvml="no_driver",
                        distro="Fedora Linux 40 (Workstation Edition)", kernel="6.10.12-200.fc40.x86_64"),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5)), NUMPY_1),
        expect={
            "nvidia.nouveau_loaded": True,
            "nvidia.nvml_status": "error",
            "nvidia.nvml_error": "Driver Not Loaded",
            "nvidia.kernel_module_loaded": False,
            "nvidia.driver_version": None,
            "nvidia.nvidia_smi.status": "error",
            "nvidia.nvidia_smi.exit_code": 9,
            "nvidia.nvidia_smi.error": texts.SMI_NO_DRIVER,
            "nvidia.device_nodes": [],
            "torch.cuda_available": False,
        },
    ),
    Scenario(
        name="a100-mig-enabled",
        story="An A100 80GB partitioned with MIG; the job sees one 3g.40gb instance.",
        machine=Machine(driver=Driver("550.90.07", "12.4"), gpus=(A100_80_MIG,), nvml="ok"),
        env={"CUDA_VISIBLE_DEVICES": "MIG-5c3b1f2e-8d2a-5e4b-9d63-0a1b2c3d4e5f"},
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), cuda_available=True,
                        devices=(TorchDevice("NVIDIA A100-SXM4-80GB MIG 3g.40gb", "8.0", 42_285_268_992),)),
               NUMPY_1),
        expect={
            "nvidia.nvml_status": "ok",
            "nvidia.nvml_error": None,
            "nvidia.gpus_source": "nvml",
            "nvidia.gpus.0.mig_mode": "enabled",
            "nvidia.gpus.0.compute_capability": "8.0",
            "nvidia.gpus.0.memory_total_mib": 81920,
            "nvidia.gpus.0.memory_free_mib": 81920 - 37,
            "nvidia.driver_versions_seen": {"/sys/module/nvidia/version": "550.90.07",
                                            "/proc/driver/nvidia/version": "550.90.07", "nvml": "550.90.07"},
            "nvidia.cuda_driver_version": "12.4",
            "nvidia.cuda_driver_version_source": "nvml",
            "nvidia.nvidia_smi.status": None,  # NVML answered everything: nvidia-smi is not needed
            "nvidia.cuda_visible_devices": "MIG-5c3b1f2e-8d2a-5e4b-9d63-0a1b2c3d4e5f",
            "torch.devices": [{"index": 0, "name": "NVIDIA A100-SXM4-80GB MIG 3g.40gb", "capability": "8.0",
                               "total_memory_bytes": 42_285_268_992}],
        },
    ),
    Scenario(
        name="conda-env-with-cudatoolkit",
        story="A conda env (activated, found through CONDA_PREFIX) with pytorch 2.0.1 and cudatoolkit 11.8 "
              "from conda channels.",
        machine=Machine(driver=Driver("525.147.05", "12.0"), gpus=(RTX_3090,)),
        python=PythonSpec(kind="conda", select="CONDA_PREFIX",
                          conda_packages=("cudatoolkit-11.8.0-h6a678d5_0",
                                          "pytorch-2.0.1-py3.11_cuda11.8_cudnn8.7.0_0",
                                          "python-3.11.5-h955ad1f_0")),
        dists=(Dist("torch", "2.0.1", TorchBuild(cuda="11.8", arch_list=ARCH_CU118_CONDA, cudnn=8700,
                                                 nccl=(2, 14, 3), cuda_available=True), installer="conda"),
               Dist("torchvision", "0.15.2", TorchvisionBuild(), installer="conda"),
               Dist("numpy", "1.24.3", NumpyBuild(), installer="conda")),
        expect={
            "python.selected_by": "CONDA_PREFIX",
            "python.conda_env": "{prefix}",
            "python.is_venv": False,
            "cuda.conda_cudatoolkit": "11.8.0",
            "torch.version": "2.0.1",
            "torch.cuda": "11.8",
            "torch.cudnn_version": "8.7.0",
            "torch.arch_list": list(ARCH_CU118_CONDA),
            "packages.numpy.version": "1.24.3",
        },
    ),
    Scenario(
        name="pep668-debian-system-python",
        story="Debian 12's own Python: marked externally managed (PEP 668), pip from apt, no torch yet.",
        machine=Machine(distro="Debian GNU/Linux 12 (bookworm)", kernel="6.1.0-26-amd64"),
        python=PythonSpec(kind="system", externally_managed=True),
        dists=(Dist("pip", "23.0.1", installer="debian"),),
        expect={
            "python.externally_managed": True,
            "python.pip_version": "23.0.1",
            "python.distributions": [{"name": "pip", "version": "23.0.1", "location": "{site}",
                                      "installer": "debian", "editable": None, "direct_url": None,
                                      "requires": [], "conda_package": None}],
            "torch.status": "missing",
            "packages.torchvision.status": "missing",
            "packages.numpy.status": "missing",
            "nvidia.nvidia_smi.status": "missing",
        },
    ),
    Scenario(
        name="yolov13-fork-flash-attn-undefined-symbol",
        story="The YOLOv13 fork installed editable from its clone, with a flash-attn wheel built against "
              "another torch: its CUDA extension does not load.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_3090,), toolkits=("12.4.1", "11.8.0"), nvcc="12.4.131",
                        files={"/usr/local/cuda-11.8/lib64/libcudart.so.11.0": "",
                               "/usr/local/cuda-11.8/lib64/libcudnn.so.8": "",
                               "/usr/local/cuda-11.8/lib64/libnvrtc.so.11.2": ""}),
        # nvcc on PATH is 12.4 (/usr/local/cuda), CUDA_HOME says 11.8: builds of extensions use the latter.
        env={"CUDA_HOME": "/usr/local/cuda-11.8", "LD_LIBRARY_PATH": "/usr/local/cuda-11.8/lib64:/opt/missing"},
        dists=(torch_cu("2.4.1+cu124", "12.4", 90100, (2, 20, 5), cuda_available=True),
               vision("0.19.1+cu124"), NUMPY_1, OPENCV,
               Dist("flash-attn", "2.7.3", FlashAttnBuild(on_extension_import=raises(
                   "ImportError", texts.FLASH_ATTN_UNDEFINED_SYMBOL)), requires=("torch", "einops")),
               ultralytics("8.3.27", dirs=ULTRALYTICS_DIRS, checkout="yolov13")),
        expect={
            "packages.flash_attn.status": "error",
            "packages.flash_attn.version": "2.7.3",
            "packages.flash_attn.error": "ImportError: {site}/flash_attn_2_cuda.cpython-{py}-x86_64-linux-gnu.so: "
                                         "undefined symbol: _ZN3c104cuda9SetDeviceEi",
            "packages.ultralytics.details.install_kind": "editable",
            "packages.ultralytics.location": "{home}/yolov13/ultralytics",
            "cuda.cuda_home": "/usr/local/cuda-11.8",
            "cuda.ld_library_path_cuda_libs": ["/usr/local/cuda-11.8/lib64/libcudart.so.11.0",
                                               "/usr/local/cuda-11.8/lib64/libcudnn.so.8"],
            "cuda.nvcc_version": "12.4",
            "cuda.toolkits": [{"path": "/usr/local/cuda-11.8", "version": "11.8.0", "source": "version.json",
                               "aliases": []},
                              {"path": "/usr/local/cuda-12.4", "version": "12.4.1", "source": "version.json",
                               "aliases": ["/usr/local/cuda"]}],
        },
    ),
    Scenario(
        name="cpu-torchvision-beside-cuda-torch",
        story="A CUDA torch with a CPU-only torchvision from PyPI: everything imports, nms fails on the GPU.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_3090,)),
        dists=(torch_cu("2.3.1+cu121", "12.1", 8902, (2, 20, 5), cuda_available=True),
               vision("0.18.1", cuda_kernels=False), NUMPY_1),
        expect={
            "packages.torchvision.status": "ok",
            "packages.torchvision.details.nms_ok": True,
            "packages.torchvision.details.nms_cuda_ok": False,
            "packages.torchvision.details.nms_cuda_error": "NotImplementedError: " + texts.NMS_NO_CUDA_BACKEND,
        },
    ),
    # -------------------------------------------- probes that must survive ---
    Scenario(
        name="torch-segfaults-on-import",
        story="import torch dies on SIGSEGV (a broken build or library); the other probes go on.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_3090,)),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), on_import=SEGFAULT), vision("0.20.1+cu124"),
               NUMPY_1, OPENCV),
        expect={
            "torch.status": "crashed",
            "torch.signal": 11,
            "torch.error": "the process died on signal 11",
            "torch.version": "2.5.1+cu124",
            "torch.stderr": contains("Fatal Python error: Segmentation fault"),
            "packages.torchvision.status": "skipped",
            "packages.numpy.status": "ok",
            "packages.cv2.status": "ok",
            "nvidia.gpus.0.name": "NVIDIA GeForce RTX 3090",
        },
    ),
    Scenario(
        name="torch-hangs-on-import",
        story="import torch never returns (a hung filesystem, a deadlocked library).",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_3090,)),
        args=("--timeout", "3"),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), on_import=HANG), vision("0.20.1+cu124"),
               NUMPY_1),
        expect={
            "torch.status": "timeout",
            "torch.error": "import did not finish within 3 s",
            "torch.version": "2.5.1+cu124",
            "packages.torchvision.status": "skipped",
            "packages.numpy.status": "ok",
        },
    ),
    Scenario(
        name="torch-crashes-in-cuda-is-available",
        story="torch imports, then dies on SIGSEGV inside torch.cuda.is_available().",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_3090,)),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), cuda_available=True, on_is_available=SEGFAULT),
               vision("0.20.1+cu124"), NUMPY_1),
        expect={
            "torch.status": "crashed",
            "torch.signal": 11,
            "torch.version": "2.5.1+cu124",
            "torch.cuda": "12.4",
            "torch.cxx11_abi": False,
            "torch.import_seconds": positive(),
            "torch.cuda_available": None,
            "torch.stderr": contains("in is_available"),
            "packages.torchvision.details.nms_ok": True,
            "packages.torchvision.status": "crashed",  # its CUDA check calls is_available() too
            "packages.torchaudio.status": "missing",  # probed in a fresh process after the crash
        },
    ),
    Scenario(
        name="every-optional-package-broken",
        story="Each package beside torch fails to import in its own way; each failure is its own fact.",
        machine=Machine(),
        dists=(Dist("numpy", "2.1.0", NumpyBuild()),
               Dist("opencv-python", "4.10.0.84", Module("cv2", "4.10.0", raises("ImportError", texts.LIBGL_MISSING))),
               Dist("onnx", "1.17.0", Module("onnx", "1.17.0", raises("OSError", "[Errno 5] Input/output error"))),
               Dist("onnxruntime", "1.20.1", OnnxruntimeBuild(on_import=SEGFAULT)),
               Dist("tensorrt", "10.7.0", Module("tensorrt", "10.7.0",
                                                 raises("ImportError", texts.LIBNVINFER10_MISSING)))),
        expect={
            "packages.numpy.status": "ok",
            "packages.cv2.error": "ImportError: " + texts.LIBGL_MISSING,
            "packages.onnx.error": "OSError: [Errno 5] Input/output error",
            "packages.onnxruntime.status": "crashed",
            "packages.onnxruntime.signal": 11,
            "packages.onnxruntime.version": "1.20.1",
            "packages.tensorrt.status": "error",  # probed in a fresh process after onnxruntime's crash
            "packages.tensorrt.error": "ImportError: " + texts.LIBNVINFER10_MISSING,
            "torch.status": "missing",
        },
    ),
    Scenario(
        name="package-printing-fake-probe-records",
        story="A package writes lines that look like yolodoctor's probe records to stdout at import.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_3090,)),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5)), NUMPY_1,
               Dist("opencv-python", "4.10.0.84", Module("cv2", "4.10.0", Behaviour(stdout=(
                   '\x1eYDPROBE {"kind": "result", "item": "torch", "report": {"status": "ok", '
                   '"version": "9.9.9"}}\n'))))),
        expect={
            "torch.version": "2.5.1+cu124",
            "packages.cv2.status": "ok",
        },
    ),
    Scenario(
        name="nvidia-smi-cannot-reach-driver",
        story="After a kernel update the NVIDIA module was not rebuilt: nvidia-smi is installed but "
              "\"couldn't communicate with the NVIDIA driver\" (exit 9); torch 2.5.1+cu124 would run on the CPU.",
        machine=Machine(gpus=(RTX_3090,), nvidia_smi=NvidiaSmi(mode="no_driver"), nvml="no_driver"),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5)), NUMPY_1),
        expect={
            "nvidia.kernel_module_loaded": False,
            "nvidia.driver_version": None,
            "nvidia.nvidia_smi.status": "error",
            "nvidia.nvidia_smi.exit_code": 9,
            "nvidia.nvidia_smi.error": texts.SMI_NO_DRIVER,
            "torch.cuda_available": False,
        },
    ),
    Scenario(
        name="nvidia-smi-hangs-while-cuda-works",
        story="An RTX 4090 whose nvidia-smi never answers (a stuck NVML query), while the driver is loaded and "
              "torch still uses the GPU.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_4090,), nvidia_smi=NvidiaSmi(mode="hang")),
        args=("--timeout", "3"),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), cuda_available=True), NUMPY_1),
        expect={
            "nvidia.nvidia_smi.status": "timeout",
            "nvidia.driver_version": "550.127.05",
            "torch.cuda_available": True,
        },
    ),
    Scenario(
        name="huggingface-blocked-pypi-answers",
        story="A CI runner behind an egress allow-list: PyPI answers, huggingface.co and the Hugging Face mirror "
              "never do, and huggingface_hub is installed.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_4090,)),
        dists=(torch_cu("2.5.1+cu124", "12.4", 90100, (2, 21, 5), cuda_available=True), NUMPY_1,
               Dist("huggingface_hub", "0.26.2", Module("huggingface_hub", "0.26.2"))),
        network=(Endpoint("huggingface", "Hugging Face Hub", answers=False),
                 Endpoint("huggingface", "HF mirror", answers=False, mirror=True),
                 Endpoint("pypi", "PyPI", answers=True)),
        expect={"torch.cuda_available": True},
    ),
    Scenario(
        name="nvidia-smi-prints-binary-junk",
        story="nvidia-smi answers every question with binary junk and exit status 0.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_3090,), nvidia_smi=NvidiaSmi(mode="garbage")),
        dists=(NUMPY_1,),
        expect={
            "nvidia.nvidia_smi.status": "ok",
            "nvidia.gpus": [],
            "nvidia.driver_version": "550.127.05",
            "nvidia.cuda_driver_version": None,
            "torch.status": "missing",
        },
    ),
    Scenario(
        name="torch27-cu121-never-published",
        story="A venv from a third-party wheel index: torch 2.7.0+cu121, although PyTorch published 2.7.0 for "
              "cu118, cu126 and cu128 only.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_3090,)),
        python=PythonSpec(select="VIRTUAL_ENV"),
        dists=(torch_cu("2.7.0+cu121", "12.1", 90501, (2, 26, 2), cuda_available=True), vision("0.22.0+cu121"),
               NUMPY_1),
        expect={
            "torch.status": "ok",
            "torch.version": "2.7.0+cu121",
            "torch.cuda": "12.1",
            "packages.torchvision.version": "0.22.0+cu121",
        },
    ),
    Scenario(
        name="nvidia-smi-floods-output",
        story="nvidia-smi prints 10 MB of table borders.",
        machine=Machine(driver=DRIVER_550, gpus=(RTX_3090,), nvidia_smi=NvidiaSmi(mode="flood")),
        dists=(NUMPY_1,),
        expect={
            "nvidia.nvidia_smi.status": "ok",
            "nvidia.gpus": [],
            "nvidia.driver_version": "550.127.05",
        },
    ),
]

# What `check` must report on each machine: exactly these rule ids, no more, no fewer
# (tests/test_scenarios_check.py). Symptoms a root cause explains are folded into it.
EXPECTED_FINDINGS: dict[str, frozenset[str]] = {
    "self-built-cu121-torch-on-470-driver": frozenset({"YD101", "YD212", "YD602"}),
    "yolov8-image-cpu-torch-in-gpu-container": frozenset({"YD204", "YD701", "YD602"}),
    "yolov12-t4-flash-attn": frozenset({"YD401", "YD602"}),
    "a100-container-torch27-cu126-64mb-shm": frozenset({"YD701", "YD808", "YD602", "YD810"}),
    "torchvision-built-for-another-torch": frozenset({"YD301", "YD602"}),
    "libcudnn-missing-at-torch-import": frozenset({"YD304"}),
    "numpy2-with-torch-built-for-numpy1": frozenset({"YD604"}),
    "opencv-python-without-libgl": frozenset({"YD605", "YD701", "YD104", "YD602"}),
    "nvidia-smi-hangs": frozenset({"YD109", "YD203", "YD102"}),
    "gpu-container-started-without-gpus-flag": frozenset({"YD710", "YD701"}),
    "rtx5090-with-cu124-torch": frozenset({"YD205", "YD602"}),
    "two-torch-installs-user-site-and-env": frozenset({"YD904"}),
    "healthy-rtx4090-cu124": frozenset({"YD602"}),  # info only: an older ultralytics, exit 0
    "h100-node-torch25-cu124-two-of-eight-visible": frozenset({"YD110", "YD102"}),
    "wsl2-laptop": frozenset(),
    "kubernetes-pod-without-gpu-resource": frozenset({"YD710", "YD701"}),
    "driver-library-mismatch-after-upgrade": frozenset({"YD103", "YD102"}),
    "nouveau-loaded-instead-of-nvidia": frozenset({"YD107", "YD109"}),
    "a100-mig-enabled": frozenset(),
    "conda-env-with-cudatoolkit": frozenset(),
    "pep668-debian-system-python": frozenset({"YD201", "YD104"}),
    "yolov13-fork-flash-attn-undefined-symbol": frozenset({"YD403", "YD211", "YD602"}),
    "cpu-torchvision-beside-cuda-torch": frozenset(),
    "torch-segfaults-on-import": frozenset({"YD203"}),
    "torch-hangs-on-import": frozenset({"YD203"}),
    "torch-crashes-in-cuda-is-available": frozenset({"YD203"}),
    "every-optional-package-broken": frozenset({"YD201", "YD503", "YD605", "YD104"}),
    "package-printing-fake-probe-records": frozenset({"YD105"}),
    "nvidia-smi-prints-binary-junk": frozenset({"YD201"}),
    # The live silences: a driver installed but not running is an error naming nvidia-smi's own message; a
    # hanging nvidia-smi is YD109 alone (no "start the container with --gpus all"); Hugging Face blocked while
    # PyPI answers is a finding, not a green Network line.
    "nvidia-smi-cannot-reach-driver": frozenset({"YD113"}),
    "nvidia-smi-hangs-while-cuda-works": frozenset({"YD109"}),
    "huggingface-blocked-pypi-answers": frozenset({"YD814"}),
    "nvidia-smi-floods-output": frozenset({"YD201"}),
    "torch27-cu121-never-published": frozenset({"YD207"}),
}
# -- platforms (WSL 2, Windows, Jetson, ROCm, macOS, conda): kept in their own file --------------------
from tests.platform_scenarios import PLATFORM_FINDINGS, PLATFORM_SCENARIOS  # noqa: E402

SCENARIOS += PLATFORM_SCENARIOS
EXPECTED_FINDINGS.update(PLATFORM_FINDINGS)
# -- end platforms --------------------------------------------------------------------------------------

SCENARIOS = [dataclasses.replace(s, expected_findings=EXPECTED_FINDINGS.get(s.name)) for s in SCENARIOS]

BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}
assert len(BY_NAME) == len(SCENARIOS), "scenario names must be unique"
