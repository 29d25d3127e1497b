"""A CPU-only torch, hidden GPUs and old drivers, as the fourteenth round's reports say them: PyTorch Lightning's
empty GPU list, conda build strings and pip wheel names that carry no CUDA, YOLOv5's early "Using torch 1.6.0 CPU"
line, a CUDA torch said to be missing, nvidia-smi's "command not found" told after a verb, a container whose GPU is
said not to be found, and onnxruntime's rejected device_id. Each with look-alikes that must not be read."""

import pytest

from pasted import check_findings, report_findings, signal_ids


def _first(text: str) -> tuple[str, str]:
    first = check_findings(text)[0]
    return first["id"], first["category"]


# ---- PyTorch Lightning: GPUs asked for, none seen --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "pytorch_lightning.utilities.exceptions.MisconfigurationException: You requested GPUs: [0]\n"
    " But your machine only has: []",
    "pytorch_lightning.utilities.exceptions.MisconfigurationException: You requested GPUs: [1]\n But your machine only has: []",
    "lightning_fabric.utilities.exceptions.MisconfigurationException: `CUDAAccelerator` can not run on your system since "
    "the accelerator is not available. The following accelerator(s) is available and can be passed into `accelerator` "
    "argument of `Trainer`: ['cpu'].",
])
def test_lightning_without_gpus_is_a_torch_that_cannot_use_cuda(text):
    assert "lightning-no-gpu-seen" in signal_ids(text)
    assert _first(text) == ("lightning-no-gpu-seen", "torch_cpu_only")
    assert {"gpu_not_visible", "driver_too_old"} <= {f["category"] for f in check_findings(text)}


@pytest.mark.parametrize("text", [
    "You requested GPUs: [1]\n But your machine only has: [0]",      # a GPU is there: a wrong index asked for
    "GPU available: True (cuda), used: True",
    "The CPUAccelerator can run on your system.",
])
def test_lightning_with_gpus_is_not_read(text):
    assert "lightning-no-gpu-seen" not in signal_ids(text)


# ---- conda build strings that name the CPU variant ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "# Name                    Version                   Build  Channel\n"
    "_libgcc_mutex             0.1                        main\n"
    "_pytorch_select           0.1                       cpu_0",
    "pytorch-mutex             1.0                         cpu    pytorch",
    "    pytorch-1.12.1             |      py3.8_cpu_0       133.8 MB  pytorch\n"
    "    pytorch-mutex-1.0          |              cpu           3 KB  pytorch",
    "    pytorch-1.11.0             |cpu_py37h14e09b7_1        49.7 MB  conda-forge",
    "  pytorch-nightly    pytorch/linux-64::pytorch-nightly-1.2.0.dev20190805+cpu-py3.7_cpu_0",
    "  pytorch            pytorch/win-64::pytorch-1.12.1-py3.8_cpu_0",
])
def test_conda_cpu_builds_of_pytorch_are_read(text):
    assert "conda-pytorch-cpu-build" in signal_ids(text)
    asked = text + "\n>>> import torch\n>>> torch.cuda.is_available()\nFalse"
    assert _first(asked)[1] == "torch_cpu_only"


@pytest.mark.parametrize("text", [
    "pytorch                   2.0.1           py3.10_cuda11.8_cudnn8.7.0_0    pytorch",
    "pytorch-mutex             1.0                        cuda    pytorch",
    "_pytorch_select           0.2                       gpu_0",
    "    pytorch-2.1.0              |py3.11_cuda12.1_cudnn8.9.2_0       1.4 GB  pytorch",
    "print(os.cpu_count())",
    "torchvision               0.13.1               py38_cpu    pytorch",   # not torch's own build
    " pytorch 1.13.1     py3.8_cpu_0                          pytorch/linux-64",   # a search lists what exists
    "pytorch                   1.4.0           cpu_py37h7e40bad_0",   # pytorch's own row: the conda-list reader's
])
def test_conda_cuda_builds_and_other_cpu_words_are_not_read(text):
    assert "conda-pytorch-cpu-build" not in signal_ids(text)


# ---- PyPI's torch wheels for Windows -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Collecting torch==2.3.1\n  Using cached https://mirrors.aliyun.com/pypi/packages/85/fc/ee5bb50eff313149657f173b003649"
    "677e27fa3aaae1ecc806add37f017c/torch-2.3.1-cp310-cp310-win_amd64.whl (159.8 MB)",
    "Collecting torch\n  Downloading torch-2.0.1-cp311-cp311-win_amd64.whl (172.3 MB)\nSuccessfully installed torch-2.0.1",
])
def test_windows_wheels_of_torch_are_cpu_only(text):
    assert "torch-wheel-without-cuda" in signal_ids(text)
    assert _first(text) == ("torch-wheel-without-cuda", "torch_cpu_only")


@pytest.mark.parametrize("text", [
    "  Downloading https://download.pytorch.org/whl/cu121/torch-2.1.0%2Bcu121-cp311-cp311-win_amd64.whl (2473.9 MB)",
    "  Downloading torch-2.1.0+cu121-cp311-cp311-win_amd64.whl",
    "  Downloading torch-2.1.0-cp311-cp311-manylinux1_x86_64.whl (670.2 MB)",   # PyPI's Linux wheel has CUDA
    "  Downloading torchvision-0.16.0-cp311-cp311-win_amd64.whl (1.1 MB)",
    "  Downloading torchaudio-2.1.0-cp311-cp311-win_amd64.whl",
    "  Downloading torch-2.1.0-cp311-none-macosx_11_0_arm64.whl (59.6 MB)",   # a Mac: no CUDA to miss
])
def test_cuda_and_linux_wheels_and_other_packages_are_not_read(text):
    assert "torch-wheel-without-cuda" not in signal_ids(text)


