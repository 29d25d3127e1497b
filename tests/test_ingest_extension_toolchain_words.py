"""Compiled extensions whose build (or run-time kernel compile) fails for want of a toolchain piece, in the words
of each tool that reports it: the CUDA headers missing (gcc/nvcc, clang and MSVC wordings), no MSVC compiler on
Windows (nvcc, nvdiffrast, cmd, PowerShell, `where cl`, torch.compile, distutils), and ptxas run on its own
(Triton's bundled one) not knowing the GPU, which is not nvcc refusing an architecture.
Small pastes written here, including ones each must not fire on, through the same pipeline as `check --from`.
"""

import pytest

from pasted import signal_categories as ranked, signal_ids


# ---- CUDA headers missing ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # gcc / nvcc
    "/opt/conda/lib/python3.10/site-packages/torch/include/ATen/cuda/CUDAContextLight.h:7:10: fatal error: "
    "cusparse.h: No such file or directory\n    7 | #include <cusparse.h>\ncompilation terminated.\n",
    "src/knn.cu:2:10: fatal error: cuda_runtime.h: No such file or directory\n",
    "torch/include/ATen/cuda/CUDAContext.h:7:10: fatal error: cublas_v2.h: No such file or directory\n",
    # clang
    "In file included from ops.cpp:3:\n/usr/include/c10/cuda/CUDAStream.h:6:10: fatal error: 'cuda_runtime_api.h' "
    "file not found\n",
    # MSVC
    "D:\\env\\lib\\site-packages\\torch\\include\\ATen/cuda/CUDAContext.h(5): fatal error C1083: Cannot open include "
    "file: 'cuda_runtime_api.h': No such file or directory\n",
    # a packaged toolkit, the fp16 header of a kernel
    "csrc/attention.cu:4:10: fatal error: cuda_fp16.h: No such file or directory\n",
])
def test_a_cuda_header_the_extension_build_cannot_find_is_the_toolkit(text):
    assert "extension-build-cuda-header-missing" in signal_ids(text)
    assert ranked(text)[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    # Python's own headers: python3-dev, not CUDA
    "src/main.c:1:10: fatal error: Python.h: No such file or directory\n",
    # cuDNN's header is another package
    "conv.cpp:3:10: fatal error: cudnn.h: No such file or directory\n",
    # the include line alone, nothing missing
    "#include <cuda_runtime_api.h>\n",
    # a header found, a different error
    "cuda_fp16.h(123): error: identifier \"__half\" is undefined\n",
])
def test_lines_that_are_not_a_missing_cuda_header(text):
    assert "extension-build-cuda-header-missing" not in signal_ids(text)


# ---- no MSVC compiler ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "nvcc fatal   : Cannot find compiler 'cl.exe' in PATH\n",
    '    raise RuntimeError("Could not locate a supported Microsoft Visual C++ installation")\n'
    "RuntimeError: Could not locate a supported Microsoft Visual C++ installation\n",
    "'cl' is not recognized as an internal or external command,\noperable program or batch file.\n",
    "cl : The term 'cl' is not recognized as the name of a cmdlet, function, script file, or operable program.\n",
    "subprocess.CalledProcessError: Command '['where', 'cl']' returned non-zero exit status 1.\n",
    "torch._inductor.exc.InductorError: RuntimeError: Compiler: cl is not found.\n",
    "error: command 'cl.exe' failed: None\n",
    "error: Unable to find vcvarsall.bat\n",
])
def test_no_msvc_compiler_in_each_tools_words_is_the_extension_build(text):
    assert "extension-build-no-msvc" in signal_ids(text)
    assert ranked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # cl ran and the code failed to compile: a compile error, not a missing compiler
    "error: command 'C:\\\\Program Files\\\\Microsoft Visual Studio\\\\2022\\\\bin\\\\cl.exe' failed with exit code 2\n",
    "error: command 'cl.exe' failed with exit code 2\n",
    # another program not found
    "'nvidia-smi' is not recognized as an internal or external command,\n",
    "'clang' is not recognized as an internal or external command,\n",
])
def test_lines_that_are_not_a_missing_msvc(text):
    assert "extension-build-no-msvc" not in signal_ids(text)


