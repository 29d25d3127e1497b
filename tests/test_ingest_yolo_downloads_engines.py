"""YOLO release lookups, engines that are not TensorRT plans, TensorRT on Jetson and downloads said in other ways.

Ninth round, reports 4500-4599. Each family is one failure worded several ways: YOLOv7's auto-download finding no
release assets; TensorRT's plan header check in the wordings of TensorRT 6 to 10 (most often an engine Ultralytics
exported, whose metadata comes first); pip refusing TensorRT on Tegra, directly or through Ultralytics'
AutoUpdate; a download that fails right after torch.hub or YOLO prints where it downloads to; the newer YOLO
blocks whose attributes differ between Ultralytics and a model's fork; pickled module names retyped without the
"<" that GitHub drops; and the download or NumPy 2 failure said in words. Small pastes written here, look-alikes
that must not fire, and the dev reports of each family through the same pipeline as `check --from`.
"""

import pytest

from pasted import check_categories as checked, report_categories, signal_ids


# ---- YOLOv7's auto-download: no release assets ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "  File \"/app/yolov7/utils/google_utils.py\", line 26, in attempt_download\n"
    "    assets = [x['name'] for x in response['assets']]  # release assets\nKeyError: 'assets'",
    # the list comprehension on its own, as an issue title gives it
    "assets = [x['name'] for x in response['assets']] # release assets KeyError: 'assets'",
    # the traceback cut before the comprehension line: the downloader's frame, then the KeyError
    "  File \"C:\\yolov7\\utils\\google_utils.py\", line 27, in attempt_download\nKeyError: 'assets'",
])
def test_release_assets_lookup_is_a_download_failure(text):
    assert "yolo-release-assets-lookup-failed" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    # a KeyError of the same name from somebody else's dictionary
    "  File \"build.py\", line 3, in build\n    files = manifest['assets']\nKeyError: 'assets'",
    "KeyError: 'assets'",
    # the downloader working
    "Downloading https://github.com/WongKinYiu/yolov7/releases/download/v0.1/yolov7.pt to yolov7.pt...\n100%|██| 72.1M/72.1M",
])
def test_release_assets_signature_does_not_fire_on_look_alikes(text):
    assert "yolo-release-assets-lookup-failed" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "4500-yolov7-487-keyerror-assets-detect-webcam.txt",
    "4501-yolov7-108-keyerror-assets-train-cn.txt",
    "4502-yolov7-1205-keyerror-assets-export-git-tag.txt",
    "4503-yolov7-886-keyerror-assets-detect-cpu.txt",
])
def test_release_assets_reports_name_the_download(name):
    assert report_categories(name)[:1] == ["network_download"]


# ---- a file that is not a TensorRT plan ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # TensorRT 8.6
    "[runtime.cpp::parsePlan::314] Error Code 1: Serialization (Serialization assertion "
    "plan->header.magicTag == rt::kPLAN_MAGIC_TAG failed.)",
    # TensorRT 8.0-8.5
    "[E] [TRT] 1: [stdArchiveReader.cpp::StdArchiveReader::30] Error Code 1: Serialization "
    "(Serialization assertion magicTagRead == kMAGIC_TAG failed.Magic tag does not match)",
    "Serialization assertion magicTagRead == magicTag failed.Magic tag does not match",
    # TensorRT 10: Ultralytics' JSON length read as the tag
    "IRuntime::deserializeCudaEngine: Error Code 1: Serialization (Serialization assertion header.magicTag == "
    "kEXPECTED_MAGIC_TAG failed.Trying to load an engine created with incompatible serialization version "
    "(1795 != 1953657958).",
])
def test_plan_header_check_is_named_in_every_wording(text):
    ids = signal_ids(text)
    assert "tensorrt-file-not-a-plan" in ids
    assert "tensorrt-engine-version" not in ids  # refined on the same line
    assert checked(text)[:1] == ["tensorrt_problem"]


