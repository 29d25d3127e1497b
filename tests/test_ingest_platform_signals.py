"""Platform-specific failures (Windows DLLs and path limits, ROCm builds of torch, a Mac): the mechanisms added
from the sixth round's platform reports (tests/fixtures/reports 1800-1899). Each is checked on small pastes
written here, including ones it must not fire on, and on a report of the dev split, through the same pipeline
as `check --from`.
"""

import pytest

from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.context import read_context
from yolodoctor.ingest.triage import triage
from pasted import report_categories as report_ranked, signal_categories as ranked


def top_ids(text):
    return [f.id for f in triage(ingest_text(text), [])][:1]


# ---- ROCm: the build has no code object for the GPU's architecture ----------------------------------------

@pytest.mark.parametrize("line", [
    '"hipErrorNoBinaryForGpu: Unable to find code object for all current devices!"',
    "hipErrorNoBinaryForGpu: Coudn't find binary for current devices!",
    "RuntimeError: HIP error: invalid device function",
])
def test_every_wording_of_the_hip_missing_code_object_is_an_unsupported_arch(line):
    assert ranked("python launch.py\n" + line + "\nAborted (core dumped)\n")[:1] == ["gpu_arch_unsupported"]


@pytest.mark.parametrize("text", [
    "export HSA_OVERRIDE_GFX_VERSION=10.3.0\npython launch.py\nRunning on local URL: http://127.0.0.1:7860\n",
    "torch.version.hip: 5.4.22803\ntorch.cuda.is_available(): True\n",
])
def test_rocm_words_without_the_failure_are_not_an_unsupported_arch(text):
    assert "gpu_arch_unsupported" not in ranked(text)


def test_a_rocm_report_of_the_dev_split_names_the_architecture():
    assert report_ranked("1807-sd-webui-5067-hip-no-binary-6700xt.txt")[:1] == ["gpu_arch_unsupported"]


def test_hip_seeing_no_device_is_not_an_nvidia_problem():
    text = "hipErrorNoDevice error when printing `torch.cuda.is_available()`\n"
    assert top_ids(text) == ["hip-no-device"]
    assert ranked("RuntimeError: No HIP GPUs are available\n")[:1] == ["other"]


# ---- Windows: path length, torch 1.x DLL loading ----------------------------------------------------------

def test_pips_long_path_hint_is_the_windows_path_limit():
    text = ("ERROR: Could not install packages due to an OSError: [Errno 2] No such file or directory: "
            "'C:\\\\Temp\\\\pip-install-x\\\\flash-attn\\\\csrc/a.cpp'\n"
            "HINT: This error might have occurred since this system does not have Windows Long Path support "
            "enabled. You can find information on how to enable this at https://pip.pypa.io/warnings/enable-long-paths\n")
    assert top_ids(text) == ["windows-long-path"]


def test_an_old_pips_errno_2_on_an_overlong_path_is_the_windows_path_limit():
    path = "C:\\\\Users\\\\me\\\\AppData\\\\Local\\\\Packages\\\\PythonSoftwareFoundation.Python.3.9_qbz5n2kfra8p0" \
           "\\\\LocalCache\\\\local-packages\\\\Python39\\\\site-packages\\\\caffe2\\\\python\\\\serialized_test" \
           "\\\\data\\\\operator_test\\\\collect_and_distribute_fpn_rpn_proposals_op_test.test_collect_and_dist.zip"
    text = f"ERROR: Could not install packages due to an EnvironmentError: [Errno 2] No such file or directory: '{path}'\n"
    assert top_ids(text) == ["windows-long-path"]


def test_errno_2_on_a_short_path_is_not_the_path_limit():
    text = ("ERROR: Could not install packages due to an OSError: [Errno 2] No such file or directory: "
            "'C:\\\\Users\\\\me\\\\req.txt'\n")
    assert "windows-long-path" not in [f.id for f in triage(ingest_text(text), [])]


def test_torch_1x_loading_its_own_dlls_with_winerror_126_is_a_windows_dll_failure():
    text = ("----> 1 import torch\n"
            "~\\Anaconda3\\lib\\site-packages\\torch\\__init__.py in <module>\n"
            "     80     for dll in dlls:\n"
            "---> 81         ctypes.CDLL(dll)\n"
            "~\\Anaconda3\\lib\\ctypes\\__init__.py in __init__(self, name, mode, handle, use_errno, use_last_error)\n"
            "--> 348             self._handle = _dlopen(self._name, mode)\n"
            "OSError: [WinError 126] The specified module could not be found\n")
    assert top_ids(text) == ["windows-torch-dll"]


def test_winerror_126_of_another_package_is_not_torchs_dll():
    text = ("  File \"C:\\\\app\\\\run.py\", line 3, in <module>\n    import cv2\n"
            "OSError: [WinError 126] The specified module could not be found\n")
    assert "windows-torch-dll" not in [f.id for f in triage(ingest_text(text), [])]


# ---- a Mac named in a template's OS line ------------------------------------------------------------------

@pytest.mark.parametrize("line", ["- OS: mac 13.0", "OS: macOS 14.2", "我用的是苹果电脑"])
def test_a_mac_named_in_words_is_a_gpu_that_is_not_nvidia(line):
    assert read_context(enumerate([line], 1)).other_gpu == 1


