"""Compiled torch extensions whose build failure is told rather than shown: a source build of mmcv-full, xformers,
mamba-ssm and their neighbours said to be slow or stuck in the reporter's words; THC's removal from PyTorch said in
words (a title, a sentence) where the log stops before the compiler's error; and the compiler killed for memory,
in the words of gcc, nvcc and the linker. Small pastes written here, with ones each must not fire on, through the
same pipeline as `check --from`, and one dev report of each.
"""

import pytest

from pasted import check_findings, report_categories, signal_ids


# ---- a compiled extension built from source, said to be slow or stuck ---------------------------------------------

@pytest.mark.parametrize("text", [
    "Building wheel for mmcv-full (setup.py) ... |\nit has been like this for 45 minutes\n",
    "Running setup.py develop for mmcv-full\n(waited half an hour, nothing else printed)\n",
    "pip install mmcv==2.1.0 is extremely slow, it sits at\nBuilding wheels for collected packages: mmcv\n",
    "Installing detectron2 takes forever on my laptop\n",
    "Why is building xformers from source so slow? 2 hours already\n",
    "卡在 Building wheel for mamba-ssm (setup.py) 好久了\n",
    "Building wheel for causal-conv1d (setup.py) ... 一直不动\n",
    "the pytorch3d build has been hanging for a while\n",
    "mim install mmcv-full==1.6.0\nLooking in links: https://download.openmmlab.com/mmcv/dist/cu121/torch2.1.0/index.html\n"
    "(the install of mmcv-full is taking too long)\n",
])
def test_a_source_build_said_to_be_slow_is_the_extension_build(text):
    assert "extension-source-build-takes-long" in signal_ids(text)
    assert [f["category"] for f in check_findings(text)][:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # the build finished, then a duration about something else
    "Building wheel for mmcv-full (setup.py) ... done\n  Created wheel for mmcv-full: filename=mmcv_full-1.7.2-cp310-"
    "cp310-linux_x86_64.whl\nSuccessfully installed mmcv-full-1.7.2\nOne epoch takes 40 minutes.\n",
    # the build finished on the next line; a later wait is about something else
    "Building wheels for collected packages: xformers\n  Building wheel for xformers (setup.py) ... done\n"
    "  Created wheel for xformers\nthe first sampling step is stuck at 0%\n",
    # the build failed: its error explains it, not a wait
    "Building wheel for detectron2 (setup.py) ... error\n  error: subprocess-exited-with-error\n",
    # a duration about running the model, not building it
    "Inference with xformers enabled takes 12 min per video\n",
    # flash-attn has its own entry
    "Building wheel for flash-attn (setup.py) ... stuck for 3 hours\n",
])
def test_a_finished_or_failed_build_or_an_unrelated_duration_is_not_a_slow_build(text):
    assert "extension-source-build-takes-long" not in signal_ids(text)


def test_a_dev_report_of_a_colab_mmcv_build_is_read_as_the_slow_build():
    assert report_categories("6321-real3dportrait-75-colab-mmcv-wheel-build-20-minutes.txt")[:1] == ["flash_attn_build"]


# ---- THC's removal said in words ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Title: THC error in PyTorch 1.12\nRuntimeError: Error building extension 'roi_align'\n",
    "It seems the THC namespace is no longer recognized in the latest torch.\nninja: build stopped: subcommand failed.\n",
    "pytorch 2.0 removed THC, so DCNv2 does not compile\n",
    "THC headers were deleted in torch 1.11 and this op still needs them\n",
])
def test_thc_removal_said_in_words_is_the_extension_source(text):
    assert "extension-source-uses-removed-torch-api" in signal_ids(text)
    assert [f["category"] for f in check_findings(text)][:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # an include path in a compiler command line
    "-isystem /opt/conda/lib/python3.8/site-packages/torch/include/THC -isystem /usr/local/cuda/include\n",
    # a torch that still has THC
    "THC error in PyTorch 1.10 when the GPU runs out of memory\n",
    "THC headers work fine with torch 1.8\n",
])
def test_thc_in_an_include_path_or_with_an_older_torch_is_not_its_removal(text):
    assert "extension-source-uses-removed-torch-api" not in signal_ids(text)


def test_a_dev_report_whose_log_stops_before_the_compiler_is_read_from_its_title():
    assert report_categories("6301-preciseroipooling-73-thc-error-torch-111-jit.txt")[:1] == ["flash_attn_build"]