@pytest.mark.parametrize("text", [
    # the version check, which is another TensorRT release, not another kind of file
    "Error Code 1: Serialization (Serialization assertion stdVersionRead == kSERIALIZATION_VERSION failed."
    "Version tag does not match. Note: Current Version: 239, Serialized Engine Version: 237)",
    "TensorRT: export success ✅ 120.3s, saved as 'yolov8n.engine' (13.6 MB)",
])
def test_plan_header_signature_does_not_fire_on_the_version_check(text):
    assert "tensorrt-file-not-a-plan" not in signal_ids(text)


def test_tensorrt_7_bare_magic_tag_stays_an_engine_of_another_version():
    text = "[TensorRT] ERROR: coreReadArchive.cpp (31) - Serialization Error in verifyHeader: 0 (Magic tag does not match)"
    ids = signal_ids(text)
    assert "tensorrt-file-not-a-plan" not in ids
    assert "tensorrt-engine-version" in ids


@pytest.mark.parametrize("name", [
    "4508-ultralytics-4597-engine-magic-tag-parseplan-trt861.txt",
    "4511-yolov8-tensorrt-109-win10-ultralytics-engine-parseplan.txt",
    "4507-ultralytics-22910-trtexec-ultralytics-engine-magic-tag-cn.txt",
])
def test_plan_header_reports_name_tensorrt(name):
    assert report_categories(name)[:1] == ["tensorrt_problem"]


# ---- pip and TensorRT on a Jetson ---------------------------------------------------------------------------------

AUTOUPDATE = ("requirements: Ultralytics requirement ['tensorrt>7.0.0,!=10.1.0'] not found, attempting AutoUpdate...\n"
              "  error: subprocess-exited-with-error\n\n"
              "  × python setup.py egg_info did not run successfully.\n")


@pytest.mark.parametrize("text", [
    "      RuntimeError: TensorRT does not currently build wheels for Tegra systems",
    AUTOUPDATE,
])
def test_tensorrt_from_pip_on_jetson_is_named(text):
    assert "tensorrt-pip-on-jetson" in signal_ids(text)
    assert checked(text)[:1] == ["tensorrt_problem"]


@pytest.mark.parametrize("text", [
    # the AutoUpdate that worked
    "requirements: Ultralytics requirement ['tensorrt>7.0.0,!=10.1.0'] not found, attempting AutoUpdate...\n"
    "Collecting tensorrt>7.0.0,!=10.1.0\n  Downloading tensorrt-10.7.0.tar.gz (16 kB)\n"
    "requirements: AutoUpdate success ✅ 24.1s",
    # another package's AutoUpdate failing
    "requirements: Ultralytics requirement ['onnxslim'] not found, attempting AutoUpdate...\n"
    "  error: subprocess-exited-with-error\n",
])
def test_jetson_signature_does_not_fire_on_other_autoupdates(text):
    assert "tensorrt-pip-on-jetson" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "4533-ultralytics-18799-jetpack62-tensorrt-tegra-wheels-cn.txt",
    "4534-ultralytics-18882-orin-nano-export-engine-tensorrt-autoupdate.txt",
])
def test_jetson_reports_name_tensorrt(name):
    assert report_categories(name)[:1] == ["tensorrt_problem"]


# ---- a download that fails as it starts ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # a notebook shows only the exception's class
    "Downloading: \"https://sghub.deci.ai/models/yolo_nas_m_coco.pth\" to /root/.cache/torch/hub/checkpoints/"
    "yolo_nas_m_coco.pth\n---------------------------------------------------------------------------\n"
    "gaierror                                  Traceback (most recent call last)",
    "Downloading: \"https://download.openmmlab.com/mmyolo/v0/yolov8/yolov8_s.pth\" to /root/.cache/torch/hub/"
    "checkpoints/yolov8_s.pth\nTraceback (most recent call last):\n"
    "  File \"/usr/lib/python3.10/urllib/request.py\", line 1348, in do_open",
    # YOLOv5's own wording, with the TLS failure
    "Downloading https://ultralytics.com/assets/Arial.ttf to /root/.config/Ultralytics/Arial.ttf...\n"
    "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed",
])
def test_download_failing_as_it_starts_is_a_download_failure(text):
    assert "download-started-then-network-failed" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    # the download finished; what follows is not the network
    "Downloading: \"https://github.com/ultralytics/yolov5/zipball/master\" to /root/.cache/torch/hub/master.zip\n"
    "YOLOv5 🚀 2023-4-6 Python-3.10.0 torch-1.11.0+cu113 CUDA:0 (NVIDIA GeForce RTX 2060, 6144MiB)\n"
    "RuntimeError: CUDA error: out of memory",
    # pip's download lines carry no destination
    "  Downloading https://files.pythonhosted.org/packages/torch-2.1.0-cp310-cp310-linux_x86_64.whl (2.2 GB)\n"
    "ERROR: Could not install packages due to an OSError\n  File \"x.py\", line 3, in _new_conn",
])
def test_download_start_signature_does_not_fire_without_the_network(text):
    assert "download-started-then-network-failed" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "4515-super-gradients-2068-yolo-nas-sghub-gaierror-colab.txt",
    "4518-mmengine-1661-openmmlab-download-certificate-expired.txt",
])
def test_download_start_reports_name_the_download(name):
    assert report_categories(name)[:1] == ["network_download"]


