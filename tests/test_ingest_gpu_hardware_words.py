"""GPUs, containers and host resources as reports state them in words: another vendor's GPU (an AMD card by
brand or model number, Intel graphics, a Mac) beside a torch that cannot use CUDA, and torch's answer compared
with `==` in prose. Each mechanism is checked on small pastes written here, including ones it must not fire on,
and on reports of the dev split, through the same pipeline as `check --from`.
"""

import pytest

from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.ingest.context import read_context
from yolodoctor.report.check_report import CheckOptions
from pasted import check_categories as checked, report_categories as report_checked, signal_ids

NOT_COMPILED = "AssertionError: Torch not compiled with CUDA enabled\n"


# ---- another vendor's GPU ------------------------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    "I have an AMD graphics card",
    "My GPU: RX 6700 XT",
    "rx580 8gb",
    "请问是不是不支持AMD显卡？",
    "Laptop with Intel HD graphics 4000",
    "My PC is Intel Iris Xe Graphics",
    "I'm on Mac M1",
    "apple silicon user",
    "OS: macOS 14.1 (arm64)",
])
def test_another_vendors_gpu_with_a_torch_without_cuda_is_that_gpu(words):
    assert checked(words + "\n" + NOT_COMPILED)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    # a laptop's integrated graphics beside its GeForce: the torch build is the cause
    "Intel UHD Graphics 630 and NVIDIA GeForce RTX 3060 Laptop GPU\n" + NOT_COMPILED,
    # pip listing a macOS wheel while it resolves on Linux is no Mac
    "Skipping link: none of the wheel's tags (cp310-none-macosx_11_0_arm64) are compatible\n" + NOT_COMPILED,
    # network counters are no Radeon
    "RX packets 5800  bytes 123 (123.0 B)\n" + NOT_COMPILED,
    # "卡住" is "stuck": "cuda卡住" names no AMD card
    "运行时cuda卡住了\n" + NOT_COMPILED,
])
def test_words_that_name_no_other_vendors_only_gpu(text):
    assert checked(text)[:1] == ["torch_cpu_only"]


def test_a_container_run_line_alone_does_not_make_another_vendors_gpu_the_cause():
    """A `docker run` without --gpus only risks a hidden GPU: on a Mac host whose container fails on a missing
    libGL, the GPU is not what failed."""
    text = ("macOS host\ndocker run -t --net=host my-image\n"
            "ImportError: libGL.so.1: cannot open shared object file: No such file or directory\n")
    assert "other" not in checked(text)
    assert checked(text)[:1] == ["opencv_libgl"]
    # torch saying it sees no GPU there still makes the Mac the cause
    assert checked("macOS host\ndocker run -t my-image\n" + NOT_COMPILED)[:1] == ["other"]


def test_rx_model_numbers_and_mac_wheels_in_the_context():
    assert read_context(enumerate(["GPU: RX 7900 XTX"], 1)).other_gpu == 1
    assert read_context(enumerate(["RX errors 0  dropped 0  overruns 0"], 1)).other_gpu is None
    assert read_context(enumerate(["torch-2.1.0-cp311-none-macosx_11_0_arm64.whl"], 1)).other_gpu is None
    assert read_context(enumerate(["NVIDIA GeForce RTX 4090"], 1)).nvidia_gpu_named == 1


@pytest.mark.parametrize("name", [
    "864-sunone-aimbot-60-amd-invalid-cuda-device.txt",
    "1108-chatglm2-426-amd-6600xt-torch-not-compiled-cn.txt",
    "1122-pytorch-39028-intel-hd-4000-no-nvidia-driver.txt",
    "1124-mistral-inference-3-mac-m1-torch-not-compiled.txt",
])
def test_another_vendors_gpu_on_dev_reports(name):
    assert report_checked(name)[:1] == ["other"]


# ---- torch's answer compared in prose --------------------------------------------------------------------------

def test_is_available_compared_with_double_equals_is_read():
    facts = ingest_text("Inside the worker torch.cuda.is_available() == False.\n").facts
    assert facts.torch.cuda_available is False
    assert ingest_text("torch.cuda.is_available() == True\n").facts.torch.cuda_available is True


def test_a_worker_hiding_the_gpu_on_a_dev_report():
    # The worker sets CUDA_VISIBLE_DEVICES=1 and answers False; the interactive Python that answers True is
    # another process.
    assert report_checked("635-bentoml-5443-worker-cuda-visible-devices-1.txt")[:1] == ["gpu_not_visible"]


