"""Shared memory, NCCL and CUDA libraries in the wordings of the fourteenth round's reports (files 9400-9499): a
SIGBUS retold by DeepSpeed's launcher without "code" and the signal's own description, /dev/shm watched filling up,
NCCL functions the loaded libnccl lacks (undefined symbol ncclCommRegister, ncclCommResume), CUDA runtime DLLs of one
CUDA major missing on Windows (cublasLt64_12.dll), and onnxruntime-gpu naming the cuDNN major it requires beside a
cuDNN of another major. Each is checked on small pastes written here, including ones it must not fire on, and on dev
reports through the same pipeline as `check --from`.
"""

import pytest

from yolodoctor.ingest.onnxruntime_required import required_cudnn_major

from pasted import check_categories, check_findings, report_categories, signal_categories, signal_ids


# ---- SIGBUS in the launcher's words and the signal's own description ------------------------------------------------

@pytest.mark.parametrize("text", [
    "[Error][launch.py:324:sigkill_handler]exits with return -7",
    "[2023-06-02 10:01:02,111] [ERROR] [launch.py:321:sigkill_handler] ['/usr/bin/python3', '-u', 'main.py'] "
    "exited with return -7",
    'running error with "Bus error: nonexistent physical address"',
    "Bus error: non-existent physical address",
])
def test_sigbus_retold_is_shared_memory(text):
    assert "process-killed-sigbus-status" in signal_ids(text)
    assert check_categories(text)[:1] == ["shm_small"]


@pytest.mark.parametrize("text", [
    "the function exits with return -70 when the file is empty",
    "exits with return 7",
    "the bus error was fixed by rebooting into the nonexistent kernel",
    "Segmentation fault: invalid physical address",
])
def test_other_returns_and_addresses_are_not_sigbus(text):
    assert "process-killed-sigbus-status" not in signal_ids(text)


# ---- shared memory watched filling up ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Looking at it more closely, /dev/shm fills up very quickly while the processes start.",
    "the main error is that it runs out of shared memory quickly at /dev/shm",
    "/dev/shm quickly filled up and then the workers died",
])
def test_shm_filling_up_in_words_is_shared_memory(text):
    assert "shared-memory-too-small-in-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["shm_small"]


@pytest.mark.parametrize("text", [
    "the disk fills up very quickly with checkpoints",
    "/dev/shm is mounted with 32G",
    "the kernel runs out of registers, not of memory",
])
def test_other_things_filling_up_are_not_shared_memory(text):
    assert "shared-memory-too-small-in-words" not in signal_ids(text)


def test_bloom_bus_error_report_ranks_shared_memory():
    assert report_categories("9402-bloom-inference-16-bus-error-nonexistent-physical-address.txt")[:1] == ["shm_small"]


def test_deepspeed_return_7_in_docker_report_ranks_shared_memory():
    assert report_categories("9403-lmflow-454-docker-3090-exits-return-7.txt")[:1] == ["shm_small"]


# ---- NCCL functions the loaded libnccl lacks ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ImportError: /home/user/.local/lib/python3.10/site-packages/torch/lib/libtorch_cuda.so: undefined symbol: "
    "ncclCommRegister",
    "ImportError: /usr/local/lib/python3.10/site-packages/torch/lib/libtorch_cuda.so: undefined symbol: ncclCommShrink",
    "undefined symbol ncclCommRegister",
    "/usr/local/lib/python3.12/site-packages/torch/lib/libtorch_cuda.so: undefined symbol: ncclAlltoAll",
])
def test_missing_nccl_function_is_nccl(text):
    assert "nccl-function-undefined" in signal_ids(text)
    assert check_categories(text)[:1] == ["nccl_problem"]


@pytest.mark.parametrize("text", [
    "undefined symbol: cudnnSetConvolutionGroupCount",
    "NCCL INFO ncclCommInitRank comm 0x55 rank 0 nranks 2 - Init COMPLETE",
    "undefined symbol: nccl_net_plugin_v6",
    "the symbol ncclCommRegister was added in NCCL 2.19",
])
def test_other_symbols_and_nccl_words_are_not_a_missing_nccl_function(text):
    assert "nccl-function-undefined" not in signal_ids(text)


