"""flash-attn builds, host resources and hidden GPUs as real reports state them: flash-attn compiles that
run out of RAM (said in words, or fought with MAX_JOBS), pip's and uv's bare "failed to build" lines, uv's
isolated build without torch, torch.save's short writes, DataLoader workers killed with an elided pid or
terminated, a container script's "nvidia-smi not found", and CUDA_VISIBLE_DEVICES naming an index the
machine lacks. Each is checked on small pastes written here, including ones it must not fire on, and on
reports of the dev split, through the same pipeline as `check --from`.
"""

import pytest

from yolodoctor.ingest import ingest_text
from pasted import check_findings as report_findings_text, report_findings, signal_categories as ranked


def report_ranked(name):
    return [f["category"] for f in report_findings(name)]


# ---- flash-attn: memory, MAX_JOBS, bare build failures, uv -------------------------------------------------

@pytest.mark.parametrize("text", [
    "pip install flash-attn --no-build-isolation\nWhile it builds, RAM runs out and the PC crashes.\n",
    "Compiling flash-attention from source now needs a lot of RAM:\n- GH200: around 260GB\n",
    "My RAM gets exhausted and the machine freezes\nwhen I run pip install flash_attn\n",
])
def test_a_flash_attn_build_running_out_of_ram_in_words(text):
    assert ranked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # the GPU's memory at run time is not the build's RAM
    "from flash_attn import flash_attn_func\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB\n",
    # RAM mentioned, but nothing ran out
    "flash-attn 2.7.4 installed fine on a machine with 64 GB RAM\n",
])
def test_memory_words_that_are_not_a_flash_attn_build_running_out(text):
    assert ranked(text)[:1] != ["flash_attn_build"]


def test_a_flash_attn_install_with_max_jobs_is_its_compile():
    text = "MAX_JOBS=4 pip install flash-attn --no-build-isolation   # works\n" \
           "MAX_JOBS=64 pip install flash-attn --no-build-isolation  # fails\n"
    assert ranked(text)[:1] == ["flash_attn_build"]


def test_max_jobs_for_another_package_is_not_flash_attn():
    assert "flash_attn_build" not in ranked("MAX_JOBS=4 pip install xformers --no-build-isolation\n")


@pytest.mark.parametrize("line", [
    "  ERROR: Failed building wheel for flash-attn",
    "  × Failed to build `flash-attn==2.7.4.post1`",
    "ERROR: Could not build wheels for flash_attn, which is required to install pyproject.toml-based projects",
])
def test_a_bare_flash_attn_build_failure_is_its_build(line):
    assert ranked(f"pip install flash-attn\n{line}\n")[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("cause, category", [
    ("      RuntimeError:\n      The detected CUDA version (12.3) mismatches the version that was used to compile\n"
     "      PyTorch (11.7). Please make sure to use the same CUDA versions.", "cuda_home_nvcc"),
    ("      RuntimeError: flash_attn was requested, but nvcc was not found.  Are you sure your environment has "
     "nvcc available?", "cuda_home_nvcc"),
])
def test_the_cause_a_failed_flash_attn_build_names_ranks_first(cause, category):
    text = f"{cause}\n  note: This error originates from a subprocess.\n  ERROR: Failed building wheel for flash-attn\n"
    found = ranked(text)
    assert found[:1] == [category]
    assert "flash_attn_build" in found


def test_uvs_isolated_flash_attn_build_without_torch():
    frames = "".join(f'        File "/home/u/.cache/uv/builds-v0/.tmpAbC/lib/python3.11/site-packages/setuptools/'
                     f'build_meta.py", line {300 + i}, in step_{i}\n          self.step_{i}()\n' for i in range(6))
    text = ("Resolved 44 packages in 978ms\n"
            "  × Failed to build `flash-attn==2.8.2`\n"
            "  ├─▶ The build backend returned an error\n"
            "  ╰─▶ Call to `setuptools.build_meta:__legacy__.build_wheel` failed (exit status: 1)\n\n"
            "      [stderr]\n      Traceback (most recent call last):\n"
            '        File "/home/u/.cache/uv/builds-v0/.tmpAbC/lib/python3.11/site-packages/setuptools/build_meta.py", '
            "line 331, in get_requires_for_build_wheel\n"
            + frames +
            '        File "<string>", line 22, in <module>\n'
            "      ModuleNotFoundError: No module named 'torch'\n")
    assert ranked(text)[:1] == ["flash_attn_build"]


def test_a_missing_torch_far_below_another_package_is_not_flash_attn():
    text = "pip install flash-attn==2.7.4 ... done\n" + "".join(f"step {i}\n" for i in range(20)) + \
           "Traceback (most recent call last):\n  File \"train.py\", line 1, in <module>\n    import torch\n" \
           "ModuleNotFoundError: No module named 'torch'\n"
    assert ranked(text)[:1] != ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "Building wheel for flash-attn (setup.py) ...(Stuck)\n",
    "  Building wheel for flash-attn (setup.py) ... |\nIt has been running for more than 3 hours.\n",
    "The docker build hangs while building the wheel for flash attention.\n",
    # flash_attn_build covers every compiled torch extension (docs/json.md), xformers among them
    "Building wheel for xformers (setup.py) ...\nIt has been stuck for 2 hours.\n",
])
def test_a_flash_attn_wheel_build_that_never_finishes(text):
    assert ranked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "  Building wheel for flash-attn (setup.py) ... done\n",
    "Building wheel for numpy (pyproject.toml) ...\nIt has been stuck for 2 hours.\n",
])
def test_a_finished_or_other_wheel_build_is_not_a_hanging_flash_attn(text):
    assert "flash_attn_build" not in ranked(text)


