"""A CPU-only torch, hidden GPUs and old drivers, as the fifteenth round's reports say them: the runtime's "busy or
unavailable" (no context on any GPU), the build flag printed under a tool's or a script's label ("PyTorch built with
CUDA: False", torch.backends.cuda.is_built() answering False), conda's defaults and conda-forge CPU build strings in a
plan ("cpu_py311h...", mamba's "+ pytorch ... cpu_generic_py311h..."), torch said in words to have no CUDA support, an
issue template's "Docker: no", and error 804 told by its number. Each with look-alikes that must not be read."""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids
from yolodoctor.ingest.template_answers import without_denied_container


def _first(text: str) -> tuple[str, str]:
    first = check_findings(text)[0]
    return first["id"], first["category"]


# ---- no context on any GPU: "busy or unavailable" -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: CUDA error: all CUDA-capable devices are busy or unavailable",
    "RuntimeError: CUDA error: CUDA-capable device(s) is/are busy or unavailable\n"
    "CUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be "
    "incorrect.",
    "THCudaCheck FAIL file=/opt/conda/conda-bld/pytorch_1503970438496/work/torch/lib/THC/generic/THCStorage.cu line=66 "
    "error=46 : all CUDA-capable devices are busy or unavailable",
    "Check failed: error == cudaSuccess (46 vs. 0)  all CUDA-capable devices are busy or unavailable",
    "cupy_backends.cuda.api.runtime.CUDARuntimeError: cudaErrorDevicesUnavailable: CUDA-capable device(s) is/are busy "
    "or unavailable",
])
def test_busy_or_unavailable_is_a_gpu_this_process_cannot_open(text):
    assert "cuda-devices-busy-or-unavailable" in signal_ids(text)
    assert _first(text) == ("cuda-devices-busy-or-unavailable", "gpu_not_visible")
    assert "driver_mismatch" in check_categories(text)


@pytest.mark.parametrize("text", [
    "The server is busy or unavailable, please retry later.",
    "All GPUs are busy right now; the job waits in the queue.",
    "CUDA-capable device found: NVIDIA GeForce RTX 3090",
])
def test_other_busy_words_are_not_the_cuda_error(text):
    assert "cuda-devices-busy-or-unavailable" not in signal_ids(text)


def test_the_a5000_report_ranks_the_gpu_this_process_cannot_open_first():
    assert report_categories("10107-sd-webui-2986-busy-or-unavailable-a5000.txt")[:1] == ["gpu_not_visible"]


# ---- the build flag under a tool's or a script's label ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Collecting environment information...\nPyTorch built with CUDA: False\nGPU: NVIDIA GeForce RTX 3060",
    "torch built with CUDA: False",
    "import torch\nprint(torch.backends.cuda.is_built())\nFalse\nMy laptop has an RTX 4070.",
    ">>> torch.backends.cuda.is_built()\nFalse",
    "torch.backends.cuda.is_built(): False",
    "In [3]: torch.backends.cuda.is_built()\nOut[3]: False",
    "torch.has_cuda: False",
])
def test_a_labelled_build_flag_without_cuda_is_a_cpu_only_torch(text):
    assert "torch-built-without-cuda-label" in signal_ids(text)
    assert check_categories(text)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("text", [
    "PyTorch built with CUDA: True",
    "torch.backends.cuda.is_built(): True",
    "PyTorch built with CUDA 12.1",
    "Is the model built with CUDA: False? It should use half precision.",
    "print(torch.cuda.is_available())\nFalse",
])
def test_a_build_with_cuda_or_another_flag_is_not_the_label(text):
    assert "torch-built-without-cuda-label" not in signal_ids(text)


