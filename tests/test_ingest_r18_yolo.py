"""YOLO environments, eighteenth round: a training that fails indexing the class scores (a label's class id at or
beyond the model's class count), a YOLO training that finds no label files, and TensorRT 5-7's engine-size assertion
for an engine built by another TensorRT. Small pastes written here, with ones each must not fire on, through the same
pipeline as `check --from`, and dev reports of each.
"""

import pytest

from pasted import check_categories, check_findings, report_categories, signal_ids


def ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


# ---- a label's class id beyond the model's classes, read from the assigner's IndexError ---------------------------

ASSIGNER_TRACE = (
    "in get_box_metrics(self, pd_scores, pd_bboxes, gt_labels, gt_bboxes, mask_gt)\n"
    "--> 113 bbox_scores[mask_gt] = pd_scores[ind[0], :, ind[1]][mask_gt] # b, max_num_obj, hw\n"
    "IndexError: index 1 is out of bounds for dimension 1 with size 1\n")


@pytest.mark.parametrize("text", [
    # the assigner's line in the traceback
    ASSIGNER_TRACE,
    # a bare IndexError under a YOLO training script
    "from ultralytics import YOLO\nmodel = YOLO(\"yolov8n.pt\")  # load a pretrained model\n"
    "model.train(data=\"pf2-1/data.yaml\", epochs=250, imgsz=224)\n\n"
    "IndexError: index 2 is out of bounds for dimension 1 with size 2",
    # the yolo CLI
    "yolo detect train data=data.yaml model=yolo11n.pt epochs=50\n"
    "IndexError: index 3 is out of bounds for dimension 1 with size 3",
])
def test_class_index_beyond_the_model_classes_is_the_labels(text):
    assert ids(text)[:1] == ["yolo-class-index-out-of-bounds"]
    assert check_categories(text)[:1] == ["other"]


def test_class_index_outranks_cuda_unavailable_on_a_board_without_nvidia():
    # a Raspberry Pi's `yolo checks` says CUDA None: the IndexError is what failed
    text = ("OS                  Linux-6.1.0-rpi8-rpi-2712-aarch64-with-glibc2.36\nCPU                 Cortex-A76\n"
            "CUDA                None\n\nfrom ultralytics import YOLO\nmodel = YOLO(\"yolov8n.pt\")\n"
            "model.train(data=\"data.yaml\", epochs=5)\n"
            "IndexError: index 2 is out of bounds for dimension 1 with size 2\n")
    assert check_categories(text)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    # the same IndexError outside a YOLO training
    "    out = logits[:, labels]\nIndexError: index 5 is out of bounds for dimension 1 with size 5",
    # another dimension
    ASSIGNER_TRACE.replace("dimension 1", "dimension 0"),
    # a YOLO prediction, not training
    "model = YOLO('best.pt')\nresults = model.predict('bus.jpg')\n"
    "IndexError: index 3 is out of bounds for axis 2 with size 3",
    # the words without the error
    "pd_scores[ind[0], :, ind[1]] picks the class score of each box",
])
def test_other_index_errors_are_not_the_labels(text):
    assert "yolo-class-index-out-of-bounds" not in ids(text)


def test_class_index_yields_to_an_environment_error():
    text = ASSIGNER_TRACE + "ImportError: libGL.so.1: cannot open shared object file: No such file or directory\n"
    assert "yolo-class-index-out-of-bounds" not in ids(text)


# ---- no label files found ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "AssertionError: No labels found in /content/data/train. Can not train without labels.",
    "Training stops with 'No labels found' after 'Caching labels'.",
    "AssertionError: train: No labels in /data/coco/labels/train2017.cache. Can not train without labels.",
    "train: WARNING ⚠️ No labels found in /datasets/parts/labels/train.cache, training may not work correctly.",
])
def test_no_labels_found_is_the_dataset(text):
    assert "yolo-no-labels-found" in signal_ids(text)
    assert check_categories(text)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    # other "no labels" wordings
    "the plot has no labels on the axes",
    "Scanning labels... 120 found, 0 missing, 0 empty, 0 corrupt",
    "No labels in this pull request",
])
def test_other_label_words_are_not_missing_labels(text):
    assert "yolo-no-labels-found" not in signal_ids(text)


# ---- TensorRT 5-7's engine-size assertion --------------------------------------------------------------------------

def test_engine_size_assertion_is_another_tensorrt():
    text = ("trtserver: engine.cpp:1104: bool nvinfer1::rt::Engine::deserialize(const void*, std::size_t, "
            "nvinfer1::IGpuAllocator&, nvinfer1::IPluginFactory*): Assertion `size >= bsize && \"Mismatch between "
            "allocated memory size and expected size of serialized engine.\"' failed.")
    assert "tensorrt-engine-version" in signal_ids(text)
    assert check_categories(text)[:1] == ["tensorrt_problem"]


@pytest.mark.parametrize("text", [
    "Mismatch between allocated memory size and requested size",
    "the serialized engine was written to model.engine (12.3 MB)",
])
def test_other_size_words_are_not_an_engine_version(text):
    assert "tensorrt-engine-version" not in signal_ids(text)


# ---- the dev reports -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("13500-ultralytics-8636-single-class-id-1-index-bounds.txt", "other"),
    ("13517-ultralytics-8105-two-class-index-2-bounds.txt", "other"),
    ("13513-yolov3-1024-no-labels-found-after-caching.txt", "other"),
    ("13507-triton-server-1020-engine-deserialize-bsize.txt", "tensorrt_problem"),
])
def test_dev_reports(name, category):
    assert report_categories(name)[:1] == [category]
