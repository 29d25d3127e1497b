"""Out-of-memory messages of frameworks other than torch, NCCL's InfiniBand transport failing, and a flash-attn
build failing in pip's own per-package line or in the reporter's words. Each signature is checked on small
pastes written here (as printed, lower-cased, re-spaced, wrapped and cut short), on look-alikes it must not
fire on, and on reports of the dev split through the same pipeline as `check --from`.
"""

import pytest

from pasted import check_categories as checked, report_categories as report_checked, signal_ids


# ---- GPU out of memory, every framework's wording --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # PaddlePaddle
    "Out of memory error on GPU 0. Cannot allocate 98.000244MB memory on GPU 0, 6.000000GB memory has been allocated",
    "ResourceExhaustedError: Out of memory error on GPU 0",
    # XLA / JAX / TensorFlow
    "jaxlib.xla_extension.XlaRuntimeError: RESOURCE_EXHAUSTED: Out of memory while trying to allocate 7406166528 bytes.",
    "Execution of replica 0 failed: Resource exhausted: Out \nof memory while trying to allocate 5520758552 bytes.",
    "ResourceExhaustedError (see above for traceback): OOM when allocating tensor with shape[45,28,28,512]",
    "tensorflow.python.framework.errors_impl.ResourceExhaustedError: OOM",
    "gpu_async_1 cuMemAllocAsync failed to allocate 1225195446464 bytes: RESOURCE_EXHAUSTED: : CUDA_ERROR_OUT_OF_MEMORY: out of memory",
    # onnxruntime
    "onnxruntime::BFCArena::AllocateRawInternal Failed to allocate memory for requested buffer of size 939524096",
    "/onnxruntime_src/onnxruntime/core/framework/bfc_arena.cc:376 void* onnxruntime::BFCArena::AllocateRawInternal(size_t, bool) Failed to alloc",
    # llama.cpp / ollama
    "ggml_backend_cuda_buffer_type_alloc_buffer: allocating 9866.00 MiB on device 1: cudaMalloc failed: out of memory",
    "llama_model_load: error loading model: unable to allocate CUDA0 buffer",
    # vLLM
    "ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine.",
    # HIP
    "RuntimeError: HIP error: hipErrorOutOfMemory",
])
def test_other_frameworks_out_of_memory_is_gpu_oom(text):
    assert "gpu-oom-framework-wordings" in signal_ids(text)
    assert checked(text)[:1] == ["gpu_oom"]


@pytest.mark.parametrize("text", [
    "out of memory error on gpu 0. cannot allocate 1.5gb",          # lower-cased
    "resource_exhausted:   out  of memory while trying to allocate",  # re-spaced
    "oom when allocating tensor with shape[90,17,17",              # tail cut
    "ggml_backend_cuda_buffer_type_alloc_buffer: cudamalloc failed:out of memory",
    "no available memory for the cache blocks. try incr",
])
def test_retyped_and_cut_wordings_still_match(text):
    assert "gpu-oom-framework-wordings" in signal_ids(text)


@pytest.mark.parametrize("text", [
    "Out of memory error on CPU 0. Cannot allocate 1.5GB",
    "Resource exhausted: too many open streams",
    "INFO Extending BFCArena for Cuda. bin_num:9 (requested) num_bytes: 160000",   # arena growing, no failure
    "ggml_backend_cuda_buffer_type_alloc_buffer: allocating 9866.00 MiB on device 1",
    "INFO: the rest of the memory reserved for KV Cache is 10.5GiB",
    "load_tensors: CUDA0 model buffer size = 48928.09 MiB",
])
def test_look_alikes_are_not_out_of_memory(text):
    assert "gpu-oom-framework-wordings" not in signal_ids(text)


# ---- NCCL over InfiniBand / RoCE --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "machine [0] misc/ibvwrap.cu:269 WARN Call to ibv_create_qp failed",
    "node08:6561:6561 [0] misc/ibvwrap.cc:280 NCCL WARN Call to ibv_create_qp failed",
    "spark01:2683:2826 [0] misc/ibvwrap.cc:268 NCCL WARN Call to ibv_create_cq failed",
    "tf144:143468:143535 [1] transport/net_ib.cc:881 NCCL WARN NET/IB : Got completion from peer 192.168.17.147<38560> with error 12, opcode 0, len 0, vendor err 129",
    "NCCL WARN NET/IB : Got async event : port error",
    "ncclwarn net/ib: got completion from peer 10.0.0.2<1234> with error 12",   # retyped
    "call to  ibv_reg_mr  failed",
])
def test_nccl_infiniband_transport_failures_are_nccl(text):
    assert "nccl-ib-transport-failed" in signal_ids(text)
    assert checked(text)[:1] == ["nccl_problem"]


