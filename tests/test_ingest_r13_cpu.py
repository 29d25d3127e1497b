"""A CPU-only torch, hidden GPUs, old drivers and driver/library mismatches, as the thirteenth round's reports say
them: NVML's "Unknown Error" from a container that lost its GPU devices, a torch the paste names as built without
CUDA (collect_env's "Could not collect"), the checks people list with spaces for a separator ("torch.cuda.is_available
False"), a way asked to force CUDA beside the work on the CPU, and a CUDA torch replaced by a CPU one in words. Each
with look-alikes that must not be read."""

import pytest

from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.gpu_wish import cpu_used_gpu_wished
from pasted import check_findings, report_findings, signal_ids


def _first(text: str) -> tuple[str, str]:
    first = check_findings(text)[0]
    return first["id"], first["category"]


# ---- NVML's "Unknown Error": the container lost (or never had) the GPU's device nodes ------------------------------

@pytest.mark.parametrize("line", [
    "root@098b49afe624:/# nvidia-smi\nFailed to initialize NVML: Unknown Error",
    "nvidia-smi gives **failed to initialize nvml unknown error** which blocks the GPU inside the docker.",
    "Error: Failed to initialize NVML: ERROR_UNKNOWN",  # go-nvml's name for the same result
])
def test_nvml_unknown_error_is_the_gpu_hidden(line):
    assert "nvml-unknown-error" in signal_ids(line)
    assert _first(line) == ("nvml-unknown-error", "gpu_not_visible")


@pytest.mark.parametrize("line", [
    "Failed to initialize NVML: Driver/library version mismatch",   # the same prefix, the driver's versions
    "An unknown error occurred while loading the model",           # another library's unknown error
    "nvml: unknown device index 3",
])
def test_other_nvml_and_unknown_errors_are_not_read(line):
    assert "nvml-unknown-error" not in signal_ids(line)


def test_nvml_unknown_error_outranks_the_docker_shm_risk():
    paste = ("docker run --gpus all --rm -it nvidia/cuda:11.4.2-base-ubuntu18.04 bash\n"
             "root@098b49afe624:/# nvidia-smi\nFailed to initialize NVML: Unknown Error\n")
    assert _first(paste)[1] == "gpu_not_visible"


def test_reports_of_containers_losing_the_gpu():
    for name in ("8120-nvidia-docker-1671-nvml-unknown-after-daemon-reload.txt",
                 "8123-bigdata-150-k8s-cpu-manager-nvml-unknown.txt",
                 "8128-bladedisc-1248-nvml-unknown-after-hours.txt"):
        assert report_findings(name)[0]["category"] == "gpu_not_visible", name


# ---- collect_env naming no CUDA build beside an NVIDIA GPU -----------------------------------------------------------

COLLECT_ENV = """PyTorch version: 1.8.1
Is debug build: False
CUDA used to build PyTorch: {built}
ROCM used to build PyTorch: N/A

OS: Ubuntu 18.04.6 LTS (x86_64)
Python version: 3.8.16 (default, Jun 12 2023, 18:09:05)  [GCC 11.2.0] (64-bit runtime)
Is CUDA available: False
CUDA runtime version: 11.4.152
GPU models and configuration: 
GPU 0: NVIDIA GeForce RTX 3090

Nvidia driver version: 470.182.03
"""


@pytest.mark.parametrize("built", ["Could not collect", "None"])
def test_collect_env_without_a_cuda_build_beside_a_gpu_is_the_cpu_build(built):
    assert check_findings(COLLECT_ENV.format(built=built))[0]["category"] == "torch_cpu_only"


def test_collect_env_with_a_cuda_build_is_not_the_cpu_build():
    categories = [f["category"] for f in check_findings(COLLECT_ENV.format(built="11.1"))]
    assert "torch_cpu_only" not in categories


def test_report_conda_cpuonly_collect_env():
    assert report_findings("8101-pytorch-106565-conda-old-versions-cpuonly.txt")[0]["category"] == "torch_cpu_only"


# ---- checks listed with spaces for a separator -------------------------------------------------------------------

@pytest.mark.parametrize("line, value", [
    ("torch.cuda.is_available False", False),
    ("torch.cuda.is_available()   True", True),
    ("cuda.is_available() False.", False),
])
def test_spaced_answer_is_read(line, value):
    assert ingest_text(line).facts.torch.cuda_available is value


@pytest.mark.parametrize("line", [
    'device = "cuda" if torch.cuda.is_available() else "cpu"',   # code
    "torch.cuda.is_available() False in the venv but True in conda",  # not the line's end
    "torch.cuda.is_available Falsely reports",
])
def test_spaced_answer_needs_a_bare_literal_at_the_end(line):
    assert ingest_text(line).facts.torch.cuda_available is None


def test_report_listed_checks_with_a_cpu_wheel():
    assert report_findings("8109-unilab-624-windows-uv-sync-cpu-torch.txt")[0]["category"] == "torch_cpu_only"


# ---- a way asked to force CUDA, beside the work on the CPU -----------------------------------------------------------

def _lines(text: str):
    return list(enumerate(text.splitlines(), 1))


def test_force_cuda_wish_and_a_question_before_the_cpu_clause():
    text = "Nice tool, but is there a way to force CUDA? It keeps running on my CPU, which makes it very slow."
    assert cpu_used_gpu_wished(_lines(text)) == 1
    assert _first(text)[1] == "torch_cpu_only"


@pytest.mark.parametrize("text", [
    "Is there a way to force the CPU? It keeps running on my GPU.",       # the other way round
    "Can it run on the CPU? Is there a way to force CUDA?",               # the CPU clause is itself a question
    "You can force CUDA with --device cuda.",                            # advice, and no CPU in use
])
def test_force_wish_look_alikes_are_not_read(text):
    assert cpu_used_gpu_wished(_lines(text)) is None


# ---- a CUDA torch replaced by a CPU one, in words --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I have an RTX 3060. Installing faster-whisper with pip swapped it for the CPU torch.",  # a full stop after it
    "RTX 3060 here, but the installer replaced my CUDA PyTorch with a CPU one.",
    "RTX 3080 here. This node seems to have switched off pytorch's cuda.",
    "RTX 3080 here. The custom node disables the pytorch cuda apparently.",
])
def test_cpu_build_said_in_words(text):
    assert "torch-cpu-build-in-words" in signal_ids(text)
    assert _first(text)[1] == "torch_cpu_only"


@pytest.mark.parametrize("text", [
    "RTX 3080: disable torch cuda graphs to save memory",           # a torch CUDA feature, not the build
    "RTX 3080: we removed torch cuda caching from the loop",
    "RTX 3080: the cpu torch.device is used for loading",            # code, not the build
    "RTX 3080: I replaced the old cable with a new one",
])
def test_cpu_build_look_alikes_are_not_read(text):
    assert "torch-cpu-build-in-words" not in signal_ids(text)


def test_report_node_switched_off_torch_cuda():
    assert report_findings("8111-comfyui-tooncrafter-18-node-broke-torch-cuda.txt")[0]["category"] == "torch_cpu_only"