# ---- conda's defaults and conda-forge CPU builds in a plan ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The following NEW packages will be INSTALLED:\n\n"
    "  pytorch            pkgs/main/linux-64::pytorch-2.3.0-cpu_py311ha0631a2_0\n"
    "  torchvision        pkgs/main/linux-64::torchvision-0.18.0-cpu_py311h1f0bd96_0\n\n"
    "After creating the env, training does not use the GPU.",
    "  + pytorch                          2.1.2  cpu_generic_py311h0a8a9c0_1   conda-forge     Cached\n"
    "  + torchvision                      0.16.2  cpu_py311h5a6a0cb_2           conda-forge     Cached\n\n"
    "After creating the env, training does not use the GPU.",
    "  pytorch            conda-forge/linux-64::pytorch-2.1.2-cpu_mkl_py311h2bbb7d0_101\n"
    "torch.cuda.is_available() is False on my RTX 3090",
])
def test_a_conda_cpu_build_string_in_a_plan_is_a_cpu_only_torch(text):
    assert "conda-pytorch-cpu-build" in signal_ids(text)
    assert check_categories(text)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("text", [
    "  pytorch            conda-forge/linux-64::pytorch-2.1.2-cuda118_py311h0e8b8f1_301",
    "  + pytorch                          2.1.2  cuda118_py311h0e8b8f1_301   conda-forge     Cached",
    "  + pytorch-cuda                     12.1  ha16c6d3_5                   pytorch         Cached",
    "  + cpuonly 2.0 0 pytorch",
])
def test_a_conda_cuda_build_is_not_a_cpu_build(text):
    assert "conda-pytorch-cpu-build" not in signal_ids(text)


# ---- torch said in words to have no CUDA support ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Training is very slow. The installed torch has no GPU support, so the RTX 3080 is never used.",
    "It turned out the installed torch had no CUDA support.",
    "pytorch lacks CUDA support in this env",
])
def test_torch_said_to_have_no_cuda_support_is_a_cpu_only_torch(text):
    assert "torch-cpu-build-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("text", [
    "My old card has no CUDA support, so torch falls back to the CPU.",
    "This torch build has no GPU kernels for sm_50.",
])
def test_a_card_without_cuda_support_is_not_the_cpu_build_in_words(text):
    assert "torch-cpu-build-in-words" not in signal_ids(text)


# ---- an issue template's "Docker: no" ---------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["- docker: no", "using docker: none", "container: n/a", "docker? no", "docker: false"])
def test_a_template_answering_no_about_docker_says_no_container(line):
    assert "docker" not in without_denied_container(line) and "container" not in without_denied_container(line)


@pytest.mark.parametrize("line", ["docker: yes", "i run it in docker", "docker: no module named torch in the image",
                                  "docker: 24.0.5"])
def test_other_docker_lines_keep_the_word(line):
    assert without_denied_container(line) == line


def test_a_template_docker_no_reads_like_the_same_paste_without_it():
    body = "### Environment\n- OS: Ubuntu 22.04\n{}- GPU: RTX 3090\n\ntorch.cuda.is_available() returns False\n"
    assert check_categories(body.format("- Docker: no\n")) == check_categories(body.format(""))


# ---- error 804 told by its number -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "When I start the container I get CUDA error 804 and torch cannot use the GPU.\n"
    "| NVIDIA-SMI 525.125.06             Driver Version: 525.125.06   CUDA Version: 12.0     |",
    "cudaGetDeviceCount returned error 804 on my RTX 3060\nDriver Version: 470.86",
    "CUDA failure 804 when the model loads",
    "torch says forward compatibility error after the upgrade; Driver Version: 470.57.02",
])
def test_error_804_by_its_number_is_a_driver_older_than_the_cuda_in_use(text):
    assert "cuda-compat-unsupported-hw" in signal_ids(text)
    assert check_categories(text)[:1] == ["driver_too_old"]


@pytest.mark.parametrize("text", [
    'File "train.py", line 804, in <module>',
    "Downloading model.pt: 804 MB",
    "The CUDA forward compatibility package is installed for data-center GPUs.",
    "error: 8040 items skipped",
])
def test_other_804s_are_not_the_forward_compatibility_error(text):
    assert "cuda-compat-unsupported-hw" not in signal_ids(text)


def test_the_gpustack_report_reads_error_804_as_an_old_driver():
    assert report_categories("10110-gpustack-1254-error-804-driver-535.txt")[:1] == ["driver_too_old"]