@pytest.mark.parametrize("text", [
    "node08:6561:6561 [0] NCCL INFO NET/IB : Using [0]mlx5_0:1/IB ; OOB ibs3:10.252.0.211<0>",
    "NCCL INFO NET/IB : GPU Direct RDMA Disabled for GPU 0 / HCA mlx4_0 (not supported by GPU)",
    "Call to ibv_create_qp succeeded",
])
def test_healthy_ib_lines_are_not_a_failure(text):
    assert "nccl-ib-transport-failed" not in signal_ids(text)


# ---- flash-attn build failing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "  Building wheel for flash-attn (setup.py) ... error",
    "  × Building wheel for flash-attn (pyproject.toml) did not run successfully.",
    "building wheel for flash_attn (pyproject.toml) did not run successfully",
    "ERROR: Could not build wheels for vllm, xformers, flash-attn, which is required to install",
    "failed building wheel for flash-attn",
])
def test_pip_lines_of_a_failed_flash_attn_build(text):
    assert "flash-attn-build-failed" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "Building flash_attn fails on Windows under WSL.",
    "Flash Attention 2 doesn't get built on Windows",
    "flash-attn fails to compile with CUDA 12.4",
    "windows wheel not found: https://github.com/Dao-AILab/flash-attention/releases/download/v2.4.3.post1/flash_attn-2.4.3.post1+cu118torch1.11cxx11abiFALSE-cp38-cp38-win_amd64.whl",
])
def test_flash_attn_build_failing_in_words(text):
    assert "flash-attn-build-fails-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "  Building wheel for flash-attn (setup.py) ... done",
    "Successfully built flash-attn",
    "flash-attn builds fine here",
    "Building flash_attn took 20 minutes but worked",
    "ERROR: Could not build wheels for xformers",
])
def test_a_flash_attn_build_that_worked_is_not_a_failure(text):
    ids = signal_ids(text)
    assert "flash-attn-build-failed" not in ids and "flash-attn-build-fails-in-words" not in ids


# ---- dev reports ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("1967-paddle-26892-aistudio-oom-batch-size.txt", "gpu_oom"),
    ("1969-afprofile-8-jax-resource-exhausted-3080ti.txt", "gpu_oom"),
    ("1975-jax-788-resource-exhausted-after-jaxlib-upgrade.txt", "gpu_oom"),
    ("1976-onnxruntime-20038-triton-t4-bfcarena-eight-models.txt", "gpu_oom"),
    ("1988-vllm-10439-qwen05b-no-available-memory-cache-blocks.txt", "gpu_oom"),
    ("1993-deeplab-v2-22-tf-oom-reduce-batch-size.txt", "gpu_oom"),
    ("1971-nccl-733-ib-error-12-more-than-3-nodes-hang.txt", "nccl_problem"),
    ("1972-flash-attention-780-windows-wheel-not-found-torch111.txt", "flash_attn_build"),
    ("1974-flash-attention-224-building-wheel-failed-prebuilt-wheel-works.txt", "flash_attn_build"),
    ("1977-transformerlab-75-wsl-flash-attn-build-needs-gpp.txt", "flash_attn_build"),
])
def test_dev_reports(name, category):
    assert report_checked(name)[:1] == [category]


# ---- NCCL sockets, and DDP start-up hangs in words ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "gpu617:22841:22841 [0] bootstrap.cc:37 NCCL WARN Bootstrap : no socket interface found",
    "socketStartConnect: Connect to 192.168.19.14<52822> failed : No route to host",
    "socketstartconnect: connect to 10.0.0.5<29500> failed : connection refused",   # lower-cased
])
def test_nccl_socket_setup_failures_are_nccl(text):
    assert "nccl-socket-interface-failed" in signal_ids(text)
    assert checked(text)[:1] == ["nccl_problem"]


@pytest.mark.parametrize("text", [
    "Training hangs at init_process_group on the second node",
    "DDP training hangs right after the first epoch",
    "dist.barrier() hangs forever with the nccl backend",
    "constructing DDP(model) hangs on non-master node",
    "多卡训练卡住，没有任何报错",
    "分布式训练一直卡住不动",
])
def test_ddp_start_up_hangs_in_words_are_nccl(text):
    assert "nccl-collective-hangs-in-words" in signal_ids(text)


