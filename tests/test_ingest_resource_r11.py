"""Host memory, shared memory and NCCL in the wordings of the eleventh round's reports (files 6400-6499): the kernel's
kill told in the passive in any tense or by the OOM killer's name; NCCL's result code as other frameworks wrap it
(Caffe's CHECK on ncclSuccess, Horovod's, TensorFlow's and XLA's "ncclX failed", CuPy's NcclError); worker pools
that lose a worker without saying why (nnU-Net, concurrent.futures, joblib), read as /dev/shm first inside a
container. Each is checked on small pastes written here, including ones it must not fire on, and on dev reports
through the same pipeline as `check --from`.
"""

import pytest

from pasted import check_categories, report_categories, signal_categories, signal_ids


# ---- the kill in prose: the passive in any tense, with or without an adverb, and the killer's name ----------

@pytest.mark.parametrize("text", [
    "During training the process is always killed.",
    "After a few epochs the training job was killed, nothing else is printed.",
    "the script suddenly gets killed at epoch 3",
    "My training keeps getting killed when the validation starts",
    "the program got killed while building the dataset",
    "The process is being killed at the second epoch",
    "the jobs have been killed twice already",
    "training process suddenly got Killed after loading the data",
    "It fails with: killed by OOM killer",
    "the run was killed by the kernel's oom-killer",
    "python was killed by the Linux out-of-memory killer",
])
def test_the_kill_told_in_prose_is_host_memory(text):
    assert "process-killed-told-in-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    # the user ended it: not the kernel
    "I killed the process with Ctrl+C after it hung",
    "the process was killed manually because it hung for an hour",
    "the training process was killed by signal SIGTERM from the scheduler",
    "the job was killed by the watchdog after 30 minutes",
    "the job was killed by the user",
    # a count, a name: no kill of this run
    "processes killed: 3",
    "kill the process listening on port 8000 first",
])
def test_other_kills_are_not_read_as_host_memory(text):
    assert "process-killed-told-in-words" not in signal_ids(text)


def test_a_traceback_that_names_shared_memory_keeps_its_reading():
    # DataLoader's own kill by SIGBUS: shared memory, whatever the prose beside it says.
    text = ("The training process was killed.\n"
            "RuntimeError: DataLoader worker (pid 125) is killed by signal: Bus error. It is possible that "
            "dataloader's workers are out of shared memory. Please try to raise your shared memory limit.\n")
    assert check_categories(text)[:1] == ["shm_small"]


# ---- NCCL's result code in other frameworks' words ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    # glog's CHECK in Caffe
    "F0409 10:13:39.1 12760 nccl.cpp:71] Check failed: result == ncclSuccess (2 vs. 0)  unhandled system error",
    # Horovod / TensorFlow naming the function
    "tensorflow.python.framework.errors_impl.UnknownError: ncclAllReduce failed: unhandled cuda error",
    "UnknownError: ncclCommInitRank failed: internal error",
    # XLA quoting the call with its arguments
    "jaxlib.xla_extension.XlaRuntimeError: INTERNAL: external/xla/xla/service/gpu/nccl_api.cc:501: NCCL operation "
    "ncclGroupEnd() failed: unhandled cuda error (run with NCCL_DEBUG=INFO for details)",
    # CuPy's exception
    "cupy_backends.cuda.libs.nccl.NcclError: NCCL_ERROR_INVALID_USAGE: invalid usage",
])
def test_nccl_result_in_other_frameworks_words(text):
    assert "nccl-result-in-other-tools-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["nccl_problem"]


@pytest.mark.parametrize("text", [
    # NCCL's INFO lines name the same functions without a failure
    "node1:1234:1234 [0] NCCL INFO ncclCommInitRank comm 0x55a2 rank 0 nranks 2 cudaDev 0 busId 1000 - Init COMPLETE",
    "node1:1234:1300 [1] NCCL INFO ncclGroupEnd returned ncclSuccess",
    # a CHECK that held
    "I0409 10:13:39.1 12760 nccl.cpp:71] result == ncclSuccess",
])
def test_nccl_info_lines_are_not_a_failure(text):
    assert "nccl-result-in-other-tools-words" not in signal_ids(text)


# ---- worker pools that lose a worker without saying why -----------------------------------------------------

WORKER_DEATHS = [
    "RuntimeError: Background workers died. Look for the error message further up! If there is none then your "
    "RAM was full and the worker was killed by the OS.",
    "RuntimeError: One or more background workers are no longer alive. Exiting. Please check the print statements "
    "above for the actual error message",
    "concurrent.futures.process.BrokenProcessPool: A process in the process pool was terminated abruptly while the "
    "future was running or pending.",
    "joblib.externals.loky.process_executor.TerminatedWorkerError: A worker process managed by the executor was "
    "unexpectedly terminated. This could be caused by a segmentation fault while calling the function or by an "
    "excessive memory usage causing the Operating System to kill the worker.",
]


@pytest.mark.parametrize("text", WORKER_DEATHS)
def test_worker_pool_death_on_a_host_is_ram_then_shared_memory(text):
    assert "worker-pool-died" in signal_ids(text)
    assert check_categories(text)[:2] == ["resources_low", "shm_small"]


@pytest.mark.parametrize("container", [
    "Dockerfile:\nFROM pytorch/pytorch:2.1.0-cuda11.8-cudnn8-runtime\n",
    "root@3a5036f18e77:/workspace# python predict.py\n",
    "Running inside a Kubernetes pod.\n",
])
@pytest.mark.parametrize("text", WORKER_DEATHS[:3])
def test_worker_pool_death_in_a_container_is_shared_memory_first(container, text):
    assert check_categories(container + text)[:1] == ["shm_small"]


