"""GPU memory, CUDA libraries and NCCL in the wordings of the sixteenth round's reports (files 11400-11499):
TensorFlow's "Could not create cudnn handle" when its up-front allocation has taken the GPU's memory, a cuBLAS function
that cannot be loaded ("Invalid handle. Cannot load symbol cublasLtCreate"), and a run on several GeForce RTX 40/50
cards said to hang. Each is checked on small pastes written here, including ones it must not fire on, and on dev
reports through the same pipeline as `check --from`.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids

# ---- TensorFlow's cuDNN handle and the GPU's memory ----------------------------------------------------------------

TF_LOG = """\
2019-04-11 14:19:56.948126: I tensorflow/core/common_runtime/gpu/gpu_device.cc:1115] Created TensorFlow device \
(/job:localhost/replica:0/task:0/device:GPU:0 with 6955 MB memory) -> physical GPU (device: 0, name: GeForce RTX 2070, \
pci bus id: 0000:01:00.0, compute capability: 7.5)
2019-04-11 14:19:59.264535: E tensorflow/stream_executor/cuda/cuda_dnn.cc:334] Could not create cudnn handle: \
CUDNN_STATUS_INTERNAL_ERROR
"""


@pytest.mark.parametrize("text", [
    TF_LOG,
    "2020-11-15 16:46:03.303728: E tensorflow/stream_executor/cuda/cuda_dnn.cc:329] Could not create cudnn handle: "
    "CUDNN_STATUS_ALLOC_FAILED\n",
    "E tensorflow/stream_executor/cuda/cuda_dnn.cc:385] could not create cudnn handle: CUDNN_STATUS_INTERNAL_ERROR\n",
    "2023-01-02 10:00:00.1: E tensorflow/compiler/xla/stream_executor/cuda/cuda_dnn.cc:417] Could not create cudnn "
    "handle: CUDNN_STATUS_INTERNAL_ERROR\n",
    # retold without a source path, above the log that shows it
    "Could not create cudnn handle: CUDNN_STATUS_INTERNAL_ERROR\n\nRunning the convnet notebook fails:\n" + TF_LOG,
])
def test_tensorflow_cannot_create_its_cudnn_handle_is_gpu_memory(text):
    assert check_categories(text)[:1] == ["gpu_oom"]
    assert "tf-cudnn-handle-gpu-memory" in signal_ids(text)


@pytest.mark.parametrize("text", [
    # JAX prints the same words from XLA's copy of the stream executor
    "2023-05-20 20:06:28.373077: E external/xla/xla/stream_executor/cuda/cuda_dnn.cc:439] Could not create cudnn "
    "handle: CUDNN_STATUS_INTERNAL_ERROR\n",
    # ... and says the memory is free
    "E0515 10:03:24.130426   19611 cuda_dnn.cc:534] Could not create cudnn handle: CUDNN_STATUS_INTERNAL_ERROR\n"
    "E0515 10:03:24.130458   19611 cuda_dnn.cc:538] Memory usage: 7973961728 bytes free, 8198619136 bytes total.\n",
    "Could not create cudnn handle: CUDNN_STATUS_INTERNAL_ERROR\n"
    "E0515 10:03:24.130458   19611 cuda_dnn.cc:538] Memory usage: 7973961728 bytes free, 8198619136 bytes total.\n",
    # other cuDNN statuses and torch's wording of a cuDNN failure
    "E tensorflow/stream_executor/cuda/cuda_dnn.cc:334] Could not create cudnn handle: CUDNN_STATUS_NOT_INITIALIZED\n",
    "RuntimeError: cuDNN error: CUDNN_STATUS_INTERNAL_ERROR\n",
])
def test_other_cudnn_handle_failures_are_not_read_as_tensorflow_memory(text):
    assert "tf-cudnn-handle-gpu-memory" not in signal_ids(text)


def test_the_general_cudnn_entry_stays_as_the_alternative():
    categories = check_categories(TF_LOG)
    assert categories[0] == "gpu_oom" and "cudnn_problem" in categories[:3]


# ---- a cuBLAS function that cannot be loaded -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "# paddleocr ocr -i test/my_photo-1.jpg --save_path xx\n\nInvalid handle. Cannot load symbol cublasLtCreate\n",
    "Invalid handle. Cannot load symbol cublasLtGetVersion\nAborted (core dumped)\n",
    "running on cuda ... cannot load symbol cublasCreate_v2\n",
])
def test_a_cublas_function_that_cannot_be_loaded_is_a_missing_cuda_library(text):
    assert check_categories(text)[:1] == ["cuda_lib_missing"]
    assert check_findings(text)[0]["id"] == "cannot-load-cublas-symbol"


@pytest.mark.parametrize("text", [
    # cuDNN's own functions keep cuDNN's entry
    "Unable to load any of {libcudnn_ops.so.9.1.0, libcudnn_ops.so.9.1, libcudnn_ops.so.9, libcudnn_ops.so}\n"
    "Invalid handle. Cannot load symbol cudnnCreateTensorDescriptor\n",
    # other words
    "The cublas handle is valid; I cannot load symbols from the debugger.\n",
])
def test_other_symbols_are_not_read_as_cublas(text):
    assert "cannot-load-cublas-symbol" not in signal_ids(text)


def test_cudnn_functions_stay_cudnn():
    text = ("Unable to load any of {libcudnn_cnn.so.9.1.0, libcudnn_cnn.so.9.1, libcudnn_cnn.so.9, libcudnn_cnn.so}\n"
            "Invalid handle. Cannot load symbol cudnnCreateConvolutionDescriptor\n")
    assert check_categories(text)[:1] == ["cudnn_problem"]


# ---- several GeForce RTX 40/50 cards said to hang ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Running the pre-training code on several RTX 4090 cards, the run always gets stuck and nothing is printed.",
    "NCCL all_reduce_perf test hangs with multiple RTX 4090 GPUs, works fine when I swap in 2080tis",
    "DDP training on 2x RTX 5090 hangs at the first all-reduce.",
    "With four GeForce RTX 4080s the deepspeed.initialize call deadlocks.",
])
def test_several_geforce_40_or_50_cards_said_to_hang_is_nccl(text):
    assert check_categories(text)[:1] == ["nccl_problem"]
    assert "geforce-multi-gpu-hang-in-words" in signal_ids(text)


@pytest.mark.parametrize("text", [
    # one card, or no count
    "My RTX 4090 hangs when the training starts.",
    "Training on a single 4090 freezes after epoch 3.",
    # no hang
    "I have 2 RTX 4090 cards and training is slow.",
    # a hang in another sentence
    "I have 2 RTX 4090 cards. The download hangs at 50%.",
    # other cards
    "Training on several 3090 cards gets stuck.",
])
def test_other_gpu_words_are_not_a_multi_geforce_hang(text):
    assert "geforce-multi-gpu-hang-in-words" not in signal_ids(text)


# ---- the dev reports -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("11401-dlwp-notebooks-108-cudnn-handle-rtx2070.txt", "gpu_oom"),
    ("11419-tensorflow-44885-cudnn-alloc-failed-rtx2080.txt", "gpu_oom"),
    ("11405-paddleocr-16512-cublaslt-create-invalid-handle.txt", "cuda_lib_missing"),
    ("11421-disco-49-multi-4090-deepspeed-hang.txt", "nccl_problem"),
    ("11423-castwright-2534-onnxruntime-gpu-127-cuda13-dll.txt", "cuda_lib_missing"),
    # the readers leave these as they were
    ("4420-jax-16078-cudnn-handle-internal-error-no-cudnn.txt", "cudnn_problem"),
    ("5467-jaxlib-feedstock-312-cudnn-handle-internal-error-memory-free.txt", "cudnn_problem"),
    ("11414-whisperx-1100-libcudnn-cnn-9-invalid-handle.txt", "cudnn_problem"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[:1] == [category]


# ---- an ONNX Runtime provider's CUDA dependency retold in words ----------------------------------------------------

@pytest.mark.parametrize("text", [
    "onnxruntime reports that onnxruntime_providers_cuda.dll depends on cublasLt64_13.dll, and the session runs on "
    "the CPU.",
    "Error: onnxruntime_providers_cuda.dll which depends on cudart64_12.dll\n",
])
def test_a_provider_dll_said_to_depend_on_a_cuda_dll_is_a_missing_cuda_library(text):
    assert check_categories(text)[:1] == ["cuda_lib_missing"]
    assert "cuda-runtime-dll-missing" in signal_ids(text)


@pytest.mark.parametrize("text", [
    "The README says the program depends on cublasLt64_13.dll being on PATH.",
    "onnxruntime_providers_cuda.dll depends on the CUDA runtime.",
])
def test_other_dependency_words_are_not_a_missing_cuda_dll(text):
    assert "cuda-runtime-dll-missing" not in signal_ids(text)
