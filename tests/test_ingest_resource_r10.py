"""Shared memory, disk and GPU memory in the wordings of the tenth round's reports (files 5400-5499): Errno 28
raised where multiprocessing creates its locks, queues and shared blocks (in /dev/shm, not on the disk); a
shared memory block that cannot be created or mapped; a file system found full at run time inside a container
or beside a small /dev/shm; cuBLAS that cannot initialise because the GPU's memory is taken. Each is checked on
small pastes written here, including ones it must not fire on, and on dev reports through the same pipeline as
`check --from`.
"""

import pytest

from pasted import check_categories, report_categories, signal_categories, signal_ids

from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.context import read_context


# ---- Errno 28 where multiprocessing makes its locks, queues and shared blocks ------------------------------

@pytest.mark.parametrize("text", [
    # torch.multiprocessing.spawn's error queue
    """  File "/opt/conda/lib/python3.10/site-packages/torch/multiprocessing/spawn.py", line 197, in start_processes
    error_queue = mp.SimpleQueue()
  File "/opt/conda/lib/python3.10/multiprocessing/queues.py", line 341, in __init__
    self._rlock = ctx.Lock()
OSError: [Errno 28] No space left on device
""",
    # a DataLoader's worker result queue
    """  File "/usr/lib/python3.8/site-packages/torch/utils/data/dataloader.py", line 1042, in __init__
    self._worker_result_queue = multiprocessing_context.Queue()
  File "/usr/lib/python3.8/multiprocessing/context.py", line 103, in Queue
    return Queue(maxsize, ctx=self.get_context())
OSError: [Errno 28] No space left on device
""",
    # a Pool
    """  File "prep.py", line 40, in main
    with Pool(16) as pool:
  File "/usr/lib/python3.11/multiprocessing/pool.py", line 196, in __init__
    self._setup_queues()
  File "/usr/lib/python3.11/multiprocessing/pool.py", line 289, in _setup_queues
    self._inqueue = self._ctx.SimpleQueue()
OSError: [Errno 28] No space left on device
""",
    # a shared memory block, and a shared Value's heap
    """    shm = shared_memory.SharedMemory(create=True, size=nbytes)
  File "/usr/lib/python3.10/multiprocessing/shared_memory.py", line 121, in __init__
    os.ftruncate(self._fd, size)
OSError: [Errno 28] No space left on device
""",
    """  File "/usr/lib/python3.9/multiprocessing/heap.py", line 70, in __init__
    os.ftruncate(self.fd, size)
OSError: [Errno 28] No space left on device
""",
    # joblib's own words when it cannot make a semaphore
    "UserWarning: [Errno 28] No space left on device.  joblib will operate in serial mode\n",
])
def test_errno_28_from_multiprocessing_primitives_is_shared_memory(text):
    assert "dev-shm-no-space" in signal_ids(text)
    assert signal_categories(text)[:1] == ["shm_small"]


@pytest.mark.parametrize("text", [
    "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n",
    """  File "/home/u/venv/lib/python3.10/site-packages/torch/serialization.py", line 441, in save
    _save(obj, opened_zipfile, pickle_module, pickle_protocol)
OSError: [Errno 28] No space left on device
""",
    # the queue was made long before; the disk filled while saving
    "queue = mp.Queue()\n" + "".join(f"epoch {i}: loss 0.{i}\n" for i in range(40))
    + "OSError: [Errno 28] No space left on device\n",
])
def test_errno_28_elsewhere_stays_the_disk(text):
    assert "dev-shm-no-space" not in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


# ---- a shared memory block that cannot be created or mapped -------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: (Unavailable) Memory map failed when create shared memory.\n",
    "ValueError: failed to create shared memory segment of 268435456 bytes\n",
    "RuntimeError: Unable to allocate shared memory for the batch buffer\n",
    "Error: could not map the shared memory region for worker 3\n",
    "训练到验证阶段报错：无法创建共享内存\n",
    "DataLoader 子进程共享内存创建失败\n",
])
def test_a_shared_memory_block_that_cannot_be_made_is_shm(text):
    assert "shared-memory-create-failed" in signal_ids(text)
    assert signal_categories(text)[:1] == ["shm_small"]


