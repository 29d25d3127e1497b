"""Extension builds as real reports paste them: nvcc refusing the host compiler (gcc, clang, MSVC, and torch's
own warning of the same), nvcc refusing a GPU architecture in its other wordings and as pastes cut it, a CUDA
extension build that failed with only its summary line, and two cuDNN copies whose symbol versions clash.
Each is checked on small pastes written here, including ones it must not fire on, and on reports of the dev
split, through the same pipeline as `check --from`.
"""

import pytest

from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.report.check_report import CheckOptions
from pasted import report_categories as report_ranked, signal_categories as ranked


# ---- the host compiler ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "/usr/local/cuda/include/crt/host_config.h:138:2: error: #error -- unsupported GNU version! "
    "gcc versions later than 8 are not supported!\n",
    "C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v12.6\\include\\crt/host_config.h(170): fatal error C1189:"
    " #error:  -- unsupported Microsoft Visual Studio version! Only the versions between 2017 and 2022 (inclusive)"
    " are supported!\n",
    "host_config.h:151:2: error: -- unsupported clang version! clang version must be less than 16 and greater than 3.2\n",
    "UserWarning: The current installed version of g++ (13.2.0) is greater than the maximum required version by "
    "CUDA 12.1. Please make sure to use an adequate version of g++ (>=6.0.0, <13.0).\n",
])
def test_a_host_compiler_outside_nvccs_range_is_the_toolkit(text):
    assert ranked(text)[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    # a gcc version stated with nothing refused
    "GCC version: (Ubuntu 9.4.0-1ubuntu1~20.04) 9.4.0\nIs CUDA available: True\n",
    # another tool's "unsupported version" wording
    "error: unsupported Python version! Python 3.13 is not supported\n",
])
def test_compiler_lines_that_are_not_a_refusal(text):
    assert "cuda_home_nvcc" not in ranked(text)


@pytest.mark.parametrize("name", ["1200-fcos-37-gcc73-cuda90-host-config-cn.txt", "1201-amgx-76-gcc-later-than-6.txt"])
def test_dev_reports_of_a_host_compiler_too_new(name):
    assert report_ranked(name)[:1] == ["cuda_home_nvcc"]


# ---- nvcc and the GPU architecture ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "nvcc fatal   : Unsupported gpu architecture 'compute_61\nerror: command '/usr/bin/nvcc' failed with exit status 1\n",
    "nvcc fatal : Unsupported gpu architecture 'compute 61'\n",
    "nvcc fatal   : Value 'sm_86' is not defined for option 'gpu-architecture'\n",
])
def test_nvcc_refusing_an_architecture_however_worded(text):
    assert ranked(text)[:1] == ["cuda_home_nvcc"]


def test_an_unnumbered_architecture_is_not_nvcc_being_old():
    # 'compute_native' is a CMake setting the nvcc does not know, not a toolkit older than the GPU
    assert "cuda_home_nvcc" not in ranked("nvcc fatal : Unsupported gpu architecture 'compute_native'\n")


def test_dev_report_of_an_old_nvcc_with_its_quote_cut():
    assert report_ranked("1203-fsdet-11-compute61-usr-bin-nvcc.txt")[:1] == ["cuda_home_nvcc"]


# ---- a failed CUDA extension build, said by its summary line alone ---------------------------------------------

@pytest.mark.parametrize("text", [
    "Error running. ArgTypes. Ninja: Build stopped: subcommand failed\n",
    "RuntimeError: Error building extension 'exllama_ext'\n",
    "error: command '/usr/local/cuda/bin/nvcc' failed with exit status 2\n",
])
def test_a_failed_extension_build_points_at_the_toolkit(text):
    assert ranked(text)[:1] == ["cuda_home_nvcc"]


def test_a_named_cause_beside_the_build_summary_ranks_first():
    # the summary is a symptom: RAM killing the compiler is the cause the paste names
    text = ("nvcc error   : 'cicc' died due to signal 9 (Kill signal)\n"
            "ninja: build stopped: subcommand failed.\n")
    assert ranked(text)[0] != "cuda_home_nvcc"


def test_ninja_succeeding_is_not_a_failed_build():
    assert "cuda_home_nvcc" not in ranked("[12/12] Linking CXX shared module exllama_ext.so\nninja: no work to do.\n")