# ---- blocks of newer YOLO models, and pickled module names retyped ------------------------------------------------

@pytest.mark.parametrize("text", [
    "AttributeError: 'AAttn' object has no attribute 'qkv'. Did you mean: 'qk'?",
    "'AAttn' object has no attribute 'qk'. Did you mean: 'qkv'?",
    "AttributeError: 'C3k2' object has no attribute 'c3k'",
])
def test_block_attributes_of_another_release_are_release_skew(text):
    assert "ultralytics-module-attribute-skew" in signal_ids(text)
    assert checked(text)[:1] == ["ultralytics_outdated"]


def test_a_block_name_of_another_library_is_not_ultralytics():
    assert "ultralytics-module-attribute-skew" not in signal_ids(
        "AttributeError: 'Attention' object has no attribute 'qkv'")


@pytest.mark.parametrize("text", [
    # GitHub's markdown drops "<module ...>": the retyped form
    "AttributeError: Can't get attribute 'YOLOv10DetectionModel' on module 'ultralytics.nn.tasks'",
    "Can't get attribute 'DSC3k2' on module 'ultralytics.nn.modules.block'",
])
def test_pickled_classes_named_without_the_angle_bracket(text):
    assert "ultralytics-unknown-module-class" in signal_ids(text)
    assert checked(text)[:1] == ["ultralytics_outdated"]


def test_a_module_of_another_package_is_not_ultralytics():
    assert "ultralytics-unknown-module-class" not in signal_ids(
        "AttributeError: Can't get attribute 'Net' on module '__main__'")


@pytest.mark.parametrize("name", [
    "4524-ultralytics-20758-yolov12-turbo-aattn-qkv.txt",
    "4525-yolov12-104-aattn-qk-pip-ultralytics-8-3-133-cn.txt",
    "4538-yolov10-59-yolov10detectionmodel-kaggle-pip-ultralytics.txt",
])
def test_fork_and_release_reports_name_ultralytics(name):
    assert report_categories(name)[:1] == ["ultralytics_outdated"]


