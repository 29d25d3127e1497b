"""Compiled torch extensions beyond flash-attn: the build's own prerequisites (ninja, and what happens without it),
a build that ran many parallel compile jobs and failed without a compiler error, and an extension op whose own
kernels lack the GPU's architecture. Each signature is checked on small pastes written here, on look-alikes it must
not fire on, and on reports of the dev split through the same pipeline as `check --from`.
"""

import pytest

from pasted import check_categories as checked, report_categories as report_checked, signal_ids


# ---- ninja missing ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    '  File "/env/lib/python3.9/site-packages/torch/utils/cpp_extension.py", line 1430, in verify_ninja_availability\n'
    '    raise RuntimeError("Ninja is required to load C++ extensions")\n'
    "RuntimeError: Ninja is required to load C++ extensions",
    # retyped in prose, lower case
    "getting runtimeerror: ninja is required to load c++ extensions when the renderer starts",
    # a setup.py calling ninja itself
    "FileNotFoundError: [Errno 2] No such file or directory: 'ninja'",
])
def test_missing_ninja_is_a_build_prerequisite(text):
    assert "extension-build-no-ninja" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # ninja found and run: the build failed for another reason
    "RuntimeError: Error building extension 'fused_adam': [1/2] /usr/local/cuda/bin/nvcc ... ninja: build stopped: subcommand failed.",
    "No such file or directory: 'ninja.log'",
    "Ninja is a small build system with a focus on speed",
])
def test_look_alikes_are_not_missing_ninja(text):
    assert "extension-build-no-ninja" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "nvcc fatal   : Unknown option '-fopenmp'",
    "      nvcc fatal : Unknown option '-pthread'\n      error: command '/usr/local/cuda/bin/nvcc' failed with exit code 1",
    "nvcc fatal : Unknown option '-Wno-unused-result'",
])
def test_nvcc_given_a_host_compiler_flag_points_at_the_build_without_ninja(text):
    assert "nvcc-given-host-compiler-flag" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # nvcc options nvcc does know, spelled wrong or not: not a host flag handed over by setuptools
    "nvcc fatal   : Unknown option '--expt-relaxed-constexp'",
    "nvcc fatal : Unknown option 'std=c++20'",
    # gcc rejecting an nvcc flag is the other direction
    "g++: error: unrecognized command-line option '-fopenmp-simd-x'",
])
def test_other_unknown_options_are_not_a_host_flag_for_nvcc(text):
    assert "nvcc-given-host-compiler-flag" not in signal_ids(text)


# ---- a build with many parallel jobs that failed without a compiler error -------------------------------------

@pytest.mark.parametrize("text", [
    "subprocess.CalledProcessError: Command '['cmake', '--build', '.', '-j=32', '--target=_C']' returned non-zero exit status 1.",
    "subprocess.CalledProcessError: Command '['ninja', '-v', '-j', '48']' returned non-zero exit status 1.",
    r"subprocess.CalledProcessError: Command '['C:\\env\\Scripts\\ninja.exe', '-v', '-j', '128']' returned non-zero exit status 1.",
])
def test_many_parallel_jobs_failing_silently_is_a_build_out_of_memory(text):
    assert "extension-build-many-jobs-failed" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]
    assert "resources_low" in checked(text)


@pytest.mark.parametrize("text", [
    # few jobs: a real compiler error is the likelier cause
    "subprocess.CalledProcessError: Command '['ninja', '-v', '-j', '4']' returned non-zero exit status 1.",
    "subprocess.CalledProcessError: Command '['cmake', '--build', '.', '-j=8']' returned non-zero exit status 2.",
    # another program
    "subprocess.CalledProcessError: Command '['make', '-j', '64']' returned non-zero exit status 2.",
])
def test_few_jobs_or_another_tool_are_not_the_parallel_build_failure(text):
    assert "extension-build-many-jobs-failed" not in signal_ids(text)


