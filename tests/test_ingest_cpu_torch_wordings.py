"""Other wordings of "this torch cannot use the GPU" and the facts around them: the web UIs' start-up CUDA check,
torch._C without its CUDA bindings, applications saying they run on the CPU, a labelled "CUDA available: False",
"torch w/o GPU support" in words, and a CPU-only build beside code or a command that asks for a GPU. Each has
pastes it must fire on and look-alikes it must not."""

import pytest

from pasted import check_categories, signal_ids

# ------------------------------------------------------------------ torch._C without its CUDA bindings ---


@pytest.mark.parametrize("binding", ["_cuda_setDevice", "_cuda_getDeviceCount", "_cuda_init", "_cuda_emptyCache"])
def test_a_missing_cuda_binding_of_torch_c_is_a_cpu_only_build(binding):
    paste = ("  File \"/opt/app/run.py\", line 12, in main\n    torch.cuda.set_device(0)\n"
             f"AttributeError: module 'torch._C' has no attribute '{binding}'\n")
    assert "torch-c-missing-cuda-binding" in signal_ids(paste)
    assert check_categories(paste)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("paste", [
    "AttributeError: module 'torch._C' has no attribute '_jit_pass_onnx_remove_print'",  # not a CUDA binding
    "AttributeError: module 'torch' has no attribute '_cuda_setDevice'",  # not torch._C
    "AttributeError: module 'torch.cuda' has no attribute 'amp'",
])
def test_other_missing_attributes_are_not_a_cpu_build(paste):
    assert "torch-c-missing-cuda-binding" not in signal_ids(paste)


# ------------------------------------------------------------------ the web UIs' CUDA check at start-up ---

_FORGE = """Python 3.10.6 (tags/v3.10.6:9c7b4bd, Aug  1 2022, 21:53:49) [MSC v.1932 64 bit (AMD64)]
Traceback (most recent call last):
  File "D:\\\\webui\\\\launch.py", line 54, in <module>
    main()
  File "D:\\\\webui\\\\modules\\\\launch_utils.py", line 434, in prepare_environment
    raise RuntimeError(
RuntimeError: Your device does not support the current version of Torch/CUDA! Consider download another version:
"""
_A1111 = """venv "C:\\\\sd\\\\venv\\\\Scripts\\\\Python.exe"
  File "C:\\\\sd\\\\modules\\\\launch_utils.py", line 386, in prepare_environment
    raise RuntimeError(
RuntimeError: Torch is not able to use GPU; add --skip-torch-cuda-test to COMMANDLINE_ARGS variable to disable this check
"""


@pytest.mark.parametrize("paste", [_FORGE, _A1111, _FORGE.lower()])
def test_the_web_ui_cuda_check_is_a_cpu_only_torch_first(paste):
    assert "webui-torch-cuda-check-failed" in signal_ids(paste)
    categories = check_categories(paste)
    assert categories[:1] == ["torch_cpu_only"]
    assert {"driver_too_old", "gpu_not_visible"} <= set(categories)  # the other causes stay as notes


def test_the_web_ui_cuda_check_with_an_old_driver_shown_is_the_driver():
    paste = _A1111 + ("UserWarning: CUDA initialization: The NVIDIA driver on your system is too old (found version "
                      "11040). Please update your GPU driver\n>>> torch.__version__\n'2.1.2+cu121'\n")
    assert check_categories(paste)[:1] == ["driver_too_old"]


@pytest.mark.parametrize("paste", [
    "set COMMANDLINE_ARGS=--xformers --skip-torch-cuda-test",  # the flag alone says nothing failed
    "Torch is able to use the GPU now, thanks!",
    "This device does not support the current version of the firmware",
])
def test_look_alikes_of_the_web_ui_check_do_not_fire(paste):
    assert "webui-torch-cuda-check-failed" not in signal_ids(paste)


# ------------------------------------------------------------------ a CPU build beside a request for a GPU ---

_BANNER = "Ultralytics 8.3.10 \U0001f680 Python-3.11.9 torch-2.4.1+cpu\n"
_SELECT = ("Traceback (most recent call last):\n  File \"C:\\\\app\\\\detect.py\", line 20, in run\n"
           "    results = model.predict(frame, device=0)\n"
           "  File \"C:\\\\app\\\\.venv\\\\Lib\\\\site-packages\\\\ultralytics\\\\engine\\\\predictor.py\", line 305, "
           "in setup_model\n    device=select_device(self.args.device, verbose=verbose),\n")


def test_a_cpu_build_in_a_traceback_that_selects_a_cuda_device_is_the_cause():
    assert check_categories(_BANNER + _SELECT)[:1] == ["torch_cpu_only"]


def test_a_cpu_build_with_no_gpu_asked_for_is_no_finding():
    # a +cpu torch is fine where nothing asks for a GPU
    assert "torch_cpu_only" not in check_categories(_BANNER + "Results saved to runs/detect/predict\n")


_CONTAINER = ("docker run -t --rm --runtime=nvidia --network=host --shm-size=8g my-image:r36.4 python3 /test/test.py\n"
              "testing PyTorch...\nPyTorch version: {version}\n")