def test_an_extensions_own_cuda_version_check_is_the_toolkit():
    text = ("Traceback (most recent call last):\n  File \"setup.py\", line 178, in <module>\n"
            "    check_cuda_torch_binary_vs_bare_metal(CUDA_HOME)\n"
            "RuntimeError: Cuda extensions are being compiled with a version of Cuda that does not match the "
            "version used to compile Pytorch binaries.  Pytorch binaries were compiled with Cuda 11.8.\n")
    assert ranked(text)[:1] == ["cuda_home_nvcc"]
    assert report_ranked("675-apex-1012-usr-bin-nvcc-91.txt")[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("module, line", [
    ("packaging", "          from packaging.version import parse, Version"),
    ("psutil", "          import psutil"),
])
def test_a_flash_attn_build_without_its_build_requirements(module, line):
    text = ("Collecting flash-attn==2.7.4.post1\n  Preparing metadata (setup.py) ... error\n"
            '        File "/tmp/pip-install-abc/flash-attn_0123/setup.py", line 9, in <module>\n'
            f"{line}\n      ModuleNotFoundError: No module named '{module}'\n")
    assert ranked(text)[:1] == ["flash_attn_build"]


def test_a_missing_packaging_module_elsewhere_is_not_flash_attn():
    text = ('Traceback (most recent call last):\n  File "train.py", line 3, in <module>\n'
            "    from packaging import version\nModuleNotFoundError: No module named 'packaging'\n")
    assert "flash_attn_build" not in ranked(text)


@pytest.mark.parametrize("name", [
    "604-flash-attn-1811-build-exhausts-32gb.txt",
    "600-flash-attn-389-max-jobs-ram-ngc.txt",
    "605-flash-attn-1593-windows-torch-nightly-cu128.txt",
    "606-nano-vllm-96-uv-flash-attn-isolation.txt",
    "650-py4cast-58-flash-attn-docker-build-slow.txt",
    "651-omniparse-36-flash-attn-wheel-stuck.txt",
    "701-instructlab-1864-flash-attn-no-packaging-fedora.txt",
])
def test_flash_attn_builds_on_dev_reports(name):
    assert report_ranked(name)[:1] == ["flash_attn_build"]


def test_a_dev_report_whose_flash_attn_build_failed_on_a_cuda_mismatch_is_the_toolkit():
    assert report_ranked("645-hermes-fc-7-flash-attn-cuda-123-vs-117.txt")[:1] == ["cuda_home_nvcc"]


# ---- host resources -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "RuntimeError: DataLoader worker (pid ...) is killed by signal: Killed",
    "RuntimeError: DataLoader worker (pid(s) 4711, 4712) is killed by signal: Killed.",
    "RuntimeError: DataLoader worker (pid 8102) is killed by signal: Terminated.",
])
def test_dataloader_workers_killed_or_terminated_are_host_memory(line):
    assert ranked(line + "\n")[:1] == ["resources_low"]


def test_a_dataloader_bus_error_stays_shared_memory():
    text = "RuntimeError: DataLoader worker (pid 47) is killed by signal: Bus error. It is possible that " \
           "dataloader's workers are out of shared memory.\n"
    assert ranked(text)[:1] == ["shm_small"]


@pytest.mark.parametrize("line", [
    "RuntimeError: [enforce fail at inline_container.cc:471] . PytorchStreamWriter failed writing file data/228: "
    "file write failed",
    "RuntimeError: [enforce fail at inline_container.cc:337] . unexpected pos 1557498304 vs 1557498192",
])
def test_torch_save_failing_to_write_is_the_disk(line):
    assert ranked(line + "\n")[:1] == ["resources_low"]


def test_torch_loading_a_corrupt_file_is_not_the_disk():
    line = "RuntimeError: PytorchStreamReader failed reading zip archive: failed finding central directory\n"
    assert "resources_low" not in ranked(line)


@pytest.mark.parametrize("line", [
    "    self.pid = os.fork()\nOSError: [Errno 12] Cannot allocate memory",
    "RuntimeError: [enforce fail at alloc_cpu.cpp:114] data. DefaultCPUAllocator: can't allocate memory: you tried "
    "to allocate 34359738368 bytes. Error code 12 (Cannot allocate memory)",
])
def test_host_memory_allocation_failures_are_host_memory(line):
    assert ranked(line + "\n")[:1] == ["resources_low"]


