"""The compiled neighbours of flash-attn fail the way flash-attn does: mamba-ssm, causal-conv1d, vLLM and xformers
binaries built for another torch, SageAttention and flash-attn kernels missing for the GPU generation, wheels for
another platform, builds without nvcc or MSVC. Each signature is checked on small pastes written here (as printed,
lower-cased, re-spaced, wrapped and cut short), on look-alikes it must not fire on, and on reports of the dev split
through the same pipeline as `check --from`.
"""

import pytest

from pasted import check_categories as checked, check_findings, report_categories as report_checked, signal_ids


# ---- a compiled extension needing a torch C++ symbol ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ImportError: /env/lib/python3.11/site-packages/selective_scan_cuda.cpython-311-x86_64-linux-gnu.so: "
    "undefined symbol: _ZN3c104cuda9SetDeviceEi",
    "ImportError: /env/lib/python3.9/site-packages/causal_conv1d_cuda.cpython-39-x86_64-linux-gnu.so: "
    "undefined symbol: _ZN2at4_ops5zeros4callEv",
    # Python's warning with the path in quotes (vLLM), the binding's own torch::Library symbol
    "WARNING _custom_ops.py:11] Failed to import from vllm._C with ImportError("
    "'/usr/lib/python3/dist-packages/vllm/_C.abi3.so: undefined symbol: _ZN5torch7LibraryC1ENS0_4KindE')",
    # the const form, the underscore eaten by Markdown, the symbol wrapped onto the next line
    "ImportError: /x/ext_cuda.so: undefined symbol: *ZNK3c1010TensorImpl4sizeEl",
    "ImportError: /x/site-packages/my_ops.cpython-310-x86_64-linux-gnu.so:\nundefined symbol: _ZN3c106detail14torchCheckFailEPKc",
    # retyped: lower-cased, re-spaced
    "importerror: /x/selective_scan_cuda.so:  undefined   symbol: _zn3c107warningc1ev",
    # Windows
    r"ImportError: C:\env\Lib\site-packages\xformers\_C.pyd: undefined symbol: _ZN2at4_ops3add4callEv",
    # caffe2's namespace and a typeinfo symbol (mmcv's ops, detectron2's _C)
    "ImportError: /env/lib/python3.7/site-packages/mmcv/_ext.cpython-37m-x86_64-linux-gnu.so: undefined symbol: "
    "_ZN6caffe28TypeMeta21_typeMetaDataInstanceIfEEPKNS_6detail12TypeMetaDataEv",
    "ImportError: /env/site-packages/detectron2/_C.cpython-38-x86_64-linux-gnu.so: undefined symbol: _ZTIN3c1010TensorImplE",
    # torch's Python bindings rather than its C++ namespaces
    "ImportError: /env/lib/python3.8/site-packages/amp_C.cpython-38-x86_64-linux-gnu.so: undefined symbol: THPVariableClass",
])
def test_extension_missing_a_torch_symbol_is_built_for_another_torch(text):
    assert "extension-undefined-torch-symbol" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_abi"]


@pytest.mark.parametrize("text", [
    # torch's own libraries and torchvision have their own causes
    "ImportError: /env/lib/python3.10/site-packages/torch/lib/libtorch_cuda.so: undefined symbol: _ZN3c1010cuda9SetDeviceEi",
    "OSError: /env/lib/python3.10/site-packages/torch/_C.cpython-310-x86_64-linux-gnu.so: undefined symbol: _ZN2at4_ops3addEv",
    "ImportError: /env/site-packages/torchvision/_C.so: undefined symbol: _ZN3c106detail19maybe_wrap_dim_slowEv",
    # CUDA libraries, and a package's own symbol rather than torch's
    "ImportError: /usr/local/cuda/lib64/libcusparse.so.12: undefined symbol: __nvJitLinkAddData_12_1",
    "ImportError: /x/vllm/_C.abi3.so: undefined symbol: _Z24silu_and_mul_nvfp4_quantRN2at6TensorE",
    "ImportError: /env/site-packages/mmcv/_ext.cpython-37m-x86_64-linux-gnu.so: undefined symbol: _Z18nms_rotated_forwardN2at6TensorE",
    # no undefined symbol at all
    "ImportError: /x/selective_scan_cuda.so: cannot open shared object file: No such file or directory",
])
def test_look_alikes_are_not_an_extension_built_for_another_torch(text):
    assert "extension-undefined-torch-symbol" not in signal_ids(text)


