"""Ultralytics and YOLOv5 code of one release running against another: arguments a later release introduced,
API keywords, tasks a fork adds, blocks pickled by a later YOLOv5 or built by parse_model. Checked on small
pastes written here (matching and not matching) and on reports of the dev split, through the same pipeline as
`check --from`; the argument list of the signature is checked against compat/ultralytics.toml.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.version import Version

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.ingest.errors import load_signatures
from yolodoctor.ingest.triage import triage
from yolodoctor.report.check_report import CheckOptions
from pasted import check_findings as findings_of, proven

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "tests" / "fixtures" / "reports"


def first(text):
    return triage(ingest_text(text + "\n"), [])[0]


def categories(text):
    return [f.category for f in proven(triage(ingest_text(text + "\n"), []))]


def signal_ids(text):
    return [s.id for s in ingest_text(text + "\n").signals]


def first_category(path):
    document = build_pasted_report(ingest_path(str(REPORTS / path)), CheckOptions()).document
    return document["findings"][0]["category"]


def test_the_later_argument_list_is_the_compat_table():
    table = tomllib.loads((ROOT / "compat" / "ultralytics.toml").read_text(encoding="utf-8"))
    names = {row["name"] for row in table["argument"]}
    for row in table["argument"]:
        assert Version(row["last_version_without"]) < Version(row["first_version_with"]), row["name"]
    signature = {s.id: s for s in load_signatures()}["ultralytics-argument-of-later-release"]
    listed = re.search(r"'\(\?:([a-z_|]+)\)'", signature.pattern.pattern).group(1).split("|")
    assert set(listed) == names and len(listed) == len(names)


@pytest.mark.parametrize("text", [
    "'save_period' is not a valid YOLO argument. Similar arguments are ['save_hybrid', 'save_crop', 'save_json'].",
    "SyntaxError: 'copy_paste_mode' is not a valid YOLO argument.",
    "SyntaxError: 'compile' is not a valid YOLO argument. ",
])
def test_an_argument_of_a_later_release_is_an_old_ultralytics(text):
    finding = first(text)
    assert (finding.category, finding.certainty) == ("ultralytics_outdated", "likely")
    assert "ultralytics-argument-unknown" not in signal_ids(text)  # the specific entry replaces the general one


@pytest.mark.parametrize("text", [
    "SyntaxError: 'momentum ' is not a valid YOLO argument. Similar arguments are i.e. ['momentum=0.937', "
    "'warmup_momentum=0.8'].",
    "SyntaxError: 'batch_size' is not a valid YOLO argument. Similar arguments are i.e. ['batch=16'].",
    # a key of a later release with a typo is still no release's argument
    "SyntaxError: 'save_periods' is not a valid YOLO argument.",
])
def test_an_argument_no_release_has_is_the_callers_code(text):
    assert categories(text)[0] == "other"


@pytest.mark.parametrize("text, category", [
    ("Error: load_inference_source() got an unexpected keyword argument 'batch'", "ultralytics_outdated"),
    ("TypeError: build_dataloader() got an unexpected keyword argument 'names'", "ultralytics_outdated"),
    ("WARNING 'YOLO' model does not support '_new' mode for 'multi' task yet.", "ultralytics_outdated"),
    ("NotImplementedError: WARNING ⚠️ 'YOLO' model does not support '_new' mode for 'None' task yet.", "other"),
    ("AttributeError: Can't get attribute 'SPPF' on <module 'models.common' from '/w/yolov5/models/common.py'>",
     "ultralytics_outdated"),
    ("Can't get attribute 'SPPF'", "ultralytics_outdated"),
    ("AttributeError: Can't get attribute 'MP' on <module 'models.common' from '/w/yolov5/models/common.py'>", "other"),
    ("AttributeError: Can't get attribute 'DetectionModel' on <module 'models.yolo' from '/w/gui/models/yolo.py'>",
     "ultralytics_outdated"),
    ("  File \"/p/core/utils/ultralytics/ultralytics/nn/tasks.py\", line 315, in __init__\n"
     "    self.model, self.save = parse_model(deepcopy(self.yaml), ch=ch, verbose=verbose)\n"
     "NameError: name 'C3k2' is not defined", "ultralytics_outdated"),
])
def test_release_skew_families(text, category):
    assert first(text).category == category


@pytest.mark.parametrize("text", [
    "TypeError: forward() got an unexpected keyword argument 'batch'",            # the user's own module
    "AttributeError: Can't get attribute 'MyNet' on <module '__main__' from 'train.py'>",  # a script's class
    "'yolo' is not a valid mode",                                                   # not an argument message
])
def test_lookalikes_are_not_a_release_skew(text):
    assert "ultralytics_outdated" not in categories(text)[:1]


def test_an_unknown_custom_module_in_parse_model_stays_a_fork_module():
    text = ("ultralytics/nn/tasks.py in parse_model(d, ch, verbose)\n"
            "--> 855         m = getattr(torch.nn, m[3:]) if \"nn.\" in m else globals()[m]  # get module\n\n"
            "KeyError: 'C3STR'")
    assert first(text).category == "other"


@pytest.mark.parametrize("path", [
    "553-ultralytics-18053-vendored-copy-yolo11-yaml.txt",
    "554-pyside6-gui-3-load-inference-source-batch-cn.txt",
    "1307-yolov5-pyqt5-5-sppf-v6-weights-v5-code.txt",
    "1310-yolov5-annotations-3-sppf-old-annotated-code-cn.txt",
    "1313-yolov8-multi-task-3-new-mode-multi-task-cn.txt",
])
def test_dev_reports(path):
    assert first_category(path) == "ultralytics_outdated"


# ---- the rejected argument judged against the Ultralytics version the paste shows ----------------------

LATER = "ultralytics-argument-of-later-release"
BANNER = "Ultralytics YOLOv8.{minor} 🚀 Python-3.10.12 torch-2.1.0+cu121 CUDA:0 (Tesla T4, 15102MiB)\n"


def test_an_ultralytics_older_than_the_argument_is_named_with_both_releases():
    text = BANNER.format(minor="0.20") + ("SyntaxError: 'save_period' is not a valid YOLO argument. Similar arguments "
                                          "are ['save_hybrid', 'save_crop', 'save_json'].\n")
    top = findings_of(text)[0]
    assert (top["id"], top["category"], top["certainty"]) == (LATER, "ultralytics_outdated", "certain")
    assert "8.0.20" in top["title"] and "8.0.50" in top["title"] and "predates" in top["title"]
    assert '"ultralytics>=8.0.50"' in top["fix"]


def test_a_version_that_has_the_argument_means_another_copy_runs():
    text = BANNER.format(minor="3.40") + "SyntaxError: 'copy_paste_mode' is not a valid YOLO argument.\n"
    top = findings_of(text)[0]
    assert top["id"] == LATER and "another, older ultralytics" in top["title"] and top["certainty"] == "likely"
    assert "ultralytics.__file__" in top["fix"]


def test_without_a_version_the_argument_alone_names_the_release():
    top = findings_of("SyntaxError: 'time' is not a valid YOLO argument.\n")[0]
    assert top["id"] == LATER and "8.1.0" in top["title"] and top["certainty"] == "likely"


def test_a_name_no_release_has_is_not_judged_by_version():
    text = BANNER.format(minor="0.20") + "SyntaxError: 'batch_size' is not a valid YOLO argument.\n"
    found = findings_of(text)
    assert LATER not in [f["id"] for f in found]
    assert found[0]["category"] == "other"  # the old release (YD602) does not take the message over


# ---- downloads that fail below HTTP --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "urllib3.exceptions.ConnectTimeoutError: (<urllib3.connection.HTTPSConnection object at 0x7f>, "
    "'Connection to huggingface.co timed out. (connect timeout=10)')",
    "urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='cdn-lfs.hf-mirror.com', port=443): Read timed out.",
    "urllib.error.URLError: <urlopen error [WinError 10060] 由于连接方在一段时间后没有正确答复或连接的主机没有反应，连接尝试失败。>",
    "urllib.error.URLError: <urlopen error [Errno -3] Temporary failure in name resolution>",
    "ConnectionRefusedError: [WinError 10061] No connection could be made because the target machine actively refused it",
])
def test_socket_level_download_failures(text):
    assert "socket-connect-failed" in signal_ids(text)
    assert first(text).category == "network_download"


@pytest.mark.parametrize("text", [
    # torch.distributed's rendezvous: a socket error, not a download
    "torch.distributed.DistNetworkError: Connection reset by peer",
    "RuntimeError: connect() timed out. Original timeout was 1800000 ms.",
    "[WinError 10054] An existing connection was forcibly closed by the remote host",
    "ConnectionResetError: [Errno 104] Connection reset by peer",
])
def test_other_socket_messages_are_not_this(text):
    assert "socket-connect-failed" not in signal_ids(text)


def test_dev_report_with_a_connect_timeout():
    assert first_category("1301-pdfmathtranslate-443-hf-endpoint-connect-timeout-cn.txt") == "network_download"


@pytest.mark.parametrize("text", [
    "OSError: Can't load tokenizer for 'roberta-base'.",
    "OSError: Can't load config for 'openai/clip-vit-large-patch14'. If you were trying to load it from "
    "'https://huggingface.co/models', make sure you don't have a local directory with the same name.",
])
def test_transformers_could_not_resolve_files(text):
    found = categories(text)
    assert found[0] == "network_download" and "other" in found[:3]


@pytest.mark.parametrize("text", [
    "Can't load image from path /data/a.jpg",
    "OSError: Can't load plugin: sqldrivers",
])
def test_other_cannot_load_messages_are_not_downloads(text):
    assert "hf-cannot-load-pretrained-files" not in signal_ids(text)


def test_dev_report_cant_load_tokenizer():
    assert first_category("1325-embodiedscan-28-cant-load-tokenizer-roberta.txt") == "network_download"


@pytest.mark.parametrize("text", [
    "AttributeError: 'Upsample' object has no attribute 'recompute_scale_factor'",
    "The error : \"Upsample' object has no attribute 'recompute_scale_factor\"",
])
def test_yolov5_code_older_than_torch_111(text):
    assert first(text).category == "ultralytics_outdated"


def test_another_missing_upsample_attribute_is_not_this():
    assert "yolov5-code-older-than-torch-111" not in signal_ids(
        "AttributeError: 'Upsample' object has no attribute 'align_corners'")


@pytest.mark.parametrize("path", [
    "1331-yolov5-face-144-upsample-torch111.txt",
    "1326-boxmot-478-yolov7-weights-yolov5-tracker.txt",
])
def test_dev_reports_of_yolo_repositories(path):
    expected = "other" if path.startswith("1326") else "ultralytics_outdated"
    assert first_category(path) == expected


def test_torch_hub_without_network_or_cache():
    text = ("It looks like there is no internet connection and the repo could not be found in the cache "
            "(/root/.cache/torch/hub)")
    finding = first(text)
    assert (finding.category, finding.certainty) == ("network_download", "certain")
    assert first_category("1335-autocut-119-torch-hub-no-internet-cn.txt") == "network_download"


def test_a_cached_hub_repository_is_not_a_network_failure():
    assert "torch-hub-offline-no-cache" not in signal_ids(
        "Using cache found in /root/.cache/torch/hub/ultralytics_yolov5_master")


@pytest.mark.parametrize("text", [
    "6: [libLoader.h::DynamicLibrary::50] Error Code 6: Internal Error (Unable to load library: "
    "libnvinfer_builder_resource.so.8.4.2)",
    "TensorRT: export failure ❌ 0.5s: Could not find: nvinfer_10.dll. Is it on your PATH?",
])
def test_tensorrt_cannot_load_its_own_library(text):
    finding = first(text)
    assert (finding.category, finding.certainty) == ("tensorrt_problem", "certain")


def test_another_library_the_loader_cannot_load_is_not_tensorrt():
    assert "tensorrt-loader-cannot-load-own-library" not in signal_ids(
        "OSError: Unable to load library: libcudnn_ops_infer.so.8")
