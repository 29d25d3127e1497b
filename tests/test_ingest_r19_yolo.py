"""YOLO environments, nineteenth round: half-precision inference said to detect nothing (the precision, not the
environment), and a reporter saying a change to the YOLO code broke it or that its earlier code works (a regression,
not the machine). Small pastes written here, with ones each must not fire on, through the same pipeline as
`check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, report_findings

from yolodoctor.ingest.half_precision_no_detections import half_precision_no_detections_line
from yolodoctor.ingest.yolo_regression_said import regression_sentence


def ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


# ---- half precision that detects nothing ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # TensorRT engines exported in FP16 and run without --half
    "Fp16 models return no detections\nI exported to TensorRT as fp32 and fp16. Every fp16 model returns no "
    "detections (0 detects), only fp32 works.",
    # detect.py's old FP16 default on a GPU that computes FP16 badly
    "half inference bug while using detect.py\nWhen using detect.py on a GPU that does not support fp16 operations, "
    "no results can be obtained; with fp16 off the results are correct.\n"
    "YOLOv5  v5.0-106-g683cefe torch 1.8.1+cu111 CUDA:0 (Quadro T1000, 4096.0MB)",
    # darknet's CUDNN_HALF
    "cudnn_half wrong detections\nCUDNN_HALF = 1 detection on version fb1ee79\nCUDA10.0, cuDNN 7.3\nRTX 2080",
    # a person's words with half=True
    "model.predict(source, half=True) detects nothing on my camera, without half it finds the people",
])
def test_half_precision_that_detects_nothing_is_the_precision(text):
    assert ids(text)[:1] == ["half-precision-no-detections"]
    assert check_categories(text)[:1] == ["other"]


def test_half_precision_no_detections_names_an_unreliable_gpu():
    text = ("detect.py with --half detects nothing, fp32 is fine.\n"
            "YOLOv5  v5.0-106-g683cefe torch 1.8.1+cu111 CUDA:0 (Quadro T1000, 4096.0MB)")
    finding = check_findings(text)[0]
    assert finding["id"] == "half-precision-no-detections"
    assert "T1000" in finding["message"]


@pytest.mark.parametrize("text", [
    # YOLO's own per-image line for an image without objects, even with half=True echoed
    "detect: weights=yolov5s.pt, half=True, dnn=False\n"
    "image 1/1 /data/images/empty.jpg: 640x480 (no detections), 12.0ms\nSpeed: 0.5ms pre-process",
    # the arguments echo says half=False: no half precision in use
    "engine/trainer: task=detect, mode=predict, half=False, amp=True\nThe model detects nothing on my images.",
    # Ultralytics' AMP advice line, no words about detections
    "AMP: checks skipped. If you experience zero-mAP or NaN losses you can disable AMP with amp=False.",
    # no detections, and half precision nowhere near
    "The model detects nothing after training for 3 epochs.\n" + "log line\n" * 60 + "fp16 export later worked.",
])
def test_no_detections_without_half_precision_said_is_not_the_precision(text):
    assert "half-precision-no-detections" not in ids(text)
    assert half_precision_no_detections_line(text) is None or "(no detections)" not in text


def test_a_cuda_error_outranks_half_precision_words():
    text = ("fp16 inference returns no detections\n"
            "RuntimeError: CUDA error: no kernel image is available for execution on the device")
    assert "half-precision-no-detections" not in ids(text)


# ---- a change to the YOLO code broke it; its earlier code works -----------------------------------------------------

@pytest.mark.parametrize("text", [
    "Recent commit causes new \"Attempting to deserialize object on a CUDA device\" exception\n"
    "RuntimeError: Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False.",
    "Going back to commit eb1217f3ac93fa906761216b16ae1b9435cbb850 works, the hub load is normal again.",
    "Training crashes on ultralytics 8.1.20. Going back to ultralytics==8.1.19 avoids the error.",
    "Since #7878 broke the deployment I get RuntimeError: CUDA error: an illegal memory access was encountered",
    "I reverted to the previous commit and it runs fine again.",
])
def test_a_change_to_the_yolo_code_that_broke_it_is_a_regression(text):
    assert ids(text)[:1] == ["yolo-regression-said"]
    assert check_categories(text)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    # a question
    "Can I go back to the previous version?",
    # advice and conditions
    "Try going back to ultralytics 8.0.176, that works for most people.",
    "If I revert to the previous commit it works, but I need the new export.",
    # another package's version: the environment's, not the YOLO code's
    "Downgrading torch to 2.3.1 fixed it.",
    "Going back to numpy 1.26.4 works.",
    # git's own lines name commits without anyone saying anything about them
    "commit 3f2a9c1d0e\nAuthor: someone\nDate: Mon\n\n    Revert \"update export\"",
    # going back, nothing said to work
    "I went back to ultralytics 8.0.100 and got the same error.",
])
def test_no_regression_without_the_reporter_finding_it(text):
    assert regression_sentence(text) is None


# ---- dev reports ------------------------------------------------------------------------------------------------------

def test_dev_report_fp16_tensorrt_engines_without_half():
    assert report_categories("14515-yolov5-6766-trt-fp16-engine-no-detections.txt")[:1] == ["other"]
    assert report_findings("14515-yolov5-6766-trt-fp16-engine-no-detections.txt")[0]["id"] == \
        "half-precision-no-detections"


def test_dev_report_cudnn_half_wrong_detections():
    assert report_findings("14518-darknet-2040-cudnn-half-wrong-detections.txt")[0]["id"] == \
        "half-precision-no-detections"


def test_dev_report_hub_regression_outranks_the_cpu_only_reading():
    findings = report_findings("14503-yolov5-8001-hub-cpu-deserialize-regression.txt")
    assert findings[0]["id"] == "yolo-regression-said"
    assert findings[0]["category"] == "other"
