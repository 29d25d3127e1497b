"""Messages of the end-user AI applications (faster-whisper/WhisperX's CTranslate2, cuDNN on Windows, NCCL
reworded by LLM servers, ComfyUI's and InvokeAI's start-up lines, Windows' page file in any language).

Each on small pastes written here (including the near misses that must not match) and on one report of the
dev split of the real-report corpus.
"""

from pathlib import Path

import pytest

from yolodoctor.ingest import ingest_path, ingest_text
from pasted import result_categories as categories, signal_ids

REPORTS = Path(__file__).parent / "fixtures" / "reports"


# ---- CTranslate2's loader: a CUDA library of the major it was built for ------------------------------------------

@pytest.mark.parametrize("line", [
    "RuntimeError: Library libcublas.so.12 is not found or cannot be loaded",
    "RuntimeError: Library libcublas.so.11 is not found or cannot be loaded",
    "RuntimeError: Library cublas64_11.dll is not found or cannot be loaded",
    "RuntimeError: Library libcudart.so.12 is not found or cannot be loaded",
    "Could not load library libcublasLt.so.11. Error: libcublasLt.so.11: cannot open shared object file",
])
def test_ctranslate2_cannot_load_cublas_is_a_missing_cuda_library(line):
    assert "cuda-runtime-library-not-loadable" in signal_ids(line + "\n")
    assert categories(ingest_text(line + "\n"))[0] == "cuda_lib_missing"


def test_ctranslate2_cudnn_is_cudnn_and_other_libraries_are_not_cuda():
    cudnn = "RuntimeError: Library cudnn_ops_infer64_8.dll is not found or cannot be loaded\n"
    assert "cudnn-could-not-load" in signal_ids(cudnn)
    assert "cuda-runtime-library-not-loadable" not in signal_ids(cudnn)
    # A library of another project with the same wording, and cuBLAS named without failing, are not it.
    for text in ("RuntimeError: Library libsndfile.so.1 is not found or cannot be loaded\n",
                 "Loaded library libcublas.so.12 from /usr/local/cuda/lib64\n"):
        assert "cuda-runtime-library-not-loadable" not in signal_ids(text)


def test_ctranslate2_on_a_dev_report():
    assert categories(ingest_path(str(REPORTS / "1404-whisperx-788-libcublas12-on-cuda118.txt")))[0] == \
        "cuda_lib_missing"


# ---- cuDNN on Windows: the DLL names and "Could not locate" ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Could not load library cudnn_ops_infer64_8.dll. Error code 126\n"
    "Please make sure cudnn_ops_infer64_8.dll is in your library path!\n",
    "Could not locate cudnn_ops_infer64_8.dll. Please make sure it is in your library path!\n",
    "Could not locate cudnn_ops64_9.dll. Please make sure it is in your library path!\n",
])
def test_cudnn_windows_dll_is_cudnn(text):
    assert "cudnn-could-not-load" in signal_ids(text)
    assert categories(ingest_text(text))[0] == "cudnn_problem"


def test_cudnn_dll_near_misses():
    # A cuDNN DLL that was found, and another DLL that could not be located, are not cuDNN failures.
    for text in ("Loaded cudnn_ops_infer64_8.dll from C:\\cuda\\bin\n",
                 "Could not locate zlibwapi.dll. Please make sure it is in your library path!\n"):
        assert "cudnn-could-not-load" not in signal_ids(text)


def test_cudnn_windows_on_a_dev_report():
    result = ingest_path(str(REPORTS / "1411-whisper-writer-29-cudnn-ops-infer-auto-device.txt"))
    assert categories(result)[0] == "cudnn_problem"


# ---- NCCL's "unhandled system error", however a server rewords it ----------------------------------------------