# ---- xFormers built for another torch --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "WARNING[XFORMERS]: xFormers can't load C++/CUDA extensions. xFormers was built for:\n"
    "    PyTorch 2.5.1+cu124 with CUDA 1204 (you have 2.4.0+cu121)\n    Python  3.11.9 (you have 3.11.9)",
    "    PyTorch 2.1.0+cu121 with CUDA 1201 (you have 2.0.1+cu118)",
    "pytorch 2.6.0+cu126 with cuda 1206 (you have 2.7.0+cu126)",          # lower-cased
    "PyTorch  2.3.0+cu121  with CUDA 1201  (you have 2.3.1+cu121)",        # re-spaced
    "PyTorch 2.8.0+cu128 with CUDA 1208 (you have 2.9.0)",                 # the installed torch without a local tag
])
def test_xformers_built_for_another_torch(text):
    assert "xformers-built-for-other-torch" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_abi"]


@pytest.mark.parametrize("text", [
    "    PyTorch 2.2.0+cu121 with CUDA 1201 (you have 2.2.0+cpu)",         # a CPU-only torch: its own finding
    "    PyTorch 2.3.1+cu121 with CUDA 1201 (you have 2.3.1+cu121)",       # the same torch on both sides
    "    PyTorch 2.0.1 with CUDA 1106 (you have 2.0.1)",
    "    Python  3.10.14 (you have 3.10.12)",
])
def test_xformers_look_alikes_are_not_another_torch(text):
    assert "xformers-built-for-other-torch" not in signal_ids(text)


# ---- flash-attn's own kernels missing for the GPU ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "CUDA error (/build/source/flash-attn/flash_fwd_launch_template.h:191): no kernel image is available for execution on the device",
    "cuda error (/tmp/flash-attention/csrc/flash_attn/src/flash_bwd_launch_template.h:70):  no kernel image is available",
    "CUDA error (third_party/flash-attention/csrc/flash_attn/src/fmha_fwd_launch_template.h:89): no kernel image is available",
    "CUDA Error: no kernel image is available for execution on the device flash-attention/csrc/layer_norm/ln_fwd_kernels.cuh 236",
    "RuntimeError: CUDA error: no kernel image is available for execution on the device\n"
    "Exception raised from c10_cuda_check_implementation\n"
    "00007FF87BEE6263 flash_attn_2_cuda.cp312-win_amd64.pyd!PyInit_flash_attn_2_cuda",
])
def test_flash_attn_without_kernels_for_the_gpu(text):
    assert "flash-attn-no-kernel-image" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_arch"]


def test_torch_without_kernels_for_the_gpu_stays_a_torch_build_problem():
    text = "RuntimeError: CUDA error: no kernel image is available for execution on the device"
    assert "flash-attn-no-kernel-image" not in signal_ids(text)
    assert checked(text)[:1] == ["gpu_arch_unsupported"]


# ---- attention-kernel libraries refusing the GPU generation -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: GPUs with compute capability below 8.0 are not supported.",
    "runtimeerror: gpus with compute capability below 8.0 are not supported",
    "ValueError: Unsupported CUDA architecture: sm75",
    "unsupported cuda architecture:sm_61",
    'assert SM90_ENABLED, "SM90 kernel is not available. Make sure you GPUs with compute capability 9.0."',
    "Error running sage attention: SM80 kernel is not available. make sure you GPUs with compute",
    "我的 2080 跑不了，SageAttention 只支持 30 系列以上的显卡",
])
def test_attention_kernel_library_refuses_the_gpu_generation(text):
    assert "attention-kernels-gpu-generation" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("text", [
    "Detected compute capability 8.6, supported.",
    "TORCH_CUDA_ARCH_LIST is not set, all archs for visible cards are included",
    "这个模型只支持 Linux",
    "Unsupported CUDA version: 10.1",
])
def test_attention_kernel_look_alikes(text):
    assert "attention-kernels-gpu-generation" not in signal_ids(text)