# ---- the download and NumPy 2 failures said in words -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "It says it can't download the file, because https://sghub.deci.ai/ does not exist anymore.",
    "I can't download the pretrained weights from google drive",
    "Cannot download yolov3 weights. Link might be dead",
    "the dead download link in the README",
    "The GPU server is an offline machine, so yolov8n.pt cannot be fetched",
    "服务器没有外网，权重无法下载",
])
def test_download_failure_in_words_is_named(text):
    assert "download-fails-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "cannot download the CUDA toolkit installer",
    "pip cannot download torch from the index",
    "Downloading yolov8n.pt: 100%|██████████| 6.25M/6.25M",
    # a document's note on a stale reference (numpy/ma/README.rst): a dead link that downloads nothing
    "See http://www.scipy.org/scipy/numpy/wiki/MaskedArray (dead link)\nfor updates of this document.",
])
def test_download_words_do_not_fire_on_other_downloads(text):
    assert "download-fails-in-words" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    # the thing first, the verb passive or after it
    "the yolov8s.pt weights could not be downloaded on the lab server",
    "yolov5x.pt, it cannot be downloaded here",
    "the checkpoint won't download",
    # a download of the weights that keeps failing
    "downloading of the pretrained weights keeps failing",
    "the download keeps timing out",
    # a download link or URL that does not work, with or without the URL between
    "The download URL 'https://example.org/models/' doesn't work",
    "download links are not working",
    "url of downloading font https://example.org/fonts/ does NOT work",
    # and in Chinese
    "模型权重一直下不下来",
    "下载一直失败，换了网络也一样",
])
def test_other_word_orders_of_a_failing_download_are_named(text):
    assert "download-fails-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "the weights can be downloaded from the release page",
    "the link in the docs doesn't work",
    "model loading keeps failing with a shape mismatch",
    "下载完成，模型加载失败",
])
def test_failing_download_word_orders_leave_other_failures_alone(text):
    assert "download-fails-in-words" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "--2024-05-16 17:04:28--  https://example.org/files/yolov3.weights\n"
    "HTTP request sent, awaiting response... \n",
    "HTTP request sent, awaiting response... Read error (Connection reset by peer) in headers.\nRetrying.",
    "正在连接 example.org (example.org)|192.0.2.7|:443... 已连接。\n已发出 HTTP 请求，正在等待回应...\n",
    "HTTP-Anforderung gesendet, auf Antwort wird gewartet... \n",
    "Petición HTTP enviada, esperando respuesta...",
])
def test_a_wget_request_left_without_an_answer_is_a_stalled_download(text):
    assert "download-awaits-no-answer" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "HTTP request sent, awaiting response... 200 OK\nLength: 248007048 (237M) [application/octet-stream]",
    "已发出 HTTP 请求，正在等待回应... 200 OK",
    "HTTP request sent, awaiting response... 302 Found",
])
def test_a_wget_request_answered_with_a_status_is_not_a_stall(text):
    assert "download-awaits-no-answer" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "downloading the yolo.h5 file always fails",
    "the yolov8n.onnx file cannot be downloaded",
])
def test_other_model_file_kinds_count_as_downloads(text):
    assert "download-fails-in-words" in signal_ids(text)


@pytest.mark.parametrize("text", [
    # urllib, requests and curl: the same silent close, each in its own words
    "urllib.error.URLError: <urlopen error Remote end closed connection without response>",
    "Downloading: \"https://github.com/owner/repo/zipball/main\" to /root/.cache/torch/hub/main.zip\n"
    "http.client.RemoteDisconnected: Remote end closed connection without response",
    "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection "
    "without response')) thrown while requesting HEAD https://huggingface.co/org/model/resolve/main/config.json",
    "curl: (52) Empty reply from server",
])
def test_a_host_that_closes_without_answering_is_a_download_failure(text):
    assert "download-host-closed-without-answer" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


def test_a_local_server_that_closes_is_not_a_download():
    text = ("requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed "
            "connection without response')) while posting to http://127.0.0.1:11434/api/generate")
    assert "download-host-closed-without-answer" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "ERROR: Could not install packages due to an OSError: Missing dependencies for SOCKS support.",
    "requests.exceptions.InvalidSchema: Missing dependencies for SOCKS support.",
    "ImportError: Using SOCKS proxy, but the 'socksio' package is not installed. "
    "Make sure to install httpx using `pip install httpx[socks]`.",
    "ValueError: Unknown scheme for proxy URL URL('socks://127.0.0.1:7890/')",
    "ValueError: Unable to determine SOCKS version from socks://127.0.0.1:1080",
    "2024/03/01 10:00:00 unknown SOCKS version 67 in client request",
])
def test_a_socks_proxy_the_client_cannot_speak_is_named(text):
    assert "socks-proxy-unsupported" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


