"""GPU and system failures that a paste states in few words: the mechanisms added from the third round
of real reports (tests/fixtures/reports 400-499). Each is checked on small pastes written here, including
ones it must not fire on, and on a report of the dev split, through the same pipeline as `check --from`.
"""

import pytest

from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.ingest.triage import triage
from yolodoctor.report.check_report import CheckOptions
from pasted import report_categories as report_ranked, signal_categories as ranked


@pytest.mark.parametrize("line", [
    "Killed",
    "train.sh: line 12: 12345 Killed                  python train.py --epochs 3",
    "[1]    4242 killed     python train.py",
    "Killed: 9",
])
def test_a_bare_kill_by_the_system_is_host_memory(line):
    assert ranked(f"Epoch 1/100\n{line}\n")[:1] == ["resources_low"]


@pytest.mark.parametrize("line", ["I killed the process", "Killed it with ctrl-c and ran it again"])
def test_prose_about_killing_a_process_is_not_a_signal(line):
    assert ranked(line + "\n") == []


def test_a_dataloader_worker_killed_is_read_once():
    findings = triage(ingest_text("RuntimeError: DataLoader worker (pid 2064) is killed by signal: Killed.\n"), [])
    assert [f.category for f in findings][:1] == ["resources_low"]
    assert [f.category for f in findings].count("resources_low") == 1


def test_killed_after_an_ultralytics_banner_ranks_the_memory_first():
    assert report_ranked("400-ultralytics-19816-workers-killed-ram.txt")[:1] == ["resources_low"]


def test_the_cuda_compiler_killed_is_host_memory():
    text = "python setup.py develop\nnvcc error   : 'cicc' died due to signal 9 (Kill signal)\n"
    assert ranked(text)[:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "pip install flash-attn --no-build-isolation\nBuilding wheel for flash-attn (setup.py) ...\nKilled\n",
    "[3/49] /usr/local/cuda/bin/nvcc -c csrc/flash_attn/src/flash_fwd_hdim64_bf16_sm80.cu\n"
    "nvcc error   : 'cicc' died due to signal 9 (Kill signal)\n",
])
def test_a_kill_while_compiling_flash_attn_is_its_build(text):
    findings = triage(ingest_text(text), [])
    assert [f.category for f in findings][:2] == ["flash_attn_build", "resources_low"]
    assert "MAX_JOBS" in findings[0].fix


def test_flash_attn_far_above_a_kill_does_not_make_it_the_build():
    # The kill belongs to whatever ran last; flash-attn named a screen earlier is not that.
    text = "pip install flash-attn\n" + "Epoch 1 loss 0.3\n" * 20 + "Killed\n"
    assert ranked(text)[:1] == ["resources_low"]


def test_a_killed_flash_attn_build_on_a_dev_report():
    assert report_ranked("422-flash-attn-347-ngc-build-killed-max-jobs.txt")[:1] == ["flash_attn_build"]


def test_a_cudnn_status_error_is_cudnn_with_memory_as_the_alternative():
    findings = triage(ingest_text("RuntimeError: cuDNN error: CUDNN_STATUS_EXECUTION_FAILED\n"), [])
    # A GPU newer than the build is the other known cause (it leads where the facts show it: YD205).
    assert [f.category for f in findings][:3] == ["cudnn_problem", "gpu_arch_unsupported", "gpu_oom"]
    # Success is not an error, and the status a signature of its own reads is not read twice.
    assert ranked("status == CUDNN_STATUS_SUCCESS\n") == []
    assert ranked("cuDNN error: CUDNN_STATUS_NOT_INITIALIZED\n").count("cudnn_problem") == 1


@pytest.mark.parametrize("line, category", [
    ("\tlibcudnn.so.6 => not found", "cudnn_problem"),
    ("\tlibcudnn_cnn_infer.so.8 => not found", "cudnn_problem"),
    ("\tlibcudart.so.11.0 => not found", "cuda_lib_missing"),
    ("\tlibcublasLt.so.12 => not found", "cuda_lib_missing"),
])
def test_ldd_naming_a_missing_cuda_library(line, category):
    assert ranked(f"$ ldd ./bin/app\n{line}\n")[:1] == [category]


