"""Resource, shared-memory and NCCL failures in the wordings of the eighth round's reports (files 3700-3799):
torch without NCCL (Windows, macOS), host RAM running out said in words, torch's shared-tensor mmap failing
with ENOMEM, the other wordings of a failed shared-memory write, multi-GPU hangs and NCCL timeouts retold in
words, GPU memory a finished process still holds, and the kernel's kill retold. Each is checked on small
pastes written here, including ones it must not fire on, and on dev reports through the same pipeline as
`check --from`.
"""

import pytest

from pasted import report_categories, signal_categories, signal_ids


# ---- torch without NCCL ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: Distributed package doesn't have NCCL built in\n",
    '    raise RuntimeError("Distributed package doesn\'t have NCCL " "built in")\n',
    "RuntimeError: Distributed package doesn't have NCCL bulit in\n",
    "torch.distributed.DistBackendError: Distributed package doesn’t have NCCL built in\n",
])
def test_a_torch_without_nccl_is_an_nccl_problem(text):
    assert "nccl-not-built-in" in signal_ids(text)
    assert signal_categories(text)[:1] == ["nccl_problem"]


@pytest.mark.parametrize("text", [
    "torch.distributed.is_nccl_available() -> True\n",
    "NCCL is built in to the Linux wheels of torch\n",
])
def test_nccl_being_there_is_not_the_missing_backend(text):
    assert "nccl-not-built-in" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "3714-hcp-diffusion-28-windows-nccl-not-built-in-cn.txt",
    "3715-chinese-clip-279-windows-single-gpu-nccl-cn.txt",
    "3717-llama2-accessory-166-windows-nccl-not-built-in.txt",
])
def test_windows_reports_without_nccl_rank_it_first(name):
    assert report_categories(name)[:1] == ["nccl_problem"]


# ---- host RAM running out, said in words -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "After a few epochs we get a RAM OOM and the job dies.\n",
    "the box ran out of system RAM while caching the labels\n",
    "It is a CPU OOM, not a GPU one.\n",
    "RAM usage keeps increasing every epoch until training crashes\n",
    "host RAM is full after loading the dataset\n",
])
def test_host_ram_running_out_in_words_is_resources(text):
    assert "host-ram-exhausted-in-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "GPU RAM is full at batch 64\n",
    "VRAM usage keeps increasing during validation\n",
    "video RAM usage keeps growing\n",
    "CPU 10700K + 16GB RAM, GPU 3060Ti (8GB memory)\n",
    "We added more RAM to the box last year.\n",
])
def test_gpu_memory_or_a_ram_size_is_not_host_ram_running_out(text):
    assert "host-ram-exhausted-in-words" not in signal_ids(text)


def test_ram_oom_told_in_words_ranks_resources_first():
    assert report_categories("3721-yoloe-24-ram-oom-workers.txt")[:1] == ["resources_low"]
    assert report_categories("3720-ultralytics-9824-cls-cache-true-ram-grows.txt")[:1] == ["resources_low"]


# ---- torch's shared tensors: mmap ENOMEM and the other wordings of a failed shm write --------------

def test_a_shared_tensor_mmap_without_memory_is_resources_with_shm_second():
    text = "RuntimeError: unable to mmap 1024 bytes from file </torch_4242_17_9>: Cannot allocate memory (12)\n"
    assert "torch-shared-tensor-mmap-enomem" in signal_ids(text)
    assert signal_categories(text)[:2] == ["resources_low", "shm_small"]


def test_an_mmap_failing_for_another_reason_is_not_enomem():
    text = "RuntimeError: unable to mmap 4096 bytes from file </torch_1_2>: No such device (19)\n"
    assert "torch-shared-tensor-mmap-enomem" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "RuntimeError: unable to write to file </torch>\n",
    "RuntimeError: unable to write to file </torch_8_99_3>: No space left on device (28)\n",
    "RuntimeError: unable to allocate shared memory(shm) for file </torch_1140157_3143461634_13983>: Success (0)\n",
])
def test_every_wording_of_a_failed_shm_write_is_shared_memory(text):
    assert "torch-shm-write-failed" in signal_ids(text)
    assert signal_categories(text)[:1] == ["shm_small"]


