"""Datasets whose labels or paths are wrong, scripts written for an early Ultralytics 8.0, YOLO checkpoints refused by
torch 2.6's weights_only default, weights behind an exhausted Git LFS quota, rate limits said in words, and engines
built outside Ultralytics.

Twelfth round, reports 7500-7599. Each mechanism reads one family of messages in the wordings the YOLO code bases
give it (YOLOv3/v5/v7 asserts, Ultralytics' warnings, hydra's, torch's), and each has look-alikes that must stay
unread: a class id inside the range, a tracker setting missing from default.yaml, a transformers checkpoint, a
UnicodeDecodeError of a yaml file. Small pastes written here, and the dev reports through the same pipeline as
`check --from`.
"""

import pytest

from pasted import check_categories as checked, report_categories, signal_ids


# ---- a label class id beyond the yaml's nc ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "AssertionError: Label class 2 exceeds nc=2 in data/custom.yaml. Possible class labels are 0-1",
    "AssertionError: Label class 2.0 exceeds nc=2 in ./data/custom_data.yaml. Possible class labels are 0-1",
    "AssertionError: Label class 33 exceeds nc=3 in ././models/yolov5s.yaml. Correct your labels or your model.",
    "train: WARNING ⚠️ /content/plates/train/images/9.jpg: ignoring corrupt image/label: Label class 15 exceeds "
    "dataset class count 1. Possible class labels are 0-0",
    "    assert c.max() <= model.nc, 'Target classes exceed model classes'\n"
    "AssertionError: Target classes exceed model classes",
])
def test_a_label_class_beyond_nc_is_a_data_error(text):
    assert "yolo-label-class-exceeds-nc" in signal_ids(text)
    assert checked(text)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    "Label class 1 of 2 is fine, nc=2 in data.yaml",
    "The number of classes exceeds the limit of the free plan",
])
def test_class_counts_in_other_words_are_not_a_label_error(text):
    assert "yolo-label-class-exceeds-nc" not in signal_ids(text)


# ---- dataset folders that are not where the yaml says -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: Dataset 'custom_data.yaml' error ❌ \n"
    "Dataset 'custom_data.yaml' images not found ⚠️, missing path '/content/datasets/valid/images'",
    "Dataset 'dataset.yaml' images not found ⚠️, missing path 'C:\\Users\\me\\datasets\\helmet\\valid\\images'",
    "WARNING ⚠️ Dataset not found, missing paths ['/home/me/data/images/val']",
])
def test_a_dataset_path_missing_is_the_yaml_not_the_environment(text):
    assert "yolo-dataset-path-not-found" in signal_ids(text)
    assert checked(text)[:1] == ["other"]


def test_a_missing_image_file_is_not_a_dataset_path():
    text = "FileNotFoundError: Image Not Found /data/images/train/0001.jpg"
    assert "yolo-dataset-path-not-found" not in signal_ids(text)


# ---- a script for Ultralytics 8.0 run on a later release ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "    @hydra.main(version_base=None, config_path=str(DEFAULT_CFG.parent), config_name=DEFAULT_CFG.name)\n"
    "AttributeError:\n            'IterableSimpleNamespace' object has no attribute 'parent'. This may be caused by a "
    "modified or out of date ultralytics\n            'default.yaml' file.\n"
    "Please update your code with 'pip install -U ultralytics' and if necessary replace",
    "ImportError: cannot import name 'DEFAULT_CONFIG' from 'ultralytics.yolo.utils' "
    "(/env/lib/python3.10/site-packages/ultralytics/yolo/utils/__init__.py)",
    "Primary config directory not found.\n"
    "Check that the config directory '/env/lib/python3.11/site-packages/ultralytics/yolo/configs' exists and readable",
])
def test_a_script_for_early_ultralytics_is_the_code_not_an_old_install(text):
    assert "ultralytics-8-0-script-on-newer-release" in signal_ids(text)
    assert checked(text)[:1] == ["other"]


@pytest.mark.parametrize("text", [
    # a default.yaml that lacks a newer setting: the installed file, not the script
    "AttributeError: 'IterableSimpleNamespace' object has no attribute 'tracker_type'. This may be caused by a "
    "modified or out of date ultralytics 'default.yaml' file.",
    "Primary config directory not found.\nCheck that the config directory '/app/conf' exists and readable",
])
def test_other_namespace_and_hydra_messages_are_not_the_early_ultralytics_script(text):
    assert "ultralytics-8-0-script-on-newer-release" not in signal_ids(text)


def test_a_class_missing_from_ultralytics_stays_an_outdated_install():
    text = "ImportError: cannot import name 'YOLOWorld' from 'ultralytics' (/env/site-packages/ultralytics/__init__.py)"
    assert "ultralytics-8-0-script-on-newer-release" not in signal_ids(text)
    assert checked(text)[:1] == ["ultralytics_outdated"]


# ---- torch 2.6's weights_only refusing a YOLO checkpoint ----------------------------------------------------------

