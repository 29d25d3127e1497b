"""Failures met by users of projects around PyTorch (DeepSpeed, onnxruntime-gpu, OpenMMLab): the mechanisms added
from the seventh round's mixed-project reports (tests/fixtures/reports 2034-2099). Each is checked on small
pastes written here, retyped (lower case, other spacing, the tail cut off), on look-alikes it must not fire on,
and on a report of the dev split, through the same pipeline as `check --from`.
"""

import pytest

from yolodoctor.ingest import ingest_text
from pasted import (pasted_facts as facts, report_categories as report_ranked, signal_categories as ranked,
                    signal_ids as ids)


# ---- DeepSpeed's op builder: the toolkit's CUDA differs from torch's ---------------------------------------

@pytest.mark.parametrize("line", [
    "deepspeed.ops.op_builder.builder.CUDAMismatchException: >- DeepSpeed Op Builder: Installed CUDA version 12.2 "
    "does not match the version torch was compiled with 11.7, unable to compile cuda/cpp extensions without a "
    "matching cuda version.",
    "Exception: Installed CUDA version 9.2 does not match the version torch was compiled with 11.3, unable to compile",
    "installed cuda version 12.1 does not match the version torch was  compiled with 11.8",
    "Installed CUDA version 12.0 does not match the version torch was compiled with",
])
def test_deepspeeds_cuda_mismatch_in_every_wording_is_the_toolkit(line):
    assert ranked("pip install deepspeed\n" + line + "\n")[:1] == ["cuda_home_nvcc"]


def test_deepspeeds_mismatch_states_the_two_cuda_versions():
    f = facts("Installed CUDA version 12.2 does not match the version torch was compiled with 11.7, unable\n")
    assert (f.cuda.nvcc_version, f.torch.cuda) == ("12.2", "11.7")


@pytest.mark.parametrize("text", [
    "The installed version does not match the version pinned in requirements.txt\n",
    "[WARNING] DeepSpeed Op Builder: using untested triton version (1.1.1), only 1.0.0 is known to be compatible\n",
])
def test_other_version_mismatches_are_not_the_toolkit(text):
    assert "cuda_home_nvcc" not in ranked(text)


def test_a_deepspeed_report_of_the_dev_split_names_the_toolkit():
    assert report_ranked("2037-mgm-91-deepspeed-cuda122-torch-cu117.txt")[:1] == ["cuda_home_nvcc"]


# ---- glibc: a symbol's version is missing from the CUDA library copy that was loaded ----------------------

@pytest.mark.parametrize("line", [
    "OSError: /env/lib/python3.7/lib-dynload/../../libcublas.so.11: symbol free_gemm_select version "
    "libcublasLt.so.11 not defined in file libcublasLt.so.11 with link time reference",
    "OSError: .../nvidia/cublas/lib/libcublas.so.11: symbol cublasLtHSHMatmulAlgoInit version libcublasLt.so.11 "
    "not defined in file libcublasLt.so.11 with link time reference",
    "oserror: libcublas.so.11: symbol  cublasLtGetStatusString  version libcublasLt.so.11 not defined in file",
])
def test_a_cublas_symbol_version_missing_is_two_cuda_library_copies(line):
    assert ranked("import torch\n" + line + "\n")[:1] == ["cuda_lib_missing"]


def test_the_cudnn_wording_stays_a_cudnn_problem():
    text = "version libcudnn_ops_infer.so.8 not defined in file libcudnn_ops_infer.so.8 with link time reference\n"
    assert ranked(text)[:1] == ["cudnn_problem"]


def test_the_symbol_version_wording_of_an_unrelated_library_is_not_cuda():
    text = "symbol lzma_stream_encoder_mt version XZ_5.1.2alpha not defined in file liblzma.so.5\n"
    assert "cuda_lib_missing" not in ranked(text)


def test_an_onnxruntime_report_of_the_dev_split_names_the_cuda_library():
    assert report_ranked("2052-onnxruntime-8594-libcublas-symbol-libcublaslt11.txt")[:1] == ["cuda_lib_missing"]


# ---- OpenMMLab's import-time version gate ------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "AssertionError: MMCV==2.2.0 is used but incompatible. Please install mmcv>=2.0.0rc4, <2.2.0.",
    "AssertionError: MMCV==1.3.9 is used but incompatible. Please install mmcv>=(1, 3, 13, 0, 0, 0), <(1, 7, 0, 0).",
    "AssertionError: MMEngine==0.10.4 is used but incompatible. Please install mmengine>=0.7.1, <1.0.0.",
    "assertionerror: mmcv==2.1.0 is used  but incompatible. please install mmcv>=2.0.0rc4, <2.1.0",
    "AssertionError: MMCV==2.0.0rc4 is used but incompatible",
])
def test_the_openmmlab_version_gate_is_a_package_version_problem(line):
    assert ranked("from mmdet.apis import init_detector\n" + line + "\n")[:1] == ["other"]