def test_a_compiler_error_in_the_same_paste_ranks_above_the_job_count():
    text = (
        "/usr/local/cuda-11.8/include/crt/host_config.h:132:2: error: #error -- unsupported GNU version! gcc versions "
        "later than 11 are not supported!\n"
        "ninja: build stopped: subcommand failed.\n"
        "subprocess.CalledProcessError: Command '['ninja', '-v', '-j', '23']' returned non-zero exit status 1.\n"
    )
    assert "extension-build-many-jobs-failed" in signal_ids(text)
    assert checked(text)[:1] == ["cuda_home_nvcc"]


# ---- an extension op without kernels for the GPU ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "error in modulated_deformable_im2col_cuda: no kernel image is available for execution on the device",
    "error in ms_deformable_col2im_cuda: no kernel image is available for execution on the device\n" * 3,
    "OSError: Could not find compatible tinycudann extension for compute capability 86.",
    # retyped
    "ERROR IN DCNV4_FORWARD: no kernel image is available for execution on the device",
])
def test_an_extension_op_without_the_gpus_kernels_is_the_extension_not_torch(text):
    ids = signal_ids(text)
    assert "extension-op-no-kernel-image" in ids
    assert "no-kernel-image" not in ids
    assert checked(text)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("text", [
    # torch's own kernels
    "RuntimeError: CUDA error: no kernel image is available for execution on the device",
    "THCudaCheck FAIL file=/pytorch/aten/src/THC/THCGeneral.cpp line=50 error=209 : no kernel image is available for execution on the device",
    # tiny-cuda-nn's warning when it does load
    "tinycudann was built for lower compute capability (86) than the system's (89). Performance may be suboptimal.",
])
def test_torchs_own_missing_kernels_stay_the_gpu_architecture(text):
    assert "extension-op-no-kernel-image" not in signal_ids(text)


# ---- dev reports -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("4307-tiny-cuda-nn-230-no-compatible-extension-cc75.txt", "flash_attn_arch"),
    ("4308-vision-rwkv-23-ninja-required-to-load-extensions.txt", "flash_attn_build"),
    ("4309-sageattention-299-nvcc-unknown-option-fopenmp-no-ninja.txt", "flash_attn_build"),
    ("4310-vllm-8878-source-build-cmake-j64-oom-killed.txt", "flash_attn_build"),
    ("4322-internimage-257-dcnv3-whl-2080ti-no-kernel-image-cn.txt", "flash_attn_arch"),
    ("4323-internimage-164-dcnv3-whl-docker-no-kernel-image.txt", "flash_attn_arch"),
])
def test_dev_reports_of_the_family(name, category):
    assert report_checked(name)[:1] == [category]


# ---- said in words: a source build that runs for hours, a CUDA version the setup refused -------------------------

@pytest.mark.parametrize("text", [
    "Why does it take so long to build causal-conv1d? pip has been sitting there since lunch.",
    "installing apex with --cuda_ext: compiling for 3 hours now and still not done",
    "The pytorch3d install has been building for 2 hours, is that normal?",
    "Building wheel for mamba-ssm (setup.py) ... it is stuck here",
    "Building wheel for xformers (pyproject.toml) ... 卡住不动了",
    "mmcv-full: stuck at compiling ops for a whole day",
])
def test_a_source_build_running_for_hours_in_words_is_the_build(text):
    assert "extension-build-takes-hours-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # a training run, not a build
    "mamba training ran for 3 hours, then the loss became nan",
    "detectron2 inference takes so long per image on the CPU",
    # a build that is slow, of nothing compiled
    "Building wheel for numpy (pyproject.toml) ... stuck",
    # the TensorRT engine, not an extension
    "Why does it take so long to build the TensorRT engine?",
])
def test_other_slowness_is_not_a_long_extension_build(text):
    assert "extension-build-takes-hours-in-words" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "pip install mamba-ssm says my CUDA version is below 11.6, but nvidia-smi shows 12.2",
    "flash-attn refuses to install: cuda version too old 11.4 (torch is 2.1.0+cu121)",
    "Installing causal-conv1d needs a newer CUDA, the server has 11.5",
    "the CUDA version is lower than 11.7 according to the SageAttention setup",
])
def test_a_setup_refusing_the_cuda_version_in_words_is_the_toolkit(text):
    assert "extension-setup-cuda-too-old-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    # the driver's CUDA, with no extension named
    "my CUDA version is below 12.4, which the driver supports",
    # an extension named, but the version is newer, not older
    "flash-attn with CUDA 12.4 is newer than what the README lists",
    "mamba works on CUDA 11.8 and above",
])
def test_look_alikes_are_not_a_refused_cuda_version(text):
    assert "extension-setup-cuda-too-old-in-words" not in signal_ids(text)