def test_a_cpu_build_in_a_container_run_with_the_nvidia_runtime_is_the_cause():
    assert check_categories(_CONTAINER.format(version="2.9.0+cpu"))[:1] == ["torch_cpu_only"]


def test_a_cuda_build_in_a_container_run_with_the_nvidia_runtime_is_no_cpu_finding():
    assert "torch_cpu_only" not in check_categories(_CONTAINER.format(version="2.9.0+cu126"))


# ------------------------------------------------------------------ words and labels for running on the CPU ---

@pytest.mark.parametrize("paste", [
    "CUDA available: False",
    "cuda_available=False",
    "CUDA available?: False",
    "On my RTX 4070 laptop the app defaults to using the CPU and is very slow.",
    "CPU is being used for this transcription, this process may take a while.",
])
def test_saying_it_runs_on_the_cpu_is_a_likely_cpu_only_torch(paste):
    assert check_categories(paste)[:1] == ["torch_cpu_only"]


@pytest.mark.parametrize("paste", [
    "CUDA available: True",
    "my_cuda_available_flag: False",
    "The GPU is used, the CPU stays idle.",
])
def test_look_alikes_of_running_on_the_cpu_find_nothing(paste):
    assert "torch_cpu_only" not in check_categories(paste)


@pytest.mark.parametrize("paste", [
    "After pip install of the package, torch installed w/o gpu support.",
    "the requirements gave me torch was installed without CUDA support",
    "pytorch with no CUDA support got pulled in by the installer",
])
def test_torch_without_gpu_support_in_words_is_a_cpu_build(paste):
    assert "torch-cpu-build-in-words" in signal_ids(paste)


@pytest.mark.parametrize("paste", [
    "I installed torch on a laptop with no GPU support in the BIOS",
    "torch works without a GPU, only slower",
    "torch 2.4 has GPU support for Blackwell",
])
def test_gpu_support_said_of_something_else_is_not_a_cpu_build(paste):
    assert "torch-cpu-build-in-words" not in signal_ids(paste)


# ------------------------------------------------------------------ conda's download rows, quoted alone ---

def test_a_download_row_quoted_without_size_or_channel_still_names_the_cpu_build():
    paste = ("conda keeps giving me this in the GPU image; we expected the CUDA version of PyTorch:\n"
             "pytorch-1.8.0              |cpu_py38h8a7b0f2_0\n")
    assert check_categories(paste)[:1] == ["torch_cpu_only"]


def test_a_download_row_of_a_cuda_build_is_no_cpu_finding():
    paste = ("we expected the CUDA version of PyTorch:\n"
             "pytorch-1.8.0              |py3.8_cuda11.1_cudnn8.0.5_0\n")
    assert "torch_cpu_only" not in check_categories(paste)


def test_a_cpu_build_row_with_no_gpu_wanted_is_no_finding():
    # a CPU build installed on purpose (a CPU-only CI job) is not a problem
    assert "torch_cpu_only" not in check_categories("pytorch-1.8.0              |cpu_py38h8a7b0f2_0\n")


# ------------------------------------------------------------------ an application's own CPU fallback ---

@pytest.mark.parametrize("paste", [
    "WARNING:app.utils.gpu_utils:No GPU found, use CPU instead",
    "When I launch it, the console says the GPU is not available, so it used the CPU.",
    "[warn] no gpu detected, using the CPU instead",
])
def test_an_application_falling_back_to_the_cpu_is_a_likely_cpu_only_torch(paste):
    assert "no-gpu-said-in-words" not in signal_ids(paste)  # the application's fallback, not the reporter's words
    assert check_categories(paste)[:1] == ["torch_cpu_only"]


def test_no_gpu_found_said_alone_is_still_read_as_a_hidden_gpu():
    assert "no-gpu-said-in-words" in signal_ids("After the update the program says no GPU found.")


# ------------------------------------------------------------------ Windows read from home and venv paths ---

@pytest.mark.parametrize("line", [
    "Loading index from C:\\Users\\me\\.cache\\modelscope\\ast_indexer",
    'venv "D:\\sd\\webui\\venv\\Scripts\\Python.exe"',
    "cwd: C:\\\\Users\\\\me\\\\project\\\\",
])
def test_a_windows_home_or_venv_path_says_windows(line):
    from pasted import pasted_facts

    assert pasted_facts(line).host.os == "Windows"


@pytest.mark.parametrize("line", ["/mnt/c/Users/me/project/run.py", "see C:/Users/me for the file"])
def test_a_posix_view_of_a_windows_drive_says_nothing(line):
    from pasted import pasted_facts

    assert pasted_facts(line).host.os is None


def test_a_plain_pypi_torch_on_windows_is_not_given_pypis_linux_cuda():
    # PyPI serves Windows the CPU build: a bare 2.3.0 there is not inferred to be cu121
    from pasted import pasted_facts

    paste = "PyTorch version 2.3.0 Found.\nLoading index from C:\\Users\\me\\.cache\\x\n"
    assert pasted_facts(paste).torch.cuda is None
    assert pasted_facts(paste.replace("C:\\Users\\me\\.cache\\x", "/home/me/.cache/x")).torch.cuda == "12.1"
