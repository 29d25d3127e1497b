"""Failures told by whoever waited for the process, and by TensorFlow's and JAX's loaders.

A kill by the out-of-memory killer or a bus error in shared memory is often reported not by the kernel but by
the launcher: exit code 137, torch.distributed.elastic's exitcode -9 / -7, DeepSpeed's return code, Kubernetes'
OOMKilled, a Chinese shell's 已杀死 / 总线错误. TensorFlow and JAX word missing CUDA and cuDNN libraries in their
own way (dso_loader's "Could not load dynamic library", XLA's "DNN library", the cuDNN version check). NCCL
over InfiniBand reports failed completions. And a hang told with a count of GPUs is a multi-GPU hang.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- SIGKILL in a launcher's words -> the machine ran out of RAM ------------------------------------------------

@pytest.mark.parametrize("text", [
    "ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: -9) local_rank: 0 (pid: 1322) of binary: "
    "/usr/bin/python3",
    "  rank      : 1 (local_rank: 1)\n  exitcode  : -9 (pid: 2001)\n  error_file: <N/A>",
    "Process finished with exit code 137 (interrupted by signal 9: SIGKILL)",
    "trainer-1 exited with code 137",
    "[2024-01-03 14:05:36,716] [ERROR] [launch.py:321:sigkill_handler] ['/usr/bin/python', '-u', 'train.py', "
    "'--local_rank=0'] exits with return code = -9",
    "subprocess.CalledProcessError: Command '['python', 'train.py']' died with <Signals.SIGKILL: 9>.",
    "    State:          Terminated\n      Reason:       OOMKilled\n      Exit Code:    137",
])
def test_a_sigkill_reported_by_the_launcher_is_running_out_of_ram(text):
    assert "process-killed-sigkill-status" in signal_ids(text)
    assert check_categories(text)[:1] == ["resources_low"]


def test_a_chinese_shell_reports_the_kill_in_its_own_words():
    text = "Epoch 3/100:  41%|████      | 120/293\n已杀死"
    assert "process-killed-oom" in signal_ids(text)
    assert check_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 0 (pid: 13885)",
    "[ERROR] [launch.py:321:sigkill_handler] exits with return code = -11",
    "Process finished with exit code 1",
    "Epoch 137/300 loss 0.12",
    "exit code 1370",
    "exitcode: -90",
    "DataLoader worker (pid 137) exited unexpectedly",
])
def test_other_exit_codes_are_not_read_as_a_sigkill(text):
    assert "process-killed-sigkill-status" not in signal_ids(text)


# ---- SIGBUS in a launcher's or shell's words -> shared memory too small -----------------------------------------

@pytest.mark.parametrize("text", [
    "Bus error (core dumped)",
    "./run.sh: line 12: 48213 Bus error               (core dumped) python train.py --workers 8",
    "Initializing global model...\nBus error",
    "总线错误 (核心已转储)",
    "[ERROR] [launch.py:321:sigkill_handler] ['/opt/conda/bin/python', '-u', 'finetune.py', '--local_rank=3'] exits "
    "with return code = -7",
    "ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: -7) local_rank: 1 (pid: 2210) of binary: "
    "/opt/conda/bin/python",
    "  traceback : Signal 7 (SIGBUS) received by PID 2210",
])
def test_a_sigbus_is_read_as_shared_memory_too_small(text):
    assert "process-killed-sigbus-status" in signal_ids(text)
    assert check_categories(text)[:1] == ["shm_small"]


@pytest.mark.parametrize("text", [
    # a DataLoader's own bus error has its own entry
    "RuntimeError: DataLoader worker (pid 47) is killed by signal: Bus error. It is possible that dataloader's "
    "workers are out of shared memory.",
    "PCIe Bus error: severity=Corrected, type=Physical Layer",
    "Bus error rate: 0",
    "exits with return code = -70",
    "exitcode: -77",
])
def test_look_alikes_of_a_bus_error_are_not_read_as_one(text):
    assert "process-killed-sigbus-status" not in signal_ids(text)


# ---- TensorFlow's dso_loader: a CUDA library, or cuDNN, not found ------------------------------------------------

@pytest.mark.parametrize("text", [
    "2021-06-01 10:00:01.123456: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load "
    "dynamic library 'libcublas.so.11'; dlerror: libcublas.so.11: cannot open shared object file: No such file or "
    "directory",
    "W tensorflow/stream_executor/platform/default/dso_loader.cc:60] Could not load dynamic library 'cusolver64_11.dll'; "
    "dlerror: cusolver64_11.dll not found",
    "Could not load dynamic library 'libcudart.so.10.1'",
])
def test_tensorflow_missing_a_cuda_library_is_named(text):
    assert "tf-cuda-library-not-loaded" in signal_ids(text)
    assert check_categories(text)[:1] == ["cuda_lib_missing"]


@pytest.mark.parametrize("text", [
    "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.8'; "
    "dlerror: libcudnn.so.8: cannot open shared object file: No such file or directory",
    "Could not load dynamic library 'cudnn64_8.dll'; dlerror: cudnn64_8.dll not found",
])
def test_tensorflow_missing_cudnn_is_a_cudnn_problem(text):
    assert "cudnn-could-not-load" in signal_ids(text)
    assert "tf-cuda-library-not-loaded" not in signal_ids(text)
    assert check_categories(text)[:1] == ["cudnn_problem"]


@pytest.mark.parametrize("text", [
    # TensorRT's and the driver's libraries are not CUDA runtime libraries
    "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libnvinfer.so.7'",
    "Could not load dynamic library 'libcuda.so.1'; dlerror: libcuda.so.1: cannot open shared object file",
    "I tensorflow/stream_executor/platform/default/dso_loader.cc:49] Successfully opened dynamic library "
    "libcudart.so.11.0",
])
def test_other_libraries_of_the_dso_loader_are_not_a_missing_cuda_runtime(text):
    ids = signal_ids(text)
    assert "tf-cuda-library-not-loaded" not in ids and "cudnn-could-not-load" not in ids


# ---- the cuDNN loaded is not the one TensorFlow or JAX was built with -------------------------------------------

@pytest.mark.parametrize("text", [
    "E tensorflow/stream_executor/cuda/cuda_dnn.cc:343] Loaded runtime CuDNN library: 7.1.4 but source was compiled "
    "with: 7.4.1.  CuDNN library major and minor version needs to match or have higher minor version in case of "
    "CuDNN 7.0 or later version.",
    "E tensorflow/stream_executor/cuda/cuda_dnn.cc:378] Loaded runtime CuDNN library: 7101 (compatibility version "
    "7100) but source was compiled with 7005 (compatibility version 7000).",
])
def test_a_runtime_cudnn_older_than_the_build_is_named(text):
    assert "cudnn-runtime-older-than-compiled" in signal_ids(text)
    assert check_categories(text)[:1] == ["cudnn_problem"]


@pytest.mark.parametrize("text", [
    "RuntimeError: Unimplemented: DNN library is not found.",
    "tensorflow.python.framework.errors_impl.UnknownError: Failed to get convolution algorithm. This is probably "
    "because cuDNN failed to initialize, so try looking to see if a warning log message was printed above.",
])
def test_xla_without_a_usable_cudnn_is_a_cudnn_problem(text):
    assert "xla-dnn-library-unavailable" in signal_ids(text)
    assert check_categories(text)[:1] == ["cudnn_problem"]


def test_onednn_is_not_read_as_cudnn():
    text = ("I tensorflow/core/util/util.cc:169] oneDNN custom operations are on. The oneDNN library initialization "
            "failed messages are harmless here.")
    assert "xla-dnn-library-unavailable" not in signal_ids(text)


# ---- NCCL over InfiniBand: a failed completion ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "node1:1234:1290 [0] transport/net_ib.cc:838 NCCL WARN NET/IB : Got completion with error 12, opcode 1, len 11, "
    "vendor err 129",
    "worker-0:3468:3905 [4] ib_plugin.c:1615 NCCL WARN NET/IB : Got completion from peer 10.0.0.2<54862> with "
    "status=12 opcode=0 len=0 vendor err 129 (Recv)",
])
def test_an_infiniband_completion_error_is_an_nccl_problem(text):
    assert "nccl-ib-completion-error" in signal_ids(text)
    assert check_categories(text)[:1] == ["nccl_problem"]


def test_nccl_choosing_infiniband_is_not_an_error():
    text = "node1:1234:1234 [0] NCCL INFO NET/IB : Using [0]mlx5_0:1/IB ; OOB ib0:10.0.0.1<0>"
    assert "nccl-ib-completion-error" not in signal_ids(text)


# ---- a hang told with a count of GPUs -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Training on 8 A100 GPUs hangs after the first epoch with 100% GPU utilization",
    "With 4x RTX 4090 GPUs the run freezes at the first all-gather",
])
def test_a_hang_on_several_gpus_is_a_multi_gpu_hang(text):
    assert "nccl-collective-hangs-in-words" in signal_ids(text)


@pytest.mark.parametrize("text", [
    "The machine has 2 GPUs and 64 GB of RAM.",
    "Training on 1 GPU hangs after the first epoch",
])
def test_a_count_of_gpus_alone_or_one_gpu_is_not_a_multi_gpu_hang(text):
    assert "nccl-collective-hangs-in-words" not in signal_ids(text)


# ---- the corpus reports these families came from -------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("4409-dsgn2-20-training-freeze-nccl-p2p-disable.txt", "nccl_problem"),
    ("4419-jax-16901-loaded-cudnn-850-compiled-860.txt", "cudnn_problem"),
    ("4421-unified-io-5-dnn-library-not-found.txt", "cudnn_problem"),
    ("4429-cbio-cluster-232-job-exit-code-137-oom.txt", "resources_low"),
    ("4437-tensorflow-45930-libcudart-so110-ld-library-path.txt", "cuda_lib_missing"),
    ("4438-tensorflow-57103-cudart64-110-dll-not-found.txt", "cuda_lib_missing"),
    ("4439-tensorflow-39132-libcudart-so101-cuda11-installed.txt", "cuda_lib_missing"),
    ("4440-nccl-1664-ib-completion-status-12-vendor-129.txt", "nccl_problem"),
    ("4444-manigaussian-16-bus-error-docker-eval-shm.txt", "shm_small"),
    ("4446-pytorch-biggraph-33-bus-error-share-memory-docker.txt", "shm_small"),
    ("4450-amvur-2-elastic-exitcode-9-sigkill-memory-grows.txt", "resources_low"),
])
def test_the_reports_of_these_families_name_their_cause_first(name, category):
    assert report_categories(name)[:1] == [category]


# ---- torch's out-of-memory message known by its tail -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # the head cropped off a screenshot
    "Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total capacity; 5.10 GiB already allocated; 1.12 GiB free; "
    "5.50 GiB reserved in total by PyTorch)",
    # the head garbled by text recognition, the tail as torch 2.1 printed it
    "torch.cuda.0utOfMenoryError: CUDA out of mem0ry. Tried to allocate 512.00 MiB. GPU 0 has a total capacty of "
    "11.76 GiB of which 301.44 MiB is free.",
    # another backend's head
    "torch.OutOfMemoryError: HIP out of memory. Tried to allocate 1.50 GiB. GPU 0 has a total capacity of 15.98 GiB "
    "of which 820.00 MiB is free.",
])
def test_torch_out_of_memory_is_known_by_its_tail(text):
    assert "cuda-out-of-memory" in signal_ids(text)
    assert check_categories(text)[:1] == ["gpu_oom"]


@pytest.mark.parametrize("text", [
    # host RAM, in the CPU allocator's words
    "RuntimeError: [enforce fail at alloc_cpu.cpp:114] . DefaultCPUAllocator: not enough memory: you tried to "
    "allocate 1073741824 bytes.",
    # Apple's GPU has its own entry
    "RuntimeError: MPS backend out of memory (MPS allocated: 17.00 GB, other allocations: 1.20 GB, max allowed: "
    "18.13 GB). Tried to allocate 256.00 MiB on private pool.",
])
def test_other_allocators_are_not_read_as_cuda_out_of_memory(text):
    assert "cuda-out-of-memory" not in signal_ids(text)


def test_a_report_whose_oom_message_text_recognition_garbled_names_gpu_memory():
    assert report_categories("4452-lightm-unet-24-ocr-garbled-oom-16g.txt")[:1] == ["gpu_oom"]


# ---- Paddle's dynamic loader names the file it could not open -------------------------------------------------------

@pytest.mark.parametrize("text, category", [
    ("RuntimeError: (PreconditionNotMet) The third-party dynamic library (libcudnn.so) that Paddle depends on is not "
     "configured correctly. (error code is libcudnn.so: cannot open shared object file: No such file or directory)",
     "cudnn_problem"),
    ("PreconditionNotMetError: The third-party dynamic library (cudnn64_8.dll) that Paddle depends on is not "
     "configured correctly. (error code is 126)", "cudnn_problem"),
    ("RuntimeError: (PreconditionNotMet) The third-party dynamic library (cusolver64_11.dll) that Paddle depends on "
     "is not configured correctly. (error code is 126)", "cuda_lib_missing"),
    ("RuntimeError: (PreconditionNotMet) The third-party dynamic library (libcudart.so) that Paddle depends on is "
     "not configured correctly.", "cuda_lib_missing"),
])
def test_paddle_missing_a_library_names_its_category(text, category):
    assert check_categories(text)[:1] == [category]


def test_paddle_missing_the_driver_library_is_not_a_cuda_runtime_or_cudnn_problem():
    text = ("W0508 21:40:15.979074  1551 dynamic_loader.cc:412] The third-party dynamic library (libcuda.so) that "
            "Paddle depends on is not configured correctly. (error code is libcuda.so: cannot open shared object "
            "file: No such file or directory)")
    ids = signal_ids(text)
    assert "paddle-cuda-library-not-configured" not in ids and "paddle-cudnn-not-loadable" not in ids


@pytest.mark.parametrize("name", [
    "4459-paddledetection-3766-cudnn64-7-dll-error-126.txt",
    "4460-paddlex-1018-cudnn64-7-dll-win10-train.txt",
    "4461-paddle-29428-cudnn64-7-dll-path-cuda102.txt",
])
def test_paddle_reports_missing_cudnn_name_cudnn_first(name):
    assert report_categories(name)[:1] == ["cudnn_problem"]


# ---- Windows' paging file, retold ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "OSError: WinError 1455 The paging file is too small",
    "OSError: [WinError 1455] paging file too small",
    "java.io.IOException: Cannot run program \"nvcc\": CreateProcess error=1455, The paging file is too small for "
    "this operation to complete",
    "The Paging File is too small for this operation to complete.",
])
def test_windows_paging_file_retold_is_running_out_of_memory(text):
    assert "windows-paging-file" in signal_ids(text)
    assert check_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "OSError: [WinError 14550] something else",
    "the paging file is large enough here",
])
def test_other_codes_and_paging_file_prose_are_not_the_paging_file_error(text):
    assert "windows-paging-file" not in signal_ids(text)


# ---- ranking: a logger's warning line does not outrank the error the paste raised -------------------------------------

TF_CUDART_WARNING = (
    "2022-07-30 14:43:50.994118: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load "
    "dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file: No such file "
    "or directory\n"
    "2022-07-30 14:43:50.994146: I tensorflow/stream_executor/cuda/cudart_stub.cc:29] Ignore above cudart dlerror if "
    "you do not have a GPU set up on your machine.\n")
TORCH_OOM = (
    "Traceback (most recent call last):\n  File \"train.py\", line 40, in <module>\n    loss.backward()\n"
    "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 14.76 GiB total capacity; "
    "13.70 GiB already allocated; 3.75 MiB free; 13.90 GiB reserved in total by PyTorch)\n")


def test_tensorflows_warning_at_import_does_not_outrank_the_traceback():
    assert check_categories(TF_CUDART_WARNING + TORCH_OOM)[:1] == ["gpu_oom"]


def test_tensorflows_warning_alone_is_still_the_finding():
    assert check_categories(TF_CUDART_WARNING)[:1] == ["cuda_lib_missing"]


def test_a_warning_that_raised_too_keeps_its_rank():
    # the same message raised as an exception is an error, not a logger's warning
    text = "ImportError: libcudart.so.11.0: cannot open shared object file: No such file or directory\n" + TORCH_OOM
    assert check_categories(text)[:1] == ["cuda_lib_missing"]


def test_tensorflows_tensorrt_warning_does_not_outrank_the_traceback():
    text = ("2021-05-01 10:00:00.123456: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not "
            "load dynamic library 'libnvinfer.so.7'; dlerror: libnvinfer.so.7: cannot open shared object file: No "
            "such file or directory\n" + TORCH_OOM)
    assert check_categories(text)[:1] == ["gpu_oom"]


@pytest.mark.parametrize("line_start, logged", [
    ("2022-07-30 14:43:50.994118: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] ", True),
    ("W0508 21:40:15.979074  1551 dynamic_loader.cc:412] ", True),
    ("I0101 00:00:00.000001 12 cuda_dnn.cc:500] ", True),
    ("node1:2406:2406 [7] NCCL INFO NET/Plugin: Plugin load returned 2 : ", True),
    ("E1027 15:11:27.184481 3266602 cuda_dnn.cc:456] ", False),
    ("2020-11-26 14:57:23.213309: E tensorflow/stream_executor/cuda/cuda_gpu_executor.cc:927] ", False),
    ("node1:2406:2406 [7] NCCL WARN ", False),
    ("ImportError: ", False),
    ("Warning: ", False),
])
def test_a_loggers_warning_or_info_prefix_is_recognised(line_start, logged):
    from yolodoctor.ingest.log_levels import logged_as_warning

    assert logged_as_warning(line_start) is logged


# ---- cuDNN failing to load libcuda.so (WSL) is cuDNN's finding; NCCL's optional plugins are no missing library -----

def test_cudnn_failing_on_libcuda_is_a_cudnn_problem_not_a_missing_driver():
    text = ("AMP: running Automatic Mixed Precision (AMP) checks...\nCould not load library libcudnn_cnn_infer.so.8. "
            "Error: libcuda.so: cannot open shared object file: No such file or directory\nAborted")
    assert "libcuda-missing" not in signal_ids(text)
    assert check_categories(text)[:1] == ["cudnn_problem"]


def test_a_missing_libcuda_alone_is_still_the_drivers():
    text = "ImportError: libcuda.so.1: cannot open shared object file: No such file or directory"
    assert "libcuda-missing" in signal_ids(text)


@pytest.mark.parametrize("lib", ["libnccl-net.so", "libnccl-tuner.so", "libnccl-profiler.so"])
def test_ncclls_optional_plugins_are_not_missing_cuda_libraries(lib):
    text = f"node1:1:1 [0] NCCL INFO NET/Plugin: Plugin load returned 2 : {lib}: cannot open shared object file"
    assert "cuda-lib-cannot-open" not in signal_ids(text)


def test_a_missing_libnccl_itself_is_still_a_missing_library():
    assert "cuda-lib-cannot-open" in signal_ids("OSError: libnccl.so.2: cannot open shared object file")


# ---- a kill retold with the memory the process had taken --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I checked the memory of the machine: the program was killed after it took up 60g of memory.",
    "The training process gets killed when RAM usage reaches 100%.",
    "DataLoader workers were killed because the memory was full",
])
def test_a_kill_retold_with_the_memory_taken_is_running_out_of_ram(text):
    assert "process-killed-after-progress-or-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "The process was killed and GPU memory is still occupied",
    "I killed the process myself; memory looks fine",
])
def test_a_kill_beside_gpu_memory_or_by_a_person_is_not_read_as_ram(text):
    assert "process-killed-after-progress-or-in-words" not in signal_ids(text)