# ---- ptxas on its own ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ptxas fatal : Value 'sm_89' is not defined for option 'gpu-name'\n",
    "RuntimeError: Internal Triton PTX codegen error:\nptxas fatal   : Value 'sm_120' is not defined for option "
    "'gpu-name'\n",
    "triton.runtime.errors.PTXASError: PTXAS error: Internal Triton PTX codegen error\n`ptxas` stderr:\n"
    "ptxas fatal   : Value 'sm_100a' is not defined for option 'gpu-name'\n",
])
def test_ptxas_not_knowing_the_gpu_is_the_architecture_not_nvcc(text):
    assert "ptxas-unknown-gpu-name" in signal_ids(text)
    assert "nvcc-unsupported-gpu-arch" not in signal_ids(text)
    assert ranked(text)[:1] == ["gpu_arch_unsupported"]


@pytest.mark.parametrize("text", [
    "nvcc fatal   : Value 'sm_89' is not defined for option 'gpu-architecture'\n",
    "nvcc fatal   : Unsupported gpu architecture 'compute_89'\n",
])
def test_nvcc_refusing_an_architecture_stays_the_toolkit(text):
    assert "nvcc-unsupported-gpu-arch" in signal_ids(text)
    assert "ptxas-unknown-gpu-name" not in signal_ids(text)
    assert ranked(text)[:1] == ["cuda_home_nvcc"]


def test_ptxas_register_usage_lines_are_not_a_refusal():
    text = "ptxas info    : Used 32 registers, 384 bytes cmem[0]\nptxas info    : Compiling entry function 'k'\n"
    assert "ptxas-unknown-gpu-name" not in signal_ids(text)


# ---- Visual Studio too new for nvcc, in words ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "tiny-cuda-nn would not install: visual studio 17.10 doesnt work\n",
    "Visual Studio 2022 17.10 is not supported by CUDA 11.8, so gsplat does not compile.\n",
    "CUDA 11.3 does not support Visual Studio 2022, only 2017-2019.\n",
    "The extension needs an older MSVC: MSVC 14.40 is too new for nvcc 12.1\n",
    "编译失败，原因是 VS2022 版本太高，CUDA 11.8 不支持\n",
    "CUDA 11.8 has\n#if _MSC_VER < 1910 || _MSC_VER >= 1940\nand the latest Visual Studio reports 1940.\n",
])
def test_a_visual_studio_too_new_for_nvcc_said_in_words_is_the_toolkit(text):
    assert "msvc-too-new-for-nvcc-in-words" in signal_ids(text)
    assert ranked(text)[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    "Visual Studio Code doesn't work with the conda terminal\n",
    "VS Code 1.90 is not compatible with this extension\n",
    "I installed Visual Studio 2022 17.9 and the build works now.\n",
    "Python 3.13 is not supported by torch 2.4\n",
])
def test_visual_studio_lines_that_do_not_say_it_is_too_new_for_nvcc(text):
    assert "msvc-too-new-for-nvcc-in-words" not in signal_ids(text)


def test_nvccs_own_refusal_still_ranks_before_the_words():
    text = ("Visual Studio 2022 17.10 is not supported by CUDA 11.8\n"
            "C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v11.8\\include\\crt/host_config.h(153): fatal "
            "error C1189: #error:  -- unsupported Microsoft Visual Studio version! Only the versions between 2017 and "
            "2022 (inclusive) are supported!\n")
    assert signal_ids(text)[:1] == ["nvcc-host-compiler-unsupported"] or ranked(text)[:1] == ["cuda_home_nvcc"]


# ---- ninja missing, as people retype it and as shells say it ------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: Ninja is required to load C++ extension\n",
    'running python test.py prints "Ninja is required to load C++ extentions"\n',
    "/bin/sh: 1: ninja: not found\n",
    "bash: ninja: command not found\n",
    "'ninja' is not recognized as an internal or external command,\noperable program or batch file.\n",
])
def test_ninja_missing_in_other_words_is_the_extension_build(text):
    assert "extension-build-no-ninja" in signal_ids(text)
    assert ranked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # torch only warns and builds without ninja
    "UserWarning: Attempted to use ninja as the BuildExtension backend but we could not find ninja.. Falling back "
    "to using the slow distutils backend.\n",
    "ninja: build stopped: subcommand failed.\n",
    "Requirement already satisfied: ninja in ./venv/lib/python3.10/site-packages (1.11.1.1)\n",
])
def test_ninja_lines_that_are_not_ninja_missing(text):
    assert "extension-build-no-ninja" not in signal_ids(text)


# ---- no kernel image raised from the call into an extension's compiled module -------------------------------