@pytest.mark.parametrize("text", [
    "node1:123:456 [0] NCCL WARN Unable to allocate shared memory (8388608 bytes) : Interrupted system call\n",
    "use_shared_memory: True\n",
    "Shared memory is used to pass batches between workers.\n",
])
def test_shared_memory_named_without_failing_to_make_it_is_not_that(text):
    assert "shared-memory-create-failed" not in signal_ids(text)


# ---- a file system full at run time in a container, or beside a small /dev/shm ------------------------------

NO_SPACE = "OSError: [Errno 28] No space left on device\n"


@pytest.mark.parametrize("where", [
    "docker compose up -d, then loading the model with tensor_parallel fails:\n",
    "(venv) root@3f2a9c1b7d4e:/workspace# python train.py --workers 8\n",
    "Running inside a Kubernetes pod:\n",
    "image: nvcr.io/nvidia/pytorch:24.01-py3\n",
])
def test_no_space_at_run_time_in_a_container_is_shared_memory(where):
    assert signal_categories(where + NO_SPACE)[:1] == ["shm_small"]


LOG = "".join(f"step {i}: loss 0.{i}\n" for i in range(12))  # far enough that no message names /dev/shm


@pytest.mark.parametrize("size, category", [("64M", "shm_small"), ("32G", "resources_low")])
def test_no_space_beside_the_dev_shm_that_df_shows(size, category):
    text = ("$ df -h /dev/shm\nFilesystem      Size  Used Avail Use% Mounted on\n"
            f"shm              {size}     0  {size}   0% /dev/shm\n" + LOG + NO_SPACE)
    assert "dev-shm-no-space" not in signal_ids(text)
    assert signal_categories(text)[:1] == [category]


@pytest.mark.parametrize("text", [
    NO_SPACE,  # nowhere said
    "(venv) user@workstation:~/proj$ python train.py\n" + NO_SPACE,  # an ordinary host's prompt
    # pip's own failure in a container is the container's disk
    "docker run -it pytorch/pytorch bash\nERROR: Could not install packages due to an OSError: "
    "[Errno 28] No space left on device\n",
])
def test_no_space_elsewhere_stays_the_disk(text):
    assert signal_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("line, container", [
    ("root@3a5036f18e77:~/VITS# python finetune.py", True),
    ("(base) root@0f1e2d3c4b5a:/app# nvidia-smi", True),
    ("user@gpu-box-01:~$ python train.py", False),
    ("mail it to dev@abcdef123456.example.org please", False),
])
def test_a_docker_prompt_says_the_paste_ran_in_a_container(line, container):
    assert (read_context([(1, line)]).container is not None) is container


# ---- cuBLAS that cannot initialise --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "E tensorflow/stream_executor/cuda/cuda_blas.cc:443] failed to create cublas handle: CUBLAS_STATUS_NOT_INITIALIZED\n",
    "RuntimeError: CUDA error: CUBLAS_STATUS_NOT_INITIALIZED when calling `cublasCreate(handle)`\n",
    "INTERNAL: Failure to initialize cublas may be due to OOM (cublas needs some free memory when you initialize it, "
    "and your deep-learning framework may have preallocated more than its fair share)\n",
])
def test_cublas_that_cannot_initialise_is_gpu_memory(text):
    assert "cublas-not-initialized" in signal_ids(text)
    assert signal_categories(text)[:1] == ["gpu_oom"]


def test_cublas_initialised_is_not_that():
    assert "cublas-not-initialized" not in signal_ids("cublasCreate(handle) returned CUBLAS_STATUS_SUCCESS\n")


# ---- GPU memory in the words of the asynchronous allocator and of ComfyUI ------------------------------------

@pytest.mark.parametrize("text", [
    "torch.OutOfMemoryError: Allocation on device 0 would exceed allowed memory. (out of memory)\n",
    "- **Exception Message:** Allocation on device \n",
    "2025-01-02 10:00:01,002 - root - ERROR - !!! Exception during processing !!! Allocation on device\n",
    "Got an OOM, unloading all loaded models.\n",
])
def test_the_async_allocator_and_comfyui_out_of_memory_is_gpu_memory(text):
    assert "allocation-on-device-oom" in signal_ids(text)
    assert signal_categories(text)[:1] == ["gpu_oom"]


