"""Twentieth round: cuDNN finding no convolution algorithm it could run (memory first; the GPU's architecture where
the build is older than the GPU), and torch's own refusal of a GCC too old to compile an extension against its
headers. Small pastes written here, with ones each must not fire on, and dev reports of each."""

import pytest

from pasted import check_categories, report_categories, signal_ids

_NO_ALGORITHM = "RuntimeError: Unable to find a valid cuDNN algorithm to run convolution\n"


@pytest.mark.parametrize("text", [
    _NO_ALGORITHM,
    "Training YOLOv5 at batch 64\n" + _NO_ALGORITHM,
    " Error: cuDNN isn't found FWD algo for convolution.\n",
])
def test_no_cudnn_algorithm_is_memory_first(text):
    categories = check_categories(text)
    assert categories[0] == "gpu_oom"
    assert "gpu_arch_unsupported" in categories[1:]


def test_no_cudnn_algorithm_on_a_gpu_newer_than_the_build_is_the_architecture():
    text = "GPU: NVIDIA GeForce RTX 3090\ntorch 1.6.0+cu101\n" + _NO_ALGORITHM
    assert check_categories(text)[0] == "gpu_arch_unsupported"


def test_a_cudnn_status_error_is_not_this_signature():
    assert "cudnn-no-valid-algorithm" not in signal_ids("RuntimeError: cuDNN error: CUDNN_STATUS_NOT_INITIALIZED\n")


@pytest.mark.parametrize("text", [
    '/usr/include/c10/util/C++17.h:16:2: error: #error "You\'re trying to build PyTorch with a too old version of GCC. '
    'We need GCC 9 or later."\n',
    '#error "You\'re trying to build PyTorch with a too old version of GCC. We need GCC 5 or later"\n',
])
def test_torch_refusing_an_old_gcc_is_the_build(text):
    assert check_categories(text)[0] == "flash_attn_build"


def test_nvccs_refusal_of_a_new_gcc_is_not_this_signature():
    text = "#error -- unsupported GNU version! gcc versions later than 10 are not supported!\n"
    assert "torch-headers-gcc-too-old" not in signal_ids(text)


@pytest.mark.parametrize("name, category", [
    ("15006-marqo-101-rtx3090-cudnn-algorithm-processes-oom.txt", "gpu_oom"),
    ("15009-yolov5-11250-cudnn-algorithm-at-validation-epoch-30.txt", "gpu_oom"),
    ("15301-mmdetection-2663-torch15-gcc-too-old.txt", "flash_attn_build"),
])
def test_the_dev_reports(name, category):
    assert report_categories(name)[0] == category