@pytest.mark.parametrize("text", [
    "All background workers are alive, training continues.",
    "the pool was shut down after the last future finished",
])
def test_living_workers_are_not_a_death(text):
    assert "worker-pool-died" not in signal_ids(text)


# ---- the dev reports they were written from ------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("6411-hardnet-19-train-killed-by-oom-killer.txt", "resources_low"),
    ("6439-attentionwalk-6-60000-nodes-training-killed.txt", "resources_low"),
    ("6441-deyolo-30-training-always-killed-memory-leak.txt", "resources_low"),
    ("6433-nvidia-caffe-492-nccl-unhandled-cuda-error-nccl-for-cuda9.txt", "nccl_problem"),
    ("6432-nnunet-1789-docker-predict-background-workers-died.txt", "shm_small"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[:1] == [category]


# ---- memory and disk in words: GPU memory, host RAM in Chinese, the disk, /dev/shm said small -------------------

@pytest.mark.parametrize("text", [
    "It runs out of VRAM at 1024x1024.",
    "my 3060 ran out of video memory during the VAE decode",
    "we keep running out of graphics memory with batch 16",
    "not enough VRAM on an 8GB card",
    "insufficient GPU memory for the 13b model",
    "The GPU memory is full after a few steps",
    "VRAM gets maxed out when the upscaler starts",
    "显卡内存不足，换了小一点的分辨率",
    "GPU内存不够",
])
def test_gpu_memory_in_words(text):
    assert "gpu-memory-out-in-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["gpu_oom"]


@pytest.mark.parametrize("text", [
    "Free GPU memory: 10.2 GB",
    "VRAM: 24GB, RAM 64GB",
    "GPU memory is enough for this model",
])
def test_gpu_memory_figures_are_not_a_shortage(text):
    assert "gpu-memory-out-in-words" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "训练到一半内存不足，进程退出",
    "加载数据集时系统内存不够",
    "运行内存爆了",
])
def test_host_ram_in_chinese_words(text):
    assert "host-ram-exhausted-in-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text, category", [
    ("共享内存不足", "shm_small"),   # /dev/shm, not RAM
    ("显存不足", "gpu_oom"),          # the GPU's
    ("显卡内存不足", "gpu_oom"),
])
def test_chinese_memory_words_keep_their_place(text, category):
    assert "host-ram-exhausted-in-words" not in signal_ids(text)
    assert signal_categories(text)[:1] == [category]


@pytest.mark.parametrize("text", [
    "The run stops at the checkpoint: I'm running out of disk space on the root partition.",
    "we ran out of storage on the node",
    "not enough disk space for the dataset cache",
    "the SSD was completely full",
    "磁盘空间不足，保存模型失败",
    "硬盘满了",
])
def test_disk_full_in_words(text):
    assert "disk-full-in-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "The disk is fine, plenty of space left",
    "disk space: 2TB free",
    "saving to an external drive",
])
def test_disk_mentions_are_not_a_full_disk(text):
    assert "disk-full-in-words" not in signal_ids(text)


def test_a_message_outranks_the_disk_in_words():
    # a CUDA OOM raised beside the reporter's guess about the disk: the raised error explains the paste
    text = ("I think the disk is full?\n"
            "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 23.65 GiB total capacity; "
            "21.10 GiB already allocated; 1.02 GiB free; 21.50 GiB reserved in total by PyTorch)\n")
    assert check_categories(text)[:1] == ["gpu_oom"]


@pytest.mark.parametrize("text", [
    "inside the container /dev/shm is only 64M",
    "/dev/shm size is 64MB in the pod",
    "docker gives shm-size of 64m by default",
    "/dev/shm is full",
])
def test_dev_shm_said_small(text):
    assert "shared-memory-too-small-in-words" in signal_ids(text)


@pytest.mark.parametrize("text", [
    "/dev/shm is 32G",
    "shm size is 16g",
    "df -h /dev/shm",
])
def test_a_large_dev_shm_is_not_small(text):
    assert "shared-memory-too-small-in-words" not in signal_ids(text)


# ---- images cached in RAM: counted or named, and the machine stalling rather than killing --------------------

@pytest.mark.parametrize("text", [
    "with 32GB of memory, caching 6k images stalls training",
    "\"-cache_image\" stuck training",
    "cache all images then the PC freezes",
    "caching 120k images hangs at 80%",
])
def test_image_cache_that_stalls_the_machine(text):
    assert "yolo-cache-ram-exhausted-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "pip install --no-cache-dir torch; the install is stuck at resolving",
    "caching 6k images took 3 minutes, training runs fine",
])
def test_other_caches_and_finished_caching_are_not_ram(text):
    assert "yolo-cache-ram-exhausted-words" not in signal_ids(text)


# ---- TensorFlow's BFC allocator on the GPU, unless it says it is no failure ----------------------------------

def test_tensorflow_gpu_allocator_ran_out():
    text = ("2023-01-01 12:00:00.1 W tensorflow/core/common_runtime/bfc_allocator.cc:479] Allocator (GPU_0_bfc) ran "
            "out of memory trying to allocate 3.50GiB (rounded to 3758096384)requested by op Conv2DBackpropFilter\n")
    assert "gpu-oom-framework-wordings" in signal_ids(text)
    assert signal_categories(text)[:1] == ["gpu_oom"]


def test_tensorflow_allocator_hint_that_is_no_failure():
    text = ("2023-01-01 12:00:00.1 W tensorflow/core/common_runtime/bfc_allocator.cc:243] Allocator (GPU_0_bfc) ran "
            "out of memory trying to allocate 2.19GiB with freed_by_count=0. The caller indicates that this is not a "
            "failure, but may mean that there could be performance gains if more memory were available.\n")
    assert "gpu-oom-framework-wordings" not in signal_ids(text)