@pytest.mark.parametrize("text", [
    "Allocation on device 0: 2048 MiB reserved for the KV cache\n",
    "Allocation on device took 3 ms\n",
])
def test_a_log_line_about_an_allocation_is_not_running_out(text):
    assert "allocation-on-device-oom" not in signal_ids(text)


# ---- a docker run that mounts its own /dev/shm ----------------------------------------------------------------

@pytest.mark.parametrize("command", [
    "docker run -it -v /dev/shm:/dev/shm --gpus all pytorch/pytorch bash",
    "docker run --gpus all --volume=/dev/shm:/dev/shm:rw img",
    "docker run --gpus all --mount type=bind,source=/dev/shm,target=/dev/shm img",
    "docker run --gpus all --tmpfs /dev/shm:rw,exec,size=8g img",
])
def test_a_container_with_its_own_dev_shm_does_not_get_the_default(command):
    assert "docker-run-default-shm" not in signal_ids(command + "\n")


@pytest.mark.parametrize("command", [
    "docker run --gpus all -v /data:/data img",
    "docker run --gpus all -v /dev/shm-cache:/cache img",
])
def test_a_container_without_its_own_dev_shm_gets_the_default(command):
    assert "docker-run-default-shm" in signal_ids(command + "\n")


# ---- the container's default /dev/shm is a risk, not what failed ----------------------------------------------

DOCKER_RUN = "docker run --gpus all -it nvcr.io/nvidia/pytorch:23.10-py3 bash\n"


def test_the_default_dev_shm_ranks_after_the_other_readings_of_an_unrelated_error():
    ranked = check_categories(DOCKER_RUN + "RuntimeError: cuDNN error: CUDNN_STATUS_NOT_INITIALIZED\n")
    assert ranked[0] == "cudnn_problem"
    assert ranked.index("gpu_oom") < ranked.index("shm_small")


@pytest.mark.parametrize("error, other", [
    ("RuntimeError: NCCL error in: ProcessGroupNCCL.cpp:1269, unhandled system error, NCCL version 2.14.3\n",
     "nccl_problem"),
    ("OSError: [Errno 28] No space left on device\n", "resources_low"),
])
def test_the_default_dev_shm_stays_beside_errors_shared_memory_can_explain(error, other):
    assert set(check_categories(DOCKER_RUN + error)[:2]) == {"shm_small", other}


def test_the_default_dev_shm_alone_is_still_the_finding():
    assert check_categories(DOCKER_RUN)[:1] == ["shm_small"]


# ---- GPUs without peer-to-peer access --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "node1:774:854 [0] transport/shm.cc:590 NCCL WARN Cuda failure 217 'peer access is not supported between these "
    "two devices'\n",
    "gpu2:1201:1299 [1] transport/p2p.cc:275 NCCL WARN failed to open CUDA IPC handle : 217 peer access is not "
    "supported between these two devices\n",
    "CUDA error 217 at ggml-cuda.cu:9001: peer access is not supported between these two devices\n",
    "RuntimeError: cudaErrorPeerAccessUnsupported\n",
])
def test_gpus_without_peer_access_are_a_multi_gpu_communication_problem(text):
    assert "gpu-peer-access-unsupported" in signal_ids(text)
    assert signal_categories(text)[:1] == ["nccl_problem"]


def test_peer_access_that_works_is_not_that():
    text = "> Peer access from NVIDIA A100 (GPU0) -> NVIDIA A100 (GPU1) : Yes\n"
    assert "gpu-peer-access-unsupported" not in signal_ids(text)


# ---- NVRTC's builtins library, retold ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "libnvrtc-builtins.so.11.3 can't be found\n",
    "It cannot find libnvrtc-builtins.so.12.1 although CUDA 12.4 is installed\n",
    "libnvrtc-builtins.so.11.8 is missing from libtorch/lib\n",
    "nvrtc: error: failed to open nvrtc-builtins64_121.dll.\n",
])
def test_nvrtc_builtins_not_found_in_any_words_is_a_missing_cuda_library(text):
    assert "nvrtc-builtins-not-found" in signal_ids(text)
    assert signal_categories(text)[:1] == ["cuda_lib_missing"]