def test_nccl_undefined_symbol_reports_rank_nccl():
    assert report_categories("9413-pytorch-186591-import-torch-undefined-ncclcommresume.txt")[:1] == ["nccl_problem"]
    assert report_categories("9414-codejudge-2-undefined-symbol-ncclcommregister.txt")[:1] == ["nccl_problem"]


# ---- CUDA runtime DLLs of one CUDA major missing on Windows ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    'FAIL : Error loading "D:\\app\\.venv\\Lib\\site-packages\\onnxruntime\\capi\\onnxruntime_providers_cuda.dll" '
    'which depends on "cublasLt64_12.dll" which is missing. (Error 126: "The specified module could not be found.")',
    "python3.13 Restoring with GPEN-BFR: cublasLt64_12.dll not found",
    "Could not locate cublasLt64_10.dll. Please make sure it is in your library path!",
    "The program can't start because cudart64_110.dll is missing from your computer.",
    "cufft64_11.dll could not be loaded",
])
def test_missing_cuda_runtime_dll_is_a_missing_cuda_library(text):
    assert "cuda-runtime-dll-missing" in signal_ids(text)
    assert check_categories(text)[:1] == ["cuda_lib_missing"]


@pytest.mark.parametrize("text", [
    "Could not locate cudnn_ops_infer64_8.dll. Please make sure it is in your library path!",
    "Loaded cublasLt64_12.dll from C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v12.4\\bin",
    "RuntimeError: Library cublas64_12.dll is not found or cannot be loaded",
    "fbgemm.dll not found",
])
def test_other_dlls_and_loaded_ones_are_not_this_entry(text):
    assert "cuda-runtime-dll-missing" not in signal_ids(text)


def test_reactor_cublaslt64_12_report_ranks_missing_cuda_library():
    assert report_categories("9425-comfyui-reactor-195-cublaslt64-12-dll-missing-cuda13.txt")[:1] == ["cuda_lib_missing"]


# ---- onnxruntime-gpu naming the cuDNN major it requires, beside a cuDNN of another major ------------------------------

REQUIRE_9 = ("[W:onnxruntime:Default, onnxruntime_pybind_state.cc:965 onnxruntime::python::CreateExecutionProviderInstance] "
             "Failed to create CUDAExecutionProvider. Require cuDNN 9.* and CUDA 12.*. Please install all dependencies "
             "as mentioned in the GPU requirements page, make sure they're in the PATH, and that your GPU is supported.")


@pytest.mark.parametrize("stated", [
    "My environment has CUDA 12.1 and cuDNN 8.9.",
    "CUDNN Version: 8.0",
    "nvidia-cudnn-cu12         8.9.2.26",
])
def test_required_cudnn_major_beside_another_stated_one_is_cudnn(stated):
    text = stated + "\n" + REQUIRE_9
    findings = check_findings(text)
    assert findings[0]["id"] == "onnxruntime-requires-other-cudnn"
    assert findings[0]["category"] == "cudnn_problem"


@pytest.mark.parametrize("stated", [
    "My environment has CUDA 12.4 and cuDNN 9.1.",      # the one it requires
    "cuDNN 8.9 and cuDNN 9.1 are both installed",        # two majors
    "",                                                  # the requirement alone
    "onnxruntime-gpu==1.19.2 with cuDNN 8.9",            # a named release: compat/cudnn.toml reads it
])
def test_required_cudnn_major_without_another_single_stated_one_is_not_this_finding(stated):
    text = stated + "\n" + REQUIRE_9
    assert "onnxruntime-requires-other-cudnn" not in [f["id"] for f in check_findings(text)]


def test_required_cudnn_major_read_from_onnxruntime_warnings():
    assert required_cudnn_major(REQUIRE_9) == 9
    assert required_cudnn_major(REQUIRE_9 + "\n" + REQUIRE_9.replace("cuDNN 9", "cuDNN 8")) is None
    assert required_cudnn_major("Require cuDNN 9.* and CUDA 12.*") is None