# ---- message families worded in many ways ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "docker 运行轻量级版本出现 no cuda gpu aviliable",
    "No GPU found inside the container",
    "The CUDA runtime is not detected inside the container",
    "GPU is not visible to the worker",
    "容器里检测不到显卡",
])
def test_no_gpu_said_in_words_is_the_gpu_not_visible(text):
    assert "no-gpu-said-in-words" in signal_ids(text + "\n")
    assert checked(text + "\n")[:1] == ["gpu_not_visible"]


@pytest.mark.parametrize("text", [
    "I have no GPU issues, training is just slow",
    "cudnn not detected by cmake but the build continued",
    "no gpu_ids given, using defaults",
])
def test_words_that_say_no_gpu_missing(text):
    assert "no-gpu-said-in-words" not in signal_ids(text + "\n")


def test_a_cpu_only_torch_outranks_no_gpu_said_in_words():
    text = "No CUDA GPU available\n>>> torch.__version__\n'2.3.1+cpu'\n"
    assert checked(text)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("text", [
    "ERROR: Unexpected BUS error encountered in DataLoader worker. This might be caused by insufficient shared "
    "memory (shm), please check whether use_shared_memory is set",
    "ERROR: Unexpected bus error encountered in worker. This might be caused by insufficient shared memory (shm).",
    "在Docker下训练一段时间报共享内存不足的错。",
])
def test_shared_memory_bus_errors_and_words_are_shm(text):
    assert checked(text + "\n")[:1] == ["shm_small"]


def test_torch_s_own_bus_error_line_gives_one_shared_memory_signal():
    ids = signal_ids("ERROR: Unexpected bus error encountered in worker. This might be caused by insufficient "
                     "shared memory (shm).\n")
    assert "shm-bus-error-any-wording" in ids and "dataloader-shm-bus-error" not in ids


def test_a_bus_error_without_shared_memory_is_not_shm():
    assert "shm-bus-error-any-wording" not in signal_ids("Bus error (core dumped)\n")


@pytest.mark.parametrize("text", [
    "only 64GB of RAM; with RAM caching my training goes OOM.",
    "With `--cache` training stops by itself after taking about 45 GB and is killed.",
    "python train.py --cache ram --img 1280 -> Killed",
    "开启 cache 之后内存不足，训练被杀",
])
def test_yolo_ram_caching_running_out_in_words(text):
    assert checked(text + "\n")[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "pip install --no-cache-dir torch\nKilled\n",
    "python train.py --cache-dir /tmp/x  # the job was killed by the scheduler's time limit",
    "cleared the pip cache and the build worked",
])
def test_other_caches_are_not_yolo_ram_caching(text):
    assert "yolo-cache-ram-exhausted-words" not in signal_ids(text + "\n")


def test_nccl_failure_checks_of_other_programs_are_nccl():
    assert checked("NCCL failure common.cu:874 'unhandled system error'\n")[:1] == ["nccl_problem"]
    # nccl-tests' "Test NCCL failure" has its own signature; this one does not read it twice
    assert "nccl-failure-check" not in signal_ids("fastmoe: Test NCCL failure common.cu:777 'unhandled system error'\n")


@pytest.mark.parametrize("name, category", [
    ("216-yolov5-9602-ram-cache-oom.txt", "resources_low"),
    ("1131-yolov5-2877-cache-killed-45gb.txt", "resources_low"),
    ("445-duix-avatar-307-docker-desktop-wsl-cn.txt", "gpu_not_visible"),
    ("630-cresset-216-compose-deploy-gpu-not-seen.txt", "gpu_not_visible"),
    ("1116-paddlespeech-790-docker-shm-bus-error-cn.txt", "shm_small"),
    ("1132-nccl-tests-14-docker-unhandled-system-error.txt", "nccl_problem"),
])
def test_message_families_on_dev_reports(name, category):
    assert report_checked(name)[:1] == [category]


@pytest.mark.parametrize("line", [
    "RuntimeError: cuda runtime error (2) : out of memory at /pytorch/aten/src/THC/THCCachingAllocator.cpp:510",
    "THCudaCheck FAIL file=/py/conda-bld/pytorch_1493676237139/work/torch/lib/THC/generic/THCStorage.cu line=66 "
    "error=2 : out of memory",
])
def test_old_torch_wordings_of_gpu_memory_running_out(line):
    assert checked(line + "\n")[:1] == ["gpu_oom"]


def test_another_cuda_runtime_error_is_not_gpu_memory():
    assert "cuda-oom-legacy-wording" not in signal_ids(
        "RuntimeError: cuda runtime error (38) : no CUDA-capable device is detected at torch/csrc/cuda/Module.cpp:51\n")