def test_a_linux_os_line_is_not_a_mac():
    assert read_context(enumerate(["- OS: Ubuntu 22.04", "OS: Windows 11"], 1)).other_gpu is None


def test_a_mac_template_report_of_the_dev_split_ranks_the_mac_first():
    assert report_ranked("1830-chatglm-6b-549-m1-torch-not-compiled-cn.txt")[:1] == ["other"]


# ---- the same families in other words: a DLL named without its error code, ROCm libraries, MPS memory -------

@pytest.mark.parametrize("line", [
    'Missing "\\venv\\Lib\\site-packages\\torch\\lib\\caffe2_nvrtc.dll" or one of its dependencies.',
    'The specified module could not be found. Error loading "C:\\x\\venv\\Lib\\site-packages\\torch\\lib\\c10.dll" '
    'or one of its dependencies.',
])
def test_a_torch_dll_quoted_without_its_error_code_is_a_windows_dll_failure(line):
    assert top_ids(line + "\n") == ["windows-torch-dll"]


def test_the_paging_file_keeps_its_own_finding():
    line = ('OSError: [WinError 1455] The paging file is too small for this operation to complete. Error loading '
            '"E:\\y\\lib\\site-packages\\torch\\lib\\caffe2_detectron_ops_gpu.dll" or one of its dependencies.')
    ids = [f.id for f in triage(ingest_text(line + "\n"), [])]
    assert ids[:1] == ["windows-paging-file"] and "windows-torch-dll" not in ids


@pytest.mark.parametrize("line", [
    "ImportError: libhip_hcc.so.3: cannot open shared object file: No such file or directory",
    "ImportError: libamdhip64.so.6: cannot open shared object file: No such file or directory",
    "ImportError: libMIOpen.so.1: cannot open shared object file: No such file or directory",
])
def test_a_missing_rocm_library_is_a_missing_gpu_library(line):
    assert top_ids("import torch\n" + line + "\n") == ["rocm-lib-cannot-open"]


def test_a_missing_unrelated_library_is_not_rocm():
    ids = [f.id for f in triage(ingest_text("ImportError: libGL.so.1: cannot open shared object file: No such file\n"), [])]
    assert "rocm-lib-cannot-open" not in ids


def test_the_mps_allocator_running_out_is_gpu_memory():
    line = ("RuntimeError: MPS backend out of memory (MPS allocated: 2.44 GB, other allocations: 4.34 GB, max allowed: "
            "6.77 GB). Tried to allocate 10.58 MB on private pool. Use PYTORCH_MPS_HIGH_WATERMARK_RATIO=0.0 to disable "
            "upper limit for memory allocations (may cause system failure).")
    assert ranked(line + "\n")[:1] == ["gpu_oom"]


def test_the_mps_watermark_setting_alone_is_not_an_oom():
    assert "gpu_oom" not in ranked("export PYTORCH_MPS_HIGH_WATERMARK_RATIO=0.0\npython main.py --force-fp16\n")


# ---- Macs without a newer macOS, a Mac's environment dump, illegal instructions ---------------------------

def test_a_mac_dump_with_torch_unable_to_use_cuda_is_the_mac_not_the_build():
    text = ("PyTorch version: 1.13.0.dev20220525\nCUDA used to build PyTorch: None\nOS: macOS 12.2.1 (arm64)\n"
            "Is CUDA available: False\n")
    assert ranked(text)[:1] == ["other"]


def test_a_linux_dump_with_a_cpu_torch_stays_a_cpu_build():
    text = ("PyTorch version: 2.1.0+cpu\nCUDA used to build PyTorch: None\nOS: Ubuntu 22.04.3 LTS (x86_64)\n"
            "Is CUDA available: False\n")
    assert ranked(text)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("line", [
    "RuntimeError: The MPS backend is supported on MacOS 13.0+.Current OS version can be queried using `sw_vers`",
    "RuntimeError: The MPS backend is supported on MacOS 12.3+.",
    "MPS BFloat16 is only supported on MacOS 14 or newer",
])
def test_mps_asking_for_a_newer_macos_is_the_mac(line):
    assert top_ids(line + "\n") == ["mps-needs-newer-macos"]


@pytest.mark.parametrize("line", [
    "Illegal instruction (core dumped)",
    "[1]    4242 illegal hardware instruction  python detect.py",
    "train.sh: line 3:  4242 Illegal instruction     python train.py",
    "Illegal instruction",
])
def test_a_process_killed_by_an_illegal_instruction_is_the_cpu(line):
    assert ranked("python3 -c 'import torch'\n" + line + "\n")[:1] == ["other"]


def test_prose_about_an_illegal_instruction_is_not_a_crash():
    assert "illegal-instruction" not in [f.id for f in triage(ingest_text(
        "I read that an Illegal instruction error can come from numpy\n"), [])]


def test_an_amd_card_set_up_through_rocm_is_not_blamed_for_cuda_being_unavailable():
    text = ("torch.cuda.is_available() return false with ROCm5.4.3 and RX6800\n"
            "pip3 install --pre torch torchvision --extra-index-url https://download.pytorch.org/whl/nightly/rocm5.4.3/\n")
    assert "other" not in ranked(text)[:1]
    assert read_context(enumerate(text.splitlines(), 1)).rocm == 1