# ---- extension builds: no nvcc behind bare_metal_version, a wheel for another platform, no MSVC ------------------

@pytest.mark.parametrize("text", [
    "NameError: name 'bare_metal_version' is not defined",
    "nameerror: name 'bare_metal_version' is not defined",
    'NameError: name "bare_metal_version" is not defined',
])
def test_undefined_bare_metal_version_means_no_nvcc(text):
    assert "extension-setup-no-nvcc-bare-metal" in signal_ids(text)
    assert checked(text)[:1] == ["cuda_home_nvcc"]


def test_a_defined_bare_metal_version_is_not_a_missing_nvcc():
    assert "extension-setup-no-nvcc-bare-metal" not in signal_ids("bare_metal_version = Version('12.4')")


@pytest.mark.parametrize("text", [
    "ERROR: flash_attn-2.7.0.post2-cp310-cp310-win_amd64.whl is not a supported wheel on this platform.",
    "error: xformers-0.0.28.post3-cp312-cp312-manylinux_2_28_x86_64.whl is not a supported wheel on this platform",
    "  Caused by: A URL dependency is incompatible with the current platform: "
    "https://example.org/wheels/mamba_ssm-2.2.4+cu12torch2.5cxx11abiFALSE-cp311-cp311-linux_x86_64.whl",
])
def test_extension_wheel_for_another_platform(text):
    assert "extension-wheel-other-platform" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


def test_another_packages_wheel_for_another_platform_is_not_an_extension_problem():
    text = "ERROR: numpy-1.26.4-cp312-cp312-win_amd64.whl is not a supported wheel on this platform."
    assert "extension-wheel-other-platform" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    '  error: Microsoft Visual C++ 14.0 or greater is required. Get it with "Microsoft C++ Build Tools"',
    "UserWarning: Error checking compiler version for cl: [WinError 2] The system cannot find the file specified",
    "error: microsoft visual c++ 14.0 or greater is required.",
])
def test_extension_build_without_msvc(text):
    assert "extension-build-no-msvc" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "  ERROR: Failed building wheel for xformers",
    "  Building wheel for mamba-ssm (setup.py) ... error",
    "error: Failed to build `causal-conv1d==1.4.0`",
    "ERROR: Could not build wheels for numpy, xformers, which is required to install pyproject.toml-based projects",
    "  Using cached xformers-0.0.28.post1.tar.gz (7.8 MB)",
])
def test_neighbour_builds_failing(text):
    assert "attention-extension-build-failed" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "  Building wheel for xformers (setup.py) ... done",
    "Successfully built xformers",
    "  Downloading xformers-0.0.28.post3-cp312-cp312-win_amd64.whl (89.9 MB)",
    "  ERROR: Failed building wheel for pycocotools",
])
def test_neighbour_build_look_alikes(text):
    assert "attention-extension-build-failed" not in signal_ids(text)


# ---- CUDA_HOME that starts with an empty path-list entry ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "CUDA_HOME               :/usr/local/cuda",
    "export CUDA_HOME=:/usr/local/cuda-11.8",
    "install:/bin/sh: 1: :/usr/local/cuda/bin/nvcc: not found",
])
def test_cuda_home_with_a_leading_colon_is_an_invalid_nvcc_path(text):
    assert "nvcc-path-invalid" in signal_ids(text)
    assert checked(text)[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    "CUDA_HOME               /usr/local/cuda",
    "CUDA_HOME: /usr/local/cuda-12.1",
    "export CUDA_HOME=/usr/local/cuda",
])
def test_a_plain_cuda_home_is_not_invalid(text):
    assert "nvcc-path-invalid" not in signal_ids(text)


# ---- prebuilt wheel names of the neighbours ------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "causal_conv1d-1.4.0+cu122torch2.4cxx11abiTRUE-cp310-cp310-linux_x86_64.whl",
    "mamba_ssm-2.2.2+cu118torch2.8cxx11abiFALSE-cp311-cp311-linux_x86_64.whl",
    "mamba_ssm-1.2.0.post1+cu118torch1.13cxx11abiTRUE-cp38-cp38-linux_x86_64.whl",
])
def test_neighbour_wheel_names_with_the_other_abi(name):
    assert "flash-attn-wheel-abi-not-pip-torch" in signal_ids(f"pip install {name}")