def test_nvrtc_builtins_that_is_there_is_not_missing():
    assert "nvrtc-builtins-not-found" not in signal_ids("libnvrtc-builtins.so.11.8 is in /usr/local/cuda/lib64\n")


# ---- JAX's and XLA's words for CUDA libraries they cannot load ---------------------------------------------

@pytest.mark.parametrize("text", [
    "CUDA backend failed to initialize: Unable to load cuDNN. Is it installed? (Set TF_CPP_MIN_LOG_LEVEL=0 and "
    "rerun for more info.)\n",
    "RuntimeError: Found cuDNN version 8907, but JAX was built against version 9100, which is newer.\n",
])
def test_jax_without_its_cudnn_is_a_cudnn_problem(text):
    assert "jax-unable-to-load-cudnn" in signal_ids(text)
    assert signal_categories(text)[:1] == ["cudnn_problem"]


@pytest.mark.parametrize("text", [
    "E0000 00:00:1761 cuda_executor.cc:1309] INTERNAL: CUDA Runtime error: Failed call to cudaGetRuntimeVersion: "
    "Error loading CUDA libraries. GPU will not be used.\n",
    "CUDA backend failed to initialize: Unable to load cuSPARSE. Is it installed?\n",
    "Found cuBLAS version 120103, but JAX was built against version 120205, which is newer.\n",
])
def test_xla_without_its_cuda_libraries_is_a_missing_cuda_library(text):
    assert "xla-cuda-libraries-not-loaded" in signal_ids(text)
    assert signal_categories(text)[:1] == ["cuda_lib_missing"]


def test_a_cuda_library_that_loaded_is_not_that():
    text = "I0000 cuda_dso_loader.cc:90] Successfully loaded CUDA libraries; the GPU will be used.\n"
    assert "xla-cuda-libraries-not-loaded" not in signal_ids(text)
    assert "jax-unable-to-load-cudnn" not in signal_ids(text)


# ---- GPU memory running out, in short words -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I still have CUDA OOM despite moving all the way to stage 3.\n",
    "The 7B model GPU OOMs at batch size 2.\n",
    "training OOMs on the GPU after the first epoch\n",
    "got a VRAM-OOM when the resolution is 1024\n",
])
def test_gpu_out_of_memory_in_short_words_is_gpu_memory(text):
    assert "gpu-memory-out-in-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["gpu_oom"]


@pytest.mark.parametrize("text", [
    "The host OOM killer ended the job.\n",
    "RAM OOM when caching the dataset\n",
    "zoom in on the GPU timeline\n",
])
def test_an_oom_that_is_not_the_gpu_is_not_gpu_memory(text):
    assert "gpu-memory-out-in-words" not in signal_ids(text)


# ---- the kernel's OOM killer in its own words, and a job killed with status 137 ---------------------------------

@pytest.mark.parametrize("text", [
    "[1234.5678] Out of memory: Killed process 4242 (python3) total-vm:53312244kB, anon-rss:31451456kB\n",
    "[Thu Mar 14 01:57:54 2019] Out of memory: Kill process 89746 (python) score 1031 or sacrifice child\n",
    "Memory cgroup out of memory: Killed process 777 (pt_main_thread) total-vm:9000kB\n",
    "[ 518.05] python3 invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0\n",
])
def test_the_kernels_oom_killer_log_is_host_memory(text):
    assert "kernel-oom-killer-log" in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB\n",
    "the cache is out of memory: killing old entries\n",
])
def test_other_out_of_memory_words_are_not_the_kernels_log(text):
    assert "kernel-oom-killer-log" not in signal_ids(text)


def test_a_task_that_exits_with_status_code_137_was_killed():
    assert "process-killed-sigkill-status" in signal_ids("Training task exit with status code 137\n")


def test_docker_inspect_saying_it_was_not_oom_killed_is_not_a_kill():
    assert "process-killed-sigkill-status" not in signal_ids('        "OOMKilled": false,\n')