@pytest.mark.parametrize("text", [
    '  File "/env/lib/python3.8/site-packages/pytorch3d/renderer/mesh/rasterize_meshes.py", line 298, in forward\n'
    "    pix_to_face, zbuf, barycentric_coords, dists = _C.rasterize_meshes(\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
    '  File "/env/lib/python3.10/site-packages/mamba_ssm/ops/selective_scan_interface.py", line 88, in forward\n'
    "    out, x, *rest = selective_scan_cuda.fwd(u, delta, A, B, C, D, z, delta_bias, delta_softplus)\n"
    "                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
    '  File "/env/lib/python3.8/site-packages/mmcv/ops/roi_align.py", line 86, in forward\n'
    "    ext_module.roi_align_forward(\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
])
def test_no_kernel_image_from_the_call_into_an_extension_is_the_extensions_arch(text):
    assert "extension-op-no-kernel-image" in signal_ids(text)
    assert ranked(text)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("text", [
    # torch's own operators and its own _C
    '  File "/env/lib/python3.10/site-packages/torch/nn/modules/conv.py", line 456, in _conv_forward\n'
    "    return F.conv2d(input, weight, bias, self.stride,\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
    '  File "/env/lib/python3.10/site-packages/torch/cuda/__init__.py", line 293, in _lazy_init\n'
    "    torch._C._cuda_init()\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
    # the extension call far from the error
    "    out = _C.rasterize_meshes(x)\nprint('done')\nloss = model(x)\n"
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n",
])
def test_no_kernel_image_that_is_not_an_extensions_call(text):
    assert "extension-op-no-kernel-image" not in signal_ids(text)
    assert ranked(text)[:1] == ["gpu_arch_unsupported"]


# ---- extension sources written for torch's removed TH/THC API -----------------------------------------------

@pytest.mark.parametrize("text", [
    "src/cuda/dcn_v2_cuda.cu:5:10: fatal error: THC/THC.h: No such file or directory\n    5 | #include <THC/THC.h>\n",
    "csrc/nms.cpp:3:10: fatal error: 'TH/TH.h' file not found\n",
    "roi_align_kernel.cu(2): fatal error C1083: Cannot open include file: 'THC/THCAtomics.cuh': No such file or "
    "directory\n",
    "致命错误 C1083: 无法打开包括文件：“TH/TH.h”：没有这样的文件或目录\n",
    'src/ball_query_gpu.cu(18): error: identifier "THCState" is undefined\n',
    "src/deform_conv_cuda.cpp:65:3: error: 'AT_CHECK' was not declared in this scope; did you mean 'DCHECK'?\n",
    "Compilation error: <THC/THCDeviceUtils.cuh> not found with PyTorch 1.11\n",
])
def test_an_extension_written_for_the_removed_th_thc_api_is_its_build(text):
    assert "extension-source-uses-removed-torch-api" in signal_ids(text)
    assert ranked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    # the include path of every extension build
    "c++ -I/env/lib/python3.8/site-packages/torch/include/TH -I/env/lib/python3.8/site-packages/torch/include/THC "
    "-I/usr/local/cuda/include -c src/ball_query.cpp\n",
    # the include line alone
    "#include <THC/THC.h>\n",
    # torch 0.4's runtime wording of an out-of-memory error
    "THCudaCheck FAIL file=/pytorch/aten/src/THC/THCGeneral.cpp line=663 error=2 : out of memory\n",
])
def test_th_thc_lines_that_are_not_a_removed_api(text):
    assert "extension-source-uses-removed-torch-api" not in signal_ids(text)


# ---- CUDA_HOME unset, in words ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "setup.py crashes because bare_metal_version is unassigned when CUDA_HOME is None\n",
    "The build fails: CUDA_HOME was not set in the container.\n",
    "CUDA_HOME isn't set on my Windows machine, so mamba-ssm cannot build\n",
    "编译 DCNv2 失败，CUDA_HOME 未设置\n",
])
def test_cuda_home_unset_said_in_words_is_the_toolkit(text):
    assert "cuda-home-not-set" in signal_ids(text)
    assert ranked(text)[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    "CUDA_HOME: /usr/local/cuda\n",
    "CUDA_HOME is /usr/local/cuda-11.8 and nvcc is on PATH\n",
    "export CUDA_HOME=/usr/local/cuda\n",
])
def test_cuda_home_lines_that_do_not_say_it_is_unset(text):
    assert "cuda-home-not-set" not in signal_ids(text)