@pytest.mark.parametrize("text", [
    "export ALL_PROXY=socks5://127.0.0.1:1080",
    "Successfully installed PySocks-1.7.1 requests-2.31.0",
])
def test_a_socks_proxy_merely_set_is_not_a_failure(text):
    assert "socks-proxy-unsupported" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "NotImplementedError: '.engine' model loading not implemented",
    "NotImplementedError: '.tflite' model loading not implemented",
    "TypeError: model='best.rknn' is not a supported model format. Ultralytics supports: ('PyTorch', 'TorchScript')",
    "TypeError: model='runs/detect/train/weights/best_imx_model/' is not a supported model format.",
])
def test_an_export_format_the_release_cannot_load_is_an_old_ultralytics(text):
    assert "ultralytics-model-format-unsupported" in signal_ids(text)
    assert checked(text)[:1] == ["ultralytics_outdated"]


@pytest.mark.parametrize("text", [
    # a foreign file type or a typo is not a release problem
    "TypeError: model='weights/model.h5' is not a supported model format.",
    "NotImplementedError: '.zip' model loading not implemented",
])
def test_a_file_type_no_release_loads_is_not_an_old_ultralytics(text):
    assert "ultralytics-model-format-unsupported" not in signal_ids(text)


@pytest.mark.parametrize("text", [
    "ImportError: cannot import name 'yaml_load' from 'ultralytics.utils' (/env/site-packages/ultralytics/utils/__init__.py)",
    "ImportError: cannot import name 'yaml_save' from 'ultralytics.utils'",
    "from ultralytics.utils.ops import scale_image\nImportError: cannot import name 'scale_image' from 'ultralytics.utils.ops'",
])
def test_a_helper_the_installed_ultralytics_lacks_is_a_release_skew(text):
    assert "ultralytics-helper-import-skew" in signal_ids(text)
    assert checked(text)[:2] == ["other", "ultralytics_outdated"]


@pytest.mark.parametrize("text", [
    # shadowing by a local folder or file, a typo of the class, a circular import: not a release skew
    "ImportError: cannot import name 'check_x' from 'ultralytics.utils' (unknown location)",
    "ImportError: cannot import name 'yolo' from 'ultralytics' (C:/proj/ultralytics/__init__.py)",
    "ImportError: cannot import name 'yaml_load' from partially initialized module 'ultralytics.utils' "
    "(most likely due to a circular import)",
])
def test_a_helper_import_that_is_shadowing_or_typing_is_not_a_skew(text):
    assert "ultralytics-helper-import-skew" not in signal_ids(text)


@pytest.mark.parametrize("plugin_line", [
    'qt.qpa.plugin: Could not load the Qt platform plugin "xcb" in '
    '"/home/u/.local/lib/python3.8/site-packages/cv2/qt/plugins" even though it was found.',
    'QFactoryLoader::QFactoryLoader() checking directory path "/home/u/.local/lib/python3.8/site-packages/cv2/qt/plugins" ...',
])
def test_a_qt_plugin_folder_in_the_user_site_is_not_an_import_from_it(plugin_line):
    # the plugin folder is data Qt reads; a conda environment named beside it does not make it another interpreter's
    text = ("qt.qpa.xcb: could not connect to display\n" + plugin_line + "\n"
            "(tried conda remove qt and conda install pyqt)")
    categories = checked(text)
    assert categories[:1] == ["opencv_libgl"]
    assert "wrong_interpreter" not in categories


def test_a_traceback_frame_in_the_user_site_still_counts_beside_a_qt_message():
    text = ("conda activate yolo\n"
            'File "/home/u/.local/lib/python3.8/site-packages/cv2/__init__.py", line 181, in <module>\n'
            'qt.qpa.plugin: Could not load the Qt platform plugin "xcb" in '
            '"/home/u/.local/lib/python3.8/site-packages/cv2/qt/plugins" even though it was found.')
    assert "wrong_interpreter" in checked(text)


def test_a_download_said_in_words_ranks_after_the_error_pasted():
    text = ("the server has no internet access\n"
            "ImportError: libGL.so.1: cannot open shared object file: No such file or directory")
    assert checked(text)[:1] == ["opencv_libgl"]


@pytest.mark.parametrize("text", [
    "any version of numpy with major 2 will cause it to not start and complain about the version mismatch",
    "numpy 2.0.1 crashes on import of cv2",
    "this package is incompatible with numpy 2",
    "I downgraded numpy to 1.26.4 and it works",
])
def test_numpy_2_in_words_is_named(text):
    assert "numpy2-breaks-in-words" in signal_ids(text)
    assert checked(text)[:1] == ["numpy_abi"]