def test_nccl_unhandled_system_error_in_any_wording_names_nccl_then_shared_memory():
    for text in ("VllM ： NCCLerror: unhandled system error (run withNCCL DEBUG=INFo for details)\n",
                 "torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/"
                 "ProcessGroupNCCL.cpp:1970, unhandled system error (run with NCCL_DEBUG=INFO for details), "
                 "NCCL version 2.20.5\n"):
        ids = signal_ids(text)
        assert "nccl-unhandled-system-error" in ids and "nccl-error" not in ids  # the general one is superseded
        assert categories(ingest_text(text))[:2] == ["nccl_problem", "shm_small"]
    # Another NCCL failure keeps its own reading; a CUDA "unhandled cuda error" is not a system error.
    other = "NCCL error in: ProcessGroupNCCL.cpp:1691, unhandled cuda error, NCCL version 2.18.1\n"
    assert "nccl-unhandled-system-error" not in signal_ids(other)
    assert "nccl-error" in signal_ids(other)


def test_nccl_reworded_on_a_dev_report():
    result = ingest_path(str(REPORTS / "1415-xinference-2836-vllm-nccl-docker-shm.txt"))
    assert categories(result)[:2] == ["nccl_problem", "shm_small"]


# ---- the application's own device line -----------------------------------------------------------------------

@pytest.mark.parametrize("line", [">> Using device_type cpu", ">> Using device_type CPU",
                                  "[2024-10-02 09:04:20,991]::[InvokeAI]::INFO --> Using torch device: CPU",
                                  "2025-01-01T10:00:00.000 - Device: cpu"])
def test_the_application_choosing_the_cpu_points_at_a_cpu_only_torch(line):
    assert "app-device-fell-back-to-cpu" in signal_ids(line + "\n")
    assert categories(ingest_text(line + "\n"))[0] == "torch_cpu_only"


def test_the_cpu_device_line_near_misses_and_a_stated_cause_first():
    for text in ("Device: cuda:0 NVIDIA GeForce RTX 3060 : cudaMallocAsync\n", ">> Using device_type cuda\n",
                 "Using torch device: CUDA\n", "x.Device: cpu\n"):
        assert "app-device-fell-back-to-cpu" not in signal_ids(text)
    # An old driver stated in the paste explains the fallback: it ranks first.
    old = (">> Using device_type cpu\nUserWarning: CUDA initialization: The NVIDIA driver on your system is too old "
           "(found version 11040).\n")
    assert categories(ingest_text(old))[0] == "driver_too_old"


def test_the_cpu_device_line_on_a_dev_report():
    result = ingest_path(str(REPORTS / "1434-invokeai-1202-device-type-cpu-after-reinstall.txt"))
    assert categories(result)[0] == "torch_cpu_only"


# ---- wordings that were missed: the page file's code, libGL in words, an old driver without its version ----------

def test_windows_page_file_by_its_code_in_any_language():
    for text in ("!!! Exception during processing !!! El archivo de paginación es demasiado pequeño para completar "
                 "la operación. (os error 1455)\n", "(os error 1455)\n"):
        assert "windows-paging-file" in signal_ids(text)
        assert categories(ingest_text(text))[0] == "resources_low"
    assert "windows-paging-file" not in signal_ids("(os error 14550)\nos error 1456\n")


def test_libgl_missing_said_in_words():
    for text in ("Missing libGL.so.1\n", "libGL.so.1 not found, install libgl1\n", "libGL.so.1 is missing\n"):
        assert "libgl-missing-in-words" in signal_ids(text)
        assert categories(ingest_text(text))[0] == "opencv_libgl"
    for text in ("Installed libGL.so.1 via apt\n", "ImportError: libGL.so.1: cannot open shared object file\n"):
        assert "libgl-missing-in-words" not in signal_ids(text)


def test_driver_too_old_without_its_version_still_names_the_driver():
    text = "RuntimeError: The NVIDIA driver on your system is too old\n"
    assert "torch-driver-too-old" in signal_ids(text)
    assert categories(ingest_text(text))[0] == "driver_too_old"
    # With the version, the driver's CUDA is still read from it.
    full = "RuntimeError: The NVIDIA driver on your system is too old (found version 11040).\n"
    assert ingest_text(full).facts.nvidia.cuda_driver_version == "11.4"
    assert ingest_text(text).facts.nvidia.cuda_driver_version is None
