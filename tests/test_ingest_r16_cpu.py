"""A CPU-only torch, hidden GPUs, old drivers and driver/library mismatches, as the sixteenth round's reports say them:
CUDA's "driver version is insufficient" inside a container whose driver runs any runtime of the family (the container
was given no GPU), a container given an NVIDIA device file the host does not have, TensorFlow's "kernel driver does
not appear to be running", the kernel log's API mismatch with dmesg's timestamps, a torch version after an arrow, and
Bark's "No GPU being used". Each with look-alikes that must not be read."""

import pytest

from pasted import check_categories, check_findings, pasted_facts, report_categories, signal_ids


def _first(text: str) -> tuple[str, str]:
    first = check_findings(text)[0]
    return first["id"], first["category"]


# ---- "driver version is insufficient" in a container whose driver is new enough ------------------------------------

_INSUFFICIENT = "RuntimeError: CUDA failed with error CUDA driver version is insufficient for CUDA runtime version"


@pytest.mark.parametrize("text", [
    "I run the linuxserver/faster-whisper:gpu container in my k8s cluster.\n" + _INSUFFICIENT + "\n"
    "Driver information on the host:\n"
    "| NVIDIA-SMI 550.144.03             Driver Version: 550.144.03     CUDA Version: 12.4     |",
    "Running faster-whisper in a docker container on my unraid server:\n" + _INSUFFICIENT + "\n"
    "Nvidia Driver Version: 565.77\nInstalled GPU(s):\nTesla P40",
    "The whisper-asr:gpu image runs in a docker container.\n" + _INSUFFICIENT + "\n"
    "| NVIDIA-SMI 580.65.06              Driver Version: 580.65.06      CUDA Version: 13.0     |",
])
def test_insufficient_driver_in_a_container_with_a_new_driver_is_no_gpu_given(text):
    assert "cuda-insufficient-driver" in signal_ids(text)
    assert _first(text) == ("insufficient-driver-in-container", "gpu_not_visible")
    assert "driver_too_old" in check_categories(text)[:3]


@pytest.mark.parametrize("text", [
    # the driver is below the CUDA 12 floor (CTranslate2 4 is built for CUDA 12): too old indeed
    "Base image nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04 in docker\n" + _INSUFFICIENT + "\n"
    "| NVIDIA-SMI 510.85.02    Driver Version: 510.85.02    CUDA Version: 11.6     |",
    # a CUDA 13 runtime named beside a 550 driver: too old indeed
    "docker compose up\ntorch 2.9.0+cu130\n" + _INSUFFICIENT + "\n"
    "| NVIDIA-SMI 550.120    Driver Version: 550.120    CUDA Version: 12.4     |",
    # not in a container: the signature's reading stands
    _INSUFFICIENT + "\n| NVIDIA-SMI 565.77    Driver Version: 565.77    CUDA Version: 12.7     |",
    # no driver version shown
    "Running it in a docker container\n" + _INSUFFICIENT,
    # `docker --version` printed in the report: Docker is installed, the program need not run in a container
    "Docker version 28.0.4, build b8034c0\n" + _INSUFFICIENT + "\n"
    "| NVIDIA-SMI 535.183.01    Driver Version: 535.183.01    CUDA Version: 12.2     |",
])
def test_insufficient_driver_stays_too_old_otherwise(text):
    assert _first(text)[1] == "driver_too_old"
    assert "insufficient-driver-in-container" not in [f["id"] for f in check_findings(text)]


@pytest.mark.parametrize("name", [
    "11104-faster-whisper-1229-unraid-p40-nvidia-visible-devices.txt",
    "11105-faster-whisper-1259-k8s-container-driver-insufficient.txt",
])
def test_the_container_reports_rank_the_hidden_gpu_first(name):
    assert report_categories(name)[:1] == ["gpu_not_visible"]


def test_the_driver_510_report_stays_driver_too_old():
    assert report_categories("11103-faster-whisper-734-ctranslate2-4-cuda11-driver-510.txt")[:1] == ["driver_too_old"]


# ---- an NVIDIA device file the host does not have --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'Error response from daemon: error gathering device information while adding custom device "/dev/nvidia-uvm": '
    "no such file or directory",
    "docker: Error response from daemon: error gathering device information while adding custom device "
    '"/dev/nvidia0": no such file or directory.',
    "Error: crun: stat /dev/nvidiactl: No such file or directory: OCI runtime attempted to invoke a command that was "
    "not found",
])
def test_a_missing_nvidia_device_file_is_no_driver_on_the_host(text):
    assert "container-nvidia-device-missing" in signal_ids(text)
    assert _first(text) == ("container-nvidia-device-missing", "gpu_not_visible")