def test_dev_report_of_nvcc_older_than_torchs_cuda():
    assert report_ranked("673-exllama-65-nvcc-115-torch-cu118.txt")[:1] == ["cuda_home_nvcc"]


# ---- two cuDNN copies -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "version libcudnn_ops_infer.so.8 not defined in file libcudnn_ops_infer.so.8\n",
    "symbol cudnnCreate version libcudnn_ops_infer.so.8 not defined in file libcudnn_ops_infer.so.8 with link time "
    "reference\n",
    "OSError: /usr/lib/x86_64-linux-gnu/libcudnn_cnn_infer.so.8: version `libcudnn_ops_infer.so.8' not found "
    "(required by /opt/venv/lib/python3.10/site-packages/torch/lib/libcudnn_cnn_infer.so.8)\n",
])
def test_mixed_cudnn_symbol_versions_are_cudnn(text):
    assert ranked(text)[:1] == ["cudnn_problem"]


def test_a_glibc_version_not_found_is_not_cudnn():
    text = "ImportError: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by ./app.so)\n"
    assert "cudnn_problem" not in ranked(text)


def test_dev_report_of_mixed_cudnn_copies():
    assert report_ranked("1238-dlib-2719-libcudnn-ops-infer-version-not-defined.txt")[:1] == ["cudnn_problem"]


# ---- torch's CUDA from an unpinned install command, and nvcc older than it within the major --------------------

def pasted_findings(text):
    document = build_pasted_report(ingest_text(text), CheckOptions()).document
    return [(f["id"], f["category"], f["severity"]) for f in document["findings"]]


@pytest.mark.parametrize("line, cuda", [
    ("pip install --pre torch --index-url https://download.pytorch.org/whl/nightly/cu118", "11.8"),
    ("pip3 install --index-url https://download.pytorch.org/whl/cu121 torch torchvision", "12.1"),
    ("python -m pip install torch torchaudio --extra-index-url https://download.pytorch.org/whl/cu126", "12.6"),
])
def test_an_unpinned_torch_from_a_cuda_index_has_that_indexs_cuda(line, cuda):
    torch = ingest_text(line + "\n").facts.torch
    assert torch.cuda == cuda
    assert torch.version is None  # which release it installed is not known
    assert torch.source.startswith("inferred from the PyTorch index cu")


@pytest.mark.parametrize("line", [
    "pip install torchvision --index-url https://download.pytorch.org/whl/cu118",  # not torch itself
    "pip install torch-scatter -f https://download.pytorch.org/whl/cu118",
    "pip install torch --index-url https://download.pytorch.org/whl/cpu",  # a CPU index says no CUDA
    "pip install -f https://download.pytorch.org/whl/torch_stable.html torch",  # no variant in the address
])
def test_install_lines_that_imply_no_torch_cuda(line):
    assert ingest_text(line + "\n").facts.torch.cuda is None


NVCC_115 = ("nvcc: NVIDIA (R) Cuda compiler driver\nBuilt on Thu_Nov_18_09:45:30_PST_2021\n"
            "Cuda compilation tools, release 11.5, V11.5.119\nBuild cuda_11.5.r11.5/compiler.30672275_0\n")


def test_nvcc_older_than_torchs_cuda_explains_a_failed_build():
    text = ("pip install torch --index-url https://download.pytorch.org/whl/cu118\n" + NVCC_115 +
            "ninja: build stopped: subcommand failed.\n")
    assert pasted_findings(text)[0] == ("YD520", "cuda_home_nvcc", "warning")


def test_nvcc_older_than_torchs_cuda_without_a_build_is_a_note():
    text = "pip install torch --index-url https://download.pytorch.org/whl/cu118\n" + NVCC_115
    assert ("YD520", "cuda_home_nvcc", "info") in pasted_findings(text)


@pytest.mark.parametrize("index", ["cu115", "cu113", "cu121"])
def test_nvcc_not_older_within_torchs_major_is_not_yd520(index):
    # the same CUDA, an nvcc newer than torch's (torch's check accepts it), or another major (YD210's case)
    text = f"pip install torch --index-url https://download.pytorch.org/whl/{index}\n" + NVCC_115
    assert "YD520" not in [f[0] for f in pasted_findings(text)]