@pytest.mark.parametrize("name", [
    "causal_conv1d-1.4.0+cu122torch2.4cxx11abiFALSE-cp310-cp310-linux_x86_64.whl",
    "mamba_ssm-1.2.0.post1+cu118torch1.13cxx11abiFALSE-cp38-cp38-linux_x86_64.whl",
])
def test_neighbour_wheel_names_with_pypis_abi(name):
    assert "flash-attn-wheel-abi-not-pip-torch" not in signal_ids(f"pip install {name}")


# ---- reports of the dev split -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("3300-mamba-764-selective-scan-undefined-symbol-py312.txt", "flash_attn_abi"),
    ("3304-ultralight-vm-unet-13-causal-conv1d-caching-allocator.txt", "flash_attn_abi"),
    ("3305-comfyui-manager-926-xformers-built-for-torch-240.txt", "flash_attn_abi"),
    ("3317-vllm-5501-c-abi3-undefined-symbol-torch-230.txt", "flash_attn_abi"),
    ("3303-mamba-50-causal-conv1d-cxx11abi-true-ngc.txt", "flash_attn_abi"),
    ("3310-trellis2-77-flash-attn-linux-wheel-on-windows.txt", "flash_attn_build"),
    ("3330-xformers-885-windows-msvc-14-required.txt", "flash_attn_build"),
    ("3333-xformers-1117-windows-build-fails-torch241.txt", "flash_attn_build"),
    ("3312-sageattention-78-turing-rtx6000-setup-cc-below-80.txt", "flash_attn_arch"),
    ("3314-wanvideowrapper-717-rtx2080-sageattention-sm75-cn.txt", "flash_attn_arch"),
    ("3327-ai-toolkit-475-rtx5090-flash-attn-no-kernel-image.txt", "flash_attn_arch"),
    ("3328-flash-attn-1966-layer-norm-blackwell-no-kernel-image.txt", "flash_attn_arch"),
    ("3321-mamba-104-no-build-isolation-bare-metal-version.txt", "cuda_home_nvcc"),
    ("3335-detectron2-1991-cuda-home-leading-colon.txt", "cuda_home_nvcc"),
    ("3340-fairseq-3176-apex-thpvariableclass-undefined.txt", "flash_attn_abi"),
    ("3343-flash-attn-1346-gcc-48-cxx11-required.txt", "cuda_home_nvcc"),
    ("3354-deepspeed-mii-277-installed-cuda-117-vs-torch-121.txt", "cuda_home_nvcc"),
    ("3358-sageattention-130-cuda-124-required-for-cc-89.txt", "cuda_home_nvcc"),
    ("3359-sageattention-128-windows-wheel-fails-to-build.txt", "flash_attn_build"),
    ("3365-mmdetection-4291-mmcv-ext-autograd-meta-typeinfo.txt", "flash_attn_abi"),
    ("3362-mmdetection-1189-dcn-gettype-after-torch12-upgrade.txt", "flash_attn_abi"),
])
def test_dev_reports_rank_their_cause_first(name, category):
    assert report_checked(name)[:1] == [category]


# ---- a host compiler too old for the extension build ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: The current installed version of g++ (4.8.5) is less than the minimum required version by CUDA "
    "11.8 (6.0.0). Please make sure to use an adequate version of g++ (>=6.0.0, <12.0).",
    "/usr/include/c++/4.8.5/bits/c++0x_warning.h:32:2: error: #error This file requires compiler and library support "
    "for the ISO C++ 2011 standard. This support is currently experimental",
])
def test_host_compiler_too_old_for_the_build(text):
    assert "nvcc-host-compiler-unsupported" in signal_ids(text)
    assert checked(text)[:1] == ["cuda_home_nvcc"]


def test_a_compiler_version_line_alone_is_not_a_compiler_problem():
    text = "gcc (GCC) 4.8.5 20150623 (Red Hat 4.8.5-44)"
    assert "nvcc-host-compiler-unsupported" not in signal_ids(text)


# ---- the toolkit against torch's CUDA, as retold and as SageAttention's setup words it ------------------------------