@pytest.mark.parametrize("text", [
    # Ultralytics' checks list a range, not a statement
    "numpy               ✅ 1.24.4<2.0.0,>=1.23.5",
    # a 2 that belongs to torch
    "pip install numpy==1.26.4 torch==2.1.0 fails",
    "numpy 1.26.4, torch 2.2.0: training fails with CUDA out of memory",
])
def test_numpy_words_do_not_take_another_packages_version(text):
    assert "numpy2-breaks-in-words" not in signal_ids(text)


def test_numpy_report_in_words_names_numpy():
    assert report_categories("4542-yolov5-ros-20-numpy2-version-mismatch-pins.txt")[:1] == ["numpy_abi"]


# ---- torchvision's own warning does not name an environment ------------------------------------------------------

TORCHVISION_WARNING = (
    "/home/u/.local/lib/python3.8/site-packages/torchvision/io/image.py:13: UserWarning: Failed to load image Python "
    "extension: '/home/u/.local/lib/python3.8/site-packages/torchvision/image.so: undefined symbol: "
    "_ZN5torch3jit17parseSchemaOrNameERKSsb'If you don't plan on using image functionality from `torchvision.io`, "
    "you can ignore this warning. Otherwise, there might be something wrong with your environment. Did you have "
    "`libjpeg` or `libpng` installed before building `torchvision` from source?\n"
    "RuntimeError: Couldn't load custom C++ ops. This can happen if your PyTorch and torchvision versions are "
    "incompatible, or if you had errors while compiling torchvision from source.\n")


def _finding_ids(text):
    from pasted import check_findings
    return [f["id"] for f in check_findings(text)]


def test_torchvisions_warning_is_not_an_environment_the_user_set_up():
    # the user site of the Python that runs: torchvision's wording alone names no other environment
    assert "user-site-shadowing" not in _finding_ids(TORCHVISION_WARNING)
    assert checked(TORCHVISION_WARNING)[:1] == ["torchvision_mismatch"]


def test_a_named_environment_beside_the_user_site_is_still_read():
    text = "(yolo) $ conda activate yolo\n" + TORCHVISION_WARNING
    assert "user-site-shadowing" in _finding_ids(text)


def test_jetson_torchvision_report_names_torchvision():
    assert report_categories("4547-yolov5-13392-jetson-orin-nano-torchvision-pypi-nv-torch.txt")[:1] == \
        ["torchvision_mismatch"]


# ---- weights of a newer Ultralytics layout, said by Ultralytics 8.0 --------------------------------------------------

@pytest.mark.parametrize("text", [
    "WARNING ⚠️ /Users/x/Downloads/best.pt appears to require 'ultralytics.nn.modules.conv', which is not in "
    "ultralytics requirements.\nAutoInstall will run now for 'ultralytics.nn.modules.conv' but this feature will be "
    "removed in the future",
    "runs/best.pt appears to require 'ultralytics.nn.modules.block', which is not in ultralytics requirements.",
])
def test_ultralytics_own_warning_of_a_newer_layout_is_release_skew(text):
    assert "ultralytics-old-module-layout" in signal_ids(text)
    assert checked(text)[:1] == ["ultralytics_outdated"]


def test_another_packages_requirement_is_not_the_layout():
    text = ("WARNING ⚠️ best.pt appears to require 'dill', which is not in ultralytics requirements.\n"
            "AutoInstall will run now for 'dill' but this feature will be removed in the future.")
    assert "ultralytics-old-module-layout" not in signal_ids(text)


# ---- OpenCV windows without a display, in the shorter and the GTK wordings ------------------------------------------

@pytest.mark.parametrize("text", [
    'qt.qpa.plugin: Could not load the Qt platform plugin "xcb"',
    "YOLOv8n summary (fused): 168 layers, 3151904 parameters, 0 gradients, 8.7 GFLOPs\n: cannot connect to X server",
    "(image:2431): Gtk-WARNING **: 10:11:12.345: cannot open display: ",
])
def test_opencv_window_without_a_display_in_other_wordings(text):
    assert "opencv-qt-no-display" in signal_ids(text)
    assert checked(text)[:1] == ["opencv_libgl"]


