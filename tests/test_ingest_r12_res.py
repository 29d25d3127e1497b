"""Host memory and CUDA libraries in the wordings of the twelfth round's reports (files 7400-7499): the whole
machine freezing told in words, the machine itself running out of memory, torch's own shared libraries that the
loader cannot find, and glibc's relocation-error wording of a cuBLAS symbol missing from the copy loaded. Each is
checked on small pastes written here, including ones it must not fire on, and on dev reports through the same
pipeline as `check --from`.
"""

import pytest

from pasted import check_categories, report_categories, signal_categories, signal_ids


# ---- the whole machine freezing, told in words ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "As soon as the training starts, the whole computer freezes and I have to do a power reset.",
    "my PC freezes and restarts after a few epochs",
    "After three epochs the machine froze and refuses to accept the SSH connection.",
    "The server becomes unresponsive while the dataset is loaded.",
    "the laptop just froze during validation",
    "it froze and then rebooted by itself",
    "I had to do a hard reset twice.",
])
def test_the_whole_machine_freezing_is_host_memory(text):
    assert "machine-froze-told-in-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    # the run hangs, not the machine: NCCL, a deadlock, a dataloader
    "The training freezes at epoch 3 and GPU utilization stays at 100%.",
    "the dataloader hangs after the first batch",
    "Training hangs at the start of the second epoch.",
    # a part of the machine, an option
    "The GUI freezes for a second when I click the button.",
    "the screen froze while the video played",
    "freeze the backbone layers with freeze=10",
    "reset the optimizer state before the second stage",
    "restart the kernel and run the cell again",
    "ssh into the server and run nvidia-smi",
])
def test_other_freezes_and_resets_are_not_read_as_host_memory(text):
    assert "machine-froze-told-in-words" not in signal_ids(text)


def test_a_printed_message_ranks_before_the_freeze_told_in_words():
    text = ("The computer freezes after a while.\n"
            "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total capacity; "
            "5.10 GiB already allocated; 1.02 GiB free; 5.20 GiB reserved in total by PyTorch)\n")
    assert check_categories(text)[:1] == ["gpu_oom"]


# ---- the machine itself running out of memory -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I guess, the machine runs out of memory.",
    "The server ran out of memory during preprocessing.",
    "my computer is running out of memory when the cache is built",
    "the VM probably ran out of RAM",
])
def test_the_machine_running_out_of_memory_is_host_ram(text):
    assert "host-ram-exhausted-in-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB",
    "the GPU runs out of memory with batch 32",
    "CUDA Error: out of memory",
    "the model runs out of memory on a 4 GB card",
])
def test_gpu_memory_running_out_is_not_host_ram(text):
    assert "host-ram-exhausted-in-words" not in signal_ids(text)


# ---- torch's own libraries that the loader cannot find ---------------------------------------------------------

@pytest.mark.parametrize("text,lib", [
    ("RuntimeError: Error in dlopen or dlsym: libcaffe2_nvrtc.so: cannot open shared object file: No such file or "
     "directory (checkDL at /opt/conda/conda-bld/pytorch_1573049304260/work/aten/src/ATen/DynamicLibrary.cpp:21)",
     "libcaffe2_nvrtc.so"),
    ("    from pytorch3d import _C\nImportError: libc10_cuda.so: cannot open shared object file: No such file or "
     "directory", "libc10_cuda.so"),
    ("OSError: libtorch_cuda.so: cannot open shared object file: No such file or directory", "libtorch_cuda.so"),
    ("ImportError: libtorch_cuda_cu.so: cannot open shared object file: No such file or directory",
     "libtorch_cuda_cu.so"),
    ("./app: error while loading shared libraries: libtorch.so: cannot open shared object file: No such file or "
     "directory", "libtorch.so"),
    ("ImportError: libc10.so: cannot open shared object file: No such file or directory", "libc10.so"),
])
def test_torchs_own_library_not_found_is_a_missing_library(text, lib):
    ingest_ids = signal_ids(text)
    assert "torch-own-lib-cannot-open" in ingest_ids
    assert signal_categories(text)[:1] == ["cuda_lib_missing"]
    assert lib in text


@pytest.mark.parametrize("text", [
    # ROCm's own libraries have their entry; names that merely start alike are not torch's
    "ImportError: libc10_hip.so: cannot open shared object file: No such file or directory",
    "ImportError: libtorchaudio.so: cannot open shared object file: No such file or directory",
    "ImportError: libshmem.so: cannot open shared object file: No such file or directory",
    # found, not missing
    "libtorch_cuda.so => /opt/conda/lib/python3.10/site-packages/torch/lib/libtorch_cuda.so (0x00007f)",
])
def test_other_libraries_are_not_torchs_own(text):
    assert "torch-own-lib-cannot-open" not in signal_ids(text)