def test_ldd_missing_libraries_of_other_kinds_say_nothing_here():
    assert ranked("\tlibfoo.so.1 => not found\n\tlibcudnn.so.8 => /usr/lib/libcudnn.so.8 (0x1)\n") == []


def test_two_cudnn_copies_on_a_dev_report():
    assert report_ranked("431-openpose-153-two-cudnn-versions.txt")[:1] == ["cudnn_problem"]


@pytest.mark.parametrize("line", [
    "[TensorRT] ERROR: INVALID_CONFIG: The engine plan file is generated on an incompatible device, expecting "
    "compute 7.5 got compute 7.0, please rebuild.",
    "ERROR: 6: The engine plan file is not compatible with this version of TensorRT, expecting library version "
    "8.0.0 got 8.0.1, please rebuild.",
    "[TensorRT] ERROR: INVALID_CONFIG: Deserialize the cuda engine failed.",
])
def test_an_engine_from_another_tensorrt_or_gpu(line):
    findings = triage(ingest_text(line + "\n"), [])
    assert [f.category for f in findings][:1] == ["tensorrt_problem"]
    assert findings[0].certainty == "certain"


@pytest.mark.parametrize("line", [
    "stderr: nvidia-container-cli: requirement error: unsatisfied condition: cuda>=10.2, please update your driver "
    "to a newer version, or use an earlier cuda container",
    "stderr: nvidia-container-cli: detection error: nvml error: function not found",
    "Error: unsupported CUDA version: driver 8.0 < image 9.0.176",
])
def test_the_container_toolkit_refusing_an_old_driver(line):
    assert ranked(line + "\n")[:1] == ["driver_too_old"]


def test_a_container_toolkit_refusal_outranks_the_run_commands_shm_note():
    # The docker command has no --shm-size (a note of its own); the error the user hit is the driver.
    text = ("sudo docker run --gpus all nvidia/cuda:10.0-base nvidia-smi\n"
            "docker: Error response from daemon: OCI runtime create failed: stderr: nvidia-container-cli: "
            "detection error: nvml error: function not found: unknown.\n")
    assert [f["category"] for f in build_pasted_report(ingest_text(text), CheckOptions()).document["findings"]][:1] \
        == ["driver_too_old"]
    assert report_ranked("437-nvidia-docker-1280-nvml-function-not-found-410.txt")[:1] == ["driver_too_old"]


@pytest.mark.parametrize("line", [
    "nvcc fatal   : Unsupported gpu architecture 'compute_75'",
    "nvcc fatal : Unsupported gpu architecture 'compute_120a'",
])
def test_an_nvcc_older_than_the_gpu_is_the_toolkit(line):
    findings = triage(ingest_text(f"python setup.py develop\n{line}\nerror: command '/usr/local/cuda/bin/nvcc' failed\n"),
                      [])
    assert [f.category for f in findings][:1] == ["cuda_home_nvcc"]
    assert "CUDA_HOME" in findings[0].fix


def test_an_old_toolkit_on_a_dev_report():
    assert report_ranked("441-pointnet2-91-nvcc-cuda8-rtx2080ti.txt")[:1] == ["cuda_home_nvcc"]


def test_no_cuda_gpus_is_a_gpu_torch_cannot_see():
    assert ranked("  File \"torch/cuda/__init__.py\", line 314, in _lazy_init\n"
                  "RuntimeError: No CUDA GPUs are available\n")[:1] == ["gpu_not_visible"]


@pytest.mark.parametrize("gpu_line", [
    "GPU: AMD Radeon RX 6700 XT",
    "Display adapter: Intel(R) UHD Graphics 630",
    "MacBook Pro, Apple M2 Max",
])
def test_a_cuda_error_on_a_machine_whose_gpu_is_not_nvidia(gpu_line):
    text = (f"{gpu_line}\n"
            "RuntimeError: Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and "
            "installed a driver from http://www.nvidia.com/Download/index.aspx\n")
    findings = build_pasted_report(ingest_text(text), CheckOptions()).document["findings"]
    assert [f["category"] for f in findings][:2] == ["other", "gpu_not_visible"]
    assert "not an NVIDIA GPU" in findings[0]["title"]