# ---- hosted notebooks that run out of RAM ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Your session crashed after using all available RAM. If you are interested in access to high-RAM runtimes, "
    "you may want to check out Colab Pro.\n",
    "Your notebook tried to allocate more memory than is available. It has restarted.\n",
])
def test_a_notebook_runtime_out_of_ram_is_host_memory(text):
    assert "notebook-runtime-out-of-ram" in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


def test_a_colab_crash_without_its_cause_is_most_often_host_memory():
    text = "Your session crashed. Automatically restarting.\n"
    assert "colab-session-crashed" in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "In Colab the session always crashes and restarts when training starts.\n",
    "The runtime keeps crashing and reconnecting at epoch 2.\n",
])
def test_a_hosted_session_crashing_and_restarting_in_words_is_host_memory(text):
    assert "colab-session-crashed" in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "Restart the runtime after installing the packages.\n",
    "the Jupyter kernel died and restarted\n",
])
def test_a_restart_without_a_crash_or_a_local_kernel_is_not_that(text):
    assert "colab-session-crashed" not in signal_ids(text)


def test_the_error_a_colab_crash_follows_ranks_first():
    text = ("RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 14.75 GiB total capacity)\n"
            "Your session crashed. Automatically restarting.\n")
    assert signal_categories(text)[:1] == ["gpu_oom"]


def test_a_session_that_did_not_crash_is_not_that():
    assert "colab-session-crashed" not in signal_ids("Your session is connected to a T4 GPU runtime.\n")


# ---- NCCL's shared-memory segment is NCCL's, even with the disk's words on the line ---------------------------------

def test_nccl_failing_its_dev_shm_segment_ranks_nccl_first():
    text = ("ncclSystemError: System call (e.g. socket, malloc) or external library call failed or device error.\n"
            "Error while creating shared memory segment /dev/shm/nccl-Ab12Cd (size 9637888), error: No space left "
            "on device (28)\n")
    ids = signal_ids(text)
    assert "nccl-shm-segment" in ids and "dev-shm-no-space" not in ids
    assert signal_categories(text)[:1] == ["nccl_problem"]


# ---- dev reports ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("5402-vits-fast-fine-tuning-397-errno28-spawn-simplequeue-container-cn.txt", "shm_small"),
    ("5403-paddleocr-2203-errno28-dataloader-multiprocessing-queue.txt", "shm_small"),
    ("5407-tabbyapi-387-tensor-parallel-errno28-compose-shm-size.txt", "shm_small"),
    ("5408-paddleocr-3339-eval-memory-map-failed-shared-memory-docker-cn.txt", "shm_small"),
    ("5429-tensorflow-9489-cublas-not-initialized-two-1050ti-little-free.txt", "gpu_oom"),
    ("5431-comfyui-6073-sampler-custom-advanced-allocation-on-device.txt", "gpu_oom"),
    ("5444-nccl-1838-cumem-host-shm-peer-access-217-l4.txt", "nccl_problem"),
    ("5414-gpustack-3573-vllm-tp-nccl-dev-shm-segment-no-space.txt", "nccl_problem"),
    ("5449-hasktorch-687-libnvrtc-builtins-so-11-3-symlink.txt", "cuda_lib_missing"),
    ("5468-jax-23097-cuda12-local-cudnn-pip-ld-library-path.txt", "cuda_lib_missing"),
    ("5476-deepspeedexamples-186-bert-24-layers-oom-zero3-v100.txt", "gpu_oom"),
    ("5491-tranx-41-dmesg-oom-kill-python3-anon-rss.txt", "resources_low"),
    ("5495-dalle-mini-207-colab-pro-replicate-params-ram.txt", "resources_low"),
    ("5498-lung-cancer-2-colab-training-session-crashes-reboots.txt", "resources_low"),
])
def test_dev_reports_rank_their_cause_first(name, category):
    assert report_categories(name)[:1] == [category]


def test_the_ingested_container_is_where_the_paste_says():
    assert ingest_text("root@3a5036f18e77:~# ls\n" + NO_SPACE).context.container == 1