def test_a_shared_memory_object_that_cannot_be_opened_is_not_a_full_shm():
    # That one is the open-files limit (ulimit -n), not /dev/shm's size.
    text = "RuntimeError: unable to open shared memory object </torch_31124_2696026929> in read-write mode\n"
    assert "torch-shm-write-failed" not in signal_ids(text)


def test_an_elided_torch_file_name_ranks_shared_memory_first():
    assert report_categories("3708-centernet-56-unable-to-write-torch-docker.txt")[:1] == ["shm_small"]


# ---- multi-GPU hangs and NCCL timeouts in words ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Multi-GPU training hangs after the model summary\n",
    "multi gpu training is stuck at the first batch\n",
    "training on multiple GPUs freezes, one GPU is fine\n",
    "We get an NCCL timeout during the data processing step\n",
    "DDP training timed out at the first barrier\n",
    "NCCL 通信超时，训练中断\n",
])
def test_a_multi_gpu_hang_or_timeout_in_words_is_nccl(text):
    assert "nccl-collective-hangs-in-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["nccl_problem"]


@pytest.mark.parametrize("text", [
    "export NCCL_SOCKET_TIMEOUT=7200\n",
    "--ddp_timeout 180000\n",
    "Multi-GPU training is supported since 8.0\n",
    "the download timed out, so we trained on one GPU\n",
])
def test_timeout_settings_and_multi_gpu_prose_are_not_a_hang(text):
    assert "nccl-collective-hangs-in-words" not in signal_ids(text)


def test_multi_gpu_hang_and_nccl_timeout_reports_rank_nccl_first():
    assert report_categories("3702-diffnet-10-multi-gpu-hang-p2p.txt")[:1] == ["nccl_problem"]
    assert report_categories("3743-axolotl-921-nccl-timeout-data-processing.txt")[:1] == ["nccl_problem"]


# ---- GPU memory a finished process still holds ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "After training ends the GPU memory is not released, so the next run goes OOM.\n",
    "GPU memory stays occupied after the process was killed\n",
    "kill 了进程之后显存不释放\n",
])
def test_gpu_memory_still_held_is_gpu_oom(text):
    assert "gpu-memory-out-in-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["gpu_oom"]


@pytest.mark.parametrize("text", ["GPU memory usage is about 20 %\n", "GPU memory: 24564MiB\n"])
def test_gpu_memory_readings_are_not_memory_held(text):
    assert "gpu-memory-out-in-words" not in signal_ids(text)


def test_a_leftover_process_holding_gpu_memory_ranks_gpu_oom_first():
    assert report_categories("3728-fluxtrainer-122-gpu-memory-held-after-training.txt")[:1] == ["gpu_oom"]


# ---- the kernel's kill, retold -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'No error at all, just "Killed" is printed and python exits.\n',
    "Every time, the system kills the process after the first epoch.\n",
    "the training was killed by the OOM killer\n",
    "my python process got killed by the kernel\n",
])
def test_a_kill_retold_is_host_memory(text):
    assert "process-killed-after-progress-or-in-words" in signal_ids(text)
    assert signal_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "the process was killed by the user with Ctrl-C\n",
    "We killed the job ourselves to change the batch size.\n",
    "state = 'killed'\n",
])
def test_a_kill_by_a_person_is_not_host_memory(text):
    assert "process-killed-after-progress-or-in-words" not in signal_ids(text)


def test_killed_reports_told_in_words_rank_resources_first():
    assert report_categories("3730-diffusers-215-killed-from-pretrained-wsl.txt")[:1] == ["resources_low"]
    assert report_categories("3731-ai8x-training-257-kws20-training-killed.txt")[:1] == ["resources_low"]
