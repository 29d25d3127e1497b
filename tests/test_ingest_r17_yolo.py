"""YOLO environments, seventeenth round: a dataset scan that rejects labels as corrupt (coordinates not normalised,
negative values, the corrupt count of the scan line), YOLOv5 weights that do not fit the model yaml (weights and
code of different releases), and an exporter that traces a multi-input model with one input. Small pastes written
here, with ones each must not fire on, through the same pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids


def ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


# ---- a dataset's labels rejected as corrupt ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # YOLOv3/v5's assertion
    "    assert (l[:, 1:] <= 1).all(), 'non-normalized or out of bounds coordinate labels: %s' % file\n"
    "AssertionError: non-normalized or out of bounds coordinate labels: data/labels/img_0007.txt",
    # the skip warning of YOLOv5 and Ultralytics
    "train: WARNING ⚠️ /data/images/train/9_864.jpg: ignoring corrupt image/label: non-normalized or out of bounds "
    "coordinates [1.067383 1.12625]",
    "train: WARNING: ../datasets/coco128/images/train2017/000000000089.jpg: ignoring corrupt image/label: negative "
    "label values [  -0.042141]",
    # the 2021 YOLOv5 wording and the scan lines that count the rejected files
    "train: WARNING: Ignoring corrupted image and/or label voc/images/9556041603720_camera3-8.jpg: corrupted JPEG",
    "train: Scanning 'E:\\data\\train' images and labels...4300 found, 0 missing, 0 empty, 1408 corrupted: 100%",
    "train: Scanning /data/labels/train... 128 images, 2 backgrounds, 3 corrupt: 100%|##########| 128/128",
])
def test_labels_rejected_as_corrupt_are_the_dataset(text):
    assert "yolo-dataset-corrupt-labels" in signal_ids(text)
    assert check_categories(text)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    # a clean scan counts 0 corrupt
    "train: Scanning 'E:\\data\\train' images and labels...4300 found, 0 missing, 0 empty, 0 corrupted: 100%",
    "val: Scanning /data/labels/val.cache... 500 images, 0 backgrounds, 0 corrupt: 100%|##########| 500/500",
    # corrupt things that are no dataset image
    "ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE. The download may be corrupt.",
    "RuntimeError: PytorchStreamReader failed reading zip archive: the weights file is corrupted",
    "pip's cache is corrupted, so I removed ~/.cache/pip and tried again",
])
def test_other_corrupt_words_are_not_the_dataset_scan(text):
    assert "yolo-dataset-corrupt-labels" not in signal_ids(text)


def test_a_label_class_beyond_nc_keeps_its_own_entry():
    text = ("train: WARNING ⚠️ /data/images/a.jpg: ignoring corrupt image/label: Label class 15 exceeds dataset class "
            "count 1. Possible class labels are 0-0")
    assert ids(text)[:1] == ["yolo-label-class-exceeds-nc"]


@pytest.mark.parametrize("name", [
    "12500-yolov5-3656-labels-non-normalized-corrupted.txt",
    "12501-yolov5-4798-ignoring-corrupted-image-labels.txt",
    "12503-yolov3-569-assert-non-normalized-labels.txt",
])
def test_dev_reports_of_corrupt_labels(name):
    assert report_categories(name)[:1] == ["other"]


# ---- YOLOv5 weights that do not fit the model yaml ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "KeyError: \"weights/yolov5s.pt is not compatible with ./models/yolov5s.yaml. Specify --weights '' or specify a "
    "--cfg compatible with weights/yolov5s.pt.\"",
    "KeyError: \"weights/yolov5x.pt is not compatible with yolov5x.yaml. This may be due to model differences or "
    "weights/yolov5x.pt may be out of date. Please delete or update weights/yolov5x.pt and try again\"",
    "    if model.state_dict()[k].shape == v.shape}  # to FP32, filter\nKeyError: 'model.18.conv.weight'",
    "    {k: v for k, v in ckpt['model'].state_dict().items() if model.state_dict()[k].numel() == v.numel()}\n"
    "KeyError: 'model.2.cv2.weight",
])
def test_weights_of_another_yolov5_release(text):
    assert "yolov5-weights-not-compatible-with-cfg" in signal_ids(text)
    assert check_categories(text)[:1] == ["ultralytics_outdated"]


@pytest.mark.parametrize("text", [
    # other "not compatible" messages: the GPU, the Python range
    "NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the current PyTorch installation.",
    "The current project's supported Python range (>=3.12) is not compatible with some of the required packages",
    # other KeyErrors: a dataset yaml given as the model, a backbone key of another project, a checkpoint key
    "KeyError: 'backbone'",
    "KeyError: 'backbone.dark2.1.m.1.cv1.conv.weight'",
    "    csd = ckpt['model'].float().state_dict()\nKeyError: 'model'",
])
def test_other_incompatibilities_are_not_the_yolov5_weights(text):
    assert "yolov5-weights-not-compatible-with-cfg" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "12510-yolov5-567-keyerror-model18-pretrained-weights.txt",
    "12511-yolov5-222-weights-not-compatible-with-yaml.txt",
])
def test_dev_reports_of_yolov5_weights(name):
    assert report_categories(name)[:1] == ["ultralytics_outdated"]


# ---- an exporter short of the model's inputs ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ONNX: starting export with onnx 1.16.0 opset 17...\n"
    "ONNX: export failure  0.0s: forward() missing 1 required positional argument: 'x2'",
    "TorchScript: export failure ❌ 0.1s: forward() missing 2 required positional arguments: 'ir' and 'depth'",
])
def test_an_export_short_of_inputs_is_the_model(text):
    assert "export-forward-missing-input" in signal_ids(text)
    assert check_categories(text)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    # the same TypeError outside an export: the user's own call
    "TypeError: forward() missing 1 required positional argument: 'x'",
    # an export failure of another kind
    "ONNX: export failure  0.1s: Unsupported ONNX opset version: 17",
    "TypeError: __init__() missing 1 required positional argument: 'cfg'",
])
def test_other_missing_arguments_are_not_the_export(text):
    assert "export-forward-missing-input" not in signal_ids(text)


def test_dev_report_of_an_export_short_of_inputs():
    assert report_categories("12515-deyolo-24-onnx-export-forward-missing-x2.txt")[:1] == ["other"]