# ---- YOLOv5's early start line ----------------------------------------------------------------------------------------

def test_yolov5_using_torch_cpu_line_is_the_device_fallen_back_to_cpu():
    text = "ubuntu18.04\nGPU:2080ti\ncuda:10.0\n\nUsing torch 1.6.0 CPU\n\nI want to train with the GPU."
    assert "app-device-fell-back-to-cpu" in signal_ids(text)
    assert _first(text) == ("app-device-fell-back-to-cpu", "torch_cpu_only")
    assert report_findings("9109-yolov5-1558-using-torch-cpu-2080ti.txt")[0]["category"] == "torch_cpu_only"


@pytest.mark.parametrize("text", [
    "Using torch 1.6.0 _CudaDeviceProperties(name='GeForce RTX 2080 Ti', total_memory=11019MB)",
    "Using torch 1.6.0 CPU-only builds is not supported here",
    "print('Using torch 1.6.0 CPU')",
])
def test_yolov5_gpu_line_and_other_sentences_are_not_read(text):
    assert "app-device-fell-back-to-cpu" not in signal_ids(text)


# ---- a CUDA torch said to be missing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "cuda error\n\nmissing cuda torch",
    "The cuda torch is missing from the environment.",
    "It looks like I'm missing the CUDA version of PyTorch.",
    "I think I'm missing the GPU torch.",
])
def test_a_cuda_torch_said_missing_is_a_cpu_build(text):
    assert "torch-cuda-build-missing-in-words" in signal_ids(text)
    assert "requirements-leave-out-torch" not in signal_ids(text)
    assert _first(text)[1] == "torch_cpu_only"


@pytest.mark.parametrize("text", [
    "torch is missing from the environment.yml",                  # torch itself: torch_missing
    "I'm missing CUDA torch extensions for this op",
    "the cuda toolkit is missing",
])
def test_torch_itself_or_extensions_missing_are_not_a_cpu_build(text):
    assert "torch-cuda-build-missing-in-words" not in signal_ids(text)


def test_a_cpu_build_beside_another_cause_ranks_after_it():
    text = ("conda list:\n_pytorch_select           0.1                       cpu_0\n"
            "ImportError: numpy.core.multiarray failed to import\n"
            "A module that was compiled using NumPy 1.x cannot be run in NumPy 2.0.0 as it may crash.")
    assert "conda-pytorch-cpu-build" in signal_ids(text)
    assert _first(text)[1] == "numpy_abi"


def test_torch_missing_from_requirements_is_still_torch_missing():
    assert "requirements-leave-out-torch" in signal_ids("torch is missing from the environment.yml")


# ---- nvidia-smi's "command not found" after a verb -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "After starting the image, `nvcc -V` shows the CUDA version, but `nvidia-smi` inside the container fails with: "
    "command not found",
    "nvidia-smi returns error command not found",
    "nvidia-smi gives the error: command not found",
])
def test_nvidia_smi_not_found_told_in_words_is_the_gpu_not_passed(text):
    assert "nvidia-smi-missing" in signal_ids(text)
    assert _first(text)[1] == "gpu_not_visible"


@pytest.mark.parametrize("text", [
    "nvidia-smi works, but python3: command not found",
    "nvidia-smi shows the GPU; conda: command not found",
])
def test_another_command_not_found_beside_nvidia_smi_is_not_read(text):
    assert "nvidia-smi-missing" not in signal_ids(text)


# ---- a container whose GPU is said not to be found --------------------------------------------------------------------

def test_gpu_not_recognized_in_docker_is_the_container_without_gpu():
    text = ("Gpu isnt recognized after install . Docker .\n\n"
            "After installing with Docker the GPU is not recognized.")
    assert _first(text) == ("container-without-gpu", "gpu_not_visible")
    assert report_findings("9108-odysseus-458-docker-gpu-not-recognized.txt")[0]["category"] == "gpu_not_visible"


def test_gpu_not_recognized_without_a_container_keeps_the_cpu_build_guess():
    text = "After installing, the GPU is not recognized."
    assert all(f["id"] != "container-without-gpu" for f in check_findings(text))


def test_a_cpu_build_in_a_container_stays_the_cpu_build():
    text = ("Inside the container:\nUltralytics YOLOv8.0.196 Python-3.10.5 torch-2.2.1+cpu CPU\n"
            "The GPU is not used.")
    assert _first(text)[1] == "torch_cpu_only"


# ---- onnxruntime's device_id ------------------------------------------------------------------------------------------

def test_onnxruntime_rejecting_device_id_is_no_gpu_visible():
    text = ('2022-11-25 15:06:55.092350462 [E:onnxruntime:Default, provider_bridge_ort.cc:1022 Get] '
            'Parse Failed to parse provider option "device_id": ')
    assert "onnxruntime-device-id-no-gpu" in signal_ids(text)
    assert _first(text) == ("onnxruntime-device-id-no-gpu", "gpu_not_visible")


def test_other_onnxruntime_provider_options_are_not_read():
    assert "onnxruntime-device-id-no-gpu" not in signal_ids('Failed to parse provider option "gpu_mem_limit"')
