"""Host memory and shared memory in the wordings of the seventeenth round's reports (files 12400-12499): the C++ side
of the DataLoader's "worker (pid N) exited unexpectedly with exit code 1", and NumPy's own MemoryError, "Unable to
allocate 926. GiB for an array with shape (...)", which is host RAM. Each is checked on small pastes written here,
including ones it must not fire on, and on dev reports through the same pipeline as `check --from`.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids

# ---- a DataLoader worker that exited unexpectedly, in both wordings ------------------------------------------------


@pytest.mark.parametrize("text", [
    "RuntimeError: DataLoader worker (pid 7948) exited unexpectedly with exit code 1\n",
    "RuntimeError: DataLoader worker (pid 2391) exited unexpectedly with exit code 1. Details are lost due to "
    "multiprocessing. Rerunning with num_workers=0 may give better error trace.\n",
    "RuntimeError: DataLoader worker (pid(s) 3536, 3537) exited unexpectedly\n",
])
def test_a_dataloader_worker_that_exited_unexpectedly_is_shared_memory_first(text):
    assert "dataloader-exited-unexpectedly" in signal_ids(text)
    categories = check_categories(text)
    assert categories[:1] == ["shm_small"] and "resources_low" in categories[:3]


@pytest.mark.parametrize("text", [
    # a worker that raised: the exception is the cause, not memory
    "RuntimeError: Caught ValueError in DataLoader worker process 0.\n",
    # other processes that exited
    "ERROR: Process (pid 7948) exited unexpectedly with exit code 1\n",
    "The DataLoader worker exited normally after the epoch.\n",
])
def test_other_worker_exits_are_not_read_as_a_dead_dataloader_worker(text):
    assert "dataloader-exited-unexpectedly" not in signal_ids(text)


# ---- NumPy could not allocate an array: host RAM -------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "numpy.core._exceptions.MemoryError: Unable to allocate 926. GiB for an array with shape (6794880, 36601) and "
    "data type float32\n",
    "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 1.61 GiB for an array with shape (753, 536, 536) "
    "and data type float64\n",
    "MemoryError: Unable to allocate 27.5 MiB for an array with shape (32, 400, 282) and data type float64\n",
    "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 58.0 GiB for an array with shape (176351, 176460) "
    "and data type uint16\n",
    # NumPy 1.16 did not name the size
    "numpy.core._exceptions.MemoryError: Unable to allocate array with shape (24012, 10716) and data type float32\n",
])
def test_numpy_unable_to_allocate_an_array_is_host_ram(text):
    assert "numpy-array-allocation-failed" in signal_ids(text)
    assert check_categories(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    # Triton's pinned-memory pool, a driver that is too old
    "W0816 16:43:33.649654 127 pinned_memory_manager.cc:236] Unable to allocate pinned system memory, pinned memory "
    "pool will not be available: CUDA driver version is insufficient for CUDA runtime version\n",
    # GPU memory in other libraries' words
    "cupy.cuda.memory.OutOfMemoryError: Out of memory allocating 1,073,741,824 bytes (allocated so far: 0 bytes).\n",
    "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 2.00 GiB total capacity)\n",
    # other allocations that failed
    "Unable to allocate 2 bytes for the buffer\n",
    "ERROR: unable to allocate a tensor with shape [1,3,640,640]\n",
])
def test_other_allocation_failures_are_not_read_as_numpy(text):
    assert "numpy-array-allocation-failed" not in signal_ids(text)


@pytest.mark.parametrize("name,category", [
    ("12406-semantic-segmentation-pytorch-80-dataloader-worker-exited.txt", "shm_small"),
    ("12408-marl-algorithms-61-numpy-memoryerror-zh.txt", "resources_low"),
    ("12409-single-cell-tutorial-85-unable-to-allocate-926-gib.txt", "resources_low"),
    # the DataLoader's other wording, read as before
    ("3745-detectron2-384-dataloader-exited-docker-shm.txt", "shm_small"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[:1] == [category]