# ---- the compiler killed for memory ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "c++: fatal error: Killed signal terminated program cc1plus\ncompilation terminated.\n",
    "gcc: fatal error: Killed signal terminated program cc1\n",
    "g++: internal compiler error: Killed (program cc1plus)\n",
    "nvcc error   : 'cicc' died due to signal 9 (Kill signal)\n",
    "nvcc error   : 'ptxas' died due to signal 9 (Kill signal)\n",
    "collect2: fatal error: ld terminated with signal 9 [Killed]\n",
    "virtual memory exhausted: Cannot allocate memory\n",
    "cc1plus: out of memory allocating 1048576 bytes after a total of 2147483648 bytes\n",
])
def test_a_compiler_killed_for_memory_is_the_machine_s_ram_not_the_toolkit(text):
    paste = "[12/40] /usr/local/cuda/bin/nvcc -c kernel.cu -o kernel.o\n" + text + "ninja: build stopped: subcommand failed.\n"
    assert "nvcc-compiler-killed" in signal_ids(paste)
    assert [f["category"] for f in check_findings(paste)][:1] == ["resources_low"]


@pytest.mark.parametrize("text", [
    "RuntimeError: DataLoader worker (pid 2064) is killed by signal: Killed.\n",
    "Killed\n",
    "nvcc fatal   : Unsupported gpu architecture 'compute_37'\n",
])
def test_other_kills_and_compiler_errors_are_not_a_compiler_killed_for_memory(text):
    assert "nvcc-compiler-killed" not in signal_ids(text)


def test_a_dev_report_of_a_killed_cc1plus_is_read_as_the_machine_s_ram():
    assert report_categories("6310-nvdiffrast-183-cc1plus-killed-max-jobs.txt")[:1] == ["resources_low"]


# ---- torch's extension builder not knowing the architecture -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ValueError: Unknown CUDA arch (8.6) or GPU not supported\n",
    "    raise ValueError(f\"Unknown CUDA arch ({arch}) or GPU not supported\")\nValueError: Unknown CUDA arch (12.0) or GPU not supported\n",
    "valueerror: unknown cuda arch (8.9) or gpu not supported\n",
])
def test_one_unknown_architecture_is_a_torch_older_than_the_gpu(text):
    assert "torch-unknown-cuda-arch" in signal_ids(text)
    assert [f["category"] for f in check_findings(text)][:1] == ["gpu_arch_unsupported"]


@pytest.mark.parametrize("text", [
    "ValueError: Unknown CUDA arch (9.0+PTX) or GPU not supported\n",
    "ValueError: Unknown CUDA arch (8.6;8.9) or GPU not supported\n",
    "export TORCH_CUDA_ARCH_LIST=\"7.5 8.0 10.1\"\npip install .\nValueError: Unknown CUDA arch (10.1) or GPU not supported\n",
])
def test_an_architecture_list_with_an_unknown_entry_is_the_list(text):
    assert "torch-arch-list-unknown-arch" in signal_ids(text)
    assert [f["category"] for f in check_findings(text)][:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    "nvcc fatal   : Unsupported gpu architecture 'compute_86'\n",
    "Unknown CUDA error code 999\n",
    "TORCH_CUDA_ARCH_LIST is not set, all archs for visible cards are included for compilation.\n",
])
def test_other_architecture_messages_are_not_torch_s_refusal(text):
    ids = signal_ids(text)
    assert "torch-unknown-cuda-arch" not in ids and "torch-arch-list-unknown-arch" not in ids


def test_a_dev_report_of_an_old_torch_on_a_new_gpu_reads_the_refusal():
    assert report_categories("6333-dcnv2-143-4060ti-unknown-cuda-arch-89-pytorch17-env.txt")[:1] == ["gpu_arch_unsupported"]


# ---- no CUDA toolkit found, in other builders' words ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "deepspeed.ops.op_builder.builder.MissingCUDAException: CUDA_HOME does not exist, unable to compile CUDA op(s)\n",
    "AssertionError: CUDA_HOME does not exist, unable to compile CUDA op(s)\n",
    "RuntimeError: Cannot find CUDA_HOME. CUDA must be available to build the package.\n",
    "error: could not locate CUDA_HOME, is the toolkit installed?\n",
    "EnvironmentError: CUDA_HOME not found\n",
    "gsplat: No CUDA toolkit found. gsplat will be disabled.\n",
])
def test_no_toolkit_in_other_builders_words_is_the_missing_toolkit(text):
    assert "cuda-home-not-set" in signal_ids(text)
    assert [f["category"] for f in check_findings(text)][:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    "CUDA_HOME=/usr/local/cuda-12.1 pip install . --no-build-isolation\n",
    "No CUDA runtime is found, using CUDA_HOME='/usr/local/cuda'\n",
    "CUDA_HOME              /usr/local/cuda\n",
])
def test_a_cuda_home_that_is_set_is_not_the_missing_toolkit(text):
    assert "cuda-home-not-set" not in signal_ids(text)


def test_a_dev_report_of_deepspeed_s_wording_reads_the_missing_toolkit():
    assert report_categories("6336-minimind-48-deepspeed-launcher-cuda-home-missing.txt")[:1] == ["cuda_home_nvcc"]