def test_a_gpu_allocation_failure_is_not_host_memory():
    line = "RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 7.79 GiB total capacity)\n"
    assert ranked(line)[:1] == ["gpu_oom"]


@pytest.mark.parametrize("line", [
    "OSError: [Errno 122] Disk quota exceeded",
    "tensorflow.python.framework.errors_impl.ResourceExhaustedError: disk quota exceeded [Op:SaveV2]",
])
def test_a_disk_quota_exceeded_is_the_disk(line):
    assert ranked(line + "\n")[:1] == ["resources_low"]


@pytest.mark.parametrize("name", [
    "620-mmrotate-501-dataloader-killed-16g.txt",
    "622-mmseg-2085-dataloader-terminated.txt",
    "624-h2o-llmstudio-214-output-volume-full.txt",
    "682-flownet-85-fork-ram-fills.txt",
    "683-alpaca-lora-280-disk-quota.txt",
    "684-facechain-16-disk-quota-modelscope-cn.txt",
])
def test_host_resources_on_dev_reports(name):
    assert report_ranked(name)[:1] == ["resources_low"]


# ---- GPUs older than the build ------------------------------------------------------------------------------

def test_torchs_unformatted_too_old_warning_is_the_arch_list():
    text = ("Found GPU%d %s which is of cuda capability %d.%d.\n"
            "PyTorch no longer supports this GPU because it is too old.\n"
            "The minimum cuda capability supported by this library is %d.%d.\n")
    assert ranked(text)[:1] == ["gpu_arch_unsupported"]
    assert report_ranked("695-neuralhydrology-43-tesla-k20m-too-old.txt")[:1] == ["gpu_arch_unsupported"]


def test_the_formatted_too_old_warning_still_names_the_gpu():
    facts = ingest_text("    Found GPU0 GeForce 820M which is of cuda capability 2.1.\n"
                        "    PyTorch no longer supports this GPU because it is too old.\n").facts
    assert [(d.name, d.capability) for d in facts.torch.devices] == [("GeForce 820M", "2.1")]


# ---- GPUs hidden from the process -----------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "!! ERROR: nvidia-smi not found",
    'docker: Error response from daemon: OCI runtime create failed: container_linux.go:349: starting container '
    'process caused "exec: \\"nvidia-smi\\": executable file not found in $PATH": unknown.',
])
def test_nvidia_smi_missing_in_a_container(line):
    assert ranked(line + "\n")[:1] == ["gpu_not_visible"]


def test_another_executable_not_found_is_not_nvidia_smi():
    line = 'exec: "python3": executable file not found in $PATH: unknown.\n'
    assert "gpu_not_visible" not in ranked(line)


def test_cuda_visible_devices_in_prose_is_read():
    facts = ingest_text("The service worker sets CUDA_VISIBLE_DEVICES=1, and then nothing works.\n").facts
    assert facts.nvidia.cuda_visible_devices == "1"
    assert ingest_text("MY_CUDA_VISIBLE_DEVICES=3 is our own variable\n").facts.nvidia.cuda_visible_devices is None


def _visible_devices_findings(text):
    return [f for f in report_findings_text(text) if f["id"] == "YD106"]


def test_an_index_beyond_the_gpus_with_torch_seeing_none_hides_them():
    text = "export CUDA_VISIBLE_DEVICES=1\n>>> torch.cuda.is_available()\nFalse\n"
    found = _visible_devices_findings(text)
    assert [f["certainty"] for f in found] == ["likely"]
    assert [f["category"] for f in report_findings_text(text)][:1] == ["gpu_not_visible"]


@pytest.mark.parametrize("text", [
    # index 0 is the first GPU
    "export CUDA_VISIBLE_DEVICES=0\n>>> torch.cuda.is_available()\nFalse\n",
    # torch sees a GPU: the index exists
    "export CUDA_VISIBLE_DEVICES=1\n>>> torch.cuda.is_available()\nTrue\n",
])
def test_a_visible_index_that_can_exist_is_no_finding(text):
    assert _visible_devices_findings(text) == []


def test_an_index_the_listed_gpus_have_is_no_finding():
    text = ("export CUDA_VISIBLE_DEVICES=1\n"
            "$ nvidia-smi -L\n"
            "GPU 0: NVIDIA GeForce RTX 3090 (UUID: GPU-11111111-2222-3333-4444-555555555555)\n"
            "GPU 1: NVIDIA GeForce RTX 3090 (UUID: GPU-66666666-7777-8888-9999-000000000000)\n"
            ">>> torch.cuda.is_available()\nFalse\n")
    assert _visible_devices_findings(text) == []


def test_a_visible_devices_index_on_a_dev_report():
    assert report_ranked("634-autoformer-25-cuda-visible-devices-1.txt")[:1] == ["gpu_not_visible"]


def test_nvidia_smi_missing_on_a_dev_report():
    assert report_ranked("632-comfyui-nvidia-docker-57-nvidia-smi-not-found.txt")[:1] == ["gpu_not_visible"]