@pytest.mark.parametrize("text", [
    "Installed CUDA version 12.2 does not match torch version",
    "installed cuda version 11.8 does not match the torch cuda version",
    "Exception: Installed CUDA version 12.0 does not match the version torch was compiled with 11.8",
])
def test_toolkit_against_torch_cuda_retold(text):
    assert "extension-cuda-mismatch" in signal_ids(text)
    assert checked(text)[:1] == ["cuda_home_nvcc"]


def test_a_matching_statement_is_not_a_mismatch():
    assert "extension-cuda-mismatch" not in signal_ids("Installed CUDA version 12.1 matches torch version 12.1")


@pytest.mark.parametrize("text", [
    "RuntimeError: CUDA 12.4 or higher is required for compute capability 8.9.",
    "RuntimeError: CUDA 12.8 or higher is required for compute capability 12.0.",
])
def test_sageattention_setup_needs_a_newer_toolkit(text):
    assert "flash-attn-setup-nvcc-too-old" in signal_ids(text)
    assert checked(text)[:1] == ["cuda_home_nvcc"]


def test_a_driver_requirement_is_not_a_toolkit_requirement():
    text = "CUDA 12.4 or higher is required by this container; the driver supports 12.2"
    assert "flash-attn-setup-nvcc-too-old" not in signal_ids(text)


# ---- the neighbours built in an isolated environment without torch ----------------------------------------------

@pytest.mark.parametrize("text", [
    "  × Failed to build `causal-conv1d==1.4.0`\n  ├─▶ The build backend returned an error\n"
    "      File \"<string>\", line 20, in <module>\n      ModuleNotFoundError: No module named 'torch'",
    "Collecting mamba-ssm\n  Getting requirements to build wheel ... error\n      ModuleNotFoundError: No module named 'torch'",
])
def test_neighbour_built_without_torch_in_isolation(text):
    assert "flash-attn-build-isolation-torch-missing" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


def test_a_missing_torch_at_run_time_is_not_a_build_in_isolation():
    text = "import xformers.ops\nModuleNotFoundError: No module named 'torchvision'"
    assert "flash-attn-build-isolation-torch-missing" not in signal_ids(text)


# ---- SageAttention on Volta and Pascal, in words --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Is there any SageAttention build that works on a Tesla V100?",
    "V100 是否有可使用的 sageattention？",
    "sage attention crashes on my GTX 1080 Ti",
    "Running sageattention on a P40 (Pascal) gives a triton error",
])
def test_sageattention_on_volta_or_pascal(text):
    assert "sageattention-on-pre-turing-gpu-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_arch"]


@pytest.mark.parametrize("text", [
    "SageAttention works fine on my RTX 3090",
    "V100 training finished; attention is plain SDPA",
])
def test_sageattention_look_alikes(text):
    assert "sageattention-on-pre-turing-gpu-in-words" not in signal_ids(text)


# ---- a portable build's own Python printed with escaped backslashes ----------------------------------------------

def test_escaped_path_inside_the_portable_python_is_not_another_python():
    escaped = ('error at "D:\\\\AI\\\\ComfyUI_windows_portable\\\\python_embeded\\\\Lib\\\\site-packages'
               '\\\\sageattention\\\\core.py":18:23')
    assert "portable-build-other-python" not in [f["id"] for f in check_findings(escaped)]


def test_a_site_packages_outside_the_portable_build_is_still_another_python():
    text = ("C:\\ComfyUI_windows_portable> pip install onnxruntime-gpu\n"
            "Requirement already satisfied: onnxruntime-gpu in c:\\users\\me\\appdata\\roaming\\python\\python311"
            "\\site-packages (1.17.0)")
    assert "portable-build-other-python" in [f["id"] for f in check_findings(text)]


# ---- a flash-attn build without ninja ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "pip install flash-attn\nOnly one core is busy; ninja is not installed in this conda env.",
    "  Building wheel for flash-attn (setup.py) ...\n      UserWarning: Attempted to use ninja as the BuildExtension "
    "backend but we could not find ninja.. Falling back to using the slow distutils backend.",
    "pip install xformers --no-build-isolation\n  UserWarning: ... but we could not find ninja..",
])
def test_flash_attn_build_without_ninja(text):
    assert "flash-attn-build-never-finishes" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "pip install flash-attn\nninja is installed (ninja --version prints 1.11.1)",
    "ninja: build stopped: subcommand failed.",
])
def test_ninja_present_or_failing_is_not_ninja_missing(text):
    assert "flash-attn-build-never-finishes" not in signal_ids(text)


