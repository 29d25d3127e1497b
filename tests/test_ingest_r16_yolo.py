"""YOLO environments, sixteenth round: training losses that turn NaN in half precision (on the GTX 16 and Quadro T
GPUs of compat/ultralytics.toml [[amp_unreliable]], or wherever AMP/FP16 is on), the early YOLOv3 wording of a label
class beyond nc, a dataset yaml handed to YOLO() as the model, TensorRT's builder failing inside, and an engine's
TensorRT version said in words to differ. Small pastes written here, with ones each must not fire on, through the same
pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids

from yolodoctor.ingest.fp16_nan_losses import nan_loss_line, unreliable_gpu


# ---- NaN losses in half precision ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # the training table of a GTX 1650
    "Ultralytics 8.3.30 Python-3.10.9 torch-2.4.1+cu121 CUDA:0 (NVIDIA GeForce GTX 1650, 3912MiB)\n"
    "      Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size\n"
    "        1/100     1.21G        nan        nan        nan         23        640: 100%|##########| 8/8\n",
    # in words, the GPU written without a space
    "When I train on my GTX1650 every loss is nan and mAP is 0.",
    # a Quadro T card
    "Training a segment model on an NVIDIA Quadro T1000: the box losses are NaN, only seg_loss is computed.",
    # no listed GPU, but AMP named
    "AMP: checks passed\nAll losses are NaN after the first epoch and the metrics are zero.",
    "The validation used half precision and all outputs came out NaN, so the mAP is 0.01.",
])
def test_nan_losses_in_half_precision_are_the_gpus_fp16(text):
    findings = check_findings(text)
    assert findings and findings[0]["id"] == "fp16-nan-losses"
    assert check_categories(text)[:1] == ["other"]


def test_a_listed_gpu_is_named_in_the_finding():
    text = "GPU: NVIDIA GeForce GTX 1660 SUPER, 6144MiB\nI get NaN in all results when training on the GPU."
    finding = check_findings(text)[0]
    assert finding["id"] == "fp16-nan-losses" and "GTX 1660" in finding["message"]
    assert unreliable_gpu(text) == ("GTX 1660", "GeForce GTX 16 series")


@pytest.mark.parametrize("text", [
    # NaN losses with neither half precision nor a listed GPU: an exploding loss has other causes
    "Training on the RTX 3090: after 30 epochs the loss is nan.",
    # NaN that is no loss: numpy's names, float('nan'), words containing nan
    "AttributeError: `np.NaN` was removed in the NumPy 2.0 release. Use `np.nan` instead. (GTX 1650, amp=True)",
    "x = float('nan')  # placeholder for the box values, GTX 1650 with AMP",
    "The nanoseconds counter of the GTX 1650 box shows the loss values; AMP is on.",
    # a listed GPU and AMP, but nothing is NaN
    "NVIDIA GeForce GTX 1650 with AMP: box_loss 1.23 cls_loss 0.88, training works.",
    # Ultralytics' advice printed when its AMP check is skipped: no loss is NaN
    "AMP: checks skipped \u26a0\ufe0f, offline and unable to download YOLOv8n. Setting 'amp=True'. If you experience "
    "zero-mAP or NaN losses you can disable AMP with amp=False.",
])
def test_no_nan_loss_in_half_precision_is_not_the_finding(text):
    assert "fp16-nan-losses" not in [f["id"] for f in check_findings(text)]


def test_nan_loss_line_is_found_and_word_parts_are_not():
    assert nan_loss_line("epoch 1\nloss: nan\n") == 2
    assert nan_loss_line("Nanjing loss values") is None
    assert nan_loss_line("np.nan in the loss") is None


def test_a_gpu_error_beside_nan_losses_stays_first():
    text = ("GTX 1650, amp=True, the loss is nan\n"
            "RuntimeError: CUDA error: no kernel image is available for execution on the device")
    assert "fp16-nan-losses" not in [f["id"] for f in check_findings(text)]


@pytest.mark.parametrize("name", [
    "11502-ultralytics-5294-gtx1660super-nan-amp-checks-passed.txt",
    "11503-yolov10-477-gtx1660ti-amp-nan-losses.txt",
    "11504-ultralytics-1655-gtx1650-custom-dataset-nan-map0.txt",
    "11505-yolov5-12528-val-half-precision-nan-map.txt",
])
def test_dev_reports_of_nan_losses_in_half_precision(name):
    assert report_categories(name)[:1] == ["other"]


# ---- a label class beyond nc, the early YOLOv3 wording ---------------------------------------------------------------

def test_early_yolov3_label_class_wording_is_the_dataset():
    text = "AssertionError: Model accepts 80 classes labeled from 0 - 79, however you labeled a class 85"
    assert "yolo-label-class-exceeds-nc" in signal_ids(text)
    assert check_categories(text)[:1] == ["other"]
    assert report_categories("11507-yolov3-1127-coco-label-class-85-exceeds-80.txt")[:1] == ["other"]


def test_a_model_that_accepts_the_class_is_not_the_label_error():
    assert "yolo-label-class-exceeds-nc" not in signal_ids("The model accepts 80 classes labeled from 0 to 79.")


# ---- a dataset yaml handed to YOLO() as the model --------------------------------------------------------------------

def test_keyerror_backbone_is_the_dataset_yaml_as_model():
    text = ('  File "ultralytics/nn/tasks.py", line 1014, in parse_model\n'
            '    for i, (f, n, m, args) in enumerate(d["backbone"] + d["head"]):\n'
            "KeyError: 'backbone'")
    assert "ultralytics-dataset-yaml-as-model" in signal_ids(text)
    assert check_categories(text)[:1] == ["other"]
    assert report_categories("11508-labelme2yolo-76-keyerror-backbone-dataset-yaml-as-model.txt")[:1] == ["other"]


@pytest.mark.parametrize("text", ["KeyError: 'backbone_weights'", "KeyError: 'A2C2f'"])
def test_other_keyerrors_are_not_the_dataset_yaml(text):
    assert "ultralytics-dataset-yaml-as-model" not in signal_ids(text)


# ---- TensorRT's builder failing inside --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "[TRT] [E] [checkSanity.cpp::checkLinks::218] Error Code 2: Internal Error (Assertion item.second != nullptr "
    "failed. region should have been removed from Graph::regions)",
    "[03/09/2026-10:12:01] [TRT] [E] 2: [optimizer.cpp::computeCosts::3728] Error Code 2: Internal Error "
    "(Impossible to reformat.)",
])
def test_builder_internal_error_is_tensorrt(text):
    assert "tensorrt-builder-internal-error" in signal_ids(text)
    assert check_categories(text)[:1] == ["tensorrt_problem"]


def test_builder_internal_error_dev_report():
    assert report_categories("11515-ultralytics-23841-yolo26n-int8-jetson-checklinks.txt")[:1] == ["tensorrt_problem"]


@pytest.mark.parametrize("text", [
    "Internal Error: the server could not complete the request",
    "[TRT] [W] Error Code 2 was reported earlier, retrying",
])
def test_other_internal_errors_are_not_the_builder(text):
    assert "tensorrt-builder-internal-error" not in signal_ids(text)


# ---- an engine's TensorRT version said in words to differ -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Mismatch between YOLO's exported engine version and local TensorRT version",
    "ERROR: TensorRT model exported with a different version than 10.11.0.33",
    "I think the engine was built with a different TensorRT version than the one on the Jetson.",
])
def test_engine_version_in_words_is_tensorrt(text):
    assert "tensorrt-engine-version-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["tensorrt_problem"]


def test_engine_version_in_words_dev_report():
    assert report_categories("11511-ultralytics-20427-engine-tensorrt-version-mismatch-export.txt")[:1] == [
        "tensorrt_problem"]


@pytest.mark.parametrize("text", [
    "CUDA version mismatch between the driver and the runtime",
    "the onnx file was exported with a different opset version",
])
def test_other_version_mismatches_are_not_the_engine(text):
    assert "tensorrt-engine-version-in-words" not in signal_ids(text)