def test_another_vendors_gpu_beside_an_nvidia_one_changes_nothing():
    # Laptops list the integrated GPU next to the NVIDIA one: then the NVIDIA GPU is there to be fixed.
    text = ("Intel(R) UHD Graphics 630\n"
            "+-----------------------------------------------------------------------------+\n"
            "| NVIDIA-SMI 470.82.01    Driver Version: 470.82.01    CUDA Version: 11.4     |\n"
            "RuntimeError: No CUDA GPUs are available\n")
    categories = [f["category"] for f in build_pasted_report(ingest_text(text), CheckOptions()).document["findings"]]
    assert "other" not in categories
    assert "gpu_not_visible" in categories


def test_a_cuda_image_on_a_machine_without_nvidia_on_a_dev_report():
    assert report_ranked("446-ai-dock-comfyui-79-cuda-image-intel-gpu.txt")[:2] == ["other", "gpu_not_visible"]


def test_no_space_at_runtime_is_the_disk_with_shared_memory_as_the_alternative():
    text = ('  File "/opt/conda/lib/python3.7/site-packages/torch/serialization.py", line 379, in save\n'
            "OSError: [Errno 28] No space left on device\n")
    assert ranked(text)[:2] == ["resources_low", "shm_small"]


def test_pips_own_no_space_is_the_disk_alone():
    text = "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n"
    assert ranked(text) == ["resources_low"]


@pytest.mark.parametrize("text", [
    "df -h shows /dev/shm at 100%\nOSError: No space left on device\n",
    '  File "/usr/lib/python3.8/multiprocessing/synchronize.py", line 57, in __init__\n'
    "    sl = self._semlock = _multiprocessing.SemLock(\n"
    "OSError: [Errno 28] No space left on device\n",
])
def test_no_space_in_shared_memory_is_shm(text):
    findings = triage(ingest_text(text), [])
    assert [f.category for f in findings][:1] == ["shm_small"]
    assert findings[0].certainty == "certain"


def test_no_space_in_a_container_run_without_shared_memory_is_shm():
    # The error alone points at the disk; the run command, without --shm-size or --ipc=host, at /dev/shm.
    text = ("OSError: [Errno 28] No space left on device\n"
            "docker run -it --gpus all nvcr.io/nvidia/pytorch:23.09-py3\n")
    findings = triage(ingest_text(text), [])
    assert [f.category for f in findings][:2] == ["shm_small", "resources_low"]
    assert any("No space left on device" in e for e in findings[0].evidence)
    assert report_ranked("448-megatron-878-docker-no-space-shm.txt")[:1] == ["shm_small"]


def test_two_lines_of_one_pip_error_naming_each_other_stay_as_they_are():
    text = ("ERROR: Could not find a version that satisfies the requirement torch==1.10.0+cu113 (from versions: "
            "1.11.0, 1.12.0)\n"
            "ERROR: No matching distribution found for torch==1.10.0+cu113\n")
    assert ranked(text)[:1] == ["python_unsupported"]


@pytest.mark.parametrize("line", [
    "torch.cuda.OutOfMemoryError: CUDA out of memory",
    "torch.cuda.OutOfMemoryError: Allocation on device 0 would exceed allowed memory. (out of memory)",
    "torch.OutOfMemoryError: Allocation on device",
])
def test_torchs_out_of_memory_error_by_its_name(line):
    findings = triage(ingest_text(line + "\n"), [])
    assert [f.category for f in findings] == ["gpu_oom"]
    assert findings[0].certainty == "certain"


def test_the_full_out_of_memory_message_is_read_once():
    text = ("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 32.00 MiB. GPU 0 has a total capacity "
            "of 23.43 GiB of which 4.06 MiB is free.\n")
    ids = [s.id for s in ingest_text(text).signals]
    assert ids == ["cuda-out-of-memory"]


@pytest.mark.parametrize("line", [
    "OSError: [Errno 24] Too many open files",
    "RuntimeError: Too many open files. Communication with the workers is no longer possible. Please increase the "
    "limit using `ulimit -n` in the shell",
    "RuntimeError: received 0 items of ancdata",
])
def test_running_out_of_file_descriptors(line):
    findings = triage(ingest_text(line + "\n"), [])
    assert [f.category for f in findings] == ["resources_low"]
    assert "ulimit -n" in findings[0].fix


def test_open_files_on_a_dev_report():
    assert report_ranked("459-neuralrecon-91-too-many-open-files-workers.txt")[:1] == ["resources_low"]
