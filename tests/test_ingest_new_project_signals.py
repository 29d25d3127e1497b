"""Failures met by users of projects the corpus had not seen before its eighth round (Paddle, bitsandbytes,
CTranslate2 / faster-whisper, Triton, timm / peft / transformers, vllm / sglang): the mechanisms added from those
reports (tests/fixtures/reports 3400-3440). Each is checked on small pastes written here, retyped (lower case,
other spacing, the tail cut off), on look-alikes it must not fire on, and on a report of the dev split, through
the same pipeline as `check --from`.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_categories, signal_ids


# ---- Paddle's loader cannot load cuDNN ------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "RuntimeError: (PreconditionNotMet) Cannot load cudnn shared library. Cannot invoke method cudnnGetVersion.",
    "PreconditionNotMetError: Cannot load cudnn shared library. Cannot invoke method cudnnGetVersion.",
    "runtimeerror: (preconditionnotmet) cannot load cudnn shared library.",
    "Error: Cannot  load   cudnn shared lib",
    "  [Hint: cudnn_dso_handle should not be null.] (at /paddle/paddle/phi/backends/dynload/cudnn.cc:64)",
])
def test_paddles_cudnn_loader_failure_in_every_wording_is_cudnn(line):
    assert signal_categories("import paddle\npaddle.utils.run_check()\n" + line + "\n")[:1] == ["cudnn_problem"]


@pytest.mark.parametrize("text", [
    "I0101 paddle: cudnn shared library found at /usr/lib/x86_64-linux-gnu/libcudnn.so.8\n",
    "Cannot load the model: the checkpoint is corrupt\n",
])
def test_other_loader_lines_are_not_paddles_cudnn_failure(text):
    assert "paddle-cudnn-not-loadable" not in signal_ids(text)


def test_a_paddle_report_of_the_dev_split_is_cudnn():
    assert report_categories("3404-paddle-36238-cannot-load-cudnn-cuda100.txt")[:1] == ["cudnn_problem"]


# ---- a package and the installed release of its dependency do not match ---------------------------------------

@pytest.mark.parametrize("line", [
    "ImportError: cannot import name 'create_model' from 'timm.models' (/opt/env/lib/python3.10/site-packages/timm/models/__init__.py)",
    "ImportError: cannot import name 'Cache' from 'transformers'",
    "importerror: cannot import name 'cache' from 'transformers'",
    'ImportError: cannot import name "LoraConfig" from "peft"',
    "ImportError: cannot import name 'check_peft_version' from 'transformers.ut",
    "ModuleNotFoundError: No module named 'timm.layers'",
    "modulenotfounderror: no module named 'diffusers.models.attention_dispatch'",
    "ImportError: cannot import name 'container_abcs'",
    "Running it throws `ImportError: cannot import name 'container_abcs'`.",
])
def test_an_import_of_what_the_installed_release_lacks_is_a_release_skew(line):
    assert "python-package-release-skew" in signal_ids(line + "\n")
    assert signal_categories(line + "\n")[:1] == ["other"]


@pytest.mark.parametrize("line", [
    "ImportError: cannot import name 'YOLO' from 'ultralytics' (/x/site-packages/ultralytics/__init__.py)",
    "ImportError: cannot import name 'YOLO' from partially initialized module 'ultralytics' (most likely due to a circular import)",
    "ImportError: cannot import name '_C' from 'sam2' (/home/u/sam2/sam2/__init__.py)",
    "ImportError: cannot import name 'packaging' from 'torch.utils.cpp_extension'",
    "ModuleNotFoundError: No module named 'torch._C'",
    "ModuleNotFoundError: No module named 'numpy._core'",
    "ModuleNotFoundError: No module named 'models.yolo'",
    "ModuleNotFoundError: No module named 'detectron2._C'",
    "ModuleNotFoundError: No module named 'timm'",
])
def test_imports_with_a_category_of_their_own_or_a_missing_package_are_not_a_release_skew(line):
    assert "python-package-release-skew" not in signal_ids(line + "\n")


@pytest.mark.parametrize("name", [
    "3417-neglabel-4-timm-apply-test-time-pool.txt",
    "3421-openstl-153-no-module-timm-layers.txt",
    "3424-img2img-turbo-119-peft-unpinned-cache-import.txt",
])
def test_release_skew_reports_of_the_dev_split_are_other(name):
    assert report_categories(name)[:1] == ["other"]


# ---- bitsandbytes could not set up CUDA ----------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "RuntimeError: CUDA Setup failed despite GPU being available. Please run the following command to get more information:",
    "cuda setup failed despite gpu being available",
    "CUDA Setup failed despite CUDA being available. Please run the following command",
    "CUDA SETUP: CUDA detection failed! Possible reasons:",
    "bin /opt/env/lib/python3.10/site-packages/bitsandbytes/libbitsandbytes_cpu.so",
    "CUDA SETUP: Defaulting to libbitsandbytes_cpu.so...",
])
def test_bitsandbytes_cuda_setup_failures_are_found(line):
    assert "bitsandbytes-cuda-setup-failed" in signal_ids("python -m bitsandbytes\n" + line + "\n")


@pytest.mark.parametrize("text", [
    "CUDA SETUP: Loading binary /opt/env/lib/python3.10/site-packages/bitsandbytes/libbitsandbytes_cuda118.so...\n",
    "The setup failed because the disk is full\n",
])
def test_a_working_bitsandbytes_setup_is_not_a_failure(text):
    assert "bitsandbytes-cuda-setup-failed" not in signal_ids(text)


def test_a_bitsandbytes_report_of_the_dev_split_is_other_with_the_cuda_runtime_next():
    ranked = report_categories("3409-bitsandbytes-512-windows-miniconda-cuda-setup-failed.txt")
    assert ranked[:2] == ["other", "cuda_lib_missing"]


# ---- CTranslate2 without CUDA -----------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "ValueError: This CTranslate2 package was not compiled with CUDA support",
    "valueerror: this ctranslate2 package was not compiled with cuda support",
    "Failed to load Faster-Whisper model: This CTranslate2 package was not  compiled",
])
def test_a_ctranslate2_without_cuda_is_found(line):
    assert "ctranslate2-built-without-cuda" in signal_ids(line + "\n")


@pytest.mark.parametrize("text", [
    "AssertionError: Torch not compiled with CUDA enabled\n",
    "This CTranslate2 package was compiled with CUDA 12 and cuDNN 9\n",
])
def test_other_builds_without_cuda_are_not_ctranslate2s(text):
    assert "ctranslate2-built-without-cuda" not in signal_ids(text)


def test_a_ctranslate2_report_of_the_dev_split_is_other():
    assert report_categories("3428-whisperx-575-macbook-m1-ctranslate2-no-cuda.txt")[:1] == ["other"]


# ---- ptxas older than the PTX it is given --------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "ptxas /tmp/kernel.ptx, line 5; fatal   : Unsupported .version 8.4; current version is '8.1'",
    "ptxas fatal : unsupported .version 7.8; current version is '7.4'",
    "ptxas /tmp/x.ptx, line 5; fatal : Unsupported .version 8.0",
])
def test_ptxas_older_than_the_ptx_is_the_toolkit(line):
    assert signal_categories(line + "\n")[:2] == ["cuda_home_nvcc", "other"]


@pytest.mark.parametrize("text", [
    "ptxas info    : Used 32 registers, 372 bytes cmem[0]\n",
    "ERROR: Unsupported version of Python: 3.13\n",
])
def test_other_ptxas_and_version_lines_are_not_an_old_ptxas(text):
    assert "ptxas-older-than-ptx" not in signal_ids(text)


def test_a_triton_report_of_the_dev_split_is_the_toolkit():
    assert report_categories("3413-triton-1246-system-ptxas-too-old-invalid-image.txt")[:1] == ["cuda_home_nvcc"]


# ---- a compiled extension built against another torch ------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "ImportError: /opt/env/lib/python3.11/site-packages/vllm/_C.abi3.so: undefined symbol: _ZN3c104cuda9SetDeviceEi",
    "ImportError: /x/site-packages/sgl_kernel/common_ops.abi3.so:  undefined symbol: _ZNK3c1011StorageImpl27throw_data_ptr_access_errorEv",
    "OSError: /home/u/proj/ext/my_ops.cpython-310-x86_64-linux-gnu.so: undefined symbol: _ZN5torch3jit17parseSchemaOrNameERKSsb",
])
def test_an_extension_missing_a_torch_symbol_was_built_for_another_torch(line):
    # One entry for the family: a compiled torch extension built for another torch (docs/json.md, flash_attn_abi).
    assert "extension-undefined-torch-symbol" in signal_ids(line + "\n")
    assert signal_categories(line + "\n")[:1] == ["flash_attn_abi"]


@pytest.mark.parametrize("line, category", [
    ("ImportError: /x/site-packages/flash_attn_2_cuda.cpython-310-x86_64-linux-gnu.so: undefined symbol: "
     "_ZN3c105ErrorC2ENS_14SourceLocationESs", "flash_attn_abi"),
    ("ImportError: /x/site-packages/torchvision/_C.so: undefined symbol: _ZN3c106detail19maybe_wrap_dim_slowEllb",
     "torchvision_mismatch"),
])
def test_flash_attn_and_torchvision_binaries_keep_their_own_category(line, category):
    assert check_categories(line + "\n")[:1] == [category]


def test_a_missing_cuda_library_symbol_is_not_a_torch_symbol():
    line = "ImportError: /x/nvidia/cusparse/lib/libcusparse.so.12: undefined symbol: __nvJitLinkAddData_12_1, version libnvJitLink.so.12\n"
    assert "extension-undefined-torch-symbol" not in signal_ids(line)


# ---- a driver API the installed driver lacks ------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "ImportError: /x/site-packages/sgl_kernel/common_ops.abi3.so: undefined symbol: cuGreenCtxStreamCreate",
    "libcuda.so.1: undefined symbol: cuCtxCreate_v4",
    "importerror: common_ops.abi3.so: undefined symbol: cugreenctxcreate",
])
def test_a_newer_driver_api_missing_from_libcuda_is_an_old_driver(line):
    assert signal_categories(line + "\n")[:1] == ["driver_too_old"]


@pytest.mark.parametrize("line", [
    "ImportError: undefined symbol: cuModuleGetFunction",
    "ImportError: /x/libfoo.so: undefined symbol: cudaGetDriverEntryPointByVersion",
])
def test_old_driver_entry_points_and_runtime_symbols_are_not_an_old_driver(line):
    assert "driver-api-symbol-missing" not in signal_ids(line + "\n")


# ---- PaddleOCR 3 rejects the 2.x arguments --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ValueError: Unknown argument: use_angle_cls\n",
    "valueerror: unknown argument: det_db_box_thresh\n",
    '  File "/x/site-packages/paddleocr/_common_args.py", line 43, in parse_common_args\n'
    '    raise ValueError(f"Unknown argument: {name}")\nValueError: Unknown argument: lang_type\n',
])
def test_paddleocr_3_rejecting_a_2x_argument_is_found(text):
    assert "paddleocr-3-rejects-2x-argument" in signal_ids(text)
    assert signal_categories(text)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    "ValueError: Unknown argument: --foo\n",
    "error: unrecognized arguments: --use_gpu\n",
])
def test_unknown_arguments_elsewhere_are_not_paddleocrs(text):
    assert "paddleocr-3-rejects-2x-argument" not in signal_ids(text)


def test_a_paddleocr_3_report_of_the_dev_split_is_other():
    assert report_categories("3446-omniparser-329-paddleocr-3-unknown-argument.txt")[:1] == ["other"]


# ---- transformers 4.31 and the position_ids buffer ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'RuntimeError: Error(s) in loading state_dict for CLIPTextModel:\n\tUnexpected key(s) in state_dict: '
    '"text_model.embeddings.position_ids".\n',
    'Error(s) in loading state_dict for X:\n  missing key(s) in state_dict: "bert.embeddings.position_ids", "cls.bias".\n',
    'Unexpected key(s) in state_dict: "visual.proj", "text.transformer.embeddings.position_ids"\n',
])
def test_the_position_ids_buffer_in_a_state_dict_error_is_a_transformers_skew(text):
    assert "state-dict-position-ids-transformers-skew" in signal_ids(text)


@pytest.mark.parametrize("text", [
    'Unexpected key(s) in state_dict: "model.22.dfl.conv.weight".\n',
    "position_ids = torch.arange(seq_len)\n",
])
def test_other_state_dict_keys_are_not_the_position_ids_skew(text):
    assert "state-dict-position-ids-transformers-skew" not in signal_ids(text)


def test_a_position_ids_report_of_the_dev_split_is_other():
    assert report_categories("3452-medclip-37-pip-release-position-ids-transformers.txt")[:1] == ["other"]


# ---- what Whisper and EasyOCR print when torch runs on the CPU ----------------------------------------------------

@pytest.mark.parametrize("notice", [
    'UserWarning: FP16 is not supported on CPU; using FP32 instead',
    'RuntimeError: "slow_conv2d_cpu" not implemented for \'Half\'',
    "Neither CUDA nor MPS are available - defaulting to CPU. Note: This module is much faster with a GPU.",
])
def test_a_cpu_notice_beside_a_gpu_that_is_not_nvidias_is_that_gpu(notice):
    text = "Mac Pro 2019, AMD Radeon W6800X\n" + notice + "\n"
    assert check_categories(text)[:1] == ["other"]


def test_a_cpu_notice_alone_is_a_guess_at_the_cpu_build():
    text = 'UserWarning: FP16 is not supported on CPU; using FP32 instead\n'
    assert check_categories(text)[:1] == ["torch_cpu_only"]


def test_half_precision_kernels_without_cpu_in_their_name_say_nothing_of_the_cpu():
    assert check_categories('RuntimeError: "LayerNormKernelImpl" not implemented for \'Half\'\n') == []


def test_a_whisper_on_a_mac_report_of_the_dev_split_is_other():
    assert report_categories("3443-storytoolkitai-3-fp16-warning-mac-amd.txt")[:1] == ["other"]


# ---- frameworks that refuse a GPU setting because torch sees no CUDA device -------------------------------------

@pytest.mark.parametrize("line", [
    "MisconfigurationException: GPUAccelerator can not run on your system since the accelerator is not available.",
    "lightning.fabric.utilities.exceptions.MisconfigurationException: No supported gpu backend found!",
    "ValueError: fp16 mixed precision requires a GPU",
    "ValueError: FP16 Mixed precision training with AMP or APEX (`--fp16`) and FP16 half precision evaluation "
    "(`--fp16_full_eval`) can only be used on CUDA devices.",
])
def test_a_framework_refusing_the_gpu_alone_is_the_cpu_build_guess(line):
    findings = check_findings(line + "\n")
    assert [f["category"] for f in findings][:1] == ["torch_cpu_only"]
    assert findings[0]["severity"] == "warning"


def test_a_gpu_named_in_words_leaves_the_cpu_build_guess_standing_and_says_so():
    text = "Win 10 Pro, RTX 3060\nGPUAccelerator can not run on your system since the accelerator is not available.\n"
    findings = check_findings(text)
    assert [f["category"] for f in findings][:1] == ["torch_cpu_only"]
    assert "only named in words" in findings[0]["message"]


def test_a_gpu_nvidia_smi_shows_does_not_leave_a_bare_guess():
    text = ("+-----------------------------------------------------------------------------+\n"
            "| NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2     |\n"
            "|   0  NVIDIA GeForce RTX 3060    Off  | 00000000:01:00.0 Off |                  N/A |\n"
            "ValueError: fp16 mixed precision requires a GPU\n")
    assert "cuda-unavailable-unexplained" not in [f["id"] for f in check_findings(text)]


def test_a_lightning_report_of_the_dev_split_is_the_cpu_build():
    assert report_categories("3456-anomalib-510-lightning-gpuaccelerator-cpu-torch.txt")[:1] == ["torch_cpu_only"]


# ---- bfloat16 on a GPU older than Ampere ----------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "ValueError: Bfloat16 is only supported on GPUs with compute capability of at least 8.0. Your Tesla T4 GPU has "
    "compute capability 7.5. You can use float16 instead by explicitly setting the`dtype` flag in CLI",
    "valueerror: bfloat16 is only supported on gpus with compute capability of at least 8.0",
    "Bfloat16 is only supported on GPUs",
])
def test_bfloat16_on_an_older_gpu_is_the_architecture(line):
    assert signal_categories(line + "\n")[:1] == ["gpu_arch_unsupported"]


@pytest.mark.parametrize("text", [
    "INFO: bfloat16 is supported on this GPU, using dtype=torch.bfloat16\n",
    "ValueError: Your setup doesn't support bf16/gpu.\n",
])
def test_other_bfloat16_lines_are_not_the_ampere_check(text):
    assert "bfloat16-needs-ampere" not in signal_ids(text)


def test_a_bfloat16_report_of_the_dev_split_is_the_architecture():
    assert report_categories("3460-vllm-946-bfloat16-v100-cc70.txt")[:1] == ["gpu_arch_unsupported"]


# ---- a CPU-only torch retold as "torch without CUDA" ----------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "The openai-whisper package installed Torch without the CUDA version",
    "pip gave me torch without cuda support",
    "it seems pytorch was installed without  CUDA",
])
def test_torch_without_cuda_in_words_is_the_cpu_build(line):
    assert "torch-cpu-build-in-words" in signal_ids(line + "\n")


@pytest.mark.parametrize("line", [
    "torchvision was built without CUDA",
    "flash-attn cannot be built without CUDA_HOME set",
    "Running without CUDA is slow, but torch works",
])
def test_without_cuda_about_something_else_is_not_the_cpu_build(line):
    assert "torch-cpu-build-in-words" not in signal_ids(line + "\n")


def test_a_whisper_cpu_torch_report_of_the_dev_split_is_the_cpu_build():
    assert report_categories("3465-pytranscriber-55-openai-whisper-cpu-torch-windows.txt")[:1] == ["torch_cpu_only"]


# ---- pip's check: an installed package wants another release of a dependency --------------------------------------

@pytest.mark.parametrize("line", [
    "sam-2 1.0 requires torch>=2.5.1, but you have torch 2.3.0 which is incompatible.",
    "peft 0.14.0 has requirement transformers>=4.45, but you have transformers 4.31.0 which is incompatible.",
    "open-clip-torch 2.24.0 requires timm, but you have timm 0.4.12  which is incompatible",
])
def test_a_release_conflict_pip_reports_is_a_skew(line):
    assert "pip-installed-release-conflict" in signal_ids(line + "\n")


@pytest.mark.parametrize("line, other_id", [
    ("torchvision 0.13.0 requires torch==1.12.0, but you have torch 2.1.1 which is incompatible.",
     "torchvision-pins-another-torch"),
    ("opencv-python 4.10.0.84 requires numpy>=1.21, but you have numpy 1.19.5 which is incompatible.", None),
])
def test_torchvision_and_numpy_conflicts_are_not_this_entrys(line, other_id):
    ids = signal_ids(line + "\n")
    assert "pip-installed-release-conflict" not in ids
    assert other_id is None or other_id in ids


def test_a_release_conflict_ranks_after_the_error_that_matters():
    text = ("sam-2 1.0 requires torch>=2.5.1, but you have torch 2.3.0 which is incompatible.\n"
            "RuntimeError: (PreconditionNotMet) Cannot load cudnn shared library. Cannot invoke method cudnnGetVersion.\n")
    assert signal_categories(text)[:1] == ["cudnn_problem"]


# ---- onnxruntime-gpu could not create its CUDA provider -------------------------------------------------------------

@pytest.mark.parametrize("line", [
    '[E:onnxruntime:Default, provider_bridge_ort.cc:1548 onnxruntime::TryGetProviderInfo_CUDA] FAIL : LoadLibrary '
    'failed with error 126 "" when trying to load "C:\\env\\lib\\site-packages\\onnxruntime\\capi\\onnxruntime_providers_cuda.dll"',
    "Failed to create CUDAExecutionProvider. Require cuDNN 9.* and CUDA 12.*. Please install all dependencies",
    "failed to create cudaexecutionprovider",
    "CUDA_PATH is set but CUDA wasnt able to be loaded. Please install the correct version of CUDA and cuDNN",
])
def test_onnxruntimes_cuda_provider_failures_are_the_cuda_libraries(line):
    assert signal_categories(line + "\n")[:2] == ["cuda_lib_missing", "cudnn_problem"]


def test_onnxruntimes_provider_list_is_not_a_failure():
    text = "print(ort.get_available_providers())\n['CUDAExecutionProvider', 'CPUExecutionProvider']\n"
    assert "onnxruntime-cuda-provider-not-created" not in signal_ids(text)


def test_an_onnxruntime_report_of_the_dev_split_is_the_cuda_libraries():
    assert report_categories("3471-onnxruntime-21769-ort-119-needs-cuda12-cudnn9.txt")[:1] == ["cuda_lib_missing"]


# ---- a cuDNN library retold as missing --------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Missing `libcudnn_ops_infer.so.8`, even after setting LD_LIBRARY_PATH",
    "libcudnn_cnn_infer.so.8 not found anywhere in the venv",
    "it says it can't find cudnn_ops64_9.dll",
    "LIBCUDNN_GRAPH.SO.9 IS MISSING",
])
def test_a_cudnn_library_said_missing_is_cudnn(line):
    assert signal_categories(line + "\n")[:1] == ["cudnn_problem"]


@pytest.mark.parametrize("line", [
    "libcudnn_ops_infer.so.8 found in /usr/lib/x86_64-linux-gnu",
    "Missing dependency: cudnn (optional)",
    "nothing is missing: libcudnn.so.9 -> libcudnn.so.9.1.0",
])
def test_a_cudnn_library_that_is_there_is_not_missing(line):
    assert "cudnn-library-missing-in-words" not in signal_ids(line + "\n")


def test_a_retold_cudnn_report_of_the_dev_split_is_cudnn():
    assert report_categories("3475-whisperx-1158-ctranslate2-440-cudnn8-torch-cudnn9.txt")[:1] == ["cudnn_problem"]


# ---- vLLM's KV cache smaller than the context ---------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "ValueError: The model's max seq len (32768) is larger than the maximum number of tokens that can be stored in KV "
    "cache (15248). Try increasing `gpu_memory_utilization` or decreasing `max_model_len`",
    "valueerror: the model's max seq len (8192) is larger than the maximum number of tokens that can be stored in kv cache",
])
def test_a_kv_cache_smaller_than_the_context_is_gpu_memory(line):
    assert signal_categories(line + "\n")[:1] == ["gpu_oom"]


def test_a_kv_cache_size_line_alone_is_not_a_shortage():
    assert "vllm-kv-cache-smaller-than-context" not in signal_ids("INFO: # GPU blocks: 229, stored in KV cache: 3664 tokens\n")


def test_a_kv_cache_report_of_the_dev_split_is_gpu_memory():
    assert report_categories("3477-vllm-2418-max-seq-len-larger-than-kv-cache.txt")[:1] == ["gpu_oom"]
