"""Host memory, the host allocator and the out-of-memory killer in the wordings of the nineteenth round's reports
(files 14400-14499): a process killed with "SIGKILL (-9)" as an issue's title puts it, the reporter saying there is
"not enough RAM", torch's "unable to mmap ... Cannot allocate memory" with the size and file left out, and the CPU
allocator's "not enough memory: you tried to allocate N bytes" without its DefaultCPUAllocator prefix. Each is checked
on small pastes written here, including ones it must not fire on, and on dev reports through the same pipeline as
`check --from`.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids

# ---- a process killed by SIGKILL, in the signal's other spellings ---------------------------------------------------


@pytest.mark.parametrize("text", [
    "Ultralytics YOLO DDP on GPU, causing SIGKILL (-9) OOM\n",
    "The training process ends with SIGKILL(9) after the first epoch.\n",
    "worker 3 was killed by signal 9\n",
    "The job was terminated by SIGKILL while caching the images.\n",
])
def test_sigkill_with_its_number_or_its_killer_is_the_memory_killer(text):
    assert "process-killed-sigkill-status" in signal_ids(text)
    assert check_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    # the launcher stopping the other workers, and a kill asked for by name
    "W1209 08:23:06.214000 20696 torch/distributed/elastic/multiprocessing/api.py:900] Sending process 20698 closing "
    "signal SIGTERM\n",
    "Use kill -9 (SIGKILL) to stop a hung process.\n",
    "The handler catches SIGTERM and SIGINT; SIGKILL cannot be caught.\n",
    # a kill by another signal
    "the process was killed by signal 15\n",
])
def test_other_signals_and_advice_about_sigkill_are_not_read_as_a_kill(text):
    assert "process-killed-sigkill-status" not in signal_ids(text)


# ---- too little host RAM, in the reporter's words -------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "There is not enough RAM during training\n",
    "Training stops on Colab: insufficient RAM with more than 6000 images.\n",
    "The run dies because of a lack of system RAM.\n",
    "My RAM is not enough for caching the dataset.\n",
])
def test_too_little_host_ram_in_words_is_resources_low(text):
    assert "host-ram-exhausted-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    # GPU memory, said as VRAM or GPU RAM
    "There is not enough VRAM to train the large model.\n",
    "insufficient GPU RAM for batch 64\n",
    "not enough video RAM on the laptop\n",
    # enough RAM
    "The machine has enough RAM (64 GB), the GPU is the limit.\n",
])
def test_gpu_memory_and_enough_ram_are_not_read_as_too_little_host_ram(text):
    assert "host-ram-exhausted-in-words" not in signal_ids(text)


# ---- torch's mmap failing with ENOMEM, retold without the size and the file -----------------------------------------


@pytest.mark.parametrize("text", [
    "[Bug]: RuntimeError: unable to mmap ... Cannot allocate memory\n",
    "RuntimeError: unable to mmap … Cannot allocate memory\n",
    "RuntimeError: unable to mmap 29764 bytes from file </torch_10182_3020184674_63991>: Cannot allocate memory (12)\n",
])
def test_unable_to_mmap_cannot_allocate_memory_in_any_retelling(text):
    assert "torch-shared-tensor-mmap-enomem" in signal_ids(text)
    assert check_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    # another error of mmap, and a file that is not there
    "RuntimeError: unable to mmap 64 bytes from file </torch_1_2>: Permission denied (13)\n",
    "unable to mmap the checkpoint: No such file or directory\n",
])
def test_other_mmap_failures_are_not_read_as_enomem(text):
    assert "torch-shared-tensor-mmap-enomem" not in signal_ids(text)


# ---- the host allocator's message without its prefix ----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "not enough memory: you tried to allocate 9437184 bytes\n",
    "RuntimeError: CPUAllocator: not enough memory: you tried to allocate 6553600 bytes.\n",
    "RuntimeError: [enforce fail at ..\\c10\\core\\impl\\alloc_cpu.cpp:72] data. DefaultCPUAllocator: not enough "
    "memory: you tried to allocate 52428800 bytes.\n",
])
def test_the_cpu_allocator_message_with_or_without_its_prefix(text):
    assert "cpu-allocator-failed" in signal_ids(text)
    assert check_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    # CUDA's own message says "Tried to allocate" after "out of memory"
    "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 2.00 GiB total capacity)\n",
    # MPS's message
    "RuntimeError: MPS backend out of memory (MPS allocated: 8.00 GB). Tried to allocate 256 MB on private pool.\n",
    # a sentence about allocating
    "There is not enough memory to allocate the buffers, you tried too many.\n",
])
def test_gpu_allocators_and_prose_are_not_read_as_the_cpu_allocator(text):
    assert "cpu-allocator-failed" not in signal_ids(text)


# ---- the dev reports these were written from ------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "14402-ultralytics-22944-ddp-sigkill-ram-cache.txt",
    "14407-ultralytics-8087-colab-not-enough-ram-cls.txt",
    "14421-fooocus-3522-unable-to-mmap-8gb-ram-add-swap.txt",
    "14422-fooocus-177-cpuallocator-not-enough-memory-pagefile-disk.txt",
])
def test_dev_reports_of_host_memory_rank_resources_low_first(name):
    assert report_categories(name)[:1] == ["resources_low"]