# ---- old GPUs: CUDA's "invalid device function", the capability said in words, below every build -------------

@pytest.mark.parametrize("text", [
    "THCudaCheck FAIL file=/pytorch/aten/src/THC/generic/THCTensorMath.cu line=15 error=8 : invalid device function\n",
    "RuntimeError: CUDA error: invalid device function\n",
    "cudaErrorInvalidDeviceFunction: invalid device function\n",
])
def test_invalid_device_function_is_a_missing_architecture(text):
    assert ranked(text)[:1] == ["gpu_arch_unsupported"]


def test_invalid_device_function_in_prose_about_something_else_is_not_an_error():
    assert "gpu_arch_unsupported" not in ranked("The docs mention an invalid device function pointer in C++.\n")


@pytest.mark.parametrize("line, name, capability", [
    ("GPU is GeForce GT 740M | 3.0", "NVIDIA GeForce GT 740M", "3.0"),
    ("Nvidia GeForce 920M (compute capability: 3.5)", "NVIDIA GeForce 920M", "3.5"),
    ("Graphics card: GeForce GM630m, cuda capability 2.1.", None, "2.1"),
    ("I have a GTX 1080 Ti", "NVIDIA GeForce GTX 1080 Ti", None),
])
def test_a_gpu_and_its_capability_stated_in_words(line, name, capability):
    gpus = ingest_text(line + "\n").facts.nvidia.gpus
    assert [(g.name, g.compute_capability) for g in gpus] == [(name, capability)]


@pytest.mark.parametrize("line", [
    "flash-attn requires compute capability 8.0 or newer",  # a requirement, not this GPU
    "torch 2.4 needs a GPU of compute capability: 5.0 at least",
])
def test_capabilities_that_are_not_this_gpus(line):
    assert ingest_text(line + "\n").facts.nvidia.gpus == []


def test_a_gpu_below_every_build_is_found_without_knowing_torch():
    assert pasted_findings("GPU is GeForce GT 740M | 3.0\n")[:1] == [("YD521", "gpu_arch_unsupported", "warning")]


@pytest.mark.parametrize("text", [
    "Nvidia GeForce GTX 1060 (compute capability: 6.1)\n",  # a GPU the builds still cover
    "GPU is GeForce GT 740M | 3.0\nPyTorch version: 2.1.0+cu118\n",  # a known torch: YD205 judges its arch list
    "GPU is GeForce GT 740M | 3.0\ntorch 2.1.0+cpu\n",  # no CUDA torch at all
])
def test_no_yd521_where_the_builds_cover_the_gpu_or_the_torch_is_known(text):
    assert "YD521" not in [f[0] for f in pasted_findings(text)]


@pytest.mark.parametrize("name", ["1245-pytorch-14681-gt740m-cc30.txt",
                                  "1246-pytorch-github-io-72-gt630m-invalid-device-function.txt"])
def test_dev_reports_of_gpus_below_every_build(name):
    assert report_ranked(name)[:1] == ["gpu_arch_unsupported"]


# ---- a flash-attn wheel named with the other C++ ABI than PyPI's torch of its release -------------------------

@pytest.mark.parametrize("wheel", [
    "flash_attn-2.6.3+cu118torch2.4cxx11abiTRUE-cp310-cp310-linux_x86_64.whl",
    "flash_attn-2.8.3+cu12torch2.7cxx11abiFALSE-cp311-cp311-linux_x86_64.whl",
])
def test_a_wheel_of_the_other_abi_is_flash_attn_abi(wheel):
    assert ranked(f"pip install {wheel}\n")[:1] == ["flash_attn_abi"]


@pytest.mark.parametrize("wheel", [
    "flash_attn-2.7.3+cu11torch2.2cxx11abiFALSE-cp311-cp311-linux_x86_64.whl",  # PyPI's torch 2.2 ABI
    "flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl",  # PyPI's torch 2.8 ABI
])
def test_a_wheel_of_pypis_abi_says_nothing(wheel):
    assert ranked(f"pip install {wheel}\n") == []


def test_a_wheel_name_never_outranks_an_error():
    text = ("pip install flash_attn-2.6.3+cu118torch2.4cxx11abiTRUE-cp310-cp310-linux_x86_64.whl\n"
            "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB\n")
    assert ranked(text)[0] == "gpu_oom"


