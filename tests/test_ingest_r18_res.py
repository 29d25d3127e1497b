"""GPU peer-to-peer copies, CUDA library symbol versions and misspelt GPU memory in the wordings of the eighteenth
round's reports (files 13400-13499): a tensor copied from one GPU to another that arrives as zeros (peer-to-peer
broken by the IOMMU or PCIe ACS), "undefined symbol: __nvJitLinkCreate_12_8, version libnvJitLink.so.12" quoted
without the library that asked, and "CUDA out of memeory". Each is checked on small pastes written here, including
ones it must not fire on, and on dev reports through the same pipeline as `check --from`.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids

# ---- a tensor copied between GPUs arrives as zeros: GPU peer-to-peer is broken --------------------------------------


@pytest.mark.parametrize("text", [
    "tensor.to(device) not copying data correctly between two GPUs\n",
    "Cross-GPU copies failing silently\n",
    "# Moving between two GPUs, tensor becomes [0, 0, 0] instead of [1, 2, 3] on device=\"cuda:1\"\n",
    "When I copy a tensor between the GPUs the values are wrong, through the CPU they are right.\n",
    # a REPL answering a move to another GPU with an all-zero tensor
    ">>> a = torch.tensor([1., 2.]).to('cuda:0')\n>>> a.to('cuda:1')\ntensor([0., 0.], device='cuda:1')\n",
    ">>> t.to(cuda0)\ntensor([0., 0., 0., 0., 0.], device='cuda:0')\n",
    "x.to(1)\n>tensor([0], device='cuda:1')\n",
    # the kernel's IOMMU page faults for an NVIDIA device (DataParallel on a Threadripper)
    "[1118468.873266] nvidia 0000:0a:00.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x000f "
    "address=0x00000000ea13a000 flags=0x0020]\n",
])
def test_a_copy_between_gpus_that_arrives_wrong_is_peer_to_peer(text):
    assert "gpu-peer-copy-corrupted" in signal_ids(text)
    assert check_categories(text)[:1] == ["nccl_problem"]


@pytest.mark.parametrize("text", [
    # a tensor that is zeros to begin with
    "x = torch.zeros(3).to(1)\ntensor([0., 0., 0.], device='cuda:1')\n",
    ">>> torch.zeros(2).to('cuda:1')\ntensor([0., 0.], device='cuda:1')\n",
    # copies between GPUs that are only slow, or zero-copy by design
    "Copying data between GPUs is slow on PCIe.\n",
    "We use zero-copy transfers between GPUs for speed.\n",
    # the usual device mix-up, and copies between the CPU and a GPU
    "RuntimeError: Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cuda:1!\n",
    "Moving the tensor from the CPU to the GPU gives wrong values.\n",
    # another device's IOMMU fault
    "[  12.345] amdgpu 0000:0c:00.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0014 address=0xf081000000 "
    "flags=0x0020]\n",
    # NCCL saying it will not use P2P
    "node155:3052669:3052713 [1] NCCL INFO P2P is disabled between connected GPUs 2 and 1. You can repress this "
    "message with NCCL_IGNORE_DISABLED_P2P=1.\n",
])
def test_other_copies_and_device_messages_are_not_read_as_broken_peer_to_peer(text):
    assert "gpu-peer-copy-corrupted" not in signal_ids(text)


# ---- a CUDA library's symbol version, quoted without the library that asked -----------------------------------------


@pytest.mark.parametrize("text", [
    "undefined symbol: __nvJitLinkCreate_12_8, version libnvJitLink.so.12\n",
    "ImportError: undefined symbol: __nvJitLinkComplete_12_4, version libnvJitLink.so.12\n",
    "OSError: undefined symbol: cublasLtGetStatusString, version libcublasLt.so.11\n",
    # the full line, read as before
    "OSError: /venv/lib/python3.10/site-packages/torch/lib/../../nvidia/cublas/lib/libcublas.so.11: undefined "
    "symbol: cublasLtGetStatusString, version libcublasLt.so.11\n",
])
def test_a_cuda_library_symbol_version_names_two_mixed_copies(text):
    assert "cuda-lib-undefined-symbol" in signal_ids(text)
    assert check_categories(text)[:1] == ["cuda_lib_missing"]


@pytest.mark.parametrize("text", [
    # an extension built against another torch or CUDA runtime: its own symbols, not the library's API
    "ImportError: /x/_C.so: undefined symbol: __cudaRegisterFatBinaryEnd, version libcudart.so.11.0\n",
    "ImportError: /x/_61_C.cpython-310-x86_64-linux-gnu.so: undefined symbol: _ZN3c104impl8GPUTrace13gpuTraceStateE\n",
    "undefined symbol: _ZNK2at6Tensor6deviceEv\n",
])
def test_other_undefined_symbols_are_not_read_as_mixed_cuda_libraries(text):
    assert "cuda-lib-undefined-symbol" not in signal_ids(text)


# ---- GPU memory out, with "memory" misspelt -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "CUDA out of memeory,\n",
    "CUDA out of memeory,I set batch_size 1,it does not work\n",
    "my gpu is out of memroy after a few epochs\n",
])
def test_gpu_out_of_memory_misspelt_is_gpu_memory(text):
    assert "gpu-memory-out-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["gpu_oom"]


@pytest.mark.parametrize("text", [
    # the host's memory in the same misspelling
    "the host ran out of memery while caching images\n",
    "Killed: out of memeory on the server\n",
])
def test_host_memory_misspelt_is_not_gpu_memory(text):
    assert "gpu-memory-out-in-words" not in signal_ids(text)


@pytest.mark.parametrize("name,category", [
    ("13402-pytorch-132397-l4-tensor-to-device-zeros.txt", "nccl_problem"),
    ("13403-pytorch-152783-nvjitlink-create-12-8-undefined.txt", "cuda_lib_missing"),
    ("13410-yolov3-1381-cuda-oom-batch1-gtx1050.txt", "gpu_oom"),
    # read as before
    ("13404-clrnet-24-cudnn-status-not-initialized.txt", "cudnn_problem"),
    ("13406-himp-gnn-7-received-0-items-of-ancdata.txt", "resources_low"),
    ("13412-pytorch-103832-cublaslt-getstatusstring-preinstalled-cublas.txt", "cuda_lib_missing"),
    ("13414-faster-whisper-951-cannot-start-libcudnn-ops-infer.txt", "cudnn_problem"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[:1] == [category]