@pytest.mark.parametrize("name, category", [
    ("4337-mamba-186-causal-conv1d-cuda-below-116-native-117-words.txt", "cuda_home_nvcc"),
    ("4340-mamba-484-why-so-long-to-build.txt", "flash_attn_build"),
])
def test_dev_reports_said_in_words(name, category):
    assert report_checked(name)[:1] == [category]


# ---- a torch symbol missing, without the library's path or in macOS's words ------------------------------------

@pytest.mark.parametrize("text", [
    "undefined symbol: _ZN3c104cuda9SetDeviceEi  -- after pip install mamba-ssm with torch 2.3",
    "ImportError undefined symbol: _ZN2at4_ops5zeros4callEv",
    "getting `undefined symbol: _ZNK3c1010TensorImpl4sizeEl` when importing the extension",
    # macOS's dyld: referenced from an extension, expected in torch's library
    "ImportError: dlopen(/Users/u/envs/g/lib/python3.7/site-packages/pytorch3d/_C.cpython-37m-darwin.so, 2): "
    "Symbol not found: __ZN2at23getLegacyDeviceTypeInitEv\n"
    "  Referenced from: /Users/u/envs/g/lib/python3.7/site-packages/pytorch3d/_C.cpython-37m-darwin.so\n"
    "  Expected in: /Users/u/envs/g/lib/python3.7/site-packages/torch/lib/libtorch_cpu.dylib",
])
def test_a_torch_symbol_missing_in_other_words_is_an_extension_for_another_torch(text):
    assert "torch-symbol-missing-other-wordings" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_abi"]


@pytest.mark.parametrize("text", [
    # torch's own libraries, named without a path
    "OSError: libtorch_cuda.so: undefined symbol: _ZN3c1010cuda9SetDeviceEi",
    "ImportError: libtorch_python.so: undefined symbol: _ZN2at4_ops3add4callEv",
    # a path on the line: the path-reading entry's
    "ImportError: /env/site-packages/mmcv/_ext.so: undefined symbol: _ZN2at4_ops3add4callEv",
    # a symbol outside torch's namespaces
    "undefined symbol: _ZN4YAML6detail9node_data12empty_scalarEv",
    "undefined symbol: cudaGraphInstantiateWithFlags, version libcudart.so.11.0",
    # macOS, torch's own module referencing its own library
    "Symbol not found: __ZN2at4_ops3add4callEv\n  Referenced from: /env/site-packages/torch/lib/libtorch_python.dylib\n"
    "  Expected in: /env/site-packages/torch/lib/libtorch_cpu.dylib",
])
def test_other_missing_symbols_are_not_this_wording(text):
    assert "torch-symbol-missing-other-wordings" not in signal_ids(text)


# ---- "no kernel image" with nothing else: torch's build first, an extension's as the other reading -------------

def test_no_kernel_image_alone_names_an_extensions_kernels_as_the_other_reading():
    # the same CUDA message comes from torch and from a compiled extension (gsplat, mmcv's ops, a rasterizer) built
    # without the GPU's architecture; with nothing else in the paste both readings are shown, torch's first
    text = ("RuntimeError: CUDA error: no kernel image is available for execution on the device\n"
            "CUDA kernel errors might be asynchronously reported at some other API call")
    assert checked(text)[:2] == ["gpu_arch_unsupported", "flash_attn_arch"]