@pytest.mark.parametrize("text", [
    # Qt's xcb plugin named in a sentence that goes on: not the loader's message
    'Could not load the Qt platform plugin "xcb" is what the docs warn about for PySide apps, but mine runs fine',
    # the X server named in prose
    "I cannot connect to X server settings from the GUI tool, but training runs",
])
def test_display_signature_does_not_fire_on_prose(text):
    assert "opencv-qt-no-display" not in signal_ids(text)


@pytest.mark.parametrize("name", [
    "4550-ultralytics-2587-model-8099-on-8053-modules-conv-autoinstall.txt",
    "4553-ultralytics-14676-v10detectloss-on-module-without-bracket.txt",
])
def test_newer_layout_reports_name_ultralytics(name):
    assert report_categories(name)[:1] == ["ultralytics_outdated"]


@pytest.mark.parametrize("name", [
    "4554-boxmot-766-cannot-connect-to-x-server-linux-server.txt",
    "4555-ultralytics-916-qt-xcb-plugin-after-training.txt",
])
def test_display_reports_name_opencv(name):
    assert report_categories(name)[:1] == ["opencv_libgl"]


# ---- the connect that failed, and a warning that did not stop the run ---------------------------------------------

@pytest.mark.parametrize("text", [
    "  File \"/env/lib/python3.9/site-packages/urllib3/util/connection.py\", line 85, in create_connection\n"
    "    sock.connect(sa)\nsocket.timeout: timed out",
    "    sock.connect(sa)\nTimeoutError: [Errno 110] Connection timed out",
    "    sock.connect(sa)\nConnectionRefusedError: [Errno 111] Connection refused",
])
def test_a_failed_connect_in_the_traceback_is_a_network_failure(text):
    assert "socket-connect-failed" in signal_ids(text)
    assert checked(text)[:1] == ["network_download"]


def test_the_connect_frame_with_another_exception_is_not_the_network():
    assert "socket-connect-failed" not in signal_ids("    sock.connect(sa)\nKeyboardInterrupt")


DRIVER_WARNING = (
    "/env/lib/python3.9/site-packages/torch/cuda/__init__.py:138: UserWarning: CUDA initialization: The NVIDIA "
    "driver on your system is too old (found version 10020). Please update your GPU driver by downloading and "
    "installing a new version from the URL: http://www.nvidia.com/Download/index.aspx Alternatively, go to: "
    "https://pytorch.org to install a PyTorch version that has been compiled with your version of the CUDA "
    "driver. (Triggered internally at ../c10/cuda/CUDAFunctions.cpp:108.)\n"
    "  return torch._C._cuda_getDeviceCount() > 0\n")


def test_the_error_that_stopped_the_run_ranks_before_a_warning():
    text = DRIVER_WARNING + ("Traceback (most recent call last):\n"
                             "  File \"/env/lib/python3.9/site-packages/urllib3/util/connection.py\", line 73, "
                             "in create_connection\n    sock.connect(sa)\nsocket.timeout: timed out\n")
    assert checked(text)[:2] == ["network_download", "driver_too_old"]


def test_a_warning_alone_still_ranks_first():
    # nothing else raised: the warned-about driver is the finding
    assert checked(DRIVER_WARNING + "torch.cuda.is_available() returned False\n")[:1] == ["driver_too_old"]


def test_a_warning_printed_as_plain_text_is_not_demoted():
    # the driver message raised (not warned) beside the timeout: both errors, the certain one first
    text = ("RuntimeError: The NVIDIA driver on your system is too old (found version 10020).\n"
            "    sock.connect(sa)\nsocket.timeout: timed out\n")
    assert checked(text)[:1] == ["driver_too_old"]


def test_timeout_report_behind_a_driver_warning_names_the_download():
    assert report_categories("4559-sfmnext-24-hf-hub-timeout-driver-warning-cn.txt")[:1] == ["network_download"]