# ---- an extension's undefined symbol said in words ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Title: _ext undefined symbol when using source-compiled pytorch\n",
    "I get an undefined symbol error in selective_scan_cuda after upgrading torch to 2.4\n",
    "flash_attn undefined symbol again after pip install -U torch\n",
    "detectron2 _C: undefined symbols since the torch upgrade\n",
])
def test_an_extension_s_undefined_symbol_said_in_words_is_a_binary_for_another_torch(text):
    assert "extension-undefined-torch-symbol" in signal_ids(text)
    assert [f["category"] for f in check_findings(text)][:1] == ["flash_attn_abi"]


@pytest.mark.parametrize("text", [
    "ImportError: /opt/venv/lib/python3.10/site-packages/torchvision/_C.so: undefined symbol: _ZN3c106detail19maybe\n",
    "torch._C undefined symbol after a bad install\n",
    "the linker reports undefined symbols in my own C++ code\n",
])
def test_torch_s_own_or_torchvision_s_or_unrelated_undefined_symbols_are_not_an_extension_s(text):
    assert "extension-undefined-torch-symbol" not in signal_ids(text)


def test_a_dev_report_whose_title_says_the_undefined_symbol_reads_it():
    assert report_categories("6340-mmcv-2439-prebuilt-mmcv-full-on-source-built-torch111.txt")[:1] == ["flash_attn_abi"]


# ---- sources that need <cstdint> on GCC 13 and later ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "simple_knn.cu(12): error: namespace \"std\" has no member \"uintptr_t\"\n",
    "cuda_rasterizer/forward.h(33): error: identifier \"uint64_t\" is undefined\n",
    "src/ops.h:14:5: error: 'uint32_t' does not name a type\n",
    "src/ops.cpp:88:9: error: 'uint16_t' was not declared in this scope\n",
    "note: 'uint64_t' is defined in header '<cstdint>'; did you forget to '#include <cstdint>'?\n",
])
def test_fixed_width_integers_without_cstdint_are_the_extension_s_source(text):
    assert "extension-source-missing-cstdint" in signal_ids(text)
    assert [f["category"] for f in check_findings(text)][:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "#include <cstdint>\n",
    "error: identifier \"THCState\" is undefined\n",
    "error: 'at::Tensor' has no member named 'data'\n",
])
def test_an_include_line_or_other_undefined_names_are_not_the_missing_cstdint(text):
    assert "extension-source-missing-cstdint" not in signal_ids(text)


def test_a_dev_report_of_a_gcc13_rasterizer_build_reads_the_missing_include():
    assert report_categories("6348-gaussian-splatting-788-gcc13-cstdint-rasterizer.txt")[:1] == ["flash_attn_build"]


# ---- flash frames above a no-kernel-image line ----------------------------------------------------------------------

FLASH_ABOVE = (
    '  File "/opt/venv/lib/python3.10/site-packages/flash_attn/flash_attn_interface.py", line 91, in _flash_attn_forward\n'
    "    out, softmax_lse, S_dmask, rng_state = flash_attn_gpu.fwd(\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n"
)
XFORMERS_FLASH_ABOVE = (
    '  File "C:\\venv\\Lib\\site-packages\\xformers\\ops\\fmha\\flash.py", line 677, in apply\n'
    "    out, softmax_lse, rng_state = cls.OPERATOR(\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n"
)


@pytest.mark.parametrize("text", [FLASH_ABOVE, XFORMERS_FLASH_ABOVE])
def test_flash_frames_above_no_kernel_image_are_the_attention_kernels(text):
    assert "flash-attn-no-kernel-image" in signal_ids(text)
    assert [f["category"] for f in check_findings(text)][:1] == ["flash_attn_arch"]


def test_no_kernel_image_under_torch_s_own_frames_is_not_flash_attn():
    text = ('  File "/opt/venv/lib/python3.10/site-packages/torch/nn/functional.py", line 2546, in layer_norm\n'
            "RuntimeError: CUDA error: no kernel image is available for execution on the device\n")
    assert "flash-attn-no-kernel-image" not in signal_ids(text)


# ---- nvcc and torch's CUDA said to differ, without numbers --------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I think my nvcc version does not match the CUDA version pytorch was compiled with.\n",
    "the cuda version of torch doesn't match the nvcc on this machine\n",
    "Looks like a mismatch between nvcc and torch's cuda.\n",
    "nvcc and pytorch cuda are different, is that the problem?\n",
    "nvcc版本和torch的cuda不一致\n",
])
def test_nvcc_said_to_differ_from_torch_s_cuda_without_numbers_is_the_toolkit(text):
    assert "nvcc-differs-from-cuda-in-words" in signal_ids(text)
    assert [f["category"] for f in check_findings(text)][:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    "nvcc matches the CUDA version of torch, both 12.1\n",
    "nvcc 11.8 and torch cu118 are the same\n",
    "the driver does not match the kernel module\n",
])
def test_an_agreement_or_another_mismatch_is_not_nvcc_against_torch(text):
    assert "nvcc-differs-from-cuda-in-words" not in signal_ids(text)
