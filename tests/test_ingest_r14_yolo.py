"""YOLO environments, fourteenth round: TensorRT refusing the GPU's architecture ("Unsupported SM"), the report saying
in words that the torch stops at sm_90 while the card is sm_120, a Cython module built against a newer NumPy (the
ufunc size check), and torch.hub's stale YOLOv5 cache without the 'custom' entry. Small pastes written here, with ones
each must not fire on, through the same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, report_categories, signal_ids


# ---- TensorRT without kernels for the GPU's architecture -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "INTERNAL_ERROR: Assertion failed: Unsupported SM.\n../rtSafe/cuda/caskUtils.cpp:80\nAborting...",
    "ERROR: ../rtSafe/cuda/caskUtils.cpp (80) - Assertion Error in trtSmToCask: 0 (Unsupported SM.)",
    "[04/25/2024-15:52:54] [TRT] [E] 1: [caskUtils.cpp::nvinfer1::rt::task::trtSmToCask::193] Error Code 1: "
    "Internal Error (Unsupported SM: 0x601)",
    "Internal Error(Unsupported SM: 0x809, Assertion engine != nullptr failed.), TensorRT 8.4 support RTX 4080?",
    # retold in words, in Chinese
    "TensorRT版本为7.2.1, 序列化模型时出现 unsupported SM 错误。在2080TI上没问题",
    # TensorRT 7.2's NVRTC path
    "[E] [TRT] C:/source/rtExt\\helpers.h (523) - Assertion Error in nvinfer1::fixSMVerForNVRTC: 0 "
    "((smVersion < SM_VERSION_A100) && \"SM version not supported in this NVRTC version\")",
])
def test_tensorrt_unsupported_sm_is_the_gpu_architecture(text):
    assert "tensorrt-unsupported-sm" in signal_ids(text)
    assert check_categories(text)[:2] == ["gpu_arch_unsupported", "tensorrt_problem"]


@pytest.mark.parametrize("text", [
    # an engine built on another device is its own message
    "[TensorRT] ERROR: 6: The engine plan file is generated on an incompatible device, expecting compute 7.2 got "
    "compute 5.3, please rebuild.",
    # other words after "unsupported"
    "ValueError: unsupported smoothing method 'gaussian'",
    "warning: unsupported sms gateway configured",
    "RuntimeError: Unsupported sm_120 in this build",
])
def test_other_messages_are_not_tensorrt_unsupported_sm(text):
    assert "tensorrt-unsupported-sm" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "9508-tensorrt-2332-unsupported-sm-a6000-trt7.txt",
    "9509-tensorrt-2727-unsupported-sm-0x809-rtx4080.txt",
    "9512-tensorrtx-353-yolov5-rtx3080-unsupported-sm-zh.txt",
])
def test_reports_of_tensorrt_unsupported_sm(name):
    assert report_categories(name)[:1] == ["gpu_arch_unsupported"]


# ---- sm_120 against a torch that stops at sm_90, in words ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "官方文档给的环境是 pytorch=2.0.1，最高只支持到 sm_90 架构，而50系显卡是 sm_120 架构，运行时识别不到显卡。",
    "the pinned torch only supports up to sm_90 but my RTX 5080 is sm_120",
    "My card is SM120 and this torch supports sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_90 only",
])
def test_sm_120_against_a_torch_up_to_sm_90_in_words_is_the_architecture(text):
    assert "gpu-arch-newer-than-build-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["gpu_arch_unsupported"]


@pytest.mark.parametrize("text", [
    # sm_120 alone, or a list with no word of support
    "TORCH_CUDA_ARCH_LIST=\"8.6;9.0;12.0\" builds sm_120 too",
    "nvcc -gencode arch=compute_90,code=sm_90 -gencode arch=compute_120,code=sm_120 kernel.cu",
    # a newer number than sm_120
    "supports sm_90 and sm_1200 (not a real architecture)",
])
def test_sm_120_without_a_support_comparison_is_not_read(text):
    assert "gpu-arch-newer-than-build-in-words" not in signal_ids(text)



# ---- a module built against a newer NumPy ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ValueError: numpy.ufunc size changed, may indicate binary incompatibility. Expected 216 from C header, got 192 "
    "from PyObject",
    "  File \"__init__.pxd\", line 918, in init darkflow.cython_utils.cy_yolo_findboxes\nImportError: numpy.ufunc "
    "size changed, may indicate binary incompatibility. Expected 216 from C header, got 192 from PyObject",
])
def test_numpy_ufunc_size_error_is_numpy_abi(text):
    assert "numpy-ufunc-size-changed" in signal_ids(text)
    assert check_categories(text)[:1] == ["numpy_abi"]


@pytest.mark.parametrize("text", [
    # the harmless warning of a module built against an older NumPy
    "RuntimeWarning: numpy.ufunc size changed, may indicate binary incompatibility. Expected 192 from C header, got "
    "216 from PyObject",
    "return f(*args, **kwds)\n/usr/lib/python3/importlib/_bootstrap.py:219: RuntimeWarning: numpy.ufunc size "
    "changed, may indicate binary incompatibility",
])
def test_the_numpy_ufunc_size_warning_is_not_read(text):
    assert "numpy-ufunc-size-changed" not in signal_ids(text)


def test_report_of_numpy_ufunc_size():
    assert report_categories("9522-yolo-series-37-darkflow-numpy-ufunc-size-changed.txt")[:1] == ["numpy_abi"]


# ---- torch.hub's stale YOLOv5 ----------------------------------------------------------------------------------------

def test_hub_without_custom_is_an_old_yolov5_cache():
    text = ("model = torch.hub.load('ultralytics/yolov5', 'custom', path_or_model='best.pt')\n"
            "RuntimeError: Cannot find callable custom in hubconf")
    assert "yolov5-hub-cache-without-custom" in signal_ids(text)
    assert check_categories(text)[:1] == ["ultralytics_outdated"]
    assert report_categories("9533-yolov5-1787-hub-cannot-find-callable-custom.txt")[:1] == ["ultralytics_outdated"]


@pytest.mark.parametrize("text", [
    "RuntimeError: Cannot find callable resnet5O in hubconf",
    "RuntimeError: Cannot find callable custom_yolov5s in hubconf",
])
def test_other_missing_hub_entries_are_not_an_old_yolov5(text):
    assert "yolov5-hub-cache-without-custom" not in signal_ids(text)


# ---- an engine from another GPU, and the plan header retold -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "WARNING: Using an engine plan file across different models of devices is not recommended and is likely to "
    "affect performance or even cause errors.",
    "[2023-09-21 04:18:00][warn][trt_builder.cpp:33]:NVInfer: Using an engine plan file across different models of "
    "devices is not recommended and is likely to affect performance or even cause errors.",
])
def test_an_engine_from_another_gpu_is_tensorrt(text):
    assert "tensorrt-engine-from-another-device" in signal_ids(text)
    assert check_categories(text)[:1] == ["tensorrt_problem"]


def test_an_error_beside_the_other_device_warning_ranks_first():
    """The warning is a symptom: the run may go on; an error the paste shows is what stopped it."""
    text = ("WARNING: Using an engine plan file across different models of devices is not recommended and is likely "
            "to affect performance or even cause errors.\n"
            "AttributeError: module 'numpy' has no attribute 'bool'.")
    assert check_categories(text)[:1] == ["numpy_abi"]


def test_the_plan_header_assertion_named_in_words_is_not_a_plan():
    text = "The engines fail to deserialize on TRT 10.3 with plan->header.magicTag serialization errors."
    assert "tensorrt-file-not-a-plan" in signal_ids(text)
    assert "tensorrt-file-not-a-plan" not in signal_ids("the header of the plan has a magic tag")
    assert report_categories("9530-learnjetson-10-stale-engines-newer-trt-jetpack62.txt")[:1] == ["tensorrt_problem"]
    assert report_categories("9528-tensorrt-2900-engine-linux-3080ti-windows-3050ti.txt")[:1] == ["tensorrt_problem"]