WEIGHTS_ONLY = ("_pickle.UnpicklingError: Weights only load failed. This file can still be loaded, to do so you have "
                "two options, do those steps only if you trust the source of the checkpoint.")


@pytest.mark.parametrize("text", [
    "  File \"/env/lib/python3.10/site-packages/ultralytics/nn/tasks.py\", line 708, in torch_safe_load\n"
    "    ckpt = torch.load(file, map_location=\"cpu\")\n"
    "  File \"/env/lib/python3.10/site-packages/torch/serialization.py\", line 1529, in load\n"
    "    raise pickle.UnpicklingError(_get_wo_message(str(e))) from None\n" + WEIGHTS_ONLY,
    "  File \"/home/.cache/torch/hub/ultralytics_yolov5_v7.0/models/experimental.py\", line 79, in attempt_load\n"
    "    ckpt = torch.load(attempt_download(w), map_location='cpu')  # load\n" + WEIGHTS_ONLY,
    WEIGHTS_ONLY + "\n\t(1) In PyTorch 2.6, we changed the default value of the `weights_only` argument.\n"
    "\tWeightsUnpickler error: Unsupported global: GLOBAL ultralytics.nn.tasks.DetectionModel was not an allowed "
    "global by default.",
])
def test_a_yolo_checkpoint_refused_by_weights_only_is_a_loader_older_than_torch(text):
    assert "yolo-loader-predates-torch-weights-only" in signal_ids(text)
    assert checked(text)[:1] == ["ultralytics_outdated"]


@pytest.mark.parametrize("text", [
    WEIGHTS_ONLY + "\n\tWeightsUnpickler error: Unsupported global: GLOBAL transformers.models.bert.BertConfig was "
    "not an allowed global by default.",
    "  File \"/app/train.py\", line 12, in main\n    state = torch.load(path)\n" + WEIGHTS_ONLY,
])
def test_weights_only_on_other_checkpoints_is_not_read_as_yolo(text):
    assert "yolo-loader-predates-torch-weights-only" not in signal_ids(text)


# ---- weights behind a Git LFS quota, and rate limits in words ------------------------------------------------------

def test_an_lfs_repository_over_quota_is_a_download_failure():
    text = ("batch response: This repository is over its data quota. Account responsible for LFS bandwidth should "
            "purchase more data packs to restore access.\nFailed to fetch some objects from "
            "'https://github.com/o/r.git/info/lfs'")
    assert "git-lfs-over-quota" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "Issue with github api rate limiting",
    "every job on the cluster calls the GitHub API at start and we get rate limited by GitHub",
    "downloads from Hugging Face fail after a few files, I think we are hitting the hub rate limit",
])
def test_a_rate_limit_in_words_is_a_download_failure(text):
    assert "rate-limited-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "I added a rate limiter to my Flask endpoint that serves predictions",
    "the learning rate limits how fast the loss goes down",
    "lr0=0.01 rate limit none",
])
def test_rate_limits_of_other_things_are_not_a_download_failure(text):
    assert "rate-limited-in-words" not in signal_ids(text)


# ---- an engine without Ultralytics' metadata ----------------------------------------------------------------------

def test_a_tensorrt_engine_that_ultralytics_cannot_decode_lacks_its_metadata():
    text = ("UnicodeDecodeError: 'utf-8' codec can't decode byte 0xd5 in position 4: invalid continuation byte\n\n"
            "The TensorRT engine was built with trtexec and loaded with YOLO('model.engine').")
    assert "ultralytics-engine-without-metadata" in signal_ids(text)
    assert checked(text)[:1] == ["tensorrt_problem"]


def test_a_yaml_that_is_not_utf8_is_not_an_engine():
    text = ("  File \"/env/lib/python3.10/site-packages/ultralytics/utils/__init__.py\", line 310, in yaml_load\n"
            "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xb6 in position 12: invalid start byte")
    assert "ultralytics-engine-without-metadata" not in signal_ids(text)


# ---- the dev reports of the round -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, category", [
    ("7507-yolov3-1762-label-class-24-exceeds-nc-24.txt", "other"),
    ("7508-yolov5-obb-398-label-class-15-exceeds-nc-2-cn.txt", "other"),
    ("7511-ultralytics-18323-missing-path-valid-images-colab.txt", "other"),
    ("7513-yolov8-deepsort-7-iterablesimplenamespace-parent-hydra.txt", "other"),
    ("7515-yolov8-seg-deepsort-14-cannot-import-default-config.txt", "other"),
    ("7516-anpr-yolov8-6-hydra-primary-config-directory-not-found.txt", "other"),
    ("7517-yolov5-1890-github-api-rate-limit-cluster.txt", "network_download"),
    ("7518-yplate-3-weights-lfs-over-data-quota.txt", "network_download"),
    ("7521-yolov8-tensorrt-202-engine-without-metadata-unicode-decode.txt", "tensorrt_problem"),
    ("7527-ultralytics-23336-torch-safe-load-weights-only.txt", "ultralytics_outdated"),
])
def test_round_12_reports_name_their_cause(name, category):
    assert report_categories(name)[:1] == [category]