@pytest.mark.parametrize("text", [
    'error gathering device information while adding custom device "/dev/snd": no such file or directory',
    "ls /dev/nvidia*\n/dev/nvidia0  /dev/nvidia-uvm  /dev/nvidiactl",
    "docker run --device /dev/nvidia0 --device /dev/nvidiactl image",
])
def test_other_devices_and_listings_are_not_read(text):
    assert "container-nvidia-device-missing" not in signal_ids(text)


def test_the_cloud_reboot_report_ranks_the_missing_driver_first():
    assert report_categories("11114-cloudypad-179-g4dn-dev-nvidia-uvm-missing-after-reboot.txt")[:1] == \
        ["gpu_not_visible"]


# ---- no NVIDIA kernel driver running ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2018-01-27 15:34:49.308825: E tensorflow/stream_executor/cuda/cuda_driver.cc:406] failed call to cuInit: "
    "CUDA_ERROR_UNKNOWN\n2018-01-27 15:34:49.308894: I tensorflow/stream_executor/cuda/cuda_diagnostics.cc:145] "
    "kernel driver does not appear to be running on this host (linux-2186): /proc/driver/nvidia/version does not "
    "exist",
    "I external/xla/xla/stream_executor/cuda/cuda_diagnostics.cc:135] kernel driver does not appear to be running on "
    "this host (gpu-node): /proc/driver/nvidia/version does not exist",
])
def test_no_kernel_driver_running_is_a_gpu_this_process_cannot_reach(text):
    assert "nvidia-kernel-driver-not-running" in signal_ids(text)
    assert _first(text) == ("nvidia-kernel-driver-not-running", "gpu_not_visible")


@pytest.mark.parametrize("text", [
    "cat /proc/driver/nvidia/version\nNVRM version: NVIDIA UNIX x86_64 Kernel Module  535.54.03",
    "the kernel driver is running on this host",
])
def test_the_driver_version_file_shown_is_not_read(text):
    assert "nvidia-kernel-driver-not-running" not in signal_ids(text)


# ---- the kernel log's API mismatch with dmesg's timestamps -----------------------------------------------------------

def test_an_api_mismatch_with_dmesg_timestamps_is_read():
    text = ("[ 8957.099615] NVRM: API mismatch: the client has the version 570.148.08, but\n"
            "[ 8957.099615] NVRM: this kernel module has the version 570.148.06.  Please\n"
            "[ 8957.099615] NVRM: make sure that this kernel module and all NVIDIA driver\n")
    assert _first(text) == ("nvrm-api-mismatch", "driver_mismatch")
    assert report_categories("11121-nvidiavgpuarchive-1-guest-570-148-08-host-06-api-mismatch.txt")[:1] == \
        ["driver_mismatch"]


def test_another_api_mismatch_is_not_read():
    assert "nvrm-api-mismatch" not in signal_ids("vkCreateInstance: API mismatch between the loader and the layer")


# ---- a torch version after an arrow ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, version", [
    ("torch.__version__ → 2.9.1+cpu\ntorch.version.cuda → None\ntorch.cuda.is_available() → False", "2.9.1+cpu"),
    ("torch.__version__ => 2.1.0+cpu", "2.1.0+cpu"),
    ("torch.__version__ -> 2.3.1+cu121", "2.3.1+cu121"),
])
def test_a_torch_version_after_an_arrow_is_read(text, version):
    assert pasted_facts(text).torch.version == version


def test_an_arrow_answer_of_is_available_is_read():
    assert pasted_facts("torch.cuda.is_available() → False").torch.cuda_available is False


def test_an_arrow_in_code_is_not_a_version():
    assert pasted_facts("def f(x) -> torch.Tensor: return torch.__version__").torch.version is None


# ---- Bark's "No GPU being used" ----------------------------------------------------------------------------------------

def test_bark_running_without_a_gpu_is_read_as_torch_unable_to_use_cuda():
    text = "When trying to run a script, I get: `No GPU being used. Careful, inference might be very slow!`"
    assert check_categories(text)[:1] == ["torch_cpu_only"]


def test_a_gpu_in_use_is_not_read():
    assert check_categories("GPU being used: 95% while training") == []