def test_old_torch_out_of_memory_on_a_dev_report():
    assert report_checked("1136-crnn-pytorch-37-thc-out-of-memory.txt")[:1] == ["gpu_oom"]


@pytest.mark.parametrize("line", [
    "write error: No space left on device",
    "OSError: No space left on device",
])
def test_a_bare_no_space_left_names_the_disk_and_shared_memory(line):
    categories = checked(line + "\n")
    assert categories[:1] == ["resources_low"] and "shm_small" in categories[:3]


@pytest.mark.parametrize("line", [
    "include/shm.h:28 NCCL WARN Call to posix_fallocate failed: No space left on device",
    "OSError: [Errno 28] No space left on device",
    "RuntimeError: unable to write to file </torch_739_144252761_4>: No space left on device (28)",
])
def test_no_space_forms_with_their_own_entries_are_not_read_twice(line):
    assert "no-space-left-bare" not in signal_ids(line + "\n")


def test_no_space_during_training_on_a_dev_report_names_shared_memory_among_the_first_three():
    assert "shm_small" in report_checked("450-ultralytics-1238-no-space-workers-docker.txt")[:3]


@pytest.mark.parametrize("text", [
    "./build/all_reduce_perf -b 8 -e 256M -f 2 -g 4\n(all_reduce_perf hangs here with 100% volatile GPU usage)",
    "Training with DDP gets stuck at the first NCCL all-reduce",
    "ncclAllReduce deadlocks on two GPUs without NVLink",
])
def test_an_nccl_collective_hanging_in_words_is_nccl(text):
    assert checked(text + "\n")[:1] == ["nccl_problem"]


@pytest.mark.parametrize("text", [
    "The DataLoader hangs after the first epoch",
    "NCCL version 2.18.1+cuda12.1\ntraining finished, nothing is stuck",
])
def test_hangs_that_are_not_nccl(text):
    assert "nccl-collective-hangs-in-words" not in signal_ids(text + "\n")


def test_an_nccl_error_outranks_a_hang_in_words():
    text = ("training hangs at the first NCCL all-reduce, then:\n"
            "torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:"
            "1691, unhandled cuda error (run with NCCL_DEBUG=INFO for details), NCCL version 2.18.1\n")
    findings = build_pasted_report(ingest_text(text), CheckOptions()).document["findings"]
    assert findings[0]["category"] == "nccl_problem" and findings[0]["severity"] == "error"


def test_an_all_reduce_hang_on_a_dev_report():
    assert report_checked("1146-nccl-257-allreduce-hangs-iommu.txt")[:1] == ["nccl_problem"]


@pytest.mark.parametrize("text", [
    "cuda out of memory가 발생합니다",
    "GPU out of memory after the first few epochs",
    "显存不够，batch size 调到 1 也不行",
    "VRAM is full when loading the model",
])
def test_gpu_memory_running_out_in_words_is_gpu_oom(text):
    assert checked(text + "\n")[:1] == ["gpu_oom"]


@pytest.mark.parametrize("text", [
    "DefaultCPUAllocator: not enough memory: you tried to allocate 123 bytes",
    "the machine ran out of memory and the process was killed",
    "显存占用 2GB，一切正常",
])
def test_host_memory_and_plain_vram_talk_are_not_gpu_memory_running_out(text):
    assert "gpu-memory-out-in-words" not in signal_ids(text + "\n")


def test_torchs_own_out_of_memory_line_is_not_read_twice():
    assert "gpu-memory-out-in-words" not in signal_ids(
        "RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 2.00 GiB total capacity)\n")


@pytest.mark.parametrize("text", [
    'os.environ["CUDA_VISIBLE_DEVICES"] = "1"\nkernel version seems to match DSO: 410.129.0\n',
    "E tensorflow/stream_executor/cuda/cuda_driver.cc:271] failed call to cuInit: CUDA_ERROR_NO_DEVICE: "
    "no CUDA-capable device is detected\n",
])
def test_cuinit_finding_no_device_with_a_working_driver_is_a_hidden_gpu(text):
    assert checked(text)[:1] == ["gpu_not_visible"]


def test_a_driver_kernel_mismatch_in_the_diagnostics_is_not_read_as_a_hidden_gpu():
    text = "kernel version 470.57.2 does not match DSO version 470.63.1 -- cannot find working devices in this configuration\n"
    assert "cuinit-no-device-driver-matches" not in signal_ids(text)