# ---- glibc's relocation error: a cuBLAS symbol missing from the copy loaded -----------------------------------

def test_the_relocation_error_wording_reads_as_two_cublas_copies():
    text = ("python: relocation error: /usr/local/cuda-11.1/lib64/libcublas.so: symbol runGemmShortApi, version "
            "libcublasLt.so.11 not defined in file libcublasLt.so.11 with link time reference")
    assert "cuda-lib-undefined-symbol" in signal_ids(text)
    assert signal_categories(text)[:1] == ["cuda_lib_missing"]


def test_the_dlerror_wording_still_reads():
    text = ("OSError: /env/lib/python3.7/site-packages/nvidia/cublas/lib/libcublas.so.11: symbol "
            "cublasLtHSHMatmulAlgoInit version libcublasLt.so.11 not defined in file libcublasLt.so.11 with link "
            "time reference")
    assert "cuda-lib-undefined-symbol" in signal_ids(text)


def test_a_symbol_of_another_library_is_not_cublas():
    text = ("python: relocation error: /lib/libfoo.so: symbol bar, version GLIBC_2.34 not defined in file "
            "libc.so.6 with link time reference")
    assert "cuda-lib-undefined-symbol" not in signal_ids(text)


# ---- dev reports of this round, through check --from ------------------------------------------------------------

@pytest.mark.parametrize("name,category", [
    ("7405-tflearn-241-computer-freezes-training-ram-limit.txt", "resources_low"),
    ("7407-pytorch-yolov3-433-machine-freezes-after-three-epochs.txt", "resources_low"),
    ("7440-crfill-26-libcaffe2-nvrtc-dlopen-missing.txt", "cuda_lib_missing"),
    ("7442-paddleseg-3215-relocation-error-libcublas-cuda111.txt", "cuda_lib_missing"),
    ("7445-siam-nestedunet-25-libcaffe2-nvrtc-executable.txt", "cuda_lib_missing"),
])
def test_dev_reports_rank_their_cause_first(name, category):
    assert report_categories(name)[:1] == [category]


def test_every_form_of_the_freeze_entry_holds_one_of_its_needles():
    # the scanner only runs an entry's expression near a needle: a hard shutdown told in words is one of its forms
    assert "machine-froze-told-in-words" in signal_ids("The box hung every time; I had to do a hard shutdown.")


# ---- the CUDA runtime's error 2 in other tools' words -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "onnxruntime::CudaCall CUDA failure 2: out of memory ; GPU=0 ; hostname=DESKTOP-QUBEI ; "
    "file=cuda_stream_handle.cc ; line=175 ; expr=cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking);",
    "[08/03/2022-23:18:05] [E] [TRT] ../rtSafe/safeRuntime.cpp (25) - Cuda Error in allocate: 2 (out of memory)",
    "[E] [TRT] C:\\source\\rtSafe\\safeRuntime.cpp (25) - Cuda Error in nvinfer1::internal::DefaultAllocator::"
    "allocate: 2 (out of memory)",
    "[11/22/2024-13:40:47] [E] Error[1]: [defaultAllocator.cpp::allocate::31] Error Code 1: Cuda Runtime "
    "(out of memory)",
    "RuntimeError: TensorStorage /io/include/tensorview/tensor.h 168\n"
    "cuda failed with error 2 out of memory. use CUDA_LAUNCH_BLOCKING=1 to get correct traceback.",
    "cupy.cuda.runtime.CUDARuntimeError: cudaErrorMemoryAllocation: out of memory",
    "cupy.cuda.memory.OutOfMemoryError: out of memory to allocate 1073741824 bytes (total 12373894656 bytes)",
    "Exception in main training loop: Out of memory allocating 25,600,000 bytes (allocated so far: "
    "3,635,267,072 bytes).",
])
def test_the_cuda_runtimes_error_2_in_other_tools_words_is_gpu_memory(text):
    assert "gpu-oom-framework-wordings" in signal_ids(text)
    assert signal_categories(text)[:1] == ["gpu_oom"]


@pytest.mark.parametrize("text", [
    # host memory: pinned buffers, numpy
    "ggml_cuda_host_malloc: failed to allocate 512.00 MiB of pinned memory: out of memory",
    "MemoryError: Unable to allocate 3.00 GiB for an array with shape (1000, 1000, 400) and data type float64",
    # another CUDA error in the same wordings
    "[TRT] [E] 1: [defaultAllocator.cpp::deallocate::42] Error Code 1: Cuda Runtime (invalid argument)",
    "onnxruntime::CudaCall CUDA failure 999: unknown error ; GPU=0 ; hostname=x",
])
def test_other_errors_in_those_wordings_are_not_gpu_memory(text):
    assert "gpu-oom-framework-wordings" not in signal_ids(text)