@pytest.mark.parametrize("text", [
    "mmcv==2.1.0\nmmdet==3.3.0\nmmengine==0.10.4\n",
    "ERROR: pip's dependency resolver: mmcv 2.1.0 is installed but mmcv<2.1.0 is required by mmdet\n",
])
def test_openmmlab_versions_without_the_gate_are_not_the_gate(text):
    document = ingest_text(text)
    assert "openmmlab-version-gate" not in [s.id for s in document.signals]


def test_an_openmmlab_report_of_the_dev_split_names_the_version_gate():
    assert report_ranked("2053-mmpose-2325-mmcv-full-171-for-mmpose-1.txt")[:1] == ["other"]


# ---- an extension whose CUDA kernels were never compiled --------------------------------------------------

@pytest.mark.parametrize("line", [
    "RuntimeError: Not compiled with GPU support (ROIAlign_forward at /d2/detectron2/layers/csrc/ROIAlign/ROIAlign.h:73)",
    "RuntimeError: Detectron2 is not compiled with GPU support!",
    "runtimeerror: not compiled with gpu support",
    "RuntimeError: Not compiled  with GPU support (nms at /maskrcnn_benchmark/csrc/nms.h:22)",
])
def test_an_extension_without_its_cuda_kernels_is_a_build_without_cuda(line):
    assert ranked("python demo/demo.py --config-file configs/mask_rcnn_R_50_FPN_3x.yaml\n" + line + "\n")[:1] == [
        "cuda_home_nvcc"]


@pytest.mark.parametrize("text", [
    "AssertionError: Torch not compiled with CUDA enabled\n",
    "WARNING[XFORMERS]: xFormers wasn't build with CUDA support\n",
    "The model was compiled with TensorRT support for GPU inference.\n",
])
def test_other_not_compiled_messages_are_not_the_extension_build(text):
    assert ingest_text(text).signals == [] or "extension-built-without-cuda" not in [
        s.id for s in ingest_text(text).signals]


def test_a_detectron2_report_of_the_dev_split_names_the_build():
    assert report_ranked("2056-hpanwar08-detectron2-32-finetune-not-compiled-gpu.txt")[:1] == ["cuda_home_nvcc"]


# ---- onnx's compiled module on Windows ----------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "ImportError: DLL load failed while importing onnx_cpp2py_export: A dynamic link library (DLL) initialization "
    "routine failed.",
    "ImportError: DLL load failed while importing onnx_cpp2py_export: 动态链接库(DLL)初始化例程失败。",
    "ONNX: export failure ❌ 6.2s: DLL load failed while importing onnx_cpp2py_export:",
    "importerror: dll load failed while  importing onnx_cpp2py_export",
])
def test_onnx_failing_to_load_on_windows_is_named_as_onnx(line):
    found = ids("yolo export model=yolo11n.pt format=onnx\n" + line + "\n")
    assert "onnx-windows-dll" in found
    assert "windows-dll-init-failed" not in found  # the torch-specific reading of the same line is superseded
    assert ranked(line + "\n")[:1] == ["other"]


def test_torchs_own_dll_failure_keeps_its_entry():
    text = ('OSError: [WinError 1114] A dynamic link library (DLL) initialization routine failed. Error loading '
            '"C:\\venv\\lib\\site-packages\\torch\\lib\\c10.dll" or one of its dependencies.\n')
    found = ids(text)
    assert "windows-dll-init-failed" in found and "onnx-windows-dll" not in found


def test_onnx_imported_fine_is_not_the_failure():
    assert "onnx-windows-dll" not in ids("from onnx.onnx_cpp2py_export import ONNX_ML\nONNX: export success ✅\n")


def test_an_onnx_report_of_the_dev_split_names_onnx():
    assert report_ranked("2061-sd-webui-16402-onnx-1162-insightface-dll.txt")[:1] == ["other"]


# ---- a Python too new for a package's releases, said in words ---------------------------------------------

@pytest.mark.parametrize("line", [
    "Is there any timeline for when python 3.11 will be supported?",
    "super-gradients v3.7.1 is not compatible with py3.11 and install fails",
    "Python 3.12 is not supported yet",
    "this release does not support Python 3.13",
    "python 3.11 isn't supported",
])
def test_a_python_version_said_to_be_unsupported_is_the_python(line):
    assert "python-version-unsupported-in-words" in ids(line + "\n")
    assert ranked("pip install some-package\n" + line + "\n")[:1] == ["python_unsupported"]