def test_dev_report_of_a_wheel_of_the_other_abi():
    assert report_ranked("1251-flash-attn-1573-cxx11abi-true-wheel-cn.txt")[:1] == ["flash_attn_abi"]


@pytest.mark.parametrize("text", [
    "RuntimeError: cuDNN version mismatch: PyTorch was compiled against 7102 but linked against 7600\n",
    "RuntimeError: cuDNN version incompatibility: PyTorch was compiled against 7401 but linked against 7301\n",
    "RuntimeError: cuDNN version incompatibility: PyTorch was compiled  against (8, 7, 0) but found runtime version "
    "(8, 2, 4).\n",
])
def test_cudnn_version_mismatch_in_every_torch_wording(text):
    assert ranked(text)[:1] == ["cudnn_problem"]


def test_a_cudnn_version_printed_alone_is_not_a_mismatch():
    assert "cudnn_problem" not in ranked(">>> torch.backends.cudnn.version()\n7600\n")


# ---- a CUDA library's load failure retold in a sentence ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Can't import torch --> OSError related to libcublasLt.so.11\n",
    "ImportError when loading libcudart.so.10.1 after the upgrade\n",
])
def test_a_cuda_library_named_with_its_load_error(text):
    assert ranked(text)[:1] == ["cuda_lib_missing"]


@pytest.mark.parametrize("text", [
    "OSError: [Errno 2] No such file or directory: 'weights/yolov8n.pt'\n",  # another OSError
    "libcudart.so.12 is in /usr/local/cuda/lib64\n",  # a library named, nothing failed
])
def test_no_cuda_library_load_error_without_both(text):
    assert "cuda_lib_missing" not in ranked(text)


def test_the_loaders_own_message_keeps_its_ranking_beside_another_error():
    # dev report 341: torchvision's binary against a source-built torch; its libcudart line is the loader's own
    assert report_ranked("341-pytorch-21477-torchvision-binary-on-source-torch.txt")[:1] == ["torchvision_mismatch"]


def test_dev_report_of_a_cuda_library_named_with_its_error():
    assert report_ranked("1274-pytorch-88882-libcublaslt11-preload.txt")[:1] == ["cuda_lib_missing"]


# ---- flash-attn's own compile failing, and NVML that torch cannot initialise -----------------------------------

@pytest.mark.parametrize("text", [
    "pip install flash-attn --no-build-isolation\nBuilding wheel for flash-attn (setup.py) ... \\\n"
    "      ninja: build stopped: subcommand failed.\n",
    "UserWarning: Error checking compiler version for cl: [WinError 2] The system cannot find the file specified\n"
    "  File \"C:\\Users\\me\\AppData\\Local\\Temp\\pip-install-x\\flash-attn_0123\\setup.py\", line 478, in run\n",
])
def test_flash_attns_own_compile_failing_is_its_build(text):
    assert ranked(text)[:1] == ["flash_attn_build"]


def test_another_extensions_compile_failing_stays_the_toolkit():
    assert ranked("Building extension module exllama_ext...\nninja: build stopped: subcommand failed.\n")[:1] == \
        ["cuda_home_nvcc"]


@pytest.mark.parametrize("name", ["1282-flash-attn-1193-windows11-ninja-build-stopped.txt",
                                  "1284-star-vector-20-flash-attn-windows-no-cl.txt"])
def test_dev_reports_of_flash_attn_compiles_failing(name):
    assert report_ranked(name)[:1] == ["flash_attn_build"]


def test_torchs_nvml_init_assert_is_a_driver_library_mismatch():
    text = ("RuntimeError: NVML_SUCCESS == DriverAPI::get()->nvmlInit_v2_() INTERNAL ASSERT FAILED at "
            "\"../c10/cuda/CUDACachingAllocator.cpp\":963, please report a bug to PyTorch.\n")
    assert ranked(text)[:2] == ["driver_mismatch", "gpu_not_visible"]


def test_nvml_named_without_the_assert_is_not_a_mismatch():
    assert "driver_mismatch" not in ranked("torch.cuda.device_count() uses NVML when it can\n")


def test_dev_report_of_the_nvml_init_assert():
    assert report_ranked("1286-alphafold-1056-nvml-init-assert-after-cuda-126.txt")[:1] == ["driver_mismatch"]