# ---- Windows: a procedure of torch missing for a compiled extension -----------------------------------------------

@pytest.mark.parametrize("text", [
    "ImportError: DLL load failed while importing flash_attn_2_cuda: The specified procedure could not be found.",
    "importerror: dll load failed while importing selective_scan_cuda: the specified procedure could not be found",
    "ImportError: DLL load failed while importing causal_conv1d_cuda: 找不到指定的程序。",
])
def test_windows_procedure_missing_in_an_extension(text):
    assert "extension-dll-procedure-not-found" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_abi"]


@pytest.mark.parametrize("text", [
    "ImportError: DLL load failed while importing flash_attn_2_cuda: The specified module could not be found.",
    "ImportError: DLL load failed while importing _C: The specified procedure could not be found.",
])
def test_windows_missing_module_or_a_bare_c_is_not_this(text):
    assert "extension-dll-procedure-not-found" not in signal_ids(text)


# ---- the neighbours' own setup checks and incomplete installs, and Windows ------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: causal_conv1d is only supported on CUDA 11.6 and above.  Note: make sure nvcc has a supported version",
    "RuntimeError: mamba_ssm is only supported on CUDA 11.6 and above.",
])
def test_neighbour_setup_finds_no_suitable_nvcc(text):
    assert "flash-attn-setup-nvcc-too-old" in signal_ids(text)
    assert checked(text)[:1] == ["cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    "ModuleNotFoundError: No module named 'causal_conv1d_cuda'",
    "modulenotfounderror: no module named 'selective_scan_cuda'",
    "ModuleNotFoundError: No module named 'fused_layer_norm_cuda'",
])
def test_neighbour_installed_without_its_cuda_extension(text):
    assert "flash-attn-cuda-module-missing" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


def test_a_pure_python_module_missing_is_not_an_incomplete_build():
    assert "flash-attn-cuda-module-missing" not in signal_ids("ModuleNotFoundError: No module named 'causal_conv1d'")


@pytest.mark.parametrize("text", [
    "pip install mamba-ssm fails on Windows 11 with torch 2.3",
    "在 Windows 下安装不了 causal-conv1d",
    "pip install causal_conv1d==1.1.1\npip install mamba_ssm==1.2.0\nIs there any way to get these on windows?",
])
def test_mamba_extensions_on_windows(text):
    assert "mamba-extensions-on-windows-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


@pytest.mark.parametrize("text", [
    "mamba-ssm installed fine on Ubuntu 22.04",
    "Windows 11, torch 2.3, flash-attn from a community wheel works",
])
def test_mamba_windows_look_alikes(text):
    assert "mamba-extensions-on-windows-in-words" not in signal_ids(text)


# ---- the symbol cut off; no wheel for this torch in words -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ImportError: /srv/vllm/vllm/_C.cpython-311-x86_64-linux-gnu.so: undefined symbol:",
    "ImportError: /env/site-packages/selective_scan_cuda.cpython-310-x86_64-linux-gnu.so: undefined symbol",
])
def test_known_extension_with_the_symbol_cut_off(text):
    assert "extension-undefined-torch-symbol" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_abi"]


def test_an_unknown_library_with_the_symbol_cut_off_is_not_claimed():
    assert "extension-undefined-torch-symbol" not in signal_ids("ImportError: /opt/lib/libfoo.so: undefined symbol:")


@pytest.mark.parametrize("text", [
    "flash-attn 2.8.3: there is no prebuilt wheel for torch 2.10, what should I install?",
    "flash_attn 好像没有支持 torch 2.9 的编译包",
    "I can't find a flash-attn whl for python 3.13 on windows",
])
def test_no_flash_attn_wheel_for_this_torch_in_words(text):
    assert "flash-attn-build-fails-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["flash_attn_build"]


def test_a_flash_attn_wheel_that_exists_is_not_a_missing_wheel():
    text = "flash-attn 2.7.4 has a wheel for torch 2.6 and it installed fine"
    assert "flash-attn-build-fails-in-words" not in signal_ids(text)