@pytest.mark.parametrize("text", [
    "NCCL INFO Bootstrap : Using eth0:10.0.0.1<0>",
    "DDP training finished in 2 hours",
    "the notebook hangs while downloading the dataset",
    "多卡训练速度很快",
])
def test_healthy_sockets_and_ddp_runs_are_not_nccl_failures(text):
    ids = signal_ids(text)
    assert "nccl-socket-interface-failed" not in ids and "nccl-collective-hangs-in-words" not in ids


# ---- killed for lack of RAM: glued to a progress bar, or retold -------------------------------------------------

@pytest.mark.parametrize("text", [
    "Loading checkpoint shards:  38%|██████▊           | 3/8 [00:02<00:03,  1.28it/s]Killed",
    "Loading checkpoint shards:   0%|          | 0/2 [00:00<?, ?it/s]Killed",
    "100%|█████| 50/50 [00:10<00:00, 4.98s/it]Killed   ",
    "generate.py fails at Loading checkpoint shards: 52% with message killed",
    "the script dies with the message `killed` after a minute",
    "loading checkpoint shards gets killed at 0%",
])
def test_killed_after_a_progress_bar_or_in_words_is_ram(text):
    assert "process-killed-after-progress-or-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "Loading checkpoint shards: 100%|██████████| 2/2 [00:05<00:00,  2.50s/it]",
    "INFO: killed 3 stale worker processes before start",
    "Killed the old container and started again with more memory: works now",
    "[W] worker exited with code 0",
])
def test_progress_bars_and_other_kills_are_not_ram(text):
    assert "process-killed-after-progress-or-in-words" not in signal_ids(text)


# ---- flash-attn on a GPU older than Ampere ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: FlashAttention only supports Ampere GPUs or newer.",
    "runtimeerror: flashattention only supports  ampere gpus or newer",       # retyped
    "RuntimeError: FlashAttention only supports Ampere",                      # cut short
    "RuntimeError: Expected is_sm8x || is_sm75 to be true, but got false.",   # flash-attn 1
    "RuntimeError: Expected is_sm90 || is_sm8x || is_sm75 to be true, but got false.",
    "RuntimeError: FlashAttention backward for head dim > 64 requires A100 or H100 GPUs",
])
def test_flash_attn_arch_checks_in_every_version(text):
    assert "flash-attn-ampere-only" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("text", [
    "GPU: Quadro RTX 8000. FlashAttention 1 supports Turing, but FlashAttention 2 does not?",
    "Flash-Attention only works on Ampere and my card is an RTX 5000",
    "flash attention 2 does not support turing cards",
    "flash_attn doesn't work on V100",
])
def test_flash_attn_needing_ampere_in_words(text):
    assert "flash-attn-needs-ampere-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("text", [
    "flash attention works fine on my 3090",
    "Turing GPUs are supported by flash-attn 1.x",
    "flash-attn does not support Windows officially",
    "Expected all tensors to be on the same device",
])
def test_flash_attn_on_a_supported_gpu_is_not_arch(text):
    ids = signal_ids(text)
    assert "flash-attn-needs-ampere-in-words" not in ids and "flash-attn-ampere-only" not in ids


# ---- shared memory too small, in words -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The default shared memory is too low; the workaround is num_workers=2",
    "an error about the shared memory limit occurs while training in Docker",
    "not  enough shared memory in the container",
    "共享内存不足",
])
def test_shared_memory_too_small_in_words(text):
    assert "shared-memory-too-small-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["shm_small"]


@pytest.mark.parametrize("text", [
    "the shared memory is fine (16G)",
    "we raised the shared memory limit to 8G and it works",
    "shared memory is too low-level a detail for users",
])
def test_shared_memory_mentioned_without_a_shortage(text):
    assert "shared-memory-too-small-in-words" not in signal_ids(text)


# ---- a generic build-failure line does not swallow the specific cause after it ----------------------------------

def test_the_specific_nvcc_refusal_ranks_before_pips_generic_flash_attn_failure():
    text = ("  Building wheel for flash-attn (setup.py) ... error\n"
            "RuntimeError: FlashAttention is only supported on CUDA 11.6 and above\n")
    assert checked(text)[:2] == ["cuda_home_nvcc", "flash_attn_build"]


def test_pips_generic_flash_attn_failure_alone_is_the_build():
    assert checked("  Building wheel for flash-attn (setup.py) ... error\n")[:1] == ["flash_attn_build"]