@pytest.mark.parametrize("text", [
    "Supports Python 3.8+ on Linux, Windows and macOS\n",
    "Python 3.10 is supported and tested in CI\n",
    "CUDA 11.0 is not supported any more by this release\n",
    "RuntimeError: Not compiled with GPU support\n",
])
def test_statements_of_support_are_not_the_python(text):
    assert "python-version-unsupported-in-words" not in ids(text)


def test_a_super_gradients_report_of_the_dev_split_names_the_python():
    assert report_ranked("2070-super-gradients-1953-py311-numpy-pin-conflict.txt")[:1] == ["python_unsupported"]


# ---- retyped and cut-off wordings of messages the table already knew --------------------------------------

ORT_LINE = ("FAIL : Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.11: cannot open "
            "shared object file: No such file or directory")
ORT_CUDNN = ("FAIL : Failed to load library libonnxruntime_providers_cuda.so with error: libcudnn_adv.so.9: cannot open "
             "shared object file: No such file or directory")
TRT_LINE = ("ERROR: [TRT]: IRuntime::deserializeCudaEngine: Error Code 1: Serialization (Serialization assertion "
            "stdVersionRead == kSERIALIZATION_VERSION failed.Version tag does not match. Note: Current Version: 239, "
            "Serialized Engine Version: 237)")
NUMPY_LINE = "A module that was compiled using NumPy 1.x cannot be run in NumPy 2.0.1 as it may crash."
HF_LINE = ("huggingface_hub.utils._errors.LocalEntryNotFoundError: Connection error, and we cannot find the requested "
           "files in the disk cache. Please try again or make sure your Internet connection is on.")


def variants(line):
    return {"as printed": line, "lower case": line.lower(), "cut short": line[:len(line) * 2 // 3]}


@pytest.mark.parametrize("line,category", [
    (ORT_LINE, "cuda_lib_missing"), (ORT_CUDNN, "cudnn_problem"), (TRT_LINE, "tensorrt_problem"),
    (NUMPY_LINE, "numpy_abi"), (HF_LINE, "network_download"),
])
def test_retyped_and_cut_wordings_keep_their_category(line, category):
    for how, text in variants(line).items():
        assert ranked(text + "\n")[:1] == [category], how


def test_trt_version_check_with_extra_spaces_is_the_engine_version():
    assert ranked("Serialization assertion safeVersionRead  ==  safeSerializationVersion failed.\n")[:1] == [
        "tensorrt_problem"]


@pytest.mark.parametrize("text", [
    "Loaded library libonnxruntime_providers_cuda.so\n",  # the provider loaded: nothing failed
    "onnxruntime.get_available_providers()\n['CUDAExecutionProvider', 'CPUExecutionProvider']\n",
    "A module that was compiled using NumPy 2.0 runs fine under NumPy 2.1\n",
])
def test_look_alikes_of_the_widened_entries_do_not_fire(text):
    assert not {"onnxruntime-cuda-provider-lib", "onnxruntime-cuda-provider-cudnn", "numpy2-abi"} & set(ids(text))


# ---- roboflow supervision called with another release's API -----------------------------------------------

@pytest.mark.parametrize("text", [
    "AttributeError: type object 'Detections' has no attribute 'from_yolov8'\n",
    "attributeerror: type object 'detections' has no attribute 'from_mmdet'\n",
    "AttributeError: module 'supervision' has no attribute 'ColorLookup'\n",
    ("AttributeError                            Traceback (most recent call last)\n"
     "<ipython-input-50-c50b6c871570> in <cell line: 8>()\n"
     "      7 result = model(IMAGE)[0]\n"
     "----> 8 detections = sv.Detections.from_ultralytics(result)\n"),
])
def test_supervision_called_with_another_releases_api_is_a_package_version(text):
    assert "supervision-api-other-release" in ids(text)
    assert ranked(text)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    "detections = sv.Detections.from_ultralytics(result)\nprint(len(detections))\n",  # no error at all
    "AttributeError: 'Results' object has no attribute 'obb'. See valid attributes below.\n",  # ultralytics' side
    "AttributeError: type object 'Detections' has no attribute 'xyxy'\n",
])
def test_supervision_look_alikes_are_not_the_release_mismatch(text):
    assert "supervision-api-other-release" not in ids(text)


def test_a_supervision_report_of_the_dev_split_names_the_release():
    assert report_ranked("2078-roboflow-notebooks-182-supervision-010-from-ultralytics.txt")[:1] == ["other"]
